package store

import "errors"

var (
	// ErrNotFound reports a channel or record the store does not have.
	ErrNotFound = errors.New("store: not found")
	// ErrCorrupt reports a record that does not decode; the error names
	// the channel it belongs to.
	ErrCorrupt = errors.New("store: corrupt record")
	// ErrClosed reports use of a closed store.
	ErrClosed = errors.New("store: closed")
	// ErrInvalidUpdate reports an update that breaks the store's rules,
	// such as a nonce reservation that goes backwards.
	ErrInvalidUpdate = errors.New("store: invalid update")
)
