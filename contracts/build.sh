#!/usr/bin/env bash
# Rebuilds the committed contract artifacts from contracts/src:
#   build/combined.json  (abi, bin, bin-runtime per exported contract)
#   bindings/bindings.go (abigen v2 bindings, github.com/ethereum/go-ethereum/accounts/abi/bind/v2)
# Toolchain: solc-js and OpenZeppelin pinned in package-lock.json, abigen pinned
# as a go.mod tool (go-ethereum v1.17.10). Run from anywhere.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
npm ci --ignore-scripts --no-audit --no-fund
node build/compile.js build/combined.json
go tool abigen --v2 --combined-json build/combined.json --pkg bindings --out bindings/bindings.go
# abigen writes its output owner-only; the bindings are ordinary source.
chmod 0644 bindings/bindings.go
