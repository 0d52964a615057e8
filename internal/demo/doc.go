// Package demo is the three-device demo: a car, a toll gate and an EV
// charger, each its own meshpay node, that find each other over mDNS, read
// each other's service offers, open channels on chain and pay each other
// autonomously, with periodic settlement on chain. Fleet grows it to more
// devices (more cars, toll gates and chargers, buyers spread over sellers)
// for soak runs.
//
// RunDevice is one device: the program behind 'meshpay demo device', run
// as its own process (by 'meshpay demo', or one per container). It prints
// its story to its output, one line per event (in a soak, a digest every
// DigestEvery instead of every payment), and ends with one JSON line, its
// Report. Every buyer pays under a spending policy (BuyerPolicy: price
// caps and an hourly budget); the report counts the payments the policy
// refused and the errors by kind. Summarize is the pure part of the
// orchestrator: it merges the devices' reports with balances and gas read
// from the chain and checks that every device's on-chain balance moved by
// exactly what it received minus what it paid off-chain, less its gas.
package demo
