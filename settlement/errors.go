package settlement

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

var (
	// ErrWrongChain reports an RPC endpoint on another chain than expected.
	ErrWrongChain = errors.New("settlement: wrong chain")
	// ErrNoContract reports an address without the ChannelManager's code.
	ErrNoContract = errors.New("settlement: no contract at address")
	// ErrReverted reports a transaction the contract refused; the wrapped
	// text names the contract's custom error.
	ErrReverted = errors.New("settlement: transaction reverted")
	// ErrTimeout reports a transaction not mined in time.
	ErrTimeout = errors.New("settlement: transaction not mined in time")
	// ErrNothingToDispute reports a close for which we hold no newer proof.
	ErrNothingToDispute = errors.New("settlement: no newer proof to submit")
	// ErrDeepReorg reports a reorg deeper than the watcher's confirmation
	// depth: blocks whose events were delivered are no longer canonical.
	// Poll returns it wrapped in a *DeepReorgError.
	ErrDeepReorg = errors.New("settlement: reorg deeper than the confirmation depth")
)

// DeepReorgError details an ErrDeepReorg: which block was replaced and how
// far the watcher's cursor went back.
type DeepReorgError struct {
	// Block is the cursor block that was replaced; Was is its hash and Now
	// the hash of the canonical block at that height.
	Block    uint64
	Was, Now common.Hash
	// RewoundTo is where the cursor went back to: the events of the blocks
	// after it are delivered again.
	RewoundTo uint64
	// ForkFound tells whether RewoundTo is the newest block the two
	// branches share. When false, the fork is deeper than MaxRewind (or the
	// node no longer has the replaced blocks) and events of the new branch
	// up to RewoundTo may have been missed.
	ForkFound bool
}

func (e *DeepReorgError) Error() string {
	return fmt.Sprintf("%v: block %d was %s, now %s; rewound to block %d (fork point found: %t)",
		ErrDeepReorg, e.Block, e.Was, e.Now, e.RewoundTo, e.ForkFound)
}

// Unwrap returns ErrDeepReorg.
func (e *DeepReorgError) Unwrap() error { return ErrDeepReorg }
