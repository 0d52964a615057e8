package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/internal/demo"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/control"
	"github.com/meshpay/meshpay/node/identity"
)

// Timing of 'meshpay demo'.
const (
	// demoKillGrace is how long past --duration the devices may take to
	// stop before they are killed.
	demoKillGrace = 30 * time.Second
	// demoMinTrade is the shortest trading time worth a demo.
	demoMinTrade = 3 * time.Second
)

// errDemoInterrupted reports a Ctrl-C before the devices started.
var errDemoInterrupted = errors.New("interrupted before the devices started")

// demoListen keeps the demo's devices on the loopback interface.
const demoListen = "/ip4/127.0.0.1/tcp/0,/ip4/127.0.0.1/udp/0/quic-v1"

// runDemo runs the three-device demo, or with "device" one of its devices.
func runDemo(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "device" {
		return demoDevice(args[1:], stdout, stderr)
	}
	return demoRun(args, stdout, stderr)
}

// demoWindDown is the part of the demo's duration kept for closing the
// channels: a fifth, between 6 and 12 seconds.
func demoWindDown(d time.Duration) time.Duration {
	return min(max(d/5, 6*time.Second), 12*time.Second)
}

// demoSettleEvery is how often sellers withdraw when --settle-every is not
// given: three times over the trading time, at most every 10 s, at least
// 2 s apart.
func demoSettleEvery(trade time.Duration) time.Duration {
	return min(max(trade/3, 2*time.Second), demo.DefaultSettleEvery)
}

func demoRun(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	duration := fs.Duration("duration", time.Minute, "how long the whole demo may run, start-up and closing the channels included")
	dir := fs.String("datadir", "", "directory for the devices' data (must be empty; default: a temporary directory, removed afterwards)")
	keep := fs.Bool("keep", false, "keep the temporary directory")
	settleEvery := fs.Duration("settle-every", 0, "how often sellers withdraw what they received (default: a third of the trading time, at most 10s)")
	blockPeriod := fs.Duration("block-period", 500*time.Millisecond, "devnet block period")
	bin := fs.String("bin", "", "meshpay binary the devices run (default: this one)")
	verbose := fs.Bool("v", false, "show the devices' node logs (info level; default: errors only)")
	devices := fs.Int("devices", demo.MinDevices, fmt.Sprintf("how many devices (%d to %d): past the car, the toll gate and the charger, two cars for each more toll gate and charger; payments slow down past 6 devices; above 3 implies --soak", demo.MinDevices, demo.MaxDevices))
	soak := fs.Bool("soak", false, "long-run mode: each device prints a digest every "+demo.DigestEvery.String()+" instead of every payment, transient errors are counted instead of failing the run, the first car gets a tight hourly budget, and the summary adds the run's totals")
	budgetFlag := fs.String("budget-per-hour", "", "hourly spending budget of the first car, e.g. 0.05eth (default: with --soak, what it spends in half the trading time, so that it hits its limit; else twice its hourly spend)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: meshpay demo [flags]\n\nStarts the embedded devnet and three devices, each its own process: a car, a toll gate and an EV charger.\nThey find each other over mDNS, read each other's offers, open channels on chain and buy metered\nsessions (toll passes, charging stops, data), paying as the seller meters, while the sellers\nwithdraw on chain automatically; then they close their channels and a summary checks that the\non-chain balances match the off-chain totals. Ctrl-C stops it early, cleanly.\n\nOne device alone: meshpay demo device -h\n\nExamples:\n  meshpay demo\n  meshpay demo --duration 20s\n  meshpay demo --soak --duration 10m --devices 20\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	plan, err := demo.Fleet(*devices)
	if err != nil {
		return fmt.Errorf("--devices: %w", err)
	}
	*soak = *soak || *devices > demo.MinDevices
	budget, err := parseBudget(*budgetFlag)
	if err != nil {
		return err
	}
	slowdown := demo.Slowdown(len(plan))
	start := time.Now()
	deadline := start.Add(*duration)
	windDown := demoWindDown(*duration)

	exe := *bin
	if exe == "" {
		if exe, err = os.Executable(); err != nil {
			return fmt.Errorf("find the meshpay binary (give --bin): %w", err)
		}
	}
	root, cleanup, err := demoDir(*dir, *keep)
	if err != nil {
		return err
	}
	defer cleanup()

	// The first Ctrl-C stops the devices cleanly, the second kills them.
	ctx, interrupt := context.WithCancel(context.Background())
	defer interrupt()
	f := &fleet{done: make(chan struct{})}
	sigc := make(chan os.Signal, 2)
	signal.Notify(sigc, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigc)
	go func() {
		for n := 0; ; n++ {
			select {
			case <-sigc:
			case <-f.done:
				return
			}
			if n == 0 {
				fmt.Fprintln(stdout, "interrupted: the devices stop trading and close their channels (Ctrl-C again kills them)")
				interrupt()
				f.signal(syscall.SIGINT)
			} else {
				f.signal(syscall.SIGKILL)
			}
		}
	}()
	defer close(f.done)

	mode := ""
	if *soak {
		mode = "soak run, "
	}
	fmt.Fprintf(stdout, "meshpay demo: %s, %sfor %s (data in %s)\n", fleetNote(plan), mode, *duration, root)
	if !*soak && len(plan) > 0 && controlFits(filepath.Join(root, plan[0].Name)) {
		fmt.Fprintf(stdout, "look at a device while it runs: meshpay session list --datadir %s\n", filepath.Join(root, plan[0].Name))
	}
	descPath := filepath.Join(root, devnet.DescriptorFile)
	dn, err := devnet.Start(ctx, devnet.Config{
		DescriptorPath: descPath, BlockPeriod: *blockPeriod, Devices: len(plan), ChallengePeriod: time.Hour,
	})
	if ctx.Err() != nil {
		return errors.Join(errDemoInterrupted, err)
	}
	if err != nil {
		return err
	}
	defer dn.Close()
	desc := dn.Descriptor()
	fmt.Fprintf(stdout, "devnet: chain %d at %s, ChannelManager %s, a block every %s\n", desc.ChainID, dn.HTTPURL(), desc.ChannelManager, *blockPeriod)

	pass, err := randomHex(16)
	if err != nil {
		return err
	}
	accounts, err := demoAccounts(root, pass, plan)
	if err != nil {
		return err
	}
	client := dn.Client()
	firstBlock, err := client.BlockNumber(ctx)
	if err != nil {
		return err
	}
	for i := range accounts {
		if accounts[i].Before, err = client.BalanceAt(ctx, accounts[i].Address, new(big.Int).SetUint64(firstBlock)); err != nil {
			return err
		}
	}

	trade := time.Until(deadline) - windDown
	if trade < demoMinTrade {
		return fmt.Errorf("--duration %s is too short: the devnet took %s to start and closing needs %s", *duration, time.Since(start).Round(time.Second), windDown)
	}
	every := *settleEvery
	if every == 0 {
		every = demoSettleEvery(trade).Round(100 * time.Millisecond)
	}
	service, err := randomHex(6)
	if err != nil {
		return err
	}
	names := map[common.Address]string{}
	for _, d := range accounts {
		names[d.Address] = d.Name
	}
	if budget == nil && *soak {
		budget = demo.TightBudget(demo.RoleCar, slowdown, trade)
	}
	logLevel := "error"
	if *verbose {
		logLevel = "info"
	}
	fmt.Fprintf(stdout, "devices trade for %s, sellers withdraw every %s, then %s to close the channels\n", trade.Round(100*time.Millisecond), every, windDown)
	if slowdown > 1 {
		fmt.Fprintf(stdout, "buyers pay %.1f times less often than in the three-device demo\n", slowdown)
	}
	if budget != nil {
		fmt.Fprintf(stdout, "the first car's spending policy allows it %s per hour\n", demo.FormatWei(budget))
	}
	fmt.Fprintln(stdout)

	if ctx.Err() != nil {
		return errDemoInterrupted
	}
	out := &lockedWriter{w: stdout}
	errOut := &lockedWriter{w: stderr}
	var reports []demo.Report
	var reportsMu sync.Mutex
	var childErrs []error
	var wg sync.WaitGroup
	for i, m := range plan {
		d := accounts[i]
		args := []string{"demo", "device",
			"--role", string(m.Role), "--name", m.Name, "--datadir", filepath.Join(root, m.Name), "--devnet", descPath,
			"--mdns-service", "meshpay-demo-" + service, "--listen", demoListen,
			"--duration", trade.String(), "--settle-every", every.String(), "--wind-down", windDown.String(),
			"--t0", fmt.Sprint(start.UnixMilli()), "--names", demo.FormatNames(names), "--log-level", logLevel,
			"--buy-from", strings.Join(m.BuyFrom, ","), "--slowdown", strconv.FormatFloat(slowdown, 'f', -1, 64)}
		if *soak {
			args = append(args, "--soak")
		}
		if m.SettleBatch {
			args = append(args, "--settle-batch")
		}
		if controlFits(filepath.Join(root, m.Name)) {
			args = append(args, "--control")
		}
		if budget != nil && m.Name == string(demo.RoleCar) {
			args = append(args, "--budget-per-hour", budget.Dec())
		}
		cmd := exec.Command(exe, args...)
		cmd.Env = append(os.Environ(), identity.PassphraseEnv+"="+pass)
		// Own process group: a Ctrl-C reaches the demo, which forwards it.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		stdoutPipe, err := cmd.StdoutPipe()
		if err != nil {
			return err
		}
		stderrPipe, err := cmd.StderrPipe()
		if err != nil {
			return err
		}
		if err := cmd.Start(); err != nil {
			f.signal(syscall.SIGINT)
			wg.Wait()
			return fmt.Errorf("start the %s: %w", d.Name, err)
		}
		f.add(cmd.Process, ctx.Err() != nil)
		wg.Go(func() {
			var pipes sync.WaitGroup
			pipes.Go(func() {
				forwardLines(stdoutPipe, func(line string) {
					if !strings.HasPrefix(line, demo.ReportPrefix) {
						out.println(line)
						return
					}
					r, err := demo.ParseReport(line)
					reportsMu.Lock()
					defer reportsMu.Unlock()
					if err != nil {
						childErrs = append(childErrs, fmt.Errorf("%s: %w", d.Name, err))
						return
					}
					reports = append(reports, r)
				})
			})
			pipes.Go(func() { forwardLines(stderrPipe, func(line string) { errOut.println(d.Name + "| " + line) }) })
			pipes.Wait()
			if err := cmd.Wait(); err != nil {
				reportsMu.Lock()
				childErrs = append(childErrs, fmt.Errorf("%s: %w", d.Name, err))
				reportsMu.Unlock()
			}
		})
	}
	kill := time.AfterFunc(time.Until(deadline)+demoKillGrace, func() {
		errOut.println("meshpay demo: the devices did not stop in time: killing them")
		f.signal(syscall.SIGKILL)
	})
	wg.Wait()
	kill.Stop()

	// The chain, now that every device has stopped: balances and gas.
	// Every block of the run is read once: give a long soak's many blocks
	// time.
	readCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second+*duration/10)
	defer cancel()
	if err := readChain(readCtx, client, accounts, firstBlock); err != nil {
		return err
	}
	sum := demo.Summarize(reports, accounts)
	fmt.Fprintf(stdout, "\nsummary after %s\n\n", time.Since(start).Round(100*time.Millisecond))
	render := sum.Render
	if *soak {
		render = sum.RenderSoak
	}
	if err := render(stdout); err != nil {
		return err
	}
	if !sum.OK() || len(childErrs) > 0 {
		return errors.Join(append(childErrs, errors.New("the demo's accounts do not add up"))...)
	}
	return nil
}

// demoDir returns the demo's data directory and what removes it.
func demoDir(dir string, keep bool) (string, func(), error) {
	if dir == "" {
		d, err := os.MkdirTemp("", "meshpay-demo-")
		if err != nil {
			return "", nil, err
		}
		if keep {
			return d, func() {}, nil
		}
		return d, func() { _ = os.RemoveAll(d) }, nil
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return "", nil, fmt.Errorf("--datadir %s is not empty: the demo starts from fresh devices", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, err
	}
	abs, err := filepath.Abs(dir)
	return abs, func() {}, err
}

// parseBudget reads --budget-per-hour, an ETH amount; "" is nil.
func parseBudget(s string) (*uint256.Int, error) {
	if s == "" {
		return nil, nil
	}
	wei, err := ethUnit.parsePositive(s)
	if err != nil {
		return nil, fmt.Errorf("--budget-per-hour: %w", err)
	}
	v, err := uint256.FromDecimal(wei)
	if err != nil {
		return nil, fmt.Errorf("--budget-per-hour: %w", err)
	}
	return v, nil
}

// fleetNote describes the demo's devices for the demo's first line.
func fleetNote(members []demo.Member) string {
	if len(members) == demo.MinDevices {
		return "a car, a toll gate and an EV charger"
	}
	count := map[demo.Role]int{}
	for _, m := range members {
		count[m.Role]++
	}
	return fmt.Sprintf("%d devices (%s, %s, %s)", len(members),
		plural(count[demo.RoleCar], "car"), plural(count[demo.RoleTollGate], "toll gate"), plural(count[demo.RoleCharger], "charger"))
}

// plural writes "1 car", "2 cars".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// demoAccounts imports each member's devnet device key and returns the
// devices, named as demo.Fleet names them.
func demoAccounts(root, pass string, members []demo.Member) ([]demo.OnChain, error) {
	var out []demo.OnChain
	for _, m := range members {
		key, err := devnet.DeviceKey(m.Index)
		if err != nil {
			return nil, err
		}
		id, err := identity.Import(filepath.Join(root, m.Name, KeyFile), pass, key, identity.LightKDF)
		if err != nil {
			return nil, err
		}
		out = append(out, demo.OnChain{Name: m.Name, Address: id.Address()})
	}
	return out, nil
}

// readChain fills in each device's balance at the head and the gas of its
// transactions since firstBlock.
func readChain(ctx context.Context, c *ethclient.Client, devices []demo.OnChain, firstBlock uint64) error {
	head, err := c.BlockNumber(ctx)
	if err != nil {
		return err
	}
	addrs := make([]common.Address, len(devices))
	for i, d := range devices {
		addrs[i] = d.Address
	}
	txs, err := demo.TxsOf(ctx, c, addrs, firstBlock+1, head)
	if err != nil {
		return err
	}
	for i := range devices {
		d := &devices[i]
		if d.After, err = c.BalanceAt(ctx, d.Address, new(big.Int).SetUint64(head)); err != nil {
			return err
		}
		d.Gas, d.Txs = demo.SumGas(txs[d.Address]), len(txs[d.Address])
	}
	return nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// forwardLines calls f with every line r yields.
func forwardLines(r io.Reader, f func(string)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20) // the report line can be long
	for sc.Scan() {
		f(sc.Text())
	}
	_, _ = io.Copy(io.Discard, r) // a line past the limit: drain, so the child never blocks
}

// lockedWriter writes whole lines from several goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) println(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.w, line)
}

// fleet is the demo's device processes, for forwarding signals.
type fleet struct {
	mu       sync.Mutex
	procs    []*os.Process
	stopping bool
	// done is closed when the demo returns.
	done chan struct{}
}

// add registers a started process; with interrupted set it is told to
// stop at once.
func (f *fleet) add(p *os.Process, interrupted bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.procs = append(f.procs, p)
	if interrupted || f.stopping {
		_ = p.Signal(syscall.SIGINT)
	}
}

func (f *fleet) signal(sig syscall.Signal) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopping = true
	for _, p := range f.procs {
		_ = p.Signal(sig) // fails for a process that has exited: nothing to do
	}
}

// demoDevice runs one demo device in the foreground: 'meshpay demo device'.
func demoDevice(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo device", flag.ContinueOnError)
	fs.SetOutput(stderr)
	role := fs.String("role", "", "car, tollgate or charger")
	name := fs.String("name", "", "the device's name in the story and its offers (default: the role)")
	dataDir := fs.String("datadir", "", "node data dir holding "+KeyFile+" (create it with 'meshpay init')")
	passFile := fs.String("passphrase-file", "", "file holding the keystore passphrase (else env "+identity.PassphraseEnv+")")
	descPath := fs.String("devnet", "", "devnet descriptor (devnet.json): chain, RPC, contract, challenge period")
	rpc := fs.String("rpc", "", "JSON-RPC endpoint, instead of the descriptor's (e.g. the devnet's container)")
	mdnsService := fs.String("mdns-service", "meshpay", "mDNS service name; only devices with the same name find each other")
	listen := listFlag{"/ip4/0.0.0.0/tcp/0", "/ip4/0.0.0.0/udp/0/quic-v1"}
	fs.Var(&listen, "listen", "comma-separated libp2p listen multiaddrs")
	duration := fs.Duration("duration", 0, "how long to trade before closing the channels (0: until Ctrl-C)")
	settleEvery := fs.Duration("settle-every", demo.DefaultSettleEvery, "how often a seller withdraws what it has received (its autosettle interval)")
	settleBatch := fs.Bool("settle-batch", false, "a seller withdraws from all its channels in one batch transaction per round")
	windDown := fs.Duration("wind-down", demo.DefaultWindDown, "how long closing the channels may take")
	t0 := fs.Int64("t0", 0, "the story's time zero, unix milliseconds (default: now)")
	namesFlag := fs.String("names", "", "other devices' names for the story: name=0xaddress,...")
	logLevel := fs.String("log-level", "warn", "node log level on stderr: debug, info, warn or error")
	control := fs.Bool("control", false, "serve the control API on the data dir's unix socket, for 'meshpay channel list' and friends")
	buyFrom := listFlag{}
	fs.Var(&buyFrom, "buy-from", "comma-separated names (from --names) of the only sellers to buy from (default: whoever offers a service cheapest)")
	slowdown := fs.Float64("slowdown", 1, "pay for each service this many times less often than the catalog says")
	budgetFlag := fs.String("budget-per-hour", "", "hourly spending budget, e.g. 0.05eth (default: twice what the device spends in an hour)")
	soak := fs.Bool("soak", false, "long-run mode: a digest every "+demo.DigestEvery.String()+" instead of a line per payment; transient errors are counted, not fatal")
	devnetDevice := fs.Int("devnet-device", -1, "import the devnet's device key with this index into the data dir if it has no key yet (for containers, which cannot run 'meshpay init' first)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: meshpay demo device [flags]\n\nRuns one device of the demo: it sells and buys as its role says, prints what happens on stdout,\none line per event, and last one JSON line with its channels and transactions.\nCtrl-C (or --duration) makes it stop trading and close its channels.\n\nExample:\n  meshpay init --datadir /tmp/car --devnet-device 0 --light-kdf\n  meshpay demo device --role car --datadir /tmp/car --devnet ~/.meshpay/devnet/devnet.json --duration 30s\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	r, err := demo.ParseRole(*role)
	if err != nil {
		return err
	}
	if *dataDir == "" || *descPath == "" {
		return errors.New("--datadir and --devnet are required")
	}
	names, err := demo.ParseNames(*namesFlag)
	if err != nil {
		return err
	}
	sellers, err := demo.SellerAddrs(buyFrom, names)
	if err != nil {
		return fmt.Errorf("--buy-from: %w", err)
	}
	budget, err := parseBudget(*budgetFlag)
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	desc, err := devnet.ReadDescriptor(*descPath)
	if err != nil {
		return err
	}
	pass, err := identity.ReadPassphrase(*passFile, identity.PassphraseEnv)
	if err != nil {
		return err
	}
	keyPath := filepath.Join(*dataDir, KeyFile)
	if *devnetDevice >= 0 {
		if err := importDevnetKey(keyPath, pass, *devnetDevice); err != nil {
			return err
		}
	}
	id, err := identity.Load(keyPath, pass)
	if err != nil {
		return fmt.Errorf("%w (create it with 'meshpay init')", err)
	}
	chain := node.ChainConfig{RPCURL: desc.RPCURL(), ChainID: desc.ChainID, Contract: desc.ChannelManager, FromBlock: desc.DeployBlock,
		PollInterval: demoPollInterval(desc)}
	if *rpc != "" {
		chain.RPCURL = *rpc
	}
	start := time.Now()
	if *t0 > 0 {
		start = time.UnixMilli(*t0)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return demo.RunDevice(ctx, demo.DeviceConfig{
		Role: r, Name: *name, DataDir: *dataDir, Identity: id, Chain: chain, ChallengePeriod: desc.ChallengePeriodSeconds,
		ListenAddrs: listen, MDNSService: *mdnsService, Control: *control, Duration: *duration, SettleEvery: *settleEvery, SettleBatch: *settleBatch, WindDown: *windDown,
		Names: names, BuyFrom: sellers, Slowdown: *slowdown, BudgetPerHour: budget, Soak: *soak, Start: start, Out: stdout,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	})
}

// importDevnetKey imports devnet device i's key to path, unless a key for
// that device is there already (a restarted container keeps its key).
func importDevnetKey(path, pass string, i int) error {
	key, err := devnet.DeviceKey(i)
	if err != nil {
		return err
	}
	_, err = identity.Import(path, pass, key, identity.LightKDF)
	if !errors.Is(err, identity.ErrKeyExists) {
		return err
	}
	id, err := identity.Load(path, pass)
	if err != nil {
		return err
	}
	if want := crypto.PubkeyToAddress(key.PublicKey); id.Address() != want {
		return fmt.Errorf("%s holds the key of %s, not of devnet device %d (%s)", path, id.Address(), i, want)
	}
	return nil
}

// demoPollInterval follows the chain at twice its block rate (at most
// every 100 ms; every 250 ms for a chain without a fixed period).
func demoPollInterval(desc *devnet.Descriptor) time.Duration {
	if desc.BlockPeriodMillis <= 0 {
		return 250 * time.Millisecond
	}
	return max(time.Duration(desc.BlockPeriodMillis)*time.Millisecond/2, 100*time.Millisecond)
}

// maxSocketPath is what a unix socket path may hold on Linux (sun_path is
// 108 bytes, NUL included), with a margin.
const maxSocketPath = 100

// controlFits reports whether a device's control socket in dir has a
// path short enough to listen on; a demo in a deep directory runs its
// devices without the control API rather than failing.
func controlFits(dir string) bool {
	return len(filepath.Join(dir, control.SocketFile)) <= maxSocketPath
}
