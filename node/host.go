package node

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/control"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/discovery/mdns"
	rcmgr "github.com/libp2p/go-libp2p/p2p/host/resource-manager"
	"github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/net/connmgr"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	quic "github.com/libp2p/go-libp2p/p2p/transport/quic"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/meshpay/meshpay/node/identity"
)

// newHost builds the libp2p host: TCP and QUIC, Noise, Yamux, a connection
// manager, the resource manager, and a gater that refuses banned peers and
// peers whose key is not secp256k1 (they cannot be channel participants).
func newHost(cfg *Config, gater *banList) (host.Host, error) {
	cm, err := connmgr.NewConnManager(cfg.Limits.ConnLow, cfg.Limits.ConnHigh, connmgr.WithGracePeriod(time.Minute))
	if err != nil {
		return nil, fmt.Errorf("connection manager: %w", err)
	}
	rm, err := rcmgr.NewResourceManager(rcmgr.NewFixedLimiter(rcmgr.DefaultLimits.AutoScale()))
	if err != nil {
		return nil, fmt.Errorf("resource manager: %w", err)
	}
	opts := []libp2p.Option{
		libp2p.Identity(cfg.Identity.PrivKey()),
		libp2p.ListenAddrStrings(cfg.ListenAddrs...),
		// Without port reuse: with it, two partners that dial each other
		// at the same moment (both reconnect after a blip) share one TCP
		// connection by simultaneous open, both run the Noise handshake
		// as initiator and both fail (go-libp2p#2925). Port reuse is
		// there mainly for hole punching, which the node does not use;
		// partners' listen addresses come from identify (see
		// learnListenAddrs), not from the ports they dial from.
		libp2p.Transport(tcp.NewTCPTransport, tcp.DisableReuseport()),
		libp2p.Transport(quic.NewTransport),
		libp2p.Security(noise.ID, noise.New),
		libp2p.Muxer(yamux.ID, yamux.DefaultTransport),
		libp2p.ConnectionManager(cm),
		libp2p.ResourceManager(rm),
		libp2p.ConnectionGater(gater),
		libp2p.DisableRelay(),
	}
	if len(cfg.AnnounceAddrs) > 0 {
		announce := make([]ma.Multiaddr, 0, len(cfg.AnnounceAddrs))
		for _, s := range cfg.AnnounceAddrs {
			a, err := ma.NewMultiaddr(s)
			if err != nil {
				return nil, fmt.Errorf("%w: announce address %q: %w", ErrInvalidConfig, s, err)
			}
			announce = append(announce, a)
		}
		opts = append(opts, libp2p.AddrsFactory(func([]ma.Multiaddr) []ma.Multiaddr { return announce }))
	}
	h, err := libp2p.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("libp2p host: %w", err)
	}
	return h, nil
}

// banList refuses peers that misbehaved, for a while, and peers that
// cannot hold channels. It is the host's connection gater.
type banList struct {
	mu     sync.Mutex
	until  map[peer.ID]time.Time
	now    func() time.Time
	banFor time.Duration
}

func newBanList(d time.Duration) *banList {
	return &banList{until: map[peer.ID]time.Time{}, now: time.Now, banFor: d}
}

func (b *banList) ban(p peer.ID) {
	b.mu.Lock()
	b.until[p] = b.now().Add(b.banFor)
	b.mu.Unlock()
}

func (b *banList) banned(p peer.ID) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.until[p]
	if ok && b.now().After(t) {
		delete(b.until, p)
		return false
	}
	return ok
}

func (b *banList) InterceptPeerDial(p peer.ID) bool { return !b.banned(p) }

func (b *banList) InterceptAddrDial(p peer.ID, _ ma.Multiaddr) bool { return !b.banned(p) }

func (b *banList) InterceptAccept(network.ConnMultiaddrs) bool { return true }

func (b *banList) InterceptSecured(_ network.Direction, p peer.ID, _ network.ConnMultiaddrs) bool {
	if b.banned(p) {
		return false
	}
	_, err := identity.AddressOf(p)
	return err == nil
}

func (b *banList) InterceptUpgraded(network.Conn) (bool, control.DisconnectReason) { return true, 0 }

// mdnsNotifee connects to peers found on the local network.
type mdnsNotifee struct {
	n *Node
}

func (m mdnsNotifee) HandlePeerFound(pi peer.AddrInfo) {
	if pi.ID == m.n.host.ID() {
		return
	}
	m.n.log.Debug("mdns found peer", "peer", pi.ID)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := m.n.host.Connect(ctx, pi); err != nil {
			m.n.log.Debug("mdns connect", "peer", pi.ID, "err", err)
		}
	}()
}

func startMDNS(n *Node) (mdns.Service, error) {
	s := mdns.NewMdnsService(n.host, n.cfg.MDNSService, mdnsNotifee{n: n})
	if err := s.Start(); err != nil {
		return nil, fmt.Errorf("mdns: %w", err)
	}
	return s, nil
}
