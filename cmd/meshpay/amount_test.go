package main

import (
	"bytes"
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseAmount(t *testing.T) {
	usdc := tokenUnit{symbol: "USDC", decimals: 6}
	raw := tokenUnit{symbol: "0x5FbDB2315678afecb367f032d93F642f64180aa3"}
	tests := []struct {
		unit      tokenUnit
		in, want  string
		errSubstr string
	}{
		{ethUnit, "1", "1", ""},
		{ethUnit, "007", "7", ""},
		{ethUnit, "1000000000", "1000000000", ""},
		{ethUnit, "0.5eth", "500000000000000000", ""},
		{ethUnit, "0.5ETH", "500000000000000000", ""},
		{ethUnit, " 0.5 Eth ", "500000000000000000", ""},
		{ethUnit, ".5eth", "500000000000000000", ""},
		{ethUnit, "2.eth", "2000000000000000000", ""},
		{ethUnit, "1gwei", "1000000000", ""},
		{ethUnit, "2.5gwei", "2500000000", ""},
		{ethUnit, "1000wei", "1000", ""},
		{ethUnit, "0.000000000000000001eth", "1", ""},
		{ethUnit, "0eth", "0", ""},
		{ethUnit, "115792089237316195423570985008687907853269984665640564039457584007913129639935", "115792089237316195423570985008687907853269984665640564039457584007913129639935", ""},
		{usdc, "12.5usdc", "12500000", ""},
		{usdc, "12.5", "", "a plain number is in base units"},
		{usdc, "1eth", "", `unit "eth" is not the channel's token: use usdc or base units`},
		{usdc, "0.0000001usdc", "", "usdc has 6 decimals"},
		{raw, "12", "12", ""},
		{raw, "1" + raw.symbol, "", "does not know this token's decimals"},
		{ethUnit, "0.5", "", "write 0.5eth for whole tokens"},
		{ethUnit, "1.5wei", "", "wei has 0 decimals"},
		{ethUnit, "", "", "want digits"},
		{ethUnit, "eth", "", "want digits"},
		{ethUnit, ".eth", "", "want digits"},
		{ethUnit, "-1", "", "want digits"},
		{ethUnit, "1e18", "", `unit "e18"`},
		{ethUnit, "0x10", "", `unit "x10"`},
		{ethUnit, "1,000", "", `unit ",000"`},
		{ethUnit, "115792089237316195423570985008687907853269984665640564039457584007913129639936", "", "above 2^256-1"},
		{ethUnit, "115792089237316195423570985008687907853269984665640564039457584007913129639.936eth", "", "above 2^256-1"},
	}
	for _, tc := range tests {
		got, err := tc.unit.parse(tc.in)
		if tc.errSubstr != "" {
			require.ErrorContains(t, err, tc.errSubstr, "%q", tc.in)
			require.ErrorContains(t, err, "invalid amount", "%q", tc.in)
			continue
		}
		require.NoError(t, err, "%q", tc.in)
		require.Equal(t, tc.want, got, "%q", tc.in)
	}
	_, err := ethUnit.parsePositive("0wei")
	require.ErrorContains(t, err, "must be more than 0")
}

func TestFormatAmount(t *testing.T) {
	usdc := tokenUnit{symbol: "USDC", decimals: 6}
	for _, tc := range []struct {
		unit     tokenUnit
		in, want string
	}{
		{ethUnit, "0", "0 ETH"},
		{ethUnit, "1", "0.000000000000000001 ETH"},
		{ethUnit, "1000000000000000000", "1 ETH"},
		{ethUnit, "1500000000000000000", "1.5 ETH"},
		{ethUnit, "123456789012345678901", "123.456789012345678901 ETH"},
		{usdc, "12500000", "12.5 USDC"},
		{tokenUnit{symbol: "0x5FbDB2315678afecb367f032d93F642f64180aa3"}, "42", "42 0x5FbDB23156…"},
		{ethUnit, "not a number", "not a number"},
	} {
		require.Equal(t, tc.want, tc.unit.format(tc.in))
		if v, err := tc.unit.parse(tc.want); tc.unit.named() && err == nil {
			require.Equal(t, tc.in, v, "round trip of %s", tc.want)
		}
	}
	require.Equal(t, ethUnit, unitOf(zeroToken, "", 0))
	require.Equal(t, tokenUnit{symbol: "MTT", decimals: 18}, unitOf("0x5FbDB2315678afecb367f032d93F642f64180aa3", "MTT", 18))
}

func TestShortAgePrintable(t *testing.T) {
	require.Equal(t, "0x1234567890…", short("0x1234567890abcdef1234567890abcdef12345678"))
	require.Equal(t, "0x12345678", short("0x12345678"))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		-5 * time.Second: "5s ago", -3 * time.Minute: "3m ago", -5 * time.Hour: "5h ago", -72 * time.Hour: "3d ago",
		59*time.Minute + 59*time.Second: "in 59m", 2 * time.Hour: "in 2h",
	} {
		require.Equal(t, want, age(now.Add(d), now))
	}
	require.Equal(t, "-", age(time.Time{}, now))
	require.Equal(t, `a\tb\x1b[31m\u202e\n`, printable("a\tb\x1b[31m\u202e\n"))
	require.Equal(t, "péage 7", printable("péage 7"))
	require.Equal(t, "-", printable(""))
	require.Equal(t, "'=1+1", csvSafe("=1+1"))
	require.Equal(t, "'-2", csvSafe("-2"))
	require.Equal(t, "inv-1", csvSafe("inv-1"))
}

func TestParseArgs(t *testing.T) {
	var stdout, stderr bytes.Buffer
	newFS := func() (*flag.FlagSet, *string) {
		fs := newFlags("x", "Usage: x", &stderr)
		return fs, fs.String("reference", "", "")
	}
	fs, ref := newFS()
	pos, err := parseArgs(fs, []string{"0xab", "--reference", "r", "1eth"}, &stdout, 2, 2)
	require.NoError(t, err)
	require.Equal(t, []string{"0xab", "1eth"}, pos)
	require.Equal(t, "r", *ref)

	fs, _ = newFS()
	pos, err = parseArgs(fs, []string{"a", "--", "-1", "--reference"}, &stdout, 0, -1)
	require.NoError(t, err)
	require.Equal(t, []string{"a", "-1", "--reference"}, pos)

	fs, _ = newFS()
	_, err = parseArgs(fs, []string{"a"}, &stdout, 2, 2)
	var ue *usageError
	require.ErrorAs(t, err, &ue)

	fs, _ = newFS()
	_, err = parseArgs(fs, []string{"a", "b", "c"}, &stdout, 2, 2)
	require.ErrorAs(t, err, &ue)

	fs, _ = newFS()
	_, err = parseArgs(fs, []string{"a", "--nope"}, &stdout, 0, 2)
	require.ErrorAs(t, err, &ue)

	stdout.Reset()
	fs, _ = newFS()
	_, err = parseArgs(fs, []string{"a", "-h"}, &stdout, 2, 2)
	require.ErrorIs(t, err, errHelp)
	require.Contains(t, stdout.String(), "Usage: x")
}

func TestAPIEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:7420":     "http://127.0.0.1:7420",
		"127.0.0.1:7420":            "http://127.0.0.1:7420",
		"localhost:7420":            "http://localhost:7420",
		"/var/lib/meshpay/x.sock":   "unix:///var/lib/meshpay/x.sock",
		"unix:///var/lib/x.sock":    "unix:///var/lib/x.sock",
		"https://gw.example:8443/m": "https://gw.example:8443/m",
	} {
		got, err := apiEndpoint(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	_, err := apiEndpoint("relative/path.sock")
	require.Error(t, err)
}
