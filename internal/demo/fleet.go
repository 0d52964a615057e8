package demo

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/node/policy"
)

// Fleet sizes.
const (
	// MinDevices is the demo's smallest fleet: a car, a toll gate and a
	// charger.
	MinDevices = 3
	// MaxDevices bounds a fleet; every device is its own process with its
	// own node.
	MaxDevices = 100
)

// extraRoles is the cycle the devices past the first three follow: two
// buyers of toll and charging for each toll gate and each charger.
var extraRoles = []Role{RoleCar, RoleTollGate, RoleCar, RoleCharger}

// Member is one device of a fleet: its devnet device index, its name and
// role, and the sellers it buys from.
type Member struct {
	// Index is the devnet device whose key the member uses.
	Index int
	// Name is the role for the first of each role, then the role and its
	// ordinal: car, tollgate, charger, car2, tollgate2, car3, charger2, ...
	Name string
	Role Role
	// BuyFrom names the sellers the member buys from, one per service it
	// buys, in the order of Role.Buys.
	BuyFrom []string
	// SettleBatch is set for a seller with BatchFrom buyer channels or
	// more: it withdraws from all of them in one batch transaction.
	SettleBatch bool
}

// BatchFrom is how many buyer channels make a seller settle in batches.
const BatchFrom = 3

// Fleet plans a fleet of n devices. The first three are the car, the toll
// gate and the charger; the others follow extraRoles. Buyers spread over
// sellers: the j-th buyer of a service (in index order) buys it from the
// (j mod s)-th of its s sellers, so every seller has buyers and no seller
// has more than one buyer more than another. Sellers with BatchFrom buyer
// channels or more settle in batches.
func Fleet(n int) ([]Member, error) {
	if n < MinDevices || n > MaxDevices {
		return nil, fmt.Errorf("%w: %d devices (want %d to %d)", ErrInvalidConfig, n, MinDevices, MaxDevices)
	}
	fleet := make([]Member, n)
	count := map[Role]int{}
	sellers := map[string][]string{} // service -> seller names, in index order
	for i := range fleet {
		r := extraRoles[(i-MinDevices+len(extraRoles))%len(extraRoles)]
		if i < MinDevices {
			r = Roles()[i]
		}
		count[r]++
		name := string(r)
		if count[r] > 1 {
			name += strconv.Itoa(count[r])
		}
		fleet[i] = Member{Index: i, Name: name, Role: r}
		for _, s := range r.Sells() {
			sellers[s] = append(sellers[s], name)
		}
	}
	buyers := map[string]int{}   // service -> buyers so far
	channels := map[string]int{} // seller -> buyer channels
	for i := range fleet {
		m := &fleet[i]
		for _, s := range m.Role.Buys() {
			from := sellers[s]
			seller := from[buyers[s]%len(from)]
			m.BuyFrom = append(m.BuyFrom, seller)
			channels[seller]++
			buyers[s]++
		}
	}
	for i := range fleet {
		fleet[i].SettleBatch = channels[fleet[i].Name] >= BatchFrom
	}
	return fleet, nil
}

// Slowdown is how much a fleet of n devices stretches the interval between
// payments, so that a larger fleet on the same machine is not a heavier
// load per device: 1 up to six devices, then n/6 rounded to a tenth (3.3
// for 20).
func Slowdown(n int) float64 {
	return max(1, math.Round(float64(n)/6*10)/10)
}

// every is how often a buyer pays for svc at slowdown s.
func (s *Service) every(slowdown float64) time.Duration {
	return time.Duration(float64(s.Every) * max(1, slowdown))
}

// SpendPerHour is what a device of the role pays in an hour, at the
// catalog's prices and rates stretched by slowdown.
func SpendPerHour(r Role, slowdown float64) *big.Int {
	total := new(big.Int)
	for _, name := range r.Buys() {
		svc, err := ServiceByName(name)
		if err != nil {
			continue
		}
		perHour := new(big.Int).Mul(svc.Price.ToBig(), big.NewInt(int64(time.Hour)))
		total.Add(total, perHour.Div(perHour, big.NewInt(int64(svc.every(slowdown)))))
	}
	return total
}

// Price caps of the buyers' spending policy.
const (
	// priceCapNum/priceCapDen is how far above the catalog price a buyer
	// still pays: half as much again.
	priceCapNum, priceCapDen = 3, 2
	// budgetHeadroom is the default hourly budget in hours of spend: twice
	// what the buyer spends in an hour, never hit by a healthy device.
	budgetHeadroom = 2
)

// BuyerPolicy is the spending policy of a device of the role: in ETH only,
// a price cap per service it buys at half as much again as the catalog's
// price, and budgetPerHour as the hourly budget (nil: twice what it spends
// in an hour at slowdown, rounded down to 0.00001 ETH). A role that buys
// nothing gets the zero Policy.
func BuyerPolicy(r Role, slowdown float64, budgetPerHour *uint256.Int) (policy.Policy, error) {
	buys := r.Buys()
	if len(buys) == 0 {
		return policy.Policy{}, nil
	}
	caps := make(map[string]*uint256.Int, len(buys))
	for _, name := range buys {
		svc, err := ServiceByName(name)
		if err != nil {
			return policy.Policy{}, err
		}
		var c uint256.Int
		c.Mul(&svc.Price, uint256.NewInt(priceCapNum))
		caps[name] = c.Div(&c, uint256.NewInt(priceCapDen))
	}
	budget := budgetPerHour
	if budget == nil {
		budget = roundBudget(new(big.Int).Mul(SpendPerHour(r, slowdown), big.NewInt(budgetHeadroom)))
	}
	return policy.Policy{Tokens: map[common.Address]policy.TokenPolicy{
		{}: {Node: policy.Limits{MaxPricePerUnit: caps, BudgetPerHour: budget.Clone()}},
	}}, nil
}

// budgetStep is what the budgets are rounded to, in wei: 0.00001 ETH,
// the catalog's smallest price.
const budgetStep = 1e13

// TightBudget is an hourly budget a buyer of the role hits in a soak run
// that trades for trade: what it spends in half the trading time, at most
// half an hour's worth, so that it hits the budget midway and then pays
// only as its earlier spend leaves the hour window. It is rounded down to
// 0.00001 ETH, and is at least that.
func TightBudget(r Role, slowdown float64, trade time.Duration) *uint256.Int {
	span := min(trade/2, 30*time.Minute)
	b := new(big.Int).Mul(SpendPerHour(r, slowdown), big.NewInt(int64(span)))
	return roundBudget(b.Div(b, big.NewInt(int64(time.Hour))))
}

// roundBudget rounds b down to a whole budgetStep, at least one, and
// saturates at the largest uint256.
func roundBudget(b *big.Int) *uint256.Int {
	step := big.NewInt(budgetStep)
	b = new(big.Int).Div(b, step)
	b.Mul(b, step)
	if b.Sign() <= 0 {
		b.Set(step)
	}
	v, overflow := uint256.FromBig(b)
	if overflow {
		return new(uint256.Int).SetAllOne()
	}
	return v
}

// SellerAddrs resolves seller names to addresses with names (address to
// name, as ParseNames reads them).
func SellerAddrs(sellers []string, names map[common.Address]string) ([]common.Address, error) {
	byName := make(map[string]common.Address, len(names))
	for a, n := range names {
		byName[n] = a
	}
	out := make([]common.Address, 0, len(sellers))
	for _, s := range sellers {
		a, ok := byName[s]
		if !ok {
			return nil, fmt.Errorf("%w: seller %q is not among the named devices", ErrInvalidConfig, s)
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out, nil
}
