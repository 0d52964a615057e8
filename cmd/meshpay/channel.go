package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/meshpay/meshpay/node/control"
)

const channelFooter = `A channel is named by its ID or by a unique prefix of it, as the tables
print it ("0x1a2b3c4d5e…"; the "…" may stay).

` + amountHelp

func channelGroup() group {
	return group{
		name:    "channel",
		summary: "Open, fund, pay over, close and watch the node's payment channels.",
		footer:  channelFooter,
		subs: []subcommand{
			{"list", "list the channels", channelList},
			{"show", "show one channel in full", channelShow},
			{"open", "open a channel with a peer", channelOpen},
			{"deposit", "add to our deposit in a channel", channelDeposit},
			{"pay", "pay the partner over a channel", channelPay},
			{"withdraw", "take money out of an open channel", channelWithdraw},
			{"close", "close a channel (cooperatively by default)", channelClose},
			{"settle", "pay out a unilaterally closed channel after its challenge period", channelSettle},
			{"watch", "live view of the channels and their payment rates", channelWatch},
		},
	}
}

// phaseOrder sorts live channels before finished ones.
var phaseOrder = map[string]int{
	control.PhaseOpen: 0, control.PhaseOpening: 1, control.PhaseSettling: 2, control.PhaseClosing: 3, control.PhaseSettled: 4,
}

func sortChannels(cs []control.Channel) {
	sort.SliceStable(cs, func(i, j int) bool {
		if pi, pj := phaseOrder[cs[i].Phase], phaseOrder[cs[j].Phase]; pi != pj {
			return pi < pj
		}
		return cs[i].ID < cs[j].ID
	})
}

func channelList(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("channel list", `Usage: meshpay channel list [flags]

Lists the node's channels, live ones first. LOCAL and REMOTE are what each
side gets if the channel settles now; SENT and RECEIVED are the cumulative
payments each way.

Examples:
  meshpay channel list
  meshpay channel list --phase open,closing
  meshpay channel list -o json | jq -r '.channels[].id'`, stderr)
	o.register(fs, true)
	phases := fs.String("phase", "", "only channels in these phases, comma-separated: opening, open, settling, closing, settled")
	if _, err := parseArgs(fs, args, stdout, 0, 0); err != nil {
		return err
	}
	want := map[string]bool{}
	for _, p := range strings.Split(*phases, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if _, ok := phaseOrder[p]; !ok {
				return usagef("--phase: unknown phase %q", p)
			}
			want[p] = true
		}
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	all, err := c.Channels(context.Background())
	if err != nil {
		return c.explain(err)
	}
	cs := make([]control.Channel, 0, len(all))
	for _, ch := range all {
		if len(want) == 0 || want[ch.Phase] {
			cs = append(cs, ch)
		}
	}
	sortChannels(cs)
	if o.json() {
		return writeJSON(stdout, struct {
			Channels []control.Channel `json:"channels"`
		}{cs})
	}
	if len(cs) == 0 {
		_, err := fmt.Fprintln(stdout, "no channels (open one with 'meshpay channel open')")
		return err
	}
	now := time.Now()
	tw := newTable(stdout)
	fmt.Fprintln(tw, "ID\tPARTNER\tPHASE\tDEPOSIT\tLOCAL\tREMOTE\tSENT\tRECEIVED\tSETTLES")
	for i := range cs {
		ch := &cs[i]
		u := channelUnit(ch)
		settles := "-"
		if ch.SettleAfter != nil {
			settles = age(*ch.SettleAfter, now)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", short(ch.ID), short(ch.Partner), ch.Phase,
			u.format(ch.Local.Deposit), u.format(ch.Local.Balance), u.format(ch.Remote.Balance),
			u.format(transferred(ch.SentProof)), u.format(transferred(ch.ReceivedProof)), settles)
	}
	return tw.Flush()
}

func transferred(p *control.Proof) string {
	if p == nil {
		return "0"
	}
	return p.TransferredAmount
}

func nonce(p *control.Proof) uint64 {
	if p == nil {
		return 0
	}
	return p.Nonce
}

func channelShow(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("channel show", `Usage: meshpay channel show <channel> [flags]

Shows one channel in full: both sides' money, the latest balance proofs and,
for a closing channel, when it can be settled.

Examples:
  meshpay channel show 0x1a2b3c4d5e
  meshpay channel show 0x1a2b3c4d5e -o json | jq .local.available`, stderr)
	o.register(fs, true)
	pos, err := parseArgs(fs, args, stdout, 1, 1)
	if err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	ch, err := c.resolveChannel(context.Background(), pos[0])
	if err != nil {
		return err
	}
	return printChannel(stdout, &o, "", ch)
}

// printChannel prints a channel in full, after a one-line summary of what
// was done (if any); -o json prints only the channel.
func printChannel(w io.Writer, o *apiOptions, summary string, ch control.Channel) error {
	if o.json() {
		return writeJSON(w, ch)
	}
	if summary != "" {
		fmt.Fprintf(w, "%s\n\n", summary)
	}
	u := channelUnit(&ch)
	token := "ETH (native)"
	if ch.Token != zeroToken {
		token = ch.Token
		if u.named() {
			token = u.symbol + " " + ch.Token
		}
	}
	peer := ch.Partner
	if ch.PartnerPeerID != "" {
		peer += " (peer " + ch.PartnerPeerID + ")"
	}
	tw := newTable(w)
	fmt.Fprintf(tw, "id\t%s\npartner\t%s\ntoken\t%s\nphase\t%s\nchallenge period\t%s\ncounter\t%d\n",
		ch.ID, peer, token, ch.Phase, time.Duration(ch.ChallengePeriodSeconds)*time.Second, ch.Counter)
	if ch.SettleAfter != nil {
		fmt.Fprintf(tw, "settle after\t%s (%s)\n", ch.SettleAfter.Local().Format(time.RFC3339), age(*ch.SettleAfter, time.Now()))
	}
	if ch.SettlePending {
		fmt.Fprintf(tw, "settle pending\tour cooperative settle got no answer yet; no payments until it does\n")
	}
	if ch.PendingWithdraw != "" {
		fmt.Fprintf(tw, "withdraw pending\t%s (no answer yet; held back from available)\n", u.format(ch.PendingWithdraw))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = newTable(w)
	fmt.Fprintln(tw, "\tLOCAL (us)\tREMOTE (partner)")
	for _, row := range []struct{ name, local, remote string }{
		{"deposit", ch.Local.Deposit, ch.Remote.Deposit},
		{"withdrawn", ch.Local.Withdrawn, ch.Remote.Withdrawn},
		{"balance", ch.Local.Balance, ch.Remote.Balance},
		{"available", ch.Local.Available, ch.Remote.Available},
		{"paid", transferred(ch.SentProof), transferred(ch.ReceivedProof)},
	} {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", row.name, u.format(row.local), u.format(row.remote))
	}
	fmt.Fprintf(tw, "nonce\t%d\t%d\n", nonce(ch.SentProof), nonce(ch.ReceivedProof))
	return tw.Flush()
}

func channelOpen(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("channel open", `Usage: meshpay channel open <peer> --token eth|<address> [--deposit AMOUNT] [flags]

Opens a channel with a peer, named by its address or its libp2p peer ID (or
a unique prefix of either among the known peers), and waits until the
partner has seen it open. The peer must be connected ('meshpay peer connect')
or known from its offer.

Examples:
  meshpay channel open 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --token eth --deposit 0.5eth
  meshpay channel open 16Uiu2HAm… --token 0x5FbDB2315678afecb367f032d93F642f64180aa3 --deposit 1000000
  meshpay channel open 0x7099797 --token eth --challenge-period 1h

`+amountHelp, stderr)
	o.register(fs, true)
	tokenFlag := fs.String("token", "", "required: eth (native ETH) or the ERC-20 token's address")
	deposit := fs.String("deposit", "0", "our deposit in the open transaction")
	period := fs.Duration("challenge-period", 0, "time either side has to answer a unilateral close (0: the node's default, a day)")
	pos, err := parseArgs(fs, args, stdout, 1, 1)
	if err != nil {
		return err
	}
	token, err := parseToken(*tokenFlag)
	if err != nil {
		return err
	}
	if *period < 0 || *period%time.Second != 0 {
		return usagef("--challenge-period %v: want whole seconds", *period)
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
	amount, err := u.parse(*deposit)
	if err != nil {
		return err
	}
	peer, err := c.resolvePeer(ctx, pos[0])
	if err != nil {
		return err
	}
	ch, err := c.OpenChannel(ctx, control.OpenRequest{Peer: peer, Token: token, Deposit: amount, ChallengePeriodSeconds: uint64(*period / time.Second)})
	if err != nil {
		return c.explain(err)
	}
	return printChannel(stdout, &o, fmt.Sprintf("opened channel %s with %s", ch.ID, ch.Partner), ch)
}

// parseToken reads --token: eth, or an address.
func parseToken(s string) (string, error) {
	switch {
	case s == "":
		return "", usagef("give --token: eth for native ETH, or the ERC-20 token's address")
	case strings.EqualFold(s, "eth"):
		return zeroToken, nil
	case control.ValidateAddress("token", s) != nil:
		return "", usagef("--token %q: want eth or an address (0x and 40 hex digits)", s)
	}
	return s, nil
}

func channelDeposit(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("channel deposit", `Usage: meshpay channel deposit <channel> <amount> [flags]

Adds amount to our deposit in the channel, on chain (it is added, not a new
total).

Examples:
  meshpay channel deposit 0x1a2b3c4d5e 0.5eth
  meshpay channel deposit 0x1a2b3c4d5e 250000000000000000

`+amountHelp, stderr)
	o.register(fs, true)
	pos, err := parseArgs(fs, args, stdout, 2, 2)
	if err != nil {
		return err
	}
	return withChannelAmount(&o, pos, func(ctx context.Context, c *nodeConn, ch control.Channel, amount string) error {
		got, err := c.Deposit(ctx, ch.ID, control.DepositRequest{Amount: amount})
		if err != nil {
			return c.explain(err)
		}
		return printChannel(stdout, &o, fmt.Sprintf("deposited %s into channel %s", channelUnit(&ch).format(amount), short(ch.ID)), got)
	})
}

func channelWithdraw(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("channel withdraw", `Usage: meshpay channel withdraw <channel> <amount> [flags]

Takes amount out of the open channel to our account, on top of what was
withdrawn before; the partner co-signs, the channel stays open.

Examples:
  meshpay channel withdraw 0x1a2b3c4d5e 0.1eth

`+amountHelp, stderr)
	o.register(fs, true)
	pos, err := parseArgs(fs, args, stdout, 2, 2)
	if err != nil {
		return err
	}
	return withChannelAmount(&o, pos, func(ctx context.Context, c *nodeConn, ch control.Channel, amount string) error {
		got, err := c.Withdraw(ctx, ch.ID, control.WithdrawRequest{Amount: amount})
		if err != nil {
			return c.explain(err)
		}
		return printChannel(stdout, &o, fmt.Sprintf("withdrew %s from channel %s", channelUnit(&ch).format(amount), short(ch.ID)), got)
	})
}

func channelPay(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("channel pay", `Usage: meshpay channel pay <channel> <amount> [--reference TEXT] [flags]

Pays the partner amount over the channel and returns once the partner has
acknowledged it. The reference (an invoice, a session) is stored with the
payment on both sides.

Examples:
  meshpay channel pay 0x1a2b3c4d5e 0.001eth --reference invoice-42
  meshpay channel pay 0x1a2b3c4d5e 1000000000 -o json

`+amountHelp, stderr)
	o.register(fs, true)
	ref := fs.String("reference", "", fmt.Sprintf("free text stored with the payment, at most %d bytes", control.MaxReferenceLen))
	pos, err := parseArgs(fs, args, stdout, 2, 2)
	if err != nil {
		return err
	}
	if len(*ref) > control.MaxReferenceLen {
		return usagef("--reference: %d bytes, at most %d", len(*ref), control.MaxReferenceLen)
	}
	return withChannelAmount(&o, pos, func(ctx context.Context, c *nodeConn, ch control.Channel, amount string) error {
		res, err := c.Pay(ctx, ch.ID, control.PayRequest{Amount: amount, Reference: *ref})
		if err != nil {
			return c.explain(err)
		}
		if o.json() {
			return writeJSON(stdout, res)
		}
		u := channelUnit(&ch)
		_, err = fmt.Fprintf(stdout, "paid %s on channel %s to %s (nonce %d, %s paid in all)\n",
			u.format(res.Amount), short(ch.ID), short(ch.Partner), res.Nonce, u.format(res.Transferred))
		return err
	})
}

// withChannelAmount resolves pos[0] to a channel and reads pos[1] as a
// positive amount in its token, then runs do.
func withChannelAmount(o *apiOptions, pos []string, do func(ctx context.Context, c *nodeConn, ch control.Channel, amount string) error) error {
	c, err := o.connect()
	if err != nil {
		return err
	}
	ctx := context.Background()
	ch, err := c.resolveChannel(ctx, pos[0])
	if err != nil {
		return err
	}
	amount, err := channelUnit(&ch).parsePositive(pos[1])
	if err != nil {
		return err
	}
	return do(ctx, c, ch, amount)
}

func channelClose(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("channel close", `Usage: meshpay channel close <channel> [--unilateral] [flags]

Closes the channel. By default the partner co-signs the final balances and
the channel is paid out at once. With --unilateral (the partner is gone or
refuses) our latest proof from the partner goes on chain, the challenge
period starts, and 'meshpay channel settle' pays out after it.

Examples:
  meshpay channel close 0x1a2b3c4d5e
  meshpay channel close 0x1a2b3c4d5e --unilateral`, stderr)
	o.register(fs, true)
	unilateral := fs.Bool("unilateral", false, "close without the partner; payout after the challenge period")
	pos, err := parseArgs(fs, args, stdout, 1, 1)
	if err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	ctx := context.Background()
	ch, err := c.resolveChannel(ctx, pos[0])
	if err != nil {
		return err
	}
	got, err := c.Close(ctx, ch.ID, control.CloseRequest{Cooperative: !*unilateral})
	if err != nil {
		return c.explain(err)
	}
	summary := fmt.Sprintf("closed channel %s cooperatively: %s", short(ch.ID), got.Phase)
	if *unilateral {
		summary = fmt.Sprintf("closed channel %s unilaterally: %s", short(ch.ID), got.Phase)
		if got.SettleAfter != nil {
			summary += fmt.Sprintf("; settle it %s with 'meshpay channel settle %s'", age(*got.SettleAfter, time.Now()), short(ch.ID))
		}
	}
	return printChannel(stdout, &o, summary, got)
}

func channelSettle(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("channel settle", `Usage: meshpay channel settle <channel> [flags]

Pays out a unilaterally closed channel once its challenge period is over
('channel show' prints when). The node also does this by itself; settling a
channel that is already settled succeeds.

Examples:
  meshpay channel settle 0x1a2b3c4d5e`, stderr)
	o.register(fs, true)
	pos, err := parseArgs(fs, args, stdout, 1, 1)
	if err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	ctx := context.Background()
	ch, err := c.resolveChannel(ctx, pos[0])
	if err != nil {
		return err
	}
	got, err := c.Settle(ctx, ch.ID)
	if err != nil {
		return c.explain(err)
	}
	return printChannel(stdout, &o, fmt.Sprintf("settled channel %s", short(ch.ID)), got)
}

// resolveChannel finds the channel arg names: a full ID, or a unique prefix
// of one as the tables print it (with or without the "…").
func (c *nodeConn) resolveChannel(ctx context.Context, arg string) (control.Channel, error) {
	id := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(arg, "…"), "..."))
	if !isHexPrefix(id) {
		return control.Channel{}, fmt.Errorf("invalid channel %q: want its ID, 0x and hex digits (a unique prefix will do)", arg)
	}
	if len(id) == 66 {
		ch, err := c.Channel(ctx, id)
		if errors.Is(err, control.ErrNotFound) {
			return ch, &cliError{"unknown channel " + short(id), err}
		}
		return ch, c.explain(err)
	}
	if len(id) < 6 {
		return control.Channel{}, fmt.Errorf("channel %q: give at least 4 hex digits", arg)
	}
	cs, err := c.Channels(ctx)
	if err != nil {
		return control.Channel{}, c.explain(err)
	}
	var found []control.Channel
	for _, ch := range cs {
		if strings.HasPrefix(strings.ToLower(ch.ID), id) {
			found = append(found, ch)
		}
	}
	switch len(found) {
	case 0:
		return control.Channel{}, fmt.Errorf("unknown channel %s…", id)
	case 1:
		return found[0], nil
	}
	return control.Channel{}, fmt.Errorf("ambiguous channel %s…: %d channels start so, give more digits", id, len(found))
}

// isHexPrefix reports "0x" and up to 64 hex digits.
func isHexPrefix(s string) bool {
	if len(s) < 2 || len(s) > 66 || s[:2] != "0x" {
		return false
	}
	for _, r := range s[2:] {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}

// resolvePeer turns a unique prefix of a known peer's address or peer ID
// into the address (or the peer ID of a peer without one). Anything else
// goes to the node as it is.
func (c *nodeConn) resolvePeer(ctx context.Context, arg string) (string, error) {
	p := strings.TrimSuffix(strings.TrimSuffix(arg, "…"), "...")
	if control.ValidateAddress("peer", p) == nil {
		return p, nil
	}
	peers, err := c.Peers(ctx)
	if err != nil {
		return "", c.explain(err)
	}
	var found []string
	for _, pe := range peers {
		if pe.PeerID == p {
			return p, nil
		}
		hit := strings.HasPrefix(pe.PeerID, p) && len(p) >= 8
		if pe.Address != "" && strings.HasPrefix(strings.ToLower(pe.Address), strings.ToLower(p)) && len(p) >= 6 {
			hit = true
		}
		if hit {
			if pe.Address != "" {
				found = append(found, pe.Address)
			} else {
				found = append(found, pe.PeerID)
			}
		}
	}
	switch len(found) {
	case 0:
		return p, nil
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("ambiguous peer %q: %d known peers match, give more of it", arg, len(found))
}

// unitOfToken is how amounts of token are read: ETH, or what the node
// says of the token in its channels and offers; else base units only.
func (c *nodeConn) unitOfToken(ctx context.Context, token string) (tokenUnit, error) {
	if token == zeroToken {
		return ethUnit, nil
	}
	cs, err := c.Channels(ctx)
	if err != nil {
		return tokenUnit{}, c.explain(err)
	}
	for i := range cs {
		if strings.EqualFold(cs[i].Token, token) && cs[i].TokenSymbol != "" {
			return channelUnit(&cs[i]), nil
		}
	}
	offers, err := c.Offers(ctx)
	if err != nil {
		return tokenUnit{}, c.explain(err)
	}
	for i := range offers {
		if strings.EqualFold(offers[i].Token, token) && offers[i].TokenSymbol != "" {
			return offerUnit(&offers[i]), nil
		}
	}
	return tokenUnit{symbol: token}, nil
}
