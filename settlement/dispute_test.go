package settlement_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/settlement"
)

// TestLifecycleERC20CooperativeSettle: token channel, payments, then a
// co-signed settle that pays out at once.
func TestLifecycleERC20CooperativeSettle(t *testing.T) {
	ctx := context.Background()
	d := startDevnet(t)
	alice, bob := newNode(t, d, 0), newNode(t, d, 1)
	connect(alice, bob)
	token := d.Descriptor().Token
	before := tokenBalance(t, alice, token, alice.client.Contract())

	params := openFunded(t, alice, bob, token, ether(100), ether(20))
	id := params.ID()
	ai, _ := params.Index(alice.addr())
	bi := channels.Partner(ai)
	for range 10 {
		alice.pay(t, id, ether(3), "kwh")
	}

	ch, err := alice.eng.Channel(id)
	require.NoError(t, err)
	bal, err := ch.Balances()
	require.NoError(t, err)
	s := channels.CooperativeSettle{ChannelID: id, Balances: bal}
	signed := channels.CoSignedSettle{Settle: s}
	for _, n := range []*node{alice, bob} {
		view, err := n.eng.Channel(id)
		require.NoError(t, err)
		require.NoError(t, view.CheckCooperativeSettle(&s), "each side checks the balances itself")
		i, _ := params.Index(n.addr())
		dom := view.Domain()
		signed.Signatures[i], err = n.signer.SignDigest(dom.CooperativeSettleDigest(&s))
		require.NoError(t, err)
	}
	_, err = bob.client.CooperativeSettle(ctx, &signed)
	require.NoError(t, err)
	for _, n := range []*node{alice, bob} {
		n.waitChannel(t, id, "settled", func(ch channels.Channel) bool { return ch.Phase == channels.PhaseSettled })
	}
	settled := settledBalances(t, alice, id)
	require.Equal(t, ether(70), settled[ai])
	require.Equal(t, ether(50), settled[bi])
	require.Equal(t, before, tokenBalance(t, alice, token, alice.client.Contract()), "total paid out == total deposited")
}

func tokenBalance(t *testing.T, n *node, token, who common.Address) *big.Int {
	t.Helper()
	tt := bindings.NewTestToken()
	out, err := n.client.Eth().CallContract(context.Background(), callMsg(token, tt.PackBalanceOf(who)), nil)
	require.NoError(t, err)
	b, err := tt.UnpackBalanceOf(out)
	require.NoError(t, err)
	return b
}

// TestWatcherRestartMidDispute: Alice's watcher is down when Bob closes;
// restarted, it resumes from its saved cursor and still answers in time.
func TestWatcherRestartMidDispute(t *testing.T) {
	ctx := context.Background()
	d := startDevnet(t)
	alice, bob := newNode(t, d, 0), newNode(t, d, 1)
	connect(alice, bob)
	params := openFunded(t, alice, bob, common.Address{}, ether(10), ether(10))
	id := params.ID()
	ai, _ := params.Index(alice.addr())
	bi := channels.Partner(ai)
	bob.pay(t, id, ether(4), "charge")

	alice.stopWatching()
	bobView, err := bob.eng.Channel(id)
	require.NoError(t, err)
	_, err = bob.client.CloseChannel(ctx, id, &bobView.Proofs[ai])
	require.NoError(t, err)
	time.Sleep(300 * time.Millisecond) // blocks go by while Alice is away
	ch, err := alice.eng.Channel(id)
	require.NoError(t, err)
	require.Equal(t, channels.PhaseOpen, ch.Phase, "nobody watched")

	alice.startWatching(t)
	alice.waitChannel(t, id, "close seen after restart", func(ch channels.Channel) bool { return ch.Phase == channels.PhaseClosing })
	require.Eventually(t, func() bool {
		info, err := alice.client.ChannelInfo(ctx, id)
		return err == nil && proofNonceOnChain(info, bi).Uint64() == bobView.Proofs[bi].Proof.Nonce
	}, 20*time.Second, 20*time.Millisecond)

	skipChallenge(t, d)
	require.NoError(t, alice.disputer.SettleDue(ctx))
	settled := eventually(t, alice, id)
	require.Equal(t, ether(14), settled[ai])
	require.Equal(t, ether(6), settled[bi])
	require.Zero(t, contractBalance(t, alice).Sign())
}

// TestWatchtowerAnswersForOfflineNode: Alice hands a watchtower her
// authorization and goes offline; Bob closes; the watchtower answers.
func TestWatchtowerAnswersForOfflineNode(t *testing.T) {
	ctx := context.Background()
	d := startDevnet(t)
	alice, bob := newNode(t, d, 0), newNode(t, d, 1)
	connect(alice, bob)
	params := openFunded(t, bob, alice, common.Address{}, ether(10), nil)
	id := params.ID()
	ai, _ := params.Index(alice.addr())
	bi := channels.Partner(ai)
	bob.pay(t, id, ether(7), "toll")

	aliceView, err := alice.eng.Channel(id)
	require.NoError(t, err)
	auth, err := settlement.SignUpdateAuthorization(aliceView.Domain(), &aliceView.Proofs[bi], alice.signer)
	require.NoError(t, err)

	towerKey := deviceKey(t, 2)
	tower := settlement.NewWatchtower(dial(t, d, towerKey), alice.store, nil)
	require.NoError(t, tower.Watch(ctx, settlement.Authorization{Proof: aliceView.Proofs[bi], AuthSig: auth}))
	alice.stopWatching() // Alice is offline from here on

	towerCtx, stop := context.WithCancel(ctx)
	defer stop()
	tw := settlement.NewWatcher(settlement.WatcherConfig{Client: dial(t, d, towerKey), Cursor: alice.store, Handler: tower, FromBlock: d.Descriptor().DeployBlock, PollInterval: 20 * time.Millisecond})
	go func() { _ = tw.Run(towerCtx) }()

	_, err = bob.client.CloseChannel(ctx, id, &channels.SignedBalanceProof{})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		info, err := bob.client.ChannelInfo(ctx, id)
		return err == nil && proofNonceOnChain(info, bi).Uint64() == aliceView.Proofs[bi].Proof.Nonce
	}, 20*time.Second, 20*time.Millisecond, "the watchtower submits bob's proof")

	skipChallenge(t, d)
	require.NoError(t, bob.disputer.SettleDue(ctx))
	settled := eventually(t, bob, id)
	require.Equal(t, ether(7), settled[ai])
	require.Equal(t, ether(3), settled[bi])
}

func eventually(t *testing.T, n *node, id channels.ChannelID) [2]*big.Int {
	t.Helper()
	n.waitChannel(t, id, "settled", func(ch channels.Channel) bool { return ch.Phase == channels.PhaseSettled })
	return settledBalances(t, n, id)
}
