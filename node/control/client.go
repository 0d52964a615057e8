package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

var _ Service = (*Client)(nil)

// maxResponseBytes bounds a response body (a full payments page is well
// under it).
const maxResponseBytes = 16 << 20

// Client calls the control API. It is a Service: the CLI can use it where
// the node's own Service would go. Error responses come back as *APIError.
// It is safe for concurrent use.
type Client struct {
	base  string // URL the paths are appended to
	token string
	hc    *http.Client
}

// NewClient returns a client of endpoint, "http://127.0.0.1:7420" (or any
// http/https URL, with an optional path prefix) or "unix:///path/to/control.sock",
// sending token with every request.
func NewClient(endpoint, token string) (*Client, error) {
	if token == "" || strings.ContainsAny(token, " \t\r\n") {
		return nil, errors.New("control: client: empty or malformed token")
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("control: client endpoint: %w", err)
	}
	tr := &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 4}
	c := &Client{token: token, hc: &http.Client{Transport: tr}}
	switch u.Scheme {
	case "unix":
		path := u.Opaque // unix:relative/path
		if path == "" {
			if u.Host != "" {
				return nil, fmt.Errorf("control: client endpoint %q: write unix:///absolute/path", endpoint)
			}
			path = u.Path
		}
		if path == "" {
			return nil, fmt.Errorf("control: client endpoint %q: no socket path", endpoint)
		}
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		}
		c.base = "http://meshpay"
	case "http", "https":
		if u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("control: client endpoint %q: want scheme://host:port", endpoint)
		}
		c.base = strings.TrimRight(u.String(), "/")
	default:
		return nil, fmt.Errorf("control: client endpoint %q: scheme must be http, https or unix", endpoint)
	}
	return c, nil
}

// DiscoverClient returns a client of the node whose data directory is
// dataDir: the token from TokenFile, the default unix socket if it exists,
// else the TCP endpoint in AddrFile. A node that serves neither there is
// ErrUnavailable.
func DiscoverClient(dataDir string) (*Client, error) {
	token, err := ReadToken(filepath.Join(dataDir, TokenFile))
	if err != nil {
		return nil, err
	}
	sock, err := filepath.Abs(filepath.Join(dataDir, SocketFile))
	if err != nil {
		return nil, fmt.Errorf("control: discover: %w", err)
	}
	if fi, err := os.Stat(sock); err == nil && fi.Mode()&fs.ModeSocket != 0 {
		return NewClient("unix://"+filepath.ToSlash(sock), token)
	}
	b, err := os.ReadFile(filepath.Join(dataDir, AddrFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("control: discover: no %s or %s in %s (is the node running?): %w", SocketFile, AddrFile, dataDir, ErrUnavailable)
	}
	if err != nil {
		return nil, fmt.Errorf("control: discover: %w", err)
	}
	return NewClient(strings.TrimSpace(string(b)), token)
}

// CloseIdleConnections closes the client's idle keep-alive connections.
func (c *Client) CloseIdleConnections() { c.hc.CloseIdleConnections() }

// Info implements Service.
func (c *Client) Info(ctx context.Context) (Info, error) {
	var out Info
	err := c.do(ctx, http.MethodGet, "/v1/info", nil, &out)
	return out, err
}

// Peers implements Service.
func (c *Client) Peers(ctx context.Context) ([]Peer, error) {
	var out peersResponse
	err := c.do(ctx, http.MethodGet, "/v1/peers", nil, &out)
	return out.Peers, err
}

// Connect implements Service.
func (c *Client) Connect(ctx context.Context, addr string) (Peer, error) {
	var out Peer
	err := c.do(ctx, http.MethodPost, "/v1/peers", ConnectRequest{Addr: addr}, &out)
	return out, err
}

// Offers implements Service.
func (c *Client) Offers(ctx context.Context) ([]Offer, error) {
	var out offersResponse
	err := c.do(ctx, http.MethodGet, "/v1/offers", nil, &out)
	return out.Offers, err
}

// PublishOffer implements Service.
func (c *Client) PublishOffer(ctx context.Context, req OfferRequest) (Offer, error) {
	var out Offer
	err := c.do(ctx, http.MethodPost, "/v1/offers", req, &out)
	return out, err
}

// Channels implements Service.
func (c *Client) Channels(ctx context.Context) ([]Channel, error) {
	var out channelsResponse
	err := c.do(ctx, http.MethodGet, "/v1/channels", nil, &out)
	return out.Channels, err
}

// Channel implements Service.
func (c *Client) Channel(ctx context.Context, id string) (Channel, error) {
	var out Channel
	err := c.do(ctx, http.MethodGet, channelPath(id, ""), nil, &out)
	return out, err
}

// OpenChannel implements Service.
func (c *Client) OpenChannel(ctx context.Context, req OpenRequest) (Channel, error) {
	var out Channel
	err := c.do(ctx, http.MethodPost, "/v1/channels", req, &out)
	return out, err
}

// Deposit implements Service.
func (c *Client) Deposit(ctx context.Context, id string, req DepositRequest) (Channel, error) {
	var out Channel
	err := c.do(ctx, http.MethodPost, channelPath(id, "/deposit"), req, &out)
	return out, err
}

// Pay implements Service.
func (c *Client) Pay(ctx context.Context, id string, req PayRequest) (PayResult, error) {
	var out PayResult
	err := c.do(ctx, http.MethodPost, channelPath(id, "/pay"), req, &out)
	return out, err
}

// Withdraw implements Service.
func (c *Client) Withdraw(ctx context.Context, id string, req WithdrawRequest) (Channel, error) {
	var out Channel
	err := c.do(ctx, http.MethodPost, channelPath(id, "/withdraw"), req, &out)
	return out, err
}

// Close implements Service.
func (c *Client) Close(ctx context.Context, id string, req CloseRequest) (Channel, error) {
	var out Channel
	err := c.do(ctx, http.MethodPost, channelPath(id, "/close"), req, &out)
	return out, err
}

// Settle implements Service.
func (c *Client) Settle(ctx context.Context, id string) (Channel, error) {
	var out Channel
	err := c.do(ctx, http.MethodPost, channelPath(id, "/settle"), nil, &out)
	return out, err
}

// Payments implements Service; limit 0 is the server's default.
func (c *Client) Payments(ctx context.Context, id string, limit int) ([]Payment, error) {
	path := channelPath(id, "/payments")
	if limit != 0 {
		path += "?limit=" + strconv.Itoa(limit)
	}
	var out paymentsResponse
	err := c.do(ctx, http.MethodGet, path, nil, &out)
	return out.Payments, err
}

// Totals sums the node's payment history by direction, token and service.
func (c *Client) Totals(ctx context.Context) ([]Total, error) {
	var out totalsResponse
	err := c.do(ctx, http.MethodGet, "/v1/totals", nil, &out)
	return out.Totals, err
}

// Sessions lists the node's metered sessions, live ones first.
func (c *Client) Sessions(ctx context.Context) ([]Session, error) {
	var out sessionsResponse
	err := c.do(ctx, http.MethodGet, "/v1/sessions", nil, &out)
	return out.Sessions, err
}

// Alerts lists the node's spending alerts, newest first.
func (c *Client) Alerts(ctx context.Context) ([]Alert, error) {
	var out alertsResponse
	err := c.do(ctx, http.MethodGet, "/v1/alerts", nil, &out)
	return out.Alerts, err
}

func channelPath(id, suffix string) string {
	return "/v1/channels/" + url.PathEscape(id) + suffix
}

// do sends in (if not nil) as JSON and decodes the answer into out.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("control: %s %s: encode request: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("control: %s %s: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		var op *net.OpError
		if ctx.Err() == nil && errors.As(err, &op) && op.Op == "dial" {
			// Nothing was sent: safe to retry, the node is not there.
			return fmt.Errorf("control: %s %s: %w: %w", method, path, ErrUnavailable, err)
		}
		return fmt.Errorf("control: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return fmt.Errorf("control: %s %s: read response: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		return responseError(resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("control: %s %s: decode response: %w", method, path, err)
	}
	return nil
}

// responseError decodes an error answer; one that is not ours (from a
// proxy) keeps its status and a piece of its body.
func responseError(status int, b []byte) *APIError {
	var eb errorBody
	if err := json.Unmarshal(b, &eb); err == nil && eb.Error.Code != "" {
		return &APIError{Status: status, Code: eb.Error.Code, Message: eb.Error.Message}
	}
	code := "http_" + strconv.Itoa(status)
	for _, k := range errorKinds {
		if classes[status] == k.err {
			code = k.code
			break
		}
	}
	return &APIError{Status: status, Code: code, Message: truncate(strings.TrimSpace(string(b)))}
}
