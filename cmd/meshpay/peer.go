package main

import (
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/meshpay/meshpay/node/control"
)

func peerGroup() group {
	return group{
		name:    "peer",
		summary: "List the node's libp2p peers or connect to one.",
		subs: []subcommand{
			{"list", "list the known peers", peerList},
			{"connect", "connect to a peer by its multiaddr", peerConnect},
		},
	}
}

func peerList(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("peer list", `Usage: meshpay peer list [flags]

Lists the peers the node knows, connected ones first. ADDRESS is the peer's
on-chain account, proven by its peer ID.

Examples:
  meshpay peer list
  meshpay peer list -o json | jq -r '.peers[] | select(.connected) | .address'`, stderr)
	o.register(fs, true)
	if _, err := parseArgs(fs, args, stdout, 0, 0); err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	ps, err := c.Peers(context.Background())
	if err != nil {
		return c.explain(err)
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Connected != ps[j].Connected {
			return ps[i].Connected
		}
		return ps[i].PeerID < ps[j].PeerID
	})
	if o.json() {
		return writeJSON(stdout, struct {
			Peers []control.Peer `json:"peers"`
		}{ps})
	}
	if len(ps) == 0 {
		_, err := fmt.Fprintln(stdout, "no peers (connect one with 'meshpay peer connect')")
		return err
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, "PEER ID\tADDRESS\tCONNECTED\tADDRS")
	for _, p := range ps {
		addr, addrs, conn := "-", "-", "no"
		if p.Address != "" {
			addr = short(p.Address)
		}
		if len(p.Addrs) > 0 {
			addrs = p.Addrs[0]
			if len(p.Addrs) > 1 {
				addrs += fmt.Sprintf(" (+%d)", len(p.Addrs)-1)
			}
		}
		if p.Connected {
			conn = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.PeerID, addr, conn, addrs)
	}
	return tw.Flush()
}

func peerConnect(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("peer connect", `Usage: meshpay peer connect <multiaddr> [flags]

Connects the node to a peer. The multiaddr must end with /p2p/<peer id>, as
'meshpay node info' prints the node's own.

Examples:
  meshpay peer connect /ip4/192.168.1.20/tcp/4001/p2p/16Uiu2HAm…
  meshpay peer connect /ip4/10.0.0.2/udp/4001/quic-v1/p2p/16Uiu2HAm…`, stderr)
	o.register(fs, true)
	pos, err := parseArgs(fs, args, stdout, 1, 1)
	if err != nil {
		return err
	}
	req := control.ConnectRequest{Addr: pos[0]}
	if err := req.Validate(); err != nil {
		return fmt.Errorf("invalid multiaddr %q: want one ending in /p2p/<peer id>", pos[0])
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	p, err := c.Connect(context.Background(), req.Addr)
	if err != nil {
		return c.explain(err)
	}
	if o.json() {
		return writeJSON(stdout, p)
	}
	_, err = fmt.Fprintf(stdout, "connected to %s (address %s)\n", p.PeerID, p.Address)
	return err
}
