package main

import (
	"context"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/meshpay/meshpay/node/control"
)

// clearScreen moves the cursor home and clears the terminal (ANSI).
const clearScreen = "\x1b[H\x1b[2J"

// watchSample is the node's channels at one moment.
type watchSample struct {
	at    time.Time
	chans []control.Channel
}

func channelWatch(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("channel watch", `Usage: meshpay channel watch [--interval 1s] [--once] [flags]

A live view of the node's channels, redrawn in place every interval until
Ctrl-C. PAY/S is the rate of balance proofs (sent and received) since the
last refresh, from the change of the nonces: payments made at the same
moment may share one proof. OUT/S and IN/S are the amounts paid per second
each way.

Examples:
  meshpay channel watch
  meshpay channel watch --interval 5s
  meshpay channel watch --once --interval 2s   # one frame, for scripts`, stderr)
	o.register(fs, false)
	interval := fs.Duration("interval", time.Second, "time between refreshes")
	once := fs.Bool("once", false, "take two samples --interval apart, print one frame without clearing the screen, and exit")
	if _, err := parseArgs(fs, args, stdout, 0, 0); err != nil {
		return err
	}
	if *interval < 10*time.Millisecond {
		return usagef("--interval %v: at least 10ms", *interval)
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	info, err := c.Info(ctx)
	if err != nil {
		return c.explain(err)
	}
	prev, err := takeSample(ctx, c)
	if err != nil {
		return c.explain(err)
	}
	v := watchView{node: info.Address, interval: *interval, live: !*once}
	if *once {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(*interval):
		}
		cur, err := takeSample(ctx, c)
		if err != nil {
			return c.explain(err)
		}
		return v.render(stdout, &prev, &cur, nil)
	}
	if err := v.render(stdout, nil, &prev, nil); err != nil {
		return err
	}
	t := time.NewTicker(*interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			_, err := fmt.Fprintln(stdout)
			return err
		case <-t.C:
		}
		cur, err := takeSample(ctx, c)
		if ctx.Err() != nil {
			fmt.Fprintln(stdout)
			return nil
		}
		if err != nil {
			// Keep the last frame and say why it is not fresh.
			if err := v.render(stdout, nil, &prev, c.explain(err)); err != nil {
				return err
			}
			continue
		}
		if err := v.render(stdout, &prev, &cur, nil); err != nil {
			return err
		}
		prev = cur
	}
}

func takeSample(ctx context.Context, c *nodeConn) (watchSample, error) {
	cs, err := c.Channels(ctx)
	if err != nil {
		return watchSample{}, err
	}
	sortChannels(cs)
	return watchSample{at: time.Now(), chans: cs}, nil
}

// watchView draws the frames of channel watch.
type watchView struct {
	node     string
	interval time.Duration
	live     bool // clear the screen before each frame
}

// render draws cur, with rates since prev (nil: no rates yet) and, if
// failure is set, why the frame is stale.
func (v watchView) render(w io.Writer, prev, cur *watchSample, failure error) error {
	before := map[string]*control.Channel{}
	var dt time.Duration
	if prev != nil {
		dt = cur.at.Sub(prev.at)
		for i := range prev.chans {
			before[prev.chans[i].ID] = &prev.chans[i]
		}
	}
	if v.live {
		fmt.Fprint(w, clearScreen)
	}
	fmt.Fprintf(w, "meshpay channel watch · node %s · %s · every %s", short(v.node), cur.at.Format("15:04:05"), v.interval)
	if v.live {
		fmt.Fprint(w, " · Ctrl-C stops")
	}
	fmt.Fprint(w, "\n\n")
	if failure != nil {
		fmt.Fprintf(w, "not refreshed: %v\n\n", failure)
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "ID\tPARTNER\tPHASE\tLOCAL\tREMOTE\tNONCES\tPAY/S\tOUT/S\tIN/S")
	var open int
	var total float64
	for i := range cur.chans {
		ch := &cur.chans[i]
		u := channelUnit(ch)
		if ch.Phase == control.PhaseOpen {
			open++
		}
		pays, out, in := "-", "-", "-"
		if old, ok := before[ch.ID]; ok && dt > 0 {
			dn := float64(nonce(ch.SentProof)+nonce(ch.ReceivedProof)) - float64(nonce(old.SentProof)+nonce(old.ReceivedProof))
			if dn >= 0 {
				r := dn / dt.Seconds()
				total += r
				pays = fmt.Sprintf("%.1f", r)
			}
			out = perSecond(u, transferred(old.SentProof), transferred(ch.SentProof), dt)
			in = perSecond(u, transferred(old.ReceivedProof), transferred(ch.ReceivedProof), dt)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d/%d\t%s\t%s\t%s\n", short(ch.ID), short(ch.Partner), ch.Phase,
			u.format(ch.Local.Balance), u.format(ch.Remote.Balance), nonce(ch.SentProof), nonce(ch.ReceivedProof), pays, out, in)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	rate := "-"
	if prev != nil {
		rate = fmt.Sprintf("%.1f", total)
	}
	_, err := fmt.Fprintf(w, "\n%d channels, %d open, %s payments/s\n", len(cur.chans), open, rate)
	return err
}

// perSecond is the growth of a cumulative amount from a to b over dt.
func perSecond(u tokenUnit, a, b string, dt time.Duration) string {
	x, ok1 := new(big.Int).SetString(a, 10)
	y, ok2 := new(big.Int).SetString(b, 10)
	if !ok1 || !ok2 || dt <= 0 {
		return "-"
	}
	d := y.Sub(y, x)
	if d.Sign() < 0 {
		return "-"
	}
	d.Mul(d, big.NewInt(int64(time.Second)))
	d.Div(d, big.NewInt(int64(dt)))
	return u.format(d.String()) + "/s"
}
