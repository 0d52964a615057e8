package metrics

import (
	"sync"

	"github.com/holiman/uint256"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/meshpay/meshpay/channels"
)

// Namespace prefixes every meshpay metric.
const Namespace = "meshpay"

// Metrics holds a node's metrics and their registry. Build it with New.
type Metrics struct {
	reg *prometheus.Registry

	paymentsSent     prometheus.Counter
	paymentsReceived prometheus.Counter
	amountSent       *prometheus.CounterVec
	amountReceived   *prometheus.CounterVec
	inFlight         prometheus.Gauge
	rejected         *prometheus.CounterVec
	chainTxs         *prometheus.CounterVec
	gasUsed          *prometheus.CounterVec
	offersDropped    *prometheus.CounterVec
	policyRefusals   *prometheus.CounterVec
	alerts           *prometheus.CounterVec

	mu     sync.Mutex
	phases func() map[string]int
	peers  func() int
}

// New returns metrics registered in a new registry, with the Go runtime
// and process collectors.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.paymentsSent = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: Namespace, Name: "payments_sent_total",
		Help: "Payments sent and acknowledged by the payee.",
	})
	m.paymentsReceived = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: Namespace, Name: "payments_received_total",
		Help: "Payments received in accepted balance proofs.",
	})
	m.amountSent = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "payments_sent_amount_total",
		Help: "Sum of sent payments in the token's base units, by token address (a float: inexact above 2^53).",
	}, []string{"token"})
	m.amountReceived = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "payments_received_amount_total",
		Help: "Sum of received payments in the token's base units, by token address (a float: inexact above 2^53).",
	}, []string{"token"})
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "payments_in_flight",
		Help: "Payments sent and not yet acknowledged or failed.",
	})
	m.rejected = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "messages_rejected_total",
		Help: "Peer messages refused, by reason.",
	}, []string{"reason"})
	m.chainTxs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "chain_transactions_total",
		Help: "Chain transactions sent, by operation (open, deposit, withdraw, close, settle, ...).",
	}, []string{"op"})
	m.gasUsed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "chain_gas_used_total",
		Help: "Gas used by mined chain transactions, by operation.",
	}, []string{"op"})
	m.offersDropped = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "offers_dropped_total",
		Help: "Service offers dropped, by reason.",
	}, []string{"reason"})
	m.policyRefusals = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "policy_refusals_total",
		Help: "Payments the spending policy refused (nothing was paid), by reason.",
	}, []string{"reason"})
	m.alerts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "spending_alerts_total",
		Help: "Spending anomalies raised (a sudden rise in price or spend rate), by kind.",
	}, []string{"kind"})
	peers := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "peers_connected",
		Help: "Peers with an open connection.",
	}, m.peersConnected)

	// Fixed collectors with distinct names: registering cannot fail, and
	// every test that calls New would catch it if it did.
	m.reg.MustRegister(
		m.paymentsSent, m.paymentsReceived, m.amountSent, m.amountReceived, m.inFlight,
		m.rejected, m.chainTxs, m.gasUsed, m.offersDropped, m.policyRefusals, m.alerts, peers,
		&phaseCollector{m: m, desc: prometheus.NewDesc(prometheus.BuildFQName(Namespace, "", "channels"),
			"Channels by phase.", []string{"phase"}, nil)},
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// Registry is the registry the metrics are in, for the node to add its own
// collectors (libp2p's, for instance).
func (m *Metrics) Registry() *prometheus.Registry {
	if m == nil {
		return nil
	}
	return m.reg
}

// PaymentSent counts an acknowledged payment of amount in token (0x-hex;
// the zero address for native ETH).
func (m *Metrics) PaymentSent(token string, amount *uint256.Int) {
	if m == nil {
		return
	}
	m.paymentsSent.Inc()
	add(m.amountSent, token, amount.Float64())
}

// PaymentReceived counts a received payment of amount in token.
func (m *Metrics) PaymentReceived(token string, amount *uint256.Int) {
	if m == nil {
		return
	}
	m.paymentsReceived.Inc()
	add(m.amountReceived, token, amount.Float64())
}

// PaymentsReceived counts n received payments that add up to total in
// token: one proof's worth, with one label lookup (the receive path is hot).
func (m *Metrics) PaymentsReceived(token string, n int, total *uint256.Int) {
	if m == nil || n == 0 {
		return
	}
	m.paymentsReceived.Add(float64(n))
	add(m.amountReceived, token, total.Float64())
}

// PaymentStarted counts a payment in flight, until PaymentDone.
func (m *Metrics) PaymentStarted() {
	if m == nil {
		return
	}
	m.inFlight.Inc()
}

// PaymentDone ends a payment in flight, acknowledged or failed.
func (m *Metrics) PaymentDone() {
	if m == nil {
		return
	}
	m.inFlight.Dec()
}

// MessageRejected counts a refused peer message.
func (m *Metrics) MessageRejected(reason string) {
	if m == nil {
		return
	}
	add(m.rejected, reason, 1)
}

// ChainTxSent counts a transaction sent for op.
func (m *Metrics) ChainTxSent(op string) {
	if m == nil {
		return
	}
	add(m.chainTxs, op, 1)
}

// GasUsed adds the gas of a mined transaction for op.
func (m *Metrics) GasUsed(op string, gas uint64) {
	if m == nil {
		return
	}
	add(m.gasUsed, op, float64(gas))
}

// PolicyRefused counts a payment the spending policy refused.
func (m *Metrics) PolicyRefused(reason string) {
	if m == nil {
		return
	}
	add(m.policyRefusals, reason, 1)
}

// SpendingAlert counts a spending anomaly of kind.
func (m *Metrics) SpendingAlert(kind string) {
	if m == nil {
		return
	}
	add(m.alerts, kind, 1)
}

// OfferDropped counts a dropped service offer.
func (m *Metrics) OfferDropped(reason string) {
	if m == nil {
		return
	}
	add(m.offersDropped, reason, 1)
}

// SetChannelPhases sets the callback a scrape asks for the number of
// channels per phase name (channels.Phase.String()). Every phase is reported,
// 0 if the map lacks it. The callback must be fast and safe for concurrent
// use; nil reports zeros.
func (m *Metrics) SetChannelPhases(f func() map[string]int) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.phases = f
	m.mu.Unlock()
}

// SetPeersConnected sets the callback a scrape asks for the number of
// connected peers; nil reports 0.
func (m *Metrics) SetPeersConnected(f func() int) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.peers = f
	m.mu.Unlock()
}

// invalidLabel replaces a label value Prometheus refuses (not UTF-8), so a
// bad value is counted instead of panicking.
const invalidLabel = "invalid"

// add adds v to vec's series for label.
func add(vec *prometheus.CounterVec, label string, v float64) {
	c, err := vec.GetMetricWithLabelValues(label)
	if err != nil {
		c = vec.WithLabelValues(invalidLabel)
	}
	c.Add(v)
}

func (m *Metrics) peersConnected() float64 {
	m.mu.Lock()
	f := m.peers
	m.mu.Unlock()
	if f == nil {
		return 0
	}
	return float64(f())
}

// phaseCollector reports meshpay_channels{phase} from the callback at
// scrape time.
type phaseCollector struct {
	m    *Metrics
	desc *prometheus.Desc
}

func (c *phaseCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *phaseCollector) Collect(ch chan<- prometheus.Metric) {
	c.m.mu.Lock()
	f := c.m.phases
	c.m.mu.Unlock()
	var counts map[string]int
	if f != nil {
		counts = f()
	}
	// The known phases always, so a dashboard's series do not vanish at 0.
	seen := make(map[string]bool, len(counts))
	for p := channels.PhaseOpening; p.Valid(); p++ {
		name := p.String()
		seen[name] = true
		c.send(ch, name, counts[name])
	}
	for name, n := range counts {
		if !seen[name] {
			c.send(ch, name, n)
		}
	}
}

func (c *phaseCollector) send(ch chan<- prometheus.Metric, phase string, n int) {
	m, err := prometheus.NewConstMetric(c.desc, prometheus.GaugeValue, float64(n), phase)
	if err != nil {
		m = prometheus.NewInvalidMetric(c.desc, err) // the scrape reports it
	}
	ch <- m
}
