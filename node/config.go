package node

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/policy"
	"github.com/meshpay/meshpay/node/wire"
)

// ErrInvalidConfig reports a configuration the node cannot start with.
var ErrInvalidConfig = errors.New("node: invalid config")

// ChainConfig says which chain and ChannelManager the node's channels live on.
type ChainConfig struct {
	// RPCURL is the JSON-RPC endpoint; empty runs the node without a chain
	// (channels can then only be added by the embedding program, as in
	// the wire benchmarks).
	RPCURL   string
	ChainID  uint64
	Contract common.Address
	// FromBlock is where the event watcher starts on a fresh data dir (the
	// contract's deployment block).
	FromBlock uint64
	// Confirmations is how deep a block must be before its events count.
	Confirmations uint64
	// PollInterval is how often the chain head is polled.
	PollInterval time.Duration
	// ResendInterval is how often co-signed withdraws the chain has not
	// paid, and co-signed settles it has not executed, are looked for and
	// sent again (see Node.resendWithdraws and Node.resendSettles); the
	// first look is at start. Zero means every ten polls.
	ResendInterval time.Duration
	// SettleResendDelay is how long a co-signed settle must have waited,
	// with the chain's channel still open, before the node sends it
	// itself (participant B waits one ResendInterval more); see
	// Node.resendSettles. Zero means three minutes: longer than the
	// requester's own send may take.
	SettleResendDelay time.Duration
}

// Limits bound what one peer can cost the node.
type Limits struct {
	// MaxMessageSize bounds one wire message.
	MaxMessageSize int
	// Window is how many requests one outbound stream keeps in flight.
	Window int
	// RatePerSecond and Burst bound the messages one peer may send; past
	// them a message gets a RATE_LIMITED error and is not processed.
	RatePerSecond float64
	Burst         int
	// MaxViolations is how many malformed or rate-limited messages a peer
	// may send before it is disconnected and refused for BanDuration.
	MaxViolations int
	BanDuration   time.Duration
	// RequestTimeout bounds one request and the wait for its response.
	RequestTimeout time.Duration
	// IdleTimeout closes a stream that carries nothing for this long.
	IdleTimeout time.Duration
	// ConnLow and ConnHigh are the connection manager's watermarks.
	ConnLow, ConnHigh int
}

// DefaultLimits suit a small device.
var DefaultLimits = Limits{
	MaxMessageSize: wire.DefaultMaxMessageSize,
	Window:         64,
	RatePerSecond:  5_000,
	Burst:          10_000,
	MaxViolations:  10,
	BanDuration:    time.Minute,
	RequestTimeout: 10 * time.Second,
	IdleTimeout:    10 * time.Minute,
	ConnLow:        32,
	ConnHigh:       96,
}

// ChannelPolicy is what the node agrees to when a peer proposes a channel.
type ChannelPolicy struct {
	// RefuseChannels refuses every proposal.
	RefuseChannels bool
	// Tokens lists the accepted tokens (the zero address is ETH); empty
	// accepts any.
	Tokens []common.Address
	// MinChallengePeriod and MaxChallengePeriod bound a proposal's
	// challenge period, in seconds; a short one leaves us too little time
	// to answer a stale close.
	MinChallengePeriod, MaxChallengePeriod uint64
}

// Config wires a node. DataDir and Identity are required.
type Config struct {
	DataDir  string
	Identity *identity.Identity
	// ListenAddrs are multiaddrs; default: TCP and QUIC on all interfaces,
	// ports chosen by the system.
	ListenAddrs []string
	// AnnounceAddrs, if set, replace the addresses the node advertises
	// (for NAT or port forwarding).
	AnnounceAddrs []string
	// Bootstrap peers are dialed at start (multiaddrs with /p2p/).
	Bootstrap []string
	// DisableMDNS turns off local-network discovery.
	DisableMDNS bool
	// MDNSService is the mDNS service name (default "meshpay"); nodes
	// only find nodes with the same name.
	MDNSService string
	Chain       ChainConfig
	Limits      Limits
	Policy      ChannelPolicy
	// Spending is the device's guardrails on what it pays (budgets, price
	// caps, allowed peers); the zero value limits nothing.
	Spending policy.Policy
	// ControlAddr is the control API's TCP address (loopback only), e.g.
	// "127.0.0.1:7420"; empty serves only the unix socket in DataDir.
	ControlAddr string
	// DisableControl turns the control API off (embedded use and tests).
	DisableControl bool
	// MetricsAddr serves Prometheus metrics at /metrics; empty turns the
	// endpoint off.
	MetricsAddr string
	// DisableOffers turns off the service-offer board (GossipSub).
	DisableOffers bool
	// ReconnectMax caps the backoff of reconnects to channel partners.
	ReconnectMax time.Duration
	Logger       *slog.Logger
}

func (c *Config) setDefaults() error {
	if c.DataDir == "" || c.Identity == nil {
		return fmt.Errorf("%w: data dir and identity are required", ErrInvalidConfig)
	}
	if len(c.ListenAddrs) == 0 {
		c.ListenAddrs = []string{"/ip4/0.0.0.0/tcp/0", "/ip4/0.0.0.0/udp/0/quic-v1"}
	}
	if c.MDNSService == "" {
		c.MDNSService = "meshpay"
	}
	d := DefaultLimits
	l := &c.Limits
	setInt := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setDur := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	setInt(&l.MaxMessageSize, d.MaxMessageSize)
	setInt(&l.Window, d.Window)
	setInt(&l.Burst, d.Burst)
	setInt(&l.MaxViolations, d.MaxViolations)
	setInt(&l.ConnLow, d.ConnLow)
	setInt(&l.ConnHigh, d.ConnHigh)
	if l.RatePerSecond <= 0 {
		l.RatePerSecond = d.RatePerSecond
	}
	setDur(&l.BanDuration, d.BanDuration)
	setDur(&l.RequestTimeout, d.RequestTimeout)
	setDur(&l.IdleTimeout, d.IdleTimeout)
	if l.ConnLow > l.ConnHigh {
		return fmt.Errorf("%w: connection low watermark %d above high %d", ErrInvalidConfig, l.ConnLow, l.ConnHigh)
	}
	if c.Policy.MaxChallengePeriod == 0 {
		c.Policy.MaxChallengePeriod = 30 * 24 * 3600
	}
	if c.Policy.MinChallengePeriod > c.Policy.MaxChallengePeriod {
		return fmt.Errorf("%w: challenge period bounds [%d, %d]", ErrInvalidConfig, c.Policy.MinChallengePeriod, c.Policy.MaxChallengePeriod)
	}
	setDur(&c.ReconnectMax, time.Minute)
	if c.Chain.PollInterval <= 0 {
		c.Chain.PollInterval = time.Second
	}
	if c.Chain.ResendInterval <= 0 {
		c.Chain.ResendInterval = 10 * c.Chain.PollInterval
	}
	if c.Chain.SettleResendDelay <= 0 {
		c.Chain.SettleResendDelay = coSignedSendTimeout + time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}
