// Package engine moves money through a node's channels. It is the
// imperative shell around package channels: it turns payment requests into
// signed balance proofs and incoming proofs into acknowledgements, always in
// the order compute, persist, then act.
//
// Payer: payments queued on a channel while the previous proof is in flight
// are coalesced into one cumulative proof, so one signature and one sync
// serve them all; each caller still gets its own receipt. Nonces are reserved
// durably in blocks before any is signed, so a restart never signs two
// different proofs under one nonce.
//
// Payee: a proof is validated, then made durable (group commit), and only
// then acknowledged.
package engine
