// Package node is the meshpay device node: the libp2p host, the channel
// wire protocol, discovery, service offers and the local control API.
//
// It is built in a later step (see the open issues); for now it only holds
// its place in the layout.
package node
