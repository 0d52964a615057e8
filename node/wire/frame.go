package wire

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/libp2p/go-msgio/pbio"
	"github.com/multiformats/go-varint"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/meshpay/meshpay/node/wire/pb"
)

// ProtocolID is the libp2p protocol of channel streams.
const ProtocolID = "/meshpay/channel/1"

// Version is the protocol version a Hello carries. A peer with another
// version is answered with ERROR_CODE_UNSUPPORTED_VERSION and the stream
// is closed.
const Version = 1

// DefaultMaxMessageSize bounds one frame (one Envelope): a reader refuses
// larger frames, and Writer.Write refuses to send them.
const DefaultMaxMessageSize = 256 << 10

// maxFrameMessages bounds the messages one frame may hold, nested ones
// included: a full SyncRequest has 5 per channel (the list entry, two
// proofs, a co-signed withdraw and its withdraw). Without it a 256 KiB frame
// of empty PaymentItems (2 bytes each) unmarshals into some 18 MB of Go
// objects.
const maxFrameMessages = 5*MaxSyncChannels + 16

// Reader reads Envelopes from a stream, one varint-length-delimited
// protobuf per frame (go-msgio/pbio). Before it unmarshals a frame it counts
// the messages inside, so that what a frame allocates stays within a small
// multiple of its size. It is not safe for concurrent use.
type Reader struct {
	// buf is the buffer pbio reads from (bufio.NewReader reuses it), so
	// that Read can see a clean end of stream before a frame starts: pbio
	// returns io.EOF also for a stream cut right after a length prefix.
	buf     *bufio.Reader
	r       pbio.Reader
	maxSize int
	// err is the framing error that ended the stream: once a frame cannot
	// be read whole, the next byte is not the start of a frame.
	err error
}

// NewReader returns a Reader of r that refuses frames over maxSize bytes
// (DefaultMaxMessageSize when maxSize <= 0). It never allocates more than
// maxSize for a frame, whatever length the peer announces, and keeps the
// largest frame buffer for reuse.
func NewReader(r io.Reader, maxSize int) *Reader {
	if maxSize <= 0 {
		maxSize = DefaultMaxMessageSize
	}
	buf := bufio.NewReader(r)
	return &Reader{buf: buf, r: pbio.NewDelimitedReader(buf, maxSize), maxSize: maxSize}
}

// Read reads the next Envelope into env. It returns io.EOF at a clean end
// of stream; ErrTooLarge for a frame over the maximum size; ErrMalformed for
// a frame whose bytes are not an Envelope, or an Envelope without a body.
// The stream's own errors (io.ErrUnexpectedEOF for a truncated frame, a
// reset, a deadline) pass through, wrapped. After ErrTooLarge, a broken
// length prefix or a stream error inside a frame, every later Read returns
// the same error: the stream is out of step and must be closed. After
// ErrMalformed for a frame's contents, or a stream error (a deadline)
// before a frame starts, the next frame can still be read.
func (r *Reader) Read(env *pb.Envelope) error {
	if r.err != nil {
		return r.err
	}
	proto.Reset(env)
	if _, err := r.buf.Peek(1); err != nil {
		if err == io.EOF {
			r.err = io.EOF
			return io.EOF
		}
		// Nothing of a frame is consumed: a deadline here can be retried.
		return fmt.Errorf("wire: read frame: %w", err)
	}
	// pbio unmarshals as it reads; into an Empty, every field is kept
	// as raw bytes, which countMessages checks before the real unmarshal.
	var raw emptypb.Empty
	err := r.r.ReadMsg(&raw)
	switch {
	case err == nil:
	case err == io.EOF:
		// A frame has started: the stream ended inside it.
		r.err = fmt.Errorf("wire: read frame: %w", io.ErrUnexpectedEOF)
		return r.err
	case errors.Is(err, io.ErrShortBuffer):
		// pbio's answer to a length over maxSize, before allocating.
		r.err = fmt.Errorf("%w: frame over %d bytes", ErrTooLarge, r.maxSize)
		return r.err
	case errors.Is(err, varint.ErrOverflow), errors.Is(err, varint.ErrNotMinimal):
		r.err = fmt.Errorf("%w: frame length: %v", ErrMalformed, err)
		return r.err
	case errors.Is(err, proto.Error):
		return fmt.Errorf("%w: envelope: %v", ErrMalformed, err)
	default:
		r.err = fmt.Errorf("wire: read frame: %w", err)
		return r.err
	}
	b := raw.ProtoReflect().GetUnknown()
	budget := maxFrameMessages
	if err := countMessages(b, env.ProtoReflect().Descriptor(), &budget); err != nil {
		return malformed("envelope", "%v", err)
	}
	if err := proto.Unmarshal(b, env); err != nil {
		return fmt.Errorf("%w: envelope: %v", ErrMalformed, err)
	}
	if env.GetBody() == nil {
		return malformed("envelope.body", "missing")
	}
	return nil
}

// countMessages walks the wire form of a message of type md and takes one
// from *budget for every message field in it, nested ones included; it
// fails when the budget runs out or the bytes do not parse.
func countMessages(b []byte, md protoreflect.MessageDescriptor, budget *int) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		if fd := md.Fields().ByNumber(num); fd != nil && fd.Message() != nil && typ == protowire.BytesType {
			v, n := protowire.ConsumeBytes(b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			if *budget--; *budget < 0 {
				return fmt.Errorf("more than %d messages in one frame", maxFrameMessages)
			}
			if err := countMessages(v, fd.Message(), budget); err != nil {
				return err
			}
			b = b[n:]
			continue
		}
		n = protowire.ConsumeFieldValue(num, typ, b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
	}
	return nil
}

// Writer writes Envelopes to a stream through a buffer: a sender writes
// several messages and flushes once. It is not safe for concurrent use.
type Writer struct {
	buf *bufio.Writer
	w   pbio.Writer
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer {
	buf := bufio.NewWriter(w)
	return &Writer{buf: buf, w: pbio.NewDelimitedWriter(buf)}
}

// Write frames env into the buffer; a full buffer goes out to the stream
// on its own, the rest with Flush. An Envelope without a body, or larger
// than DefaultMaxMessageSize (ErrTooLarge), is refused: no peer accepts it.
func (w *Writer) Write(env *pb.Envelope) error {
	if env.GetBody() == nil {
		return fmt.Errorf("wire: write envelope %d: no body", env.GetId())
	}
	if n := proto.Size(env); n > DefaultMaxMessageSize {
		return fmt.Errorf("%w: envelope %d is %d bytes, at most %d", ErrTooLarge, env.GetId(), n, DefaultMaxMessageSize)
	}
	if err := w.w.WriteMsg(env); err != nil {
		return fmt.Errorf("wire: write envelope %d: %w", env.GetId(), err)
	}
	return nil
}

// Flush sends what Write buffered.
func (w *Writer) Flush() error {
	if err := w.buf.Flush(); err != nil {
		return fmt.Errorf("wire: flush: %w", err)
	}
	return nil
}

// WriteFlush writes env and flushes.
func (w *Writer) WriteFlush(env *pb.Envelope) error {
	if err := w.Write(env); err != nil {
		return err
	}
	return w.Flush()
}
