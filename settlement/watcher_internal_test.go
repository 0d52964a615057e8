package settlement

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels/store"
)

// TestCursorEncoding: the cursor keeps number and hash, and the older
// number-only format still reads.
func TestCursorEncoding(t *testing.T) {
	c := cursor{number: 0x0102030405060708, hash: common.HexToHash("0xabcdef")}
	got, err := decodeCursor(encodeCursor(c))
	require.NoError(t, err)
	require.Equal(t, c, got)

	legacy, err := decodeCursor([]byte{0, 0, 0, 0, 0, 0, 1, 2})
	require.NoError(t, err)
	require.Equal(t, cursor{number: 258}, legacy, "the 8-byte format has no hash")

	for _, n := range []int{0, 7, 9, 39, 41} {
		_, err := decodeCursor(make([]byte, n))
		require.ErrorIs(t, err, store.ErrCorrupt, "%d bytes", n)
	}
}
