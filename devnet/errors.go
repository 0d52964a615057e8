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
	// ErrNoCode is returned when a contract address holds no code.
	ErrNoCode = errors.New("devnet: no contract code at address")
	// ErrClosed is returned when a closed devnet is used.
	ErrClosed = errors.New("devnet: closed")
	// ErrTxFailed is returned when a transaction the devnet sent was mined
	// but reverted.
	ErrTxFailed = errors.New("devnet: transaction failed")
)
