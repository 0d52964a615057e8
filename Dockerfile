# meshpay runtime image: the static meshpay binary on an empty base (FROM
# scratch): no shell, no libc, no package manager. One image serves every
# role: the devnet chain, a device node, the demo devices and the CLI.
#
# The binary is built on the host, NOT in a builder stage: the machines this
# project builds on cannot pull any image (not even golang:), so the image is
# assembled from what `make docker-build` leaves in bin/docker/:
#
#   bin/docker/meshpay   static binary (cgo on, for go-ethereum's fast
#                        secp256k1; linked with -extldflags -static)
#   bin/docker/rootfs/   empty /tmp, /data and /devnet
#
# Build it with `make docker-build` (a plain `docker build .` works once the
# binary is there); .dockerignore sends only bin/docker/ as the context.
FROM scratch

# Directories owned by the unprivileged user, so that named volumes mounted
# on /data and /devnet start out writable by it; /tmp is mode 1777.
COPY --chown=65532:65532 bin/docker/rootfs/ /
COPY bin/docker/meshpay /usr/local/bin/meshpay

# MESHPAY_DATADIR and MESHPAY_DEVNET_DIR are the default --datadir of the
# node and devnet commands, so `docker compose exec car meshpay channel list`
# needs no flags.
ENV PATH=/usr/local/bin \
    MESHPAY_DATADIR=/data \
    MESHPAY_DEVNET_DIR=/devnet

USER 65532:65532
WORKDIR /data
ENTRYPOINT ["meshpay"]
CMD ["help"]
