package offers

import (
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

var tableNow = time.Unix(1_000_000, 0)

// mk is an unsigned offer: the table does not look at signatures.
func mk(seller byte, service string, seq uint64, expiresIn time.Duration, price uint64) *Offer {
	return &Offer{
		Service: service, Unit: "pass", PricePerUnit: *uint256.NewInt(price),
		Seller: common.Address{seller}, Seq: seq, Expiry: uint64(tableNow.Add(expiresIn).Unix()),
	}
}

// dg is a message digest standing in for distinct messages.
func dg(n byte) common.Hash { return common.Hash{n} }

func services(offers []Offer) []string {
	var out []string
	for _, o := range offers {
		out = append(out, string(rune('0'+o.Seller[0]))+"/"+o.Service)
	}
	return out
}

func TestTableSeq(t *testing.T) {
	tb := newTable(10, 10)
	_, err := tb.put(mk(1, "toll", 5, time.Hour, 10), dg(1), tableNow)
	require.NoError(t, err)

	// A republish of the same message changes nothing.
	require.NoError(t, tb.admit(mk(1, "toll", 5, time.Hour, 10), dg(1)))
	_, err = tb.put(mk(1, "toll", 5, time.Hour, 10), dg(1), tableNow)
	require.NoError(t, err)
	require.Equal(t, 1, tb.len())

	// Lower seq: stale. Same seq, another message: conflict, first kept.
	require.ErrorIs(t, tb.admit(mk(1, "toll", 4, time.Hour, 1), dg(2)), ErrStale)
	_, err = tb.put(mk(1, "toll", 4, time.Hour, 1), dg(2), tableNow)
	require.ErrorIs(t, err, ErrStale)
	_, err = tb.put(mk(1, "toll", 5, time.Hour, 1), dg(3), tableNow)
	require.ErrorIs(t, err, ErrSeqConflict)
	require.Equal(t, uint64(10), tb.list(&Filter{}, tableNow)[0].PricePerUnit.Uint64())

	// Higher seq replaces, including the expiry the heap orders by.
	_, err = tb.put(mk(1, "toll", 6, 2*time.Hour, 7), dg(4), tableNow)
	require.NoError(t, err)
	got := tb.list(&Filter{}, tableNow)
	require.Len(t, got, 1)
	require.Equal(t, uint64(6), got[0].Seq)
	require.Equal(t, uint64(7), got[0].PricePerUnit.Uint64())
	require.Len(t, tb.list(&Filter{}, tableNow.Add(time.Hour+time.Minute)), 1, "kept until the new expiry")
	require.Empty(t, tb.list(&Filter{}, tableNow.Add(2*time.Hour)))
	require.Empty(t, tb.entries)
	require.Empty(t, tb.sellers)
}

func TestTableExpiry(t *testing.T) {
	tb := newTable(10, 10)
	_, err := tb.put(mk(1, "toll", 1, 0, 1), dg(1), tableNow)
	require.ErrorIs(t, err, ErrExpired)
	_, err = tb.put(mk(1, "toll", 1, time.Minute, 1), dg(1), tableNow)
	require.NoError(t, err)
	_, err = tb.put(mk(2, "toll", 1, time.Hour, 1), dg(2), tableNow)
	require.NoError(t, err)

	require.Len(t, tb.list(&Filter{}, tableNow.Add(time.Minute-time.Second)), 2)
	require.Equal(t, []string{"2/toll"}, services(tb.list(&Filter{}, tableNow.Add(time.Minute))))
	require.Equal(t, 1, tb.len(), "pruned, not only hidden")
}

func TestTableEvictsSoonestExpiring(t *testing.T) {
	tb := newTable(3, 10)
	for i, ttl := range []time.Duration{100, 50, 200} {
		n, err := tb.put(mk(byte(i+1), "toll", 1, ttl*time.Minute, 1), dg(byte(i)), tableNow)
		require.NoError(t, err)
		require.Zero(t, n)
	}
	n, err := tb.put(mk(4, "toll", 1, 150*time.Minute, 1), dg(4), tableNow)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.ElementsMatch(t, []string{"1/toll", "3/toll", "4/toll"}, services(tb.list(&Filter{}, tableNow)))

	// A newcomer expiring soonest of all is itself the one to go.
	n, err = tb.put(mk(5, "toll", 1, 10*time.Minute, 1), dg(5), tableNow)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.ElementsMatch(t, []string{"1/toll", "3/toll", "4/toll"}, services(tb.list(&Filter{}, tableNow)))
	require.Len(t, tb.byExpiry, 3)
}

func TestTablePerSellerLimit(t *testing.T) {
	tb := newTable(10, 2)
	for _, svc := range []string{"toll", "parking"} {
		_, err := tb.put(mk(1, svc, 1, time.Hour, 1), dg(1), tableNow)
		require.NoError(t, err)
	}
	_, err := tb.put(mk(1, "data", 1, time.Hour, 1), dg(2), tableNow)
	require.ErrorIs(t, err, ErrSellerLimit)
	_, err = tb.put(mk(1, "toll", 2, time.Hour, 2), dg(3), tableNow)
	require.NoError(t, err, "replacing is not adding")
	_, err = tb.put(mk(2, "data", 1, time.Hour, 1), dg(4), tableNow)
	require.NoError(t, err, "other sellers are not limited")

	require.True(t, tb.remove(common.Address{1}, "toll"))
	require.False(t, tb.remove(common.Address{1}, "toll"))
	_, err = tb.put(mk(1, "data", 1, time.Hour, 1), dg(2), tableNow)
	require.NoError(t, err)
	require.Len(t, tb.byExpiry, 3)
}

func TestTableListFilterAndOrder(t *testing.T) {
	tb := newTable(10, 10)
	usdc := common.Address{0xaa}
	put := func(o *Offer) {
		t.Helper()
		_, err := tb.put(o, dg(byte(len(tb.entries))), tableNow)
		require.NoError(t, err)
	}
	put(mk(1, "toll", 1, time.Hour, 30))
	put(mk(2, "toll", 1, time.Hour, 10))
	put(mk(3, "toll", 1, 2*time.Hour, 20))
	put(mk(4, "toll", 1, time.Hour, 20))
	c := mk(5, "charging", 1, time.Hour, 5)
	c.Unit, c.Token = "kWh", usdc
	put(c)

	require.Equal(t, []string{"5/charging", "2/toll", "3/toll", "4/toll", "1/toll"}, services(tb.list(&Filter{}, tableNow)),
		"cheapest first; equal prices: later expiry first")
	require.Equal(t, []string{"2/toll", "3/toll", "4/toll"}, services(tb.list(&Filter{Service: "toll", MaxPrice: uint256.NewInt(20)}, tableNow)))
	eth := common.Address{}
	require.Len(t, tb.list(&Filter{Token: &eth}, tableNow), 4)
	require.Equal(t, []string{"5/charging"}, services(tb.list(&Filter{Token: &usdc}, tableNow)))
	require.Equal(t, []string{"5/charging"}, services(tb.list(&Filter{Unit: "kWh"}, tableNow)))
	s3 := common.Address{3}
	require.Equal(t, []string{"3/toll"}, services(tb.list(&Filter{Seller: &s3}, tableNow)))
	require.Len(t, tb.list(&Filter{ExcludeSeller: &s3}, tableNow), 4)

	// Copies: changing a result does not change the table.
	got := tb.list(&Filter{Seller: &s3}, tableNow)
	got[0].PricePerUnit.SetUint64(1)
	require.Equal(t, uint64(20), tb.list(&Filter{Seller: &s3}, tableNow)[0].PricePerUnit.Uint64())
}

func TestClassify(t *testing.T) {
	for _, r := range reasons {
		reason, result := classify(fmtWrap(r.err))
		require.Equal(t, r.reason, reason)
		require.Equal(t, r.result, result)
	}
	require.Equal(t, Reason(""), ReasonOf(nil))
	require.Equal(t, Reason(""), ReasonOf(ErrRunning))
}

func TestConfig(t *testing.T) {
	_, err := Config{Contract: common.Address{1}}.withDefaults()
	require.Error(t, err)
	_, err = Config{ChainID: 1}.withDefaults()
	require.Error(t, err)
	_, err = Config{ChainID: 1, Contract: common.Address{1}, MaxOffers: -1}.withDefaults()
	require.Error(t, err)
	c, err := Config{ChainID: 1, Contract: common.Address{1}}.withDefaults()
	require.NoError(t, err)
	require.Equal(t, DefaultTopic, c.Topic)
	require.Equal(t, DefaultMaxOffers, c.MaxOffers)
	require.Equal(t, DefaultMaxPerSeller, c.MaxPerSeller)
	require.Equal(t, DefaultMaxTTL, c.MaxTTL)
	require.Equal(t, DefaultRepublish, c.Republish)
	require.NotNil(t, c.Now)
	require.NotNil(t, c.Logger)
}
