package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/control"
)

// TestPrintChannelPending: a withdraw that got no answer shows in
// `channel show`, since it is why the available balance is lower than the
// balance, and so does a settle that got none (why payments fail); without
// them there are no such lines.
func TestPrintChannelPending(t *testing.T) {
	ch := control.Channel{ID: "0x01", Token: zeroToken, Partner: "0x02", Phase: "open",
		Local:  control.Balances{Deposit: "0", Withdrawn: "0", Balance: "5000", Available: "2000"},
		Remote: control.Balances{Deposit: "5000", Withdrawn: "0", Balance: "0", Available: "0"}}
	for _, pending := range []string{"", "3000"} {
		ch.PendingWithdraw = pending
		var out bytes.Buffer
		require.NoError(t, printChannel(&out, &apiOptions{}, "", ch))
		if pending == "" {
			require.NotContains(t, out.String(), "withdraw pending")
			continue
		}
		require.Regexp(t, `withdraw pending\s+0.000000000000003 ETH \(no answer yet; held back from available\)`, out.String())
	}
	require.NotContains(t, printed(t, ch), "settle pending")
	ch.SettlePending = true
	require.Regexp(t, `settle pending\s+our cooperative settle got no answer yet`, printed(t, ch))
}

func printed(t *testing.T, ch control.Channel) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, printChannel(&out, &apiOptions{}, "", ch))
	return out.String()
}
