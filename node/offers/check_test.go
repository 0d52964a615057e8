package offers_test

import (
	"bytes"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	p2pcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/offers"
	"github.com/meshpay/meshpay/node/offers/pb"
)

func TestCheck(t *testing.T) {
	seller, other := device(t, "seller"), device(t, "other")
	policy := offers.Policy{ChainID: testChain, Contract: testContract, MaxTTL: testTTL}
	_, edPub, err := p2pcrypto.GenerateEd25519Key(bytes.NewReader(make([]byte, 64)))
	require.NoError(t, err)
	edPeer, err := peer.IDFromPublicKey(edPub)
	require.NoError(t, err)
	// highS turns a signature into its malleable twin (n-s, v flipped).
	highS := func(sig []byte) []byte {
		s := new(big.Int).SetBytes(sig[32:64])
		s.Sub(crypto.S256().Params().N, s)
		s.FillBytes(sig[32:64])
		sig[64] ^= 1
		return sig
	}

	tests := []struct {
		name   string
		mut    func(m *pb.Offer)
		signer string // "" is the seller
		mutSig func([]byte) []byte
		raw    []byte  // instead of a signed offer
		from   peer.ID // "" is the seller's peer
		noFrom bool    // an empty origin
		want   error
	}{
		{name: "valid", want: nil},
		{name: "valid without addrs and description", mut: func(m *pb.Offer) { m.Addrs, m.Description = nil, "" }},
		{name: "valid native token at the longest expiry", mut: func(m *pb.Offer) { m.Expiry = uint64(t0.Add(testTTL).Unix()) }},
		{name: "valid expiring in a second", mut: func(m *pb.Offer) { m.Expiry = uint64(t0.Unix()) + 1 }},
		{name: "valid 32-byte price", mut: func(m *pb.Offer) { m.PricePerUnit = bytes.Repeat([]byte{0xff}, 32) }},
		{name: "too large", raw: make([]byte, offers.MaxMessageSize+1), want: offers.ErrTooLarge},
		{name: "garbage", raw: []byte("not a protobuf\xff\xff"), want: offers.ErrMalformed},
		{name: "empty message", raw: []byte{}, want: offers.ErrMalformed},
		{name: "offer not an Offer", raw: []byte{0x0a, 0x02, 0xff, 0xff}, want: offers.ErrMalformed},
		{name: "short token", mut: func(m *pb.Offer) { m.Token = m.Token[:19] }, want: offers.ErrMalformed},
		{name: "no contract", mut: func(m *pb.Offer) { m.Contract = nil }, want: offers.ErrMalformed},
		{name: "long seller", mut: func(m *pb.Offer) { m.Seller = append(m.Seller, 0) }, want: offers.ErrMalformed},
		{name: "price leading zero", mut: func(m *pb.Offer) { m.PricePerUnit = []byte{0, 1} }, want: offers.ErrMalformed},
		{name: "price 33 bytes", mut: func(m *pb.Offer) { m.PricePerUnit = bytes.Repeat([]byte{1}, 33) }, want: offers.ErrMalformed},
		{name: "peer id not a multihash", mut: func(m *pb.Offer) { m.PeerId = []byte{0xff, 0xff} }, want: offers.ErrMalformed},
		{name: "addr not a multiaddr", mut: func(m *pb.Offer) { m.Addrs = [][]byte{{0xff, 0xff, 0xff}} }, want: offers.ErrMalformed},
		{name: "zero price", mut: func(m *pb.Offer) { m.PricePerUnit = nil }, want: offers.ErrInvalid},
		{name: "empty service", mut: func(m *pb.Offer) { m.Service = "" }, want: offers.ErrInvalid},
		{name: "upper-case service", mut: func(m *pb.Offer) { m.Service = "Toll" }, want: offers.ErrInvalid},
		{name: "service with space", mut: func(m *pb.Offer) { m.Service = "ev charging" }, want: offers.ErrInvalid},
		{name: "service 33 long", mut: func(m *pb.Offer) { m.Service = strings.Repeat("a", 33) }, want: offers.ErrInvalid},
		{name: "service 32 long", mut: func(m *pb.Offer) { m.Service = strings.Repeat("a-0", 10) + "zz" }},
		{name: "empty unit", mut: func(m *pb.Offer) { m.Unit = "" }, want: offers.ErrInvalid},
		{name: "unit with space", mut: func(m *pb.Offer) { m.Unit = "k Wh" }, want: offers.ErrInvalid},
		{name: "unit 17 long", mut: func(m *pb.Offer) { m.Unit = strings.Repeat("u", 17) }, want: offers.ErrInvalid},
		{name: "unit not ascii", mut: func(m *pb.Offer) { m.Unit = "m³" }, want: offers.ErrInvalid},
		{name: "description 129 bytes", mut: func(m *pb.Offer) { m.Description = strings.Repeat("d", 129) }, want: offers.ErrInvalid},
		{name: "description control character", mut: func(m *pb.Offer) { m.Description = "bell\a" }, want: offers.ErrInvalid},
		{name: "description unicode", mut: func(m *pb.Offer) { m.Description = "Ladesäule, 22 kW ⚡" }},
		{name: "9 addrs", mut: func(m *pb.Offer) {
			m.Addrs = nil
			for range 9 {
				m.Addrs = append(m.Addrs, ma.StringCast("/ip4/10.0.0.7/tcp/4001").Bytes())
			}
		}, want: offers.ErrInvalid},
		{name: "short signature", mutSig: func(b []byte) []byte { return b[:64] }, want: offers.ErrBadSignature},
		{name: "no signature", mutSig: func([]byte) []byte { return nil }, want: offers.ErrBadSignature},
		{name: "v 27", mutSig: func(b []byte) []byte { b[64] += 27; return b }, want: offers.ErrBadSignature},
		{name: "high s", mutSig: highS, want: offers.ErrBadSignature},
		{name: "zero r", mutSig: func(b []byte) []byte { clear(b[:32]); return b }, want: offers.ErrBadSignature},
		{name: "forged: signed by another key", signer: "other", want: offers.ErrWrongSigner},
		{name: "flipped bit in signature", mutSig: func(b []byte) []byte { b[5] ^= 1; return b }, want: offers.ErrWrongSigner},
		{name: "peer id of another device", mut: func(m *pb.Offer) { m.PeerId = []byte(other.PeerID()) }, want: offers.ErrPeerIDMismatch},
		{name: "ed25519 peer id", mut: func(m *pb.Offer) { m.PeerId = []byte(edPeer) }, want: offers.ErrPeerIDMismatch},
		{name: "replayed from another peer", from: other.PeerID(), want: offers.ErrWrongOrigin},
		{name: "no origin", noFrom: true, want: offers.ErrWrongOrigin},
		{name: "wrong chain", mut: func(m *pb.Offer) { m.ChainId = 1 }, want: offers.ErrWrongChain},
		{name: "wrong contract", mut: func(m *pb.Offer) { m.Contract = common.Address{1}.Bytes() }, want: offers.ErrWrongContract},
		{name: "expires now", mut: func(m *pb.Offer) { m.Expiry = uint64(t0.Unix()) }, want: offers.ErrExpired},
		{name: "no expiry", mut: func(m *pb.Offer) { m.Expiry = 0 }, want: offers.ErrExpired},
		{name: "expiry a second too far", mut: func(m *pb.Offer) { m.Expiry = uint64(t0.Add(testTTL).Unix()) + 1 }, want: offers.ErrExpiryTooFar},
		{name: "expiry at the end of time", mut: func(m *pb.Offer) { m.Expiry = ^uint64(0) }, want: offers.ErrExpiryTooFar},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.raw
			if data == nil {
				m := wireOffer(seller)
				if tc.mut != nil {
					tc.mut(m)
				}
				signer := seller
				if tc.signer == "other" {
					signer = other
				}
				data = signPB(t, m, signer, tc.mutSig)
			}
			from := seller.PeerID()
			if tc.from != "" || tc.noFrom {
				from = tc.from
			}
			o, err := policy.Check(data, from, t0)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
				require.NotEmpty(t, offers.ReasonOf(err))
				return
			}
			require.NoError(t, err)
			require.Equal(t, seller.Address(), o.Seller)
			require.Equal(t, seller.PeerID(), o.PeerID)
		})
	}
}

func TestSignDecodeRoundTrip(t *testing.T) {
	seller := device(t, "seller")
	o := offerBy(seller, "charging", 250_000, time.Hour)
	o.Unit = "kWh"
	o.Token = common.HexToAddress("0x1111111111111111111111111111111111111111")
	o.Addrs = []ma.Multiaddr{ma.StringCast("/ip4/10.0.0.7/tcp/4001"), ma.StringCast("/dns4/charger-7.example/udp/4001/quic-v1")}
	o.Seq = 42
	o.Description = "22 kW, type 2"
	data := signed(t, o, seller)
	require.LessOrEqual(t, len(data), offers.MaxMessageSize)

	got, signer, err := offers.Decode(data)
	require.NoError(t, err)
	require.Equal(t, seller.Address(), signer)
	require.Equal(t, o, got)
	checked, err := offers.Policy{ChainID: testChain, Contract: testContract, MaxTTL: testTTL}.Check(data, seller.PeerID(), t0)
	require.NoError(t, err)
	require.Equal(t, o, checked)

	// The signature covers the exact bytes: the same offer signs the same.
	require.Equal(t, data, signed(t, o, seller))
}

func TestSignRefusesInvalid(t *testing.T) {
	seller := device(t, "seller")
	o := offerBy(seller, "Toll", 1, time.Hour)
	_, err := offers.Sign(&o, seller.ECDSA())
	require.ErrorIs(t, err, offers.ErrInvalid)

	o = offerBy(seller, "toll", 1, time.Hour)
	for range offers.MaxAddrs {
		o.Addrs = append(o.Addrs, ma.StringCast("/dns4/"+strings.Repeat("h", 200)+"/tcp/1"))
	}
	o.Description = strings.Repeat("d", offers.MaxDescriptionLen)
	data, err := offers.Sign(&o, seller.ECDSA())
	require.NoError(t, err, "the largest valid offer fits in a message")
	require.LessOrEqual(t, len(data), offers.MaxMessageSize)
}
