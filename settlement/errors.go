package settlement

import "errors"

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
)
