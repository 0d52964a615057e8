//go:build dockere2e

package docker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/internal/demo"
	"github.com/meshpay/meshpay/node/control"
)

// The compose file's services. The devices are devnet devices 0, 1 and 2,
// in demo.Roles() order.
const (
	chainService = "chain"
	car          = "car"
	tollgate     = "tollgate"
	charger      = "charger"
)

var devices = []string{car, tollgate, charger}

// Timing of the test.
const (
	// settleEvery is how often the sellers withdraw (the compose file's
	// MESHPAY_SETTLE_EVERY), short to keep the test short.
	settleEvery = "3s"
	// cmdTimeout bounds one docker or compose command but up and stop.
	cmdTimeout = time.Minute
	// agreeTimeout is how long payer and payee may disagree on a
	// withdrawn amount, each seeing it on chain with its own poller.
	agreeTimeout = 15 * time.Second
)

// What the devices' stories say (internal/demo's story lines) once the
// test can check the balances: payments on the three channels and a
// withdraw on chain by each seller.
var awaited = map[string][]*regexp.Regexp{
	car: {
		regexp.MustCompile(`car -> tollgate  paid `),
		regexp.MustCompile(`car -> charger  paid `),
	},
	charger: {
		regexp.MustCompile(`charger -> tollgate  paid `),
		regexp.MustCompile(`charger settled \S+ ETH on chain from car `),
	},
	tollgate: {
		regexp.MustCompile(`tollgate settled \S+ ETH on chain from car `),
	},
}

// compose runs docker compose (or docker-compose) on the test's project.
type compose struct {
	cmd     []string
	project string
	file    string
	env     []string
}

func newCompose(t *testing.T) *compose {
	t.Helper()
	c := &compose{project: os.Getenv("MESHPAY_E2E_PROJECT")}
	if c.project == "" {
		c.project = fmt.Sprintf("meshpay-e2e-%d", os.Getpid())
	}
	if s := os.Getenv("MESHPAY_E2E_COMPOSE"); s != "" {
		c.cmd = strings.Fields(s)
	} else if exec.Command("docker", "compose", "version").Run() == nil {
		c.cmd = []string{"docker", "compose"}
	} else if _, err := exec.LookPath("docker-compose"); err == nil {
		c.cmd = []string{"docker-compose"}
	} else {
		t.Fatal("neither 'docker compose' nor docker-compose is installed")
	}
	abs, err := filepath.Abs("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	c.file = abs
	image := os.Getenv("MESHPAY_IMAGE")
	if image == "" {
		image = "meshpay:dev"
	}
	c.env = append(os.Environ(), "MESHPAY_IMAGE="+image, "MESHPAY_SETTLE_EVERY="+settleEvery)
	return c
}

// run runs one compose command and returns its stdout; stderr is in the
// error.
func (c *compose) run(ctx context.Context, args ...string) (string, error) {
	full := append(append(append([]string{}, c.cmd[1:]...), "-p", c.project, "-f", c.file), args...)
	return run(ctx, c.env, c.cmd[0], full...)
}

func run(ctx context.Context, env []string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// must runs a compose command with cmdTimeout and fails the test on error.
func (c *compose) must(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	out, err := c.run(ctx, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// container is a service's container ID.
func (c *compose) container(t *testing.T, service string) string {
	t.Helper()
	id := strings.TrimSpace(c.must(t, "ps", "-q", service))
	if id == "" {
		t.Fatalf("no container for %s", service)
	}
	return id
}

// stdout is what a container wrote on stdout: its story and, once it has
// stopped, its report line.
func stdout(t *testing.T, id string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "docker", "logs", id)
	var out bytes.Buffer
	cmd.Stdout = &out // the node's logs go to stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("docker logs %s: %v", id, err)
	}
	return out.String()
}

func inspect(t *testing.T, id, format string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	out, err := run(ctx, nil, "docker", "inspect", "-f", format, id)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out)
}

// requireEngine skips the test without a Docker engine, or fails it in CI.
func requireEngine(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := run(ctx, nil, "docker", "info"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no Docker engine, and CI is set: %v", err)
		}
		t.Skipf("SKIP: no Docker engine: %v", err)
	}
}

// TestComposeDemo starts devnet/docker-compose.yml, waits until the devices
// have paid each other and withdrawn on chain, checks the channels through
// 'meshpay channel list -o json' in the containers and the sellers' money
// through 'meshpay devnet status' on the chain, then stops the devices and
// checks their closing account against the chain, as 'meshpay demo' does.
func TestComposeDemo(t *testing.T) {
	requireEngine(t)
	c := newCompose(t)
	t.Logf("compose project %s (%s)", c.project, strings.Join(c.cmd, " "))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if t.Failed() {
			logs, _ := c.run(ctx, "logs", "--no-color", "--tail", "60")
			t.Logf("logs:\n%s", logs)
		}
		if _, err := c.run(ctx, "down", "-v", "--remove-orphans", "-t", "5"); err != nil {
			t.Errorf("tear down: %v", err)
		}
	})

	start := time.Now()
	upCtx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if _, err := c.run(upCtx, "up", "-d"); err != nil {
		t.Fatal(err)
	}
	t.Logf("up in %s", time.Since(start).Round(100*time.Millisecond))
	ids := map[string]string{}
	for _, s := range append([]string{chainService}, devices...) {
		ids[s] = c.container(t, s)
	}

	waitForStories(t, ids)
	t.Logf("payments and withdraws after %s", time.Since(start).Round(100*time.Millisecond))

	status := devnetStatus(t, c)
	if len(status.Devices) < len(devices) {
		t.Fatalf("the devnet has %d devices, want %d", len(status.Devices), len(devices))
	}
	addr := map[string]string{}
	for i, d := range devices {
		addr[d] = status.Devices[i].Address.Hex()
	}
	checkLive(t, c, addr)
	t.Logf("live checks passed after %s", time.Since(start).Round(100*time.Millisecond))

	checkClosing(t, c, ids, addr)
	t.Logf("closing account checked after %s", time.Since(start).Round(100*time.Millisecond))
}

// waitForStories waits until every awaited story line is there, failing
// early when a device stops.
func waitForStories(t *testing.T, ids map[string]string) {
	t.Helper()
	wait := 3 * time.Minute
	if s := os.Getenv("MESHPAY_E2E_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("MESHPAY_E2E_TIMEOUT: %v", err)
		}
		wait = d
	}
	deadline := time.Now().Add(wait)
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		var missing []string
		for _, d := range devices {
			if inspect(t, ids[d], "{{.State.Running}}") != "true" {
				t.Fatalf("%s stopped before the checks", d)
			}
			story := stdout(t, ids[d])
			for _, re := range awaited[d] {
				if !re.MatchString(story) {
					missing = append(missing, fmt.Sprintf("%s: %q", d, re))
				}
			}
		}
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s, still waiting for:\n  %s", wait, strings.Join(missing, "\n  "))
		}
		<-tick.C
	}
}

// channelList is 'meshpay channel list -o json' in a device's container.
func channelList(t *testing.T, c *compose, device string) []control.Channel {
	t.Helper()
	out := c.must(t, "exec", "-T", device, "meshpay", "channel", "list", "-o", "json")
	var list struct {
		Channels []control.Channel `json:"channels"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%s: channel list: %v\n%s", device, err, out)
	}
	return list.Channels
}

// devnetStatus is 'meshpay devnet status -o json' in the chain's container.
func devnetStatus(t *testing.T, c *compose) devnet.StatusReport {
	t.Helper()
	out := c.must(t, "exec", "-T", chainService, "meshpay", "devnet", "status", "-o", "json")
	var st devnet.StatusReport
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("devnet status: %v\n%s", err, out)
	}
	return st
}

// withPartner is the channel with partner, or fails.
func withPartner(t *testing.T, device string, cs []control.Channel, partner string) control.Channel {
	t.Helper()
	var found []control.Channel
	for _, ch := range cs {
		if strings.EqualFold(ch.Partner, partner) {
			found = append(found, ch)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s has %d channels with %s, want 1: %+v", device, len(found), partner, cs)
	}
	return found[0]
}

func amount(t *testing.T, what, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("%s: %q is not an amount", what, s)
	}
	return v
}

func proofAmount(t *testing.T, what string, p *control.Proof) *big.Int {
	t.Helper()
	if p == nil {
		return new(big.Int)
	}
	return amount(t, what, p.TransferredAmount)
}

// checkLive checks, while the devices trade, each seller's channel with the
// car as both sides report it through the CLI, and the toll gate's money on
// chain.
func checkLive(t *testing.T, c *compose, addr map[string]string) {
	for _, seller := range []string{tollgate, charger} {
		// The seller first, the car second: the car's sent amount can
		// only have grown meanwhile.
		payee := withPartner(t, seller, channelList(t, c, seller), addr[car])
		received := proofAmount(t, seller+" received", payee.ReceivedProof)
		withdrawn := amount(t, seller+" withdrawn", payee.Local.Withdrawn)
		payer := withPartner(t, car, channelList(t, c, car), addr[seller])
		sent := proofAmount(t, car+" sent", payer.SentProof)
		t.Logf("car -> %s: channel %s, car sent %s, %s received %s and withdrew %s on chain",
			seller, payee.ID, demo.FormatETH(sent), seller, demo.FormatETH(received), demo.FormatETH(withdrawn))
		switch {
		case payer.ID != payee.ID:
			t.Errorf("car and %s name their channel %s and %s", seller, payer.ID, payee.ID)
		case payee.Phase != "open":
			t.Errorf("%s: channel %s is %s, want open", seller, payee.ID, payee.Phase)
		case received.Sign() <= 0:
			t.Errorf("%s received nothing on channel %s", seller, payee.ID)
		case withdrawn.Sign() <= 0:
			t.Errorf("%s withdrew nothing on channel %s, yet its story says it did", seller, payee.ID)
		case withdrawn.Cmp(received) > 0:
			t.Errorf("%s withdrew %s, more than the %s it received", seller, withdrawn, received)
		case sent.Cmp(received) < 0:
			t.Errorf("car sent %s on channel %s, less than the %s %s received before", sent, payee.ID, received, seller)
		}
		// Both sides see the withdraws on chain, each with its own
		// watcher: they agree once both have caught up.
		agreeOnWithdrawn(t, c, seller, payee.ID, addr)
	}

	// On chain: the toll gate only withdraws (it buys nothing), so its
	// balance rose above its genesis balance by what it withdrew, less
	// the gas. The balance is read first: withdrawn can only grow.
	genesis := devnet.DefaultDeviceBalance()
	st := devnetStatus(t, c)
	balance := st.Devices[1].Balance
	var withdrawn big.Int
	for _, ch := range channelList(t, c, tollgate) {
		withdrawn.Add(&withdrawn, amount(t, "tollgate withdrawn", ch.Local.Withdrawn))
	}
	gain := new(big.Int).Sub(balance, genesis)
	t.Logf("tollgate on chain: %s more than at genesis; %s withdrawn in all", demo.FormatETH(gain), demo.FormatETH(&withdrawn))
	if gain.Sign() <= 0 {
		t.Errorf("the toll gate's balance %s is not above its genesis balance %s: no withdraw reached the chain", balance, genesis)
	}
	if gain.Cmp(&withdrawn) > 0 {
		t.Errorf("the toll gate gained %s on chain, more than the %s it withdrew", gain, &withdrawn)
	}
}

// agreeOnWithdrawn waits until the seller reports an amount withdrawn by
// it on channel id that the car reported too. The seller withdraws every
// few seconds, and the car counts each withdraw when it co-signs, a moment
// before the seller does: so the seller's count is read between two of the
// car's, and must lie between them (the car's count when the seller's was
// read, whether or not a withdraw came in between). Comparing two reads
// only fails whenever a withdraw falls between them, which on a loaded host
// can be every time for longer than agreeTimeout.
func agreeOnWithdrawn(t *testing.T, c *compose, seller, id string, addr map[string]string) {
	t.Helper()
	deadline := time.Now().Add(agreeTimeout)
	carSays := func() *big.Int {
		return amount(t, car+" withdrawn", withPartner(t, car, channelList(t, c, car), addr[seller]).Remote.Withdrawn)
	}
	for {
		before := carSays()
		mine := amount(t, seller+" withdrawn", withPartner(t, seller, channelList(t, c, seller), addr[car]).Local.Withdrawn)
		after := carSays()
		if before.Cmp(mine) <= 0 && mine.Cmp(after) <= 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("channel %s: %s says it withdrew %s, the car said %s before and %s after", id, seller, mine, before, after)
			return
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// checkClosing stops the devices, which close their channels, and checks
// their reports against the chain with demo.Summarize: every channel
// settled, payer and payee agree, and every device's balance change plus
// its gas equals what it received minus what it paid off-chain.
func checkClosing(t *testing.T, c *compose, ids, addr map[string]string) {
	stopCtx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := c.run(stopCtx, append([]string{"stop", "-t", "60"}, devices...)...); err != nil {
		t.Fatal(err)
	}
	var reports []demo.Report
	var chain []demo.OnChain
	st := devnetStatus(t, c)
	for i, d := range devices {
		if code := inspect(t, ids[d], "{{.State.ExitCode}}"); code != "0" {
			t.Errorf("%s exited with %s", d, code)
		}
		lines := strings.Split(strings.TrimSpace(stdout(t, ids[d])), "\n")
		r, err := demo.ParseReport(lines[len(lines)-1])
		if err != nil {
			t.Fatalf("%s: last line: %v", d, err)
		}
		if !strings.EqualFold(r.Address.Hex(), addr[d]) {
			t.Fatalf("%s reports account %s, want %s", d, r.Address.Hex(), addr[d])
		}
		reports = append(reports, r)
		chain = append(chain, demo.OnChain{
			Name: d, Address: r.Address, Before: devnet.DefaultDeviceBalance(), After: st.Devices[i].Balance,
			Gas: demo.SumGas(r.Txs), Txs: len(r.Txs),
		})
	}
	sum := demo.Summarize(reports, chain)
	var out bytes.Buffer
	if err := sum.Render(&out); err != nil {
		t.Fatal(err)
	}
	t.Logf("closing account:\n%s", out.String())
	if !sum.OK() {
		t.Errorf("the closing account does not add up: %s", strings.Join(sum.Problems, "; "))
	}
}
