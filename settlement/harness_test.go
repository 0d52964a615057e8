package settlement_test

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/settlement"
)

// challengePeriod is long in chain seconds: at 100 ms blocks the devnet clock
// runs ~10x faster than the wall clock (a block adds at least 1 s), and the
// tests skip it with AdjustTime instead.
const challengePeriod = 3600 // seconds

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(params.Ether)) }

// node is one device as far as settlement goes: key, chain client, store,
// engine, and its watcher feeding its disputer.
type node struct {
	key      *ecdsa.PrivateKey
	signer   *channels.KeySigner
	client   *settlement.Client
	store    *store.Badger
	eng      *engine.Engine
	disputer *settlement.Disputer
	stop     context.CancelFunc
	done     chan struct{}
	dir      string
	net      *devnet.Devnet
}

func startDevnet(t *testing.T) *devnet.Devnet {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	d, err := devnet.Start(ctx, devnet.Config{BlockPeriod: 100 * time.Millisecond, Devices: 4, ChallengePeriod: challengePeriod * time.Second, MaxChallengePeriod: 24 * time.Hour})
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func newNode(t *testing.T, d *devnet.Devnet, device int) *node {
	t.Helper()
	key, err := devnet.DeviceKey(device)
	require.NoError(t, err)
	n := &node{key: key, signer: channels.NewKeySigner(key), dir: filepath.Join(t.TempDir(), "node"), net: d}
	n.client = dial(t, d, key)
	n.store, err = store.Open(n.dir)
	require.NoError(t, err)
	n.eng, err = engine.New(context.Background(), engine.Config{Signer: n.signer, Store: n.store})
	require.NoError(t, err)
	n.startWatching(t)
	t.Cleanup(n.close)
	return n
}

func dial(t *testing.T, d *devnet.Devnet, key *ecdsa.PrivateKey) *settlement.Client {
	t.Helper()
	return dialVia(t, d, d.HTTPURL(), key, settlement.ClientConfig{})
}

// dialVia dials d's chain at url (a proxy, say) with cfg's other fields;
// PollInterval defaults to 20 ms.
func dialVia(t *testing.T, d *devnet.Devnet, url string, key *ecdsa.PrivateKey, cfg settlement.ClientConfig) *settlement.Client {
	t.Helper()
	desc := d.Descriptor()
	cfg.URL, cfg.ChainID, cfg.Contract, cfg.Key = url, desc.ChainID, desc.ChannelManager, key
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 20 * time.Millisecond
	}
	c, err := settlement.Dial(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

func (n *node) startWatching(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n.stop, n.done = cancel, make(chan struct{})
	n.disputer = settlement.NewDisputer(n.client, n.eng, nil)
	w := settlement.NewWatcher(settlement.WatcherConfig{
		Client: n.client, Cursor: n.store, Handler: n.disputer,
		FromBlock: n.net.Descriptor().DeployBlock, PollInterval: 20 * time.Millisecond,
	})
	go func() {
		defer close(n.done)
		_ = w.Run(ctx)
	}()
}

func (n *node) stopWatching() {
	if n.stop != nil {
		n.stop()
		<-n.done
		n.stop = nil
	}
}

func (n *node) close() {
	n.stopWatching()
	n.eng.Close()
	_ = n.store.Close()
}

func (n *node) addr() common.Address { return n.signer.Address() }

// connect makes payments between a and b go straight into each other's engine.
func connect(a, b *node) {
	a.eng.SetDeliverer(loopback{from: a.addr(), to: b.eng})
	b.eng.SetDeliverer(loopback{from: b.addr(), to: a.eng})
}

type loopback struct {
	from common.Address
	to   *engine.Engine
}

func (l loopback) Deliver(ctx context.Context, d engine.Delivery) (engine.Ack, error) {
	return l.to.Receive(ctx, l.from, d)
}

// waitChannel waits until n's engine holds the channel in a state that satisfies ok.
func (n *node) waitChannel(t *testing.T, id channels.ChannelID, what string, ok func(channels.Channel) bool) channels.Channel {
	t.Helper()
	var ch channels.Channel
	require.Eventually(t, func() bool {
		var err error
		ch, err = n.eng.Channel(id)
		return err == nil && ok(ch)
	}, 20*time.Second, 20*time.Millisecond, "waiting for %s", what)
	return ch
}

func (n *node) pay(t *testing.T, id channels.ChannelID, wei *big.Int, ref string) {
	t.Helper()
	var amt uint256.Int
	amt.SetFromBig(wei)
	_, err := n.eng.Pay(context.Background(), id, &amt, ref)
	require.NoError(t, err)
}

// cosignWithdraw has partner check and co-sign participant's withdraw.
func cosignWithdraw(t *testing.T, participant, partner *node, id channels.ChannelID, total *big.Int, expiry uint64) channels.CoSignedWithdraw {
	t.Helper()
	ch, err := partner.eng.Channel(id)
	require.NoError(t, err)
	w := channels.Withdraw{ChannelID: id, Participant: participant.addr(), Expiry: expiry}
	w.TotalWithdraw.SetFromBig(total)
	require.NoError(t, ch.CheckWithdraw(&w, uint64(time.Now().Unix())))
	d := ch.Domain()
	sig, err := partner.signer.SignDigest(d.WithdrawDigest(&w))
	require.NoError(t, err)
	return channels.CoSignedWithdraw{Withdraw: w, PartnerSig: sig}
}

func contractBalance(t *testing.T, n *node) *big.Int {
	t.Helper()
	b, err := n.client.Eth().BalanceAt(context.Background(), n.client.Contract(), nil)
	require.NoError(t, err)
	return b
}

func deviceKey(t *testing.T, i int) *ecdsa.PrivateKey {
	t.Helper()
	k, err := devnet.DeviceKey(i)
	require.NoError(t, err)
	return k
}

func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}

// skipChallenge moves the devnet's clock past the challenge period. The
// devnet refuses while a transaction is pending, so it retries.
func skipChallenge(t *testing.T, d *devnet.Devnet) {
	t.Helper()
	var err error
	require.Eventually(t, func() bool {
		err = d.AdjustTime((challengePeriod + 1) * time.Second)
		return err == nil
	}, 20*time.Second, 50*time.Millisecond, "adjust time: %v", err)
}

// openFunded has opener open a channel with partner on token, depositing
// depOpener, lets partner deposit depPartner (if not nil), and waits until
// both engines have applied the deposits from the chain's events.
func openFunded(t *testing.T, opener, partner *node, token common.Address, depOpener, depPartner *big.Int) channels.Params {
	t.Helper()
	ctx := context.Background()
	params, _, err := opener.client.Open(ctx, partner.addr(), token, challengePeriod, depOpener)
	require.NoError(t, err)
	if depPartner != nil {
		_, err = partner.client.Deposit(ctx, params, partner.addr(), depPartner)
		require.NoError(t, err)
	}
	oi, _ := params.Index(opener.addr())
	want := [2]*big.Int{}
	want[oi], want[channels.Partner(oi)] = depOpener, depPartner
	for _, n := range []*node{opener, partner} {
		n.waitChannel(t, params.ID(), "deposits", func(ch channels.Channel) bool {
			for i, w := range want {
				if w != nil && ch.Deposit[i].ToBig().Cmp(w) != 0 {
					return false
				}
			}
			return true
		})
	}
	return params
}
