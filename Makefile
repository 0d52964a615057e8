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

# Every .proto under node/ is generated in one protoc run, with the
# protoc-gen-go that go.mod pins; the output lands next to its .proto.
PROTOS     = $(shell find node -name '*.proto' | sort)
PROTOC_GEN = protoc --plugin=protoc-gen-go="$$($(GO) tool -n protoc-gen-go)" --go_opt=module=github.com/meshpay/meshpay

#? proto: regenerate node/wire/pb from wire.proto, and every other *.proto under node/ (installs protobuf-compiler with apt-get if missing)
.PHONY: proto
proto:
	@command -v protoc >/dev/null 2>&1 || { \
	  echo "protoc not found: installing protobuf-compiler with apt-get"; \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update && $$sudo apt-get install -y protobuf-compiler; }
	$(PROTOC_GEN) --go_out=. $(PROTOS)

#? proto-check: fail if the generated Go code under node/ does not match its .proto files
.PHONY: proto-check
proto-check:
	@command -v protoc >/dev/null 2>&1 || { echo "protoc not found: make proto installs it"; exit 1; }
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  $(PROTOC_GEN) --go_out="$$tmp" $(PROTOS) || exit 1; \
	  for f in $$(cd "$$tmp" && find . -name '*.pb.go'); do \
	    diff -u -I '^//[[:space:]]*protoc[[:space:]]' "$$f" "$$tmp/$$f" >/dev/null || \
	      { echo "$${f#./} is stale: run make proto and commit the result"; exit 1; }; \
	  done; echo "generated code is fresh"

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
