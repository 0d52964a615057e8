package main

import (
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestSettleFlags: the settlement flags of 'node run' become the policy
// the node runs, and bad amounts are refused before the node starts.
func TestSettleFlags(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		off       bool
		threshold string // base units; "" for none
		keep      string
		interval  time.Duration
		batch     bool
		wantErr   string
	}{
		{name: "off by default", off: true},
		{name: "threshold in ETH", args: []string{"--settle-threshold", "0.05eth"}, threshold: "50000000000000000"},
		{name: "interval, keep, batch", args: []string{"--settle-interval", "1h", "--settle-keep", "1000", "--settle-batch"}, keep: "1000", interval: time.Hour, batch: true},
		{name: "bare fraction refused", args: []string{"--settle-threshold", "0.5"}, wantErr: "--settle-threshold"},
		{name: "garbage refused", args: []string{"--settle-interval", "1m", "--settle-keep", "lots"}, wantErr: "--settle-keep"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var o nodeOptions
			fs := nodeFlags(&o, io.Discard)
			require.NoError(t, fs.Parse(tc.args))
			p, err := o.settlePolicy()
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			if tc.off {
				require.Nil(t, p)
				return
			}
			require.NotNil(t, p)
			if tc.threshold == "" {
				require.Nil(t, p.Threshold)
			} else {
				require.Equal(t, tc.threshold, p.Threshold.Dec())
			}
			if tc.keep == "" {
				require.Nil(t, p.Keep)
			} else {
				require.Equal(t, tc.keep, p.Keep.Dec())
			}
			require.Equal(t, tc.interval, p.Interval)
			require.Equal(t, tc.batch, p.Batch)
		})
	}
}
