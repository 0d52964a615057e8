package main

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/contracts/internal/harness"
	"github.com/meshpay/meshpay/contracts/simchain"
)

const challengePeriod = 3600 // seconds

var (
	ether     = big.NewInt(1e18)
	oneEther  = new(big.Int).Set(ether)
	twoEther  = new(big.Int).Mul(big.NewInt(2), ether)
	halfEther = new(big.Int).Div(ether, big.NewInt(2))
)

// reporter owns a hub account that opens channels with many partners, as a
// payment hub or a busy machine would.
type reporter struct {
	env      *harness.Env
	hub      harness.Account
	partners []harness.Account
	next     int // next unused partner
}

type measurement struct {
	name string
	gas  uint64
}

func newReporter(ctx context.Context) (*reporter, error) {
	// 1 hub, 2 batches of 1+10+100 partners, and a few for single operations.
	accounts, err := harness.NewAccounts("meshpay-gasreport", 1+2*(1+10+100)+8)
	if err != nil {
		return nil, err
	}
	env, err := harness.NewSimulatedEnv(ctx, accounts, harness.DefaultConfig)
	if err != nil {
		return nil, fmt.Errorf("start chain: %w", err)
	}
	return &reporter{env: env, hub: accounts[0], partners: accounts[1:]}, nil
}

func (r *reporter) header() string {
	return fmt.Sprintf("meshpay ChannelManager gas report\n"+
		"chain: go-ethereum simulated backend, chain ID %d, forks of params.MainnetChainConfig (latest fork %s: EVM rules of Osaka/Fusaka, BPO forks change blob parameters only)\n",
		simchain.ChainID, simchain.ForkName())
}

func (r *reporter) partner() (harness.Account, error) {
	if r.next >= len(r.partners) {
		return harness.Account{}, fmt.Errorf("out of partner accounts (%d)", len(r.partners))
	}
	p := r.partners[r.next]
	r.next++
	return p, nil
}

// openWith opens a hub channel with a fresh partner, depositing value (ETH
// channels) from the hub.
func (r *reporter) openWith(ctx context.Context, token common.Address, value *big.Int) (harness.Opened, harness.Account, *types.Receipt, error) {
	p, err := r.partner()
	if err != nil {
		return harness.Opened{}, harness.Account{}, nil, err
	}
	a, b := harness.Sorted(r.hub, p)
	opened, receipt, err := r.env.Open(ctx, r.hub, a.Address, b.Address, token, challengePeriod, value)
	if err != nil {
		return harness.Opened{}, harness.Account{}, nil, fmt.Errorf("open: %w", err)
	}
	return opened, p, receipt, nil
}

func (r *reporter) send(ctx context.Context, from harness.Account, data []byte, value *big.Int, what string) (uint64, error) {
	receipt, err := r.env.Send(ctx, from, r.env.Manager, data, value)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return receipt.GasUsed, nil
}

// sign signs digest for acct unless computing the digest failed, so that a
// digest and its signature read as one step at the call sites.
func (r *reporter) sign(digest common.Hash, err error, acct harness.Account) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	return harness.Sign(digest, acct)
}

func (r *reporter) measureOperations(ctx context.Context) ([]measurement, error) {
	var ops []measurement
	add := func(name string, gas uint64) { ops = append(ops, measurement{name, gas}) }
	env := r.env

	// open, and a first ETH deposit into it.
	plain, _, receipt, err := r.openWith(ctx, common.Address{}, nil)
	if err != nil {
		return nil, err
	}
	add("open (ETH, no deposit)", receipt.GasUsed)
	gas, err := r.send(ctx, r.hub, env.CM.PackDeposit(plain.ID, r.hub.Address, oneEther), oneEther, "deposit")
	if err != nil {
		return nil, err
	}
	add("deposit ETH (first)", gas)
	gas, err = r.send(ctx, r.hub, env.CM.PackDeposit(plain.ID, r.hub.Address, twoEther), oneEther, "deposit")
	if err != nil {
		return nil, err
	}
	add("deposit ETH (top-up)", gas)

	// ERC-20: open, then a first deposit through transferFrom.
	tokenCh, _, receipt, err := r.openWith(ctx, env.Token.Address(), nil)
	if err != nil {
		return nil, err
	}
	add("open (ERC-20, no deposit)", receipt.GasUsed)
	if _, err := env.Send(ctx, r.hub, env.Token, env.TT.PackMint(r.hub.Address, twoEther), nil); err != nil {
		return nil, fmt.Errorf("mint: %w", err)
	}
	if _, err := env.Send(ctx, r.hub, env.Token, env.TT.PackApprove(env.Manager.Address(), twoEther), nil); err != nil {
		return nil, fmt.Errorf("approve: %w", err)
	}
	gas, err = r.send(ctx, r.hub, env.CM.PackDeposit(tokenCh.ID, r.hub.Address, oneEther), nil, "deposit erc20")
	if err != nil {
		return nil, err
	}
	add("deposit ERC-20 (first)", gas)

	// open+deposit, then cooperative withdraw and cooperative settle on it.
	funded, p, receipt, err := r.openWith(ctx, common.Address{}, twoEther)
	if err != nil {
		return nil, err
	}
	add("open+deposit (ETH)", receipt.GasUsed)
	if gas, err = r.cooperativeWithdraw(ctx, funded, p); err != nil {
		return nil, err
	}
	add("cooperativeWithdraw (sender is participant)", gas)
	if gas, err = r.cooperativeSettle(ctx, funded, p); err != nil {
		return nil, err
	}
	add("cooperativeSettle", gas)

	closeOps, err := r.closeUpdateSettle(ctx)
	if err != nil {
		return nil, err
	}
	return append(ops, closeOps...), nil
}

func (r *reporter) cooperativeWithdraw(ctx context.Context, ch harness.Opened, partner harness.Account) (uint64, error) {
	now, err := r.env.Now(ctx)
	if err != nil {
		return 0, err
	}
	w := bindings.Withdraw{ChannelId: ch.ID, Participant: r.hub.Address, TotalWithdraw: halfEther, Expiry: new(big.Int).SetUint64(now + 3600)}
	digest, err := r.env.Domain.WithdrawDigest(w)
	sig, err := r.sign(digest, err, partner)
	if err != nil {
		return 0, err
	}
	return r.send(ctx, r.hub, r.env.CM.PackCooperativeWithdraw(w, nil, sig), nil, "cooperativeWithdraw")
}

func (r *reporter) cooperativeSettle(ctx context.Context, ch harness.Opened, partner harness.Account) (uint64, error) {
	a, b := harness.Sorted(r.hub, partner)
	info, err := r.env.Channel(ctx, ch.ID)
	if err != nil {
		return 0, err
	}
	pot := new(big.Int).Add(info.DepositA, info.DepositB)
	pot.Sub(pot, info.WithdrawnA).Sub(pot, info.WithdrawnB)
	balanceA := new(big.Int).Div(pot, big.NewInt(3))
	balanceB := new(big.Int).Sub(pot, balanceA)
	digest, err := r.env.Domain.CooperativeSettleDigest(ch.ID, balanceA, balanceB)
	sigA, err := r.sign(digest, err, a)
	if err != nil {
		return 0, err
	}
	sigB, err := r.sign(digest, nil, b)
	if err != nil {
		return 0, err
	}
	return r.send(ctx, r.hub, r.env.CM.PackCooperativeSettle(ch.ID, balanceA, balanceB, sigA, sigB), nil, "cooperativeSettle")
}

// closeUpdateSettle runs the unilateral path with both sides funded: the hub
// closes with the partner's proof, the partner answers with the hub's, and
// anyone settles after the challenge period.
func (r *reporter) closeUpdateSettle(ctx context.Context) ([]measurement, error) {
	env := r.env
	ch, p, _, err := r.openWith(ctx, common.Address{}, twoEther)
	if err != nil {
		return nil, err
	}
	if _, err := r.send(ctx, p, env.CM.PackDeposit(ch.ID, p.Address, twoEther), twoEther, "partner deposit"); err != nil {
		return nil, err
	}
	fromPartner := bindings.BalanceProof{ChannelId: ch.ID, Nonce: big.NewInt(3), TransferredAmount: oneEther, LockedAmount: new(big.Int), LocksRoot: [32]byte{}}
	digest, err := env.Domain.BalanceProofDigest(fromPartner)
	partnerSig, err := r.sign(digest, err, p)
	if err != nil {
		return nil, err
	}
	closeGas, err := r.send(ctx, r.hub, env.CM.PackClose(ch.ID, fromPartner, partnerSig), nil, "close")
	if err != nil {
		return nil, err
	}
	fromHub := bindings.BalanceProof{ChannelId: ch.ID, Nonce: big.NewInt(5), TransferredAmount: halfEther, LockedAmount: new(big.Int), LocksRoot: [32]byte{}}
	digest, err = env.Domain.BalanceProofDigest(fromHub)
	hubSig, err := r.sign(digest, err, r.hub)
	if err != nil {
		return nil, err
	}
	updateGas, err := r.send(ctx, p, env.CM.PackUpdateNonClosingBalanceProof(ch.ID, fromHub, hubSig, nil), nil, "update")
	if err != nil {
		return nil, err
	}
	if err := env.AdvanceTime(ctx, (challengePeriod+1)*time.Second); err != nil {
		return nil, fmt.Errorf("advance time: %w", err)
	}
	settleGas, err := r.send(ctx, p, env.CM.PackSettle(ch.ID), nil, "settle")
	if err != nil {
		return nil, err
	}
	return []measurement{
		{"close (with partner proof)", closeGas},
		{"updateNonClosingBalanceProof (by non-closer)", updateGas},
		{"settle", settleGas},
	}, nil
}

// measureBatchWithdraw opens n fresh channels in which the hub deposited,
// has each partner co-sign a withdraw for the hub, and returns the batch
// transaction's gas divided by n.
func (r *reporter) measureBatchWithdraw(ctx context.Context, n int, erc20 bool) (uint64, error) {
	env := r.env
	token := common.Address{}
	var value *big.Int = oneEther
	if erc20 {
		token = env.Token.Address()
		value = nil
		total := new(big.Int).Mul(oneEther, big.NewInt(int64(n)))
		if _, err := env.Send(ctx, r.hub, env.Token, env.TT.PackMint(r.hub.Address, total), nil); err != nil {
			return 0, fmt.Errorf("mint: %w", err)
		}
		if _, err := env.Send(ctx, r.hub, env.Token, env.TT.PackApprove(env.Manager.Address(), total), nil); err != nil {
			return 0, fmt.Errorf("approve: %w", err)
		}
	}
	now, err := env.Now(ctx)
	if err != nil {
		return 0, err
	}
	expiry := new(big.Int).SetUint64(now + 24*3600)
	items := make([]bindings.WithdrawItem, 0, n)
	for range n {
		ch, p, _, err := r.openWith(ctx, token, value)
		if err != nil {
			return 0, err
		}
		if erc20 {
			if _, err := r.send(ctx, r.hub, env.CM.PackDeposit(ch.ID, r.hub.Address, oneEther), nil, "deposit"); err != nil {
				return 0, err
			}
		}
		w := bindings.Withdraw{ChannelId: ch.ID, Participant: r.hub.Address, TotalWithdraw: halfEther, Expiry: expiry}
		digest, err := env.Domain.WithdrawDigest(w)
		sig, err := r.sign(digest, err, p)
		if err != nil {
			return 0, err
		}
		rr, vs, err := harness.Compact(sig)
		if err != nil {
			return 0, err
		}
		items = append(items, bindings.WithdrawItem{Partner: p.Address, Counter: ch.Counter, TotalWithdraw: halfEther, Expiry: expiry, R: rr, Vs: vs})
	}
	gas, err := r.send(ctx, r.hub, env.CM.PackBatchWithdraw(token, items), nil, fmt.Sprintf("batchWithdraw n=%d", n))
	if err != nil {
		return 0, err
	}
	return gas / uint64(n), nil
}
