package metering

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/holiman/uint256"
	"github.com/libp2p/go-msgio/pbio"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/metering/pb"
)

// FuzzReadMessage feeds arbitrary frames to the session reader and the
// decoders behind it: nothing panics, and what decodes re-encodes to the
// same thing.
func FuzzReadMessage(f *testing.F) {
	frame := func(m *pb.Message) []byte {
		var b bytes.Buffer
		if err := pbio.NewDelimitedWriter(&b).WriteMsg(m); err != nil {
			f.Fatal(err)
		}
		return b.Bytes()
	}
	s := start{ID: SessionID{1}, Service: "charging", Unit: "kWh", PricePerUnit: *uint256.NewInt(7), MaxUnits: 3}
	f.Add(frame(s.toPB()))
	f.Add(frame(stopMsg(ReasonBuyerEnded, "done")))
	f.Add(frame(acceptMsg(SessionID{2}, uint256.NewInt(100))))
	f.Add([]byte{0x02, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := newReader(bytes.NewReader(b)).read()
		if err != nil {
			return
		}
		switch body := m.GetBody().(type) {
		case *pb.Message_Start:
			got, err := decodeStart(body.Start)
			if err != nil {
				return
			}
			again, err := decodeStart(got.toPB().GetStart())
			require.NoError(t, err)
			require.Equal(t, got, again)
		case *pb.Message_Stop:
			r, detail := decodeStop(body.Stop)
			require.True(t, r.valid())
			require.LessOrEqual(t, len(detail), maxDetailLen)
			require.True(t, utf8.ValidString(detail))
		case *pb.Message_Accept:
			_, _ = decodeSessionID(body.Accept.GetSessionId())
			_, _ = decodeAmount("credit_window", body.Accept.GetCreditWindow())
		case *pb.Message_Usage:
			su := signedFromPB(body.Usage)
			_, _, _ = su.Verify()
		}
	})
}
