package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/meshpay/meshpay/node/control"
)

func offerGroup() group {
	return group{
		name:    "offer",
		summary: "List the service offers the node has heard, or publish one of its own.",
		footer:  amountHelp,
		subs: []subcommand{
			{"list", "list live offers, cheapest first", offerList},
			{"publish", "sign and publish an offer of this node", offerPublish},
		},
	}
}

func offerList(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("offer list", `Usage: meshpay offer list [flags]

Lists the live offers the node has heard over the network, its own
included, cheapest first.

Examples:
  meshpay offer list
  meshpay offer list --service toll
  meshpay offer list -o json | jq -r '.offers[0].seller'`, stderr)
	o.register(fs, true)
	service := fs.String("service", "", "only offers of this service")
	if _, err := parseArgs(fs, args, stdout, 0, 0); err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	all, err := c.Offers(context.Background())
	if err != nil {
		return c.explain(err)
	}
	offers := make([]control.Offer, 0, len(all))
	for _, of := range all {
		if *service == "" || of.Service == *service {
			offers = append(offers, of)
		}
	}
	return writeList(&o, stdout, "offers", offers, "no offers", func(tw io.Writer) {
		now := time.Now()
		fmt.Fprintln(tw, "SELLER\tSERVICE\tPRICE\tEXPIRES\tDESCRIPTION")
		for i := range offers {
			of := &offers[i]
			fmt.Fprintf(tw, "%s\t%s\t%s / %s\t%s\t%s\n", short(of.Seller), printable(of.Service),
				offerUnit(of).format(of.PricePerUnit), printable(of.Unit), age(of.Expiry, now), printable(of.Description))
		}
	})
}

func offerPublish(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("offer publish", `Usage: meshpay offer publish --service S --unit U --price AMOUNT [flags]

Signs an offer of this node and publishes it to the network; the node
republishes it until it expires. A new offer for the same service replaces
the old one. Buyers find the node's address and listen addresses in it.

Examples:
  meshpay offer publish --service toll --unit pass --price 1000000000
  meshpay offer publish --service charging --unit kWh --price 0.0002eth --ttl 6h --description "bay 3, 22 kW"
  meshpay offer publish --service data --unit MB --price 5000 --token 0x5FbDB2315678afecb367f032d93F642f64180aa3

`+amountHelp, stderr)
	o.register(fs, true)
	service := fs.String("service", "", "required: what is sold, 1 to 32 of [a-z0-9-] (toll, charging, data)")
	unit := fs.String("unit", "", "required: what one price buys, 1 to 16 characters without spaces (pass, kWh, MB)")
	price := fs.String("price", "", "required: the price of one unit")
	tokenFlag := fs.String("token", "eth", "eth (native ETH) or the ERC-20 token's address")
	ttl := fs.Duration("ttl", control.DefaultOfferTTL, "how long the offer lives (the node allows at most a day by default)")
	desc := fs.String("description", "", "free text for people, at most 128 bytes")
	if _, err := parseArgs(fs, args, stdout, 0, 0); err != nil {
		return err
	}
	switch {
	case *service == "":
		return usagef("give --service (e.g. toll)")
	case *unit == "":
		return usagef("give --unit (e.g. pass)")
	case *price == "":
		return usagef("give --price (e.g. 1000000000 or 0.001eth)")
	case *ttl < time.Second || *ttl%time.Second != 0:
		return usagef("--ttl %v: want whole seconds, at least 1s", *ttl)
	}
	token, err := parseToken(*tokenFlag)
	if err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	ctx := context.Background()
	u, err := c.unitOfToken(ctx, token)
	if err != nil {
		return err
	}
	amount, err := u.parsePositive(*price)
	if err != nil {
		return err
	}
	of, err := c.PublishOffer(ctx, control.OfferRequest{
		Service: *service, Unit: *unit, PricePerUnit: amount, Token: token,
		TTLSeconds: uint64(*ttl / time.Second), Description: *desc,
	})
	if err != nil {
		return c.explain(err)
	}
	if o.json() {
		return writeJSON(stdout, of)
	}
	tw := newTable(stdout)
	fmt.Fprintf(tw, "published offer\t%s\nprice\t%s / %s\nseller\t%s (peer %s)\nexpires\t%s (%s)\n",
		of.Service, offerUnit(&of).format(of.PricePerUnit), of.Unit, of.Seller, of.PeerID,
		of.Expiry.Local().Format(time.RFC3339), age(of.Expiry, time.Now()))
	if of.Description != "" {
		fmt.Fprintf(tw, "description\t%s\n", printable(of.Description))
	}
	return tw.Flush()
}
