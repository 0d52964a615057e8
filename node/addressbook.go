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
//
// Anyone can make up identities and connect, or publish offers, so the
// book holds at most limit entries of addresses that are not partners:
// past that the least recently learnt of them goes, from memory and from
// the store. Partners' entries always stay.
type addressBook struct {
	store    bookStore
	partners func() map[channels.Address]bool
	limit    int

	mu    sync.Mutex
	peers map[channels.Address]peer.ID
	// saved is each address's entry as last written to the store: the
	// same entry learnt again (every offer a device republishes, every
	// reconnection) is not written again.
	saved map[channels.Address]string
	// learnt orders the entries by when they were last learnt.
	learnt map[channels.Address]uint64
	clock  uint64
}

// addressBookLimit bounds the book's entries of non-partners: far more
// peers than a device meets, a few hundred KB at most.
const addressBookLimit = 4096

// bookStore is what the address book needs of the node's store.
type bookStore interface {
	Commit(ctx context.Context, u store.Update) error
	Meta(ctx context.Context, name string) ([]byte, error)
}

// newAddressBook returns a book over st; partners lists the addresses
// whose entries must stay.
func newAddressBook(st bookStore, partners func() map[channels.Address]bool) *addressBook {
	return &addressBook{store: st, partners: partners, limit: addressBookLimit,
		peers: map[channels.Address]peer.ID{}, saved: map[channels.Address]string{}, learnt: map[channels.Address]uint64{}}
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
	b.clock++
	b.learnt[a] = b.clock
	over := len(b.peers) > b.limit
	b.mu.Unlock()
	if over {
		b.evict(ctx)
	}
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
		if _, ok := b.peers[a]; ok { // not evicted meanwhile
			b.saved[a] = entry
		}
		b.mu.Unlock()
	}
}

// evict drops the least recently learnt entries of non-partners until
// there are at most limit of them.
func (b *addressBook) evict(ctx context.Context) {
	keep := b.partners()
	b.mu.Lock()
	others := len(b.peers)
	for a := range keep {
		if _, ok := b.peers[a]; ok {
			others--
		}
	}
	var gone []channels.Address
	for ; others > b.limit; others-- {
		var oldest channels.Address
		var at uint64
		found := false
		for a, t := range b.learnt {
			if !keep[a] && (!found || t < at) {
				oldest, at, found = a, t, true
			}
		}
		if !found {
			break
		}
		delete(b.peers, oldest)
		delete(b.learnt, oldest)
		if _, ok := b.saved[oldest]; ok {
			delete(b.saved, oldest)
			gone = append(gone, oldest)
		}
	}
	b.mu.Unlock()
	if len(gone) == 0 {
		return
	}
	u := store.Update{Meta: map[string][]byte{}}
	for _, a := range gone {
		u.Meta[bookKey(a)] = []byte{}
	}
	// Best effort: an entry left in the store is only read back if its
	// address becomes a partner.
	_ = b.store.Commit(ctx, u)
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
		b.clock++
		b.learnt[a] = b.clock
		b.mu.Unlock()
		for _, s := range parts[1:] {
			if m, err := ma.NewMultiaddr(s); err == nil {
				h.Peerstore().AddAddr(p, m, peerstore.PermanentAddrTTL)
			}
		}
	}
}
