package wire_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the seed corpus in testdata/fuzz/FuzzReadEnvelope")

// FuzzReadEnvelope reads a stream of frames and decodes each body. It must
// never panic; every error is one the session knows; whatever decodes
// re-encodes, and decodes again to the same value.
func FuzzReadEnvelope(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		r := wire.NewReader(bytes.NewReader(data), wire.DefaultMaxMessageSize)
		for range 64 {
			var env pb.Envelope
			err := r.Read(&env)
			if err != nil {
				if !errors.Is(err, wire.ErrMalformed) && !errors.Is(err, wire.ErrTooLarge) &&
					!errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("read: unexpected error %v", err)
				}
				if errors.Is(err, wire.ErrMalformed) && r.Read(&env) == nil {
					checkRoundTrip(t, &env) // a bad frame body leaves the stream in step
				}
				if !errors.Is(err, wire.ErrMalformed) {
					return
				}
				continue
			}
			checkRoundTrip(t, &env)
		}
	})
}

func checkRoundTrip(t *testing.T, env *pb.Envelope) {
	t.Helper()
	v, err := decodeBody(env, testChainID, testContract)
	if err != nil {
		require.ErrorIs(t, err, wire.ErrMalformed)
		require.Equal(t, pb.ErrorCode_ERROR_CODE_MALFORMED, wire.CodeOf(err))
		return
	}
	stream, err := frames(encodeBody(env.GetId(), v))
	require.NoError(t, err, "re-encode %T", v)
	var again pb.Envelope
	require.NoError(t, wire.NewReader(bytes.NewReader(stream), wire.DefaultMaxMessageSize).Read(&again))
	require.Equal(t, env.GetId(), again.GetId())
	v2, err := decodeBody(&again, testChainID, testContract)
	require.NoError(t, err, "decode re-encoded %T", v)
	require.Equal(t, v, v2)
}

// seedCorpus is the seed corpus: every message alone, all of them on one
// stream, and broken streams. The values come from a fixed seed.
func seedCorpus(t *testing.T) map[string][]byte {
	names := []string{"hello", "proposal", "accept", "payment", "ack", "withdraw_request", "withdraw_signature",
		"settle_request", "settle_signature", "error", "sync_request", "sync_reply"}
	values := randomBodies(genFrom(1))
	require.Len(t, values, len(names))
	seeds := map[string][]byte{}
	envs := make([]*pb.Envelope, len(values))
	for i, v := range values {
		envs[i] = encodeBody(uint64(i+1), v)
		b, err := frames(envs[i])
		require.NoError(t, err)
		seeds[names[i]] = b
	}
	all, err := frames(envs...)
	require.NoError(t, err)
	seeds["all"] = all
	seeds["truncated"] = all[:len(all)/2]

	// Well-framed but invalid: a short channel id, a long amount, a zero
	// nonce, an Envelope without a body, then a valid Ack.
	bad := encodeBody(1, values[3])
	bad.GetPayment().GetProof().ChannelId = bad.GetPayment().GetProof().ChannelId[:31]
	long := encodeBody(2, values[5])
	long.GetWithdrawRequest().GetWithdraw().TotalWithdraw = make([]byte, 33)
	zero := encodeBody(3, values[4])
	zero.GetAck().Nonce = 0
	malformed, err := frames(bad, long, zero)
	require.NoError(t, err)
	empty, err := proto.Marshal(&pb.Envelope{Id: 4})
	require.NoError(t, err)
	malformed = append(malformed, byte(len(empty)))
	malformed = append(malformed, empty...)
	seeds["malformed_fields"] = append(malformed, seeds["ack"]...)
	seeds["garbage"] = append([]byte{5, 0xff, 0xff, 0xff, 0xff, 0xff}, seeds["accept"]...)
	seeds["too_large"] = []byte{0x81, 0x80, 0x10, 0x00}
	return seeds
}

// TestSeedCorpus checks that testdata/fuzz holds the current seed corpus;
// go test ./node/wire/ -run TestSeedCorpus -update-corpus rewrites it.
func TestSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzReadEnvelope")
	for name, data := range seedCorpus(t) {
		file := filepath.Join(dir, name)
		want := fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", data)
		if *updateCorpus {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(file, want, 0o644))
			continue
		}
		got, err := os.ReadFile(file)
		require.NoError(t, err, "seed %s missing: run go test ./node/wire/ -run TestSeedCorpus -update-corpus", name)
		require.Equal(t, string(want), string(got), "seed %s is stale: run go test ./node/wire/ -run TestSeedCorpus -update-corpus", name)
	}
}
