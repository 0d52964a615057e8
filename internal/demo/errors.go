package demo

import "errors"

// Errors callers branch on.
var (
	// ErrInvalidConfig reports a device configuration RunDevice cannot run.
	ErrInvalidConfig = errors.New("demo: invalid config")
	// ErrUnknownRole reports a role that is not car, tollgate or charger.
	ErrUnknownRole = errors.New("demo: unknown role")
	// ErrBadReport reports a device report line that does not parse.
	ErrBadReport = errors.New("demo: bad report")
)
