package settlement_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/settlement"
)

// TestBatchWithdraw: a toll gate paid by three cars withdraws what each
// paid in one transaction, carrying only each car's signature.
func TestBatchWithdraw(t *testing.T) {
	ctx := context.Background()
	d := startDevnet(t)
	gate := newNode(t, d, 0)
	var items []settlement.BatchItem
	for i := 1; i <= 3; i++ {
		car := newNode(t, d, i)
		connect(car, gate)
		params := openFunded(t, car, gate, common.Address{}, ether(10), nil)
		id := params.ID()
		car.pay(t, id, ether(int64(i)), "toll")
		w := cosignWithdraw(t, gate, car, id, ether(int64(i)), uint64(time.Now().Unix())+86400)
		items = append(items, settlement.BatchItem{Params: params, Withdraw: w})
	}
	before := contractBalance(t, gate)
	rcpt, err := gate.client.BatchWithdraw(ctx, common.Address{}, items)
	require.NoError(t, err)
	require.Equal(t, new(big.Int).Sub(before, ether(6)), contractBalance(t, gate), "one transaction paid all three")
	t.Logf("batch of %d withdraws: %d gas", len(items), rcpt.GasUsed)
	for _, it := range items {
		id := it.Params.ID()
		gi, _ := it.Params.Index(gate.addr())
		gate.waitChannel(t, id, "withdrawn", func(ch channels.Channel) bool { return !ch.Withdrawn[gi].IsZero() })
	}
	_, err = gate.client.BatchWithdraw(ctx, common.Address{}, items)
	require.ErrorIs(t, err, settlement.ErrReverted, "a replayed batch is refused")
}
