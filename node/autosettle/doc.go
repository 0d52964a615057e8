// Package autosettle moves what a node earned on its channels to its
// on-chain account without anyone asking: cooperative withdraws on a
// threshold or an interval, one batch transaction for an operator with many
// channels, and a unilateral close followed by a settle when a partner
// stops answering.
//
// A Settler drives a node through the node's own operations (Withdraw,
// WithdrawAll, CloseChannel, the control API's Settle); it keeps no state of
// its own on disk. Run it beside the node: New, then Run until ctx ends.
//
// # What is unsettled
//
// For a channel where we are participant i:
//
//	available(i) = deposit[i] - withdrawn[i] + received - sent - locked
//	unsettled    = available(i) - deposit[i], or 0 when that is negative
//
// that is, what we received and have not withdrawn yet, net of what we sent
// over the same channel; our own deposit is never counted, so a buyer's
// channel never looks due. (A withdraw is counted against earnings first:
// a node that withdrew part of its own deposit by hand settles that much
// less automatically.)
//
// A withdraw takes
//
//	amount = min(unsettled, available(i) - Keep)
//
// so at least Keep stays in the channel (our remaining deposit counts
// towards it), for example to pay change.
//
// # When a channel is due
//
// An open channel is due when amount > 0 and either
//
//   - amount >= Threshold (Threshold set), or
//   - Interval (set) has passed since the channel's last withdraw by this
//     Settler, or since the Settler first saw the channel.
//
// Every Tick the Settler looks at all channels. Between ticks, every proof
// the node acknowledges (node.OnReceived) makes it look at that channel at
// once, so a threshold is acted on promptly; interval-due channels wait
// for the tick.
//
// Per channel (Batch false) each due channel gets its own Withdraw (Workers
// at a time), one transaction each. With Batch every due channel goes into
// one WithdrawAll: one transaction per token (per distinct Keep left in the
// channel, see below). A proof that makes a channel threshold-due starts
// such a batch round at once; leave Threshold nil to batch on the tick
// only. Channels withdrawn in the same round restart their interval
// together, so their intervals stay aligned and later rounds batch them
// again.
//
// WithdrawAll takes "everything above keep" with one keep for all its
// channels; the Settler passes each channel's available(i) - amount, and
// channels that need different values (a channel where we still hold a
// deposit, next to channels where we hold none) go into separate calls.
//
// # Unresponsive partners
//
// A withdraw fails either before the partner co-signed (the partner is
// unreachable or refuses) or after (the co-signed withdraw is counted and
// kept by the node, but its transaction failed). Only the first kind counts
// against the partner: the Settler tells them apart by whether the
// channel's withdrawn total rose. When a channel's withdraws have failed
// the first way without a success for UnresponsiveAfter, the Settler closes
// it unilaterally (CloseChannel with cooperative false: the partner's latest
// proof goes on chain and the challenge period starts).
//
// # Settling
//
// Every tick the Settler asks the node to settle each closing channel,
// whoever closed it. The node checks the chain's time first and sends no
// transaction before the challenge period is over; a channel someone else
// (the node's own disputer, or the partner) settled first counts as
// settled. This repeats the node's disputer on purpose: settling is what
// pays us.
//
// # Counting
//
// Stats counts withdraws (channels withdrawn from), batch transactions,
// unilateral closes, settles and failed attempts. Successful actions are
// logged at Info; failures at Warn (the first of a run of failures per
// channel) or Debug (the repeats): they are the partner's or the chain's
// doing, not broken invariants.
package autosettle
