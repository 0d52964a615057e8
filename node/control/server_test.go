package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
)

// call is one Service method called through a client, with the call and
// arguments the fake must see.
type call struct {
	name string
	do   func(ctx context.Context, s Service) (any, error)
	want any
	args []any
}

var calls = []call{
	{"Info", func(ctx context.Context, s Service) (any, error) { return s.Info(ctx) }, fakeInfo, nil},
	{"Peers", func(ctx context.Context, s Service) (any, error) { return s.Peers(ctx) }, []Peer{fakePeer}, nil},
	{"Connect", func(ctx context.Context, s Service) (any, error) {
		return s.Connect(ctx, "/ip4/10.0.0.2/tcp/4001/p2p/"+peerB)
	}, fakePeer, []any{"/ip4/10.0.0.2/tcp/4001/p2p/" + peerB}},
	{"Offers", func(ctx context.Context, s Service) (any, error) { return s.Offers(ctx) }, []Offer{fakeOffer}, nil},
	{"PublishOffer", func(ctx context.Context, s Service) (any, error) {
		return s.PublishOffer(ctx, fakeOfferRequest)
	}, fakeOffer, []any{fakeOfferRequest}},
	{"Channels", func(ctx context.Context, s Service) (any, error) { return s.Channels(ctx) }, []Channel{fakeChannel}, nil},
	{"Channel", func(ctx context.Context, s Service) (any, error) { return s.Channel(ctx, chanID) }, fakeChannel, []any{chanID}},
	{"OpenChannel", func(ctx context.Context, s Service) (any, error) {
		return s.OpenChannel(ctx, OpenRequest{Peer: peerB, Token: tokenET, Deposit: "1000", ChallengePeriodSeconds: 3600})
	}, fakeChannel, []any{OpenRequest{Peer: peerB, Token: tokenET, Deposit: "1000", ChallengePeriodSeconds: 3600}}},
	{"Deposit", func(ctx context.Context, s Service) (any, error) {
		return s.Deposit(ctx, chanID, DepositRequest{Amount: "500"})
	}, fakeChannel, []any{chanID, DepositRequest{Amount: "500"}}},
	{"Pay", func(ctx context.Context, s Service) (any, error) {
		return s.Pay(ctx, chanID, PayRequest{Amount: "5", Reference: "r"})
	}, fakePay, []any{chanID, PayRequest{Amount: "5", Reference: "r"}}},
	{"Withdraw", func(ctx context.Context, s Service) (any, error) {
		return s.Withdraw(ctx, chanID, WithdrawRequest{Amount: "100"})
	}, fakeChannel, []any{chanID, WithdrawRequest{Amount: "100"}}},
	{"Close", func(ctx context.Context, s Service) (any, error) {
		return s.Close(ctx, chanID, CloseRequest{Cooperative: true})
	}, fakeChannel, []any{chanID, CloseRequest{Cooperative: true}}},
	{"Settle", func(ctx context.Context, s Service) (any, error) { return s.Settle(ctx, chanID) }, fakeChannel, []any{chanID}},
	{"Payments", func(ctx context.Context, s Service) (any, error) { return s.Payments(ctx, chanID, 10) },
		[]Payment{fakePayment}, []any{chanID, 10}},
	{"Totals", func(ctx context.Context, s Service) (any, error) { return s.Totals(ctx) }, []Total{fakeTotal}, nil},
	{"Sessions", func(ctx context.Context, s Service) (any, error) { return s.Sessions(ctx) }, []Session{fakeSession}, nil},
	{"Alerts", func(ctx context.Context, s Service) (any, error) { return s.Alerts(ctx) }, []Alert{fakeAlert}, nil},
}

var fakeOfferRequest = OfferRequest{Service: "toll", Unit: "pass", PricePerUnit: "1000", Token: tokenET, TTLSeconds: 600, Description: "gate 7"}

func TestRoundTrip(t *testing.T) {
	ts := startServer(t, ServerConfig{})
	for _, transport := range []string{"tcp", "unix"} {
		c := ts.client(t, transport)
		for _, tc := range calls {
			t.Run(transport+"/"+tc.name, func(t *testing.T) {
				n := len(ts.fake.Calls())
				got, err := tc.do(context.Background(), c)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("got %+v\nwant %+v", got, tc.want)
				}
				if cs := ts.fake.Calls(); len(cs) != n+1 || cs[n] != tc.name {
					t.Fatalf("fake calls %v, want one more %s", cs[n:], tc.name)
				}
				if args := ts.fake.lastArgs(); !reflect.DeepEqual(args, tc.args) && len(args)+len(tc.args) > 0 {
					t.Errorf("fake got args %#v, want %#v", args, tc.args)
				}
			})
		}
	}
}

func TestRoundTripEdges(t *testing.T) {
	ts := startServer(t, ServerConfig{})
	c := ts.client(t, "unix")
	ctx := context.Background()

	// Unilateral close: false must arrive as false.
	if _, err := c.Close(ctx, chanID, CloseRequest{}); err != nil {
		t.Fatal(err)
	}
	if args := ts.fake.lastArgs(); args[1] != (CloseRequest{Cooperative: false}) {
		t.Errorf("close args %v", args)
	}
	// Payments limits: 0 is the default, above the maximum is the maximum.
	for _, tc := range []struct{ in, want int }{{0, DefaultPaymentsLimit}, {MaxPaymentsLimit + 1, MaxPaymentsLimit}, {1, 1}} {
		if _, err := c.Payments(ctx, chanID, tc.in); err != nil {
			t.Fatal(err)
		}
		if got := ts.fake.lastArgs()[1]; got != tc.want {
			t.Errorf("limit %d reached the service as %v, want %d", tc.in, got, tc.want)
		}
	}
	// An open deposit may be omitted, and the largest amount passes.
	max := "115792089237316195423570985008687907853269984665640564039457584007913129639935"
	for _, dep := range []string{"", "0", max} {
		if _, err := c.OpenChannel(ctx, OpenRequest{Peer: addrB, Token: tokenET, Deposit: dep}); err != nil {
			t.Errorf("deposit %q: %v", dep, err)
		}
	}
	if _, err := c.Pay(ctx, chanID, PayRequest{Amount: max, Reference: strings.Repeat("x", MaxReferenceLen)}); err != nil {
		t.Error(err)
	}
}

// rawRoute is one endpoint with a body that would pass validation.
type rawRoute struct {
	method, path, body string
}

// allRoutes lists every endpoint; TestRoutesCovered keeps it in step with
// the server's table.
var allRoutes = []rawRoute{
	{"GET", "/v1/info", ""},
	{"GET", "/v1/peers", ""},
	{"POST", "/v1/peers", `{"addr":"/ip4/1.2.3.4/tcp/1/p2p/` + peerB + `"}`},
	{"GET", "/v1/offers", ""},
	{"POST", "/v1/offers", `{"service":"toll","unit":"pass","price_per_unit":"1000","token":"` + tokenET + `"}`},
	{"GET", "/v1/channels", ""},
	{"POST", "/v1/channels", `{"peer":"` + addrB + `","token":"` + tokenET + `","deposit":"1"}`},
	{"GET", "/v1/channels/" + chanID, ""},
	{"POST", "/v1/channels/" + chanID + "/deposit", `{"amount":"1"}`},
	{"POST", "/v1/channels/" + chanID + "/pay", `{"amount":"1","reference":"x"}`},
	{"POST", "/v1/channels/" + chanID + "/withdraw", `{"amount":"1"}`},
	{"POST", "/v1/channels/" + chanID + "/close", `{"cooperative":true}`},
	{"POST", "/v1/channels/" + chanID + "/settle", ""},
	{"GET", "/v1/channels/" + chanID + "/payments?limit=5", ""},
	{"GET", "/v1/totals", ""},
	{"GET", "/v1/sessions", ""},
	{"GET", "/v1/alerts", ""},
}

func TestRoutesCovered(t *testing.T) {
	if len(allRoutes) != len(endpoints) {
		t.Fatalf("test lists %d routes, server has %d", len(allRoutes), len(endpoints))
	}
	ts := startServer(t, ServerConfig{})
	for _, rt := range allRoutes {
		resp, body := do(t, ts.tcpURL(), rt.method, rt.path, rt.body, "Bearer "+ts.token)
		if resp.StatusCode/100 != 2 {
			t.Errorf("%s %s: %d %s", rt.method, rt.path, resp.StatusCode, body)
		}
	}
	if n := len(ts.fake.Calls()); n != len(allRoutes) {
		t.Errorf("fake saw %d calls, want %d", n, len(allRoutes))
	}
}

// do sends a raw request; auth is the whole Authorization header ("" for
// none).
func do(t *testing.T, base, method, path, body, auth string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// errorCode decodes an error answer's code.
func errorCode(t *testing.T, body string) string {
	t.Helper()
	var eb errorBody
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&eb); err != nil || eb.Error.Message == "" {
		t.Fatalf("not an error body: %q (%v)", body, err)
	}
	return eb.Error.Code
}

func TestAuthRequiredEverywhere(t *testing.T) {
	ts := startServer(t, ServerConfig{})
	wrong := strings.Repeat("0", len(ts.token))
	if wrong == ts.token {
		wrong = strings.Repeat("1", len(ts.token))
	}
	auths := map[string]string{
		"none":          "",
		"wrong token":   "Bearer " + wrong,
		"short token":   "Bearer " + ts.token[:10],
		"token + extra": "Bearer " + ts.token + "00",
		"basic scheme":  "Basic " + ts.token,
		"no scheme":     ts.token,
		"scheme only":   "Bearer",
	}
	routes := append(allRoutes, rawRoute{"GET", "/v1/nope", ""}, rawRoute{"DELETE", "/v1/info", ""})
	for name, auth := range auths {
		for _, rt := range routes {
			resp, body := do(t, ts.tcpURL(), rt.method, rt.path, rt.body, auth)
			if resp.StatusCode != http.StatusUnauthorized || errorCode(t, body) != CodeUnauthorized {
				t.Errorf("%s: %s %s: %d %s", name, rt.method, rt.path, resp.StatusCode, body)
			}
			if resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s: %s %s: no WWW-Authenticate", name, rt.method, rt.path)
			}
		}
	}
	if cs := ts.fake.Calls(); len(cs) != 0 {
		t.Fatalf("service called without a valid token: %v", cs)
	}

	// Through a client, on both transports: ErrUnauthorized, every method.
	for _, endpoint := range []string{ts.tcpURL(), "unix://" + ts.SocketPath()} {
		c, err := NewClient(endpoint, wrong)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range calls {
			_, err := tc.do(context.Background(), c)
			var ae *APIError
			if !errors.Is(err, ErrUnauthorized) || !errors.As(err, &ae) || ae.Status != http.StatusUnauthorized {
				t.Errorf("%s %s with a wrong token: %v", endpoint, tc.name, err)
			}
		}
		c.CloseIdleConnections()
	}
	if cs := ts.fake.Calls(); len(cs) != 0 {
		t.Fatalf("service called without a valid token: %v", cs)
	}

	// The scheme is case-insensitive (RFC 7235).
	if resp, body := do(t, ts.tcpURL(), "GET", "/v1/info", "", "bearer "+ts.token); resp.StatusCode != http.StatusOK {
		t.Errorf("lower-case scheme: %d %s", resp.StatusCode, body)
	}
}

func TestErrorMapping(t *testing.T) {
	tests := []struct {
		err    error
		status int
		code   string
		is     []error // what the client's error matches
	}{
		{ErrNotFound, 404, "not_found", []error{ErrNotFound}},
		{ErrInvalidArgument, 400, "invalid_argument", []error{ErrInvalidArgument}},
		{ErrConflict, 409, "conflict", []error{ErrConflict}},
		{ErrUnavailable, 503, "unavailable", []error{ErrUnavailable}},
		{engine.ErrUnknownChannel, 404, "unknown_channel", []error{engine.ErrUnknownChannel, ErrNotFound}},
		{engine.ErrInvalidAmount, 400, "invalid_amount", []error{engine.ErrInvalidAmount, ErrInvalidArgument}},
		{engine.ErrInvalidReference, 400, "invalid_reference", []error{engine.ErrInvalidReference, ErrInvalidArgument}},
		{engine.ErrChannelExists, 409, "channel_exists", []error{engine.ErrChannelExists, ErrConflict}},
		{engine.ErrChannelFailed, 503, "channel_failed", []error{engine.ErrChannelFailed, ErrUnavailable}},
		{engine.ErrClosed, 503, "engine_closed", []error{engine.ErrClosed, ErrUnavailable}},
		{engine.ErrUnacknowledged, 504, "unacknowledged", []error{engine.ErrUnacknowledged}},
		{engine.ErrWrongPeer, 502, "wrong_peer", []error{engine.ErrWrongPeer}},
		{channels.ErrOverspend, 422, "overspend", []error{channels.ErrOverspend}},
		{channels.ErrWithdrawTooLarge, 422, "withdraw_too_large", []error{channels.ErrWithdrawTooLarge}},
		{channels.ErrAmountOverflow, 422, "amount_overflow", []error{channels.ErrAmountOverflow}},
		{channels.ErrChannelNotOpen, 409, "channel_not_open", []error{channels.ErrChannelNotOpen, ErrConflict}},
		{channels.ErrIllegalTransition, 409, "illegal_transition", []error{channels.ErrIllegalTransition, ErrConflict}},
		{channels.ErrWithdrawNotIncreasing, 409, "withdraw_not_increasing", []error{channels.ErrWithdrawNotIncreasing, ErrConflict}},
		{channels.ErrInvalidParams, 400, "invalid_params", []error{channels.ErrInvalidParams, ErrInvalidArgument}},
		{channels.ErrNotParticipant, 400, "not_participant", []error{channels.ErrNotParticipant, ErrInvalidArgument}},
		{channels.ErrBadSignature, 502, "bad_signature", []error{channels.ErrBadSignature}},
		{channels.ErrBalanceMismatch, 502, "balance_mismatch", []error{channels.ErrBalanceMismatch}},
		{context.DeadlineExceeded, 504, "deadline_exceeded", []error{context.DeadlineExceeded}},
		// A cancelled service call is the server going away: the client
		// must not read it as its own cancellation.
		{context.Canceled, 503, "unavailable", []error{ErrUnavailable}},
		{errFake, 500, "internal", nil},
		// The specific error wins over a class it is wrapped with.
		{fmt.Errorf("%w: %w", ErrConflict, channels.ErrOverspend), 422, "overspend", []error{channels.ErrOverspend}},
	}
	notIs := []error{ErrNotFound, ErrInvalidArgument, ErrConflict, ErrUnavailable, ErrUnauthorized,
		context.Canceled, context.DeadlineExceeded, channels.ErrOverspend, engine.ErrUnknownChannel}
	ts := startServer(t, ServerConfig{})
	c := ts.client(t, "tcp")
	for _, tc := range tests {
		t.Run(tc.code+"/"+tc.err.Error(), func(t *testing.T) {
			ts.fake.mu.Lock()
			ts.fake.err = fmt.Errorf("channel %s: %w", chanID, tc.err)
			ts.fake.mu.Unlock()
			_, err := c.Pay(context.Background(), chanID, PayRequest{Amount: "1"})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("got %v, want an *APIError", err)
			}
			if ae.Status != tc.status || ae.Code != tc.code {
				t.Errorf("got %d %s, want %d %s", ae.Status, ae.Code, tc.status, tc.code)
			}
			if !strings.Contains(ae.Message, tc.err.Error()) || !strings.Contains(ae.Message, chanID) {
				t.Errorf("message %q lost the error text", ae.Message)
			}
			for _, target := range tc.is {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = false", err, target)
				}
			}
			for _, target := range notIs {
				if errors.Is(err, target) && !slices.Contains(tc.is, target) {
					t.Errorf("errors.Is(%v, %v) = true", err, target)
				}
			}
		})
	}
}

func TestInvalidRequests(t *testing.T) {
	ts := startServer(t, ServerConfig{MaxBodyBytes: 1024})
	auth := "Bearer " + ts.token
	ch := "/v1/channels/" + chanID
	tooBig := "115792089237316195423570985008687907853269984665640564039457584007913129639936" // 2^256
	tests := []struct {
		name, method, path, body string
		status                   int
	}{
		{"empty amount", "POST", ch + "/pay", `{"amount":""}`, 400},
		{"missing amount", "POST", ch + "/pay", `{}`, 400},
		{"zero pay", "POST", ch + "/pay", `{"amount":"0"}`, 400},
		{"zero deposit", "POST", ch + "/deposit", `{"amount":"00"}`, 400},
		{"zero withdraw", "POST", ch + "/withdraw", `{"amount":"0"}`, 400},
		{"negative", "POST", ch + "/pay", `{"amount":"-1"}`, 400},
		{"plus sign", "POST", ch + "/pay", `{"amount":"+1"}`, 400},
		{"decimal point", "POST", ch + "/pay", `{"amount":"1.5"}`, 400},
		{"exponent", "POST", ch + "/pay", `{"amount":"1e3"}`, 400},
		{"hex", "POST", ch + "/pay", `{"amount":"0x10"}`, 400},
		{"space", "POST", ch + "/pay", `{"amount":" 1"}`, 400},
		{"number not string", "POST", ch + "/pay", `{"amount":1}`, 400},
		{"79 digits", "POST", ch + "/pay", `{"amount":"1` + strings.Repeat("0", 78) + `"}`, 400},
		{"2^256", "POST", ch + "/deposit", `{"amount":"` + tooBig + `"}`, 400},
		{"open deposit 2^256", "POST", "/v1/channels", `{"peer":"` + addrB + `","token":"` + tokenET + `","deposit":"` + tooBig + `"}`, 400},
		{"open negative deposit", "POST", "/v1/channels", `{"peer":"` + addrB + `","token":"` + tokenET + `","deposit":"-5"}`, 400},
		{"open no token", "POST", "/v1/channels", `{"peer":"` + addrB + `"}`, 400},
		{"open bad peer", "POST", "/v1/channels", `{"peer":"not a peer!","token":"` + tokenET + `"}`, 400},
		{"open short address", "POST", "/v1/channels", `{"peer":"0x1234","token":"` + tokenET + `"}`, 400},
		{"open negative period", "POST", "/v1/channels", `{"peer":"` + addrB + `","token":"` + tokenET + `","challenge_period_seconds":-1}`, 400},
		{"unknown field", "POST", ch + "/pay", `{"amount":"1","memo":"x"}`, 400},
		{"trailing data", "POST", ch + "/pay", `{"amount":"1"} {"amount":"2"}`, 400},
		{"not json", "POST", ch + "/pay", `amount=1`, 400},
		{"no body", "POST", ch + "/pay", ``, 400},
		{"reference too long", "POST", ch + "/pay", `{"amount":"1","reference":"` + strings.Repeat("x", MaxReferenceLen+1) + `"}`, 400},
		{"close without cooperative", "POST", ch + "/close", `{}`, 400},
		{"close empty", "POST", ch + "/close", ``, 400},
		{"close cooperative string", "POST", ch + "/close", `{"cooperative":"yes"}`, 400},
		{"settle with body", "POST", ch + "/settle", `{"x":1}`, 400},
		{"bad channel id", "GET", "/v1/channels/0x1234", ``, 400},
		{"bad channel id pay", "POST", "/v1/channels/nothex/pay", `{"amount":"1"}`, 400},
		{"limit negative", "GET", ch + "/payments?limit=-1", ``, 400},
		{"limit text", "GET", ch + "/payments?limit=ten", ``, 400},
		{"offer no service", "POST", "/v1/offers", `{"unit":"pass","price_per_unit":"1","token":"` + tokenET + `"}`, 400},
		{"offer no unit", "POST", "/v1/offers", `{"service":"toll","price_per_unit":"1","token":"` + tokenET + `"}`, 400},
		{"offer zero price", "POST", "/v1/offers", `{"service":"toll","unit":"pass","price_per_unit":"0","token":"` + tokenET + `"}`, 400},
		{"offer decimal price", "POST", "/v1/offers", `{"service":"toll","unit":"pass","price_per_unit":"0.5","token":"` + tokenET + `"}`, 400},
		{"offer no token", "POST", "/v1/offers", `{"service":"toll","unit":"pass","price_per_unit":"1"}`, 400},
		{"offer ttl too long", "POST", "/v1/offers", `{"service":"toll","unit":"pass","price_per_unit":"1","token":"` + tokenET + `","ttl_seconds":99999999999}`, 400},
		{"offer negative ttl", "POST", "/v1/offers", `{"service":"toll","unit":"pass","price_per_unit":"1","token":"` + tokenET + `","ttl_seconds":-1}`, 400},
		{"offer unknown field", "POST", "/v1/offers", `{"service":"toll","unit":"pass","price_per_unit":"1","token":"` + tokenET + `","price":"1"}`, 400},
		{"delete offers", "DELETE", "/v1/offers", ``, 405},
		{"connect no p2p", "POST", "/v1/peers", `{"addr":"/ip4/1.2.3.4/tcp/1"}`, 400},
		{"connect not multiaddr", "POST", "/v1/peers", `{"addr":"1.2.3.4:1"}`, 400},
		{"oversize body", "POST", ch + "/pay", `{"amount":"1","reference":"` + strings.Repeat("x", 2000) + `"}`, 413},
		{"oversize padding", "POST", ch + "/deposit", `{"amount":"1"}` + strings.Repeat(" ", 2000), 413},
		{"unknown path", "GET", "/v1/nope", ``, 404},
		{"unknown version", "GET", "/v2/info", ``, 404},
		{"wrong method", "DELETE", ch, ``, 405},
		{"get on pay", "GET", ch + "/pay", ``, 405},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, ts.tcpURL(), tc.method, tc.path, tc.body, auth)
			if resp.StatusCode != tc.status {
				t.Errorf("got %d %s, want %d", resp.StatusCode, body, tc.status)
			}
			code := errorCode(t, body)
			want := map[int]string{400: CodeInvalidArgument, 413: CodeRequestTooLarge, 404: CodeNotFound, 405: CodeMethodNotAllowed}[tc.status]
			if code != want {
				t.Errorf("code %q, want %q", code, want)
			}
			if tc.status == 405 && resp.Header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("content type %q", ct)
			}
		})
	}
	if cs := ts.fake.Calls(); len(cs) != 0 {
		t.Fatalf("service called with invalid requests: %v", cs)
	}
}

func TestRequestTimeout(t *testing.T) {
	ts := startServer(t, ServerConfig{RequestTimeout: 50 * time.Millisecond})
	ts.fake.block = make(chan struct{}) // never closed: the fake waits for ctx
	c := ts.client(t, "unix")
	_, err := c.Pay(context.Background(), chanID, PayRequest{Amount: "1"})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusGatewayTimeout || ae.Code != CodeDeadlineExceeded {
		t.Fatalf("got %v, want 504 %s", err, CodeDeadlineExceeded)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(%v, DeadlineExceeded) = false", err)
	}
}

func TestGracefulShutdown(t *testing.T) {
	ts := startServer(t, ServerConfig{})
	release := make(chan struct{})
	ts.fake.mu.Lock()
	ts.fake.block = release
	ts.fake.mu.Unlock()
	c := ts.client(t, "tcp")
	res := make(chan error, 1)
	go func() {
		_, err := c.Pay(context.Background(), chanID, PayRequest{Amount: "1"})
		res <- err
	}()
	waitFor(t, func() bool { return len(ts.fake.Calls()) == 1 })
	ts.cancel() // shutdown starts with the payment in flight
	time.Sleep(50 * time.Millisecond)
	if _, err := net.DialTimeout("tcp", ts.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections after shutdown began")
	}
	close(release)
	if err := <-res; err != nil {
		t.Errorf("request in flight failed: %v", err)
	}
	ts.stop(t)
	for _, p := range []string{ts.SocketPath(), ts.addrPath()} {
		if _, err := net.Dial("unix", p); err == nil {
			t.Errorf("%s still answers", p)
		}
		if fileExists(p) {
			t.Errorf("%s left behind", p)
		}
	}
	if !fileExists(ts.TokenPath()) {
		t.Error("token file removed: it must survive restarts")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
