// Package contracts holds the meshpay ChannelManager: its Solidity sources
// (src/), the pinned compiler toolchain (package.json, build/compile.js), the
// compiled artifacts (build/combined.json) and the Go bindings generated from
// them (bindings/). Its tests run the contract on a simulated chain and check
// that the committed artifacts match the sources.
package contracts
