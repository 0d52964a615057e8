package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/autosettle"
	"github.com/meshpay/meshpay/node/identity"
)

// KeyFile is the node's keystore file in its data dir.
const KeyFile = "key.json"

// runInit creates a node's data dir with a new key, or imports one.
func runInit(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("datadir", defaultNodeDir(), "node data dir (env MESHPAY_DATADIR)")
	passFile := fs.String("passphrase-file", "", "file holding the keystore passphrase (else env "+identity.PassphraseEnv+")")
	importHex := fs.String("import-key", "", "hex private key to import instead of generating one")
	device := fs.Int("devnet-device", -1, "import the devnet's deterministic device key with this index")
	light := fs.Bool("light-kdf", false, "cheap scrypt (4 MB instead of 256 MB to unlock) for small devices; use a long random passphrase")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: meshpay init [flags]\n\nCreates the node's key (an Ethereum V3 keystore: the same key is the libp2p identity and the on-chain account).\n\nExamples:\n  MESHPAY_PASSPHRASE=secret meshpay init --datadir /var/lib/meshpay\n  meshpay init --datadir /tmp/car --devnet-device 0 --passphrase-file pass.txt\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	pass, err := identity.ReadPassphrase(*passFile, identity.PassphraseEnv)
	if err != nil {
		return err
	}
	kdf := identity.StandardKDF
	if *light {
		kdf = identity.LightKDF
	}
	path := filepath.Join(*dir, KeyFile)
	var id *identity.Identity
	switch {
	case *importHex != "" && *device >= 0:
		return errors.New("--import-key and --devnet-device exclude each other")
	case *importHex != "":
		key, err := crypto.HexToECDSA(strings.TrimPrefix(*importHex, "0x"))
		if err != nil {
			return fmt.Errorf("--import-key: %w", err)
		}
		id, err = identity.Import(path, pass, key, kdf)
		if err != nil {
			return err
		}
	case *device >= 0:
		key, err := devnet.DeviceKey(*device)
		if err != nil {
			return err
		}
		if id, err = identity.Import(path, pass, key, kdf); err != nil {
			return err
		}
	default:
		if id, err = identity.Create(path, pass, kdf); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "key %s\naddress %s\npeer id %s\n", path, id.Address(), id.PeerID())
	return nil
}

// runNode dispatches "meshpay node run|info".
func runNode(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: meshpay node run|info [flags]")
	}
	if isHelp(args[0]) {
		fmt.Fprintln(stdout, "Usage: meshpay node run|info [flags]\n\n  run   run the device node in the foreground\n  info  describe the running node\n\nRun 'meshpay node <command> -h' for its flags.")
		return errHelp
	}
	switch args[0] {
	case "run":
		return nodeRun(args[1:], stdout, stderr)
	case "info":
		return nodeInfo(args[1:], stdout, stderr)
	}
	return fmt.Errorf("unknown node command %q (want run or info)", args[0])
}

// nodeOptions are the flags of 'meshpay node run'.
type nodeOptions struct {
	dataDir, keystore, passFile        string
	listen, announce, bootstrap        listFlag
	noMDNS                             bool
	mdnsService                        string
	devnetFile, rpc, contract          string
	chainID, fromBlock, confirmations  uint64
	controlAddr, metricsAddr, logLevel string
	refuseChannels                     bool
	minChallenge, maxChallenge         time.Duration
	ratePerSecond                      float64
	// Settlement policy (node/autosettle); off unless a threshold or an
	// interval is set.
	settleThreshold, settleKeep string
	settleInterval, settleClose time.Duration
	settleBatch                 bool
	// spendingPolicy is the path of the spending policy file.
	spendingPolicy string
}

func nodeFlags(o *nodeOptions, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("node run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.dataDir, "datadir", defaultNodeDir(), "node data dir: key, channels, control socket and token")
	fs.StringVar(&o.keystore, "keystore", "", "keystore file (default <datadir>/key.json)")
	fs.StringVar(&o.passFile, "passphrase-file", "", "file holding the keystore passphrase (else env "+identity.PassphraseEnv+")")
	o.listen = listFlag{"/ip4/0.0.0.0/tcp/4001", "/ip4/0.0.0.0/udp/4001/quic-v1"}
	fs.Var(&o.listen, "listen", "comma-separated libp2p listen multiaddrs")
	fs.Var(&o.announce, "announce", "comma-separated multiaddrs to advertise instead of the listen ones")
	fs.Var(&o.bootstrap, "bootstrap", "comma-separated peers to dial at start (multiaddrs with /p2p/)")
	fs.BoolVar(&o.noMDNS, "no-mdns", false, "turn off local-network discovery")
	fs.StringVar(&o.mdnsService, "mdns-service", "meshpay", "mDNS service name; only nodes with the same name find each other")
	fs.StringVar(&o.devnetFile, "devnet", "", "read chain, RPC and contract from this devnet descriptor (devnet.json)")
	fs.StringVar(&o.rpc, "rpc", "", "Ethereum JSON-RPC endpoint (any chain: a real geth, anvil, the devnet)")
	fs.Uint64Var(&o.chainID, "chain-id", 0, "chain ID the endpoint must have")
	fs.StringVar(&o.contract, "contract", "", "ChannelManager address")
	fs.Uint64Var(&o.fromBlock, "from-block", 0, "block to start following the contract from (its deployment block)")
	fs.Uint64Var(&o.confirmations, "confirmations", 0, "blocks an event must be buried under before it counts")
	fs.StringVar(&o.controlAddr, "control-addr", "", "also serve the control API on this loopback TCP address (the unix socket is always on)")
	fs.StringVar(&o.metricsAddr, "metrics-addr", "", "serve Prometheus metrics on this address (e.g. 127.0.0.1:9464)")
	fs.BoolVar(&o.refuseChannels, "refuse-channels", false, "refuse channel proposals from peers")
	fs.DurationVar(&o.minChallenge, "min-challenge-period", time.Minute, "shortest challenge period accepted in a proposal")
	fs.DurationVar(&o.maxChallenge, "max-challenge-period", 30*24*time.Hour, "longest challenge period accepted in a proposal")
	fs.Float64Var(&o.ratePerSecond, "peer-rate", node.DefaultLimits.RatePerSecond, "messages per second one peer may send")
	fs.StringVar(&o.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&o.spendingPolicy, "spending-policy", "", "JSON file with the spending guardrails: budgets, caps, price limits per service, allowed and denied peers, anomaly alerts (see README); none: no limits, alerts on")
	fs.StringVar(&o.settleThreshold, "settle-threshold", "", "withdraw a channel's received money on chain once it reaches this (ETH amount, e.g. 0.05eth); off when empty")
	fs.DurationVar(&o.settleInterval, "settle-interval", 0, "withdraw whatever was received at least this often (e.g. 1h); 0 is off")
	fs.StringVar(&o.settleKeep, "settle-keep", "", "leave this much in each channel when withdrawing")
	fs.BoolVar(&o.settleBatch, "settle-batch", false, "withdraw all due channels in one batch transaction per token")
	fs.DurationVar(&o.settleClose, "settle-close-after", 0, "close a channel unilaterally when its partner has not co-signed a withdraw for this long; 0 never")
	return fs
}

// settlePolicy is the settlement policy the flags ask for, or nil if none.
func (o *nodeOptions) settlePolicy() (*autosettle.Policy, error) {
	if o.settleThreshold == "" && o.settleInterval == 0 {
		return nil, nil
	}
	p := &autosettle.Policy{Interval: o.settleInterval, Batch: o.settleBatch, UnresponsiveAfter: o.settleClose}
	eth := unitOf(zeroToken, "ETH", 18)
	for _, f := range []struct {
		name string
		in   string
		dst  **uint256.Int
	}{{"--settle-threshold", o.settleThreshold, &p.Threshold}, {"--settle-keep", o.settleKeep, &p.Keep}} {
		if f.in == "" {
			continue
		}
		base, err := eth.parse(f.in)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		v, err := uint256.FromDecimal(base)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		*f.dst = v
	}
	return p, nil
}

func nodeRun(args []string, stdout, stderr io.Writer) error {
	var o nodeOptions
	fs := nodeFlags(&o, stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: meshpay node run [flags]\n\nRuns the device node in the foreground until Ctrl-C.\n\nEvery flag can also come from the environment (MESHPAY_ and the flag in upper snake case,\ne.g. MESHPAY_METRICS_ADDR) or from <datadir>/%s (a JSON object keyed by flag name);\nflags win over the environment, which wins over the file.\n\nExamples:\n  meshpay node run --datadir /tmp/car --devnet ~/.meshpay/devnet/devnet.json\n  meshpay node run --rpc http://10.0.0.2:8545 --chain-id 1337 --contract 0x... --from-block 1\n\nFlags:\n", ConfigFile)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := applyLayers(fs, filepath.Join(dataDirFrom(args), ConfigFile)); err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	cfg, err := o.config(log)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	settle, err := o.settlePolicy()
	if err != nil {
		return err
	}
	n, err := node.New(ctx, cfg)
	if err != nil {
		return err
	}
	if settle != nil {
		s, err := autosettle.New(n, *settle, log)
		if err != nil {
			_ = n.Close()
			return err
		}
		go func() {
			if err := s.Run(ctx); err != nil {
				log.Error("settlement policy stopped", "err", err)
			}
		}()
	}
	fmt.Fprintf(stdout, "node %s (peer %s) running; control socket %s\n", n.Address(), n.PeerID(), n.ControlServer().SocketPath())
	for _, a := range n.Addrs() {
		fmt.Fprintf(stdout, "  listening on %s\n", a)
	}
	// A device keeps running for months: give back what only the start
	// needed (the keystore's KDF buffer, the init code of the packages the
	// devnet links in).
	if released, err := releaseStartupMemory(); err != nil {
		log.Warn("release start-up memory", "err", err)
	} else {
		log.Debug("released start-up memory", "bytes", released)
	}
	return n.Run(ctx)
}

func (o *nodeOptions) config(log *slog.Logger) (node.Config, error) {
	keystore := o.keystore
	if keystore == "" {
		keystore = filepath.Join(o.dataDir, KeyFile)
	}
	pass, err := identity.ReadPassphrase(o.passFile, identity.PassphraseEnv)
	if err != nil {
		return node.Config{}, err
	}
	id, err := identity.Load(keystore, pass)
	if err != nil {
		return node.Config{}, fmt.Errorf("%w (create it with 'meshpay init')", err)
	}
	cfg := node.Config{
		DataDir: o.dataDir, Identity: id, ListenAddrs: o.listen, AnnounceAddrs: o.announce, Bootstrap: o.bootstrap,
		DisableMDNS: o.noMDNS, MDNSService: o.mdnsService, ControlAddr: o.controlAddr, MetricsAddr: o.metricsAddr,
		Policy: node.ChannelPolicy{
			RefuseChannels:     o.refuseChannels,
			MinChallengePeriod: uint64(o.minChallenge / time.Second), MaxChallengePeriod: uint64(o.maxChallenge / time.Second),
		},
		Limits: node.Limits{RatePerSecond: o.ratePerSecond},
		Logger: log,
	}
	if o.spendingPolicy != "" {
		if cfg.Spending, err = readSpendingPolicy(o.spendingPolicy); err != nil {
			return cfg, err
		}
	}
	cfg.Chain = node.ChainConfig{RPCURL: o.rpc, ChainID: o.chainID, FromBlock: o.fromBlock, Confirmations: o.confirmations}
	if o.contract != "" {
		if !common.IsHexAddress(o.contract) {
			return cfg, fmt.Errorf("--contract %q is not an address", o.contract)
		}
		cfg.Chain.Contract = common.HexToAddress(o.contract)
	}
	if o.devnetFile != "" {
		desc, err := devnet.ReadDescriptor(o.devnetFile)
		if err != nil {
			return cfg, err
		}
		if cfg.Chain.RPCURL == "" {
			cfg.Chain.RPCURL = desc.RPCURL()
		}
		if cfg.Chain.ChainID == 0 {
			cfg.Chain.ChainID = desc.ChainID
		}
		if cfg.Chain.Contract == (common.Address{}) {
			cfg.Chain.Contract = desc.ChannelManager
		}
		if cfg.Chain.FromBlock == 0 {
			cfg.Chain.FromBlock = desc.DeployBlock
		}
	}
	if cfg.Chain.RPCURL == "" || cfg.Chain.ChainID == 0 || cfg.Chain.Contract == (common.Address{}) {
		return cfg, errors.New("no chain: give --devnet <devnet.json>, or --rpc, --chain-id and --contract")
	}
	return cfg, nil
}

func nodeInfo(args []string, stdout, stderr io.Writer) error {
	var o apiOptions
	fs := newFlags("node info", `Usage: meshpay node info [flags]

Describes the running node: its address, peer ID, chain and listen
addresses (to give to 'meshpay peer connect' on another device).

Examples:
  meshpay node info
  meshpay node info --datadir /tmp/car -o json | jq -r '.listen_addrs[0]'`, stderr)
	o.register(fs, true)
	if _, err := parseArgs(fs, args, stdout, 0, 0); err != nil {
		return err
	}
	c, err := o.connect()
	if err != nil {
		return err
	}
	info, err := c.Info(context.Background())
	if err != nil {
		return c.explain(err)
	}
	if o.json() {
		return writeJSON(stdout, info)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "address\t%s\npeer id\t%s\nchain\t%d\ncontract\t%s\nversion\t%s\nup since\t%s\n", info.Address, info.PeerID, info.ChainID, info.Contract, info.Version, info.StartedAt.Format(time.RFC3339))
	for _, a := range info.ListenAddrs {
		fmt.Fprintf(tw, "listen\t%s\n", a)
	}
	return tw.Flush()
}
