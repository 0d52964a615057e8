package devnet

import "errors"

var (
	// ErrInvalidConfig is returned by Start when a Config field is out of range
	// or two fields conflict.
	ErrInvalidConfig = errors.New("devnet: invalid config")
	// ErrGenesisMismatch is returned by Start when the data directory holds a
	// chain created from a different configuration (chain ID, accounts,
	// balances or gas limit).
	ErrGenesisMismatch = errors.New("devnet: data dir holds a chain with a different genesis")
	// ErrBadDescriptor is returned when a descriptor file is malformed or
	// misses a required field.
	ErrBadDescriptor = errors.New("devnet: bad descriptor")
	// ErrPerTxAdjustTime is returned by AdjustTime on a devnet that seals a
	// block per transaction, where sealing is not under the devnet's control.
	ErrPerTxAdjustTime = errors.New("devnet: AdjustTime needs a fixed block period")
	// ErrPerTxControl is returned by Reorg, SealBlock, PauseBlocks and
	// ResumeBlocks on a devnet that seals a block per transaction:
	// go-ethereum's on-demand sealer runs on a goroutine of its own there,
	// and sealing beside it would race it.
	ErrPerTxControl = errors.New("devnet: block production control needs a fixed block period")
	// ErrReorgDepth is returned by Reorg for a depth below 1, above
	// MaxReorgDepth or above the head's number.
	ErrReorgDepth = errors.New("devnet: reorg depth out of range")
	// ErrTxsPending is returned by Reorg while transactions wait in the
	// pool: they would end up in the replacement blocks.
	ErrTxsPending = errors.New("devnet: transactions pending")
	// ErrNoCode is returned when a contract address holds no code.
	ErrNoCode = errors.New("devnet: no contract code at address")
	// ErrClosed is returned when a closed devnet is used.
	ErrClosed = errors.New("devnet: closed")
	// ErrTxFailed is returned when a transaction the devnet sent was mined
	// but reverted.
	ErrTxFailed = errors.New("devnet: transaction failed")
)
