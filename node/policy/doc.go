// Package policy is the device's spending guardrail: it decides whether a
// payment may be made under the operator's limits, holds the amount against
// the budgets while the payment is in flight, and raises alerts when prices
// or spending suddenly rise.
//
// It is pure logic: no IO, no goroutines, no logging; time comes from an
// injected clock. A Guard is safe for concurrent use.
//
// # Limits
//
// A Policy holds Limits per token (amounts are in that token's base units,
// so limits in one token say nothing about another): node-wide Limits and
// per-peer Limits. Both apply to every payment; a peer's Limits can only
// tighten the node's. Each Limits has
//
//   - a maximum price per unit per service kind (AnyService "*" covers the
//     kinds without a cap of their own);
//   - a maximum per payment;
//   - budgets per hour and per day over sliding windows.
//
// Allow and deny lists of peers apply to every token; deny wins.
//
// # Reserve, then Commit or Release
//
// Guard.Reserve checks a payment and, if it passes, records its amount
// against the hour and day budgets at once, so concurrent payments can never
// together overshoot a budget. The caller then either commits the
// reservation (the payment was made, or may have been: it stays counted) or
// releases it (the payment certainly did not happen: the hold is returned).
// A refusal is a *RefusedError that wraps one of the sentinel errors and
// says which limit, how much was spent and how much was asked; refusals are
// counted by Reason (Guard.Stats) and handed to the WithRefusalFunc
// callback, the place to log them.
//
// # Windows
//
// Spend is bucketed per minute, from the Guard's start. The hour window
// holds the current bucket and the 60 before it, the day window the current
// one and the 1440 before it, so a budget is never spread over less than a
// full hour or day: spend counts for between 60 and 61 minutes (or 24 hours
// and 24 hours and a minute). Only minutes with spend are stored, at most
// 1441 per window; windows of peers idle for a day are dropped.
//
// # Anomalies
//
// Per (peer, token, service) the Guard keeps exponentially weighted averages
// of the price per unit paid and of the spend per active minute (minutes
// without payments are left out, so sparse but steady traffic is not a
// spike). Reserve raises a price_jump Alert when the price exceeds
// PriceFactor times the average, and Commit a spend_rate Alert when the
// current minute's spend exceeds RateFactor times the average, both after
// MinSamples samples. Alerts go to the OnAlert callback and a bounded ring
// (Guard.Alerts). They do not block payments unless AnomalyConfig.Block is
// set, which turns a price jump into a refusal (ErrAnomaly).
package policy
