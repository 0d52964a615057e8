package settlement

import (
	"context"
	"fmt"
	"math/big"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/contracts/bindings"
)

func proofArg(p *channels.BalanceProof) bindings.BalanceProof {
	return bindings.BalanceProof{
		ChannelId: p.ChannelID, Nonce: new(big.Int).SetUint64(p.Nonce),
		TransferredAmount: p.TransferredAmount.ToBig(), LockedAmount: p.LockedAmount.ToBig(), LocksRoot: p.LocksRoot,
	}
}

// Open opens a channel with partner on token (zero: ETH) and, for ETH,
// deposits deposit for ourselves in the same transaction. It returns the
// channel's parameters as the contract fixed them.
func (c *Client) Open(ctx context.Context, partner, token common.Address, challengePeriod uint64, deposit *big.Int) (channels.Params, *types.Receipt, error) {
	parts := channels.SortParticipants(c.from, partner)
	value := new(big.Int)
	if token == (common.Address{}) && deposit != nil {
		value = deposit
	}
	rcpt, err := c.Transact(ctx, "open channel", c.cfg.Contract, value, c.cm.PackOpen(parts[0], parts[1], token, challengePeriod))
	if err != nil {
		return channels.Params{}, rcpt, err
	}
	for _, l := range rcpt.Logs {
		ev, err := c.cm.UnpackChannelOpenedEvent(l)
		if err != nil {
			continue
		}
		p := channels.Params{
			ChainID: c.cfg.ChainID, Contract: c.cfg.Contract, Participants: [2]common.Address{ev.ParticipantA, ev.ParticipantB},
			Token: ev.Token, Counter: ev.Counter.Uint64(), ChallengePeriod: ev.ChallengePeriod,
		}
		if p.ID() != ev.ChannelId {
			return p, rcpt, fmt.Errorf("open channel: contract derived %x, we derive %s", ev.ChannelId, p.ID())
		}
		if token != (common.Address{}) && deposit != nil && deposit.Sign() > 0 {
			if _, err := c.Deposit(ctx, p, c.from, deposit); err != nil {
				return p, rcpt, err
			}
		}
		return p, rcpt, nil
	}
	return channels.Params{}, rcpt, fmt.Errorf("open channel: tx %s has no ChannelOpened event", rcpt.TxHash)
}

// Deposit raises participant's cumulative deposit to total; we pay the
// difference (approving the token first for ERC-20).
func (c *Client) Deposit(ctx context.Context, p channels.Params, participant common.Address, total *big.Int) (*types.Receipt, error) {
	id := p.ID()
	info, err := c.ChannelInfo(ctx, id)
	if err != nil {
		return nil, err
	}
	current := info.DepositA
	if participant == info.ParticipantB {
		current = info.DepositB
	}
	diff := new(big.Int).Sub(total, current)
	if diff.Sign() <= 0 {
		return nil, fmt.Errorf("deposit %s: %w: total %s not above %s", id, channels.ErrDepositNotIncreasing, total, current)
	}
	value := diff
	if p.Token != (common.Address{}) {
		value = new(big.Int)
		if _, err := c.Transact(ctx, "approve token", p.Token, nil, bindings.NewTestToken().PackApprove(c.cfg.Contract, diff)); err != nil {
			return nil, err
		}
	}
	return c.Transact(ctx, "deposit", c.cfg.Contract, value, c.cm.PackDeposit(id, participant, total))
}

// CooperativeWithdraw executes a co-signed withdraw. When we are the
// participant, our own signature may be empty.
func (c *Client) CooperativeWithdraw(ctx context.Context, w *channels.CoSignedWithdraw) (*types.Receipt, error) {
	arg := bindings.Withdraw{
		ChannelId: w.Withdraw.ChannelID, Participant: w.Withdraw.Participant,
		TotalWithdraw: w.Withdraw.TotalWithdraw.ToBig(), Expiry: new(big.Int).SetUint64(w.Withdraw.Expiry),
	}
	var own []byte
	if !w.ParticipantSig.IsZero() {
		own = w.ParticipantSig[:]
	}
	return c.Transact(ctx, "cooperative withdraw", c.cfg.Contract, nil, c.cm.PackCooperativeWithdraw(arg, own, w.PartnerSig[:]))
}

// BatchItem is one channel's withdraw in a batch: we are the participant
// of every item, so only the partner's signature travels.
type BatchItem struct {
	Params   channels.Params
	Withdraw channels.CoSignedWithdraw
}

// BatchWithdraw executes many co-signed withdraws of ours on one token in
// one transaction, paid out with one transfer.
func (c *Client) BatchWithdraw(ctx context.Context, token common.Address, items []BatchItem) (*types.Receipt, error) {
	args := make([]bindings.WithdrawItem, len(items))
	for i, it := range items {
		if it.Withdraw.Withdraw.Participant != c.from || it.Params.Token != token {
			return nil, fmt.Errorf("batch withdraw item %d (%s): not ours or not on token %s", i, it.Params.ID(), token)
		}
		partner := it.Params.Participants[channels.PartA]
		if partner == c.from {
			partner = it.Params.Participants[channels.PartB]
		}
		sig := it.Withdraw.PartnerSig
		var r, vs [32]byte
		copy(r[:], sig[0:32])
		copy(vs[:], sig[32:64])
		if sig[64] == 28 {
			vs[0] |= 0x80 // EIP-2098: the parity bit rides in s's top bit
		}
		args[i] = bindings.WithdrawItem{
			Partner: partner, Counter: new(big.Int).SetUint64(it.Params.Counter),
			TotalWithdraw: it.Withdraw.Withdraw.TotalWithdraw.ToBig(), Expiry: new(big.Int).SetUint64(it.Withdraw.Withdraw.Expiry),
			R: r, Vs: vs,
		}
	}
	return c.Transact(ctx, fmt.Sprintf("batch withdraw of %d channels", len(items)), c.cfg.Contract, nil, c.cm.PackBatchWithdraw(token, args))
}

// CooperativeSettle closes and pays out a channel at once.
func (c *Client) CooperativeSettle(ctx context.Context, s *channels.CoSignedSettle) (*types.Receipt, error) {
	return c.Transact(ctx, "cooperative settle", c.cfg.Contract, nil, c.cm.PackCooperativeSettle(
		s.Settle.ChannelID, s.Settle.Balances[0].ToBig(), s.Settle.Balances[1].ToBig(), s.Signatures[0][:], s.Signatures[1][:]))
}

// CloseChannel closes a channel unilaterally with the partner's latest proof (a
// nil or zero proof when it never paid us).
func (c *Client) CloseChannel(ctx context.Context, id channels.ChannelID, fromPartner *channels.SignedBalanceProof) (*types.Receipt, error) {
	var sig []byte
	proof := channels.BalanceProof{ChannelID: id}
	if fromPartner != nil && !fromPartner.IsZero() {
		proof, sig = fromPartner.Proof, fromPartner.Signature[:]
	}
	return c.Transact(ctx, "close", c.cfg.Contract, nil, c.cm.PackClose(id, proofArg(&proof), sig))
}

// UpdateNonClosing submits the closer's proof during the challenge period.
// authSig is the non-closer's UpdateAuthorization signature when a
// watchtower sends it, zero when the non-closer sends it itself.
func (c *Client) UpdateNonClosing(ctx context.Context, fromCloser *channels.SignedBalanceProof, authSig channels.Signature) (*types.Receipt, error) {
	var auth []byte
	if !authSig.IsZero() {
		auth = authSig[:]
	}
	return c.Transact(ctx, "update non-closing balance proof", c.cfg.Contract, nil,
		c.cm.PackUpdateNonClosingBalanceProof(fromCloser.Proof.ChannelID, proofArg(&fromCloser.Proof), fromCloser.Signature[:], auth))
}

// Settle pays out a closed channel after its challenge period.
func (c *Client) Settle(ctx context.Context, id channels.ChannelID) (*types.Receipt, error) {
	return c.Transact(ctx, "settle", c.cfg.Contract, nil, c.cm.PackSettle(id))
}

// ChannelInfo reads a channel's on-chain state.
func (c *Client) ChannelInfo(ctx context.Context, id channels.ChannelID) (bindings.ChannelInfo, error) {
	return c.ChannelInfoAt(ctx, id, nil)
}

// ChannelInfoAt is ChannelInfo as of block number block (nil: the latest).
func (c *Client) ChannelInfoAt(ctx context.Context, id channels.ChannelID, block *big.Int) (bindings.ChannelInfo, error) {
	to := c.cfg.Contract
	var out []byte
	err := c.retry(ctx, "get channel", func() error {
		var err error
		out, err = c.eth.CallContract(ctx, ethereum.CallMsg{To: &to, Data: c.cm.PackGetChannel(id)}, block)
		return err
	})
	if err != nil {
		return bindings.ChannelInfo{}, fmt.Errorf("get channel %s: %w", id, err)
	}
	info, err := c.cm.UnpackGetChannel(out)
	if err != nil {
		return info, fmt.Errorf("get channel %s: %w", id, err)
	}
	return info, nil
}

// SignUpdateAuthorization returns the signature with which the
// non-closing participant lets a watchtower submit the closer's proof sp.
func SignUpdateAuthorization(d channels.Domain, sp *channels.SignedBalanceProof, s channels.Signer) (channels.Signature, error) {
	return s.SignDigest(d.UpdateAuthorizationDigest(sp.Proof.ChannelID, d.BalanceProofDigest(&sp.Proof)))
}

func amount(b *big.Int) uint256.Int {
	var v uint256.Int
	v.SetFromBig(b)
	return v
}
