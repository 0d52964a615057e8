# meshpay build, test and run targets. `make help` lists them.
GO       ?= go
PKGS     ?= ./...
BIN      := bin/meshpay
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
FUZZTIME ?= 60s
BENCHTIME ?= 1s
# The fixed-rate latency benchmarks run at 1,000/s: a p99 needs many
# thousands of samples, whatever BENCHTIME gives the others.
FIXEDRATE := AtRate$$|PaymentLatency$$
LATENCYN ?= 20000x
DEMO_FLAGS ?=
DURATION ?= 60s
DEVICES  ?= 3

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
	$(GO) test -run '^$$' -bench . -skip '$(FIXEDRATE)' -benchtime $(BENCHTIME) ./channels/... ./node/...
	$(GO) test -run '^$$' -bench '$(FIXEDRATE)' -benchtime $(LATENCYN) ./channels/store/ ./node/
	$(GO) test -run '^$$' -bench NodeFootprint -benchtime 1x ./cmd/meshpay/

#? fuzz: run every fuzz target for FUZZTIME each (default 60s): proofs, wire messages, offers, journal records, amounts, usage records, session messages
.PHONY: fuzz
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecodeValidate -fuzztime $(FUZZTIME) ./channels/
	$(GO) test -run '^$$' -fuzz FuzzJournalRecord -fuzztime $(FUZZTIME) ./channels/store/
	$(GO) test -run '^$$' -fuzz FuzzReadEnvelope -fuzztime $(FUZZTIME) ./node/wire/
	$(GO) test -run '^$$' -fuzz FuzzDecodeOffer -fuzztime $(FUZZTIME) ./node/offers/
	$(GO) test -run '^$$' -fuzz FuzzParseAmount -fuzztime $(FUZZTIME) ./node/control/
	$(GO) test -run '^$$' -fuzz FuzzVerifyUsage -fuzztime $(FUZZTIME) ./node/metering/
	$(GO) test -run '^$$' -fuzz FuzzReadMessage -fuzztime $(FUZZTIME) ./node/metering/

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

#? demo: build, then run the three-device demo: devnet, car, toll gate and EV charger as processes, within 60 s (DEMO_FLAGS='--duration 20s')
.PHONY: demo
demo: build
	./$(BIN) demo $(DEMO_FLAGS)

#? soak: run the demo scenario for DURATION (default 60s) with DEVICES devices (default 3) and check conservation
.PHONY: soak
soak: build
	./$(BIN) demo --soak --duration $(DURATION) --devices $(DEVICES)

# Containers. Images cannot be pulled on the build machines, so the image is
# FROM scratch around a static binary built here: cgo stays on (go-ethereum's
# secp256k1 in C recovers signatures ~4x faster than the pure-Go fallback) and
# glibc is linked in statically; netgo and osusergo keep glibc's NSS (which
# cannot be linked statically) out. `build` is left as it is.
DOCKER         ?= docker
IMAGE          ?= meshpay:dev
DOCKER_BIN     := bin/docker/meshpay
STATIC_LDFLAGS := $(LDFLAGS) -linkmode external -extldflags -static
# docker compose (v2 plugin) if there is one, else docker-compose (v1).
COMPOSE        ?= $(shell $(DOCKER) compose version >/dev/null 2>&1 && echo '$(DOCKER) compose' || echo docker-compose)

#? docker-build: build the static meshpay binary into bin/docker/ and the FROM-scratch image IMAGE (default meshpay:dev)
.PHONY: docker-build
docker-build:
	CGO_ENABLED=1 $(GO) build -trimpath -tags netgo,osusergo -ldflags '$(STATIC_LDFLAGS)' -o $(DOCKER_BIN) ./cmd/meshpay
	@if command -v readelf >/dev/null 2>&1 && readelf -l $(DOCKER_BIN) | grep -q 'program interpreter'; then \
	  echo "$(DOCKER_BIN) is not static: it cannot run in a scratch image"; exit 1; fi
	mkdir -p bin/docker/rootfs/tmp bin/docker/rootfs/data bin/docker/rootfs/devnet
	chmod 1777 bin/docker/rootfs/tmp; chmod 700 bin/docker/rootfs/data bin/docker/rootfs/devnet
	$(DOCKER) build -t $(IMAGE) .

#? docker-demo: build the image, then run the demo in containers (chain, car, toll gate, charger; Ctrl-C stops it)
.PHONY: docker-demo
docker-demo: docker-build
	@echo "starting a fresh demo (devnet/docker-compose.yml; the last run's chain is dropped); Ctrl-C stops it."
	@echo "In another terminal, from devnet/:"
	@echo "  $(COMPOSE) exec car meshpay channel list"
	@echo "  $(COMPOSE) exec tollgate meshpay payment list"
	@echo "  $(COMPOSE) exec chain meshpay devnet status"
	@cd devnet && MESHPAY_IMAGE=$(IMAGE) $(COMPOSE) down -v --remove-orphans >/dev/null 2>&1 || true
	cd devnet && MESHPAY_IMAGE=$(IMAGE) $(COMPOSE) up

#? docker-test: end-to-end test of the image and devnet/docker-compose.yml: payments, withdraws, balances via the CLI (needs a Docker engine; skips without one unless CI is set)
.PHONY: docker-test
docker-test:
	@GO='$(GO)' MAKE='$(MAKE)' DOCKER='$(DOCKER)' IMAGE='$(IMAGE)' bash devnet/docker/e2e.sh
