package offers_test

import (
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/offers"
	"github.com/meshpay/meshpay/node/offers/pb"
)

const (
	testChain = 1337
	testTTL   = 24 * time.Hour
)

var (
	testContract = common.HexToAddress("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC")
	// t0 is the tests' "now": the clocks start here.
	t0 = time.Unix(1_800_000_000, 0)
)

// device is a deterministic identity named name.
func device(t testing.TB, name string) *identity.Identity {
	t.Helper()
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte("meshpay/offers test device " + name)))
	require.NoError(t, err)
	id, err := identity.New(key)
	require.NoError(t, err)
	return id
}

// offerBy is a complete offer by seller for service, expiring in ttl from t0.
func offerBy(seller *identity.Identity, service string, price uint64, ttl time.Duration) offers.Offer {
	return offers.Offer{
		Service:      service,
		Unit:         "pass",
		PricePerUnit: *uint256.NewInt(price),
		ChainID:      testChain,
		Contract:     testContract,
		Seller:       seller.Address(),
		PeerID:       seller.PeerID(),
		Seq:          1,
		Expiry:       uint64(t0.Add(ttl).Unix()),
	}
}

// signed is offers.Sign that fails the test on error.
func signed(t testing.TB, o offers.Offer, signer *identity.Identity) []byte {
	t.Helper()
	data, err := offers.Sign(&o, signer.ECDSA())
	require.NoError(t, err)
	return data
}

// signPB signs a hand-built wire offer as the spec says, bypassing every
// check of offers.Sign, and lets mutSig change the signature.
func signPB(t testing.TB, m *pb.Offer, signer *identity.Identity, mutSig func([]byte) []byte) []byte {
	t.Helper()
	raw, err := proto.Marshal(m)
	require.NoError(t, err)
	sig, err := crypto.Sign(crypto.Keccak256([]byte("meshpay offer v1\x00"), raw), signer.ECDSA())
	require.NoError(t, err)
	if mutSig != nil {
		sig = mutSig(sig)
	}
	data, err := proto.Marshal(&pb.SignedOffer{Offer: raw, Signature: sig})
	require.NoError(t, err)
	return data
}

// wireOffer is offerBy in its wire form, built by hand from the spec.
func wireOffer(seller *identity.Identity) *pb.Offer {
	return &pb.Offer{
		Service:      "toll",
		Unit:         "pass",
		PricePerUnit: []byte{0x03, 0xe8},
		Token:        make([]byte, 20),
		ChainId:      testChain,
		Contract:     testContract.Bytes(),
		Seller:       seller.Address().Bytes(),
		PeerId:       []byte(seller.PeerID()),
		Addrs:        [][]byte{ma.StringCast("/ip4/10.0.0.7/tcp/4001").Bytes()},
		Seq:          1,
		Expiry:       uint64(t0.Add(time.Hour).Unix()),
		Description:  "A7 toll gate, northbound",
	}
}

// clock is a settable clock shared by the boards of a test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
