#!/usr/bin/env bash
# End-to-end test of the container image and devnet/docker-compose.yml
# (`make docker-test`): builds the image from this checkout, then runs the Go
# test in this directory (build tag dockere2e), which starts the compose
# project, waits for payments and on-chain withdraws, checks the balances
# through the CLI in the containers, stops the devices and checks the closing
# account against the chain. The project is always torn down (down -v).
#
# Without a Docker engine it prints "SKIP: no Docker engine" and exits 0,
# unless CI is set: in CI a missing engine is a failure.
#
# Environment: GO, MAKE, DOCKER, IMAGE (default meshpay:dev) and
# MESHPAY_E2E_TIMEOUT (how long to wait for the demo's events, default 3m).
set -euo pipefail
cd "$(dirname "$0")/../.."

GO=${GO:-go}
MAKE=${MAKE:-make}
DOCKER=${DOCKER:-docker}
IMAGE=${IMAGE:-meshpay:dev}

if ! command -v "$DOCKER" >/dev/null 2>&1 || ! "$DOCKER" info >/dev/null 2>&1; then
	if [ -n "${CI:-}" ]; then
		echo "FAIL: no Docker engine ('$DOCKER info' fails) and CI is set: .ci/run installs docker.io and starts dockerd" >&2
		exit 1
	fi
	echo "SKIP: no Docker engine ('$DOCKER info' fails): install docker.io and start dockerd to run the container test"
	exit 0
fi

if "$DOCKER" compose version >/dev/null 2>&1; then
	compose=("$DOCKER" compose)
elif command -v docker-compose >/dev/null 2>&1; then
	compose=(docker-compose)
else
	echo "FAIL: neither '$DOCKER compose' nor docker-compose is installed (apt-get install docker-compose)" >&2
	exit 1
fi

start=$(date +%s)
"$MAKE" --no-print-directory docker-build IMAGE="$IMAGE" GO="$GO" DOCKER="$DOCKER"
built=$(date +%s)

# A project of its own, so that a running `make docker-demo` (project
# "devnet") is left alone. The Go test tears it down itself; this trap is for
# an interrupted or timed-out test.
project="meshpay-e2e-$$"
cleanup() {
	MESHPAY_IMAGE="$IMAGE" "${compose[@]}" -p "$project" -f devnet/docker-compose.yml down -v --remove-orphans -t 5 >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export MESHPAY_IMAGE="$IMAGE" MESHPAY_E2E_PROJECT="$project" MESHPAY_E2E_COMPOSE="${compose[*]}"
"$GO" test -tags dockere2e -count=1 -v -timeout 15m -run TestComposeDemo ./devnet/docker/
echo "docker-test: image built in $((built - start))s, compose test in $(($(date +%s) - built))s"
