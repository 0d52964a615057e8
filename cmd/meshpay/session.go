package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/meshpay/meshpay/node/control"
)

func sessionGroup() group {
	return group{
		name:    "session",
		summary: "Inspect the node's metered service sessions (as buyer or seller).",
		subs: []subcommand{
			{"list", "list sessions, live ones first", sessionList},
			{"show", "show one session", sessionShow},
		},
	}
}

func sessionList(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("session list", `Usage: meshpay session list [flags]

Lists the metered service sessions of the node's device programs: the live
ones first, then the kept receipts of finished ones, newest first. ROLE is
this node's side; UNITS, DUE and PAID are the running totals (final once
ended).

Examples:
  meshpay session list
  meshpay session list --live
  meshpay session list --service charging -o json | jq '.sessions[].paid'`, stderr)
	o.register(fs, true)
	live := fs.Bool("live", false, "only live sessions")
	service := fs.String("service", "", "only sessions of this service")
	if _, err := parseArgs(fs, args, stdout, 0, 0); err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	all, err := c.Sessions(context.Background())
	if err != nil {
		return c.explain(err)
	}
	ss := make([]control.Session, 0, len(all))
	for _, s := range all {
		if (!*live || s.Live) && (*service == "" || s.Service == *service) {
			ss = append(ss, s)
		}
	}
	return writeList(&o, stdout, "sessions", ss, "no sessions", func(tw io.Writer) {
		now := time.Now()
		fmt.Fprintln(tw, "SESSION\tROLE\tSERVICE\tPEER\tSTARTED\tUNITS\tDUE\tPAID\tSTATE")
		for i := range ss {
			s := &ss[i]
			u := sessionUnit(s)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d %s\t%s\t%s\t%s\n", short(s.ID), s.Role, printable(s.Service), short(s.Peer),
				age(s.Start, now), s.Units, printable(s.Unit), u.format(s.Due), u.format(s.Paid), sessionState(s))
		}
	})
}

func sessionShow(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("session show", `Usage: meshpay session show <session> [flags]

Shows one session: <session> is its ID or a unique prefix of it.

Examples:
  meshpay session show 3f9a
  meshpay session show 3f9a -o json`, stderr)
	o.register(fs, true)
	pos, err := parseArgs(fs, args, stdout, 1, 1)
	if err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	all, err := c.Sessions(context.Background())
	if err != nil {
		return c.explain(err)
	}
	s, err := findSession(all, pos[0])
	if err != nil {
		return err
	}
	if o.json() {
		return writeJSON(stdout, s)
	}
	u := sessionUnit(&s)
	tw := newTable(stdout)
	fmt.Fprintf(tw, "session:\t%s\n", s.ID)
	fmt.Fprintf(tw, "role:\t%s\n", s.Role)
	fmt.Fprintf(tw, "state:\t%s\n", sessionState(&s))
	fmt.Fprintf(tw, "service:\t%s at %s per %s\n", printable(s.Service), u.format(s.PricePerUnit), printable(s.Unit))
	fmt.Fprintf(tw, "peer:\t%s\n", s.Peer)
	fmt.Fprintf(tw, "channel:\t%s\n", s.ChannelID)
	fmt.Fprintf(tw, "units:\t%d\n", s.Units)
	fmt.Fprintf(tw, "due:\t%s\n", u.format(s.Due))
	fmt.Fprintf(tw, "paid:\t%s\n", u.format(s.Paid))
	if s.LastNonce != 0 {
		fmt.Fprintf(tw, "proofs:\tnonces %d to %d\n", s.FirstNonce, s.LastNonce)
	}
	fmt.Fprintf(tw, "started:\t%s\n", s.Start.Local().Format(time.RFC3339))
	if s.End != nil {
		fmt.Fprintf(tw, "ended:\t%s\n", s.End.Local().Format(time.RFC3339))
		if s.Detail != "" {
			fmt.Fprintf(tw, "detail:\t%s\n", printable(s.Detail))
		}
	}
	return tw.Flush()
}

// findSession returns the session whose ID is id or starts with it.
func findSession(all []control.Session, id string) (control.Session, error) {
	id = strings.ToLower(strings.TrimPrefix(id, "0x"))
	if id == "" {
		return control.Session{}, usagef("empty session ID")
	}
	var found []control.Session
	for _, s := range all {
		if strings.HasPrefix(s.ID, id) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 0:
		return control.Session{}, fmt.Errorf("no session %s", id)
	case 1:
		return found[0], nil
	}
	return control.Session{}, fmt.Errorf("%d sessions start with %s: give more of the ID", len(found), id)
}

// sessionState is "live" or why the session ended.
func sessionState(s *control.Session) string {
	if s.Live {
		return "live"
	}
	return "ended: " + printable(s.Reason)
}

func sessionUnit(s *control.Session) tokenUnit {
	return unitOf(s.Token, s.TokenSymbol, s.TokenDecimals)
}

func alertGroup() group {
	return group{
		name:    "alert",
		summary: "List the spending anomalies the node's policy raised.",
		subs: []subcommand{
			{"list", "list alerts, newest first", alertList},
		},
	}
}

func alertList(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("alert list", `Usage: meshpay alert list [flags]

Lists the spending anomalies the node raised, newest first: a price per
unit far above a peer's recent average (price_jump) or a minute's spend far
above the recent average per minute (spend_rate). Alerts do not block
payments unless the spending policy says so; the node logs each one and
counts it in meshpay_spending_alerts_total.

Examples:
  meshpay alert list
  meshpay alert list -o json | jq '.alerts | length'`, stderr)
	o.register(fs, true)
	if _, err := parseArgs(fs, args, stdout, 0, 0); err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	as, err := c.Alerts(context.Background())
	if err != nil {
		return c.explain(err)
	}
	return writeList(&o, stdout, "alerts", as, "no alerts", func(tw io.Writer) {
		now := time.Now()
		fmt.Fprintln(tw, "TIME\tKIND\tPEER\tSERVICE\tVALUE\tAVERAGE")
		for i := range as {
			a := &as[i]
			u := unitOf(a.Token, a.TokenSymbol, a.TokenDecimals)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", age(a.Time, now), a.Kind, short(a.Peer), printable(orDash(a.Service)),
				u.format(a.Value), u.format(a.Average))
		}
	})
}

// orDash is s, or "-" when s is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
