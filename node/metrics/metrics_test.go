package metrics

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/holiman/uint256"
)

const ethToken = "0x0000000000000000000000000000000000000000"

// scrape fetches url and returns every sample by its series as printed
// (`name{label="v"}`), and the HELP lines by metric name.
func scrape(t *testing.T, url string) (samples map[string]float64, help map[string]string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %s", resp.Status)
	}
	samples, help = map[string]float64{}, map[string]string{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# HELP "); ok {
			name, text, _ := strings.Cut(rest, " ")
			help[name] = text
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("bad sample line %q", line)
		}
		samples[line[:i]] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return samples, help
}

// serve runs m on 127.0.0.1:0 until the test ends and returns the URL.
func serve(t *testing.T, m *Metrics) string {
	t.Helper()
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String() + Path
}

func TestScrape(t *testing.T) {
	m := New()
	url := serve(t, m)

	before, help := scrape(t, url)
	for _, name := range []string{
		"meshpay_payments_sent_total", "meshpay_payments_received_total", "meshpay_payments_in_flight",
		"meshpay_peers_connected", "meshpay_channels",
	} {
		if help[name] == "" {
			t.Errorf("%s missing or without help", name)
		}
	}
	for series, want := range map[string]float64{
		"meshpay_payments_sent_total":       0,
		"meshpay_peers_connected":           0,
		`meshpay_channels{phase="open"}`:    0,
		`meshpay_channels{phase="settled"}`: 0,
	} {
		if got, ok := before[series]; !ok || got != want {
			t.Errorf("before: %s = %v (present %v), want %v", series, got, ok, want)
		}
	}
	if _, ok := before["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics")
	}

	var peers atomic.Int64
	peers.Store(3)
	m.SetPeersConnected(func() int { return int(peers.Load()) })
	m.SetChannelPhases(func() map[string]int { return map[string]int{"open": 2, "closing": 1, "mystery": 4} })
	big := new(uint256.Int).Lsh(uint256.NewInt(1), 200)
	m.PaymentSent(ethToken, uint256.NewInt(1000))
	m.PaymentSent(ethToken, uint256.NewInt(500))
	m.PaymentSent(ethToken, big)
	m.PaymentReceived("0x1111111111111111111111111111111111111111", uint256.NewInt(7))
	m.PaymentStarted()
	m.PaymentStarted()
	m.PaymentDone()
	m.MessageRejected("bad_signature")
	m.MessageRejected("bad_signature")
	m.MessageRejected("stale_nonce")
	m.MessageRejected("\xff") // not UTF-8: counted, no panic
	m.ChainTxSent("open")
	m.ChainTxSent("settle")
	m.GasUsed("open", 120000)
	m.GasUsed("open", 30000)
	m.OfferDropped("expired")
	m.PolicyRefused("budget_hour")
	m.SpendingAlert("price_jump")
	m.SpendingAlert("price_jump")

	after, help := scrape(t, url)
	for series, want := range map[string]float64{
		"meshpay_payments_sent_total":                                                                3,
		"meshpay_payments_received_total":                                                            1,
		`meshpay_payments_sent_amount_total{token="` + ethToken + `"}`:                               1500 + big.Float64(),
		`meshpay_payments_received_amount_total{token="0x1111111111111111111111111111111111111111"}`: 7,
		"meshpay_payments_in_flight":                                                                 1,
		`meshpay_messages_rejected_total{reason="bad_signature"}`:                                    2,
		`meshpay_messages_rejected_total{reason="stale_nonce"}`:                                      1,
		`meshpay_messages_rejected_total{reason="invalid"}`:                                          1,
		`meshpay_chain_transactions_total{op="open"}`:                                                1,
		`meshpay_chain_transactions_total{op="settle"}`:                                              1,
		`meshpay_chain_gas_used_total{op="open"}`:                                                    150000,
		`meshpay_offers_dropped_total{reason="expired"}`:                                             1,
		`meshpay_policy_refusals_total{reason="budget_hour"}`:                                        1,
		`meshpay_spending_alerts_total{kind="price_jump"}`:                                           2,
		"meshpay_peers_connected":                                                                    3,
		`meshpay_channels{phase="open"}`:                                                             2,
		`meshpay_channels{phase="closing"}`:                                                          1,
		`meshpay_channels{phase="opening"}`:                                                          0,
		`meshpay_channels{phase="mystery"}`:                                                          4,
	} {
		if got, ok := after[series]; !ok || got != want {
			t.Errorf("after: %s = %v (present %v), want %v", series, got, ok, want)
		}
	}
	for name := range help {
		if strings.HasPrefix(name, "meshpay_") && help[name] == "" {
			t.Errorf("%s without help", name)
		}
	}

	// Callbacks run at scrape time.
	peers.Store(5)
	if s, _ := scrape(t, url); s["meshpay_peers_connected"] != 5 {
		t.Errorf("peers_connected = %v after the callback changed, want 5", s["meshpay_peers_connected"])
	}
}

// Two Metrics do not share series: each has its own registry.
func TestOwnRegistry(t *testing.T) {
	a, b := New(), New()
	a.ChainTxSent("open")
	sa, _ := scrape(t, serve(t, a))
	sb, _ := scrape(t, serve(t, b))
	if sa[`meshpay_chain_transactions_total{op="open"}`] != 1 {
		t.Error("a lost its count")
	}
	if _, ok := sb[`meshpay_chain_transactions_total{op="open"}`]; ok {
		t.Error("b sees a's count")
	}
}

func TestNilMetrics(t *testing.T) {
	var m *Metrics
	m.PaymentSent(ethToken, uint256.NewInt(1))
	m.PaymentReceived(ethToken, uint256.NewInt(1))
	m.PaymentStarted()
	m.PaymentDone()
	m.MessageRejected("x")
	m.ChainTxSent("x")
	m.GasUsed("x", 1)
	m.OfferDropped("x")
	m.SetChannelPhases(nil)
	m.SetPeersConnected(nil)
	if m.Registry() != nil || m.Handler() == nil {
		t.Error("nil metrics")
	}
}

func TestServeStops(t *testing.T) {
	m := New()
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String() + Path
	if s, _ := scrape(t, url); len(s) == 0 {
		t.Fatal("empty scrape")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
	if _, err := http.Get(url); err == nil {
		t.Error("still serving after shutdown")
	}

	if _, err := Listen("127.0.0.1:notaport"); err == nil {
		t.Error("bad address accepted")
	}
	if err := m.ListenAndServe(context.Background(), "256.0.0.1:0"); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("ListenAndServe on a bad address: %v", err)
	}
}
