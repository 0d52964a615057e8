package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/big"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/autosettle"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/metering"
	"github.com/meshpay/meshpay/node/offers"
	"github.com/meshpay/meshpay/node/policy"
)

// Defaults of DeviceConfig.
const (
	DefaultSettleEvery = 10 * time.Second
	DefaultWindDown    = 20 * time.Second
	// chainOpTimeout bounds one chain operation (open, deposit, withdraw,
	// close), the partner's co-signature included.
	chainOpTimeout = time.Minute
	// republishEvery is how often a seller publishes its offers again, so
	// that a buyer who connected after the last publication sees them
	// soon (the board's own republish is every 30 s).
	republishEvery = 2 * time.Second
	// offerTTL is how long an offer stays valid.
	offerTTL = 10 * time.Minute
	// pollEvery is how often the device looks at the offer board or at
	// its channels while it waits for something.
	pollEvery = 200 * time.Millisecond
	// topUpBelowUnits: a buyer tops its channel up when fewer units than
	// this would be left after its next session, early enough for the
	// seller's chain watcher to see the deposit before it is needed.
	topUpBelowUnits = 20
	// maxReceipts is how many session receipts each side keeps
	// (metering's MaxReceipts): enough for a long soak, all of which the
	// report adds up.
	maxReceipts = 1 << 16
)

// The operations a device's transactions are recorded as.
const (
	opOpen     = "open"
	opDeposit  = "deposit"
	opWithdraw = "withdraw"
	opSettle   = "settle"
	opClose    = "close"
)

// DeviceConfig configures one demo device. Role, DataDir, Identity, Chain
// and Out are required.
type DeviceConfig struct {
	Role Role
	// Name is how the device calls itself in its story and its offers
	// (default: the role).
	Name     string
	DataDir  string
	Identity *identity.Identity
	Chain    node.ChainConfig
	// ChallengePeriod is the challenge period of the channels the device
	// opens, in seconds (default one hour).
	ChallengePeriod uint64
	// ListenAddrs are the node's libp2p listen multiaddrs (node default:
	// TCP and QUIC on all interfaces).
	ListenAddrs []string
	// MDNSService is the mDNS service name; only devices with the same
	// name find each other.
	MDNSService string
	// Control serves the node's control API on the unix socket in
	// DataDir, so that the CLI can look at the device while it runs
	// (default off).
	Control bool
	// Duration is how long the device trades before it winds down; 0
	// trades until ctx ends.
	Duration time.Duration
	// SettleEvery is how often a seller withdraws what it has received:
	// the Interval of its autosettle.Policy.
	SettleEvery time.Duration
	// SettleBatch makes a seller withdraw from all its channels in one
	// batch transaction per round (autosettle.Policy.Batch), for a seller
	// with many channels; see Member.SettleBatch.
	SettleBatch bool
	// WindDown bounds closing the channels once trading stops.
	WindDown time.Duration
	// Names names other devices by address in the story; devices not
	// listed are named by their offers, or by their address.
	Names map[common.Address]string
	// BuyFrom, when not empty, lists the only sellers the device buys
	// from; empty buys each service from whoever offers it cheapest.
	BuyFrom []common.Address
	// Slowdown stretches the interval between units: a seller meters a
	// unit, and a car drives through a toll gate, every Service.Every
	// times Slowdown (default 1; below 1 counts as 1).
	Slowdown float64
	// BudgetPerHour is the hourly budget, in wei, of the device's spending
	// policy (default: twice what it spends in an hour; see BuyerPolicy).
	BudgetPerHour *uint256.Int
	// Soak fits the device for long runs: its story tells a digest every
	// DigestEvery instead of every session and withdraw, and transient
	// errors (a payment not acknowledged, a failed top-up) are counted
	// by kind instead of failing the run.
	Soak bool
	// Start is the story's time zero (default: now).
	Start time.Time
	// Out receives the story and, last, the report line.
	Out io.Writer
	// Logger gets the node's logs (default: discarded).
	Logger *slog.Logger
}

func (c *DeviceConfig) setDefaults() error {
	if _, err := ParseRole(string(c.Role)); err != nil {
		return err
	}
	if c.DataDir == "" || c.Identity == nil || c.Out == nil {
		return fmt.Errorf("%w: data dir, identity and output are required", ErrInvalidConfig)
	}
	if c.Chain.RPCURL == "" {
		return fmt.Errorf("%w: no chain", ErrInvalidConfig)
	}
	if c.Duration < 0 || c.SettleEvery < 0 || c.WindDown < 0 {
		return fmt.Errorf("%w: negative duration", ErrInvalidConfig)
	}
	if !(c.Slowdown >= 0) {
		return fmt.Errorf("%w: slowdown %g", ErrInvalidConfig, c.Slowdown)
	}
	c.Slowdown = max(1, c.Slowdown)
	if c.Name == "" {
		c.Name = string(c.Role)
	}
	if strings.ContainsAny(c.Name, " \t:") {
		return fmt.Errorf("%w: name %q has a space or a colon", ErrInvalidConfig, c.Name)
	}
	if c.ChallengePeriod == 0 {
		c.ChallengePeriod = 3600
	}
	if c.SettleEvery == 0 {
		c.SettleEvery = DefaultSettleEvery
	}
	if c.WindDown == 0 {
		c.WindDown = DefaultWindDown
	}
	if c.Start.IsZero() {
		c.Start = time.Now()
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// device is one running demo device.
type device struct {
	cfg   DeviceConfig
	n     *node.Node
	eth   *ethclient.Client
	self  common.Address
	story *story
	// seller and settler sell the role's services and settle what they
	// earn (nil for a role that sells nothing); buyer buys (nil for a
	// role that buys nothing).
	seller  *metering.Seller
	settler *autosettle.Settler
	buyer   *metering.Buyer

	// chainMu makes the device's chain operations one at a time, so that
	// the transactions found in the blocks an operation spans are its own.
	chainMu sync.Mutex

	mu        sync.Mutex
	names     map[common.Address]string
	purchases map[channels.ChannelID]*purchase
	// txs lists the device's transactions (in a soak, the first
	// maxListed); ops and gas count them all.
	txs []Tx
	ops map[string]int
	gas *big.Int
	// boughtStarted and soldStarted count the sessions started as a
	// buyer and as a seller.
	boughtStarted, soldStarted int
	// errs lists the first maxListed problems, problems counts them all
	// and errKinds counts every error, problem or not, by kind.
	errs         []string
	problems     int
	errKinds     map[ErrorKind]int
	refusalsTold map[policy.Reason]bool
	heapMax      uint64
}

// purchase is a channel the device pays on.
type purchase struct {
	// svc is the service with the seller's terms: the price and unit of
	// its offer.
	svc    Service
	seller common.Address
	id     channels.ChannelID
	// offer is the seller's offer the sessions are bought on.
	offer offers.Offer
	// sessions counts the sessions bought (only the purchase's buy loop
	// touches it).
	sessions uint64
}

// RunDevice runs one demo device: it starts a node, trades in its role
// until ctx ends or cfg.Duration is over, then closes its channels (as a
// buyer) or waits for them to be closed (as a seller), prints its report
// line and stops the node. A seller sells through a metering.Seller, a
// Listing and a meter per service, and an autosettle.Settler withdraws
// what it earns; a buyer buys metered sessions through a metering.Buyer,
// whose payments go through the node's spending policy. It returns an
// error when the node cannot start or anything went wrong on the way (the
// report's Errors: a session that failed, a channel left unsettled, ...).
func RunDevice(ctx context.Context, cfg DeviceConfig) (err error) {
	if err := cfg.setDefaults(); err != nil {
		return err
	}
	spending, err := BuyerPolicy(cfg.Role, cfg.Slowdown, cfg.BudgetPerHour)
	if err != nil {
		return err
	}
	stopSelling := func() error { return nil }
	// The node outlives trading: it must co-sign the partners' withdraws
	// and closes until the end, so it runs on a context of its own.
	nodeCtx, stopNode := context.WithCancel(context.WithoutCancel(ctx))
	defer stopNode()
	n, err := node.New(nodeCtx, node.Config{
		DataDir: cfg.DataDir, Identity: cfg.Identity, ListenAddrs: cfg.ListenAddrs, MDNSService: cfg.MDNSService,
		Chain: cfg.Chain, Spending: spending, DisableControl: !cfg.Control, Logger: cfg.Logger,
	})
	if err != nil {
		return err
	}
	var runErr error
	runExited := make(chan struct{})
	go func() {
		defer close(runExited)
		runErr = n.Run(nodeCtx)
	}()
	defer func() {
		stopNode()
		<-runExited
		err = errors.Join(err, runErr)
	}()
	eth, err := ethclient.DialContext(ctx, cfg.Chain.RPCURL)
	if err != nil {
		return fmt.Errorf("demo: dial %s: %w", cfg.Chain.RPCURL, err)
	}
	defer eth.Close()

	d := &device{
		cfg: cfg, n: n, eth: eth, self: n.Address(),
		story:     &story{out: cfg.Out, start: cfg.Start, now: time.Now, name: cfg.Name},
		names:     map[common.Address]string{},
		purchases: map[channels.ChannelID]*purchase{},
		ops:       map[string]int{}, gas: new(big.Int),
		errKinds: map[ErrorKind]int{}, refusalsTold: map[policy.Reason]bool{},
	}
	for a, name := range cfg.Names {
		d.names[a] = name
	}
	if len(cfg.Role.Sells()) > 0 {
		if d.seller, err = metering.NewSeller(ctx, n, metering.SellerConfig{
			Logger: cfg.Logger, Grace: sellerGrace, MaxReceipts: maxReceipts,
		}); err != nil {
			return err
		}
		if d.settler, err = d.newSettler(); err != nil {
			return err
		}
		// The seller serves sessions through the wind-down (buyers whose
		// trading ends a little later are still served) and stops before
		// the report, so that its receipts are final.
		stopSelling = d.runSeller(nodeCtx)
		defer stopSelling() // on an early return; else it was called
	}
	if len(cfg.Role.Buys()) > 0 {
		if d.buyer, err = metering.NewBuyer(ctx, n, metering.BuyerConfig{
			Logger: cfg.Logger, PayTimeout: payTimeout, MaxReceipts: maxReceipts,
		}); err != nil {
			return err
		}
	}
	d.names[d.self] = cfg.Name
	d.story.printf("is up: account %s, peer %s; sells %s; buys %s%s", d.self.Hex(), n.PeerID(),
		list(cfg.Role.Sells()), list(cfg.Role.Buys()), budgetNote(&spending))

	tradeCtx, stopTrade := context.WithCancel(ctx)
	defer stopTrade()
	if cfg.Duration > 0 {
		tradeCtx, stopTrade = context.WithTimeout(ctx, cfg.Duration)
		defer stopTrade()
	}
	go func() {
		// Stop trading if the node stops under us.
		select {
		case <-tradeCtx.Done():
		case <-runExited:
			stopTrade()
		}
	}()
	d.trade(tradeCtx)

	d.story.printf("stops trading and winds down")
	windCtx, stopWind := context.WithTimeout(context.WithoutCancel(ctx), cfg.WindDown)
	defer stopWind()
	d.windDown(windCtx)
	if err := stopSelling(); err != nil {
		return fmt.Errorf("demo: %s: seller: %w", cfg.Name, err)
	}

	rep := d.report()
	line, err := rep.line()
	if err != nil {
		return err
	}
	d.story.printf("done: %d payments, %s, %d transactions, %d problems", rep.Payments, sessionNote(&rep), rep.txCount(), rep.Problems)
	d.story.raw(line)
	if rep.Problems > 0 {
		return fmt.Errorf("demo: %s: %d problems: %s", cfg.Name, rep.Problems, strings.Join(rep.Errors, "; "))
	}
	return nil
}

// runSeller runs the device's Seller until the returned function is
// called: it withdraws the offers, ends the sessions still running and
// returns Run's error. It may be called more than once.
func (d *device) runSeller(ctx context.Context) func() error {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- d.seller.Run(ctx) }()
	var once sync.Once
	var err error
	return func() error {
		once.Do(func() {
			for _, svc := range d.cfg.Role.Sells() {
				d.seller.Withdraw(svc)
			}
			cancel()
			err = <-done
		})
		return err
	}
}

func list(s []string) string {
	if len(s) == 0 {
		return "nothing"
	}
	return strings.Join(s, " and ")
}

// budgetNote describes the spending policy's hourly budget for the story.
func budgetNote(p *policy.Policy) string {
	tp, ok := p.Tokens[common.Address{}]
	if !ok || tp.Node.BudgetPerHour == nil {
		return ""
	}
	return fmt.Sprintf(" with a budget of %s per hour", FormatWei(tp.Node.BudgetPerHour))
}

// trade runs the role's selling and buying until ctx ends.
func (d *device) trade(ctx context.Context) {
	var wg sync.WaitGroup
	if d.cfg.Soak {
		wg.Go(func() { d.digestLoop(ctx) })
	}
	if sells := d.cfg.Role.Sells(); len(sells) > 0 {
		wg.Go(func() { d.sell(ctx, sells) })
		wg.Go(func() {
			if err := d.settler.Run(ctx); err != nil {
				d.record(KindConfig, "autosettle: %v", err)
			}
		})
	}
	for _, name := range d.cfg.Role.Buys() {
		svc, err := ServiceByName(name)
		if err != nil {
			d.record(KindConfig, "%v", err)
			continue
		}
		wg.Go(func() { d.buy(ctx, svc) })
	}
	wg.Wait()
}

// windDown closes the channels the device pays on and waits for those it
// is paid on to be closed by their payers, until ctx ends.
func (d *device) windDown(ctx context.Context) {
	var wg sync.WaitGroup
	for _, p := range d.purchaseList() {
		wg.Go(func() { d.closePurchase(ctx, p) })
	}
	if len(d.cfg.Role.Sells()) > 0 {
		wg.Go(func() { d.awaitClosed(ctx) })
	}
	wg.Wait()
}

// chainOp runs one chain operation f and returns the transactions the
// device sent meanwhile, recorded as op.
func (d *device) chainOp(ctx context.Context, op string, f func(context.Context) error) ([]Tx, error) {
	d.chainMu.Lock()
	defer d.chainMu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, chainOpTimeout)
	defer cancel()
	before, berr := d.eth.BlockNumber(ctx)
	err := f(ctx)
	if berr != nil {
		return nil, err // cannot tell which transactions were ours
	}
	after, aerr := d.eth.BlockNumber(ctx)
	if aerr != nil {
		return nil, err
	}
	txs, serr := TxsFrom(ctx, d.eth, d.self, before+1, after)
	if serr != nil {
		d.cfg.Logger.Warn("cannot read our transactions", "op", op, "err", serr)
	}
	for i := range txs {
		txs[i].Op = op
	}
	d.mu.Lock()
	for _, t := range txs {
		if !d.cfg.Soak || len(d.txs) < maxListed {
			d.txs = append(d.txs, t)
		}
		d.ops[op]++
		if t.GasCost != nil {
			d.gas.Add(d.gas, t.GasCost)
		}
	}
	d.mu.Unlock()
	return txs, err
}

// txNote names the transactions of an operation for the story.
func txNote(op string, txs []Tx) string {
	if len(txs) == 0 {
		return op + " tx not found"
	}
	hashes := make([]string, len(txs))
	for i, t := range txs {
		hashes[i] = shortHash(t.Hash)
	}
	return op + " tx " + strings.Join(hashes, ", ")
}

// nameOf names a device for the story.
func (d *device) nameOf(a common.Address) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, ok := d.names[a]; ok {
		return n
	}
	return shortAddr(a)
}

// learnName names a seller after its offer's description, unless the
// configuration named it already.
func (d *device) learnName(a common.Address, description string) {
	name, ok := sellerName(description)
	if !ok {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, known := d.names[a]; !known {
		d.names[a] = name
	}
}

func (d *device) addPurchase(p *purchase) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.purchases[p.id] = p
}

func (d *device) purchaseOf(id channels.ChannelID) (*purchase, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, ok := d.purchases[id]
	return p, ok
}

func (d *device) purchaseList() []*purchase {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]*purchase, 0, len(d.purchases))
	for _, p := range d.purchases {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *purchase) int { return strings.Compare(a.svc.Name, b.svc.Name) })
	return out
}

// report describes the device's channels, sessions and transactions now.
func (d *device) report() Report {
	r := Report{Device: d.cfg.Name, Role: d.cfg.Role, Address: d.self}
	var bought, sold []metering.Receipt
	if d.buyer != nil {
		bought = d.buyer.Receipts()
	}
	if d.seller != nil {
		sold = d.seller.Receipts()
	}
	byChannel := receiptsByChannel(bought, sold)
	for _, ch := range d.n.Engine().Channels() {
		self, err := ch.Params.Index(d.self)
		if err != nil {
			continue
		}
		payer, service := channels.Partner(self), ""
		if p, ok := d.purchaseOf(ch.ID); ok {
			payer, service = self, p.svc.Name
		}
		c := channelReport(&ch, payer, service)
		if t, ok := byChannel[ch.ID]; ok {
			c.Sessions, c.SessionPaid = t.sessions, t.paid.ToBig()
		}
		r.Channels = append(r.Channels, c)
	}
	slices.SortFunc(r.Channels, func(a, b ChannelReport) int { return strings.Compare(a.ID, b.ID) })
	r.LimitsHit = d.limitsHit()
	r.Payments = d.paymentsMade()
	listed := len(bought) + len(sold)
	if d.cfg.Soak {
		listed = maxListed
	}
	r.Sessions = sessionReports(listed, bought, sold)
	if d.settler != nil {
		st := d.settler.Stats()
		r.Autosettle = &AutosettleReport{Withdraws: st.Withdraws, Batches: st.Batches, Closes: st.Closes, Settles: st.Settles, Failures: st.Failures}
	}
	d.sampleHeap()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.buyer != nil {
		r.Bought = sessionCounts(d.boughtStarted, bought)
	}
	if d.seller != nil {
		r.Sold = sessionCounts(d.soldStarted, sold)
	}
	r.Txs = slices.Clone(d.txs)
	r.Ops = maps.Clone(d.ops)
	r.Gas = new(big.Int).Set(d.gas)
	r.Errors = slices.Clone(d.errs)
	r.Problems = d.problems
	r.ErrorKinds = map[string]int{}
	for k, n := range d.errKinds {
		r.ErrorKinds[string(k)] = n
	}
	r.HeapMax = d.heapMax
	return r
}
