// Package pb is the generated protobuf code of the service offer gossip
// format (offers.proto); package offers wraps it.
package pb
