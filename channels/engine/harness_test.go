package engine_test

import (
	"context"
	"crypto/ecdsa"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
)

// party is one side of the two-party harness: a key, a badger store on disk
// and an engine.
type party struct {
	key    *ecdsa.PrivateKey
	signer *channels.KeySigner
	dir    string
	store  *store.Badger
	eng    *engine.Engine
}

// loopback delivers straight into the partner's engine, as the wire would.
type loopback struct {
	from channels.Address
	to   func() *engine.Engine
}

func (l loopback) Deliver(ctx context.Context, d engine.Delivery) (engine.Ack, error) {
	return l.to().Receive(ctx, l.from, d)
}

func partyKey(t testing.TB, seed string) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(seed)))
	require.NoError(t, err)
	return k
}

func (p *party) open(t testing.TB, ctx context.Context, cfg engine.Config) {
	t.Helper()
	s, err := store.Open(p.dir)
	require.NoError(t, err)
	p.store = s
	cfg.Signer, cfg.Store = p.signer, s
	p.eng, err = engine.New(ctx, cfg)
	require.NoError(t, err)
}

func (p *party) close() {
	p.eng.Close()
	_ = p.store.Close()
}

// harness is Alice and Bob with one open channel; Alice deposited depA, Bob depB.
type harness struct {
	alice, bob *party
	id         channels.ChannelID
}

func newHarness(t testing.TB, depA, depB uint64) *harness {
	t.Helper()
	ctx := context.Background()
	h := &harness{}
	for i, name := range []string{"alice", "bob"} {
		k := partyKey(t, name)
		p := &party{key: k, signer: channels.NewKeySigner(k), dir: filepath.Join(t.TempDir(), name)}
		if i == 0 {
			h.alice = p
		} else {
			h.bob = p
		}
	}
	h.start(t, ctx)
	parts := channels.SortParticipants(h.alice.signer.Address(), h.bob.signer.Address())
	ch, err := channels.NewChannel(channels.Params{
		ChainID: 1337, Contract: common.HexToAddress("0xC0FFEE"), Participants: parts, Counter: 1, ChallengePeriod: 600,
	})
	require.NoError(t, err)
	ch, err = ch.Apply(channels.Opened{})
	require.NoError(t, err)
	for _, d := range []struct {
		who *party
		amt uint64
	}{{h.alice, depA}, {h.bob, depB}} {
		i, err := ch.Params.Index(d.who.signer.Address())
		require.NoError(t, err)
		ch, err = ch.Apply(channels.Deposited{Participant: i, Total: *uint256.NewInt(d.amt)})
		require.NoError(t, err)
	}
	require.NoError(t, h.alice.eng.AddChannel(ctx, ch))
	require.NoError(t, h.bob.eng.AddChannel(ctx, ch))
	h.id = ch.ID
	t.Cleanup(h.stop)
	return h
}

func (h *harness) start(t testing.TB, ctx context.Context) {
	h.alice.open(t, ctx, engine.Config{Deliverer: loopback{from: h.alice.signer.Address(), to: func() *engine.Engine { return h.bob.eng }}})
	h.bob.open(t, ctx, engine.Config{Deliverer: loopback{from: h.bob.signer.Address(), to: func() *engine.Engine { return h.alice.eng }}})
}

func (h *harness) stop() {
	h.alice.close()
	h.bob.close()
}

func (h *harness) restart(t testing.TB) {
	h.stop()
	h.start(t, context.Background())
}
