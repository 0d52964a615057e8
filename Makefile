# meshpay build, test and run targets. `make help` lists them.
GO       ?= go
PKGS     ?= ./...
BIN      := bin/meshpay
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
FUZZTIME ?= 60s
BENCHTIME ?= 1s

.DEFAULT_GOAL := help

#? help: list the targets
.PHONY: help
help:
	@grep -E '^#\? ' $(MAKEFILE_LIST) | sed 's/^#? /  /'

#? build: build the static meshpay binary into bin/
.PHONY: build
build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/meshpay

# The devnet package runs a whole geth node; under the race detector its
# in-process RPC pipe misses its write deadlines when the node reopens its
# database, so it is tested without -race (it still runs every test).
NORACE_PKGS := ./devnet/...
RACE_PKGS    = $(shell $(GO) list ./... | grep -v /devnet)

#? test: vet, then run every test (with the race detector except devnet) (what CI runs)
.PHONY: test
test: lint
	$(GO) test -race -shuffle=on -count=1 -p 1 -timeout 25m $(RACE_PKGS)
	$(GO) test -shuffle=on -count=1 -timeout 10m $(NORACE_PKGS)

#? test-short: run the tests without the race detector and the slow process-killing tests
.PHONY: test-short
test-short:
	$(GO) test -short -count=1 $(PKGS)

#? bench: run the benchmarks (payments/s and friends)
.PHONY: bench
bench:
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) ./channels/... ./node/...

#? fuzz: fuzz the proof decoder and validator for FUZZTIME (default 60s)
.PHONY: fuzz
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecodeValidate -fuzztime $(FUZZTIME) ./channels/

#? lint: gofmt check and go vet
.PHONY: lint
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './contracts/node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

#? fmt: format the Go sources
.PHONY: fmt
fmt:
	gofmt -w $$(git ls-files '*.go')

#? tidy-check: fail if go.mod/go.sum are not tidy
.PHONY: tidy-check
tidy-check:
	$(GO) mod tidy -diff

#? contracts: rebuild ABI, bytecode and Go bindings from contracts/src (npm solc, pinned)
.PHONY: contracts
contracts:
	bash contracts/build.sh

#? contracts-check: fail if the committed bindings do not match the Solidity sources
.PHONY: contracts-check
contracts-check:
	$(GO) test -count=1 -run TestCommittedArtifactsAreFresh ./contracts/

#? gas: print the gas of each contract operation and of batched settlement
.PHONY: gas
gas:
	$(GO) run ./contracts/cmd/gasreport

#? devnet: start the embedded devnet in the foreground (Ctrl-C stops it)
.PHONY: devnet
devnet: build
	./$(BIN) devnet up

#? demo: run the three-device demo on the embedded devnet
.PHONY: demo
demo: build
	./$(BIN) demo
