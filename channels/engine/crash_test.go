package engine_test

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
)

const crashEnv = "MESHPAY_CRASH_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashEnv); dir != "" {
		if err := crashChild(dir); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	if dir := os.Getenv(withdrawChildEnv); dir != "" {
		if err := withdrawChild(dir); err != nil {
			fmt.Fprintln(os.Stderr, "withdraw child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestCrashKill9 runs a payer and a payee (each with its own badger store)
// in a child process, SIGKILLs it at a random moment, several times over
// the same data, and checks after each kill that: every acknowledged
// payment is on the payee's disk, the payee's latest nonce and amount never
// go back, and no nonce was ever used for two different proofs.
func TestCrashKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes for several seconds; run without -short")
	}
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d", seed)
	dir := t.TempDir()
	signed := map[uint64]string{} // nonce -> digest, across all rounds
	var lastNonce, lastTransferred uint64
	acked := map[string]bool{}

	for round := range 6 {
		lines := runAndKill(t, dir, round, time.Duration(50+rng.IntN(400))*time.Millisecond)
		var maxAckNonce, maxAckTransferred uint64
		for _, l := range lines {
			f := strings.Fields(l)
			switch f[0] {
			case "PROOF":
				n, _ := strconv.ParseUint(f[1], 10, 64)
				if prev, ok := signed[n]; ok && prev != f[2] {
					t.Fatalf("seed %d round %d: nonce %d signed twice: %s and %s", seed, round, n, prev, f[2])
				}
				signed[n] = f[2]
			case "ACK":
				n, _ := strconv.ParseUint(f[1], 10, 64)
				tr, _ := strconv.ParseUint(f[2], 10, 64)
				maxAckNonce, maxAckTransferred = max(maxAckNonce, n), max(maxAckTransferred, tr)
				acked[f[3]] = true
			}
		}
		require.NotZero(t, maxAckNonce, "round %d made progress before the kill", round)

		ctx := context.Background()
		bob, err := store.Open(filepath.Join(dir, "bob"))
		require.NoError(t, err)
		all, err := bob.Channels(ctx)
		require.NoError(t, err)
		require.Len(t, all, 1)
		ch := all[0]
		ai, err := ch.Params.Index(crashKey("alice").Address())
		require.NoError(t, err)
		got := ch.Proofs[ai].Proof
		require.GreaterOrEqual(t, got.Nonce, maxAckNonce, "seed %d round %d: acknowledged proof lost", seed, round)
		require.GreaterOrEqual(t, got.TransferredAmount.Uint64(), maxAckTransferred, "seed %d round %d", seed, round)
		require.GreaterOrEqual(t, got.Nonce, lastNonce, "seed %d round %d: nonce went back", seed, round)
		require.GreaterOrEqual(t, got.TransferredAmount.Uint64(), lastTransferred, "seed %d round %d", seed, round)
		lastNonce, lastTransferred = got.Nonce, got.TransferredAmount.Uint64()
		require.ErrorIs(t, ch.ValidateProof(ai, &ch.Proofs[ai]), channels.ErrNonceNotIncreasing, "the stored proof is the latest")
		pays, err := bob.Payments(ctx, ch.ID, 0)
		require.NoError(t, err)
		var sum uint64
		refs := map[string]bool{}
		for _, p := range pays {
			sum += p.Amount.Uint64()
			refs[p.Reference] = true
		}
		require.Equal(t, got.TransferredAmount.Uint64(), sum, "seed %d round %d: records add up to the proof", seed, round)
		for ref := range acked {
			require.True(t, refs[ref], "seed %d round %d: acknowledged payment %s missing", seed, round, ref)
		}
		require.NoError(t, bob.Close())
	}
	t.Logf("%d proofs signed, %d payments acknowledged over 6 kills", len(signed), len(acked))
}

// runAndKill starts the child, kills it with SIGKILL after d, and returns
// the lines it wrote.
func runAndKill(t *testing.T, dir string, round int, d time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir, "MESHPAY_CRASH_ROUND="+strconv.Itoa(round))
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	var lines []string
	var wg sync.WaitGroup
	wg.Add(1)
	firstAck := make(chan struct{})
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(out)
		once := sync.Once{}
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if strings.HasPrefix(sc.Text(), "ACK") {
				once.Do(func() { close(firstAck) })
			}
		}
	}()
	select {
	case <-firstAck:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("child made no payment in 30s")
	}
	time.Sleep(d)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	wg.Wait()
	err = cmd.Wait()
	require.Error(t, err, "the child was killed, not finished")
	return lines
}

func crashKey(name string) *channels.KeySigner {
	k, _ := crypto.ToECDSA(crypto.Keccak256([]byte(name)))
	return channels.NewKeySigner(k)
}

// lineWriter writes whole lines with one write each, so a kill never
// leaves half a line in the pipe.
type lineWriter struct{ mu sync.Mutex }

func (w *lineWriter) printf(format string, a ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, _ = os.Stdout.WriteString(fmt.Sprintf(format, a...) + "\n")
}

// announcingStore prints every proof the payer is about to persist, before
// it can reach the disk or the payee.
type announcingStore struct {
	*store.Badger
	out *lineWriter
	dom channels.Domain
}

func (s announcingStore) Commit(ctx context.Context, u store.Update) error {
	s.announce(u)
	return s.Badger.Commit(ctx, u)
}

func (s announcingStore) announce(u store.Update) {
	if u.Proof != nil {
		d := s.dom.BalanceProofDigest(&u.Proof.Proof.Proof)
		s.out.printf("PROOF %d %s", u.Proof.Proof.Proof.Nonce, hex.EncodeToString(d[:]))
	}
}

func (s announcingStore) CommitStaged(ctx context.Context, u store.Update) (func(context.Context) error, error) {
	s.announce(u)
	return s.Badger.CommitStaged(ctx, u)
}

func crashChild(dir string) error {
	ctx := context.Background()
	out := &lineWriter{}
	alice, bob := crashKey("alice"), crashKey("bob")
	parts := channels.SortParticipants(alice.Address(), bob.Address())
	ch, err := channels.NewChannel(channels.Params{ChainID: 1337, Contract: common.HexToAddress("0xC0FFEE"), Participants: parts, Counter: 1, ChallengePeriod: 600})
	if err != nil {
		return err
	}
	ai, _ := ch.Params.Index(alice.Address())
	if ch, err = ch.Apply(channels.Opened{}); err != nil {
		return err
	}
	if ch, err = ch.Apply(channels.Deposited{Participant: ai, Total: *uint256.NewInt(1 << 60)}); err != nil {
		return err
	}

	bs, err := store.Open(filepath.Join(dir, "bob"))
	if err != nil {
		return err
	}
	bobEng, err := engine.New(ctx, engine.Config{Signer: bob, Store: bs})
	if err != nil {
		return err
	}
	as, err := store.Open(filepath.Join(dir, "alice"))
	if err != nil {
		return err
	}
	aliceEng, err := engine.New(ctx, engine.Config{
		Signer: alice, Store: announcingStore{Badger: as, out: out, dom: ch.Domain()},
		// Small blocks: kills land between reservations and signatures.
		ReserveBlock: 4,
		Deliverer:    loopback{from: alice.Address(), to: func() *engine.Engine { return bobEng }},
	})
	if err != nil {
		return err
	}
	if _, err := aliceEng.Channel(ch.ID); err != nil {
		if err := aliceEng.AddChannel(ctx, ch); err != nil {
			return err
		}
		if err := bobEng.AddChannel(ctx, ch); err != nil {
			return err
		}
	} else {
		// Restarted after a kill: compare notes with the payee first, as
		// a node does on every connection.
		held, err := bobEng.Channel(ch.ID)
		if err != nil {
			return err
		}
		if err := aliceEng.Reconcile(ctx, bob.Address(), ch.ID, held.Proofs[1-ai], held.Proofs[ai]); err != nil {
			return err
		}
	}
	round := os.Getenv("MESHPAY_CRASH_ROUND")
	deadline := time.Now().Add(20 * time.Second)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				ref := fmt.Sprintf("r%s-g%d-%d", round, g, i)
				r, err := aliceEng.Pay(ctx, ch.ID, uint256.NewInt(uint64(1+g)), ref)
				if err != nil {
					fmt.Fprintln(os.Stderr, "pay:", err)
					os.Exit(3)
				}
				out.printf("ACK %d %d %s", r.Nonce, r.Transferred.Uint64(), ref)
			}
		}()
	}
	wg.Wait()
	return nil
}
