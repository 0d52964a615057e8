package node

import (
	"context"
	"testing"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
)

// countingBook is a bookStore that counts its writes.
type countingBook struct {
	meta   map[string][]byte
	writes int
}

func (c *countingBook) Commit(_ context.Context, u store.Update) error {
	for k, v := range u.Meta {
		c.meta[k] = v
	}
	c.writes++
	return nil
}

func (c *countingBook) Meta(_ context.Context, name string) ([]byte, error) {
	v, ok := c.meta[name]
	if !ok {
		return nil, store.ErrNotFound
	}
	return v, nil
}

// TestAddressBookWritesChanges: an entry learnt again unchanged (every
// offer a device republishes, every reconnection) is not written again;
// a new address is, and so is an entry after a restart only if it changed.
func TestAddressBookWritesChanges(t *testing.T) {
	ctx := context.Background()
	st := &countingBook{meta: map[string][]byte{}}
	a := channels.Address{1}
	_, pub, err := crypto.GenerateEd25519Key(nil)
	require.NoError(t, err)
	p, err := peer.IDFromPublicKey(pub)
	require.NoError(t, err)
	here, there := ma.StringCast("/ip4/10.0.0.1/tcp/4001"), ma.StringCast("/ip4/10.0.0.2/tcp/4001")

	b := newAddressBook(st, noPartners)
	b.learn(ctx, a, p, []ma.Multiaddr{here}, nil)
	b.learn(ctx, a, p, []ma.Multiaddr{here}, nil)
	require.Equal(t, 1, st.writes, "the same entry twice")
	b.learn(ctx, a, p, []ma.Multiaddr{there}, nil)
	require.Equal(t, 2, st.writes, "a new address")
	got, ok := b.peer(a)
	require.True(t, ok)
	require.Equal(t, p, got)

	// A restarted node's book knows what the store holds.
	h, err := libp2p.New(libp2p.NoListenAddrs)
	require.NoError(t, err)
	defer h.Close()
	b = newAddressBook(st, noPartners)
	b.restore(ctx, h, map[channels.Address]bool{a: true})
	got, ok = b.peer(a)
	require.True(t, ok)
	require.Equal(t, p, got)
	require.Equal(t, []ma.Multiaddr{there}, h.Peerstore().Addrs(p))
	b.learn(ctx, a, p, []ma.Multiaddr{there}, nil)
	require.Equal(t, 2, st.writes, "unchanged since before the restart")
}

func noPartners() map[channels.Address]bool { return nil }

// TestAddressBookBounded: identities anyone can make up fill the book only
// up to its limit: past it the least recently learnt entry of a
// non-partner goes, from memory and from the store, while partners' stay
// however long ago they were learnt.
func TestAddressBookBounded(t *testing.T) {
	ctx := context.Background()
	st := &countingBook{meta: map[string][]byte{}}
	partner := channels.Address{0xff}
	b := newAddressBook(st, func() map[channels.Address]bool { return map[channels.Address]bool{partner: true} })
	b.limit = 3
	here := ma.StringCast("/ip4/10.0.0.1/tcp/4001")
	id := func() peer.ID {
		_, pub, err := crypto.GenerateEd25519Key(nil)
		require.NoError(t, err)
		p, err := peer.IDFromPublicKey(pub)
		require.NoError(t, err)
		return p
	}
	b.learn(ctx, partner, id(), []ma.Multiaddr{here}, nil)
	for i := range 10 {
		b.learn(ctx, channels.Address{byte(i)}, id(), []ma.Multiaddr{here}, nil)
		if i == 8 {
			b.learn(ctx, channels.Address{1}, id(), []ma.Multiaddr{here}, nil) // learnt again: recent
		}
	}
	kept := func(a channels.Address) bool {
		_, ok := b.peer(a)
		v, err := st.Meta(ctx, bookKey(a))
		require.Equal(t, ok, err == nil && len(v) > 0, "memory and store agree on %s", a)
		return ok
	}
	require.True(t, kept(partner), "a partner stays")
	for i := range 10 {
		want := i >= 8 || i == 1
		require.Equal(t, want, kept(channels.Address{byte(i)}), "entry %d", i)
	}
	require.Len(t, b.peers, 4, "the partner and three others")
	require.Len(t, b.saved, 4)
	require.Len(t, b.learnt, 4)
}
