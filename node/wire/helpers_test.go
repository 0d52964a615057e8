package wire_test

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/node/wire"
)

// gen makes random values from a seed that it logs, so a failure can be
// replayed with WIRE_SEED=<seed>.
type gen struct{ r *rand.Rand }

func newGen(t testing.TB) gen {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("WIRE_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("WIRE_SEED=%q: %v", s, err)
		}
	}
	t.Logf("random seed %d (replay with WIRE_SEED=%d)", seed, seed)
	return genFrom(seed)
}

func genFrom(seed uint64) gen { return gen{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

func (g gen) fill(b []byte) {
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
}

func (g gen) addr() (a common.Address) {
	g.fill(a[:])
	return a
}

func (g gen) id() (id channels.ChannelID) {
	g.fill(id[:])
	return id
}

func (g gen) sig() (s channels.Signature) {
	g.fill(s[:])
	return s
}

// amount is zero, small, or up to 256 bits.
func (g gen) amount() uint256.Int {
	var v uint256.Int
	switch g.r.IntN(4) {
	case 0:
	case 1:
		v.SetUint64(g.r.Uint64N(1000) + 1)
	default:
		b := make([]byte, 1+g.r.IntN(32))
		g.fill(b)
		v.SetBytes(b)
	}
	return v
}

func (g gen) nonce() uint64 {
	if g.r.IntN(2) == 0 {
		return g.r.Uint64N(100) + 1
	}
	return g.r.Uint64() | 1
}

func (g gen) proof(chainID uint64, contract common.Address, id channels.ChannelID) channels.SignedBalanceProof {
	sp := channels.SignedBalanceProof{ChainID: chainID, Contract: contract, Signature: g.sig()}
	sp.Proof = channels.BalanceProof{ChannelID: id, Nonce: g.nonce(), TransferredAmount: g.amount()}
	if g.r.IntN(4) == 0 { // locks are refused by the engine, not by the wire
		sp.Proof.LockedAmount = g.amount()
		g.fill(sp.Proof.LocksRoot[:])
	}
	return sp
}

func (g gen) reference() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_/ é€😀"
	runes := []rune(alphabet)
	var b []rune
	for n := g.r.IntN(40); len(b) < n; {
		b = append(b, runes[g.r.IntN(len(runes))])
	}
	s := string(b)
	for len(s) > store.MaxReferenceLen {
		b = b[:len(b)-1]
		s = string(b)
	}
	return s
}

func (g gen) delivery(chainID uint64, contract common.Address) engine.Delivery {
	d := engine.Delivery{Proof: g.proof(chainID, contract, g.id())}
	if n := g.r.IntN(6); n > 0 {
		d.Payments = make([]engine.PaymentInfo, n)
		for i := range d.Payments {
			d.Payments[i] = engine.PaymentInfo{Amount: g.amount(), Reference: g.reference(), Nonce: g.r.Uint64N(d.Proof.Proof.Nonce + 1)}
		}
	}
	return d
}

func (g gen) withdraw() channels.Withdraw {
	return channels.Withdraw{ChannelID: g.id(), Participant: g.addr(), TotalWithdraw: g.amount(), Expiry: g.r.Uint64()}
}

func (g gen) settle() channels.CooperativeSettle {
	return channels.CooperativeSettle{ChannelID: g.id(), Balances: [2]uint256.Int{g.amount(), g.amount()}}
}

func (g gen) hello() wire.Hello {
	return wire.Hello{Version: wire.Version + uint32(g.r.IntN(2)), ChainID: g.r.Uint64(), Contract: g.addr(), Address: g.addr()}
}

func (g gen) proposal() wire.Proposal {
	return wire.Proposal{Token: g.addr(), ChallengePeriod: g.r.Uint64(), Deposit: g.amount()}
}

// channelProofs leaves out either proof at times.
func (g gen) channelProofs(chainID uint64, contract common.Address) wire.ChannelProofs {
	cp := wire.ChannelProofs{ChannelID: g.id()}
	if g.r.IntN(3) > 0 {
		cp.Sent = g.proof(chainID, contract, cp.ChannelID)
	}
	if g.r.IntN(3) > 0 {
		cp.Received = g.proof(chainID, contract, cp.ChannelID)
	}
	if g.r.IntN(2) > 0 {
		w := g.withdraw()
		w.ChannelID = cp.ChannelID
		cp.PartnerWithdraw = &channels.CoSignedWithdraw{Withdraw: w, ParticipantSig: g.sig(), PartnerSig: g.sig()}
	}
	return cp
}
