package offers

import (
	"bytes"
	"container/heap"
	"fmt"
	"sort"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// Filter selects offers; its zero value selects all.
type Filter struct {
	// Service, if set, is the only service kind returned.
	Service string
	// Unit, if set, is the only unit returned.
	Unit string
	// Token, if set, is the only token returned (the zero address is
	// native ETH). Prices are only comparable within one token.
	Token *common.Address
	// MaxPrice, if set, drops offers with a higher PricePerUnit.
	MaxPrice *uint256.Int
	// Seller, if set, is the only seller returned.
	Seller *common.Address
	// ExcludeSeller, if set, is left out (a buyer leaving out itself).
	ExcludeSeller *common.Address
}

func (f *Filter) match(o *Offer) bool {
	switch {
	case f.Service != "" && o.Service != f.Service,
		f.Unit != "" && o.Unit != f.Unit,
		f.Token != nil && o.Token != *f.Token,
		f.MaxPrice != nil && o.PricePerUnit.Gt(f.MaxPrice),
		f.Seller != nil && o.Seller != *f.Seller,
		f.ExcludeSeller != nil && o.Seller == *f.ExcludeSeller:
		return false
	}
	return true
}

// key is what a newer Seq replaces: one seller's offer for one service.
type key struct {
	seller  common.Address
	service string
}

type entry struct {
	offer Offer
	// digest identifies the exact message, so that a republish of the same
	// offer is told from a different offer with the same Seq.
	digest common.Hash
	index  int // in table.byExpiry
}

// table is the bounded set of held offers: one per seller and service,
// at most max in all and perSeller per seller; when full, the offer that
// expires soonest goes. It has no clock and no lock; the Board passes the
// time and holds the lock.
type table struct {
	max, perSeller int
	entries        map[key]*entry
	sellers        map[common.Address]int
	byExpiry       expiryHeap
}

func newTable(max, perSeller int) *table {
	return &table{max: max, perSeller: perSeller, entries: make(map[key]*entry), sellers: make(map[common.Address]int)}
}

// admit says whether put would take o (with message digest d), ignoring
// expiry: ErrStale for a lower Seq than the held one, ErrSeqConflict for a
// different message with the same Seq, ErrSellerLimit for a new service of
// a seller at its limit, nil otherwise (including a republish of the held
// offer).
func (t *table) admit(o *Offer, d common.Hash) error {
	e, ok := t.entries[key{o.Seller, o.Service}]
	switch {
	case !ok:
		if t.sellers[o.Seller] >= t.perSeller {
			return fmt.Errorf("%w: %s holds %d", ErrSellerLimit, o.Seller, t.perSeller)
		}
		return nil
	case o.Seq < e.offer.Seq:
		return fmt.Errorf("%w: %s %q seq %d, holding %d", ErrStale, o.Seller, o.Service, o.Seq, e.offer.Seq)
	case o.Seq == e.offer.Seq && d != e.digest:
		return fmt.Errorf("%w: %s %q seq %d", ErrSeqConflict, o.Seller, o.Service, o.Seq)
	}
	return nil
}

// put prunes what has expired at now and stores o unless admit refuses it
// or it has expired. It returns how many held offers were evicted to make
// room (possibly o itself, when it expires soonest).
func (t *table) put(o *Offer, d common.Hash, now time.Time) (evicted int, err error) {
	t.prune(now)
	if !o.Live(now) {
		return 0, fmt.Errorf("%w: expired at %d", ErrExpired, o.Expiry)
	}
	if err := t.admit(o, d); err != nil {
		return 0, err
	}
	k := key{o.Seller, o.Service}
	if e, ok := t.entries[k]; ok {
		if e.offer.Seq != o.Seq {
			e.offer, e.digest = o.clone(), d
			heap.Fix(&t.byExpiry, e.index)
		}
		return 0, nil
	}
	e := &entry{offer: o.clone(), digest: d}
	t.entries[k] = e
	t.sellers[o.Seller]++
	heap.Push(&t.byExpiry, e)
	for len(t.entries) > t.max {
		t.drop(heap.Pop(&t.byExpiry).(*entry))
		evicted++
	}
	return evicted, nil
}

// remove drops the seller's offer for service, if held.
func (t *table) remove(seller common.Address, service string) bool {
	e, ok := t.entries[key{seller, service}]
	if !ok {
		return false
	}
	heap.Remove(&t.byExpiry, e.index)
	t.drop(e)
	return true
}

// prune drops every offer that has expired at now.
func (t *table) prune(now time.Time) {
	for len(t.byExpiry) > 0 && !t.byExpiry[0].offer.Live(now) {
		t.drop(heap.Pop(&t.byExpiry).(*entry))
	}
}

// drop forgets e, already out of the heap.
func (t *table) drop(e *entry) {
	delete(t.entries, key{e.offer.Seller, e.offer.Service})
	if t.sellers[e.offer.Seller]--; t.sellers[e.offer.Seller] <= 0 {
		delete(t.sellers, e.offer.Seller)
	}
}

// list returns copies of the held offers f selects, cheapest first (ties:
// later expiry first, then seller and service), after pruning at now.
func (t *table) list(f *Filter, now time.Time) []Offer {
	t.prune(now)
	var out []Offer
	for _, e := range t.entries {
		if f.match(&e.offer) {
			out = append(out, e.offer.clone())
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if c := a.PricePerUnit.Cmp(&b.PricePerUnit); c != 0 {
			return c < 0
		}
		if a.Expiry != b.Expiry {
			return a.Expiry > b.Expiry
		}
		if c := bytes.Compare(a.Seller[:], b.Seller[:]); c != 0 {
			return c < 0
		}
		return a.Service < b.Service
	})
	return out
}

func (t *table) len() int { return len(t.entries) }

// expiryHeap is a min-heap of entries by expiry.
type expiryHeap []*entry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].offer.Expiry < h[j].offer.Expiry }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *expiryHeap) Push(x any) {
	e := x.(*entry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	e.index = -1
	return e
}
