// Package demo is the three-device demo: a car, a toll gate and an EV
// charger, each its own meshpay node, that find each other over mDNS, read
// each other's service offers, open channels on chain and trade metered
// services autonomously, with automatic settlement on chain. Fleet grows
// it to more devices (more cars, toll gates and chargers, buyers spread
// over sellers) for soak runs.
//
// The devices use the product's machinery as a device maker would. A
// seller sells through a metering.Seller, one Listing per service with
// the device's meter: the toll gate reports a pass and opens its barrier
// once the pass is paid, the charger reports 0.1 kWh, and the toll gate's
// data link 1 MB, per tick while a session runs. Its earnings are
// withdrawn by an autosettle.Settler every SettleEvery (in one batch
// transaction per round with SettleBatch). A buyer finds an offer on the
// board, opens a channel to its seller (topping it up as it runs low) and
// buys metered sessions with a metering.Buyer: a one-pass session per
// toll, charging stops and batches of data of Service.SessionUnits units.
// The sessions pay through node.PayFor, so the device's spending policy
// (BuyerPolicy: price caps and an hourly budget) is in force.
//
// RunDevice is one device: the program behind 'meshpay demo device', run
// as its own process (by 'meshpay demo', or one per container). It prints
// its story to its output, one line per event (in a soak, a digest every
// DigestEvery instead of every session), and ends with one JSON line, its
// Report: its channels, transactions and session receipts, the payments
// the policy refused and the errors by kind. Summarize is the pure part
// of the orchestrator: it merges the devices' reports with balances and
// gas read from the chain and checks that every device's on-chain balance
// moved by exactly what it received minus what it paid off-chain, less
// its gas.
package demo
