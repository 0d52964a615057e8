// Package harness drives the ChannelManager on a simulated chain for the
// contract tests and the gas report: funded accounts, deployment, sending
// transactions, and EIP-712 signing.
//
// The signing here deliberately uses go-ethereum's signer/core/apitypes
// rather than the project's own signer in channels/, so that the contract and
// the Go signer are each checked against an independent implementation.
package harness
