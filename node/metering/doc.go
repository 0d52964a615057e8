// Package metering runs metered service sessions between devices: a seller
// (a charger, a toll gate, a data hotspot) delivers a service in units and
// reports what it delivered in signed usage records; the buyer (a car, a
// drone) pays for each rise of the amount due, automatically and in small
// increments, over its payment channel with the seller; the seller stops
// the service when payment lags more than a credit window. Either side can
// end a session, and both keep a receipt of it.
//
// # Selling
//
// A Seller publishes offers on the node's offer board and serves sessions
// on the libp2p protocol ProtocolID:
//
//	seller, _ := metering.NewSeller(ctx, n, metering.SellerConfig{})
//	go seller.Run(ctx)
//	seller.Sell(ctx, metering.Listing{
//		Service: "charging", Unit: "0.1kWh", PricePerUnit: price,
//		CreditUnits: 2, Meter: charger,
//	})
//
// The device implements Meter: Serve delivers the service for one session
// and reports each unit as it is delivered (SellSession.Report); the
// session's context ends when the service must stop (the buyer ended it,
// payment lags, a limit is reached, the seller shuts down). A charger
// switches its relay on, reports every 0.1 kWh and switches off when the
// context ends; a toll gate reports one pass, waits for it to be paid
// (SellSession.WaitPaid) and opens the barrier.
//
// The seller learns it was paid from the node's acknowledged proofs
// (node.OnReceived): a payment counts for a session when its reference
// names the session (ReferencePrefix, the session ID in hex, the record's
// seq), it arrives on the session's channel from the session's buyer, and
// it is covered by the rise of the buyer's cumulative transfer on that
// channel (so an itemisation cannot claim money the channel never
// received, and a repeated proof is not counted twice). Other payments on
// the same channel are not counted.
//
// # Buying
//
// A Buyer starts a session on an offer from the board:
//
//	buyer, _ := metering.NewBuyer(ctx, n, metering.BuyerConfig{})
//	sess, _ := buyer.Buy(ctx, offer, metering.Limits{MaxUnits: 300})
//	receipt, err := sess.Wait(ctx)
//
// The buyer needs an open channel with the seller on the offer's token
// (Limits.ChannelID, or the open one with the most available balance). It
// checks every usage record before paying: the seller's signature over
// the record, the session, channel and parties, the agreed price, a seq
// that rises and units that never go down, due = units × price, and its
// limits; a record that fails is not paid and ends the session. It pays
// the rise of due with node.PayFor (reference
// "meter:<service>:<session id>:<seq>", so that the node can total revenue
// and spending per service) and stops at its limits, when its context
// ends, or on End.
//
// # Wire
//
// The buyer opens a stream and sends Start (service, unit, price, token,
// channel, limits, a random session ID); the seller answers Accept (with
// its credit window) or Stop(REASON_REFUSED); the seller then sends
// SignedUsage records as it meters; either side sends Stop to end; the
// seller stops the service, waits up to SellerConfig.Grace for payment to
// catch up, sends a final record (final = true, with the reason) and
// closes the stream. Records are signed with the seller's node key:
// secp256k1 over keccak256("meshpay usage v1\x00" || record bytes), so the
// buyer keeps evidence of what it paid for (SignedUsage.Verify). Messages
// are length-delimited protobuf (package pb), at most MaxMessageSize
// bytes.
//
// # Receipts
//
// Both sides keep a Receipt per finished session: units, amount due and
// paid, the nonces of the first and last channel proofs that carried the
// session's payments, start and end time, why it ended and the seller's
// signed final record. They are kept in the node's store (meta keys under
// "metering/"), the most recent MaxReceipts of each side. Buyers and
// Sellers report their live sessions and receipts to the node
// (node.AddSessionSource), so the control API (GET /v1/sessions) and
// `meshpay session list` show them.
package metering
