// Package control is the node's local control API: HTTP and JSON over a unix
// socket and, optionally, loopback TCP, for the operator CLI and for local
// programs (a charger's firmware, a dashboard). API.md in this directory is
// the reference for every endpoint, body and error code.
//
// The node implements Service; NewServer serves it, and Client calls it (a
// *Client is a Service too, so the CLI can be written against the
// interface). Both sides share the JSON types of types.go: field names are
// snake_case and stable, amounts are decimal strings of token base units (up
// to 2^256-1), addresses and channel IDs 0x-hex, times RFC 3339.
//
// # Authentication
//
// On Listen the server writes a random 32-byte token, hex-encoded, to
// <datadir>/control.token with mode 0600, or reuses the one there (as
// bitcoind's .cookie). Every request, on both transports and on every path,
// must carry "Authorization: Bearer <token>"; the comparison is constant
// time, and a request without it gets 401 before any routing or Service
// call. Reading the token file is the permission to control the node. The
// socket is mode 0600 as well.
//
// # Errors
//
// A Service returns errors wrapping the sentinels of this package
// (ErrNotFound, ErrInvalidArgument, ErrConflict, ErrUnavailable) or of the
// channels and channels/engine packages; the server maps them to a status
// and a stable code in {"error":{"code":...,"message":...}}. The client
// turns that body back into *APIError, which errors.Is matches against the
// same sentinels, so code behind the interface branches the same way on
// either side of the socket.
//
// # Lifecycle
//
//	s, err := control.NewServer(node, control.ServerConfig{DataDir: dir})
//	...
//	err = s.Run(ctx) // listens, serves until ctx ends, shuts down gracefully
//
// A client finds a node from its data directory:
//
//	c, err := control.DiscoverClient(dir)
//	info, err := c.Info(ctx)
package control
