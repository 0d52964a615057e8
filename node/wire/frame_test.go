package wire_test

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// countingWriter records how the Writer reaches the stream.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

func ackEnvelope(id uint64) *pb.Envelope {
	return &pb.Envelope{Id: id, Body: &pb.Envelope_Ack{Ack: wire.EncodeAck(engine.Ack{ChannelID: channels.ChannelID{byte(id)}, Nonce: id})}}
}

// TestWriteManyFlushOnce: writes are buffered, one Flush sends them in one
// stream write, and they read back in order.
func TestWriteManyFlushOnce(t *testing.T) {
	const n = 50
	var out countingWriter
	w := wire.NewWriter(&out)
	for i := range uint64(n) {
		require.NoError(t, w.Write(ackEnvelope(i+1)))
	}
	require.Zero(t, out.writes, "nothing sent before Flush")
	require.NoError(t, w.Flush())
	require.Equal(t, 1, out.writes)
	require.NoError(t, w.WriteFlush(ackEnvelope(n+1)))
	require.Equal(t, 2, out.writes)

	r := wire.NewReader(&out, 0)
	for i := range uint64(n + 1) {
		var env pb.Envelope
		require.NoError(t, r.Read(&env))
		ack, err := wire.DecodeAck(env.GetAck())
		require.NoError(t, err)
		require.Equal(t, i+1, env.GetId())
		require.Equal(t, engine.Ack{ChannelID: channels.ChannelID{byte(i + 1)}, Nonce: i + 1}, ack)
	}
	var env pb.Envelope
	require.Equal(t, io.EOF, r.Read(&env), "io.EOF itself at a clean end")
}

// bigError is an Envelope of about size bytes.
func bigError(size int) *pb.Envelope {
	return &pb.Envelope{Id: 1, Body: &pb.Envelope_Error{Error: &pb.Error{Code: pb.ErrorCode_ERROR_CODE_REFUSED, Message: strings.Repeat("x", size)}}}
}

// TestReadMaxSize: a frame of exactly maxSize is read, one byte more is
// ErrTooLarge, and the Reader stays failed (the stream is out of step).
func TestReadMaxSize(t *testing.T) {
	env := bigError(1000)
	size := proto.Size(env)
	stream, err := frames(env, ackEnvelope(1))
	require.NoError(t, err)

	var got pb.Envelope
	r := wire.NewReader(bytes.NewReader(stream), size)
	require.NoError(t, r.Read(&got))
	require.True(t, proto.Equal(env, &got))

	r = wire.NewReader(bytes.NewReader(stream), size-1)
	err = r.Read(&got)
	require.ErrorIs(t, err, wire.ErrTooLarge)
	require.Equal(t, pb.ErrorCode_ERROR_CODE_TOO_LARGE, wire.CodeOf(err))
	require.ErrorIs(t, r.Read(&got), wire.ErrTooLarge, "sticky")
}

// TestReadTooLargeDoesNotAllocate: a peer announcing a 1 GiB frame gets
// ErrTooLarge before we allocate anything near it.
func TestReadTooLargeDoesNotAllocate(t *testing.T) {
	header := []byte{0x80, 0x80, 0x80, 0x80, 0x04} // uvarint 1<<30
	stream := io.MultiReader(bytes.NewReader(header), neverEnding('x'))
	r := wire.NewReader(stream, wire.DefaultMaxMessageSize)

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var env pb.Envelope
	err := r.Read(&env)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, wire.ErrTooLarge)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d bytes refusing a 1 GiB frame", allocated)
	require.Less(t, allocated, uint64(wire.DefaultMaxMessageSize), "allocated %d bytes", allocated)
}

// TestReadBoundsNestedMessages: a frame packed with empty messages (here
// PaymentItems of 2 bytes each) is refused before it is unmarshalled, so a
// peer cannot turn 256 KiB into tens of megabytes of Go objects.
func TestReadBoundsNestedMessages(t *testing.T) {
	for _, tt := range []struct {
		name  string
		field protowire.Number // Payment.items, SyncRequest.channels
		body  protowire.Number
	}{{"payment items", 2, 5}, {"sync channels", 1, 12}} {
		t.Run(tt.name, func(t *testing.T) {
			var inner []byte
			for len(inner) < wire.DefaultMaxMessageSize-16 {
				inner = protowire.AppendTag(inner, tt.field, protowire.BytesType)
				inner = protowire.AppendBytes(inner, nil)
			}
			env := protowire.AppendTag(nil, tt.body, protowire.BytesType)
			env = protowire.AppendBytes(env, inner)
			stream := append(protowire.AppendVarint(nil, uint64(len(env))), env...)
			stream = append(stream, frame(t, ackEnvelope(9))...)

			r := wire.NewReader(bytes.NewReader(stream), 0)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			var got pb.Envelope
			err := r.Read(&got)
			runtime.ReadMemStats(&after)
			require.ErrorIs(t, err, wire.ErrMalformed)
			require.Contains(t, err.Error(), "messages in one frame")
			allocated := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %d bytes for a %d-byte frame", allocated, len(env))
			require.Less(t, allocated, uint64(4*wire.DefaultMaxMessageSize))
			require.NoError(t, r.Read(&got), "the next frame reads")
			require.Equal(t, uint64(9), got.GetId())
		})
	}
}

func frame(t *testing.T, env *pb.Envelope) []byte {
	t.Helper()
	b, err := frames(env)
	require.NoError(t, err)
	return b
}

type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// TestWriteTooLarge: the Writer refuses what no peer accepts, and sends
// nothing of it.
func TestWriteTooLarge(t *testing.T) {
	var out bytes.Buffer
	w := wire.NewWriter(&out)
	err := w.WriteFlush(bigError(wire.DefaultMaxMessageSize))
	require.ErrorIs(t, err, wire.ErrTooLarge)
	require.NoError(t, w.Flush())
	require.Zero(t, out.Len())

	require.Error(t, w.Write(&pb.Envelope{Id: 1}), "an envelope without a body")
	require.Error(t, w.Write(nil))
	require.NoError(t, w.WriteFlush(ackEnvelope(1)), "the writer still works")
}

// TestWriteInvalidUTF8: a reference that is not UTF-8 cannot be sent.
func TestWriteInvalidUTF8(t *testing.T) {
	d := engine.Delivery{Proof: channels.SignedBalanceProof{Proof: channels.BalanceProof{Nonce: 1}}, Payments: []engine.PaymentInfo{{Reference: "\xff"}}}
	w := wire.NewWriter(io.Discard)
	require.Error(t, w.Write(&pb.Envelope{Id: 1, Body: &pb.Envelope_Payment{Payment: wire.EncodePayment(d)}}))
}

// TestReadTruncated: a stream cut inside a frame is io.ErrUnexpectedEOF,
// cut between frames io.EOF.
func TestReadTruncated(t *testing.T) {
	stream, err := frames(ackEnvelope(1), ackEnvelope(2))
	require.NoError(t, err)
	one, err := frames(ackEnvelope(1))
	require.NoError(t, err)

	for cut := range len(stream) {
		r := wire.NewReader(bytes.NewReader(stream[:cut]), 0)
		var env pb.Envelope
		err := r.Read(&env)
		if cut >= len(one) {
			require.NoError(t, err)
			err = r.Read(&env)
		}
		if cut == 0 || cut == len(one) {
			require.Equal(t, io.EOF, err, "cut at %d", cut)
			continue
		}
		require.ErrorIs(t, err, io.ErrUnexpectedEOF, "cut at %d", cut)
		require.NotErrorIs(t, err, wire.ErrMalformed)
		require.ErrorIs(t, r.Read(&env), io.ErrUnexpectedEOF, "sticky")
	}
}

// TestReadGarbage: bytes that are not an Envelope are ErrMalformed. A bad
// frame body leaves the stream usable; a bad length prefix does not.
func TestReadGarbage(t *testing.T) {
	next, err := frames(ackEnvelope(9))
	require.NoError(t, err)
	badUTF8, err := proto.Marshal(&pb.Envelope{Id: 1, Body: &pb.Envelope_Error{Error: &pb.Error{Message: "ok"}}})
	require.NoError(t, err)
	badUTF8[len(badUTF8)-1] = 0xff // "o\xff"
	framed := func(body []byte) []byte { return append([]byte{byte(len(body))}, body...) }

	tests := []struct {
		name   string
		stream []byte
		sticky bool
	}{
		{"garbage body", framed([]byte{0xff, 0xff, 0xff, 0xff, 0xff}), false},
		{"truncated field", framed([]byte{0x2a, 0x10, 0x01}), false},
		{"wrong wire type", framed([]byte{0x2d, 0x01, 0x02, 0x03, 0x04}), false},
		{"string not UTF-8", framed(badUTF8), false},
		{"empty frame", framed(nil), false},
		{"id only", framed([]byte{0x08, 0x07}), false},
		{"unknown field only", framed([]byte{0xa0, 0x06, 0x01}), false},
		{"non-minimal length", []byte{0x80, 0x00}, true},
		{"overlong length", bytes.Repeat([]byte{0xff}, 10), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := wire.NewReader(bytes.NewReader(append(tt.stream, next...)), 0)
			var env pb.Envelope
			err := r.Read(&env)
			require.ErrorIs(t, err, wire.ErrMalformed)
			require.Equal(t, pb.ErrorCode_ERROR_CODE_MALFORMED, wire.CodeOf(err))
			err = r.Read(&env)
			if tt.sticky {
				require.ErrorIs(t, err, wire.ErrMalformed)
				return
			}
			require.NoError(t, err, "the next frame reads")
			require.Equal(t, uint64(9), env.GetId())
		})
	}
}

// TestReadStreamError: the stream's own error passes through, wrapped.
func TestReadStreamError(t *testing.T) {
	reset := errors.New("stream reset")
	r := wire.NewReader(io.MultiReader(bytes.NewReader([]byte{0x05, 0x08}), errReader{reset}), 0)
	var env pb.Envelope
	err := r.Read(&env)
	require.ErrorIs(t, err, reset)
	require.Equal(t, pb.ErrorCode_ERROR_CODE_INTERNAL, wire.CodeOf(err))
}

// TestReadDeadlineBetweenFrames: a stream error before a frame starts
// consumes nothing, so reading can go on.
func TestReadDeadlineBetweenFrames(t *testing.T) {
	stream, err := frames(ackEnvelope(1))
	require.NoError(t, err)
	timeout := errors.New("i/o deadline reached")
	r := wire.NewReader(&scriptedReader{steps: []any{timeout, stream, timeout, stream[:3], timeout}}, 0)
	var env pb.Envelope
	require.ErrorIs(t, r.Read(&env), timeout)
	require.NoError(t, r.Read(&env))
	require.Equal(t, uint64(1), env.GetId())
	require.ErrorIs(t, r.Read(&env), timeout)
	err = r.Read(&env)
	require.ErrorIs(t, err, timeout, "inside a frame")
	require.ErrorIs(t, r.Read(&env), timeout, "sticky inside a frame")
}

// scriptedReader returns each step in turn: bytes or an error.
type scriptedReader struct{ steps []any }

func (s *scriptedReader) Read(p []byte) (int, error) {
	if len(s.steps) == 0 {
		return 0, io.EOF
	}
	step := s.steps[0]
	s.steps = s.steps[1:]
	if err, ok := step.(error); ok {
		return 0, err
	}
	return copy(p, step.([]byte)), nil
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
