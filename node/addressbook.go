package node

import (
	"context"
	"strings"
	"sync"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
)

// addressBook maps on-chain addresses to the peer IDs that prove them. An
// address is a hash of the public key, so the peer ID must be learned (from
// a connection or an offer); the book keeps partners' IDs and last
// addresses in the store so a restarted node can reconnect.
type addressBook struct {
	store bookStore

	mu    sync.Mutex
	peers map[channels.Address]peer.ID
	// saved is each address's entry as last written to the store: the
	// same entry learnt again (every offer a device republishes, every
	// reconnection) is not written again.
	saved map[channels.Address]string
}

// bookStore is what the address book needs of the node's store.
type bookStore interface {
	Commit(ctx context.Context, u store.Update) error
	Meta(ctx context.Context, name string) ([]byte, error)
}

func newAddressBook(st bookStore) *addressBook {
	return &addressBook{store: st, peers: map[channels.Address]peer.ID{}, saved: map[channels.Address]string{}}
}

func bookKey(a channels.Address) string { return "node/peer/" + a.Hex() }

func (b *addressBook) peer(a channels.Address) (peer.ID, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	p, ok := b.peers[a]
	return p, ok
}

// learn records that peer p proves address a, reachable at addrs.
func (b *addressBook) learn(ctx context.Context, a channels.Address, p peer.ID, addrs []ma.Multiaddr, extra ma.Multiaddr) {
	b.mu.Lock()
	b.peers[a] = p
	b.mu.Unlock()
	parts := []string{p.String()}
	for _, m := range addrs {
		parts = append(parts, m.String())
	}
	if extra != nil && len(addrs) == 0 {
		parts = append(parts, extra.String())
	}
	entry := strings.Join(parts, "\n")
	b.mu.Lock()
	same := b.saved[a] == entry
	b.mu.Unlock()
	if same {
		return
	}
	// Best effort: an unsaved entry is learned again on the next connection.
	if b.store.Commit(ctx, store.Update{Meta: map[string][]byte{bookKey(a): []byte(entry)}}) == nil {
		b.mu.Lock()
		b.saved[a] = entry
		b.mu.Unlock()
	}
}

// restore loads the saved peers of the given addresses into the book and
// their addresses into the host's peerstore.
func (b *addressBook) restore(ctx context.Context, h host.Host, addrs map[channels.Address]bool) {
	for a := range addrs {
		v, err := b.store.Meta(ctx, bookKey(a))
		if err != nil {
			continue
		}
		parts := strings.Split(string(v), "\n")
		p, err := peer.Decode(parts[0])
		if err != nil {
			continue
		}
		b.mu.Lock()
		b.peers[a] = p
		b.saved[a] = string(v)
		b.mu.Unlock()
		for _, s := range parts[1:] {
			if m, err := ma.NewMultiaddr(s); err == nil {
				h.Peerstore().AddAddr(p, m, peerstore.PermanentAddrTTL)
			}
		}
	}
}
