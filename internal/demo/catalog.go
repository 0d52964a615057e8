package demo

import (
	"fmt"
	"strings"
	"time"

	"github.com/holiman/uint256"
)

// Role is what a demo device is; it decides what it sells and buys.
type Role string

// The demo's roles.
const (
	// RoleCar buys toll and charging.
	RoleCar Role = "car"
	// RoleTollGate sells toll per pass and data per MB.
	RoleTollGate Role = "tollgate"
	// RoleCharger sells charging per 0.1 kWh and buys data per MB.
	RoleCharger Role = "charger"
)

// Roles lists the demo's roles in the order the demo starts them; device
// i of the devnet plays Roles()[i].
func Roles() []Role { return []Role{RoleCar, RoleTollGate, RoleCharger} }

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles() {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("%w: %q (want car, tollgate or charger)", ErrUnknownRole, s)
}

// Service names, as the offers carry them.
const (
	ServiceToll     = "toll"
	ServiceCharging = "charging"
	ServiceData     = "data"
)

// Sells lists the services the role offers.
func (r Role) Sells() []string {
	switch r {
	case RoleTollGate:
		return []string{ServiceToll, ServiceData}
	case RoleCharger:
		return []string{ServiceCharging}
	}
	return nil
}

// Buys lists the services the role pays for.
func (r Role) Buys() []string {
	switch r {
	case RoleCar:
		return []string{ServiceToll, ServiceCharging}
	case RoleCharger:
		return []string{ServiceData}
	}
	return nil
}

// Service is one kind of service of the demo: its offer terms and how a
// buyer consumes it.
type Service struct {
	// Name and Unit are the offer's service and unit.
	Name, Unit string
	// Price is in wei per unit.
	Price uint256.Int
	// Every is how often one unit is delivered: a seller's meter reports
	// one unit of a continuous service (charging, data) every Every while a
	// session runs, and a buyer drives through a toll gate every Every.
	Every time.Duration
	// SessionUnits is how many units a buyer buys in one metered session
	// (its Limits.MaxUnits): one pass, one charging stop, one batch of
	// data.
	SessionUnits uint64
	// DepositUnits is how many units a buyer's channel deposit (and each
	// top-up) covers.
	DepositUnits uint64
	// Description is the offer's description after the seller's name.
	Description string
	// Verb says what a buyer did with the units, in the story: "charged
	// 12 × 0.1kWh".
	Verb string
}

// ServiceByName returns the demo's terms for a service.
func ServiceByName(name string) (Service, error) {
	price := func(n uint64) uint256.Int { // n * 0.00001 ETH
		var v uint256.Int
		v.Mul(uint256.NewInt(n), uint256.NewInt(1e13))
		return v
	}
	switch name {
	case ServiceToll:
		return Service{Name: name, Unit: "pass", Price: price(200), Every: 2 * time.Second, SessionUnits: 1, DepositUnits: 50,
			Description: "highway toll, per pass", Verb: "passed"}, nil
	case ServiceCharging:
		return Service{Name: name, Unit: "0.1kWh", Price: price(30), Every: 300 * time.Millisecond, SessionUnits: 12, DepositUnits: 100,
			Description: "EV charging, per 0.1 kWh", Verb: "charged"}, nil
	case ServiceData:
		return Service{Name: name, Unit: "MB", Price: price(1), Every: 500 * time.Millisecond, SessionUnits: 10, DepositUnits: 100,
			Description: "backhaul data, per MB", Verb: "downloaded"}, nil
	}
	return Service{}, fmt.Errorf("%w: no service %q", ErrInvalidConfig, name)
}

// Reference names the n-th unit (from 1) in the story: "pass #4",
// "kWh 1.3", "MB 12".
func (s *Service) Reference(n uint64) string {
	switch s.Name {
	case ServiceToll:
		return fmt.Sprintf("pass #%d", n)
	case ServiceCharging:
		return fmt.Sprintf("kWh %d.%d", n/10, n%10)
	case ServiceData:
		return fmt.Sprintf("MB %d", n)
	}
	return fmt.Sprintf("%s %d", s.Unit, n)
}

// Deposit is what a buyer puts in a channel for the service: DepositUnits
// units.
func (s *Service) Deposit() uint256.Int {
	var v uint256.Int
	v.Mul(&s.Price, uint256.NewInt(s.DepositUnits))
	return v
}

// offerDescription is an offer's description: the seller's name, a colon,
// the service's description.
func offerDescription(seller string, s *Service) string {
	return seller + ": " + s.Description
}

// sellerName reads the seller's name back from an offer's description.
func sellerName(description string) (string, bool) {
	name, _, ok := strings.Cut(description, ":")
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return "", false
	}
	return name, true
}
