package contracts_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/contracts/internal/harness"
)

// The contract suite is a conformance suite: every test that does not need
// a particular chain runs on both backends (forEachBackend), go-ethereum's
// simulated backend and the project's embedded devnet over real JSON-RPC.
// A few tests stay on the simulated backend and say why.

// backend is a chain the suite runs on.
type backend struct {
	name string
	// shared is true when every fixture lives on one chain (the devnet):
	// tests on it run one at a time, because they share its clock.
	shared bool
	// newEnv starts (or joins) the chain with the accounts funded and the
	// contracts deployed.
	newEnv func(t *testing.T, accounts []harness.Account) *harness.Env
	// seed derives a fixture's accounts.
	seed func(t *testing.T) string
}

// simulated gives every fixture a chain of its own.
var simulated = &backend{
	name: "simulated",
	newEnv: func(t *testing.T, accounts []harness.Account) *harness.Env {
		t.Helper()
		env, err := harness.NewSimulatedEnv(t.Context(), accounts, harness.DefaultConfig)
		require.NoError(t, err)
		return env
	},
	seed: func(*testing.T) string { return "meshpay-contract-tests" },
}

// devnetBackend puts every fixture on the test binary's one devnet, with
// accounts and contracts of its own.
var devnetBackend = &backend{
	name:   "devnet",
	shared: true,
	newEnv: func(t *testing.T, accounts []harness.Account) *harness.Env {
		t.Helper()
		env, err := suiteDevnet.get(t).NewEnv(t.Context(), accounts, harness.DefaultConfig)
		require.NoError(t, err)
		return env
	},
	seed: func(t *testing.T) string { return suiteDevnet.seed(t) },
}

var backends = []*backend{simulated, devnetBackend}

// forEachBackend runs suite once per backend, as the subtests "simulated"
// and "devnet", side by side. On the devnet, suite has the chain to itself
// for its whole run: no other test moves the shared clock meanwhile.
// -short skips the devnet.
func forEachBackend(t *testing.T, suite func(t *testing.T, b *backend)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			if b.shared {
				if testing.Short() {
					t.Skip("the devnet variant does not run in -short mode")
				}
				suiteDevnet.lock(t)
			}
			suite(t, b)
		})
	}
}

// parallel lets t run in parallel with its siblings on a backend where
// every fixture is a chain of its own.
func (b *backend) parallel(t *testing.T) {
	t.Helper()
	if !b.shared {
		t.Parallel()
	}
}

// newFixture deploys a fresh ChannelManager and TestToken on b, with five
// funded accounts.
func (b *backend) newFixture(t *testing.T) *fixture {
	t.Helper()
	accounts, err := harness.NewAccounts(b.seed(t), 5)
	require.NoError(t, err)
	env := b.newEnv(t, accounts)
	t.Cleanup(func() { _ = env.Close() })
	a, bb := harness.Sorted(accounts[1], accounts[2])
	return &fixture{t: t, env: env, a: a, b: bb, delegate: accounts[3], outsider: accounts[4], deployer: accounts[0]}
}

// devnetStartTimeout bounds the devnet's start-up.
const devnetStartTimeout = 2 * time.Minute

// sharedDevnet is the test binary's one devnet, started by the first test
// that asks for it and closed by TestMain.
type sharedDevnet struct {
	once sync.Once
	net  *harness.Devnet
	err  error

	inUse sync.Mutex // held by the test running on the devnet

	mu    sync.Mutex
	seeds map[string]int // how often each test name asked for accounts
}

// suiteDevnet is package state because tests have no other way to share a
// node; TestMain owns its lifetime.
var suiteDevnet sharedDevnet

// get starts the devnet on first use; every later call gets the same one,
// or the same start-up error.
func (s *sharedDevnet) get(t *testing.T) *harness.Devnet {
	t.Helper()
	s.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), devnetStartTimeout)
		defer cancel()
		s.net, s.err = harness.StartDevnet(ctx, devnetBlockPeriod)
	})
	require.NoError(t, s.err, "start the shared devnet")
	return s.net
}

// lock gives t the devnet until t ends.
func (s *sharedDevnet) lock(t *testing.T) {
	s.inUse.Lock()
	t.Cleanup(s.inUse.Unlock)
}

// seed returns a seed for accounts no other fixture on the devnet has:
// the test's name, made unique when a name comes back (-count).
func (s *sharedDevnet) seed(t *testing.T) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seeds == nil {
		s.seeds = map[string]int{}
	}
	n := s.seeds[t.Name()]
	s.seeds[t.Name()]++
	return fmt.Sprintf("meshpay-contract-tests/devnet/%s/%d", t.Name(), n)
}

// close stops the devnet if a test started it.
func (s *sharedDevnet) close() error {
	if s.net == nil {
		return nil
	}
	return s.net.Close()
}

// TestMain stops the shared devnet after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := suiteDevnet.close(); err != nil {
		fmt.Fprintln(os.Stderr, "close the shared devnet:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}
