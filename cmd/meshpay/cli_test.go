package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/control"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/metering"
	"github.com/meshpay/meshpay/node/offers"
)

// testNode is a node started in process, with its data dir.
type testNode struct {
	dir    string
	node   *node.Node
	cancel context.CancelFunc
	done   chan error
}

func (n *testNode) addr() string { return n.node.Address().Hex() }

func startTestNode(t *testing.T, d *devnet.Devnet, index int, dir string) *testNode {
	t.Helper()
	key, err := devnet.DeviceKey(index)
	require.NoError(t, err)
	id, err := identity.New(key)
	require.NoError(t, err)
	desc := d.Descriptor()
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("MESHPAY_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("device", index)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n, err := node.New(ctx, node.Config{
		DataDir: dir, Identity: id, ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, DisableMDNS: true,
		Chain: node.ChainConfig{
			RPCURL: d.HTTPURL(), ChainID: desc.ChainID, Contract: desc.ChannelManager,
			FromBlock: desc.DeployBlock, PollInterval: 100 * time.Millisecond,
		},
		Logger: log,
	})
	require.NoError(t, err)
	tn := &testNode{dir: dir, node: n, cancel: cancel, done: make(chan error, 1)}
	go func() { tn.done <- n.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-tn.done
	})
	return tn
}

// cli runs the meshpay CLI in process.
func cli(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// cliOK runs the CLI and requires success; it returns stdout.
func cliOK(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := cli(args...)
	require.Equal(t, 0, code, "meshpay %s\nstdout: %s\nstderr: %s", strings.Join(args, " "), out, errOut)
	require.Empty(t, errOut, "meshpay %s", strings.Join(args, " "))
	t.Logf("$ meshpay %s\n%s", strings.Join(args, " "), out)
	return out
}

// cliJSON runs the CLI with -o json and decodes its output into v.
func cliJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	out := cliOK(t, append(args, "-o", "json")...)
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), "meshpay %s: %s", strings.Join(args, " "), out)
}

// cliFails runs the CLI, requires exit code 1 and one line on stderr that
// contains every want; it returns that line.
func cliFails(t *testing.T, want []string, args ...string) string {
	t.Helper()
	code, out, errOut := cli(args...)
	require.Equal(t, 1, code, "meshpay %s\nstdout: %s\nstderr: %s", strings.Join(args, " "), out, errOut)
	require.Empty(t, out, "meshpay %s", strings.Join(args, " "))
	require.Equal(t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)
	for _, w := range want {
		require.Contains(t, errOut, w, "meshpay %s", strings.Join(args, " "))
	}
	t.Logf("$ meshpay %s\n%s", strings.Join(args, " "), errOut)
	return errOut
}

func wei(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return v
}

// TestCLI drives every command against two real nodes on a devnet.
func TestCLI(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d, err := devnet.Start(ctx, devnet.Config{BlockPeriod: 100 * time.Millisecond, Devices: 2, MaxChallengePeriod: 48 * time.Hour})
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })
	desc := d.Descriptor()

	root, err := os.MkdirTemp("", "mpcli") // short: unix socket paths are limited
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(root) })
	a := startTestNode(t, d, 0, filepath.Join(root, "a"))
	b := startTestNode(t, d, 1, filepath.Join(root, "b"))
	A, B := []string{"--datadir", a.dir}, []string{"--datadir", b.dir}
	with := func(dir []string, args ...string) []string { return append(args, dir...) }

	t.Run("no node running", func(t *testing.T) {
		empty := filepath.Join(root, "empty")
		require.NoError(t, os.MkdirAll(empty, 0o700))
		msg := "node not running at " + filepath.Join(empty, "control.sock") + ": start it with 'meshpay node run'"
		for _, args := range [][]string{
			{"node", "info"}, {"peer", "list"}, {"peer", "connect", "/ip4/127.0.0.1/tcp/1/p2p/16Uiu2HAmFake"},
			{"offer", "list"}, {"offer", "publish", "--service", "toll", "--unit", "pass", "--price", "1"},
			{"channel", "list"}, {"channel", "show", "0x1234abcd"}, {"channel", "pay", "0x1234abcd", "1"},
			{"channel", "watch", "--once"}, {"payment", "list"}, {"payment", "export", "--csv"},
		} {
			cliFails(t, []string{msg}, append(args, "--datadir", empty)...)
		}
		// Also through the environment.
		t.Setenv("MESHPAY_DATADIR", empty)
		cliFails(t, []string{msg}, "channel", "list")
	})

	t.Run("wrong token", func(t *testing.T) {
		wrong := filepath.Join(root, "wrong.token")
		require.NoError(t, os.WriteFile(wrong, []byte(strings.Repeat("0", 64)+"\n"), 0o600))
		cliFails(t, []string{"wrong token for the node at " + filepath.Join(a.dir, "control.sock"), wrong}, with(A, "channel", "list", "--token-file", wrong)...)
		t.Setenv("MESHPAY_TOKEN_FILE", wrong)
		cliFails(t, []string{"wrong token"}, with(A, "peer", "list")...)
		t.Setenv("MESHPAY_TOKEN_FILE", "")
		malformed := filepath.Join(root, "malformed.token")
		require.NoError(t, os.WriteFile(malformed, []byte("not a token"), 0o600))
		cliFails(t, []string{"wrong token", "not a control token"}, with(A, "offer", "list", "--token-file", malformed)...)
		cliFails(t, []string{"no token file"}, with(A, "offer", "list", "--token-file", filepath.Join(root, "missing"))...)
	})

	t.Run("usage", func(t *testing.T) {
		code, _, errOut := cli("channel", "pay", "0x1234abcd")
		require.Equal(t, 2, code)
		require.Contains(t, errOut, "missing arguments")
		code, _, errOut = cli("channel", "fly")
		require.Equal(t, 2, code)
		require.Contains(t, errOut, `unknown channel command "fly"`)
		code, out, _ := cli("channel", "open", "-h")
		require.Equal(t, 0, code)
		require.Contains(t, out, "Examples:")
		require.Contains(t, out, "base units")
		code, out, _ = cli("help", "payment")
		require.Equal(t, 0, code)
		require.Contains(t, out, "export")
		code, _, errOut = cli(with(A, "channel", "list", "-o", "yaml")...)
		require.Equal(t, 1, code)
		require.Contains(t, errOut, `invalid output "yaml"`)
	})

	var infoA, infoB control.Info
	cliJSON(t, &infoA, with(A, "node", "info")...)
	cliJSON(t, &infoB, with(B, "node", "info")...)
	require.Equal(t, a.addr(), infoA.Address)
	require.Equal(t, desc.ChainID, infoB.ChainID)
	require.NotEmpty(t, infoB.ListenAddrs)

	t.Run("api flag", func(t *testing.T) {
		tok := filepath.Join(a.dir, control.TokenFile)
		out := cliOK(t, "node", "info", "--datadir", filepath.Join(root, "empty"), "--api", filepath.Join(a.dir, "control.sock"), "--token-file", tok)
		require.Contains(t, out, infoA.PeerID)
		out = cliOK(t, "node", "info", "--api", "unix://"+filepath.Join(a.dir, "control.sock"), "--token-file", tok)
		require.Contains(t, out, infoA.PeerID)
		cliFails(t, []string{"node not running at 127.0.0.1:1"}, "node", "info", "--api", "127.0.0.1:1", "--token-file", tok)
	})

	t.Run("peers", func(t *testing.T) {
		out := cliOK(t, with(A, "peer", "connect", infoB.ListenAddrs[0])...)
		require.Contains(t, out, "connected to "+infoB.PeerID)
		var p control.Peer
		cliJSON(t, &p, with(A, "peer", "connect", infoB.ListenAddrs[0])...)
		require.True(t, p.Connected)
		require.Equal(t, b.addr(), p.Address)
		cliFails(t, []string{"invalid multiaddr"}, with(A, "peer", "connect", "/ip4/127.0.0.1/tcp/1")...)

		out = cliOK(t, with(A, "peer", "list")...)
		require.Regexp(t, `PEER ID\s+ADDRESS\s+CONNECTED\s+ADDRS`, out)
		require.Regexp(t, regexp.QuoteMeta(infoB.PeerID)+`\s+`+regexp.QuoteMeta(short(b.addr()))+`\s+yes`, out)
		var peers struct{ Peers []control.Peer }
		cliJSON(t, &peers, with(A, "peer", "list")...)
		found := false
		for _, p := range peers.Peers {
			if p.PeerID == infoB.PeerID {
				found = true
				require.True(t, p.Connected)
				require.Equal(t, b.addr(), p.Address)
				require.NotEmpty(t, p.Addrs)
			}
		}
		require.True(t, found, "%+v", peers)
	})

	t.Run("offers", func(t *testing.T) {
		out := cliOK(t, with(B, "offer", "publish", "--service", "toll", "--unit", "pass", "--price", "1000000000", "--ttl", "1h", "--description", "gate 7")...)
		require.Contains(t, out, "published offer")
		require.Contains(t, out, "0.000000001 ETH / pass")
		var tok control.Offer
		cliJSON(t, &tok, with(B, "offer", "publish", "--service", "data", "--unit", "MB", "--price", "5000", "--token", desc.Token.Hex())...)
		require.Equal(t, desc.TokenSymbol, tok.TokenSymbol)
		require.Equal(t, desc.TokenDecimals, tok.TokenDecimals)
		require.Equal(t, "5000", tok.PricePerUnit)
		require.Equal(t, b.addr(), tok.Seller)
		require.WithinDuration(t, time.Now().Add(time.Hour), tok.Expiry, time.Minute)
		// Whole tokens of an ERC-20 the node knows from its offer.
		var park control.Offer
		cliJSON(t, &park, with(B, "offer", "publish", "--service", "parking", "--unit", "h", "--price", "1.5"+strings.ToLower(desc.TokenSymbol), "--token", desc.Token.Hex())...)
		want := new(big.Int).Mul(big.NewInt(15), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(desc.TokenDecimals)-1), nil))
		require.Equal(t, want.String(), park.PricePerUnit)

		cliFails(t, []string{"(invalid_argument)", "service"}, with(B, "offer", "publish", "--service", "Toll Road", "--unit", "pass", "--price", "1")...)
		cliFails(t, []string{"invalid amount", "0.5"}, with(B, "offer", "publish", "--service", "toll", "--unit", "pass", "--price", "0.5")...)
		cliFails(t, []string{"(invalid_argument)", "expir"}, with(B, "offer", "publish", "--service", "toll", "--unit", "pass", "--price", "1", "--ttl", "48h")...)

		out = cliOK(t, with(B, "offer", "list")...)
		require.Regexp(t, `SELLER\s+SERVICE\s+PRICE\s+EXPIRES\s+DESCRIPTION`, out)
		require.Regexp(t, `toll\s+0\.000000001 ETH / pass\s+in 59m\s+gate 7`, out)
		require.Contains(t, out, formatUnits(big.NewInt(5000), desc.TokenDecimals)+" "+desc.TokenSymbol+" / MB")
		var list struct{ Offers []control.Offer }
		cliJSON(t, &list, with(B, "offer", "list", "--service", "toll")...)
		require.Len(t, list.Offers, 1)
		require.Equal(t, "1000000000", list.Offers[0].PricePerUnit)
		require.Equal(t, "ETH", list.Offers[0].TokenSymbol)
		require.Equal(t, uint8(18), list.Offers[0].TokenDecimals)
		require.Equal(t, "gate 7", list.Offers[0].Description)

		// A hears B's offers over gossip; B republishes on a timer, so
		// publish again until the mesh has formed.
		require.Eventually(t, func() bool {
			var l struct{ Offers []control.Offer }
			code, out, _ := cli(with(A, "offer", "list", "--service", "toll", "-o", "json")...)
			if code == 0 && json.Unmarshal([]byte(out), &l) == nil && len(l.Offers) == 1 && l.Offers[0].Seller == b.addr() {
				return true
			}
			cli(with(B, "offer", "publish", "--service", "toll", "--unit", "pass", "--price", "1000000000", "--description", "gate 7")...)
			return false
		}, 20*time.Second, 500*time.Millisecond)
	})
	if t.Failed() {
		return
	}

	var ch control.Channel
	t.Run("open", func(t *testing.T) {
		cliFails(t, []string{"invalid amount", "base units"}, with(A, "channel", "open", b.addr(), "--token", "eth", "--deposit", "0.5")...)
		code, _, errOut := cli(with(A, "channel", "open", b.addr())...)
		require.Equal(t, 2, code)
		require.Contains(t, errOut, "give --token")

		cliJSON(t, &ch, with(A, "channel", "open", b.addr(), "--token", "eth", "--deposit", "1eth")...)
		require.Equal(t, control.PhaseOpen, ch.Phase)
		require.Equal(t, b.addr(), ch.Partner)
		require.Equal(t, zeroToken, ch.Token)
		require.Equal(t, "ETH", ch.TokenSymbol)
		require.Equal(t, uint8(18), ch.TokenDecimals)
		require.Equal(t, "1000000000000000000", ch.Local.Deposit)
		require.Equal(t, uint64(24*3600), ch.ChallengePeriodSeconds)
	})
	if t.Failed() {
		return
	}
	id := ch.ID

	t.Run("list and show", func(t *testing.T) {
		out := cliOK(t, with(A, "channel", "list")...)
		require.Regexp(t, `ID\s+PARTNER\s+PHASE\s+DEPOSIT\s+LOCAL\s+REMOTE\s+SENT\s+RECEIVED\s+SETTLES`, out)
		require.Regexp(t, regexp.QuoteMeta(short(id))+`\s+`+regexp.QuoteMeta(short(b.addr()))+`\s+open\s+1 ETH\s+1 ETH\s+0 ETH\s+0 ETH\s+0 ETH\s+-`, out)
		var list struct{ Channels []control.Channel }
		cliJSON(t, &list, with(A, "channel", "list")...)
		require.Len(t, list.Channels, 1)
		require.Equal(t, ch, list.Channels[0])
		cliJSON(t, &list, with(A, "channel", "list", "--phase", "settled")...)
		require.Empty(t, list.Channels)

		// B sees it from the other side once its watcher has the deposit.
		require.Eventually(t, func() bool {
			var got control.Channel
			code, out, _ := cli(with(B, "channel", "show", id, "-o", "json")...)
			return code == 0 && json.Unmarshal([]byte(out), &got) == nil &&
				got.Remote.Deposit == "1000000000000000000" && got.Partner == a.addr()
		}, 10*time.Second, 100*time.Millisecond)

		for _, ref := range []string{id, short(id), id[:12], "0x" + strings.ToUpper(id[2:10])} {
			out := cliOK(t, with(A, "channel", "show", ref)...)
			require.Regexp(t, `(?m)^id\s+`+id+`$`, out)
			require.Regexp(t, `deposit\s+1 ETH\s+0 ETH`, out)
			require.Regexp(t, `challenge period\s+24h0m0s`, out)
		}
		unknown := "0x" + strings.Repeat("f", 64)
		if strings.HasPrefix(id, "0xffff") {
			unknown = "0x" + strings.Repeat("e", 64)
		}
		cliFails(t, []string{"unknown channel " + unknown[:12] + "…"}, with(A, "channel", "show", unknown)...)
		cliFails(t, []string{"unknown channel " + unknown[:10] + "…"}, with(A, "channel", "show", unknown[:10])...)
		cliFails(t, []string{"unknown channel"}, with(A, "channel", "pay", unknown, "1")...)
		cliFails(t, []string{"unknown channel"}, with(A, "payment", "list", unknown)...)
		cliFails(t, []string{`invalid channel "nothex"`}, with(A, "channel", "show", "nothex")...)
	})

	t.Run("deposit pay withdraw", func(t *testing.T) {
		out := cliOK(t, with(A, "channel", "deposit", short(id), "0.5eth")...)
		require.Contains(t, out, "deposited 0.5 ETH into channel "+short(id))
		require.Regexp(t, `deposit\s+1\.5 ETH`, out)

		out = cliOK(t, with(A, "channel", "pay", id, "0.1ETH", "--reference", "inv-1")...)
		require.Contains(t, out, "paid 0.1 ETH on channel "+short(id))
		require.Contains(t, out, "nonce 1")
		var res control.PayResult
		cliJSON(t, &res, with(A, "channel", "pay", id[:14], "1000", "--reference", "=HYPERLINK(\"x\")\t\x1b[31m")...)
		require.Equal(t, "1000", res.Amount)
		require.Equal(t, uint64(2), res.Nonce)
		require.Equal(t, "100000000000001000", res.Transferred)
		cliOK(t, with(A, "channel", "pay", id, "2.5 gwei")...)

		for _, bad := range []struct{ amount, want string }{
			{"0.5", "a plain number is in base units"},
			{"abc", "want digits"},
			{"0eth", "must be more than 0"},
			{"0", "must be more than 0"},
			{"1usdc", `unit "usdc" is not the channel's token`},
			{"0.0000000000000000001eth", "has 18 decimals"},
			{"1.2.3eth", "want digits"},
			{"1" + strings.Repeat("0", 78), "above 2^256-1"},
		} {
			cliFails(t, []string{"invalid amount", bad.want}, with(A, "channel", "pay", id, bad.amount)...)
		}
		cliFails(t, []string{"(overspend)"}, with(A, "channel", "pay", id, "100eth")...)

		var got control.Channel
		cliJSON(t, &got, with(A, "channel", "show", id)...)
		require.Equal(t, "1500000000000000000", got.Local.Deposit)
		require.Equal(t, "100000002500001000", got.SentProof.TransferredAmount)
		require.Equal(t, uint64(3), got.SentProof.Nonce)
		require.Equal(t, "1399999997499999000", got.Local.Balance)
		require.Nil(t, got.ReceivedProof)
		var gotB control.Channel
		cliJSON(t, &gotB, with(B, "channel", "show", id)...)
		require.Equal(t, "100000002500001000", gotB.ReceivedProof.TransferredAmount)
		require.Equal(t, "100000002500001000", gotB.Local.Balance)

		out = cliOK(t, with(A, "channel", "withdraw", id, "0.2eth")...)
		require.Contains(t, out, "withdrew 0.2 ETH from channel "+short(id))
		require.Regexp(t, `withdrawn\s+0\.2 ETH\s+0 ETH`, out)
		cliJSON(t, &got, with(A, "channel", "show", id)...)
		require.Equal(t, "200000000000000000", got.Local.Withdrawn)
		require.Equal(t, control.PhaseOpen, got.Phase)
	})

	t.Run("payments", func(t *testing.T) {
		var list struct{ Payments []control.Payment }
		cliJSON(t, &list, with(A, "payment", "list")...)
		require.Len(t, list.Payments, 3)
		require.Equal(t, []uint64{3, 2, 1}, []uint64{list.Payments[0].Nonce, list.Payments[1].Nonce, list.Payments[2].Nonce})
		require.Equal(t, "2500000000", list.Payments[0].Amount)
		require.Equal(t, "1000", list.Payments[1].Amount)
		require.Equal(t, "inv-1", list.Payments[2].Reference)
		for _, p := range list.Payments {
			require.Equal(t, control.DirectionSent, p.Direction)
			require.Equal(t, id, p.ChannelID)
		}
		var one struct{ Payments []control.Payment }
		cliJSON(t, &one, with(A, "payment", "list", short(id), "--limit", "1")...)
		require.Equal(t, list.Payments[:1], one.Payments)
		var recv struct{ Payments []control.Payment }
		cliJSON(t, &recv, with(B, "payment", "list", id)...)
		require.Len(t, recv.Payments, 3)
		require.Equal(t, control.DirectionReceived, recv.Payments[0].Direction)

		out := cliOK(t, with(A, "payment", "list")...)
		require.Regexp(t, `TIME\s+CHANNEL\s+DIRECTION\s+NONCE\s+AMOUNT\s+REFERENCE`, out)
		require.Regexp(t, `\d+s ago\s+`+regexp.QuoteMeta(short(id))+`\s+sent\s+1\s+0\.1 ETH\s+inv-1`, out)
		require.Regexp(t, `sent\s+3\s+0\.0000000025 ETH\s+-`, out)
		require.Contains(t, out, `=HYPERLINK("x")\t\x1b[31m`, "control characters escaped")
		require.NotContains(t, out, "\x1b")

		// The export agrees with the list, oldest first.
		export := cliOK(t, with(A, "payment", "export", "--csv")...)
		rows, err := csv.NewReader(strings.NewReader(export)).ReadAll()
		require.NoError(t, err)
		require.Equal(t, []string{"time", "channel", "direction", "nonce", "amount", "reference", "service"}, rows[0])
		require.Len(t, rows, 4)
		for i, row := range rows[1:] {
			p := list.Payments[len(list.Payments)-1-i]
			tm, err := time.Parse(time.RFC3339Nano, row[0])
			require.NoError(t, err)
			require.True(t, tm.Equal(p.Time), "%s vs %s", tm, p.Time)
			require.Equal(t, []string{p.ChannelID, p.Direction, strconv.FormatUint(p.Nonce, 10), p.Amount}, row[1:5])
		}
		require.Equal(t, "inv-1", rows[1][5])
		require.Equal(t, "'=HYPERLINK(\"x\")\t\x1b[31m", rows[2][5], "formula defused")
		file := filepath.Join(root, "payments.csv")
		out = cliOK(t, with(A, "payment", "export", id[:10], "--out", file)...)
		require.Equal(t, "exported 3 payments to "+file+"\n", out)
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		require.Equal(t, export, string(b))
		fi, err := os.Stat(file)
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
		// The receiving side exports the same payments.
		exportB := cliOK(t, with(B, "payment", "export")...)
		require.Equal(t, strings.Count(export, "\n"), strings.Count(exportB, "\n"))
		require.Contains(t, exportB, ",received,1,100000000000000000,inv-1,\n")
	})

	t.Run("watch", func(t *testing.T) {
		api, err := control.DiscoverClient(a.dir)
		require.NoError(t, err)
		defer api.CloseIdleConnections()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := api.Pay(context.Background(), id, control.PayRequest{Amount: "1"}); err != nil {
					t.Errorf("pay during watch: %v", err)
					return
				}
			}
		}()
		out := cliOK(t, with(A, "channel", "watch", "--once", "--interval", "700ms")...)
		close(stop)
		wg.Wait()
		require.NotContains(t, out, clearScreen, "--once does not clear the screen")
		require.Contains(t, out, "meshpay channel watch · node "+short(a.addr()))
		require.Regexp(t, `ID\s+PARTNER\s+PHASE\s+LOCAL\s+REMOTE\s+NONCES\s+PAY/S\s+OUT/S\s+IN/S`, out)
		require.Contains(t, out, short(id))
		m := regexp.MustCompile(`1 channels, 1 open, (\d+\.\d) payments/s`).FindStringSubmatch(out)
		require.NotNil(t, m, out)
		rate, err := strconv.ParseFloat(m[1], 64)
		require.NoError(t, err)
		require.Greater(t, rate, 0.0, out)
		require.Regexp(t, `0\.0+\d+ ETH/s`, out)

		code, _, errOut := cli(with(A, "channel", "watch", "--interval", "1ms")...)
		require.Equal(t, 2, code)
		require.Contains(t, errOut, "--interval")
	})

	t.Run("metered session", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		// B sells car washes through package metering; A buys one over
		// the channel it already has with B.
		seller, err := metering.NewSeller(ctx, b.node, metering.SellerConfig{})
		require.NoError(t, err)
		runCtx, stopSeller := context.WithCancel(ctx)
		sellerDone := make(chan error, 1)
		go func() { sellerDone <- seller.Run(runCtx) }()
		defer func() { stopSeller(); <-sellerDone }()
		price := uint256.NewInt(7_000)
		_, err = seller.Sell(ctx, metering.Listing{
			Service: "wash", Unit: "wash", PricePerUnit: *price,
			Meter: metering.MeterFunc(func(ctx context.Context, s *metering.SellSession) error {
				if err := s.Report(1); err != nil {
					return err
				}
				return s.WaitPaid(ctx)
			}),
		})
		require.NoError(t, err)
		bAddr := b.node.Address()
		var offer offers.Offer
		require.Eventually(t, func() bool {
			found := a.node.Offers().Offers(offers.Filter{Service: "wash", Seller: &bAddr})
			if len(found) == 0 {
				return false
			}
			offer = found[0]
			return true
		}, 20*time.Second, 50*time.Millisecond, "A hears B's offer")
		buyer, err := metering.NewBuyer(ctx, a.node, metering.BuyerConfig{})
		require.NoError(t, err)
		sess, err := buyer.Buy(ctx, offer, metering.Limits{MaxUnits: 1})
		require.NoError(t, err)
		rcpt, err := sess.Wait(ctx)
		require.NoError(t, err)
		require.Equal(t, uint64(1), rcpt.Units)
		require.Equal(t, *price, rcpt.Paid)
		sid := sess.ID().Hex()
		require.Eventually(t, func() bool { return len(seller.Receipts()) == 1 }, 10*time.Second, 20*time.Millisecond)

		var list struct{ Sessions []control.Session }
		cliJSON(t, &list, with(A, "session", "list")...)
		require.Len(t, list.Sessions, 1)
		got := list.Sessions[0]
		require.Equal(t, sid, got.ID)
		require.Equal(t, control.RoleBuyer, got.Role)
		require.False(t, got.Live)
		require.Equal(t, "wash", got.Service)
		require.Equal(t, b.addr(), got.Peer)
		require.Equal(t, id, got.ChannelID)
		require.Equal(t, "7000", got.Paid)
		require.Equal(t, rcpt.Reason.String(), got.Reason)
		out := cliOK(t, with(B, "session", "list")...)
		require.Regexp(t, `SESSION\s+ROLE\s+SERVICE\s+PEER\s+STARTED\s+UNITS\s+DUE\s+PAID\s+STATE`, out)
		require.Regexp(t, regexp.QuoteMeta(short(sid))+`\s+seller\s+wash\s+`+regexp.QuoteMeta(short(a.addr()))+`\s+.*1 wash\s+0\.000000000000007 ETH\s+0\.000000000000007 ETH\s+ended: `, out)
		require.Equal(t, "no sessions\n", cliOK(t, with(B, "session", "list", "--live")...))
		out = cliOK(t, with(A, "session", "show", sid[:6])...)
		require.Regexp(t, `session:\s+`+sid, out)
		require.Regexp(t, `service:\s+wash at 0\.000000000000007 ETH per wash`, out)
		require.Regexp(t, `proofs:\s+nonces \d+ to \d+`, out)
		cliFails(t, []string{"no session ffff"}, with(A, "session", "show", "ffff")...)

		// Totals: the wash is the only payment that names a service.
		var totals struct{ Totals []control.Total }
		cliJSON(t, &totals, with(A, "payment", "totals")...)
		var wash, other *control.Total
		for i := range totals.Totals {
			tt := &totals.Totals[i]
			require.Equal(t, control.DirectionSent, tt.Direction)
			switch tt.Service {
			case "wash":
				wash = tt
			case "":
				other = tt
			default:
				t.Fatalf("unexpected service %q", tt.Service)
			}
		}
		require.NotNil(t, wash)
		require.NotNil(t, other)
		require.Equal(t, control.Total{Direction: control.DirectionSent, Token: common.Address{}.Hex(), TokenSymbol: "ETH", TokenDecimals: 18,
			Service: "wash", Payments: 1, Amount: "7000"}, *wash)
		require.Greater(t, other.Payments, uint64(3))
		out = cliOK(t, with(B, "payment", "totals")...)
		require.Regexp(t, `KIND\s+SERVICE\s+TOKEN\s+PAYMENTS\s+AMOUNT`, out)
		require.Regexp(t, `revenue\s+wash\s+ETH\s+1\s+0\.000000000000007 ETH`, out)
		require.Regexp(t, `revenue\s+-\s+ETH\s+\d+\s+`, out)
		export := cliOK(t, with(B, "payment", "export")...)
		require.Contains(t, export, ",7000,meter:wash:"+sid+":1,wash\n")

		require.Equal(t, "no alerts\n", cliOK(t, with(A, "alert", "list")...))
		var alerts struct{ Alerts []control.Alert }
		cliJSON(t, &alerts, with(A, "alert", "list")...)
		require.NotNil(t, alerts.Alerts)
		require.Empty(t, alerts.Alerts)
	})

	t.Run("cooperative close", func(t *testing.T) {
		out := cliOK(t, with(A, "channel", "close", id)...)
		require.Contains(t, out, "closed channel "+short(id)+" cooperatively: settled")
		var got control.Channel
		cliJSON(t, &got, with(A, "channel", "show", id)...)
		require.Equal(t, control.PhaseSettled, got.Phase)
		out = cliOK(t, with(A, "channel", "list", "--phase", "settled")...)
		require.Regexp(t, regexp.QuoteMeta(short(id))+`\s+\S+\s+settled`, out)
		cliFails(t, []string{"(channel_not_open)"}, with(A, "channel", "pay", id, "1")...)
	})

	t.Run("unilateral close and settle", func(t *testing.T) {
		var ch2 control.Channel
		cliJSON(t, &ch2, with(A, "channel", "open", short(b.addr()), "--token", "eth", "--deposit", "0.01eth", "--challenge-period", "1h")...)
		require.Equal(t, uint64(3600), ch2.ChallengePeriodSeconds)
		cliFails(t, []string{"(conflict)", "close it first"}, with(B, "channel", "settle", ch2.ID)...)
		cliOK(t, with(A, "channel", "pay", ch2.ID, "1gwei")...)
		// B closes with A's proof. (A could not: a unilateral close
		// without a proof from the partner panics in settlement.Client.
		// CloseChannel, which dereferences the nil proof.)
		var closed control.Channel
		cliJSON(t, &closed, with(B, "channel", "close", ch2.ID, "--unilateral")...)
		require.Equal(t, control.PhaseClosing, closed.Phase)
		require.NotNil(t, closed.SettleAfter)
		out := cliOK(t, with(B, "channel", "list", "--phase", "closing")...)
		require.Regexp(t, regexp.QuoteMeta(short(ch2.ID))+`.*closing.*in (59m|1h)`, out)
		out = cliOK(t, with(B, "channel", "show", ch2.ID)...)
		require.Regexp(t, `settle after\s+\S+ \(in (59m|1h)\)`, out)
		cliFails(t, []string{"(conflict)", "challenge period runs until"}, with(B, "channel", "settle", ch2.ID)...)

		require.Eventually(t, func() bool { return d.AdjustTime(2*time.Hour) == nil }, 10*time.Second, 50*time.Millisecond)
		out = cliOK(t, with(B, "channel", "settle", short(ch2.ID))...)
		require.Contains(t, out, "settled channel "+short(ch2.ID))
		require.Regexp(t, `balance\s+0\.000000001 ETH\s+0\.009999999 ETH`, out)
		var got control.Channel
		cliJSON(t, &got, with(B, "channel", "settle", ch2.ID)...) // again: already settled
		require.Equal(t, control.PhaseSettled, got.Phase)
		require.Eventually(t, func() bool {
			var gotA control.Channel
			code, out, _ := cli(with(A, "channel", "show", ch2.ID, "-o", "json")...)
			return code == 0 && json.Unmarshal([]byte(out), &gotA) == nil && gotA.Phase == control.PhaseSettled
		}, 10*time.Second, 100*time.Millisecond)
	})
}
