package metering_test

import (
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/metering"
	"github.com/meshpay/meshpay/node/metering/pb"
)

func testRecord(t testing.TB, key *ecdsa.PrivateKey) metering.UsageRecord {
	t.Helper()
	r := metering.UsageRecord{
		SessionID: metering.SessionID{1, 2, 3}, Seller: crypto.PubkeyToAddress(key.PublicKey), Buyer: [20]byte{9},
		ChannelID: [32]byte{7}, Service: "charging", Unit: "0.1kWh", PricePerUnit: *uint256.NewInt(1e11),
		Seq: 4, Units: 12, Due: *uint256.NewInt(12e11), Paid: *uint256.NewInt(1e12),
		Time: time.UnixMilli(time.Now().UnixMilli()), Final: true, Reason: metering.ReasonPaymentLagging,
	}
	return r
}

func TestSignedUsageRoundTrip(t *testing.T) {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	want := testRecord(t, key)
	su, err := metering.SignUsage(&want, key)
	require.NoError(t, err)
	got, signer, err := su.Verify()
	require.NoError(t, err)
	require.Equal(t, want.Seller, signer)
	require.True(t, want.Time.Equal(got.Time))
	got.Time = want.Time
	require.Equal(t, want, got)

	t.Run("tampered record", func(t *testing.T) {
		bad := metering.SignedUsage{Record: append([]byte(nil), su.Record...), Signature: su.Signature}
		var m pb.UsageRecord
		require.NoError(t, proto.Unmarshal(bad.Record, &m))
		m.Units++
		bad.Record, err = proto.Marshal(&m)
		require.NoError(t, err)
		_, signer, err := bad.Verify()
		if err == nil {
			require.NotEqual(t, want.Seller, signer, "a changed record does not recover the seller")
		}
	})
	t.Run("short signature", func(t *testing.T) {
		bad := metering.SignedUsage{Record: su.Record, Signature: su.Signature[:64]}
		_, _, err := bad.Verify()
		require.ErrorIs(t, err, metering.ErrBadSignature)
	})
	t.Run("high s", func(t *testing.T) {
		sig := append([]byte(nil), su.Signature...)
		s := new(big.Int).SetBytes(sig[32:64])
		s.Sub(crypto.S256().Params().N, s)
		s.FillBytes(sig[32:64])
		sig[64] ^= 1
		bad := metering.SignedUsage{Record: su.Record, Signature: sig}
		_, _, err := bad.Verify()
		require.ErrorIs(t, err, metering.ErrBadSignature)
	})
	t.Run("amount with a leading zero", func(t *testing.T) {
		var m pb.UsageRecord
		require.NoError(t, proto.Unmarshal(su.Record, &m))
		m.Due = append([]byte{0}, m.Due...)
		raw, err := proto.Marshal(&m)
		require.NoError(t, err)
		bad := metering.SignedUsage{Record: raw, Signature: su.Signature}
		_, _, err = bad.Verify()
		require.ErrorIs(t, err, metering.ErrMalformed)
	})
	t.Run("garbage", func(t *testing.T) {
		bad := metering.SignedUsage{Record: []byte{0xff, 0xff}, Signature: su.Signature}
		_, _, err := bad.Verify()
		require.ErrorIs(t, err, metering.ErrMalformed)
	})
}

func FuzzVerifyUsage(f *testing.F) {
	key, err := crypto.GenerateKey()
	if err != nil {
		f.Fatal(err)
	}
	r := testRecord(f, key)
	su, err := metering.SignUsage(&r, key)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(su.Record, su.Signature)
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, record, sig []byte) {
		in := metering.SignedUsage{Record: record, Signature: sig}
		got, _, err := in.Verify()
		if err != nil {
			return
		}
		// What decodes re-encodes to a record that decodes the same.
		again, err := metering.SignUsage(&got, key)
		require.NoError(t, err)
		back, signer, err := again.Verify()
		require.NoError(t, err)
		require.Equal(t, crypto.PubkeyToAddress(key.PublicKey), signer)
		require.True(t, got.Time.Equal(back.Time))
		back.Time = got.Time
		require.Equal(t, got, back)
	})
}

func TestReference(t *testing.T) {
	id := metering.SessionID{0xab, 0xcd, 15: 0xef}
	ref := metering.Reference("charging", id, 42)
	require.Equal(t, "meter:charging:abcd00000000000000000000000000ef:42", ref)
	require.Equal(t, "charging", node.ServiceOfReference(ref))
	got, ok := metering.ParseReference(ref)
	require.True(t, ok)
	require.Equal(t, id, got)
	for _, bad := range []string{
		"", "tip", "meter:", "meter:abcd:1", "meter:toll:abcd:1",
		"meter:abcd00000000000000000000000000ef:42", // no service
		"meter:Toll:abcd00000000000000000000000000ef:42",
		"meter:toll:zzcd00000000000000000000000000ef:1",
		"meter:toll:abcd00000000000000000000000000ef",
		"meter:toll:abcd00000000000000000000000000ef:",
		"meter:toll:abcd00000000000000000000000000ef:x",
	} {
		_, ok := metering.ParseReference(bad)
		require.False(t, ok, bad)
	}
}

// TestAttribution walks the seller's payment attribution through the
// ways proofs arrive: repeated, carrying payments first sent with a lost
// proof, over-claiming, mixed with other payments, out of order.
func TestAttribution(t *testing.T) {
	a, b := metering.SessionID{0xa}, metering.SessionID{0xb}
	pay := func(amount uint64, ref string, nonce uint64) engine.PaymentInfo {
		return engine.PaymentInfo{Amount: *uint256.NewInt(amount), Reference: ref, Nonce: nonce}
	}
	w := metering.NewWatch(3, 100) // the partner's proof when the first session started
	steps := []struct {
		name        string
		nonce       uint64
		transferred uint64
		payments    []engine.PaymentInfo
		want        map[metering.SessionID]uint64
	}{
		{"the proof already seen", 3, 100, []engine.PaymentInfo{pay(10, metering.Reference("toll", a, 1), 3)}, nil},
		{"a new payment", 4, 110, []engine.PaymentInfo{pay(10, metering.Reference("toll", a, 1), 4)}, map[metering.SessionID]uint64{a: 10}},
		{"the same proof again (lost ack)", 4, 110, []engine.PaymentInfo{pay(10, metering.Reference("toll", a, 1), 4)}, nil},
		{"a payment first sent with a proof never seen", 6, 130, []engine.PaymentInfo{pay(10, metering.Reference("toll", a, 2), 5), pay(10, metering.Reference("toll", b, 1), 6)}, map[metering.SessionID]uint64{a: 10, b: 10}},
		{"an item repeated from a proof seen", 7, 135, []engine.PaymentInfo{pay(10, metering.Reference("toll", b, 1), 6), pay(5, metering.Reference("toll", a, 3), 7)}, map[metering.SessionID]uint64{a: 5}},
		{"an item claiming more than the rise", 8, 140, []engine.PaymentInfo{pay(100, metering.Reference("toll", a, 4), 8)}, map[metering.SessionID]uint64{a: 5}},
		{"another payment takes its share first", 9, 150, []engine.PaymentInfo{pay(7, "tip", 9), pay(10, metering.Reference("toll", a, 5), 9)}, map[metering.SessionID]uint64{a: 3}},
		{"nonce 0 means this proof", 10, 160, []engine.PaymentInfo{pay(10, metering.Reference("toll", b, 2), 0)}, map[metering.SessionID]uint64{b: 10}},
		{"an older proof arriving late", 9, 150, []engine.PaymentInfo{pay(10, metering.Reference("toll", a, 5), 9)}, nil},
		{"a reference naming no session", 11, 170, []engine.PaymentInfo{pay(10, "meter:zz", 11)}, nil},
	}
	for _, s := range steps {
		got := w.Attribute(node.Received{Nonce: s.nonce, Transferred: *uint256.NewInt(s.transferred), Payments: s.payments})
		want := s.want
		if want == nil {
			want = map[metering.SessionID]uint64{}
		}
		require.Equal(t, want, got, s.name)
	}
}
