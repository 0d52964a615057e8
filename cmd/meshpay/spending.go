package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/node/policy"
)

// spendingFile is the JSON of --spending-policy: the device's guardrails
// (package node/policy). Amounts are strings: base units, or whole ETH
// with a unit ("0.01eth", "200gwei") under the "eth" token; an ERC-20
// token's amounts are in its base units.
//
//	{
//	  "tokens": {
//	    "eth": {
//	      "max_per_payment": "0.001eth",
//	      "budget_per_hour": "0.05eth",
//	      "budget_per_day": "0.5eth",
//	      "max_price_per_unit": {"charging": "20000gwei", "*": "0.001eth"},
//	      "peers": {"0x71C7…": {"budget_per_hour": "0.01eth"}}
//	    }
//	  },
//	  "allow": ["0x…"],
//	  "deny": ["0x…"],
//	  "anomaly": {"price_factor": 2, "rate_factor": 3, "min_samples": 5, "block": false}
//	}
type spendingFile struct {
	Tokens  map[string]spendingToken `json:"tokens"`
	Allow   []string                 `json:"allow"`
	Deny    []string                 `json:"deny"`
	Anomaly struct {
		Disable     bool    `json:"disable"`
		PriceFactor float64 `json:"price_factor"`
		RateFactor  float64 `json:"rate_factor"`
		MinSamples  int     `json:"min_samples"`
		Alpha       float64 `json:"alpha"`
		Block       bool    `json:"block"`
	} `json:"anomaly"`
}

type spendingLimits struct {
	MaxPerPayment   string            `json:"max_per_payment"`
	BudgetPerHour   string            `json:"budget_per_hour"`
	BudgetPerDay    string            `json:"budget_per_day"`
	MaxPricePerUnit map[string]string `json:"max_price_per_unit"`
}

type spendingToken struct {
	spendingLimits
	Peers map[string]spendingLimits `json:"peers"`
}

// maxSpendingFile bounds the policy file: it is read whole.
const maxSpendingFile = 1 << 20

// readSpendingPolicy reads and checks the policy file at path.
func readSpendingPolicy(path string) (policy.Policy, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return policy.Policy{}, fmt.Errorf("--spending-policy: %w", err)
	}
	if len(b) > maxSpendingFile {
		return policy.Policy{}, fmt.Errorf("--spending-policy %s: %d bytes, at most %d", path, len(b), maxSpendingFile)
	}
	p, err := parseSpendingPolicy(b)
	if err != nil {
		return policy.Policy{}, fmt.Errorf("--spending-policy %s: %w", path, err)
	}
	return p, nil
}

// parseSpendingPolicy turns the file's JSON into a checked policy.
func parseSpendingPolicy(b []byte) (policy.Policy, error) {
	var f spendingFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return policy.Policy{}, err
	}
	if dec.More() {
		return policy.Policy{}, fmt.Errorf("data after the JSON object")
	}
	p := policy.Policy{
		Anomaly: policy.AnomalyConfig{
			Disable: f.Anomaly.Disable, PriceFactor: f.Anomaly.PriceFactor, RateFactor: f.Anomaly.RateFactor,
			MinSamples: f.Anomaly.MinSamples, Alpha: f.Anomaly.Alpha, Block: f.Anomaly.Block,
		},
	}
	var err error
	if p.Allow, err = addresses("allow", f.Allow); err != nil {
		return p, err
	}
	if p.Deny, err = addresses("deny", f.Deny); err != nil {
		return p, err
	}
	if len(f.Tokens) > 0 {
		p.Tokens = map[common.Address]policy.TokenPolicy{}
	}
	for name, t := range f.Tokens {
		token, unit, err := tokenOfKey(name)
		if err != nil {
			return p, err
		}
		if _, dup := p.Tokens[token]; dup {
			return p, fmt.Errorf("token %s listed twice", name)
		}
		tp := policy.TokenPolicy{}
		if tp.Node, err = t.limits(unit, "tokens."+name); err != nil {
			return p, err
		}
		for peer, l := range t.Peers {
			if !common.IsHexAddress(peer) {
				return p, fmt.Errorf("tokens.%s.peers: %q is not an address", name, peer)
			}
			if tp.Peers == nil {
				tp.Peers = map[common.Address]policy.Limits{}
			}
			if tp.Peers[common.HexToAddress(peer)], err = l.limits(unit, "tokens."+name+".peers."+peer); err != nil {
				return p, err
			}
		}
		p.Tokens[token] = tp
	}
	// The guard checks the rest (factors, samples) when the node starts;
	// check now so that a bad file fails before anything runs.
	if _, err := policy.NewGuard(p, nil); err != nil {
		return p, err
	}
	return p, nil
}

// tokenOfKey resolves a token key: "eth" or an ERC-20's address.
func tokenOfKey(name string) (common.Address, tokenUnit, error) {
	if strings.EqualFold(name, "eth") {
		return common.Address{}, ethUnit, nil
	}
	if !common.IsHexAddress(name) {
		return common.Address{}, tokenUnit{}, fmt.Errorf("tokens: %q is neither \"eth\" nor an address", name)
	}
	a := common.HexToAddress(name)
	return a, unitOf(a.Hex(), "", 0), nil
}

func (l *spendingLimits) limits(unit tokenUnit, where string) (policy.Limits, error) {
	var out policy.Limits
	amount := func(field, in string) (*uint256.Int, error) {
		if in == "" {
			return nil, nil
		}
		base, err := unit.parse(in)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", where, field, err)
		}
		return uint256.MustFromDecimal(base), nil
	}
	var err error
	if out.MaxPerPayment, err = amount("max_per_payment", l.MaxPerPayment); err != nil {
		return out, err
	}
	if out.BudgetPerHour, err = amount("budget_per_hour", l.BudgetPerHour); err != nil {
		return out, err
	}
	if out.BudgetPerDay, err = amount("budget_per_day", l.BudgetPerDay); err != nil {
		return out, err
	}
	for svc, in := range l.MaxPricePerUnit {
		v, err := amount("max_price_per_unit."+svc, in)
		if err != nil {
			return out, err
		}
		if out.MaxPricePerUnit == nil {
			out.MaxPricePerUnit = map[string]*uint256.Int{}
		}
		out.MaxPricePerUnit[svc] = v
	}
	return out, nil
}

func addresses(field string, in []string) ([]common.Address, error) {
	var out []common.Address
	for _, s := range in {
		if !common.IsHexAddress(s) {
			return nil, fmt.Errorf("%s: %q is not an address", field, s)
		}
		out = append(out, common.HexToAddress(s))
	}
	return out, nil
}
