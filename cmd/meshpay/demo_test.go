package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/internal/demo"
)

// execMainEnv makes the test binary run main instead of the tests: the
// demo starts its devices from its own executable, which in a test is
// this binary.
const execMainEnv = "MESHPAY_TEST_EXEC_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(execMainEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestDemo runs 'meshpay demo' with its devices as processes: every
// device buys and sells metered sessions as its role says (a toll pass
// paid before the barrier opens, charging stops, data), sellers' Settlers
// withdraw on chain during the run, both sides' session receipts agree,
// and the summary's conservation check holds.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the devnet and three device processes for 20 s")
	}
	t.Setenv(execMainEnv, "1")
	var out, errOut syncBuffer
	start := time.Now()
	code := run([]string{"demo", "--duration", "20s", "--datadir", t.TempDir()}, &out, &errOut)
	story := out.String()
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", story, errOut.String())
	require.Less(t, time.Since(start), 50*time.Second, "the demo outlived its --duration")

	for _, want := range []string{
		"car is up", "tollgate is up", "charger is up",
		"car reads tollgate's offer", "car reads charger's offer", "charger reads tollgate's offer",
		"car -> tollgate  paid 0.002 ETH  (toll, pass #1, session ",
		"tollgate opens the barrier for car: pass paid 0.002 ETH",
		"car starts a charging session at charger: up to 12 × 0.1kWh at 0.0003 ETH",
		"charger serves a charging session to car",
		"car -> charger  paid 0.0036 ETH  (charging: charged 12 × 0.1kWh, session ",
		"charger starts a data session at tollgate: up to 10 × MB at 0.00001 ETH",
		"charger -> tollgate  paid 0.0001 ETH  (data: downloaded 10 × MB, session ",
		"car closed channel", "charger closed channel",
		"PAID OFF-CHAIN", "ON-CHAIN CHANGE",
	} {
		require.Contains(t, story, want)
	}
	require.Regexp(t, regexp.MustCompile(`(tollgate|charger) settled [0-9.]+ ETH on chain from (car|charger)  \(withdraw tx 0x[0-9a-f]{8}…\)`), story)
	require.True(t, strings.HasSuffix(story, "conservation: ok\n"), story)
	for _, row := range []string{"car -> tollgate", "car -> charger", "charger -> tollgate"} {
		require.Regexp(t, regexp.MustCompile(row+`\s+\w+\s+0\.\d+ ETH .*settled`), story)
	}
	requireSessionsAgree(t, story)
}

// requireSessionsAgree checks the summary's session lines: sessions
// started and finished, and the buyers' and the sellers' receipts count
// the same sessions and the same amount paid.
func requireSessionsAgree(t *testing.T, story string) {
	t.Helper()
	m := regexp.MustCompile(`\nsessions: ([1-9]\d*) started, (\d+) finished: [a-z ]+ \d+(, [a-z ]+ \d+)*; (\d+) not paid in full\n`).FindStringSubmatch(story)
	require.NotNil(t, m, story)
	require.Equal(t, m[1], m[2], "every session finished")
	require.Equal(t, "0", m[4], "every session paid in full")
	m = regexp.MustCompile(`\nsession receipts: buyers (\d+), paid ([0-9.]+ ETH); sellers (\d+), paid ([0-9.]+ ETH)\n`).FindStringSubmatch(story)
	require.NotNil(t, m, story)
	require.Equal(t, m[1], m[3], "a receipt on each side of every session")
	require.Equal(t, m[2], m[4], "both sides' receipts count the same paid")
}

// TestDemoSoak runs a short soak with five devices: two cars, two toll
// gates and a charger, the second car buying from the second toll gate.
// The stories are digests, the first car hits its tight hourly budget, and
// the summary ends with the run's totals and the conservation check.
func TestDemoSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the devnet and five device processes for 25 s")
	}
	t.Setenv(execMainEnv, "1")
	var out, errOut syncBuffer
	code := run([]string{"demo", "--soak", "--devices", "5", "--duration", "25s", "--datadir", t.TempDir()}, &out, &errOut)
	story := out.String()
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", story, errOut.String())

	for _, want := range []string{
		"meshpay demo: 5 devices (2 cars, 2 toll gates, 1 charger), soak run",
		"car2 is up", "tollgate2 is up",
		"car reads tollgate's offer", "car2 reads tollgate2's offer", "car2 reads charger's offer",
		"the first car's spending policy allows it",
		"car hits its spending limit paying", "hourly-budget: ",
		"car2 digest: ", "tollgate2 digest: ",
	} {
		require.Contains(t, story, want)
	}
	require.NotContains(t, story, "paid 0.002 ETH  (toll", "a soak tells digests, not sessions")
	require.NotContains(t, story, "opens the barrier", "a soak tells digests, not sessions")
	require.NotContains(t, story, "settled 0.", "a soak tells digests, not withdraws")
	for _, re := range []string{
		`\npayments made: [1-9]\d*\n`,
		`\nsessions: [1-9]\d* started, [1-9]\d* finished: [a-z ]+ \d+(, [a-z ]+ \d+)*; [1-9]\d* not paid in full\n`,
		`\nsession receipts: buyers [1-9]\d*, paid 0\.\d+ ETH; sellers [1-9]\d*, paid 0\.\d+ ETH\n`,
		`\nsettled on chain: 0\.\d+ ETH in \d+ transactions \(withdraws [1-9]\d*, settles 5\)\n`,
		`\nlimits hit: hourly-budget [1-9]\d*, price-too-high 0\n`,
		`\nerrors by kind: (0|[a-z-]+ \d+(, [a-z-]+ \d+)*)\n`,
		`\nlargest live heap: \d+\.\d MB \(\w+\)\n`,
	} {
		require.Regexp(t, regexp.MustCompile(re), story)
	}
	require.True(t, strings.HasSuffix(story, "conservation: ok\n"), story)
	for _, row := range []string{"car -> tollgate", "car -> charger", "car2 -> tollgate2", "car2 -> charger", "charger -> tollgate"} {
		require.Regexp(t, regexp.MustCompile(row+`\s+\w+\s+0\.\d+ ETH .*settled`), story)
	}
}

func TestFleetNote(t *testing.T) {
	for n, want := range map[int]string{
		3:  "a car, a toll gate and an EV charger",
		4:  "4 devices (2 cars, 1 toll gate, 1 charger)",
		20: "20 devices (10 cars, 5 toll gates, 5 chargers)",
	} {
		plan, err := demo.Fleet(n)
		require.NoError(t, err)
		require.Equal(t, want, fleetNote(plan))
	}
}

func TestParseBudget(t *testing.T) {
	b, err := parseBudget("")
	require.NoError(t, err)
	require.Nil(t, b)
	b, err = parseBudget("0.05eth")
	require.NoError(t, err)
	require.Equal(t, "50000000000000000", b.Dec())
	b, err = parseBudget("1000")
	require.NoError(t, err)
	require.Equal(t, "1000", b.Dec(), "base units")
	for _, bad := range []string{"0.5", "0eth", "-1eth", "1usdc"} {
		_, err := parseBudget(bad)
		require.ErrorContains(t, err, "--budget-per-hour", bad)
	}
}

func TestDemoTiming(t *testing.T) {
	tests := []struct {
		duration, windDown time.Duration
	}{
		{10 * time.Second, 6 * time.Second},
		{time.Minute, 12 * time.Second},
		{40 * time.Second, 8 * time.Second},
		{10 * time.Minute, 12 * time.Second},
	}
	for _, tc := range tests {
		require.Equal(t, tc.windDown, demoWindDown(tc.duration), "duration %s", tc.duration)
	}
	settle := []struct {
		trade, every time.Duration
	}{
		{3 * time.Second, 2 * time.Second},
		{12 * time.Second, 4 * time.Second},
		{46 * time.Second, 10 * time.Second},
	}
	for _, tc := range settle {
		require.Equal(t, tc.every, demoSettleEvery(tc.trade), "trade %s", tc.trade)
	}
}

func TestDemoFlags(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x"), nil, 0o600))
	tests := []struct {
		args []string
		err  string
	}{
		{[]string{"demo", "device", "--role", "bus"}, "unknown role"},
		{[]string{"demo", "device", "--role", "car"}, "--datadir and --devnet are required"},
		{[]string{"demo", "device", "--role", "car", "--datadir", dir, "--devnet", dir, "--names", "car"}, "not name=0xaddress"},
		{[]string{"demo", "--datadir", dir}, "is not empty"},
		{[]string{"demo", "--devices", "2"}, "--devices: demo: invalid config: 2 devices"},
		{[]string{"demo", "--budget-per-hour", "0.5"}, "--budget-per-hour: invalid amount"},
		{[]string{"demo", "device", "--role", "car", "--datadir", dir, "--devnet", dir, "--buy-from", "tollgate"}, "--buy-from: demo: invalid config: seller \"tollgate\" is not among"},
		{[]string{"demo", "device", "--role", "car", "--datadir", dir, "--devnet", dir, "--budget-per-hour", "x"}, "--budget-per-hour: invalid amount"},
	}
	for _, tc := range tests {
		var out, errOut syncBuffer
		require.Equal(t, 1, run(tc.args, &out, &errOut), "%v", tc.args)
		require.Contains(t, errOut.String(), tc.err, "%v", tc.args)
	}
}
