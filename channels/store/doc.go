// Package store keeps a node's channels on disk in badger: every channel's
// state with both latest balance proofs, co-signed withdraws and settles,
// per-channel nonce reservations, payment records and small metadata.
//
// Money is state, so Commit returns only once an update is durable (synced,
// surviving power loss). Concurrent commits share one badger transaction
// and one sync (group commit), so durability does not cap throughput.
package store
