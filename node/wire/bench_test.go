package wire_test

import (
	"bytes"
	"testing"

	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// BenchmarkReadPayment reads and decodes a Payment of 4 items, what a
// payee does per proof.
func BenchmarkReadPayment(b *testing.B) {
	g := genFrom(1)
	d := g.delivery(testChainID, testContract)
	d.Payments = make([]engine.PaymentInfo, 4)
	for i := range d.Payments {
		d.Payments[i] = engine.PaymentInfo{Amount: g.amount(), Reference: "order-1234", Nonce: d.Proof.Proof.Nonce}
	}
	one, err := frames(&pb.Envelope{Id: 1, Body: &pb.Envelope_Payment{Payment: wire.EncodePayment(d)}})
	if err != nil {
		b.Fatal(err)
	}
	stream := bytes.Repeat(one, b.N)
	b.SetBytes(int64(len(one)))
	b.ReportAllocs()
	b.ResetTimer()
	r := wire.NewReader(bytes.NewReader(stream), 0)
	for range b.N {
		var env pb.Envelope
		if err := r.Read(&env); err != nil {
			b.Fatal(err)
		}
		if _, err := wire.DecodePayment(env.GetPayment(), testChainID, testContract); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWritePayment encodes and frames a Payment of 4 items.
func BenchmarkWritePayment(b *testing.B) {
	g := genFrom(1)
	d := g.delivery(testChainID, testContract)
	d.Payments = make([]engine.PaymentInfo, 4)
	for i := range d.Payments {
		d.Payments[i] = engine.PaymentInfo{Amount: g.amount(), Reference: "order-1234", Nonce: d.Proof.Proof.Nonce}
	}
	var buf bytes.Buffer
	w := wire.NewWriter(&buf)
	b.ReportAllocs()
	for range b.N {
		buf.Reset()
		if err := w.WriteFlush(&pb.Envelope{Id: 1, Body: &pb.Envelope_Payment{Payment: wire.EncodePayment(d)}}); err != nil {
			b.Fatal(err)
		}
	}
}
