// Package pb is the generated protobuf code of the metered session
// protocol (metering.proto); package metering wraps it.
package pb
