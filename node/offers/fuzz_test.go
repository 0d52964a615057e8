package offers_test

import (
	"errors"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/offers"
	"github.com/meshpay/meshpay/node/offers/pb"
)

// FuzzDecodeOffer feeds arbitrary bytes to Decode and Policy.Check. Neither
// may panic and every error must be one of the package's sentinels. What
// decodes must be within bounds and survive re-encoding; what Check
// accepts must be signed by its seller, originate from the seller's peer,
// and be for our chain and contract, live and within MaxTTL.
func FuzzDecodeOffer(f *testing.F) {
	seller, other := device(f, "seller"), device(f, "other")
	policy := offers.Policy{ChainID: testChain, Contract: testContract, MaxTTL: testTTL}

	full := offerBy(seller, "charging", 250_000, time.Hour)
	full.Unit, full.Description = "kWh", "22 kW, type 2"
	full.Addrs = []ma.Multiaddr{ma.StringCast("/ip4/10.0.0.7/tcp/4001"), ma.StringCast("/ip6/::1/udp/4001/quic-v1")}
	f.Add(signed(f, full, seller))
	f.Add(signed(f, offerBy(seller, "toll", 1, time.Minute), seller))
	f.Add(signed(f, offerBy(seller, "toll", 1, time.Minute), other))
	f.Add(signed(f, offerBy(seller, "toll", 1, -time.Minute), seller))
	f.Add(signPB(f, wireOffer(seller), seller, nil))
	f.Add(signPB(f, &pb.Offer{Service: "x"}, seller, nil))
	f.Add([]byte{})
	f.Add([]byte("\x0a\x00\x12\x00"))

	decodeErrs := []error{offers.ErrTooLarge, offers.ErrMalformed, offers.ErrInvalid, offers.ErrBadSignature}
	checkErrs := append(decodeErrs, offers.ErrWrongSigner, offers.ErrPeerIDMismatch, offers.ErrWrongOrigin,
		offers.ErrWrongChain, offers.ErrWrongContract, offers.ErrExpired, offers.ErrExpiryTooFar)

	f.Fuzz(func(t *testing.T, data []byte) {
		o, signer, err := offers.Decode(data)
		if err != nil {
			requireOneOf(t, err, decodeErrs)
			_, err2 := policy.Check(data, seller.PeerID(), t0)
			require.Equal(t, offers.ReasonOf(err), offers.ReasonOf(err2), "Check fails as Decode does")
			return
		}
		require.NoError(t, o.Validate())

		// Re-encoding gives back the same offer.
		again, err := offers.Sign(&o, seller.ECDSA())
		require.NoError(t, err)
		o2, signer2, err := offers.Decode(again)
		require.NoError(t, err)
		require.Equal(t, o, o2)
		require.Equal(t, seller.Address(), signer2)

		for _, from := range []peer.ID{o.PeerID, seller.PeerID()} {
			got, err := policy.Check(data, from, t0)
			if err != nil {
				requireOneOf(t, err, checkErrs)
				continue
			}
			require.Equal(t, o, got)
			require.Equal(t, signer, got.Seller)
			require.Equal(t, from, got.PeerID)
			require.Equal(t, uint64(testChain), got.ChainID)
			require.Equal(t, testContract, got.Contract)
			require.True(t, got.Live(t0))
			require.LessOrEqual(t, got.Expiry, uint64(t0.Add(testTTL).Unix()))
		}
	})
}

func requireOneOf(t *testing.T, err error, sentinels []error) {
	t.Helper()
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("untyped error: %v", err)
}
