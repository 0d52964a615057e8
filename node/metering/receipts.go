package metering

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/node/metering/pb"
)

// DefaultMaxReceipts is how many receipts each side keeps by default.
const DefaultMaxReceipts = 1000

// metaStore is what receipts need of the node's store; *store.Badger has
// it.
type metaStore interface {
	Commit(ctx context.Context, u store.Update) error
	Meta(ctx context.Context, name string) ([]byte, error)
}

var _ metaStore = (*store.Badger)(nil)

// receiptLog keeps the most recent max receipts of one side, in memory and
// in the store's meta values: prefix+"count" is how many were ever added
// (8 bytes big-endian), prefix+"r/<count mod max>" holds each one.
type receiptLog struct {
	store  metaStore
	prefix string
	max    uint64

	mu    sync.Mutex
	count uint64
	// recent are the receipts in the window [count-len, count), oldest
	// first; index i is receipt number count-len+i.
	recent []Receipt
}

func newReceiptLog(s metaStore, prefix string, max int) *receiptLog {
	if max <= 0 {
		max = DefaultMaxReceipts
	}
	return &receiptLog{store: s, prefix: prefix, max: uint64(max)}
}

func (l *receiptLog) countKey() string { return l.prefix + "count" }
func (l *receiptLog) slotKey(n uint64) string {
	return l.prefix + "r/" + strconv.FormatUint(n%l.max, 10)
}

// load reads the kept receipts from the store.
func (l *receiptLog) load(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, err := l.store.Meta(ctx, l.countKey())
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("metering: load receipts: %w", err)
	}
	if len(b) != 8 {
		return fmt.Errorf("metering: load receipts: count of %d bytes", len(b))
	}
	l.count = binary.BigEndian.Uint64(b)
	first := uint64(0)
	if l.count > l.max {
		first = l.count - l.max
	}
	l.recent = l.recent[:0]
	for n := first; n < l.count; n++ {
		v, err := l.store.Meta(ctx, l.slotKey(n))
		if err != nil {
			return fmt.Errorf("metering: load receipt %d: %w", n, err)
		}
		var m pb.Receipt
		if err := proto.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("metering: load receipt %d: %w", n, err)
		}
		r, err := receiptFromPB(&m)
		if err != nil {
			return fmt.Errorf("metering: load receipt %d: %w", n, err)
		}
		l.recent = append(l.recent, r)
	}
	return nil
}

// put adds r, or replaces the kept receipt of the same session and role,
// in memory and then in the store. The memory copy is kept even when the
// store fails.
func (l *receiptLog) put(ctx context.Context, r Receipt) error {
	data, err := proto.MarshalOptions{Deterministic: true}.Marshal(receiptToPB(&r))
	if err != nil {
		return fmt.Errorf("metering: marshal receipt: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	n, found := uint64(0), false
	for i := len(l.recent) - 1; i >= 0; i-- {
		if l.recent[i].SessionID == r.SessionID && l.recent[i].Role == r.Role {
			l.recent[i] = r
			n, found = l.count-uint64(len(l.recent))+uint64(i), true
			break
		}
	}
	meta := map[string][]byte{}
	if !found {
		n = l.count
		l.count++
		l.recent = append(l.recent, r)
		if uint64(len(l.recent)) > l.max {
			l.recent = append(l.recent[:0:0], l.recent[1:]...)
		}
		meta[l.countKey()] = binary.BigEndian.AppendUint64(nil, l.count)
	}
	meta[l.slotKey(n)] = data
	if err := l.store.Commit(ctx, store.Update{Meta: meta}); err != nil {
		return fmt.Errorf("metering: store receipt %s: %w", r.SessionID, err)
	}
	return nil
}

// has reports whether a receipt of session id is kept.
func (l *receiptLog) has(id SessionID) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.recent {
		if l.recent[i].SessionID == id {
			return true
		}
	}
	return false
}

// list returns copies of the kept receipts, oldest first.
func (l *receiptLog) list() []Receipt {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Receipt, len(l.recent))
	copy(out, l.recent)
	return out
}

func receiptToPB(r *Receipt) *pb.Receipt {
	m := &pb.Receipt{
		SessionId: r.SessionID[:], Role: uint32(r.Role), Service: r.Service, Unit: r.Unit,
		PricePerUnit: encodeAmount(&r.PricePerUnit), Token: r.Token.Bytes(), ChannelId: r.ChannelID[:],
		Seller: r.Seller.Bytes(), Buyer: r.Buyer.Bytes(), Units: r.Units, Due: encodeAmount(&r.Due),
		Paid: encodeAmount(&r.Paid), FirstNonce: r.FirstNonce, LastNonce: r.LastNonce,
		StartUnixNano: unixNano(r.Start), EndUnixNano: unixNano(r.End), Reason: pb.Reason(r.Reason), Detail: r.Detail,
	}
	if r.Final != nil {
		m.Final = r.Final.toPB()
	}
	return m
}

func receiptFromPB(m *pb.Receipt) (Receipt, error) {
	r := Receipt{
		Role: Role(m.GetRole()), Service: m.GetService(), Unit: m.GetUnit(), Units: m.GetUnits(),
		FirstNonce: m.GetFirstNonce(), LastNonce: m.GetLastNonce(),
		Start: fromUnixNano(m.GetStartUnixNano()), End: fromUnixNano(m.GetEndUnixNano()),
		Reason: Reason(m.GetReason()), Detail: m.GetDetail(),
	}
	var err error
	if r.SessionID, err = decodeSessionID(m.GetSessionId()); err != nil {
		return r, err
	}
	if r.PricePerUnit, err = decodeAmount("price_per_unit", m.GetPricePerUnit()); err != nil {
		return r, err
	}
	if r.Token, err = decodeAddress("token", m.GetToken()); err != nil {
		return r, err
	}
	if r.ChannelID, err = decodeChannelID(m.GetChannelId()); err != nil {
		return r, err
	}
	if r.Seller, err = decodeAddress("seller", m.GetSeller()); err != nil {
		return r, err
	}
	if r.Buyer, err = decodeAddress("buyer", m.GetBuyer()); err != nil {
		return r, err
	}
	if r.Due, err = decodeAmount("due", m.GetDue()); err != nil {
		return r, err
	}
	if r.Paid, err = decodeAmount("paid", m.GetPaid()); err != nil {
		return r, err
	}
	if f := m.GetFinal(); f != nil {
		s := signedFromPB(f)
		r.Final = &s
	}
	return r, nil
}

// persistTimeout bounds storing one receipt.
const persistTimeout = 5 * time.Second

// unixNano is t in unix nanoseconds, 0 for the zero time.
func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromUnixNano is the inverse of unixNano.
func fromUnixNano(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}
