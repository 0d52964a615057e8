package node_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/identity"
)

// The payee child process of TestNodeKill9: data dir and listen address.
const (
	childDirEnv  = "MESHPAY_NODE_CHILD_DIR"
	childAddrEnv = "MESHPAY_NODE_CHILD_ADDR"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(childDirEnv); dir != "" {
		if err := payeeChild(dir, os.Getenv(childAddrEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "payee child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	code := m.Run()
	testNet.Close()
	os.Exit(code)
}

// payeeChild runs the payee node until it is killed.
func payeeChild(dir, listen string) error {
	key, err := identityFor("crash-payee")
	if err != nil {
		return err
	}
	n, err := node.New(context.Background(), node.Config{
		DataDir: dir, Identity: key, ListenAddrs: []string{listen}, DisableMDNS: true, DisableControl: true,
		Chain: node.ChainConfig{ChainID: wireChainID, Contract: wireContract},
	})
	if err != nil {
		return err
	}
	if len(n.Engine().Channels()) == 0 {
		payerID, err := identityFor("crash-payer")
		if err != nil {
			return err
		}
		if err := n.Engine().AddChannel(context.Background(), crashChannel(payerID.Address(), key.Address())); err != nil {
			return err
		}
	}
	fmt.Println("ready")
	return n.Run(context.Background())
}

func identityFor(seed string) (*identity.Identity, error) {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(seed)))
	if err != nil {
		return nil, err
	}
	return identity.New(k)
}

// crashChannel is the open channel both sides start with.
func crashChannel(payer, payee channels.Address) channels.Channel {
	parts := channels.SortParticipants(payer, payee)
	ch, _ := channels.NewChannel(channels.Params{ChainID: wireChainID, Contract: wireContract, Participants: parts, Counter: 7, ChallengePeriod: 600})
	ch, _ = ch.Apply(channels.Opened{})
	pi := 0
	if parts[1] == payer {
		pi = 1
	}
	ch, _ = ch.Apply(channels.Deposited{Participant: pi, Total: *uint256.NewInt(1 << 60)})
	return ch
}

// TestNodeKill9 pays a payee node running in another process and kills it
// with SIGKILL at random moments mid-stream, six times: every payment the
// payee acknowledged is on its disk when it comes back, and its stored
// proof never goes back.
func TestNodeKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes for several seconds; run without -short")
	}
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 2))
	t.Logf("seed %d", seed)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	payer := startWireNode(t, "crash-payer", func(c *node.Config) { c.DisableControl = true })
	payeeID, err := identityFor("crash-payee")
	require.NoError(t, err)
	ch := crashChannel(payer.Address(), payeeID.Address())
	require.NoError(t, payer.Engine().AddChannel(ctx, ch))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	listen := fmt.Sprintf("/ip4/127.0.0.1/tcp/%d", port)
	payeeAddr := fmt.Sprintf("%s/p2p/%s", listen, payeeID.PeerID())

	var maxAcked, lastStored uint64
	for round := range 6 {
		child := exec.Command(os.Args[0], "-test.run=^$")
		child.Env = append(os.Environ(), childDirEnv+"="+dir, childAddrEnv+"="+listen)
		child.Stderr = os.Stderr
		out, err := child.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, child.Start())
		line, err := bufio.NewReader(out).ReadString('\n')
		require.NoError(t, err, "round %d", round)
		require.Equal(t, "ready\n", line)
		require.Eventually(t, func() bool { _, err := payer.Connect(ctx, payeeAddr); return err == nil }, 10*time.Second, 20*time.Millisecond)

		// Pay from many goroutines until the kill.
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var acked atomic.Uint64
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					r, err := payer.Pay(ctx, ch.ID, uint256.NewInt(1), "kill9")
					if err == nil {
						for v := r.Transferred.Uint64(); ; {
							cur := acked.Load()
							if v <= cur || acked.CompareAndSwap(cur, v) {
								break
							}
						}
					} else if !errors.Is(err, engine.ErrUnacknowledged) {
						t.Error(err)
						return
					}
				}
			}()
		}
		time.Sleep(time.Duration(100+rng.IntN(500)) * time.Millisecond)
		require.NoError(t, child.Process.Signal(syscall.SIGKILL))
		_ = child.Wait()
		close(stop)
		wg.Wait()
		maxAcked = max(maxAcked, acked.Load())

		// What the dead payee has on disk.
		st, err := store.Open(filepath.Join(dir, "channels"))
		require.NoError(t, err)
		stored, err := st.Channel(ctx, ch.ID)
		require.NoError(t, err)
		pays, err := st.Payments(ctx, ch.ID, 0)
		require.NoError(t, err)
		require.NoError(t, st.Close())
		pi, _ := stored.Params.Index(payer.Address())
		got := stored.Proofs[pi].Proof.TransferredAmount.Uint64()
		t.Logf("round %d: payee acked up to %d, has %d on disk", round, acked.Load(), got)
		require.GreaterOrEqual(t, got, maxAcked, "round %d: an acknowledged payment was lost (seed %d)", round, seed)
		require.GreaterOrEqual(t, got, lastStored, "round %d: the stored proof went back", round)
		var sum uint64
		for _, p := range pays {
			sum += p.Amount.Uint64()
		}
		require.Equal(t, got, sum, "round %d: payment records add up to the proof", round)
		lastStored = got
	}
	require.Positive(t, maxAcked, "payments went through")
}
