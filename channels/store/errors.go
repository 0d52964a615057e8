package store

import "errors"

var (
	// ErrNotFound reports a channel or record the store does not have.
	ErrNotFound = errors.New("store: not found")
	// ErrCorrupt reports a record that does not decode; the error names
	// the channel it belongs to, or the journal file and offset.
	ErrCorrupt = errors.New("store: corrupt record")
	// ErrClosed reports use of a closed store.
	ErrClosed = errors.New("store: closed")
	// ErrInvalidUpdate reports an update that breaks the store's rules,
	// such as a nonce reservation that goes backwards.
	ErrInvalidUpdate = errors.New("store: invalid update")
	// ErrInvalidOption reports an option Open cannot use.
	ErrInvalidOption = errors.New("store: invalid option")
	// ErrFailed reports a store that stopped accepting commits after one
	// could not complete (its journal or badger failed a write): whether
	// that commit landed is unknown, as after a crash. Close and Open
	// again to recover from the journal.
	ErrFailed = errors.New("store: failed; reopen to recover")
)
