package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/control"
)

func paymentGroup() group {
	return group{
		name:    "payment",
		summary: "List or export the payments of the node's channels.",
		subs: []subcommand{
			{"list", "list payments, newest first", paymentList},
			{"export", "export payments as CSV, oldest first", paymentExport},
			{"totals", "revenue and spending per service and token", paymentTotals},
		},
	}
}

// payments returns the payments of one channel (arg) or of all, newest
// first, at most limit per channel, and the channels they belong to.
func (c *nodeConn) payments(ctx context.Context, arg string, limit int) ([]control.Payment, map[string]control.Channel, error) {
	var cs []control.Channel
	if arg != "" {
		ch, err := c.resolveChannel(ctx, arg)
		if err != nil {
			return nil, nil, err
		}
		cs = []control.Channel{ch}
	} else {
		var err error
		if cs, err = c.Channels(ctx); err != nil {
			return nil, nil, c.explain(err)
		}
	}
	byID := map[string]control.Channel{}
	var out []control.Payment
	for _, ch := range cs {
		byID[ch.ID] = ch
		ps, err := c.Payments(ctx, ch.ID, limit)
		if err != nil {
			return nil, nil, c.explain(err)
		}
		out = append(out, ps...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.After(out[j].Time)
		}
		if out[i].ChannelID != out[j].ChannelID {
			return out[i].ChannelID < out[j].ChannelID
		}
		return out[i].Nonce > out[j].Nonce
	})
	return out, byID, nil
}

func paymentList(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("payment list", `Usage: meshpay payment list [<channel>] [flags]

Lists the payments of one channel, or of all the node's channels, newest
first. NONCE is the balance proof that carried the payment.

Examples:
  meshpay payment list
  meshpay payment list 0x1a2b3c4d5e --limit 10
  meshpay payment list -o json | jq '.payments[] | select(.direction == "received")'`, stderr)
	o.register(fs, true)
	limit := fs.Int("limit", control.DefaultPaymentsLimit, fmt.Sprintf("at most this many payments (1 to %d)", control.MaxPaymentsLimit))
	pos, err := parseArgs(fs, args, stdout, 0, 1)
	if err != nil {
		return err
	}
	if *limit < 1 || *limit > control.MaxPaymentsLimit {
		return usagef("--limit %d: want 1 to %d", *limit, control.MaxPaymentsLimit)
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	ps, chans, err := c.payments(context.Background(), arg, *limit)
	if err != nil {
		return err
	}
	if len(ps) > *limit {
		ps = ps[:*limit]
	}
	return writeList(&o, stdout, "payments", ps, "no payments", func(tw io.Writer) {
		now := time.Now()
		fmt.Fprintln(tw, "TIME\tCHANNEL\tDIRECTION\tNONCE\tAMOUNT\tREFERENCE")
		for _, p := range ps {
			ch := chans[p.ChannelID]
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", age(p.Time, now), short(p.ChannelID), p.Direction, p.Nonce,
				channelUnit(&ch).format(p.Amount), printable(p.Reference))
		}
	})
}

// csvHeader are the export's columns.
var csvHeader = []string{"time", "channel", "direction", "nonce", "amount", "reference", "service"}

func paymentExport(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("payment export", fmt.Sprintf(`Usage: meshpay payment export [<channel>] [--csv] [--out FILE] [flags]

Exports the payments of one channel, or of all the node's channels, oldest
first, as CSV with a header line and the columns
  time       RFC 3339, UTC, nanoseconds
  channel    the channel ID
  direction  sent or received
  nonce      the balance proof that carried the payment
  amount     in the token's base units (wei for ETH), exact
  reference  the payer's text; one starting with = + - @ gets a leading '
             so that spreadsheets do not run it as a formula
  service    the service the reference names (metered sessions), or empty
The control API returns at most the newest %d payments per channel; the
export says so on stderr when a channel has that many.

Examples:
  meshpay payment export --csv > payments.csv
  meshpay payment export 0x1a2b3c4d5e --csv --out /tmp/channel.csv`, control.MaxPaymentsLimit), stderr)
	o.register(fs, false)
	fs.Bool("csv", true, "CSV output (the only export format, and the default)")
	out := fs.String("out", "", "write to this file (mode 0600) instead of stdout")
	pos, err := parseArgs(fs, args, stdout, 0, 1)
	if err != nil {
		return err
	}
	if f := fs.Lookup("csv"); f.Value.String() != "true" {
		return usagef("--csv=false: CSV is the only export format")
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	ps, _, err := c.payments(context.Background(), arg, control.MaxPaymentsLimit)
	if err != nil {
		return err
	}
	count := map[string]int{}
	for _, p := range ps {
		count[p.ChannelID]++
	}
	for id, n := range count {
		if n >= control.MaxPaymentsLimit {
			fmt.Fprintf(stderr, "meshpay payment export: warning: channel %s has %d payments or more; only the newest %d are exported\n", id, n, control.MaxPaymentsLimit)
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(csvHeader) // into a buffer: the error comes from Flush
	for i := len(ps) - 1; i >= 0; i-- {
		p := ps[i]
		_ = w.Write([]string{p.Time.UTC().Format(time.RFC3339Nano), p.ChannelID, p.Direction,
			strconv.FormatUint(p.Nonce, 10), p.Amount, csvSafe(p.Reference), node.ServiceOfReference(p.Reference)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if *out == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "exported %d payments to %s\n", len(ps), *out)
	return err
}

// csvSafe keeps a spreadsheet from reading a reference as a formula
// (OWASP's CSV injection advice).
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// writeFileAtomic replaces path with data, mode 0600: a reader sees the old
// file or the whole new one.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp) // best effort: err is what matters
		return fmt.Errorf("--out: %w", err)
	}
	return nil
}

func paymentTotals(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("payment totals", `Usage: meshpay payment totals [flags]

Sums the node's whole payment history per direction, token and service:
REVENUE is what the node was paid, SPENDING what it paid. A payment counts
for the service its reference names (metered sessions pay with references
"meter:<service>:..."); other payments are listed under service "-".

Examples:
  meshpay payment totals
  meshpay payment totals -o json | jq '.totals[] | select(.service == "charging")'`, stderr)
	o.register(fs, true)
	if _, err := parseArgs(fs, args, stdout, 0, 0); err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	ts, err := c.Totals(context.Background())
	if err != nil {
		return c.explain(err)
	}
	return writeList(&o, stdout, "totals", ts, "no payments", func(tw io.Writer) {
		fmt.Fprintln(tw, "KIND\tSERVICE\tTOKEN\tPAYMENTS\tAMOUNT")
		for i := range ts {
			t := &ts[i]
			kind := "spending"
			if t.Direction == control.DirectionReceived {
				kind = "revenue"
			}
			u := unitOf(t.Token, t.TokenSymbol, t.TokenDecimals)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", kind, printable(orDash(t.Service)), u.label(), t.Payments, u.format(t.Amount))
		}
	})
}
