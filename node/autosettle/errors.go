package autosettle

import "errors"

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrInvalidPolicy reports a Policy New refuses; the wrapping error
	// names the field.
	ErrInvalidPolicy = errors.New("autosettle: invalid policy")
	// ErrRunning reports a second Run of a Settler that is running.
	ErrRunning = errors.New("autosettle: already running")
)
