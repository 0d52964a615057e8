package channels_test

import (
	"testing"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
)

// BenchmarkSignVerify measures one payment's cryptography: the payer builds
// and signs a proof, the payee validates it (signature recovery included).
func BenchmarkSignVerify(b *testing.B) {
	p := newPair(b, 1<<62, 0)
	payee := p.ch
	one := uint256.NewInt(1)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		next, err := p.ch.NextProof(channels.PartA, one, uint64(i)+1)
		if err != nil {
			b.Fatal(err)
		}
		sp, err := channels.SignBalanceProof(p.ch.Domain(), next, p.signers[channels.PartA])
		if err != nil {
			b.Fatal(err)
		}
		if err := payee.ValidateProof(channels.PartA, &sp); err != nil {
			b.Fatal(err)
		}
		if payee, err = payee.Apply(channels.ProofAccepted{Signer: channels.PartA, Proof: sp}); err != nil {
			b.Fatal(err)
		}
		p.ch.Proofs[channels.PartA] = sp
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "payments/s")
}
