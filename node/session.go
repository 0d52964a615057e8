package node

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// ErrSessionClosed reports a request whose stream broke before its answer.
var ErrSessionClosed = errors.New("node: session closed")

// session is our outbound stream to one peer: it carries our requests,
// several in flight (up to the window), and the peer answers each in order
// on the same stream. Answers are matched to requests by envelope id.
type session struct {
	peer   peer.ID
	stream network.Stream
	window chan struct{}

	wmu      sync.Mutex // serializes writes
	w        *wire.Writer
	deadline writeDeadline // under wmu

	mu      sync.Mutex
	nextID  uint64
	pending map[uint64]chan *pb.Envelope
	err     error
	done    chan struct{}
}

func newSession(p peer.ID, s network.Stream, window int, writeTimeout time.Duration) *session {
	return &session{
		peer:     p,
		stream:   s,
		window:   make(chan struct{}, window),
		w:        wire.NewWriter(s),
		deadline: writeDeadline{st: s, d: writeTimeout},
		pending:  map[uint64]chan *pb.Envelope{},
		done:     make(chan struct{}),
	}
}

// readLoop hands answers to their requests until the stream ends.
func (s *session) readLoop(r *wire.Reader) {
	var err error
	for {
		env := new(pb.Envelope)
		if err = r.Read(env); err != nil {
			break
		}
		s.mu.Lock()
		ch, ok := s.pending[env.GetId()]
		delete(s.pending, env.GetId())
		s.mu.Unlock()
		if !ok {
			err = fmt.Errorf("%w: answer to unknown request %d", wire.ErrMalformed, env.GetId())
			break
		}
		ch <- env
	}
	s.close(err)
}

func (s *session) close(err error) {
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return
	}
	if err == nil {
		err = ErrSessionClosed
	}
	s.err = fmt.Errorf("%w: %w", ErrSessionClosed, err)
	pending := s.pending
	s.pending = nil
	s.mu.Unlock()
	close(s.done)
	_ = s.stream.Reset()
	for _, ch := range pending {
		close(ch)
	}
}

// checkUnanswered closes the session once more requests than the window
// holds were given up on and are still unanswered: a peer that reads but
// does not answer would otherwise keep their entries, and the session, for
// as long as the connection lasts. A new session replaces it.
func (s *session) checkUnanswered() {
	s.mu.Lock()
	// Requests still waiting hold a window slot; the rest were given up.
	abandoned := len(s.pending) - len(s.window)
	s.mu.Unlock()
	if abandoned > cap(s.window) {
		s.close(fmt.Errorf("%d requests given up on and still unanswered", abandoned))
	}
}

func (s *session) closed() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// request sends one request and waits for its answer. An Error answer is
// returned as a *wire.RemoteError.
func (s *session) request(ctx context.Context, env *pb.Envelope) (*pb.Envelope, error) {
	wait, err := s.send(ctx, env)
	if err != nil {
		return nil, err
	}
	return wait()
}

// send writes one request, in call order, and returns the wait for its
// answer; a window slot is held until the answer comes (or ctx ends).
func (s *session) send(ctx context.Context, env *pb.Envelope) (func() (*pb.Envelope, error), error) {
	select {
	case s.window <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.done:
		return nil, s.err
	}
	release := sync.OnceFunc(func() { <-s.window })

	ch := make(chan *pb.Envelope, 1)
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		release()
		return nil, s.err
	}
	s.nextID++
	env.Id = s.nextID
	s.pending[env.Id] = ch
	s.mu.Unlock()

	s.wmu.Lock()
	s.deadline.refresh()
	err := s.w.WriteFlush(env)
	s.wmu.Unlock()
	if err != nil {
		s.close(err)
		release()
		return nil, fmt.Errorf("send to %s: %w", s.peer, err)
	}
	return func() (*pb.Envelope, error) {
		defer release()
		select {
		case resp, ok := <-ch:
			if !ok {
				return nil, s.err
			}
			if e := resp.GetError(); e != nil {
				return nil, wire.DecodeError(e)
			}
			return resp, nil
		case <-ctx.Done():
			// The answer may still come; the read loop drops it into
			// the buffered channel nobody reads.
			s.checkUnanswered()
			return nil, ctx.Err()
		}
	}, nil
}

// writeDeadline keeps a stream's write deadline ahead of its writes, so
// that a peer that stops reading fails the write within d instead of
// holding the writer (and everything queued behind it) for good. The
// deadline moves only every d/4, not on each of many small writes; each
// write still gets at least 3/4 of d. Not safe for concurrent use.
type writeDeadline struct {
	st   network.Stream
	d    time.Duration
	next time.Time // when the deadline moves again
}

func (w *writeDeadline) refresh() {
	now := time.Now()
	if now.Before(w.next) {
		return
	}
	_ = w.st.SetWriteDeadline(now.Add(w.d))
	w.next = now.Add(w.d / 4)
}
