// Package channels is the meshpay channel state machine as pure logic:
// balance proofs and cooperative messages, their EIP-712 digests, signing and
// recovery, validation and balances.
//
// It does no IO: no network, no chain, no disk, no goroutines and no clock
// (time is a parameter). The rules here are the rules of docs/protocol.md and
// of the ChannelManager contract; a change to one is a change to all three.
package channels
