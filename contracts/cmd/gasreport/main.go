// Command gasreport measures the gas of every ChannelManager operation on a
// simulated chain running mainnet's current fork rules, and the amortized gas
// per channel of batchWithdraw at 1, 10 and 100 channels.
//
// It exits non-zero if batchWithdraw at 100 channels costs more than
// 15,000 gas per channel (the 21,000 transaction base included), the
// project's hard budget for periodic settlement.
//
//	go run ./contracts/cmd/gasreport
package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"
)

// batchBudget is the hard ceiling on batchWithdraw's amortized gas per
// channel at batchBudgetSize channels.
const (
	batchBudget     = 15_000
	batchBudgetSize = 100
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "gasreport:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	r, err := newReporter(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = r.env.Close() }()

	ops, err := r.measureOperations(ctx)
	if err != nil {
		return err
	}
	fmt.Println(r.header())
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tgas\t")
	for _, op := range ops {
		fmt.Fprintf(tw, "%s\t%d\t\n", op.name, op.gas)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	fmt.Println()

	var overBudget []string
	for _, batch := range []struct {
		label string
		erc20 bool
	}{{"batch", false}, {"batch_erc20", true}} {
		for _, n := range []int{1, 10, batchBudgetSize} {
			perChannel, err := r.measureBatchWithdraw(ctx, n, batch.erc20)
			if err != nil {
				return err
			}
			fmt.Printf("%s n=%d gas_per_channel=%d\n", batch.label, n, perChannel)
			if n == batchBudgetSize && perChannel > batchBudget {
				overBudget = append(overBudget, fmt.Sprintf("%s n=%d: %d > %d", batch.label, n, perChannel, batchBudget))
			}
		}
	}
	if len(overBudget) > 0 {
		return fmt.Errorf("batchWithdraw over its gas budget: %v", overBudget)
	}
	return nil
}
