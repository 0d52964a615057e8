package engine_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
)

func TestConcurrentPaymentsCoalesce(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1_000_000, 0)
	const n = 500
	var wg sync.WaitGroup
	receipts := make([]engine.Receipt, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			receipts[i], errs[i] = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(uint64(i+1)), fmt.Sprintf("ref-%d", i))
		}()
	}
	wg.Wait()
	nonces := map[uint64]bool{}
	for i := range n {
		require.NoError(t, errs[i])
		require.Equal(t, fmt.Sprintf("ref-%d", i), receipts[i].Reference)
		require.Equal(t, uint64(i+1), receipts[i].Amount.Uint64())
		nonces[receipts[i].Nonce] = true
	}
	require.Less(t, len(nonces), n, "concurrent payments share proofs")

	want := uint64(n * (n + 1) / 2)
	for _, p := range []*party{h.alice, h.bob} {
		ch, err := p.eng.Channel(h.id)
		require.NoError(t, err)
		i, _ := ch.Params.Index(h.alice.signer.Address())
		require.Equal(t, want, ch.Transferred(i).Uint64())
		require.NoError(t, ch.CheckInvariant())
		pays, err := p.store.Payments(ctx, h.id, 0)
		require.NoError(t, err)
		require.Len(t, pays, n, "every payment has its own record on both sides")
	}
}

func TestOverspendRefusedIndividually(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 100, 0)
	_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(60), "a")
	require.NoError(t, err)
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(41), "b")
	require.ErrorIs(t, err, channels.ErrOverspend)
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(40), "c")
	require.NoError(t, err)
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(0), "zero")
	require.ErrorIs(t, err, engine.ErrInvalidAmount)
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(1), string(make([]byte, store.MaxReferenceLen+1)))
	require.ErrorIs(t, err, engine.ErrInvalidReference)
	// Bob can spend what he received.
	_, err = h.bob.eng.Pay(ctx, h.id, uint256.NewInt(100), "back")
	require.NoError(t, err)
	_, err = h.bob.eng.Pay(ctx, h.id, uint256.NewInt(1), "more")
	require.ErrorIs(t, err, channels.ErrOverspend)
}

func TestReceiveRejectsBadDeliveries(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1_000, 0)
	_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(10), "first")
	require.NoError(t, err)
	before, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	ai, _ := before.Params.Index(h.alice.signer.Address())
	last := before.Proofs[ai]

	sign := func(nonce, amount uint64) channels.SignedBalanceProof {
		sp, err := channels.SignBalanceProof(before.Domain(), channels.BalanceProof{ChannelID: h.id, Nonce: nonce, TransferredAmount: *uint256.NewInt(amount)}, h.alice.signer)
		require.NoError(t, err)
		return sp
	}
	forged, err := channels.SignBalanceProof(before.Domain(), channels.BalanceProof{ChannelID: h.id, Nonce: 99, TransferredAmount: *uint256.NewInt(20)}, channels.NewKeySigner(partyKey(t, "mallory")))
	require.NoError(t, err)

	tests := []struct {
		name string
		from channels.Address
		d    engine.Delivery
		want error
	}{
		{"peer acting for another address", h.bob.signer.Address(), engine.Delivery{Proof: sign(1_000_000, 20)}, engine.ErrWrongPeer},
		{"forged signature", h.alice.signer.Address(), engine.Delivery{Proof: forged}, channels.ErrWrongSigner},
		{"stale proof", h.alice.signer.Address(), engine.Delivery{Proof: sign(last.Proof.Nonce-1, 20)}, channels.ErrNonceNotIncreasing},
		{"overspend", h.alice.signer.Address(), engine.Delivery{Proof: sign(1_000_000, 1_001)}, channels.ErrOverspend},
		{"payments claim more than the proof", h.alice.signer.Address(), engine.Delivery{Proof: sign(1_000_000, 20), Payments: []engine.PaymentInfo{{Amount: *uint256.NewInt(11)}}}, engine.ErrPaymentsMismatch},
		{"payment from a future proof", h.alice.signer.Address(), engine.Delivery{Proof: sign(1_000_000, 20), Payments: []engine.PaymentInfo{{Amount: *uint256.NewInt(10), Nonce: 1_000_001}}}, engine.ErrPaymentsMismatch},
		{"zero payment inside", h.alice.signer.Address(), engine.Delivery{Proof: sign(1_000_000, 20), Payments: []engine.PaymentInfo{{Amount: *uint256.NewInt(10)}, {}}}, engine.ErrPaymentsMismatch},
		{"too many payments", h.alice.signer.Address(), engine.Delivery{Proof: sign(1_000_000, 20), Payments: make([]engine.PaymentInfo, 5000)}, engine.ErrTooManyPayments},
		{"unknown channel", h.alice.signer.Address(), engine.Delivery{Proof: channels.SignedBalanceProof{Proof: channels.BalanceProof{ChannelID: channels.ChannelID{1}}}}, engine.ErrUnknownChannel},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.bob.eng.Receive(ctx, tc.from, tc.d)
			require.ErrorIs(t, err, tc.want)
			after, err := h.bob.eng.Channel(h.id)
			require.NoError(t, err)
			require.Equal(t, before, after, "honest state unchanged")
			pays, err := h.bob.store.Payments(ctx, h.id, 0)
			require.NoError(t, err)
			require.Len(t, pays, 1, "nothing stored")
		})
	}

	// A retransmitted latest proof is acknowledged again, stored once.
	ack, err := h.bob.eng.Receive(ctx, h.alice.signer.Address(), engine.Delivery{Proof: last})
	require.NoError(t, err)
	require.Equal(t, last.Proof.Nonce, ack.Nonce)
}

func TestRestartRecoversAndSkipsReservedNonces(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1_000, 0)
	r1, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(5), "before")
	require.NoError(t, err)
	upto, err := h.alice.store.Reservation(ctx, h.id)
	require.NoError(t, err)
	require.GreaterOrEqual(t, upto, r1.Nonce)

	h.restart(t)
	ch, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	ai, _ := ch.Params.Index(h.alice.signer.Address())
	require.Equal(t, uint64(5), ch.Transferred(ai).Uint64())

	r2, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(7), "after")
	require.NoError(t, err)
	require.Greater(t, r2.Nonce, upto, "nonces reserved before the restart are never reused")
	require.Equal(t, uint64(12), r2.Transferred.Uint64())
}

func TestUnacknowledgedPaymentCompletesLater(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1_000, 0)
	h.alice.eng.SetDeliverer(failing{})
	_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(5), "lost")
	require.ErrorIs(t, err, engine.ErrUnacknowledged)
	h.alice.eng.SetDeliverer(loopback{from: h.alice.signer.Address(), to: func() *engine.Engine { return h.bob.eng }})
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(1), "next")
	require.NoError(t, err)
	ch, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	ai, _ := ch.Params.Index(h.alice.signer.Address())
	require.Equal(t, uint64(6), ch.Transferred(ai).Uint64(), "cumulative proofs carry the unacknowledged payment")
	pays, err := h.bob.store.Payments(ctx, h.id, 0)
	require.NoError(t, err)
	require.Len(t, pays, 2, "the lost payment is itemized when its proof never arrived")
	require.Equal(t, "lost", pays[0].Reference)
	require.Equal(t, uint64(5), pays[0].Amount.Uint64())
	require.Equal(t, "next", pays[1].Reference)
	require.Equal(t, store.Received, pays[1].Direction)
}

// lostAck delivers but drops the acknowledgement.
type lostAck struct{ loopback }

func (l lostAck) Deliver(ctx context.Context, d engine.Delivery) (engine.Ack, error) {
	if _, err := l.loopback.Deliver(ctx, d); err != nil {
		return engine.Ack{}, err
	}
	return engine.Ack{}, fmt.Errorf("ack lost")
}

func TestLostAckNotRecordedTwice(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1_000, 0)
	lb := loopback{from: h.alice.signer.Address(), to: func() *engine.Engine { return h.bob.eng }}
	h.alice.eng.SetDeliverer(lostAck{lb})
	_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(5), "acked-late")
	require.ErrorIs(t, err, engine.ErrUnacknowledged)
	h.alice.eng.SetDeliverer(lb)
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(1), "next")
	require.NoError(t, err)
	pays, err := h.bob.store.Payments(ctx, h.id, 0)
	require.NoError(t, err)
	var sum uint64
	for _, p := range pays {
		sum += p.Amount.Uint64()
	}
	require.Equal(t, uint64(6), sum, "records add up to what was received, nothing twice")
	require.Len(t, pays, 2)
}

type failing struct{}

func (failing) Deliver(context.Context, engine.Delivery) (engine.Ack, error) {
	return engine.Ack{}, fmt.Errorf("link down")
}

func TestApplyPersistsEvents(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 100, 0)
	ch, err := h.alice.eng.Apply(ctx, h.id, channels.Closed{Closer: 0, At: 10})
	require.NoError(t, err)
	require.Equal(t, channels.PhaseClosing, ch.Phase)
	_, err = h.alice.eng.Apply(ctx, h.id, channels.Opened{})
	require.ErrorIs(t, err, channels.ErrIllegalTransition)
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(1), "x")
	require.ErrorIs(t, err, channels.ErrChannelNotOpen)
	h.restart(t)
	ch, err = h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, channels.PhaseClosing, ch.Phase)
}

// pipe is a loopback transport that keeps several proofs in flight: Send
// queues the delivery for one worker that hands them to the partner in
// order, as a stream would.
type pipe struct {
	loopback
	queue chan pipeItem
}

type pipeItem struct {
	d    engine.Delivery
	done chan pipeResult
}

type pipeResult struct {
	ack engine.Ack
	err error
}

func newPipe(t *testing.T, l loopback) *pipe {
	p := &pipe{loopback: l, queue: make(chan pipeItem, 64)}
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case it := <-p.queue:
				ack, err := l.to().Receive(context.Background(), l.from, it.d)
				it.done <- pipeResult{ack, err}
			}
		}
	}()
	t.Cleanup(func() { close(stop) })
	return p
}

func (p *pipe) Send(_ context.Context, d engine.Delivery) (func() (engine.Ack, error), error) {
	it := pipeItem{d: d, done: make(chan pipeResult, 1)}
	p.queue <- it
	return func() (engine.Ack, error) { r := <-it.done; return r.ack, r.err }, nil
}

// TestPipelinedPayments keeps several proofs in flight: every payment gets
// its receipt, receipts never name a proof the payee does not hold, and the
// payee's records add up to the last proof.
func TestPipelinedPayments(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1_000_000, 0)
	p := newPipe(t, loopback{from: h.alice.signer.Address(), to: func() *engine.Engine { return h.bob.eng }})
	h.alice.eng.SetDeliverer(p)
	var wg sync.WaitGroup
	const payers, each = 32, 50
	for range payers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				r, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(2), "pipelined")
				require.NoError(t, err)
				bob, err := h.bob.eng.Channel(h.id)
				require.NoError(t, err)
				ai, _ := bob.Params.Index(h.alice.signer.Address())
				require.GreaterOrEqual(t, bob.Proofs[ai].Proof.Nonce, r.Nonce, "acked means the payee holds it")
			}
		}()
	}
	wg.Wait()
	bob, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	ai, _ := bob.Params.Index(h.alice.signer.Address())
	require.Equal(t, uint64(2*payers*each), bob.Proofs[ai].Proof.TransferredAmount.Uint64())
	pays, err := h.bob.store.Payments(ctx, h.id, 0)
	require.NoError(t, err)
	require.Len(t, pays, payers*each, "every payment itemized once")
}

// stuck is a pipelined transport whose acks never come until released.
type stuck struct {
	failing
	release chan struct{}
}

func (s stuck) Send(context.Context, engine.Delivery) (func() (engine.Ack, error), error) {
	return func() (engine.Ack, error) {
		<-s.release
		return engine.Ack{}, errors.New("released")
	}, nil
}

// TestWindowFullRefusesUnsigned: when the window of proofs in flight stays
// full, a payment is refused with ErrBusy and nothing is signed for it.
func TestWindowFullRefusesUnsigned(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 0)
	h.alice.close()
	h.alice.open(t, ctx, engine.Config{Window: 1, DeliverTimeout: 300 * time.Millisecond})
	s := stuck{release: make(chan struct{})}
	h.alice.eng.SetDeliverer(s)
	first := make(chan error, 1)
	go func() {
		_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(1), "in flight")
		first <- err
	}()
	require.Eventually(t, func() bool {
		ch, err := h.alice.eng.Channel(h.id)
		require.NoError(t, err)
		return !ch.Proofs[0].IsZero() || !ch.Proofs[1].IsZero()
	}, 5*time.Second, 5*time.Millisecond, "the first proof is signed and in flight")
	before, err := h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(1), "refused")
	require.ErrorIs(t, err, engine.ErrBusy)
	after, err := h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, before.Proofs, after.Proofs, "nothing signed for the refused payment")
	close(s.release)
	require.ErrorIs(t, <-first, engine.ErrUnacknowledged)
}

func TestParams(t *testing.T) {
	h := newHarness(t, 1000, 0)
	ch, err := h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	params, err := h.alice.eng.Params(h.id)
	require.NoError(t, err)
	require.Equal(t, ch.Params, params)
	_, err = h.alice.eng.Params(channels.ChannelID{1})
	require.ErrorIs(t, err, engine.ErrUnknownChannel)
}
