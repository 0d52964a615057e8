// Package wire is the meshpay channel wire protocol, version 1 (ProtocolID
// /meshpay/channel/1): the framing of Envelopes on a libp2p stream, and the
// strict conversion between the protobuf messages of package pb and the
// pure types of packages channels and engine.
//
// Decoders check every length and bound and name the offending field in an
// error wrapping ErrMalformed; they check structure only. Whether a proof is
// valid for its channel (signer, nonce, balance) is the engine's job.
// Errors travel as pb.Error with a pb.ErrorCode: CodeOf maps our sentinel
// errors to codes, and a received RemoteError matches the same sentinels
// with errors.Is. docs/protocol.md ("Wire protocol") describes the messages
// and who sends them when.
//
// The package does no IO of its own beyond the io.Reader and io.Writer it is
// handed; the node's session code owns the streams.
package wire
