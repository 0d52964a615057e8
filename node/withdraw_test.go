package node_test

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/internal/nodetest"
	"github.com/meshpay/meshpay/node"
)

// TestKeptWithdrawIsSentAgain: a withdraw both sides co-signed and count,
// but whose transaction never made it on chain (here it is never sent,
// as if the send had failed or the node had stopped), is sent by the node
// on its own; the chain then pays exactly that total, once. In the
// restart case the node stops before any round of its resend could see the
// withdraw, and the one round at its next start sends it.
func TestKeptWithdrawIsSentAgain(t *testing.T) {
	for _, tc := range []struct {
		name      string
		car, gate int // device accounts
		restart   bool
	}{
		{name: "running", car: 7, gate: 8},
		{name: "after restart", car: 9, gate: 10, restart: true},
	} {
		t.Run(tc.name, func(t *testing.T) { testKeptWithdraw(t, tc.car, tc.gate, tc.restart) })
	}
}

// gatePaid is what carAndGate's car pays the gate.
var gatePaid = uint256.MustFromBig(gwei(5_000))

// carAndGate starts a car and a gate (devnet device accounts carIdx and
// gateIdx, gate options applied), opens a channel of 1,000,000 gwei from
// the car and pays the gate gatePaid over it.
func carAndGate(t *testing.T, ctx context.Context, carIdx, gateIdx int, gateOpts ...func(*node.Config)) (net *devnet.Devnet, car, gate *device, ch channels.Channel, gi int) {
	t.Helper()
	return carAndGateWith(t, ctx, carIdx, gateIdx, nil, gateOpts...)
}

// carAndGateWith is carAndGate with options for the car too.
func carAndGateWith(t *testing.T, ctx context.Context, carIdx, gateIdx int, carOpts []func(*node.Config), gateOpts ...func(*node.Config)) (net *devnet.Devnet, car, gate *device, ch channels.Channel, gi int) {
	t.Helper()
	net = testNet.Get(t)
	car = newDevice(t, net, carIdx, tcpListen, carOpts...)
	gate = newDevice(t, net, gateIdx, tcpListen, gateOpts...)
	ch = car.OpenChannel(ctx, gate, uint256.MustFromBig(gwei(1_000_000)), challengePeriod)
	_, err := car.Node.Pay(ctx, ch.ID, gatePaid, "passes")
	require.NoError(t, err)
	gi, err = ch.Params.Index(gate.Addr())
	require.NoError(t, err)
	return net, car, gate, ch, gi
}

// countWithdraw has the gate's engine withdraw amount, co-signed by the
// car's engine, valid until expiry: both count it, and nothing is sent on
// chain.
func countWithdraw(t *testing.T, ctx context.Context, car, gate *device, id channels.ChannelID, amount *uint256.Int, expiry uint64) channels.CoSignedWithdraw {
	t.Helper()
	cw, err := gate.Node.Engine().Withdraw(ctx, id, amount, expiry, func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
		return car.Node.Engine().CoSignWithdraw(ctx, gate.Addr(), w, sig)
	})
	require.NoError(t, err)
	return cw
}

func testKeptWithdraw(t *testing.T, carIdx, gateIdx int, restart bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	net, car, gate, ch, gi := carAndGate(t, ctx, carIdx, gateIdx, func(c *node.Config) {
		if restart {
			c.Chain.ResendInterval = time.Hour // only the round at start
		}
	})

	// The gate's engine co-signs a withdraw with the car's engine and
	// counts it, without the node sending it.
	before := balanceOf(t, ctx, net, gate.Addr())
	start, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	expiry := chainNow(t, ctx, net) + uint64(node.WithdrawExpiry/time.Second)
	amount := uint256.MustFromBig(gwei(3_000))
	cw := countWithdraw(t, ctx, car, gate, ch.ID, amount, expiry)
	require.Equal(t, *amount, cw.Withdraw.TotalWithdraw)
	require.Equal(t, *amount, gate.Channel(ch.ID).Withdrawn[gi], "counted before it is on chain")
	if restart {
		now, err := net.Client().BlockNumber(ctx)
		require.NoError(t, err)
		sent, _ := txsFrom(t, ctx, net, gate.Addr(), start, now)
		require.Empty(t, sent, "nothing sent before the restart")
		gate.Stop()
		gate.Start() // still a round only at start
	}

	// Wait for the gate's withdrawn total on chain (polled without
	// require: Eventually runs the condition on another goroutine).
	require.Eventually(t, func() bool {
		withdrawn, err := nodetest.WithdrawnOnChain(ctx, net, ch.ID, gate.Addr())
		return err == nil && withdrawn.Cmp(amount.ToBig()) == 0
	}, time.Minute, 100*time.Millisecond, "the gate sends the kept withdraw")
	last, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	rcpts, fees := txsFrom(t, ctx, net, gate.Addr(), start, last)
	require.Len(t, rcpts, 1)
	paidOut := new(big.Int).Sub(balanceOf(t, ctx, net, gate.Addr()), before)
	require.Equal(t, amount.ToBig(), paidOut.Add(paidOut, fees), "paid exactly the kept total")

	// Sent once: later rounds see it paid and send nothing more, and the
	// channel stays open with the rest spendable.
	time.Sleep(3 * time.Second) // several resend rounds when running (every 10 polls of 100 ms)
	last, err = net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	rcpts, _ = txsFrom(t, ctx, net, gate.Addr(), start, last)
	require.Len(t, rcpts, 1, "one transaction from the gate")
	got := gate.Channel(ch.ID)
	require.Equal(t, channels.PhaseOpen, got.Phase)
	require.Equal(t, *amount, got.Withdrawn[gi])
	avail, err := got.Available(gi)
	require.NoError(t, err)
	require.Equal(t, *new(uint256.Int).Sub(gatePaid, amount), avail)
}

// TestWithdrawWhoseAnswerIsLate: the gate's withdraw request waits at the
// car, which is busy with a withdraw of its own, past the gate's patience.
// From then on the gate holds the amount back from its payments: the car
// may count it. Either the car co-signs it late, and the gate counts it
// from the car's sync; or the car gives up on it too (its own request
// timeout), and the gate's resolve round asks again, exactly as signed,
// and counts the co-signature; or, before that round, the operator
// withdraws everything, which settles the request first and then takes the
// rest. Both count it once and the chain pays it.
func TestWithdrawWhoseAnswerIsLate(t *testing.T) {
	for _, tc := range []struct {
		name      string
		car, gate int
		// carTimeout is the car's request timeout; hold how long the
		// car stays busy.
		carTimeout, hold time.Duration
		all              bool
	}{
		{name: "co-signed late", car: 11, gate: 12, carTimeout: 10 * time.Second, hold: 0},
		{name: "given up by the car", car: 42, gate: 43, carTimeout: 2 * time.Second, hold: 3 * time.Second},
		{name: "given up, then withdraw all", car: 44, gate: 45, carTimeout: 2 * time.Second, hold: 3 * time.Second, all: true},
	} {
		t.Run(tc.name, func(t *testing.T) { testWithdrawAnswerLate(t, tc.car, tc.gate, tc.carTimeout, tc.hold, tc.all) })
	}
}

func testWithdrawAnswerLate(t *testing.T, carIdx, gateIdx int, carTimeout, hold time.Duration, all bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	resend := time.Second
	if all {
		resend = time.Hour // only the round at start
	}
	net, car, gate, ch, gi := carAndGateWith(t, ctx, carIdx, gateIdx, []func(*node.Config){func(c *node.Config) {
		c.Limits.RequestTimeout = carTimeout
	}}, func(c *node.Config) { c.Chain.ResendInterval = resend })

	// The car's own withdraw waits on an answer that is held back.
	asking, release := make(chan struct{}), make(chan struct{})
	carDone := make(chan error, 1)
	go func() {
		expiry := uint64(time.Now().Add(time.Hour).Unix())
		_, err := car.Node.Engine().Withdraw(ctx, ch.ID, uint256.MustFromBig(gwei(1)), expiry, func(context.Context, channels.Withdraw, channels.Signature) (channels.Signature, error) {
			close(asking)
			<-release
			return channels.Signature{}, fmt.Errorf("%w: held back", engine.ErrNotSent)
		})
		carDone <- err
	}()
	<-asking

	amount := uint256.MustFromBig(gwei(3_000))
	askCtx, askCancel := context.WithTimeout(ctx, time.Second)
	_, err := gate.Node.Withdraw(askCtx, ch.ID, amount)
	askCancel()
	require.ErrorIs(t, err, node.ErrPartnerUnavailable)
	gc := gate.Channel(ch.ID)
	require.True(t, gc.Withdrawn[gi].IsZero(), "no answer, not counted")
	// Held back: the gate's 5,000 gwei less the 3,000 asked for.
	shown, err := gate.Node.ControlService().Channel(ctx, ch.ID.Hex())
	require.NoError(t, err)
	require.Equal(t, amount.Dec(), shown.PendingWithdraw)
	require.Equal(t, gwei(2_000).String(), shown.Local.Available)
	_, err = gate.Node.Pay(ctx, ch.ID, uint256.MustFromBig(gwei(2_001)), "into the withdraw")
	require.ErrorIs(t, err, channels.ErrOverspend)

	time.Sleep(hold)
	close(release)
	require.Error(t, <-carDone)
	if all {
		_, pending := gate.Node.Engine().PendingWithdraw(ch.ID)
		require.True(t, pending, "the car gave up on it; nothing asked again yet")
		done, err := gate.Node.WithdrawAll(ctx, []channels.ChannelID{ch.ID}, nil)
		require.NoError(t, err)
		require.Equal(t, []channels.ChannelID{ch.ID}, done)
		amount = gatePaid // the request, then the rest
	}
	require.Eventually(t, func() bool {
		_, pending := gate.Node.Engine().PendingWithdraw(ch.ID)
		return !pending && car.Channel(ch.ID).Withdrawn[gi] == *amount && gate.Channel(ch.ID).Withdrawn[gi] == *amount
	}, 30*time.Second, 50*time.Millisecond, "both count it, the gate's request settled")
	require.Eventually(t, func() bool {
		withdrawn, err := nodetest.WithdrawnOnChain(ctx, net, ch.ID, gate.Addr())
		return err == nil && withdrawn.Cmp(amount.ToBig()) == 0
	}, time.Minute, 100*time.Millisecond, "the gate's resend has it paid")
	if !all {
		_, err = gate.Node.Pay(ctx, ch.ID, uint256.MustFromBig(gwei(2_000)), "what is left")
		require.NoError(t, err)
	}
}

// TestCooperativeCloseWaitsForUnpaidWithdraw: a withdraw both sides count
// expired before it was sent, so the chain never paid it. A cooperative
// close is refused before anything is signed (the contract would revert
// the settle, with both sides already settling); a new withdraw, whose
// total includes the unpaid one, pays both, and then the close goes
// through.
func TestCooperativeCloseWaitsForUnpaidWithdraw(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	net, car, gate, ch, _ := carAndGate(t, ctx, 13, 14, func(c *node.Config) {
		c.DisableControl, c.ControlAddr = false, "127.0.0.1:0"
		c.Chain.ResendInterval = time.Hour // no renewal (TestExpiredWithdrawIsRenewed)
	})

	// Counted on both sides, valid for 3 s: too short for the resend.
	expiry := chainNow(t, ctx, net) + 3
	unpaid := uint256.MustFromBig(gwei(3_000))
	countWithdraw(t, ctx, car, gate, ch.ID, unpaid, expiry)
	waitChainPast(t, ctx, net, expiry, "the withdraw expires")

	_, err := car.Node.CloseChannel(ctx, ch.ID, true)
	require.ErrorIs(t, err, node.ErrWithdrawUnpaid)
	// The operator closing from the gate gets a 409.
	apiErr := closeThroughAPI(t, ctx, gate, ch.ID)
	require.Equal(t, http.StatusConflict, apiErr.Status, "%v", apiErr)
	require.Contains(t, apiErr.Message, "withdraw")
	for _, d := range []*device{car, gate} {
		require.Equal(t, channels.PhaseOpen, d.Channel(ch.ID).Phase, "nothing signed")
	}

	one := uint256.MustFromBig(gwei(1))
	_, err = gate.Node.Withdraw(ctx, ch.ID, one)
	require.NoError(t, err)
	withdrawn, err := nodetest.WithdrawnOnChain(ctx, net, ch.ID, gate.Addr())
	require.NoError(t, err)
	require.Equal(t, new(uint256.Int).Add(unpaid, one).ToBig(), withdrawn, "the new total pays the unpaid withdraw too")

	closed, err := car.Node.CloseChannel(ctx, ch.ID, true)
	require.NoError(t, err)
	require.Equal(t, channels.PhaseSettled, closed.Phase)
}

// TestExpiredWithdrawIsRenewed: a withdraw both sides count expired before
// it was sent (the node was off). The node's resend has the partner co-sign the same total
// again with a new expiry and sends that: the chain pays exactly the
// counted total, both sides still count it once, and a cooperative close
// then goes through.
func TestExpiredWithdrawIsRenewed(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	net, car, gate, ch, gi := carAndGate(t, ctx, 21, 22)

	expiry := chainNow(t, ctx, net) + 2
	unpaid := uint256.MustFromBig(gwei(3_000))
	first := countWithdraw(t, ctx, car, gate, ch.ID, unpaid, expiry)
	// The gate is off until the withdraw has expired.
	gate.Stop()
	waitChainPast(t, ctx, net, expiry, "the withdraw expires")
	gate.Start()

	require.Eventually(t, func() bool {
		withdrawn, err := nodetest.WithdrawnOnChain(ctx, net, ch.ID, gate.Addr())
		return err == nil && withdrawn.Cmp(unpaid.ToBig()) == 0
	}, time.Minute, 100*time.Millisecond, "the renewed withdraw is paid")
	renewed, err := car.Node.Store().Withdraw(ctx, ch.ID, gate.Addr())
	require.NoError(t, err)
	require.Equal(t, first.Withdraw.TotalWithdraw, renewed.Withdraw.TotalWithdraw)
	require.Greater(t, renewed.Withdraw.Expiry, first.Withdraw.Expiry+uint64(node.WithdrawExpiry/time.Second)/2, "co-signed again with a new expiry")
	for _, d := range []*device{car, gate} {
		require.Equal(t, *unpaid, d.Channel(ch.ID).Withdrawn[gi], "counted once")
	}

	closed, err := car.Node.CloseChannel(ctx, ch.ID, true)
	require.NoError(t, err)
	require.Equal(t, channels.PhaseSettled, closed.Phase)
}

// TestKeptWithdrawWaitsForPendingTransaction: while a transaction of the
// gate's waits in the pool (it may be the first send of the withdraw), the
// resend sends nothing, not even behind it; once the pool is clear it
// sends the kept withdraw.
func TestKeptWithdrawWaitsForPendingTransaction(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const gateIdx = 24
	net, car, gate, ch, _ := carAndGate(t, ctx, 23, gateIdx)
	eth := net.Client()
	key, err := devnet.DeviceKey(gateIdx)
	require.NoError(t, err)
	chainID, err := eth.ChainID(ctx)
	require.NoError(t, err)
	signer := types.LatestSignerForChainID(chainID)
	nonce, err := eth.PendingNonceAt(ctx, gate.Addr())
	require.NoError(t, err)
	// A fee cap of 1 wei is under the base fee: the pool keeps the
	// transaction, no block takes it.
	send := func(feeCap *big.Int) {
		tx, err := types.SignNewTx(key, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce, GasTipCap: feeCap, GasFeeCap: feeCap, Gas: 21_000, To: &common.Address{}})
		require.NoError(t, err)
		require.NoError(t, eth.SendTransaction(ctx, tx))
	}
	send(big.NewInt(1))
	head, err := eth.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	require.Positive(t, head.BaseFee.Cmp(big.NewInt(1)), "base fee %s", head.BaseFee)

	expiry := chainNow(t, ctx, net) + uint64(node.WithdrawExpiry/time.Second)
	amount := uint256.MustFromBig(gwei(3_000))
	countWithdraw(t, ctx, car, gate, ch.ID, amount, expiry)

	time.Sleep(3 * time.Second) // several resend rounds (every 10 polls of 100 ms)
	pending, err := eth.PendingNonceAt(ctx, gate.Addr())
	require.NoError(t, err)
	require.Equal(t, nonce+1, pending, "nothing queued behind the waiting transaction")
	mined, err := eth.NonceAt(ctx, gate.Addr(), nil)
	require.NoError(t, err)
	require.Equal(t, nonce, mined, "the waiting transaction is still waiting")

	// Replace it with one the chain takes: the pool clears, and the next
	// round sends the withdraw.
	send(new(big.Int).Mul(head.BaseFee, big.NewInt(4)))
	require.Eventually(t, func() bool {
		withdrawn, err := nodetest.WithdrawnOnChain(ctx, net, ch.ID, gate.Addr())
		return err == nil && withdrawn.Cmp(amount.ToBig()) == 0
	}, time.Minute, 100*time.Millisecond, "sent once the pool is clear")
}
