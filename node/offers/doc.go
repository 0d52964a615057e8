// Package offers is the service board: devices announce what they sell
// (toll passes, kWh of charging, MB of data), at what price, in which token
// and on which ChannelManager, on a GossipSub topic, and every node keeps a
// bounded table of the live offers it has heard.
//
// An offer on the wire is a SignedOffer: the marshalled Offer and the
// seller's secp256k1 signature over keccak256("meshpay offer v1\x00" ||
// those exact bytes), so no canonical encoding is needed. A node accepts
// an offer only if
//
//   - it decodes, fits in MaxMessageSize and its fields are in bounds;
//   - the signature recovers the Seller address;
//   - PeerID is the seller's peer ID (it proves Seller) and the pubsub
//     message originates from that peer (msg.GetFrom(), which pubsub
//     authenticates under its default StrictSign policy): a node may relay
//     someone else's offer as part of gossip, but it cannot re-originate
//     it, so an offer reaches the network only from its seller;
//   - it is for our chain ID and ChannelManager;
//   - it has not expired and does not expire further ahead than MaxTTL.
//
// Messages failing these checks are rejected (pubsub drops them and does
// not forward them). An offer with a lower Seq than the one held for the
// same seller and service is stale and ignored, as is a different offer
// with the same Seq; the same offer again (a republish) is accepted and
// forwarded, so it reaches peers that joined late. Every drop is counted
// by Reason (Board.Stats).
//
// A node's own offers are in its own table too: Publish stores them before
// sending them, so Offers shows what the network sees of this node. Filter
// by seller to leave them out.
package offers
