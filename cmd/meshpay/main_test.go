package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		out, err string
	}{
		{args: nil, code: 0, out: "Commands:"},
		{args: []string{"version"}, code: 0, out: "meshpay dev"},
		{args: []string{"bogus"}, code: 2, err: `unknown command "bogus"`},
	}
	for _, tc := range tests {
		var out, errOut bytes.Buffer
		require.Equal(t, tc.code, run(tc.args, &out, &errOut), "args %v", tc.args)
		require.Contains(t, out.String(), tc.out)
		require.Contains(t, errOut.String(), tc.err)
	}
}
