package offers

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	pspb "github.com/libp2p/go-libp2p-pubsub/pb"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/identity"
)

func fmtWrap(err error) error { return fmt.Errorf("context: %w", err) }

func testDevice(t *testing.T, name string) *identity.Identity {
	t.Helper()
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte("meshpay/offers internal test " + name)))
	require.NoError(t, err)
	id, err := identity.New(key)
	require.NoError(t, err)
	return id
}

func message(data []byte, from peer.ID) *pubsub.Message {
	return &pubsub.Message{Message: &pspb.Message{Data: data, From: []byte(from)}, ReceivedFrom: from}
}

// TestValidatorDecisions drives the topic validator and the subscription
// handler without a network: what is rejected, what is ignored, what is
// counted and what ends up in the table.
func TestValidatorDecisions(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	contract := common.Address{0xcc}
	self, seller := testDevice(t, "self"), testDevice(t, "seller")
	b, err := newBoard(self, Config{ChainID: 7, Contract: contract, MaxPerSeller: 2, Now: func() time.Time { return now }})
	require.NoError(t, err)

	offer := func(service string, seq, price uint64) []byte {
		o := Offer{
			Service: service, Unit: "pass", PricePerUnit: *uint256.NewInt(price), ChainID: 7, Contract: contract,
			Seller: seller.Address(), PeerID: seller.PeerID(), Seq: seq, Expiry: uint64(now.Add(time.Hour).Unix()),
		}
		data, err := Sign(&o, seller.ECDSA())
		require.NoError(t, err)
		return data
	}
	steps := []struct {
		name   string
		data   []byte
		from   peer.ID
		want   pubsub.ValidationResult
		reason Reason
		price  uint64 // of the seller's toll offer in the table afterwards; 0: none
	}{
		{"garbage", []byte("junk"), seller.PeerID(), pubsub.ValidationReject, ReasonMalformed, 0},
		{"replayed by another origin", offer("toll", 5, 10), self.PeerID(), pubsub.ValidationReject, ReasonWrongOrigin, 0},
		{"first", offer("toll", 5, 10), seller.PeerID(), pubsub.ValidationAccept, "", 10},
		{"republished", offer("toll", 5, 10), seller.PeerID(), pubsub.ValidationAccept, "", 10},
		{"stale", offer("toll", 4, 9), seller.PeerID(), pubsub.ValidationIgnore, ReasonStale, 10},
		{"same seq, other offer", offer("toll", 5, 9), seller.PeerID(), pubsub.ValidationIgnore, ReasonSeqConflict, 10},
		{"newer", offer("toll", 6, 8), seller.PeerID(), pubsub.ValidationAccept, "", 8},
		{"second service", offer("parking", 1, 1), seller.PeerID(), pubsub.ValidationAccept, "", 8},
		{"third service over the seller limit", offer("data", 1, 1), seller.PeerID(), pubsub.ValidationIgnore, ReasonSellerLimit, 8},
	}
	want := map[Reason]uint64{}
	for _, s := range steps {
		msg := message(s.data, s.from)
		require.Equal(t, s.want, b.validate(context.Background(), s.from, msg), s.name)
		if s.want == pubsub.ValidationAccept {
			require.IsType(t, received{}, msg.ValidatorData, s.name)
			b.receive(msg)
		} else {
			want[s.reason]++
		}
		require.Equal(t, want, b.Stats(), s.name)
		toll := b.Offers(Filter{Service: "toll"})
		if s.price == 0 {
			require.Empty(t, toll, s.name)
		} else {
			require.Len(t, toll, 1, s.name)
			require.Equal(t, s.price, toll[0].PricePerUnit.Uint64(), s.name)
		}
	}

	// Accepted by the validator, then overtaken before Run stores it.
	older, newer := message(offer("parking", 2, 5), seller.PeerID()), message(offer("parking", 3, 4), seller.PeerID())
	require.Equal(t, pubsub.ValidationAccept, b.validate(context.Background(), "", older))
	require.Equal(t, pubsub.ValidationAccept, b.validate(context.Background(), "", newer))
	b.receive(newer)
	b.receive(older)
	want[ReasonStale]++
	require.Equal(t, want, b.Stats())
	parking := b.Offers(Filter{Service: "parking"})
	require.Len(t, parking, 1)
	require.Equal(t, uint64(3), parking[0].Seq)

	// Our own messages come back through the subscription; they are not
	// stored from there (Publish stores them).
	mine := Offer{
		Service: "toll", Unit: "pass", PricePerUnit: *uint256.NewInt(1), ChainID: 7, Contract: contract,
		Seller: self.Address(), PeerID: self.PeerID(), Seq: 1, Expiry: uint64(now.Add(time.Hour).Unix()),
	}
	data, err := Sign(&mine, self.ECDSA())
	require.NoError(t, err)
	msg := message(data, self.PeerID())
	require.Equal(t, pubsub.ValidationAccept, b.validate(context.Background(), self.PeerID(), msg))
	b.receive(msg)
	require.Empty(t, b.Offers(Filter{Seller: &mine.Seller}))
}
