package control

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeService answers with fixed values, or with err when set, and records
// every call.
type fakeService struct {
	mu    sync.Mutex
	calls []string
	args  []any
	err   error
	// block, when set, is waited on (or ctx) before answering.
	block chan struct{}
}

var (
	t0      = time.Date(2026, 3, 1, 12, 30, 0, 0, time.UTC)
	chanID  = "0x" + strings.Repeat("ab", 32)
	addrA   = "0x" + strings.Repeat("11", 20)
	addrB   = "0x" + strings.Repeat("22", 20)
	tokenET = "0x" + strings.Repeat("00", 20)
	peerB   = "16Uiu2HAmBobBobBobBobBobBobBobBobBobBobBobBobBob"

	fakeInfo = Info{Address: addrA, PeerID: "16Uiu2HAmAlice", ListenAddrs: []string{"/ip4/127.0.0.1/tcp/4001/p2p/16Uiu2HAmAlice"},
		ChainID: 1337, Contract: addrB, Version: "v0.1.0", StartedAt: t0}
	fakePeer  = Peer{PeerID: peerB, Address: addrB, Addrs: []string{"/ip4/10.0.0.2/tcp/4001"}, Connected: true}
	fakeOffer = Offer{Seller: addrB, PeerID: peerB, Service: "toll", Unit: "pass", PricePerUnit: "1000", Token: tokenET,
		TokenSymbol: "ETH", TokenDecimals: 18, ChainID: 1337, Contract: addrA, Expiry: t0.Add(time.Hour), Description: "gate 7"}
	settleAt    = t0.Add(24 * time.Hour)
	fakeChannel = Channel{ID: chanID, Token: tokenET, TokenSymbol: "ETH", TokenDecimals: 18, Partner: addrB, PartnerPeerID: peerB, Phase: PhaseClosing,
		ChallengePeriodSeconds: 86400, Counter: 7,
		Local:         Balances{Deposit: "1000", Withdrawn: "0", Balance: "900", Available: "900"},
		Remote:        Balances{Deposit: "0", Withdrawn: "0", Balance: "100", Available: "100"},
		SentProof:     &Proof{Nonce: 3, TransferredAmount: "100", Signature: "0x" + strings.Repeat("cd", 65)},
		ReceivedProof: nil, SettleAfter: &settleAt}
	fakePayment = Payment{ChannelID: chanID, Direction: DirectionSent, Nonce: 3, Amount: "40", Reference: "inv-1", Time: t0}
	fakeTotal   = Total{Direction: DirectionReceived, Token: tokenET, TokenSymbol: "ETH", Service: "toll", Payments: 2, Amount: "80"}
	fakeSession = Session{ID: "abcd00000000000000000000000000ef", Role: RoleSeller, Live: true, Service: "toll", Unit: "pass", PricePerUnit: "40", Token: tokenET, ChannelID: chanID, Peer: addrB, Units: 1, Due: "40", Paid: "40", Start: t0}
	fakeAlert   = Alert{Kind: "price_jump", Peer: addrB, Token: tokenET, Service: "toll", Value: "400", Average: "40", Time: t0}
	fakePay     = PayResult{ChannelID: chanID, Nonce: 4, Amount: "5", Reference: "r", Transferred: "105"}
)

func (f *fakeService) record(ctx context.Context, name string, args ...any) error {
	f.mu.Lock()
	f.calls = append(f.calls, name)
	f.args = append(f.args, args)
	err, block := f.err, f.block
	f.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return err
}

func (f *fakeService) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeService) lastArgs() []any {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.args) == 0 {
		return nil
	}
	return f.args[len(f.args)-1].([]any)
}

func (f *fakeService) Info(ctx context.Context) (Info, error) {
	return fakeInfo, f.record(ctx, "Info")
}

func (f *fakeService) Peers(ctx context.Context) ([]Peer, error) {
	return []Peer{fakePeer}, f.record(ctx, "Peers")
}

func (f *fakeService) Connect(ctx context.Context, addr string) (Peer, error) {
	return fakePeer, f.record(ctx, "Connect", addr)
}

func (f *fakeService) Offers(ctx context.Context) ([]Offer, error) {
	return []Offer{fakeOffer}, f.record(ctx, "Offers")
}

func (f *fakeService) PublishOffer(ctx context.Context, req OfferRequest) (Offer, error) {
	return fakeOffer, f.record(ctx, "PublishOffer", req)
}

func (f *fakeService) Channels(ctx context.Context) ([]Channel, error) {
	return []Channel{fakeChannel}, f.record(ctx, "Channels")
}

func (f *fakeService) Channel(ctx context.Context, id string) (Channel, error) {
	return fakeChannel, f.record(ctx, "Channel", id)
}

func (f *fakeService) OpenChannel(ctx context.Context, req OpenRequest) (Channel, error) {
	return fakeChannel, f.record(ctx, "OpenChannel", req)
}

func (f *fakeService) Deposit(ctx context.Context, id string, req DepositRequest) (Channel, error) {
	return fakeChannel, f.record(ctx, "Deposit", id, req)
}

func (f *fakeService) Pay(ctx context.Context, id string, req PayRequest) (PayResult, error) {
	return fakePay, f.record(ctx, "Pay", id, req)
}

func (f *fakeService) Withdraw(ctx context.Context, id string, req WithdrawRequest) (Channel, error) {
	return fakeChannel, f.record(ctx, "Withdraw", id, req)
}

func (f *fakeService) Close(ctx context.Context, id string, req CloseRequest) (Channel, error) {
	return fakeChannel, f.record(ctx, "Close", id, req)
}

func (f *fakeService) Settle(ctx context.Context, id string) (Channel, error) {
	return fakeChannel, f.record(ctx, "Settle", id)
}

func (f *fakeService) Payments(ctx context.Context, id string, limit int) ([]Payment, error) {
	return []Payment{fakePayment}, f.record(ctx, "Payments", id, limit)
}

func (f *fakeService) Totals(ctx context.Context) ([]Total, error) {
	return []Total{fakeTotal}, f.record(ctx, "Totals")
}

func (f *fakeService) Sessions(ctx context.Context) ([]Session, error) {
	return []Session{fakeSession}, f.record(ctx, "Sessions")
}

func (f *fakeService) Alerts(ctx context.Context) ([]Alert, error) {
	return []Alert{fakeAlert}, f.record(ctx, "Alerts")
}

// testServer is a running server on a real socket and 127.0.0.1:0.
type testServer struct {
	*Server
	fake    *fakeService
	token   string
	cancel  context.CancelFunc
	done    chan error
	stopped bool
}

// shortTempDir is a temp dir with a path short enough for a unix socket
// (t.TempDir can pass the 104-108 byte limit).
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "mpc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

func startServer(t *testing.T, cfg ServerConfig) *testServer {
	t.Helper()
	fake := &fakeService{}
	if cfg.DataDir == "" {
		cfg.DataDir = shortTempDir(t)
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	s, err := NewServer(fake, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	tok, err := ReadToken(filepath.Join(cfg.DataDir, TokenFile))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{Server: s, fake: fake, token: tok, cancel: cancel, done: make(chan error, 1)}
	go func() { ts.done <- s.Run(ctx) }()
	t.Cleanup(func() { ts.stop(t) })
	return ts
}

// stop cancels Run and checks it returned nil.
func (ts *testServer) stop(t *testing.T) {
	t.Helper()
	if ts.stopped {
		return
	}
	ts.stopped = true
	ts.cancel()
	select {
	case err := <-ts.done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Error("Run did not return after cancel")
	}
}

func (ts *testServer) tcpURL() string { return "http://" + ts.Addr().String() }

func (ts *testServer) client(t *testing.T, transport string) *Client {
	t.Helper()
	endpoint := ts.tcpURL()
	if transport == "unix" {
		endpoint = "unix://" + ts.SocketPath()
	}
	c, err := NewClient(endpoint, ts.token)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

var errFake = errors.New("fake failure")
