package channels

import (
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
)

// Typed-data type strings, exactly as in docs/protocol.md and the contract.
const (
	DomainType              = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
	BalanceProofType        = "BalanceProof(bytes32 channelId,uint256 nonce,uint256 transferredAmount,uint256 lockedAmount,bytes32 locksRoot)"
	WithdrawType            = "Withdraw(bytes32 channelId,address participant,uint256 totalWithdraw,uint256 expiry)"
	CooperativeSettleType   = "CooperativeSettle(bytes32 channelId,uint256 balanceA,uint256 balanceB)"
	UpdateAuthorizationType = "UpdateAuthorization(bytes32 channelId,bytes32 balanceProofDigest)"

	// DomainName and DomainVersion are the EIP-712 domain's name and version.
	DomainName    = "meshpay"
	DomainVersion = "1"
)

var (
	domainTypeHash              = crypto.Keccak256Hash([]byte(DomainType))
	balanceProofTypeHash        = crypto.Keccak256Hash([]byte(BalanceProofType))
	withdrawTypeHash            = crypto.Keccak256Hash([]byte(WithdrawType))
	cooperativeSettleTypeHash   = crypto.Keccak256Hash([]byte(CooperativeSettleType))
	updateAuthorizationTypeHash = crypto.Keccak256Hash([]byte(UpdateAuthorizationType))
	domainNameHash              = crypto.Keccak256Hash([]byte(DomainName))
	domainVersionHash           = crypto.Keccak256Hash([]byte(DomainVersion))
)

// Domain is an EIP-712 domain with its separator computed once, so that
// hashing a message costs two Keccak calls.
type Domain struct {
	ChainID   uint64
	Contract  Address
	separator [32]byte
}

// NewDomain returns the meshpay domain for a chain and a ChannelManager.
func NewDomain(chainID uint64, contract Address) Domain {
	var buf [5 * 32]byte
	copy(buf[0:32], domainTypeHash[:])
	copy(buf[32:64], domainNameHash[:])
	copy(buf[64:96], domainVersionHash[:])
	putUint64Word(buf[96:128], chainID)
	copy(buf[128+12:160], contract[:])
	return Domain{ChainID: chainID, Contract: contract, separator: crypto.Keccak256Hash(buf[:])}
}

// Separator returns the EIP-712 domain separator.
func (d Domain) Separator() [32]byte { return d.separator }

// digest returns keccak256(0x1901 || separator || structHash).
func (d Domain) digest(structHash [32]byte) [32]byte {
	var buf [2 + 32 + 32]byte
	buf[0], buf[1] = 0x19, 0x01
	copy(buf[2:34], d.separator[:])
	copy(buf[34:], structHash[:])
	return crypto.Keccak256Hash(buf[:])
}

func putAmountWord(word []byte, v *uint256.Int) { v.PutUint256(word) }

// BalanceProofDigest returns the EIP-712 digest a sender signs.
func (d Domain) BalanceProofDigest(p *BalanceProof) [32]byte {
	var buf [6 * 32]byte
	copy(buf[0:32], balanceProofTypeHash[:])
	copy(buf[32:64], p.ChannelID[:])
	putUint64Word(buf[64:96], p.Nonce)
	putAmountWord(buf[96:128], &p.TransferredAmount)
	putAmountWord(buf[128:160], &p.LockedAmount)
	copy(buf[160:192], p.LocksRoot[:])
	return d.digest(crypto.Keccak256Hash(buf[:]))
}

// WithdrawDigest returns the EIP-712 digest both sides sign for a withdraw.
func (d Domain) WithdrawDigest(w *Withdraw) [32]byte {
	var buf [5 * 32]byte
	copy(buf[0:32], withdrawTypeHash[:])
	copy(buf[32:64], w.ChannelID[:])
	copy(buf[64+12:96], w.Participant[:])
	putAmountWord(buf[96:128], &w.TotalWithdraw)
	putUint64Word(buf[128:160], w.Expiry)
	return d.digest(crypto.Keccak256Hash(buf[:]))
}

// CooperativeSettleDigest returns the EIP-712 digest both sides sign to
// settle cooperatively.
func (d Domain) CooperativeSettleDigest(s *CooperativeSettle) [32]byte {
	var buf [4 * 32]byte
	copy(buf[0:32], cooperativeSettleTypeHash[:])
	copy(buf[32:64], s.ChannelID[:])
	putAmountWord(buf[64:96], &s.Balances[PartA])
	putAmountWord(buf[96:128], &s.Balances[PartB])
	return d.digest(crypto.Keccak256Hash(buf[:]))
}

// UpdateAuthorizationDigest returns the digest a non-closing participant
// signs to let a delegate submit the closer's proof with the given digest.
func (d Domain) UpdateAuthorizationDigest(id ChannelID, proofDigest [32]byte) [32]byte {
	var buf [3 * 32]byte
	copy(buf[0:32], updateAuthorizationTypeHash[:])
	copy(buf[32:64], id[:])
	copy(buf[64:96], proofDigest[:])
	return d.digest(crypto.Keccak256Hash(buf[:]))
}
