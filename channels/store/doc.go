// Package store keeps a node's channels on disk in badger: every channel's
// state with both latest balance proofs, co-signed withdraws and settles,
// per-channel nonce reservations, payment records and small metadata.
//
// Money is state, so Commit returns only once an update is durable
// (surviving a crash or a power cut). Concurrent commits are grouped, and
// each group costs one fdatasync: its writes are appended as one record to
// a preallocated journal file owned by the store, synced, and only then
// applied to badger, which never syncs on its own. The channel records
// that proof updates rewrite wait in a write-behind map until the journal
// rotates. CommitStaged returns once the record is written (it survives a
// kill of the process) and hands back a wait for its sync; Queue hands an
// update over and returns at once. Journal files are
// deleted once badger has flushed their writes into its tables, and at a
// clean Close; Open replays whatever an unclean stop left (see journal.go
// for the format and why only the tail of the newest file can be torn,
// checkpoint.go for when a journal may go), and records the stop until an
// update says it is handled (Recovered, Update.RecoveryHandled).
package store
