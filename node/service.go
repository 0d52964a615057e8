package node

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/node/control"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/offers"
	"github.com/meshpay/meshpay/settlement"
)

// Version is the node software's version, reported by the control API.
var Version = "dev"

// DefaultChallengePeriod is the challenge period of a channel opened through
// the control API without one, clamped to the node's policy bounds.
const DefaultChallengePeriod = 24 * time.Hour

// The contract's phase numbers of an open and of a settled channel
// (PHASE_OPEN and PHASE_SETTLED in contracts/src/ChannelState.sol).
const (
	onChainOpen    = 1
	onChainSettled = 3
)

// controlService exposes the node to the control API.
type controlService struct {
	n      *Node
	tokens *tokenNames
}

var _ control.Service = (*controlService)(nil)

// ControlService is the node as the control API serves it. Each call
// returns a new Service with its own cache of token symbols; the node
// serves the one it made in New.
func (n *Node) ControlService() control.Service {
	return &controlService{n: n, tokens: newTokenNames(n)}
}

func (s *controlService) Info(context.Context) (control.Info, error) {
	n := s.n
	addrs := make([]string, 0)
	for _, a := range n.Addrs() {
		addrs = append(addrs, a.String())
	}
	return control.Info{
		Address: n.Address().Hex(), PeerID: n.PeerID().String(), ListenAddrs: addrs,
		ChainID: n.cfg.Chain.ChainID, Contract: n.cfg.Chain.Contract.Hex(), Version: Version, StartedAt: n.started.UTC(),
	}, nil
}

func (s *controlService) Peers(context.Context) ([]control.Peer, error) {
	h := s.n.host
	out := []control.Peer{}
	for _, p := range h.Peerstore().Peers() {
		if p == h.ID() {
			continue
		}
		out = append(out, s.peer(p))
	}
	return out, nil
}

func (s *controlService) peer(p peer.ID) control.Peer {
	h := s.n.host
	cp := control.Peer{PeerID: p.String(), Addrs: []string{}, Connected: h.Network().Connectedness(p) == network.Connected}
	if a, err := identity.AddressOf(p); err == nil {
		cp.Address = a.Hex()
	}
	for _, m := range h.Peerstore().Addrs(p) {
		cp.Addrs = append(cp.Addrs, m.String())
	}
	return cp
}

func (s *controlService) Connect(ctx context.Context, addr string) (control.Peer, error) {
	pi, err := s.n.Connect(ctx, addr)
	if err != nil {
		return control.Peer{}, fmt.Errorf("%w: %w", control.ErrUnavailable, err)
	}
	return s.peer(pi.ID), nil
}

func (s *controlService) Offers(ctx context.Context) ([]control.Offer, error) {
	out := []control.Offer{}
	if s.n.board == nil {
		return out, nil
	}
	budget := tokenLookupBudget
	for _, o := range s.n.board.Offers(offers.Filter{}) {
		out = append(out, s.offer(ctx, &o, &budget))
	}
	return out, nil
}

func (s *controlService) offer(ctx context.Context, o *offers.Offer, budget *int) control.Offer {
	tok := s.tokens.lookup(ctx, o.Token, budget)
	return control.Offer{
		Seller: o.Seller.Hex(), PeerID: o.PeerID.String(), Service: o.Service, Unit: o.Unit,
		PricePerUnit: o.PricePerUnit.Dec(), Token: o.Token.Hex(), TokenSymbol: tok.symbol, TokenDecimals: tok.decimals,
		ChainID: o.ChainID, Contract: o.Contract.Hex(), Expiry: o.ExpiresAt().UTC(), Description: o.Description,
	}
}

// PublishOffer signs and publishes the offer with the node's listen
// addresses, so that buyers can dial it.
func (s *controlService) PublishOffer(ctx context.Context, req control.OfferRequest) (control.Offer, error) {
	n := s.n
	if n.board == nil {
		return control.Offer{}, classify(control.ErrUnavailable, "offers are turned off on this node")
	}
	price, err := control.ParseAmount(req.PricePerUnit)
	if err != nil {
		return control.Offer{}, fmt.Errorf("price_per_unit: %w", err)
	}
	ttl := control.DefaultOfferTTL
	if req.TTLSeconds != 0 {
		ttl = time.Duration(req.TTLSeconds) * time.Second
	}
	o := offers.Offer{
		Service: req.Service, Unit: req.Unit, PricePerUnit: *price, Token: common.HexToAddress(req.Token),
		Expiry: uint64(time.Now().Add(ttl).Unix()), Description: req.Description,
	}
	for _, a := range n.host.Addrs() {
		if len(o.Addrs) == offers.MaxAddrs {
			break
		}
		if len(a.Bytes()) <= offers.MaxAddrLen {
			o.Addrs = append(o.Addrs, a)
		}
	}
	pub, err := n.board.Publish(ctx, o)
	switch {
	case err == nil:
	case errors.Is(err, offers.ErrInvalid), errors.Is(err, offers.ErrTooLarge),
		errors.Is(err, offers.ErrExpired), errors.Is(err, offers.ErrExpiryTooFar):
		return control.Offer{}, classify(control.ErrInvalidArgument, "%w", err)
	case errors.Is(err, offers.ErrSellerLimit):
		return control.Offer{}, classify(control.ErrConflict, "%w", err)
	default:
		// Stored and republished later, but not sent now.
		return control.Offer{}, classify(control.ErrUnavailable, "%w", err)
	}
	budget := tokenLookupBudget
	return s.offer(ctx, &pub, &budget), nil
}

func (s *controlService) Channels(ctx context.Context) ([]control.Channel, error) {
	out := []control.Channel{}
	budget := tokenLookupBudget
	for _, ch := range s.n.eng.Channels() {
		out = append(out, s.channel(ctx, ch, &budget))
	}
	return out, nil
}

func (s *controlService) Channel(ctx context.Context, id string) (control.Channel, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return control.Channel{}, err
	}
	ch, err := s.n.eng.Channel(cid)
	if err != nil {
		return control.Channel{}, err
	}
	return s.one(ctx, ch), nil
}

// one is channel for a single channel.
func (s *controlService) one(ctx context.Context, ch channels.Channel) control.Channel {
	budget := tokenLookupBudget
	return s.channel(ctx, ch, &budget)
}

func (s *controlService) OpenChannel(ctx context.Context, req control.OpenRequest) (control.Channel, error) {
	partner, err := s.n.resolvePeer(req.Peer)
	if err != nil {
		return control.Channel{}, err
	}
	r := OpenRequest{Partner: partner, Token: common.HexToAddress(req.Token), ChallengePeriod: req.ChallengePeriodSeconds}
	if r.ChallengePeriod == 0 {
		pol := s.n.cfg.Policy
		r.ChallengePeriod = min(max(uint64(DefaultChallengePeriod/time.Second), pol.MinChallengePeriod), pol.MaxChallengePeriod)
	}
	if req.Deposit != "" {
		d, err := control.ParseAmount(req.Deposit)
		if err != nil {
			return control.Channel{}, err
		}
		r.Deposit = *d
	}
	ch, err := s.n.OpenChannel(ctx, r)
	if err != nil {
		return control.Channel{}, err
	}
	return s.one(ctx, ch), nil
}

func (s *controlService) Deposit(ctx context.Context, id string, req control.DepositRequest) (control.Channel, error) {
	return s.withAmount(ctx, id, req.Amount, func(cid channels.ChannelID, amt *uint256.Int) (channels.Channel, error) {
		return s.n.Deposit(ctx, cid, amt)
	})
}

func (s *controlService) Withdraw(ctx context.Context, id string, req control.WithdrawRequest) (control.Channel, error) {
	return s.withAmount(ctx, id, req.Amount, func(cid channels.ChannelID, amt *uint256.Int) (channels.Channel, error) {
		return s.n.Withdraw(ctx, cid, amt)
	})
}

func (s *controlService) withAmount(ctx context.Context, id, amount string, f func(channels.ChannelID, *uint256.Int) (channels.Channel, error)) (control.Channel, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return control.Channel{}, err
	}
	amt, err := control.ParseAmount(amount)
	if err != nil {
		return control.Channel{}, err
	}
	ch, err := f(cid, amt)
	if err != nil {
		return control.Channel{}, err
	}
	return s.one(ctx, ch), nil
}

func (s *controlService) Pay(ctx context.Context, id string, req control.PayRequest) (control.PayResult, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return control.PayResult{}, err
	}
	amt, err := control.ParseAmount(req.Amount)
	if err != nil {
		return control.PayResult{}, err
	}
	r, err := s.n.Pay(ctx, cid, amt, req.Reference)
	if err != nil {
		return control.PayResult{}, err
	}
	return control.PayResult{ChannelID: r.ChannelID.Hex(), Nonce: r.Nonce, Amount: r.Amount.Dec(), Reference: r.Reference, Transferred: r.Transferred.Dec()}, nil
}

func (s *controlService) Close(ctx context.Context, id string, req control.CloseRequest) (control.Channel, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return control.Channel{}, err
	}
	ch, err := s.n.CloseChannel(ctx, cid, req.Cooperative)
	switch {
	case errors.Is(err, ErrWithdrawUnpaid):
		return control.Channel{}, classify(control.ErrConflict, "%w", err)
	case errors.Is(err, ErrDepositsNotCounted):
		return control.Channel{}, classify(control.ErrUnavailable, "%w", err)
	}
	if err != nil {
		return control.Channel{}, err
	}
	return s.one(ctx, ch), nil
}

// Settle settles a closing channel whose challenge period is over. It checks
// the phase and the period first, so that a request too early is a
// conflict and sends no transaction, and it is idempotent: a channel the
// partner or the node's own disputer settled first answers as settled.
func (s *controlService) Settle(ctx context.Context, id string) (control.Channel, error) {
	n := s.n
	cid, err := parseChannelID(id)
	if err != nil {
		return control.Channel{}, err
	}
	ch, err := n.eng.Channel(cid)
	if err != nil {
		return control.Channel{}, err
	}
	switch ch.Phase {
	case channels.PhaseSettled:
		return s.one(ctx, ch), nil
	case channels.PhaseClosing:
	default:
		return control.Channel{}, classify(control.ErrConflict, "channel %s is %s: only a unilaterally closed channel settles (close it first)", cid, ch.Phase)
	}
	if n.chain == nil {
		return control.Channel{}, ErrNoChain
	}
	head, err := n.chain.Eth().HeaderByNumber(ctx, nil)
	if err != nil {
		return control.Channel{}, classify(control.ErrUnavailable, "settle %s: chain head: %w", cid, err)
	}
	if head.Time <= ch.SettleAfter { // the contract wants block.timestamp > settleAfter
		return control.Channel{}, classify(control.ErrConflict, "channel %s: challenge period runs until %s (chain time %s)", cid,
			time.Unix(int64(ch.SettleAfter), 0).UTC().Format(time.RFC3339), time.Unix(int64(head.Time), 0).UTC().Format(time.RFC3339))
	}
	settled, err := n.Settle(ctx, cid)
	if errors.Is(err, settlement.ErrReverted) {
		// Someone settled it first: the chain says so before our watcher does.
		if phase, perr := n.onChainPhase(ctx, cid); perr == nil && phase == onChainSettled {
			settled, err = n.markSettled(ctx, cid)
		}
	}
	if err != nil {
		return control.Channel{}, err
	}
	return s.one(ctx, settled), nil
}

func (s *controlService) Payments(ctx context.Context, id string, limit int) ([]control.Payment, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return nil, err
	}
	if _, err := s.n.eng.Channel(cid); err != nil {
		return nil, err
	}
	// The newest of each direction, merged: a long history is not read.
	pays, err := s.n.store.NewestPayments(ctx, cid, store.Sent, limit)
	if err != nil {
		return nil, err
	}
	received, err := s.n.store.NewestPayments(ctx, cid, store.Received, limit)
	if err != nil {
		return nil, err
	}
	pays = append(pays, received...)
	sort.SliceStable(pays, func(i, j int) bool {
		a, b := &pays[i], &pays[j]
		if a.UnixNano != b.UnixNano {
			return a.UnixNano > b.UnixNano
		}
		if a.Nonce != b.Nonce {
			return a.Nonce > b.Nonce
		}
		return a.Index > b.Index
	})
	if limit > 0 && len(pays) > limit {
		pays = pays[:limit]
	}
	out := make([]control.Payment, 0, len(pays))
	for _, p := range pays {
		dir := control.DirectionSent
		if p.Direction == store.Received {
			dir = control.DirectionReceived
		}
		out = append(out, control.Payment{ChannelID: p.ChannelID.Hex(), Direction: dir, Nonce: p.Nonce, Amount: p.Amount.Dec(), Reference: p.Reference, Time: time.Unix(0, p.UnixNano).UTC()})
	}
	return out, nil
}

func (s *controlService) channel(ctx context.Context, ch channels.Channel, budget *int) control.Channel {
	n := s.n
	self, err := ch.Params.Index(n.Address())
	if err != nil {
		self = 0
	}
	partner := ch.Params.Participants[channels.Partner(self)]
	tok := s.tokens.lookup(ctx, ch.Params.Token, budget)
	out := control.Channel{
		ID: ch.ID.Hex(), Token: ch.Params.Token.Hex(), TokenSymbol: tok.symbol, TokenDecimals: tok.decimals,
		Partner: partner.Hex(), Phase: ch.Phase.String(),
		ChallengePeriodSeconds: ch.Params.ChallengePeriod, Counter: ch.Params.Counter,
	}
	if p, ok := n.book.peer(partner); ok {
		out.PartnerPeerID = p.String()
	}
	balances, _ := ch.Balances()
	spendable, held, spendErr := n.eng.Spendable(ch.ID)
	if !held.IsZero() {
		out.PendingWithdraw = held.Dec()
	}
	out.SettlePending = n.eng.PendingSettle(ch.ID)
	side := func(i int) control.Balances {
		avail, _ := ch.Available(i)
		if i == self && spendErr == nil {
			avail = spendable // less what a pending withdraw holds back
		}
		return control.Balances{Deposit: ch.Deposit[i].Dec(), Withdrawn: ch.Withdrawn[i].Dec(), Balance: balances[i].Dec(), Available: avail.Dec()}
	}
	out.Local, out.Remote = side(self), side(channels.Partner(self))
	proof := func(sp channels.SignedBalanceProof) *control.Proof {
		if sp.IsZero() {
			return nil
		}
		return &control.Proof{Nonce: sp.Proof.Nonce, TransferredAmount: sp.Proof.TransferredAmount.Dec(), Signature: "0x" + hex.EncodeToString(sp.Signature[:])}
	}
	out.SentProof, out.ReceivedProof = proof(ch.Proofs[self]), proof(ch.Proofs[channels.Partner(self)])
	if ch.Phase == channels.PhaseClosing {
		t := time.Unix(int64(ch.SettleAfter), 0).UTC()
		out.SettleAfter = &t
	}
	return out
}

// classified is an error that also matches a control API class, without
// the class's text in its message.
type classified struct{ err, class error }

func (e classified) Error() string   { return e.err.Error() }
func (e classified) Unwrap() []error { return []error{e.err, e.class} }

// classify is fmt.Errorf that also matches class (control.ErrConflict, ...).
func classify(class error, format string, args ...any) error {
	return classified{err: fmt.Errorf(format, args...), class: class}
}

func parseChannelID(id string) (channels.ChannelID, error) {
	if err := control.ValidateChannelID(id); err != nil {
		return channels.ChannelID{}, err
	}
	return channels.ChannelID(common.HexToHash(id)), nil
}

// resolvePeer takes an address or a peer ID and returns the address,
// learning the peer ID of an address from the offers if needed.
func (n *Node) resolvePeer(s string) (channels.Address, error) {
	if strings.HasPrefix(s, "0x") {
		a := common.HexToAddress(s)
		if _, ok := n.book.peer(a); !ok && n.board != nil {
			for _, o := range n.board.Offers(offers.Filter{Seller: &a}) {
				n.book.learn(n.runCtx, a, o.PeerID, o.Addrs, nil)
				n.host.Peerstore().AddAddrs(o.PeerID, o.Addrs, time.Hour)
				break
			}
		}
		return a, nil
	}
	p, err := peer.Decode(s)
	if err != nil {
		return channels.Address{}, fmt.Errorf("%w: peer %q: %w", control.ErrInvalidArgument, s, err)
	}
	a, err := identity.AddressOf(p)
	if err != nil {
		return channels.Address{}, fmt.Errorf("%w: %w", control.ErrInvalidArgument, err)
	}
	n.book.learn(n.runCtx, a, p, n.host.Peerstore().Addrs(p), nil)
	return a, nil
}

// Token symbol look-ups: how the control API names a token's amounts.
const (
	// tokenLookupBudget bounds the chain calls one request makes for
	// tokens it has not seen, so that offers in many made-up tokens cannot
	// make a listing slow; the rest show their address until a later
	// request.
	tokenLookupBudget = 8
	// tokenLookupTimeout bounds one token's symbol() and decimals() calls.
	tokenLookupTimeout = 3 * time.Second
	// tokenRetry is how long a failed look-up is remembered.
	tokenRetry = time.Minute
	// maxTokenNames bounds the cache.
	maxTokenNames = 1024
	// maxTokenSymbolLen bounds a symbol, in bytes.
	maxTokenSymbolLen = 32
	// maxTokenDecimals is the most decimals an amount below 2^256 can use.
	maxTokenDecimals = 77
)

// ERC-20 selectors: symbol() and decimals().
var (
	selectorSymbol   = []byte{0x95, 0xd8, 0x9b, 0x41}
	selectorDecimals = []byte{0x31, 0x3c, 0xe5, 0x67}
)

// tokenName is how a token's amounts are shown.
type tokenName struct {
	symbol   string
	decimals uint8
}

type tokenEntry struct {
	name    tokenName
	retryAt time.Time // zero: final
}

// tokenNames caches the symbol and decimals of ERC-20 tokens, read from the
// chain once per token. It is safe for concurrent use.
type tokenNames struct {
	n     *Node
	mu    sync.Mutex
	known map[common.Address]tokenEntry
}

func newTokenNames(n *Node) *tokenNames {
	return &tokenNames{n: n, known: map[common.Address]tokenEntry{}}
}

// lookup returns the token's name: ETH for the zero address, else the
// ERC-20's symbol and decimals, else (not an ERC-20 with them, no chain,
// chain unreachable, budget spent) its address and 0 decimals. A chain
// call spends one of *budget.
func (t *tokenNames) lookup(ctx context.Context, token common.Address, budget *int) tokenName {
	if token == (common.Address{}) {
		return tokenName{symbol: "ETH", decimals: 18}
	}
	fallback := tokenName{symbol: token.Hex()}
	if t.n.chain == nil {
		return fallback
	}
	now := time.Now()
	t.mu.Lock()
	e, ok := t.known[token]
	t.mu.Unlock()
	if ok && (e.retryAt.IsZero() || now.Before(e.retryAt)) {
		return e.name
	}
	if *budget <= 0 {
		return fallback
	}
	*budget--
	name, err := t.read(ctx, token)
	e = tokenEntry{name: name}
	if err != nil {
		e = tokenEntry{name: fallback, retryAt: now.Add(tokenRetry)}
		t.n.log.Debug("token symbol unknown", "token", token, "err", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.known[token]; !ok && len(t.known) >= maxTokenNames {
		for k, v := range t.known { // make room by forgetting a failure
			if !v.retryAt.IsZero() {
				delete(t.known, k)
				break
			}
		}
	}
	if _, ok := t.known[token]; ok || len(t.known) < maxTokenNames {
		t.known[token] = e
	}
	return e.name
}

// read calls symbol() and decimals() on the token.
func (t *tokenNames) read(ctx context.Context, token common.Address) (tokenName, error) {
	ctx, cancel := context.WithTimeout(ctx, tokenLookupTimeout)
	defer cancel()
	eth := t.n.chain.Eth()
	sym, err := eth.CallContract(ctx, ethereum.CallMsg{To: &token, Data: selectorSymbol}, nil)
	if err != nil {
		return tokenName{}, fmt.Errorf("symbol(): %w", err)
	}
	dec, err := eth.CallContract(ctx, ethereum.CallMsg{To: &token, Data: selectorDecimals}, nil)
	if err != nil {
		return tokenName{}, fmt.Errorf("decimals(): %w", err)
	}
	symbol, err := decodeSymbol(sym)
	if err != nil {
		return tokenName{}, err
	}
	if len(dec) != 32 {
		return tokenName{}, fmt.Errorf("decimals(): %d bytes", len(dec))
	}
	var d uint256.Int
	d.SetBytes(dec)
	if !d.IsUint64() || d.Uint64() > maxTokenDecimals {
		return tokenName{}, fmt.Errorf("decimals(): %s", d.Dec())
	}
	return tokenName{symbol: symbol, decimals: uint8(d.Uint64())}, nil
}

// decodeSymbol decodes symbol()'s answer: an ABI string, or a bytes32 as
// some early tokens return. The symbol is shown in terminals, so it must be
// printable and without spaces.
func decodeSymbol(b []byte) (string, error) {
	var raw []byte
	switch {
	case len(b) == 32:
		raw = []byte(strings.TrimRight(string(b), "\x00"))
	case len(b) >= 64:
		var off, n uint256.Int
		off.SetBytes(b[:32])
		if !off.IsUint64() || off.Uint64() > uint64(len(b))-32 {
			return "", errors.New("symbol(): bad offset")
		}
		o := off.Uint64()
		n.SetBytes(b[o : o+32])
		if !n.IsUint64() || n.Uint64() > uint64(len(b))-o-32 {
			return "", errors.New("symbol(): bad length")
		}
		raw = b[o+32 : o+32+n.Uint64()]
	default:
		return "", fmt.Errorf("symbol(): %d bytes", len(b))
	}
	s := string(raw)
	if s == "" || len(s) > maxTokenSymbolLen || !utf8.ValidString(s) {
		return "", fmt.Errorf("symbol(): %q is not a symbol", s)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return "", fmt.Errorf("symbol(): %q is not a symbol", s)
		}
	}
	return s, nil
}

func (s *controlService) Totals(ctx context.Context) ([]control.Total, error) {
	ts, err := s.n.ServiceTotals(ctx)
	if err != nil {
		return nil, err
	}
	budget := tokenLookupBudget
	out := make([]control.Total, 0, len(ts))
	for _, t := range ts {
		tok := s.tokens.lookup(ctx, t.Token, &budget)
		dir := control.DirectionSent
		if t.Direction == store.Received {
			dir = control.DirectionReceived
		}
		out = append(out, control.Total{
			Direction: dir, Token: t.Token.Hex(), TokenSymbol: tok.symbol, TokenDecimals: tok.decimals,
			Service: t.Service, Payments: t.Payments, Amount: t.Amount.Dec(),
		})
	}
	return out, nil
}

func (s *controlService) Sessions(ctx context.Context) ([]control.Session, error) {
	rs := s.n.SessionRecords()
	budget := tokenLookupBudget
	out := make([]control.Session, 0, len(rs))
	for i := range rs {
		r := &rs[i]
		tok := s.tokens.lookup(ctx, r.Token, &budget)
		cs := control.Session{
			ID: r.ID, Role: r.Role, Live: r.Live(), Service: r.Service, Unit: r.Unit,
			PricePerUnit: r.PricePerUnit.Dec(), Token: r.Token.Hex(), TokenSymbol: tok.symbol, TokenDecimals: tok.decimals,
			ChannelID: r.ChannelID.Hex(), Peer: r.Peer.Hex(), Units: r.Units, Due: r.Due.Dec(), Paid: r.Paid.Dec(),
			FirstNonce: r.FirstNonce, LastNonce: r.LastNonce, Start: r.Start.UTC(), Reason: r.Reason, Detail: r.Detail,
		}
		if !r.Live() {
			end := r.End.UTC()
			cs.End = &end
		}
		out = append(out, cs)
	}
	return out, nil
}

func (s *controlService) Alerts(ctx context.Context) ([]control.Alert, error) {
	as := s.n.guard.Alerts()
	budget := tokenLookupBudget
	out := make([]control.Alert, 0, len(as))
	// The guard keeps them oldest first.
	for i := len(as) - 1; i >= 0; i-- {
		a := &as[i]
		tok := s.tokens.lookup(ctx, a.Token, &budget)
		out = append(out, control.Alert{
			Kind: string(a.Kind), Peer: a.Peer.Hex(), Token: a.Token.Hex(), TokenSymbol: tok.symbol, TokenDecimals: tok.decimals,
			Service: a.Service, Value: a.Value.Dec(), Average: a.Average.Dec(), Time: a.At.UTC(),
		})
	}
	return out, nil
}
