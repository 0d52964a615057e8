// Package harness drives the ChannelManager for the contract tests and the
// gas report: funded accounts, deployment, sending transactions, moving
// chain time, and EIP-712 signing.
//
// An Env is the same on two chains, so that one suite runs on both:
// go-ethereum's simulated backend at mainnet's current fork
// (NewSimulatedEnv: one chain per Env, blocks sealed on demand), and the
// project's embedded devnet reached over JSON-RPC on HTTP (StartDevnet,
// then Devnet.NewEnv: one node shared by many Envs, blocks sealed by its
// producer). What differs between them is the Chain interface.
//
// The signing here deliberately uses go-ethereum's signer/core/apitypes
// rather than the project's own signer in channels/, so that the contract and
// the Go signer are each checked against an independent implementation.
package harness
