// Package metrics is a node's Prometheus metrics: payments, rejected
// messages, channels by phase, chain transactions and gas, dropped offers and
// connected peers, in a registry of its own (never the global default one),
// served on /metrics.
//
// Every method is safe for concurrent use and a no-op on a nil *Metrics, so a
// node runs the same with metrics off. Label values (reasons, operations,
// tokens) must come from small fixed sets chosen by the node, never from
// peers or users, or the number of series grows without bound.
//
// The endpoint has no authentication: bind it to loopback or a trusted
// network, since payment volumes are business data.
package metrics
