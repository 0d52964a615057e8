package demo

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/policy"
)

func TestFleetThree(t *testing.T) {
	f, err := Fleet(3)
	require.NoError(t, err)
	require.Equal(t, []Member{
		{Index: 0, Name: "car", Role: RoleCar, BuyFrom: []string{"tollgate", "charger"}},
		{Index: 1, Name: "tollgate", Role: RoleTollGate},
		{Index: 2, Name: "charger", Role: RoleCharger, BuyFrom: []string{"tollgate"}},
	}, f, "the three-device demo is unchanged")
}

func TestFleetFive(t *testing.T) {
	f, err := Fleet(5)
	require.NoError(t, err)
	require.Equal(t, Member{Index: 3, Name: "car2", Role: RoleCar, BuyFrom: []string{"tollgate2", "charger"}}, f[3])
	require.Equal(t, Member{Index: 4, Name: "tollgate2", Role: RoleTollGate}, f[4])
}

// TestFleetSpread: in every fleet each device is named once, every buyer
// buys each of its services from a seller of it (never itself), and the
// buyers of a service are spread evenly over its sellers.
func TestFleetSpread(t *testing.T) {
	for n := MinDevices; n <= MaxDevices; n++ {
		f, err := Fleet(n)
		require.NoError(t, err, n)
		require.Len(t, f, n)
		roles := map[string]Role{}
		for i, m := range f {
			require.Equal(t, i, m.Index)
			require.NotContains(t, roles, m.Name, "n=%d", n)
			roles[m.Name] = m.Role
		}
		load := map[string]map[string]int{} // service -> seller -> buyers
		for _, m := range f {
			buys := m.Role.Buys()
			require.Len(t, m.BuyFrom, len(buys), "%s in %d", m.Name, n)
			for i, s := range buys {
				seller := m.BuyFrom[i]
				require.NotEqual(t, m.Name, seller)
				require.Contains(t, roles[seller].Sells(), s, "%s buys %s from %s in %d", m.Name, s, seller, n)
				if load[s] == nil {
					load[s] = map[string]int{}
				}
				load[s][seller]++
			}
		}
		for s, bySeller := range load {
			lo, hi := n, 0
			for name, r := range roles {
				if !slices.Contains(r.Sells(), s) {
					continue
				}
				lo, hi = min(lo, bySeller[name]), max(hi, bySeller[name])
			}
			require.LessOrEqual(t, hi-lo, 1, "%s in a fleet of %d: %v", s, n, bySeller)
		}
	}
}

func TestFleetTwenty(t *testing.T) {
	f, err := Fleet(20)
	require.NoError(t, err)
	count := map[Role]int{}
	for _, m := range f {
		count[m.Role]++
	}
	require.Equal(t, map[Role]int{RoleCar: 10, RoleTollGate: 5, RoleCharger: 5}, count)
	require.Equal(t, "car10", f[19].Name)
	// Each toll gate has two cars and a charger for buyers: it settles in
	// batches; each charger has two cars: one withdraw per channel.
	for _, m := range f {
		require.Equal(t, m.Role == RoleTollGate, m.SettleBatch, m.Name)
	}
}

func TestFleetSettleBatch(t *testing.T) {
	for n := MinDevices; n <= MaxDevices; n++ {
		f, err := Fleet(n)
		require.NoError(t, err)
		channels := map[string]int{}
		for _, m := range f {
			for _, s := range m.BuyFrom {
				channels[s]++
			}
		}
		for _, m := range f {
			require.Equal(t, channels[m.Name] >= BatchFrom, m.SettleBatch, "%s in %d", m.Name, n)
			if len(m.Role.Sells()) == 0 {
				require.False(t, m.SettleBatch, "%s in %d: a buyer has nothing to settle", m.Name, n)
			}
		}
	}
	f, err := Fleet(3)
	require.NoError(t, err)
	for _, m := range f {
		require.False(t, m.SettleBatch, "the three-device demo withdraws per channel: %s", m.Name)
	}
}

func TestFleetSize(t *testing.T) {
	for _, n := range []int{-1, 0, 2, MaxDevices + 1} {
		_, err := Fleet(n)
		require.ErrorIs(t, err, ErrInvalidConfig, n)
	}
}

func TestSlowdown(t *testing.T) {
	for n, want := range map[int]float64{3: 1, 5: 1, 6: 1, 7: 1.2, 12: 2, 20: 3.3, 100: 16.7} {
		require.Equal(t, want, Slowdown(n), "n=%d", n)
	}
}

func TestSpendPerHour(t *testing.T) {
	tests := []struct {
		role     Role
		slowdown float64
		want     string
	}{
		// Toll 0.002 ETH every 2 s and charging 0.0003 every 0.3 s:
		// 3.6 + 3.6 ETH an hour.
		{RoleCar, 1, "7.2 ETH"},
		{RoleCar, 2, "3.6 ETH"},
		{RoleCar, 0, "7.2 ETH"}, // below 1 counts as 1
		// Data 0.00001 ETH every 0.5 s.
		{RoleCharger, 1, "0.072 ETH"},
		{RoleTollGate, 1, "0 ETH"},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, FormatETH(SpendPerHour(tc.role, tc.slowdown)), "%s at %g", tc.role, tc.slowdown)
	}
}

func TestBuyerPolicy(t *testing.T) {
	p, err := BuyerPolicy(RoleCar, 1, nil)
	require.NoError(t, err)
	require.Len(t, p.Tokens, 1)
	eth := p.Tokens[common.Address{}].Node
	require.Equal(t, "14.4 ETH", FormatWei(eth.BudgetPerHour), "twice the hourly spend")
	require.Equal(t, "0.003 ETH", FormatWei(eth.MaxPricePerUnit[ServiceToll]))
	require.Equal(t, "0.00045 ETH", FormatWei(eth.MaxPricePerUnit[ServiceCharging]))
	require.NotContains(t, eth.MaxPricePerUnit, ServiceData)

	budget := uint256.NewInt(5e15)
	p, err = BuyerPolicy(RoleCharger, 3.3, budget)
	require.NoError(t, err)
	eth = p.Tokens[common.Address{}].Node
	require.Equal(t, "0.005 ETH", FormatWei(eth.BudgetPerHour))
	budget.SetUint64(1)
	require.Equal(t, "0.005 ETH", FormatWei(eth.BudgetPerHour), "the policy holds its own copy")
	require.Equal(t, "0.000015 ETH", FormatWei(eth.MaxPricePerUnit[ServiceData]))

	p, err = BuyerPolicy(RoleTollGate, 1, nil)
	require.NoError(t, err)
	require.Equal(t, policy.Policy{}, p, "a seller that buys nothing has no limits")

	// The policy is valid, and refuses what it should.
	p, err = BuyerPolicy(RoleCar, 1, uint256.NewInt(3e15))
	require.NoError(t, err)
	g, err := policy.NewGuard(p, nil)
	require.NoError(t, err)
	toll, _ := ServiceByName(ServiceToll)
	pay := policy.Payment{Service: ServiceToll, Units: 1, Amount: &toll.Price}
	r, err := g.Reserve(pay)
	require.NoError(t, err)
	r.Commit()
	_, err = g.Reserve(pay)
	require.ErrorIs(t, err, policy.ErrHourlyBudget, "0.002 + 0.002 > 0.003")
	double := new(uint256.Int).Mul(&toll.Price, uint256.NewInt(2))
	_, err = g.Reserve(policy.Payment{Service: ServiceToll, Units: 1, Amount: double})
	require.ErrorIs(t, err, policy.ErrPriceTooHigh)
}

func TestTightBudget(t *testing.T) {
	tests := []struct {
		slowdown float64
		trade    time.Duration
		want     string
	}{
		{1, 48 * time.Second, "0.048 ETH"},     // 24 s at 0.002 ETH/s
		{3.3, 46 * time.Second, "0.01393 ETH"}, // 23 s at 0.002/3.3 ETH/s, rounded down
		{1, 10 * time.Hour, "3.6 ETH"},         // at most half an hour
		{1, time.Millisecond, "0.00001 ETH"},   // at least the smallest price
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, FormatWei(TightBudget(RoleCar, tc.slowdown, tc.trade)), "%g %s", tc.slowdown, tc.trade)
	}
}

func TestSellerAddrs(t *testing.T) {
	a, b := common.HexToAddress("0x0a"), common.HexToAddress("0x0b")
	names := map[common.Address]string{a: "tollgate", b: "charger"}
	got, err := SellerAddrs([]string{"charger", "tollgate", "charger"}, names)
	require.NoError(t, err)
	require.Equal(t, []common.Address{b, a}, got)
	got, err = SellerAddrs(nil, names)
	require.NoError(t, err)
	require.Empty(t, got)
	_, err = SellerAddrs([]string{"tollgate9"}, names)
	require.ErrorIs(t, err, ErrInvalidConfig)
}

func TestFleetNamesParse(t *testing.T) {
	// Every fleet name is a valid device name and survives --names.
	f, err := Fleet(20)
	require.NoError(t, err)
	names := map[common.Address]string{}
	for _, m := range f {
		names[common.BigToAddress(uint256.NewInt(uint64(m.Index+1)).ToBig())] = m.Name
		cfg := DeviceConfig{Role: m.Role, Name: m.Name, DataDir: "x", Identity: testIdentity(t), Out: &syncBuffer{}, Chain: testChain}
		require.NoError(t, cfg.setDefaults(), m.Name)
	}
	got, err := ParseNames(FormatNames(names))
	require.NoError(t, err)
	require.Equal(t, names, got)
	for _, m := range f {
		_, err := SellerAddrs(m.BuyFrom, got)
		require.NoError(t, err, fmt.Sprint(m))
	}
}

var testChain = node.ChainConfig{RPCURL: "http://127.0.0.1:1"}

func testIdentity(t *testing.T) *identity.Identity {
	t.Helper()
	key, err := devnet.DeviceKey(0)
	require.NoError(t, err)
	id, err := identity.New(key)
	require.NoError(t, err)
	return id
}
