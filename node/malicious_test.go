package node_test

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-msgio"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/control"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// Chain-less nodes (channels added directly, as if the chain had opened
// them) for the wire-level tests.
var (
	wireChainID  uint64 = 1337
	wireContract        = common.HexToAddress("0x00000000000000000000000000000000c0ffee01")
)

func keyFor(t testing.TB, seed string) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(seed)))
	require.NoError(t, err)
	return k
}

// startWireNode starts a node without a chain.
func startWireNode(t testing.TB, seed string, mutate ...func(*node.Config)) *node.Node {
	t.Helper()
	n, _ := startStoppableWireNode(t, seed, mutate...)
	return n
}

// startStoppableWireNode is startWireNode that also returns a stop, for a
// test that restarts the node.
func startStoppableWireNode(t testing.TB, seed string, mutate ...func(*node.Config)) (*node.Node, func()) {
	t.Helper()
	id, err := identity.New(keyFor(t, seed))
	require.NoError(t, err)
	cfg := node.Config{
		DataDir: filepath.Join(t.TempDir(), seed), Identity: id, ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, DisableMDNS: true,
		DisableControl: true, // the control API test turns it on
		Chain:          node.ChainConfig{ChainID: wireChainID, Contract: wireContract},
		Logger:         testLogger(t),
	}
	for _, m := range mutate {
		m(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n, err := node.New(ctx, cfg)
	require.NoError(t, err)
	done := make(chan struct{})
	go func() { _ = n.Run(ctx); close(done) }()
	stop := func() { cancel(); <-done }
	t.Cleanup(stop)
	return n, stop
}

// addOpenChannel gives both engines the same open channel with deposits.
func addOpenChannel(t testing.TB, counter uint64, depA, depB uint64, engines ...*engine.Engine) channels.Channel {
	t.Helper()
	ch := openChannel(t, counter, depA, depB, engines[0].Address(), engines[1].Address())
	for _, e := range engines {
		require.NoError(t, e.AddChannel(context.Background(), ch))
	}
	return ch
}

// openChannel is the open channel of a and b with deposits.
func openChannel(t testing.TB, counter uint64, depA, depB uint64, a, b channels.Address) channels.Channel {
	t.Helper()
	parts := channels.SortParticipants(a, b)
	ch, err := channels.NewChannel(channels.Params{ChainID: wireChainID, Contract: wireContract, Participants: parts, Counter: counter, ChallengePeriod: 600})
	require.NoError(t, err)
	ch, err = ch.Apply(channels.Opened{})
	require.NoError(t, err)
	ch, err = ch.Apply(channels.Deposited{Participant: 0, Total: *uint256.NewInt(depA)})
	require.NoError(t, err)
	ch, err = ch.Apply(channels.Deposited{Participant: 1, Total: *uint256.NewInt(depB)})
	require.NoError(t, err)
	return ch
}

// mallory is a raw libp2p peer speaking the wire protocol by hand.
type mallory struct {
	t    *testing.T
	key  *ecdsa.PrivateKey
	id   *identity.Identity
	host host.Host
}

func newMallory(t *testing.T, seed string) *mallory {
	t.Helper()
	return newMalloryWithKey(t, keyFor(t, seed))
}

func newMalloryWithKey(t *testing.T, key *ecdsa.PrivateKey) *mallory {
	t.Helper()
	id, err := identity.New(key)
	require.NoError(t, err)
	h, err := libp2p.New(libp2p.Identity(id.PrivKey()), libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	return &mallory{t: t, key: id.ECDSA(), id: id, host: h}
}

type conn struct {
	t  *testing.T
	st network.Stream
	r  *wire.Reader
	w  *wire.Writer
}

// dial opens a channel-protocol stream to victim and greets it claiming
// address claim.
func (m *mallory) dial(ctx context.Context, victim *node.Node, claim common.Address) (*conn, *pb.Envelope) {
	m.t.Helper()
	return m.dialChain(ctx, victim, wire.Hello{Version: wire.Version, ChainID: wireChainID, Contract: wireContract, Address: claim})
}

// dialChain is dial with the whole greeting (another chain's ID and
// contract).
func (m *mallory) dialChain(ctx context.Context, victim *node.Node, hello wire.Hello) (*conn, *pb.Envelope) {
	m.t.Helper()
	require.NoError(m.t, m.host.Connect(ctx, victim.Host().Peerstore().PeerInfo(victim.PeerID())))
	st, err := m.host.NewStream(ctx, victim.PeerID(), wire.ProtocolID)
	require.NoError(m.t, err)
	c := &conn{t: m.t, st: st, r: wire.NewReader(st, 1<<20), w: wire.NewWriter(st)}
	return c, c.roundTrip(&pb.Envelope{Id: 1, Body: &pb.Envelope_Hello{Hello: wire.EncodeHello(hello)}})
}

func (c *conn) roundTrip(env *pb.Envelope) *pb.Envelope {
	c.t.Helper()
	require.NoError(c.t, c.w.WriteFlush(env))
	return c.read()
}

func (c *conn) read() *pb.Envelope {
	c.t.Helper()
	_ = c.st.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp := new(pb.Envelope)
	require.NoError(c.t, c.r.Read(resp))
	return resp
}

func requireCode(t *testing.T, env *pb.Envelope, code pb.ErrorCode) {
	t.Helper()
	require.NotNil(t, env.GetError(), "want error %s, got %v", code, env)
	require.Equal(t, code, env.GetError().GetCode(), env.GetError().GetMessage())
}

func payment(t *testing.T, ch *channels.Channel, key *ecdsa.PrivateKey, nonce, transferred uint64) *pb.Envelope {
	t.Helper()
	sp, err := channels.SignBalanceProof(ch.Domain(), channels.BalanceProof{
		ChannelID: ch.ID, Nonce: nonce, TransferredAmount: *uint256.NewInt(transferred),
	}, channels.NewKeySigner(key))
	require.NoError(t, err)
	d := engine.Delivery{Proof: sp, Payments: []engine.PaymentInfo{{Amount: *uint256.NewInt(1), Reference: "x", Nonce: nonce}}}
	if transferred == 0 {
		d.Payments = nil
	}
	return &pb.Envelope{Id: nonce + 100, Body: &pb.Envelope_Payment{Payment: wire.EncodePayment(d)}}
}

// TestMaliciousPeer: every attack gets the right error code and is counted,
// and the honest channel is left exactly as it was.
func TestMaliciousPeer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	victim := startWireNode(t, "victim", func(c *node.Config) { c.Limits.RatePerSecond, c.Limits.Burst, c.Limits.MaxViolations = 50, 50, 1000 })
	honest := startWireNode(t, "honest")
	m := newMallory(t, "mallory")
	_, err := honest.Connect(ctx, victim.Addrs()[0].String())
	require.NoError(t, err)

	// An honest channel with real traffic, and a channel with Mallory.
	honestCh := addOpenChannel(t, 1, 1000, 1000, victim.Engine(), honest.Engine())
	_, err = honest.Pay(ctx, honestCh.ID, uint256.NewInt(10), "honest")
	require.NoError(t, err)
	mallCh, err := channels.NewChannel(channels.Params{ChainID: wireChainID, Contract: wireContract,
		Participants: channels.SortParticipants(victim.Address(), m.id.Address()), Counter: 2, ChallengePeriod: 600})
	require.NoError(t, err)
	mallCh, err = mallCh.Apply(channels.Opened{})
	require.NoError(t, err)
	mi, err := mallCh.Params.Index(m.id.Address())
	require.NoError(t, err)
	mallCh, err = mallCh.Apply(channels.Deposited{Participant: mi, Total: *uint256.NewInt(100)})
	require.NoError(t, err)
	require.NoError(t, victim.Engine().AddChannel(ctx, mallCh))
	honestBefore, err := victim.Engine().Channel(honestCh.ID)
	require.NoError(t, err)

	t.Run("claims another address", func(t *testing.T) {
		_, resp := m.dial(ctx, victim, honest.Address())
		requireCode(t, resp, pb.ErrorCode_ERROR_CODE_WRONG_PEER)
	})

	c, resp := m.dial(ctx, victim, m.id.Address())
	require.NotNil(t, resp.GetHello(), "an honest greeting is answered")
	honestKey := keyFor(t, "honest")
	tests := []struct {
		name string
		env  *pb.Envelope
		want pb.ErrorCode
	}{
		{"proof for the honest channel signed by mallory", payment(t, &honestCh, m.key, 50, 20), pb.ErrorCode_ERROR_CODE_WRONG_PEER},
		{"proof on her channel signed by another key", payment(t, &mallCh, keyFor(t, "someone"), 1, 1), pb.ErrorCode_ERROR_CODE_WRONG_SIGNER},
		{"overspend", payment(t, &mallCh, m.key, 1, 101), pb.ErrorCode_ERROR_CODE_OVERSPEND},
		{"valid", payment(t, &mallCh, m.key, 5, 10), pb.ErrorCode_ERROR_CODE_UNSPECIFIED},
		// Acknowledged again (its ack may have been lost), but its items
		// count nothing: the metrics below still see one payment.
		{"repeat of the latest proof listing made-up items", func() *pb.Envelope {
			env := payment(t, &mallCh, m.key, 5, 10)
			for range 100 {
				env.GetPayment().Items = append(env.GetPayment().Items, env.GetPayment().GetItems()[0])
			}
			env.Id = 99
			return env
		}(), pb.ErrorCode_ERROR_CODE_UNSPECIFIED},
		{"replayed nonce", payment(t, &mallCh, m.key, 5, 11), pb.ErrorCode_ERROR_CODE_NONCE_NOT_INCREASING},
		{"stale proof", payment(t, &mallCh, m.key, 4, 9), pb.ErrorCode_ERROR_CODE_NONCE_NOT_INCREASING},
		{"transferred going down", payment(t, &mallCh, m.key, 6, 9), pb.ErrorCode_ERROR_CODE_TRANSFERRED_DECREASING},
		{"honest key replayed to the other channel", func() *pb.Envelope {
			// A proof the honest node signed for its channel, with the
			// channel ID of Mallory's: the signature does not cover it.
			env := payment(t, &honestCh, honestKey, 60, 20)
			env.GetPayment().Proof.ChannelId = mallCh.ID[:]
			return env
		}(), pb.ErrorCode_ERROR_CODE_WRONG_SIGNER},
		{"unknown channel", payment(t, &channels.Channel{ID: channels.ChannelID{1}}, m.key, 1, 1), pb.ErrorCode_ERROR_CODE_UNKNOWN_CHANNEL},
		{"not a request", &pb.Envelope{Id: 9, Body: &pb.Envelope_Ack{Ack: &pb.Ack{ChannelId: mallCh.ID[:], Nonce: 1}}}, pb.ErrorCode_ERROR_CODE_MALFORMED},
		// Each entry would be one reconcile (and maybe a withdraw to
		// check): one frame could list a channel thousands of times.
		{"sync listing a channel twice", &pb.Envelope{Id: 10, Body: &pb.Envelope_SyncRequest{SyncRequest: &pb.SyncRequest{
			Channels: wire.EncodeSync([]wire.ChannelProofs{{ChannelID: mallCh.ID}, {ChannelID: mallCh.ID}}),
		}}}, pb.ErrorCode_ERROR_CODE_MALFORMED},
		{"short signature", func() *pb.Envelope {
			env := payment(t, &mallCh, m.key, 7, 12)
			env.GetPayment().Proof.Signature = env.GetPayment().Proof.Signature[:64]
			return env
		}(), pb.ErrorCode_ERROR_CODE_MALFORMED},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := victim.Stats().Rejected()
			resp := c.roundTrip(tc.env)
			require.Equal(t, tc.env.GetId(), resp.GetId())
			if tc.want == pb.ErrorCode_ERROR_CODE_UNSPECIFIED {
				require.NotNil(t, resp.GetAck(), "%v", resp)
				return
			}
			requireCode(t, resp, tc.want)
			after := victim.Stats().Rejected()
			reason := node.ReasonOf(tc.want)
			require.Equal(t, before[reason]+1, after[reason], "counted as %s", reason)
		})
	}

	t.Run("sync with a withdraw the victim never signed", func(t *testing.T) {
		// Mallory co-signs a withdraw for the victim and signs it in the
		// victim's place too: counting it would take the victim's money
		// out of the channel's spendable balance.
		w := channels.Withdraw{ChannelID: mallCh.ID, Participant: victim.Address(), TotalWithdraw: *uint256.NewInt(5), Expiry: uint64(time.Now().Add(time.Hour).Unix())}
		sig, err := channels.NewKeySigner(m.key).SignDigest(mallCh.Domain().WithdrawDigest(&w))
		require.NoError(t, err)
		cp := wire.ChannelProofs{ChannelID: mallCh.ID, PartnerWithdraw: &channels.CoSignedWithdraw{Withdraw: w, ParticipantSig: sig, PartnerSig: sig}}
		reason := node.ReasonOf(pb.ErrorCode_ERROR_CODE_WRONG_SIGNER)
		before := victim.Stats().Rejected()[reason]
		resp := c.roundTrip(&pb.Envelope{Id: 77, Body: &pb.Envelope_SyncRequest{SyncRequest: &pb.SyncRequest{Channels: []*pb.ChannelProofs{wire.EncodeChannelProofs(cp)}}}})
		require.NotNil(t, resp.GetSyncReply(), "%v", resp)
		require.Eventually(t, func() bool { return victim.Stats().Rejected()[reason] == before+1 }, 10*time.Second, 20*time.Millisecond, "counted as %s", reason)
		got, err := victim.Engine().Channel(mallCh.ID)
		require.NoError(t, err)
		vi, err := got.Params.Index(victim.Address())
		require.NoError(t, err)
		require.True(t, got.Withdrawn[vi].IsZero(), "not counted")
	})

	t.Run("flood past the rate limit", func(t *testing.T) {
		before := victim.Stats().Rejected()[node.ReasonOf(pb.ErrorCode_ERROR_CODE_RATE_LIMITED)]
		limited := 0
		for i := range 200 {
			resp := c.roundTrip(payment(t, &mallCh, m.key, uint64(1000+i), 10))
			if e := resp.GetError(); e != nil && e.GetCode() == pb.ErrorCode_ERROR_CODE_RATE_LIMITED {
				limited++
			}
		}
		require.Positive(t, limited)
		require.Equal(t, before+uint64(limited), victim.Stats().Rejected()[node.ReasonOf(pb.ErrorCode_ERROR_CODE_RATE_LIMITED)])
	})

	for _, tc := range []struct {
		name  string
		frame []byte
		want  pb.ErrorCode
	}{
		{"oversized message", make([]byte, wire.DefaultMaxMessageSize+1), pb.ErrorCode_ERROR_CODE_TOO_LARGE},
		{"garbage protobuf", []byte{0xff, 0xff, 0xff, 0x01, 0x02}, pb.ErrorCode_ERROR_CODE_MALFORMED},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reason := node.ReasonOf(tc.want)
			before := victim.Stats().Rejected()[reason]
			c, _ := m.dial(ctx, victim, m.id.Address())
			// The victim stops reading at the length prefix, so the write
			// of a big frame may never finish: it is not waited for.
			go func() { _ = msgio.NewVarintWriter(c.st).WriteMsg(tc.frame) }()
			requireCode(t, c.read(), tc.want)
			require.Equal(t, before+1, victim.Stats().Rejected()[reason])
			require.Eventually(t, func() bool {
				return m.host.Network().Connectedness(victim.PeerID()) != network.Connected
			}, 10*time.Second, 20*time.Millisecond, "the victim drops a peer that sends garbage")
		})
	}

	// Nothing Mallory did touched the honest channel, and it still works.
	after, err := victim.Engine().Channel(honestCh.ID)
	require.NoError(t, err)
	require.Equal(t, honestBefore, after)
	_, err = honest.Pay(ctx, honestCh.ID, uint256.NewInt(5), "still fine")
	require.NoError(t, err)

	// The metrics endpoint says the same as the counters.
	srv := httptest.NewServer(victim.Metrics().Handler())
	defer srv.Close()
	scrape, err := http.Get(srv.URL)
	require.NoError(t, err)
	body, err := io.ReadAll(scrape.Body)
	require.NoError(t, err)
	_ = scrape.Body.Close()
	for reason, count := range victim.Stats().Rejected() {
		require.Contains(t, string(body), fmt.Sprintf("meshpay_messages_rejected_total{reason=%q} %d\n", reason, count))
	}
	// The honest node's two payments (10 and 5), and Mallory's valid proof
	// of 10: its item of 1 and the 9 it did not itemize. Her repeat of it
	// counts nothing.
	require.Contains(t, string(body), "meshpay_payments_received_total 4\n")
	require.Contains(t, string(body), `meshpay_payments_received_amount_total{token="0x0000000000000000000000000000000000000000"} 25`+"\n")
}

// TestControlAPIOnRealNode drives a node through its control API over the
// unix socket; a client without the right token gets nothing.
func TestControlAPIOnRealNode(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	payer := startWireNode(t, "api-payer", func(c *node.Config) { c.DisableControl, c.ControlAddr = false, "127.0.0.1:0" })
	payee := startWireNode(t, "api-payee")
	_, err := payer.Connect(ctx, payee.Addrs()[0].String())
	require.NoError(t, err)
	ch := addOpenChannel(t, 1, 1000, 1000, payer.Engine(), payee.Engine())

	srv := payer.ControlServer()
	api, err := control.DiscoverClient(filepath.Dir(srv.TokenPath()))
	require.NoError(t, err)
	info, err := api.Info(ctx)
	require.NoError(t, err)
	require.Equal(t, payer.Address().Hex(), info.Address)
	res, err := api.Pay(ctx, ch.ID.Hex(), control.PayRequest{Amount: "25", Reference: "via api"})
	require.NoError(t, err)
	require.Equal(t, "25", res.Transferred)
	got, err := api.Channel(ctx, ch.ID.Hex())
	require.NoError(t, err)
	require.Equal(t, "975", got.Local.Balance)
	require.Equal(t, uint64(res.Nonce), got.SentProof.Nonce)
	pays, err := api.Payments(ctx, ch.ID.Hex(), 10)
	require.NoError(t, err)
	require.Len(t, pays, 1)
	_, err = api.Pay(ctx, ch.ID.Hex(), control.PayRequest{Amount: "100000"})
	require.ErrorIs(t, err, channels.ErrOverspend)

	for _, endpoint := range []string{"unix://" + srv.SocketPath(), "http://" + srv.Addr().String()} {
		bad, err := control.NewClient(endpoint, strings.Repeat("0", 64))
		require.NoError(t, err)
		_, err = bad.Info(ctx)
		require.ErrorIs(t, err, control.ErrUnauthorized, endpoint)
		_, err = bad.Pay(ctx, ch.ID.Hex(), control.PayRequest{Amount: "1"})
		require.ErrorIs(t, err, control.ErrUnauthorized, endpoint)
	}
	// No token at all, as a plain HTTP client would send.
	resp, err := http.Post("http://"+srv.Addr().String()+"/v1/channels/"+ch.ID.Hex()+"/pay", "application/json", strings.NewReader(`{"amount":"1"}`))
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	after, err := payer.Engine().Channel(ch.ID)
	require.NoError(t, err)
	pi, _ := after.Params.Index(payer.Address())
	require.Equal(t, uint64(25), after.Proofs[pi].Proof.TransferredAmount.Uint64(), "refused calls paid nothing")
}

// TestPeerThatStopsReading: a peer that sends requests but never reads
// the answers wedges the stream's writer once flow control is full. The
// writer gives up after RequestTimeout and resets the stream, which frees
// the reader too, instead of holding both goroutines for good.
func TestPeerThatStopsReading(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	victim := startWireNode(t, "victim-unread", func(c *node.Config) {
		// Nothing but the write deadline may end the stream.
		c.Limits.RatePerSecond, c.Limits.Burst, c.Limits.MaxViolations = 1e9, 1e9, 1<<30
		c.Limits.RequestTimeout = time.Second
	})
	m := newMallory(t, "mallory-unread")
	c, resp := m.dial(ctx, victim, m.id.Address())
	require.NotNil(t, resp.GetHello())

	// Each is refused with an answer; far more answers than the flow
	// control windows and socket buffers hold, none of them read.
	wrote := make(chan error, 1)
	go func() {
		env := &pb.Envelope{Body: &pb.Envelope_Ack{Ack: &pb.Ack{ChannelId: make([]byte, 32), Nonce: 1}}}
		for i := range 1_000_000 {
			env.Id = uint64(i + 1)
			if err := c.w.Write(env); err != nil {
				wrote <- err
				return
			}
		}
		wrote <- c.w.Flush()
	}()
	select {
	case err := <-wrote:
		require.ErrorIs(t, err, network.ErrReset, "the victim resets the stream")
	case <-time.After(20 * time.Second):
		t.Fatal("the victim's writer is still waiting on a peer that does not read")
	}
}

// TestBanAfterViolations: a peer that sends garbage is disconnected each
// time, and its violations add up across reconnects: at MaxViolations the
// victim bans it, and refuses its connections for BanDuration.
func TestBanAfterViolations(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const maxViolations = 3
	victim := startWireNode(t, "victim-ban", func(c *node.Config) {
		c.Limits.MaxViolations, c.Limits.BanDuration = maxViolations, time.Hour
	})
	m := newMallory(t, "mallory-ban")
	info := victim.Host().Peerstore().PeerInfo(victim.PeerID())
	for i := range maxViolations {
		c, resp := m.dial(ctx, victim, m.id.Address())
		require.NotNil(t, resp.GetHello(), "connection %d is accepted", i+1)
		require.NoError(t, msgio.NewVarintWriter(c.st).WriteMsg([]byte{0xff, 0xff, 0xff, 0x01, 0x02}))
		if i < maxViolations-1 {
			// The last one is answered by the ban, which may cut the
			// connection before the error leaves.
			requireCode(t, c.read(), pb.ErrorCode_ERROR_CODE_MALFORMED)
		}
		require.Eventually(t, func() bool {
			return m.host.Network().Connectedness(victim.PeerID()) != network.Connected
		}, 10*time.Second, 20*time.Millisecond, "dropped after garbage %d", i+1)
	}
	// libp2p may report the dial done before the victim's gater drops the
	// connection: what counts is that no greeting gets through.
	greeted := func() bool {
		if m.host.Connect(ctx, info) != nil {
			return false
		}
		st, err := m.host.NewStream(ctx, victim.PeerID(), wire.ProtocolID)
		if err != nil {
			return false
		}
		defer func() { _ = st.Reset() }()
		_ = st.SetDeadline(time.Now().Add(5 * time.Second))
		hello := wire.Hello{Version: wire.Version, ChainID: wireChainID, Contract: wireContract, Address: m.id.Address()}
		if wire.NewWriter(st).WriteFlush(&pb.Envelope{Id: 1, Body: &pb.Envelope_Hello{Hello: wire.EncodeHello(hello)}}) != nil {
			return false
		}
		var resp pb.Envelope
		return wire.NewReader(st, 1<<20).Read(&resp) == nil && resp.GetHello() != nil
	}
	require.False(t, greeted(), "banned after %d violations, however it reconnected", maxViolations)
}
