package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/policy"
)

func TestSpendingPolicyFile(t *testing.T) {
	peer := common.HexToAddress("0x71C7656EC7ab88b098defB751B7401B5f6d8976F")
	token := common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")
	full := `{
	  "tokens": {
	    "eth": {
	      "max_per_payment": "0.001eth",
	      "budget_per_hour": "0.05eth",
	      "budget_per_day": "500000000000000000",
	      "max_price_per_unit": {"charging": "20000gwei", "*": "0.001eth"},
	      "peers": {"` + peer.Hex() + `": {"budget_per_hour": "0.01eth"}}
	    },
	    "` + token.Hex() + `": {"max_per_payment": "250"}
	  },
	  "deny": ["` + peer.Hex() + `"],
	  "anomaly": {"price_factor": 4, "min_samples": 3, "block": true}
	}`
	p, err := parseSpendingPolicy([]byte(full))
	require.NoError(t, err)
	eth := p.Tokens[common.Address{}]
	require.Equal(t, "1000000000000000", eth.Node.MaxPerPayment.Dec())
	require.Equal(t, "50000000000000000", eth.Node.BudgetPerHour.Dec())
	require.Equal(t, "500000000000000000", eth.Node.BudgetPerDay.Dec())
	require.Equal(t, "20000000000000", eth.Node.MaxPricePerUnit["charging"].Dec())
	require.Equal(t, "1000000000000000", eth.Node.MaxPricePerUnit[policy.AnyService].Dec())
	require.Equal(t, "10000000000000000", eth.Peers[peer].BudgetPerHour.Dec())
	require.Nil(t, eth.Peers[peer].MaxPerPayment)
	require.Equal(t, uint256.NewInt(250), p.Tokens[token].Node.MaxPerPayment)
	require.Equal(t, []common.Address{peer}, p.Deny)
	require.Empty(t, p.Allow)
	require.Equal(t, policy.AnomalyConfig{PriceFactor: 4, MinSamples: 3, Block: true}, p.Anomaly)

	// The parsed policy is the one the guard enforces.
	g, err := policy.NewGuard(p, nil)
	require.NoError(t, err)
	_, err = g.Reserve(policy.Payment{Peer: common.Address{1}, Amount: uint256.NewInt(1_000_000_000_000_001)})
	require.ErrorIs(t, err, policy.ErrPaymentTooLarge)
	_, err = g.Reserve(policy.Payment{Peer: peer, Amount: uint256.NewInt(1)})
	require.ErrorIs(t, err, policy.ErrPeerDenied)

	for _, tc := range []struct{ name, in, want string }{
		{"unknown field", `{"budget": "1"}`, `unknown field "budget"`},
		{"bad token", `{"tokens": {"usdc": {}}}`, `"usdc" is neither "eth" nor an address`},
		{"bad amount", `{"tokens": {"eth": {"budget_per_day": "lots"}}}`, "tokens.eth.budget_per_day"},
		{"whole units of an ERC-20", `{"tokens": {"` + token.Hex() + `": {"max_per_payment": "1.5usdc"}}}`, "max_per_payment"},
		{"bad peer", `{"tokens": {"eth": {"peers": {"bob": {}}}}}`, `"bob" is not an address`},
		{"bad deny", `{"deny": ["0x12"]}`, `deny: "0x12" is not an address`},
		{"bad anomaly", `{"anomaly": {"price_factor": 0.5}}`, "price"},
		{"trailing data", `{} {}`, "data after"},
		{"not JSON", `budget=1`, "invalid character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseSpendingPolicy([]byte(tc.in))
			require.ErrorContains(t, err, tc.want)
		})
	}

	path := filepath.Join(t.TempDir(), "spending.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"tokens": {"eth": {"budget_per_hour": "-1"}}}`), 0o600))
	_, err = readSpendingPolicy(path)
	require.ErrorContains(t, err, "--spending-policy "+path)
	_, err = readSpendingPolicy(filepath.Join(t.TempDir(), "missing.json"))
	require.ErrorContains(t, err, "--spending-policy")
}
