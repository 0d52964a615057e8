// Package settlement connects a node's channels to the chain over JSON-RPC:
// it sends transactions (nonces, gas, retries, confirmations), follows the
// ChannelManager's events from the last processed block (through RPC
// outages, and rewinding after reorgs deeper than its confirmations), answers a
// partner's unilateral close with our latest proof in time (or lets a
// watchtower do it with our authorization), and drives cooperative
// withdraws and settles, one by one or batched.
//
// Data flows one way: chain events -> settlement -> channels (through the
// engine, which persists before it changes memory).
package settlement
