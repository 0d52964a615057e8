package node_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/internal/nodetest"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
	"github.com/meshpay/meshpay/settlement"
)

// TestKeptSettleIsSent: a cooperative settle that both sides signed but
// that never reached the chain is sent by whichever side holds it, on its
// own. When the co-signer's answer is lost, the requester still has the
// channel open and the co-signer (settling, so taking no payments) sends
// it; when the requester stops before sending, it sends it itself, also
// after a restart. The side that did not send is paid exactly its
// balance in the settle. When the gate counts a withdraw the chain has not
// paid (the settle leaves it out of the pot, so the chain would refuse the
// settle), the car's settle waits until the gate has sent the withdraw.
func TestKeptSettleIsSent(t *testing.T) {
	for _, tc := range []struct {
		name           string
		car, gate      int // device accounts
		answerLost     bool
		restart        bool
		unpaidWithdraw bool
	}{
		{name: "answer lost", car: 15, gate: 16, answerLost: true},
		{name: "requester did not send", car: 17, gate: 18},
		{name: "requester restarted", car: 19, gate: 20, restart: true},
		{name: "unpaid withdraw first", car: 25, gate: 26, unpaidWithdraw: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testKeptSettle(t, tc.car, tc.gate, tc.answerLost, tc.restart, tc.unpaidWithdraw)
		})
	}
}

func testKeptSettle(t *testing.T, carIdx, gateIdx int, answerLost, restart, unpaidWithdraw bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Blocks come every 100 ms: a first send would be mined or failed
	// long before a second.
	quick := func(c *node.Config) { c.Chain.SettleResendDelay = time.Second }
	net, car, gate, ch, gi := carAndGateWith(t, ctx, carIdx, gateIdx, []func(*node.Config){quick, func(c *node.Config) {
		if answerLost {
			// Only the co-signer sends: the car's resolve round would
			// get the same co-signature again (see
			// TestSettleWhoseAnswerIsLate) and send it too.
			c.Chain.ResendInterval = time.Hour
		}
	}}, quick, func(c *node.Config) {
		if !answerLost {
			c.Chain.ResendInterval = time.Hour // only the requester sends
		}
	})
	ci := channels.Partner(gi)
	withdrawn := uint256.NewInt(0)
	if unpaidWithdraw {
		withdrawn = uint256.MustFromBig(gwei(3_000))
		countWithdraw(t, ctx, car, gate, ch.ID, withdrawn, chainNow(t, ctx, net)+uint64(node.WithdrawExpiry/time.Second))
	}
	carBefore, gateBefore := balanceOf(t, ctx, net, car.Addr()), balanceOf(t, ctx, net, gate.Addr())
	startBlock, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)

	settle, err := coSignThroughEngines(ctx, car, gate, ch.ID, answerLost)
	require.Equal(t, channels.PhaseSettling, gate.Channel(ch.ID).Phase, "the gate co-signed")
	if answerLost {
		require.Error(t, err)
		require.Equal(t, channels.PhaseOpen, car.Channel(ch.ID).Phase, "no answer, still open")
	} else {
		require.NoError(t, err)
		require.Equal(t, channels.PhaseSettling, car.Channel(ch.ID).Phase)
	}
	if restart {
		car.Stop()
		car.Start()
	}
	if unpaidWithdraw {
		// The car's settle is due, but the chain would refuse it: it
		// waits through several rounds. The gate's round at its next
		// start sends the withdraw (of a settling channel), and then the
		// car's settle goes through.
		time.Sleep(3 * time.Second)
		require.Equal(t, channels.PhaseSettling, car.Channel(ch.ID).Phase)
		gate.Stop()
		gate.Start()
	}

	require.Eventually(t, func() bool {
		info, err := nodetest.ChannelInfo(ctx, net, ch.ID)
		return err == nil && info.Phase == 3 // PHASE_SETTLED
	}, time.Minute, 100*time.Millisecond, "the kept settle is sent")
	require.Eventually(t, func() bool {
		return car.Channel(ch.ID).Phase == channels.PhaseSettled && gate.Channel(ch.ID).Phase == channels.PhaseSettled
	}, 30*time.Second, 50*time.Millisecond)

	if unpaidWithdraw {
		// The gate sent the withdraw: with its fee, it got the withdraw
		// and its settle balance.
		require.Equal(t, new(uint256.Int).Sub(gatePaid, withdrawn), &settle.Balances[gi], "the settle leaves the withdraw out")
		last, err := net.Client().BlockNumber(ctx)
		require.NoError(t, err)
		rcpts, fees := txsFrom(t, ctx, net, gate.Addr(), startBlock, last)
		require.NotEmpty(t, rcpts)
		got := new(big.Int).Sub(balanceOf(t, ctx, net, gate.Addr()), gateBefore)
		require.Equal(t, gatePaid.ToBig(), got.Add(got, fees), "paid the withdraw and the settle")
		return
	}
	// The side that did not send paid no gas: its balance grew by exactly
	// its share.
	if answerLost {
		got := new(big.Int).Sub(balanceOf(t, ctx, net, car.Addr()), carBefore)
		require.Equal(t, settle.Balances[ci].ToBig(), got, "the car is paid its balance")
	} else {
		got := new(big.Int).Sub(balanceOf(t, ctx, net, gate.Addr()), gateBefore)
		require.Equal(t, settle.Balances[gi].ToBig(), got, "the gate is paid its balance")
		require.Equal(t, gatePaid.ToBig(), got)
	}
}

// coSignThroughEngines has the car's engine ask the gate's engine directly
// for a cooperative settle of channel id, so the node sends nothing on
// chain, and returns the settle asked for. With answerLost the gate
// co-signs and keeps it, but its answer does not reach the car.
func coSignThroughEngines(ctx context.Context, car, gate *device, id channels.ChannelID, answerLost bool) (channels.CooperativeSettle, error) {
	var settle channels.CooperativeSettle
	_, err := car.Node.Engine().CooperativeSettle(ctx, id, func(ctx context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
		settle = s
		theirs, err := gate.Node.Engine().CoSignSettle(ctx, car.Addr(), s, sig)
		if err == nil && answerLost {
			return channels.Signature{}, errors.New("answer lost")
		}
		return theirs, err
	})
	return settle, err
}

// TestVoidSettle: a co-signed settle the chain can never take does not
// leave its channel settling (no payments, deposits locked) for good. The
// settle is void when
//   - someone deposited after the signing (anyone may deposit for a
//     participant; the node itself refuses to deposit into a settling
//     channel), which changed the pot for good. Participant A has the
//     partner co-sign a new settle over the larger pot and sends that;
//     with the partner away, it closes unilaterally;
//   - a withdraw both sides count expired unpaid: the settle leaves it out
//     of the pot, and a settling channel renews nothing. The side that
//     holds it closes unilaterally.
//
// A partner that refuses the new settle for good gets the channel closed
// at once. Either way each side ends up paid what the latest proofs say (after a
// close, once the challenge period is over).
func TestVoidSettle(t *testing.T) {
	for _, tc := range []voidSettleCase{
		{name: "deposit after signing", car: 27, gate: 28, deposit: true},
		{name: "deposit after signing, partner away", car: 39, gate: 38, deposit: true, partnerAway: true},
		{name: "deposit after signing, partner refuses", car: 40, gate: 41, deposit: true, partnerRefuses: true},
		{name: "withdraw expired unpaid", car: 29, gate: 30},
	} {
		t.Run(tc.name, func(t *testing.T) { testVoidSettle(t, tc) })
	}
}

type voidSettleCase struct {
	name      string
	car, gate int // device accounts
	deposit   bool
	// partnerAway: the gate is off from the signing until the car
	// closed. partnerRefuses: meanwhile someone with the gate's key
	// refuses every request for good.
	partnerAway, partnerRefuses bool
}

func testVoidSettle(t *testing.T, tc voidSettleCase) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The chain's clock gains a second a block (10 blocks a second): the
	// test skips the rest of the period once the gate's disputer has
	// answered the close.
	const period = 600
	net := testNet.Get(t)
	quick := func(c *node.Config) { c.Chain.SettleResendDelay = 2 * time.Second }
	closes := &closeReasons{}
	car := newDevice(t, net, tc.car, tcpListen, quick, func(c *node.Config) { c.Logger = slog.New(closes) })
	// Only the car sends: the gate's resend runs once, at its start.
	gate := newDevice(t, net, tc.gate, tcpListen, quick, func(c *node.Config) { c.Chain.ResendInterval = time.Hour })
	deposited := gwei(1_000_000)
	ch := car.OpenChannel(ctx, gate, uint256.MustFromBig(deposited), period)
	_, err := car.Node.Pay(ctx, ch.ID, gatePaid, "passes")
	require.NoError(t, err)
	gi, err := ch.Params.Index(gate.Addr())
	require.NoError(t, err)
	ci := channels.Partner(gi)
	if tc.deposit {
		require.Equal(t, channels.PartA, ci, "devices chosen so that the car is A, which asks for a new settle")
	}
	away := tc.partnerAway || tc.partnerRefuses

	var expiry uint64
	withdrawn := uint256.NewInt(0)
	if !tc.deposit {
		// About six seconds of the wall's: past the settle's resend
		// delay, so a close before the expiry would show.
		expiry = chainNow(t, ctx, net) + 60
		withdrawn = uint256.MustFromBig(gwei(3_000))
		countWithdraw(t, ctx, car, gate, ch.ID, withdrawn, expiry)
	}
	carBefore, gateBefore := balanceOf(t, ctx, net, car.Addr()), balanceOf(t, ctx, net, gate.Addr())
	startBlock, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)

	// Both sides are settling, nothing is sent.
	settle, err := coSignThroughEngines(ctx, car, gate, ch.ID, false)
	require.NoError(t, err)
	require.Equal(t, new(uint256.Int).Sub(gatePaid, withdrawn), &settle.Balances[gi], "the settle leaves the withdraw out")
	var refusals *atomic.Int32
	if away {
		gate.Stop()
	}
	if tc.partnerRefuses {
		refusals = refuseAs(t, ctx, net, tc.gate, car, channels.ErrChannelNotOpen)
	}
	extra := gwei(5)
	if tc.deposit {
		_, err := car.Node.Deposit(ctx, ch.ID, uint256.MustFromBig(extra))
		require.ErrorIs(t, err, channels.ErrChannelNotOpen, "the node does not deposit into a settling channel")
		// Device 31 runs no node.
		depositFor(t, ctx, net, 31, ch.Params, car.Addr(), new(big.Int).Add(deposited, extra))
	}

	// What the latest proofs give each side (the gate all it was paid:
	// its withdraw never was).
	want := [2]*big.Int{}
	want[gi] = gatePaid.ToBig()
	want[ci] = new(big.Int).Sub(deposited, gatePaid.ToBig())
	if tc.deposit {
		want[ci].Add(want[ci], extra)
	}
	settledOnChain := func() bool {
		info, err := nodetest.ChannelInfo(ctx, net, ch.ID)
		return err == nil && info.Phase == 3 && // PHASE_SETTLED
			car.Channel(ch.ID).Phase == channels.PhaseSettled && gate.Channel(ch.ID).Phase == channels.PhaseSettled
	}
	if tc.deposit && !away {
		require.Eventually(t, settledOnChain, 30*time.Second, 50*time.Millisecond, "a new settle is co-signed and sent")
		closed := car.Channel(ch.ID)
		require.Zero(t, closed.SettleAfter, "settled cooperatively, never closed")
		require.Equal(t, want[ci], closed.Settle.Settle.Balances[ci].ToBig(), "the new settle pays the deposit")
	} else {
		require.Eventually(t, func() bool { return car.Channel(ch.ID).Phase == channels.PhaseClosing }, 30*time.Second, 50*time.Millisecond,
			"the car closes unilaterally")
		if !tc.deposit {
			head, err := net.Client().HeaderByNumber(ctx, nil)
			require.NoError(t, err)
			require.Greater(t, head.Time, expiry, "closed only once the withdraw had expired")
		}
		if tc.partnerRefuses {
			require.Positive(t, refusals.Load())
			require.Contains(t, closes.String(), "the partner refuses a new settle", "closed on the refusal, not once the wait ran out")
		}
		if away {
			gate.Start()
		}
		// The gate's disputer answers with the car's proof.
		require.Eventually(t, func() bool {
			info, err := nodetest.ChannelInfo(ctx, net, ch.ID)
			fromCar := [2]*big.Int{channels.PartA: info.TransferredFromA, channels.PartB: info.TransferredFromB}[ci]
			return err == nil && fromCar != nil && fromCar.Cmp(gatePaid.ToBig()) == 0
		}, 30*time.Second, 50*time.Millisecond, "the gate updates the close")
		require.Eventually(t, func() bool { return net.AdjustTime(period*time.Second) == nil }, 10*time.Second, 50*time.Millisecond)
		require.Eventually(t, settledOnChain, time.Minute, 100*time.Millisecond, "settled after the challenge period")
	}

	// Each side got its share, less the fees it paid.
	last, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	for i, d := range map[int]struct {
		dev    *device
		before *big.Int
	}{ci: {car, carBefore}, gi: {gate, gateBefore}} {
		rcpts, fees := txsFrom(t, ctx, net, d.dev.Addr(), startBlock, last)
		if i == ci {
			require.NotEmpty(t, rcpts, "the car sent the settle or the close")
		}
		got := new(big.Int).Sub(balanceOf(t, ctx, net, d.dev.Addr()), d.before)
		require.Equal(t, want[i], got.Add(got, fees), "participant %d", i)
	}
}

// depositFor has device payer, which runs no node, raise participant's
// deposit in channel p to total on chain: anyone may.
func depositFor(t *testing.T, ctx context.Context, net *devnet.Devnet, payer int, p channels.Params, participant channels.Address, total *big.Int) {
	t.Helper()
	key, err := devnet.DeviceKey(payer)
	require.NoError(t, err)
	desc := net.Descriptor()
	c, err := settlement.Dial(ctx, settlement.ClientConfig{
		URL: net.HTTPURL(), ChainID: desc.ChainID, Contract: desc.ChannelManager, Key: key, PollInterval: 25 * time.Millisecond,
	})
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Deposit(ctx, p, participant, total)
	require.NoError(t, err)
}

// TestCooperativeCloseWaitsForDeposit: a deposit the chain holds but the
// nodes' watchers have not counted yet (they wait for confirmations) is
// not left out of a cooperative close: the node signs only once it counts
// the chain's deposits, so the settle goes through and pays the deposit.
// A settle signed over the old deposits would revert. A close that waits
// longer than a few polls gives up (503 through the control API) with
// nothing signed.
func TestCooperativeCloseWaitsForDeposit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	slow := func(c *node.Config) { c.Chain.Confirmations = 5 }
	withControl := func(c *node.Config) { c.DisableControl, c.ControlAddr = false, "127.0.0.1:0" }
	net, car, _, ch, gi := carAndGateWith(t, ctx, 32, 33, []func(*node.Config){slow, withControl}, slow)
	ci := channels.Partner(gi)
	before := car.Channel(ch.ID).Deposit[ci]
	extra := gwei(7)
	total := new(big.Int).Add(before.ToBig(), extra)
	depositFor(t, ctx, net, 31, ch.Params, car.Addr(), total)
	require.Equal(t, before, car.Channel(ch.ID).Deposit[ci], "not counted yet")

	// No more blocks: the deposit never gets its confirmations.
	resume := pauseBlocks(t, net)
	apiErr := closeThroughAPI(t, ctx, car, ch.ID)
	require.Equal(t, http.StatusServiceUnavailable, apiErr.Status, "%v", apiErr)
	require.Contains(t, apiErr.Message, "not counted")
	require.Equal(t, channels.PhaseOpen, car.Channel(ch.ID).Phase, "nothing signed")
	resume()

	closed, err := car.Node.CloseChannel(ctx, ch.ID, true)
	require.NoError(t, err)
	require.Equal(t, channels.PhaseSettled, closed.Phase)
	require.Equal(t, uint256.MustFromBig(total), &closed.Deposit[ci])
	want := new(big.Int).Sub(total, gatePaid.ToBig())
	require.Equal(t, uint256.MustFromBig(want), &closed.Settle.Settle.Balances[ci], "the settle pays the deposit")
	require.Equal(t, gatePaid, &closed.Settle.Settle.Balances[gi])
}

// TestCoSignerWaitsForDeposit: a requester that asks for a settle over
// the deposits from before a fresh one (it did not wait for its watcher)
// gets BALANCE_MISMATCH from a co-signer that has not counted the deposit
// either, rather than a co-signature on a settle the chain would refuse.
// The requester is the car's key speaking the wire protocol by hand.
func TestCoSignerWaitsForDeposit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const carIdx = 34
	slow := func(c *node.Config) { c.Chain.Confirmations = 3 }
	net, car, gate, ch, gi := carAndGateWith(t, ctx, carIdx, 35, nil, slow)
	ci := channels.Partner(gi)
	car.Stop()
	deposited := gate.Channel(ch.ID).Deposit[ci]
	depositFor(t, ctx, net, 31, ch.Params, car.Addr(), new(big.Int).Add(deposited.ToBig(), gwei(7)))
	// No more blocks: the deposit cannot get its confirmations.
	defer pauseBlocks(t, net)()

	key, err := devnet.DeviceKey(carIdx)
	require.NoError(t, err)
	m := newMalloryWithKey(t, key)
	desc := net.Descriptor()
	c, hello := m.dialChain(ctx, gate.Node, wire.Hello{Version: wire.Version, ChainID: desc.ChainID, Contract: desc.ChannelManager, Address: car.Addr()})
	require.NotNil(t, hello.GetHello(), "greeted: %v", hello)
	require.Equal(t, deposited, gate.Channel(ch.ID).Deposit[ci], "the gate has not counted the deposit yet")

	var s channels.CooperativeSettle
	s.ChannelID = ch.ID
	s.Balances[gi] = *gatePaid
	s.Balances[ci].Sub(&deposited, gatePaid)
	domain := channels.NewDomain(desc.ChainID, desc.ChannelManager)
	sig, err := channels.NewKeySigner(key).SignDigest(domain.CooperativeSettleDigest(&s))
	require.NoError(t, err)
	resp := c.roundTrip(&pb.Envelope{Id: 2, Body: &pb.Envelope_SettleRequest{SettleRequest: &pb.SettleRequest{Settle: wire.EncodeSettle(s, sig)}}})
	requireCode(t, resp, pb.ErrorCode_ERROR_CODE_BALANCE_MISMATCH)
	require.Equal(t, channels.PhaseOpen, gate.Channel(ch.ID).Phase, "nothing co-signed")
}

// TestNoSettleWhileOurDepositIsOnItsWay: while a deposit of the gate's
// waits to be mined, the gate co-signs no settle (the deposit would void
// it): the car's cooperative close gets BALANCE_MISMATCH. Once the
// deposit is mined and counted, the close goes through and pays it.
func TestNoSettleWhileOurDepositIsOnItsWay(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	net, car, gate, ch, gi := carAndGate(t, ctx, 36, 37)
	resume := pauseBlocks(t, net)
	extra := uint256.MustFromBig(gwei(7))
	deposited := make(chan error, 1)
	go func() {
		_, err := gate.Node.Deposit(ctx, ch.ID, extra)
		deposited <- err
	}()
	require.Eventually(t, func() bool {
		pending, err1 := net.Client().PendingNonceAt(ctx, gate.Addr())
		mined, err2 := net.Client().NonceAt(ctx, gate.Addr(), nil)
		return err1 == nil && err2 == nil && pending > mined
	}, 10*time.Second, 20*time.Millisecond, "the deposit waits in the pool")

	closeCtx, cancelClose := context.WithTimeout(ctx, 20*time.Second)
	defer cancelClose()
	_, err := car.Node.CloseChannel(closeCtx, ch.ID, true)
	require.ErrorIs(t, err, channels.ErrBalanceMismatch)
	require.Equal(t, channels.PhaseOpen, gate.Channel(ch.ID).Phase, "nothing co-signed")
	require.Equal(t, channels.PhaseOpen, car.Channel(ch.ID).Phase)

	resume()
	require.NoError(t, <-deposited)
	closed, err := car.Node.CloseChannel(ctx, ch.ID, true)
	require.NoError(t, err)
	require.Equal(t, channels.PhaseSettled, closed.Phase)
	require.Equal(t, new(uint256.Int).Add(gatePaid, extra), &closed.Settle.Settle.Balances[gi], "the settle pays the deposit")
}

// refuseAs has someone with device idx's key stand in for its node towards
// victim: greeted, it answers every request with an error for refusal.
// It returns the count of settle requests it refused.
func refuseAs(t *testing.T, ctx context.Context, net *devnet.Devnet, idx int, victim *device, refusal error) *atomic.Int32 {
	t.Helper()
	key, err := devnet.DeviceKey(idx)
	require.NoError(t, err)
	m := newMalloryWithKey(t, key)
	desc := net.Descriptor()
	hello := wire.Hello{Version: wire.Version, ChainID: desc.ChainID, Contract: desc.ChannelManager, Address: m.id.Address()}
	settles := new(atomic.Int32)
	m.host.SetStreamHandler(wire.ProtocolID, func(st network.Stream) {
		defer st.Close()
		r, w := wire.NewReader(st, 1<<20), wire.NewWriter(st)
		for {
			var env pb.Envelope
			if r.Read(&env) != nil {
				return
			}
			answer := wire.ErrorEnvelope(env.GetId(), refusal)
			switch {
			case env.GetHello() != nil:
				answer = &pb.Envelope{Id: env.GetId(), Body: &pb.Envelope_Hello{Hello: wire.EncodeHello(hello)}}
			case env.GetSettleRequest() != nil:
				settles.Add(1)
			}
			if w.WriteFlush(answer) != nil {
				return
			}
		}
	})
	require.NoError(t, m.host.Connect(ctx, victim.Node.Host().Peerstore().PeerInfo(victim.Node.PeerID())))
	return settles
}

// closeReasons is a slog handler that keeps why a node closed channels
// unilaterally because their settle was void.
type closeReasons struct {
	mu  sync.Mutex
	why []string
}

func (h *closeReasons) Enabled(context.Context, slog.Level) bool { return true }
func (h *closeReasons) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *closeReasons) WithGroup(string) slog.Handler            { return h }

func (h *closeReasons) Handle(_ context.Context, r slog.Record) error {
	if !strings.HasPrefix(r.Message, "closing a channel unilaterally") {
		return nil
	}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "why" {
			h.mu.Lock()
			h.why = append(h.why, a.Value.String())
			h.mu.Unlock()
		}
		return true
	})
	return nil
}

func (h *closeReasons) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return strings.Join(h.why, "\n")
}

// TestSettleWhoseAnswerIsLate: the car asks to close cooperatively while
// the gate is busy (a withdraw of its own holds the channel) past both
// sides' patience, so the gate gives up on the request too. From then on
// the car pays nothing on the channel (the gate might be settling, and
// would refuse a proof the car signed) and shows the settle pending. The
// car's resolve round asks again with the same request, the gate co-signs
// it, both are settling, and the operator's next close sends it.
func TestSettleWhoseAnswerIsLate(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	net, car, gate, ch, _ := carAndGateWith(t, ctx, 46, 47, []func(*node.Config){func(c *node.Config) {
		c.Chain.ResendInterval = time.Second
	}}, func(c *node.Config) {
		c.Limits.RequestTimeout = 2 * time.Second
		// The gate's held withdraw below is pending while it waits, and
		// its resolve rounds ask the car for it: the car, whose settle
		// is pending, co-signs no withdraw meanwhile.
		c.Chain.ResendInterval = time.Second
	})

	asking, release := make(chan struct{}), make(chan struct{})
	gateDone := make(chan error, 1)
	go func() {
		expiry := uint64(time.Now().Add(time.Hour).Unix())
		_, err := gate.Node.Engine().Withdraw(ctx, ch.ID, uint256.MustFromBig(gwei(1)), expiry, func(context.Context, channels.Withdraw, channels.Signature) (channels.Signature, error) {
			close(asking)
			<-release
			return channels.Signature{}, fmt.Errorf("%w: held back", engine.ErrNotSent)
		})
		gateDone <- err
	}()
	<-asking

	closeCtx, closeCancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	_, err := car.Node.CloseChannel(closeCtx, ch.ID, true)
	closeCancel()
	require.ErrorIs(t, err, node.ErrPartnerUnavailable)
	require.Equal(t, channels.PhaseOpen, car.Channel(ch.ID).Phase)
	shown, err := car.Node.ControlService().Channel(ctx, ch.ID.Hex())
	require.NoError(t, err)
	require.True(t, shown.SettlePending)
	_, err = car.Node.Pay(ctx, ch.ID, uint256.MustFromBig(gwei(1)), "while the settle is pending")
	require.ErrorIs(t, err, engine.ErrSettlePending)

	time.Sleep(3 * time.Second) // past the gate's request timeout
	close(release)
	require.Error(t, <-gateDone)
	require.Eventually(t, func() bool {
		return car.Channel(ch.ID).Phase == channels.PhaseSettling && gate.Channel(ch.ID).Phase == channels.PhaseSettling
	}, 30*time.Second, 50*time.Millisecond, "asked again and co-signed")
	require.False(t, car.Node.Engine().PendingSettle(ch.ID))

	settled, err := car.Node.CloseChannel(ctx, ch.ID, true)
	require.NoError(t, err)
	require.Equal(t, channels.PhaseSettled, settled.Phase)
	info, err := nodetest.ChannelInfo(ctx, net, ch.ID)
	require.NoError(t, err)
	require.EqualValues(t, 3, info.Phase, "settled on chain") // PHASE_SETTLED
}
