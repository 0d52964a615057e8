// Package docker holds the end-to-end test of the container image (the
// Dockerfile at the repository root) and of devnet/docker-compose.yml: the
// demo's chain, car, toll gate and EV charger, each in its own container.
//
// The test needs a Docker engine and is behind the build tag dockere2e; run
// it with `make docker-test`, which builds the image first (see e2e.sh).
package docker
