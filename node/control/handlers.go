package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// route is one endpoint: call decodes and validates the request, calls the
// Service and returns the response body.
type route struct {
	method  string
	pattern string
	status  int // on success
	call    func(s *Server, ctx context.Context, w http.ResponseWriter, r *http.Request) (any, error)
}

// endpoints is the API, in the order of API.md.
var endpoints = []route{
	{http.MethodGet, "/v1/info", http.StatusOK, func(s *Server, ctx context.Context, _ http.ResponseWriter, _ *http.Request) (any, error) {
		return s.svc.Info(ctx)
	}},
	{http.MethodGet, "/v1/peers", http.StatusOK, func(s *Server, ctx context.Context, _ http.ResponseWriter, _ *http.Request) (any, error) {
		ps, err := s.svc.Peers(ctx)
		return peersResponse{Peers: nonNil(ps)}, err
	}},
	{http.MethodPost, "/v1/peers", http.StatusOK, func(s *Server, ctx context.Context, w http.ResponseWriter, r *http.Request) (any, error) {
		var req ConnectRequest
		if err := s.decode(w, r, &req, true); err != nil {
			return nil, err
		}
		if err := req.Validate(); err != nil {
			return nil, err
		}
		return s.svc.Connect(ctx, req.Addr)
	}},
	{http.MethodGet, "/v1/offers", http.StatusOK, func(s *Server, ctx context.Context, _ http.ResponseWriter, _ *http.Request) (any, error) {
		offers, err := s.svc.Offers(ctx)
		return offersResponse{Offers: nonNil(offers)}, err
	}},
	{http.MethodPost, "/v1/offers", http.StatusOK, func(s *Server, ctx context.Context, w http.ResponseWriter, r *http.Request) (any, error) {
		var req OfferRequest
		if err := s.decode(w, r, &req, true); err != nil {
			return nil, err
		}
		if err := req.Validate(); err != nil {
			return nil, err
		}
		return s.svc.PublishOffer(ctx, req)
	}},
	{http.MethodGet, "/v1/channels", http.StatusOK, func(s *Server, ctx context.Context, _ http.ResponseWriter, _ *http.Request) (any, error) {
		cs, err := s.svc.Channels(ctx)
		return channelsResponse{Channels: nonNil(cs)}, err
	}},
	{http.MethodPost, "/v1/channels", http.StatusCreated, func(s *Server, ctx context.Context, w http.ResponseWriter, r *http.Request) (any, error) {
		var req OpenRequest
		if err := s.decode(w, r, &req, true); err != nil {
			return nil, err
		}
		if err := req.Validate(); err != nil {
			return nil, err
		}
		ch, err := s.svc.OpenChannel(ctx, req)
		if err == nil && ValidateChannelID(ch.ID) == nil {
			w.Header().Set("Location", "/v1/channels/"+ch.ID)
		}
		return ch, err
	}},
	{http.MethodGet, "/v1/channels/{id}", http.StatusOK, func(s *Server, ctx context.Context, _ http.ResponseWriter, r *http.Request) (any, error) {
		id, err := channelID(r)
		if err != nil {
			return nil, err
		}
		return s.svc.Channel(ctx, id)
	}},
	{http.MethodPost, "/v1/channels/{id}/deposit", http.StatusOK, func(s *Server, ctx context.Context, w http.ResponseWriter, r *http.Request) (any, error) {
		var req DepositRequest
		id, err := s.channelRequest(w, r, &req, func() error { return req.Validate() })
		if err != nil {
			return nil, err
		}
		return s.svc.Deposit(ctx, id, req)
	}},
	{http.MethodPost, "/v1/channels/{id}/pay", http.StatusOK, func(s *Server, ctx context.Context, w http.ResponseWriter, r *http.Request) (any, error) {
		var req PayRequest
		id, err := s.channelRequest(w, r, &req, func() error { return req.Validate() })
		if err != nil {
			return nil, err
		}
		return s.svc.Pay(ctx, id, req)
	}},
	{http.MethodPost, "/v1/channels/{id}/withdraw", http.StatusOK, func(s *Server, ctx context.Context, w http.ResponseWriter, r *http.Request) (any, error) {
		var req WithdrawRequest
		id, err := s.channelRequest(w, r, &req, func() error { return req.Validate() })
		if err != nil {
			return nil, err
		}
		return s.svc.Withdraw(ctx, id, req)
	}},
	{http.MethodPost, "/v1/channels/{id}/close", http.StatusOK, func(s *Server, ctx context.Context, w http.ResponseWriter, r *http.Request) (any, error) {
		var body closeBody
		id, err := s.channelRequest(w, r, &body, func() error {
			if body.Cooperative == nil {
				return fmt.Errorf("cooperative: %w: required (true: co-signed settle, false: unilateral close)", ErrInvalidArgument)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return s.svc.Close(ctx, id, CloseRequest{Cooperative: *body.Cooperative})
	}},
	{http.MethodPost, "/v1/channels/{id}/settle", http.StatusOK, func(s *Server, ctx context.Context, w http.ResponseWriter, r *http.Request) (any, error) {
		var none struct{}
		id, err := channelID(r)
		if err == nil {
			err = s.decode(w, r, &none, false)
		}
		if err != nil {
			return nil, err
		}
		return s.svc.Settle(ctx, id)
	}},
	{http.MethodGet, "/v1/channels/{id}/payments", http.StatusOK, func(s *Server, ctx context.Context, _ http.ResponseWriter, r *http.Request) (any, error) {
		id, err := channelID(r)
		if err != nil {
			return nil, err
		}
		limit, err := paymentsLimit(r.URL.Query().Get("limit"))
		if err != nil {
			return nil, err
		}
		ps, err := s.svc.Payments(ctx, id, limit)
		return paymentsResponse{Payments: nonNil(ps)}, err
	}},
	{http.MethodGet, "/v1/totals", http.StatusOK, func(s *Server, ctx context.Context, _ http.ResponseWriter, _ *http.Request) (any, error) {
		ts, err := s.svc.Totals(ctx)
		return totalsResponse{Totals: nonNil(ts)}, err
	}},
	{http.MethodGet, "/v1/sessions", http.StatusOK, func(s *Server, ctx context.Context, _ http.ResponseWriter, _ *http.Request) (any, error) {
		ss, err := s.svc.Sessions(ctx)
		return sessionsResponse{Sessions: nonNil(ss)}, err
	}},
	{http.MethodGet, "/v1/alerts", http.StatusOK, func(s *Server, ctx context.Context, _ http.ResponseWriter, _ *http.Request) (any, error) {
		as, err := s.svc.Alerts(ctx)
		return alertsResponse{Alerts: nonNil(as)}, err
	}},
}

// routes builds the mux. Each path also gets a method-less pattern that
// answers 405, and "/" answers 404, so every answer is JSON.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	allow := map[string][]string{}
	var paths []string
	for _, rt := range endpoints {
		mux.Handle(rt.method+" "+rt.pattern, s.endpoint(rt))
		if allow[rt.pattern] == nil {
			paths = append(paths, rt.pattern)
		}
		allow[rt.pattern] = append(allow[rt.pattern], rt.method)
	}
	for _, p := range paths {
		methods := strings.Join(allow[p], ", ")
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", methods)
			writeError(w, &APIError{Status: http.StatusMethodNotAllowed, Code: CodeMethodNotAllowed,
				Message: fmt.Sprintf("%s %s: %v (allowed: %s)", r.Method, p, errMethod, methods)})
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &APIError{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no endpoint " + r.URL.Path})
	})
	return mux
}

// endpoint runs one route with the request timeout and writes its answer.
func (s *Server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		resp, err := rt.call(s, ctx, w, r)
		if err == nil {
			writeJSON(w, rt.status, resp)
			s.log.Debug("control api request", "method", r.Method, "path", r.URL.Path, "status", rt.status, "duration", time.Since(start))
			return
		}
		ae := toAPIError(err)
		writeError(w, ae)
		if ae.Status == http.StatusInternalServerError {
			// An error no sentinel explains: the node should classify it.
			s.log.Warn("control api request failed", "method", r.Method, "path", r.URL.Path, "status", ae.Status, "err", err)
			return
		}
		s.log.Debug("control api request", "method", r.Method, "path", r.URL.Path, "status", ae.Status, "code", ae.Code, "err", err, "duration", time.Since(start))
	})
}

// channelID is the validated {id} of the path.
func channelID(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if err := ValidateChannelID(id); err != nil {
		return "", err
	}
	return id, nil
}

// channelRequest reads the {id} and the required body into v, then runs
// validate.
func (s *Server) channelRequest(w http.ResponseWriter, r *http.Request, v any, validate func() error) (string, error) {
	id, err := channelID(r)
	if err != nil {
		return "", err
	}
	if err := s.decode(w, r, v, true); err != nil {
		return "", err
	}
	return id, validate()
}

// decode reads one JSON object of at most MaxBodyBytes into v, refusing
// unknown fields and trailing data. An empty body is an error if required.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any, required bool) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("data after the JSON object")
			var mbe *http.MaxBytesError
			if errors.As(terr, &mbe) {
				err = terr
			}
		}
	}
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mbe):
		return fmt.Errorf("%w: limit %d bytes", errTooLarge, mbe.Limit)
	case errors.Is(err, io.EOF) && !required:
		return nil
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%w: request body required", ErrInvalidArgument)
	default:
		return fmt.Errorf("%w: request body: %v", ErrInvalidArgument, err)
	}
}

// paymentsLimit parses ?limit=: absent or 0 is the default, above the
// maximum is the maximum.
func paymentsLimit(q string) (int, error) {
	if q == "" {
		return DefaultPaymentsLimit, nil
	}
	n, err := strconv.Atoi(q)
	switch {
	case err != nil || n < 0:
		return 0, fmt.Errorf("limit: %w: %q is not a non-negative integer", ErrInvalidArgument, truncate(q))
	case n == 0:
		return DefaultPaymentsLimit, nil
	case n > MaxPaymentsLimit:
		return MaxPaymentsLimit, nil
	}
	return n, nil
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, &APIError{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "encode response: " + err.Error()})
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n')) // a client that went away reads nothing
}

func writeError(w http.ResponseWriter, e *APIError) {
	b, _ := json.Marshal(errorBody{Error: errorDetail{Code: e.Code, Message: e.Message}}) // strings only: cannot fail
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(e.Status)
	_, _ = w.Write(append(b, '\n')) // a client that went away reads nothing
}
