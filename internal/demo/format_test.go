package demo

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

func wei(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("bad number " + s)
	}
	return v
}

func TestFormatETH(t *testing.T) {
	tests := []struct {
		wei  *big.Int
		want string
	}{
		{nil, "0 ETH"},
		{wei("0"), "0 ETH"},
		{wei("1"), "0.000000000000000001 ETH"},
		{wei("-1"), "-0.000000000000000001 ETH"},
		{wei("10000000000000"), "0.00001 ETH"},
		{wei("300000000000000"), "0.0003 ETH"},
		{wei("2000000000000000"), "0.002 ETH"},
		{wei("992000000000000000"), "0.992 ETH"},
		{wei("1000000000000000000"), "1 ETH"},
		{wei("-1500000000000000000"), "-1.5 ETH"},
		{wei("1000000000000000000000000"), "1000000 ETH"},
		{wei("123456789012345678901"), "123.456789012345678901 ETH"},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, FormatETH(tc.wei), "wei %v", tc.wei)
	}
}

func TestServiceReference(t *testing.T) {
	tests := []struct {
		service string
		n       uint64
		want    string
	}{
		{ServiceToll, 4, "pass #4"},
		{ServiceCharging, 1, "kWh 0.1"},
		{ServiceCharging, 13, "kWh 1.3"},
		{ServiceCharging, 20, "kWh 2.0"},
		{ServiceData, 12, "MB 12"},
	}
	for _, tc := range tests {
		svc, err := ServiceByName(tc.service)
		require.NoError(t, err)
		require.Equal(t, tc.want, svc.Reference(tc.n))
	}
}

func TestServicePrices(t *testing.T) {
	tests := []struct {
		service, price, deposit string
	}{
		{ServiceToll, "0.002 ETH", "0.1 ETH"},
		{ServiceCharging, "0.0003 ETH", "0.03 ETH"},
		{ServiceData, "0.00001 ETH", "0.001 ETH"},
	}
	for _, tc := range tests {
		svc, err := ServiceByName(tc.service)
		require.NoError(t, err)
		require.Equal(t, tc.price, FormatWei(&svc.Price), tc.service)
		dep := svc.Deposit()
		require.Equal(t, tc.deposit, FormatWei(&dep), tc.service)
	}
	_, err := ServiceByName("coffee")
	require.ErrorIs(t, err, ErrInvalidConfig)
}

func TestRoles(t *testing.T) {
	sold, bought := map[string]Role{}, map[string]Role{}
	for _, r := range Roles() {
		got, err := ParseRole(string(r))
		require.NoError(t, err)
		require.Equal(t, r, got)
		for _, s := range r.Sells() {
			sold[s] = r
		}
		for _, s := range r.Buys() {
			bought[s] = r
		}
	}
	// Every service bought is sold by someone else.
	for s, buyer := range bought {
		require.Contains(t, sold, s)
		require.NotEqual(t, buyer, sold[s], s)
	}
	_, err := ParseRole("bus")
	require.ErrorIs(t, err, ErrUnknownRole)
}

func TestSellerName(t *testing.T) {
	tests := []struct {
		description, name string
		ok                bool
	}{
		{"tollgate: highway toll, per pass", "tollgate", true},
		{offerDescription("charger", &Service{Description: "EV charging"}), "charger", true},
		{"no colon here", "", false},
		{": nameless", "", false},
		{"two words: x", "", false},
	}
	for _, tc := range tests {
		name, ok := sellerName(tc.description)
		require.Equal(t, tc.ok, ok, tc.description)
		require.Equal(t, tc.name, name, tc.description)
	}
}

func TestParseNames(t *testing.T) {
	a, b := common.HexToAddress("0x01"), common.HexToAddress("0x02")
	names := map[common.Address]string{a: "car", b: "tollgate"}
	got, err := ParseNames(FormatNames(names))
	require.NoError(t, err)
	require.Equal(t, names, got)

	got, err = ParseNames("")
	require.NoError(t, err)
	require.Empty(t, got)

	for _, bad := range []string{"car", "car=0xzz", "=0x01", "my car=0x01", "a:b=0x01"} {
		_, err := ParseNames(bad)
		require.ErrorIs(t, err, ErrInvalidConfig, bad)
	}
}

func TestStoryLine(t *testing.T) {
	require.Equal(t, "  12.3s car -> tollgate  paid 0.002 ETH", StoryLine(12345*time.Millisecond, "car", "-> tollgate  paid 0.002 ETH"))
}
