// Package identity is a device's one key: the secp256k1 key that signs its
// balance proofs and transactions is also its libp2p identity, so a peer ID
// proves an on-chain address. It loads and creates the key's Ethereum V3
// keystore file.
package identity
