package engine_test

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
)

// withdrawChildEnv names the data dir of TestKillWhileWithdrawAsks's
// child; withdrawChildOpEnv what it asks for: "withdraw" or "settle".
const (
	withdrawChildEnv   = "MESHPAY_WITHDRAW_CHILD_DIR"
	withdrawChildOpEnv = "MESHPAY_WITHDRAW_CHILD_OP"
)

// withdrawChild opens Bob's store in dir and asks for a withdraw of 300 on
// its one channel, or its cooperative settle; the ask prints the signed
// request and never returns.
func withdrawChild(dir string) error {
	ctx := context.Background()
	st, err := store.Open(dir)
	if err != nil {
		return err
	}
	eng, err := engine.New(ctx, engine.Config{Signer: crashKey("bob"), Store: st})
	if err != nil {
		return err
	}
	chs := eng.Channels()
	if len(chs) != 1 {
		return fmt.Errorf("%d channels", len(chs))
	}
	if os.Getenv(withdrawChildOpEnv) == "settle" {
		_, err = eng.CooperativeSettle(ctx, chs[0].ID, func(_ context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
			(&lineWriter{}).printf("SETTLE %s %s %s", s.Balances[0].Dec(), s.Balances[1].Dec(), hex.EncodeToString(sig[:]))
			select {}
		})
		return err
	}
	expiry := uint64(time.Now().Add(time.Hour).Unix())
	_, err = eng.Withdraw(ctx, chs[0].ID, uint256.NewInt(300), expiry, func(_ context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
		(&lineWriter{}).printf("ASK %s %d %s", w.TotalWithdraw.Dec(), w.Expiry, hex.EncodeToString(sig[:]))
		select {}
	})
	return err
}

// TestKillWhileWithdrawAsks kills (SIGKILL) Bob's process while his
// withdraw request waits for Alice's answer, once after Alice co-signed
// and counted it and once before she saw it. After the restart Bob holds
// the request back from his payments, so none he signs is one Alice must
// refuse; asking again settles it, counted once on both sides.
func TestKillWhileWithdrawAsks(t *testing.T) {
	for _, aliceCounts := range []bool{true, false} {
		t.Run(fmt.Sprintf("alice counted it %v", aliceCounts), func(t *testing.T) {
			ctx := context.Background()
			h := newHarness(t, 1000, 500)
			alice, bob := h.alice.signer.Address(), h.bob.signer.Address()
			bi := index(t, h, bob)
			h.bob.close()

			line := askAndKill(t, h.bob.dir, "withdraw", func(line string) {
				if aliceCounts {
					w, sig := parseAsk(t, h, line)
					_, err := h.alice.eng.CoSignWithdraw(ctx, bob, w, sig)
					require.NoError(t, err)
				}
			})
			w, sig := parseAsk(t, h, line)

			h.bob.open(t, ctx, engine.Config{Deliverer: loopback{from: bob, to: func() *engine.Engine { return h.alice.eng }}})
			ach, err := h.alice.eng.Channel(h.id)
			require.NoError(t, err)
			ai := 1 - bi
			require.NoError(t, h.bob.eng.Reconcile(ctx, alice, h.id, ach.Proofs[ai], ach.Proofs[bi]))
			got, ok := h.bob.eng.PendingWithdraw(h.id)
			require.True(t, ok, "the request survived the kill")
			require.Equal(t, w, got)
			_, err = h.bob.eng.Pay(ctx, h.id, uint256.NewInt(201), "into the withdraw")
			require.ErrorIs(t, err, channels.ErrOverspend)
			require.ErrorContains(t, err, "held back", "refused by Bob, unsigned")
			_, err = h.bob.eng.Pay(ctx, h.id, uint256.NewInt(200), "the rest")
			require.NoError(t, err)

			cw, counted, err := h.bob.eng.ResolveWithdraw(ctx, h.id, askWithdraw(bob, h.alice.eng))
			require.NoError(t, err)
			require.True(t, counted)
			require.Equal(t, sig, cw.ParticipantSig, "the request signed before the kill")
			require.Equal(t, uint64(300), withdrawn(t, h.bob.eng, h.id, bi))
			require.Equal(t, uint64(300), withdrawn(t, h.alice.eng, h.id, bi))
			_, err = h.bob.eng.CooperativeSettle(ctx, h.id, askSettle(bob, h.alice.eng))
			require.NoError(t, err)
		})
	}
}

// TestKillWhileSettleAsks is TestKillWhileWithdrawAsks for a cooperative
// settle: after the restart Bob pays nothing on the channel (Alice may be
// settling), and asking again settles it on both sides.
func TestKillWhileSettleAsks(t *testing.T) {
	for _, aliceSettles := range []bool{true, false} {
		t.Run(fmt.Sprintf("alice co-signed it %v", aliceSettles), func(t *testing.T) {
			ctx := context.Background()
			h := newHarness(t, 1000, 500)
			alice, bob := h.alice.signer.Address(), h.bob.signer.Address()
			bi := index(t, h, bob)
			h.bob.close()

			var s channels.CooperativeSettle
			var sig channels.Signature
			askAndKill(t, h.bob.dir, "settle", func(line string) {
				f := strings.Fields(line)
				require.Len(t, f, 4, line)
				s.ChannelID = h.id
				require.NoError(t, s.Balances[0].SetFromDecimal(f[1]))
				require.NoError(t, s.Balances[1].SetFromDecimal(f[2]))
				b, err := hex.DecodeString(f[3])
				require.NoError(t, err)
				copy(sig[:], b)
				if aliceSettles {
					_, err := h.alice.eng.CoSignSettle(ctx, bob, s, sig)
					require.NoError(t, err)
				}
			})

			h.bob.open(t, ctx, engine.Config{Deliverer: loopback{from: bob, to: func() *engine.Engine { return h.alice.eng }}})
			ach, err := h.alice.eng.Channel(h.id)
			require.NoError(t, err)
			ai := 1 - bi
			require.NoError(t, h.bob.eng.Reconcile(ctx, alice, h.id, ach.Proofs[ai], ach.Proofs[bi]))
			require.True(t, h.bob.eng.PendingSettle(h.id), "the request survived the kill")
			before := nonce(t, h.bob.eng, h.id, bi)
			_, err = h.bob.eng.Pay(ctx, h.id, uint256.NewInt(1), "while settling")
			require.ErrorIs(t, err, engine.ErrSettlePending)
			require.Equal(t, before, nonce(t, h.bob.eng, h.id, bi), "no proof signed")

			css, settled, err := h.bob.eng.ResolveSettle(ctx, h.id, askSettle(bob, h.alice.eng))
			require.NoError(t, err)
			require.True(t, settled)
			require.Equal(t, s, css.Settle, "the request signed before the kill")
			require.Equal(t, sig, css.Signatures[bi])
			require.Equal(t, channels.PhaseSettling, phase(t, h.bob.eng, h.id))
			require.Equal(t, channels.PhaseSettling, phase(t, h.alice.eng, h.id))
		})
	}
}

// askAndKill runs withdrawChild on dir asking for op, hands the line it
// printed to seen, SIGKILLs it and returns the line.
func askAndKill(t *testing.T, dir, op string, seen func(line string)) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), withdrawChildEnv+"="+dir, withdrawChildOpEnv+"="+op)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("child asked nothing in 30s")
	}
	seen(line)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	require.Error(t, cmd.Wait(), "killed, not finished")
	return line
}

// parseAsk reads the withdraw request withdrawChild printed.
func parseAsk(t *testing.T, h *harness, line string) (channels.Withdraw, channels.Signature) {
	t.Helper()
	f := strings.Fields(line)
	require.Len(t, f, 4, line)
	w := channels.Withdraw{ChannelID: h.id, Participant: h.bob.signer.Address()}
	require.NoError(t, w.TotalWithdraw.SetFromDecimal(f[1]))
	var err error
	w.Expiry, err = strconv.ParseUint(f[2], 10, 64)
	require.NoError(t, err)
	var sig channels.Signature
	b, err := hex.DecodeString(f[3])
	require.NoError(t, err)
	copy(sig[:], b)
	return w, sig
}
