// Package engine moves money through a node's channels. It is the
// imperative shell around package channels: it turns payment requests into
// signed balance proofs and incoming proofs into acknowledgements, in the
// order compute, persist, then act. The one overlap: a payer sends a proof
// once it is written to the journal (it survives a kill) while its sync
// runs; the payment counts only once acknowledged and synced, and after a
// power cut Reconcile takes back from the partner a proof the cut lost.
//
// Payer: payments queued on a channel while the previous proof is in flight
// are coalesced into one cumulative proof, so one signature and one sync
// serve them all; each caller still gets its own receipt. Nonces are reserved
// durably in blocks before any is signed, so a restart never signs two
// different proofs under one nonce.
//
// Payee: a proof is validated, then made durable (group commit), and only
// then acknowledged. Accept validates the next proof while earlier ones are
// still being written; a proof taken that way counts once it is durable,
// even if its acknowledgement is never sent.
package engine
