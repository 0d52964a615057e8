package policy

import (
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWindow(t *testing.T) {
	var w window
	one := uint256.NewInt(1)
	for m := int64(0); m < 3000; m++ {
		w.add(m, one)
		require.LessOrEqual(t, len(w.buckets), daySpan+1)
		assert.Equal(t, uint64(min(m+1, hourSpan+1)), w.hour.Uint64(), "minute %d", m)
		assert.Equal(t, uint64(min(m+1, daySpan+1)), w.day.Uint64(), "minute %d", m)
	}
	w.advance(2999 + daySpan)
	assert.Equal(t, uint64(1), w.day.Uint64(), "minute 2999 is the last in the day")
	assert.Zero(t, w.hour.Uint64())
	w.advance(2999 + daySpan + 1)
	assert.True(t, w.empty())
	assert.Empty(t, w.buckets)
	assert.Zero(t, w.hourFrom)
}

func TestWindowRemove(t *testing.T) {
	var w window
	w.add(0, uint256.NewInt(5))
	w.add(10, uint256.NewInt(7))
	w.add(10, uint256.NewInt(1))
	w.remove(10, 10, uint256.NewInt(7))
	assert.Equal(t, uint64(6), w.hour.Uint64())
	w.remove(70, 0, uint256.NewInt(5)) // out of the hour, in the day
	assert.Equal(t, uint64(1), w.hour.Uint64())
	assert.Equal(t, uint64(1), w.day.Uint64())
	w.remove(70, 5, uint256.NewInt(1)) // no such bucket: nothing
	assert.Equal(t, uint64(1), w.day.Uint64())
}

func TestSweep(t *testing.T) {
	c := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { return c }
	g, err := NewGuard(Policy{}, now)
	require.NoError(t, err)
	token := common.Address{1}
	for i := range 50 {
		r, err := g.Reserve(Payment{Peer: common.Address{byte(i)}, Token: token, Service: "x", Amount: uint256.NewInt(1)})
		require.NoError(t, err)
		r.Commit()
	}
	held, err := g.Reserve(Payment{Peer: common.Address{200}, Token: token, Amount: uint256.NewInt(1)})
	require.NoError(t, err)
	require.Len(t, g.peers, 51)
	require.Len(t, g.series, 50)

	c = c.Add(24*time.Hour + 2*time.Minute)
	r, err := g.Reserve(Payment{Peer: common.Address{100}, Token: token, Amount: uint256.NewInt(1)})
	require.NoError(t, err)
	r.Commit()
	assert.Len(t, g.peers, 2, "idle peers dropped; the held one and the new one kept")
	assert.Len(t, g.series, 1)
	held.Release()
	assert.Equal(t, Spend{Hour: uint256.NewInt(1), Day: uint256.NewInt(1), Held: new(uint256.Int)}, g.Usage(token, common.Address{}).Node)
}
