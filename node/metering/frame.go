package metering

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/libp2p/go-msgio/pbio"
	"google.golang.org/protobuf/proto"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/metering/pb"
)

// reader reads Messages from a stream, one varint-length-delimited
// protobuf per frame, at most MaxMessageSize bytes each.
type reader struct{ r pbio.Reader }

func newReader(r io.Reader) *reader { return &reader{r: pbio.NewDelimitedReader(r, MaxMessageSize)} }

// read reads the next message. A frame whose bytes are not a Message with
// a body is ErrMalformed; the stream's own errors pass through.
func (r *reader) read() (*pb.Message, error) {
	m := new(pb.Message)
	if err := r.r.ReadMsg(m); err != nil {
		return nil, err
	}
	if m.GetBody() == nil {
		return nil, fmt.Errorf("%w: message without a body", ErrMalformed)
	}
	return m, nil
}

// writer writes Messages to a stream. It is not safe for concurrent use.
type writer struct{ w pbio.Writer }

func newWriter(w io.Writer) *writer { return &writer{w: pbio.NewDelimitedWriter(w)} }

func (w *writer) write(m *pb.Message) error {
	if n := proto.Size(m); n > MaxMessageSize {
		return fmt.Errorf("%w: %d bytes, max %d", ErrTooLarge, n, MaxMessageSize)
	}
	return w.w.WriteMsg(m)
}

// start is a decoded Start.
type start struct {
	ID           SessionID
	Service      string
	Unit         string
	PricePerUnit uint256.Int
	Token        common.Address
	ChannelID    channels.ChannelID
	MaxUnits     uint64
	MaxAmount    uint256.Int
}

func (s *start) toPB() *pb.Message {
	return &pb.Message{Body: &pb.Message_Start{Start: &pb.Start{
		SessionId: s.ID[:], Service: s.Service, Unit: s.Unit, PricePerUnit: encodeAmount(&s.PricePerUnit),
		Token: s.Token.Bytes(), ChannelId: s.ChannelID[:], MaxUnits: s.MaxUnits, MaxAmount: encodeAmount(&s.MaxAmount),
	}}}
}

func decodeStart(m *pb.Start) (start, error) {
	s := start{Service: m.GetService(), Unit: m.GetUnit(), MaxUnits: m.GetMaxUnits()}
	var err error
	if s.ID, err = decodeSessionID(m.GetSessionId()); err != nil {
		return start{}, err
	}
	if s.PricePerUnit, err = decodeAmount("price_per_unit", m.GetPricePerUnit()); err != nil {
		return start{}, err
	}
	if s.Token, err = decodeAddress("token", m.GetToken()); err != nil {
		return start{}, err
	}
	if s.ChannelID, err = decodeChannelID(m.GetChannelId()); err != nil {
		return start{}, err
	}
	if s.MaxAmount, err = decodeAmount("max_amount", m.GetMaxAmount()); err != nil {
		return start{}, err
	}
	return s, nil
}

func acceptMsg(id SessionID, window *uint256.Int) *pb.Message {
	return &pb.Message{Body: &pb.Message_Accept{Accept: &pb.Accept{SessionId: id[:], CreditWindow: encodeAmount(window)}}}
}

func usageMsg(s *SignedUsage) *pb.Message {
	return &pb.Message{Body: &pb.Message_Usage{Usage: s.toPB()}}
}

func stopMsg(r Reason, detail string) *pb.Message {
	return &pb.Message{Body: &pb.Message_Stop{Stop: &pb.Stop{Reason: pb.Reason(r), Detail: truncate(detail, maxDetailLen)}}}
}

// decodeStop returns a Stop's reason and detail; an unknown reason is
// ReasonUnspecified.
func decodeStop(m *pb.Stop) (Reason, string) {
	r := Reason(m.GetReason())
	if !r.valid() {
		r = ReasonUnspecified
	}
	return r, truncate(m.GetDetail(), maxDetailLen)
}

// truncate cuts s to at most n bytes of valid UTF-8.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
