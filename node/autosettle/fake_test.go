package autosettle_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/autosettle"
)

var (
	errPartnerDown = errors.New("fake: partner unreachable")
	errChainDown   = errors.New("fake: transaction failed")
)

// fakeNode is a node without network or chain: channels in memory, a
// partner that co-signs unless it is down, a chain that executes unless it
// is down, and a chain clock for the challenge period.
type fakeNode struct {
	t    *testing.T
	self common.Address

	mu          sync.Mutex
	chs         map[channels.ChannelID]*channels.Channel
	order       []channels.ChannelID
	partnerDown map[channels.ChannelID]bool
	chainDown   bool
	chainTime   uint64
	withdraws   []channels.ChannelID   // executed single withdraws
	batches     [][]channels.ChannelID // executed batches (one token)
	hook        func(channels.ChannelID)

	listedOnce sync.Once
	listed     chan struct{} // closed at the first Channels call
}

var _ autosettle.Backend = (*fakeNode)(nil)

func newFakeNode(t *testing.T) *fakeNode {
	return &fakeNode{
		t: t, self: common.HexToAddress("0x5e11e5"), chainTime: 1_700_000_000,
		chs: map[channels.ChannelID]*channels.Channel{}, partnerDown: map[channels.ChannelID]bool{},
		listed: make(chan struct{}),
	}
}

// open adds an open channel with a new partner where we deposited deposit.
func (f *fakeNode) open(deposit uint64) channels.ChannelID {
	f.t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	partner := common.BigToAddress(uint256.NewInt(uint64(0x1000 + len(f.order))).ToBig())
	ch, err := channels.NewChannel(channels.Params{
		ChainID: 1337, Contract: common.HexToAddress("0xc0"), Counter: uint64(len(f.order) + 1), ChallengePeriod: 600,
		Participants: channels.SortParticipants(f.self, partner),
	})
	require.NoError(f.t, err)
	ch, err = ch.Apply(channels.Opened{})
	require.NoError(f.t, err)
	self, _ := ch.Params.Index(f.self)
	ch.Deposit[self] = *uint256.NewInt(deposit)
	ch.Deposit[channels.Partner(self)] = *uint256.NewInt(1_000_000)
	f.chs[ch.ID] = &ch
	f.order = append(f.order, ch.ID)
	return ch.ID
}

// receive is a payment from the partner, reported like node.OnReceived.
func (f *fakeNode) receive(id channels.ChannelID, amount uint64) {
	f.mu.Lock()
	ch := f.chs[id]
	p := channels.Partner(f.index(ch))
	tr := &ch.Proofs[p].Proof.TransferredAmount
	tr.Add(tr, uint256.NewInt(amount))
	hook := f.hook
	f.mu.Unlock()
	if hook != nil {
		hook(id)
	}
}

// pay is a payment of ours to the partner.
func (f *fakeNode) pay(id channels.ChannelID, amount uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := f.chs[id]
	tr := &ch.Proofs[f.index(ch)].Proof.TransferredAmount
	tr.Add(tr, uint256.NewInt(amount))
}

func (f *fakeNode) index(ch *channels.Channel) int {
	i, err := ch.Params.Index(f.self)
	require.NoError(f.t, err)
	return i
}

// withdrawn is our withdrawn total on the channel.
func (f *fakeNode) withdrawn(id channels.ChannelID) uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := f.chs[id]
	return ch.Withdrawn[f.index(ch)].Uint64()
}

func (f *fakeNode) phase(id channels.ChannelID) channels.Phase {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.chs[id].Phase
}

func (f *fakeNode) set(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn()
}

func (f *fakeNode) Address() common.Address { return f.self }

func (f *fakeNode) Channels() []channels.Channel {
	f.listedOnce.Do(func() { close(f.listed) })
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]channels.Channel, 0, len(f.order))
	for _, id := range f.order {
		out = append(out, *f.chs[id])
	}
	return out
}

func (f *fakeNode) Channel(id channels.ChannelID) (channels.Channel, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch, ok := f.chs[id]
	if !ok {
		return channels.Channel{}, fmt.Errorf("fake: unknown channel %s", id)
	}
	return *ch, nil
}

// take co-signs and counts a withdraw of amount, under f.mu.
func (f *fakeNode) take(id channels.ChannelID, amount *uint256.Int) error {
	ch := f.chs[id]
	if ch.Phase != channels.PhaseOpen {
		return fmt.Errorf("fake: channel %s is %s", id, ch.Phase)
	}
	if f.partnerDown[id] {
		return fmt.Errorf("withdraw %s: %w", id, errPartnerDown)
	}
	self := f.index(ch)
	avail, err := ch.Available(self)
	if err != nil {
		return err
	}
	if amount.IsZero() || amount.Gt(&avail) {
		return fmt.Errorf("fake: withdraw %s of %s, available %s", id, amount, &avail)
	}
	w := &ch.Withdrawn[self]
	w.Add(w, amount)
	return nil
}

func (f *fakeNode) Withdraw(_ context.Context, id channels.ChannelID, amount *uint256.Int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.take(id, amount); err != nil {
		return err
	}
	if f.chainDown {
		return fmt.Errorf("withdraw %s on chain (co-signed, kept): %w", id, errChainDown)
	}
	f.withdraws = append(f.withdraws, id)
	return nil
}

func (f *fakeNode) WithdrawAll(_ context.Context, ids []channels.ChannelID, keep *uint256.Int) ([]channels.ChannelID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var errs []error
	var signed []channels.ChannelID
	for _, id := range ids {
		ch := f.chs[id]
		avail, err := ch.Available(f.index(ch))
		if err != nil || ch.Phase != channels.PhaseOpen || !avail.Gt(keep) {
			continue
		}
		if err := f.take(id, new(uint256.Int).Sub(&avail, keep)); err != nil {
			errs = append(errs, err)
			continue
		}
		signed = append(signed, id)
	}
	if len(signed) == 0 {
		return nil, errors.Join(errs...)
	}
	if f.chainDown {
		return nil, errors.Join(append(errs, errChainDown)...)
	}
	f.batches = append(f.batches, signed)
	return signed, errors.Join(errs...)
}

func (f *fakeNode) CloseUnilaterally(_ context.Context, id channels.ChannelID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := f.chs[id]
	next, err := ch.Apply(channels.Closed{Closer: f.index(ch), At: f.chainTime})
	if err != nil {
		return err
	}
	*ch = next
	return nil
}

func (f *fakeNode) SettleIfDue(_ context.Context, id channels.ChannelID) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := f.chs[id]
	if ch.Phase == channels.PhaseSettled {
		return true, nil
	}
	if ch.Phase != channels.PhaseClosing || f.chainTime <= ch.SettleAfter {
		return false, nil
	}
	next, err := ch.Apply(channels.Settled{})
	if err != nil {
		return false, err
	}
	*ch = next
	return true, nil
}

func (f *fakeNode) OnReceived(fn func(channels.ChannelID)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hook = fn
}

// clock is a manual clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Unix(1_700_000_000, 0)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
