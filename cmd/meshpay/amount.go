package main

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/meshpay/meshpay/node/control"
)

// amountHelp is the rule for amount arguments, shown in every help text
// that takes one.
const amountHelp = `Amounts: a plain integer is in the token's base units (wei for ETH):
  1000000000      1 gwei
A number with the token's symbol as suffix (any case, a space allowed) is
in whole tokens, up to the token's decimals; ETH also takes gwei and wei:
  0.5eth  0.5ETH  "0.5 ETH"  2.5gwei  1000wei  12.5usdc
A fraction without a unit ("0.5") is refused, so that base units and whole
tokens cannot be mixed up.`

// zeroToken is the token address of native ETH.
const zeroToken = "0x0000000000000000000000000000000000000000"

// tokenUnit is how amounts of one token are read and shown.
type tokenUnit struct {
	symbol   string
	decimals uint8
}

var ethUnit = tokenUnit{symbol: "ETH", decimals: 18}

// maxAmount is 2^256-1, the largest amount.
var maxAmount = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// unitOf is the unit of a token as the node names it. A node that does not
// name it (an older node) gets ETH for the zero address and base units
// otherwise.
func unitOf(token, symbol string, decimals uint8) tokenUnit {
	switch {
	case symbol != "":
		return tokenUnit{symbol: symbol, decimals: decimals}
	case token == zeroToken:
		return ethUnit
	}
	return tokenUnit{symbol: token}
}

func channelUnit(ch *control.Channel) tokenUnit {
	return unitOf(ch.Token, ch.TokenSymbol, ch.TokenDecimals)
}

func offerUnit(o *control.Offer) tokenUnit {
	return unitOf(o.Token, o.TokenSymbol, o.TokenDecimals)
}

// named reports whether the token has a symbol (not its address).
func (u tokenUnit) named() bool { return !strings.HasPrefix(u.symbol, "0x") }

// label is the symbol, or the short address of a token without one.
func (u tokenUnit) label() string {
	if !u.named() {
		return short(u.symbol)
	}
	return u.symbol
}

// format shows base units as whole tokens with the symbol: "0.5 ETH". It
// never rounds. A malformed amount is shown as it came.
func (u tokenUnit) format(base string) string {
	v, ok := new(big.Int).SetString(base, 10)
	if !ok {
		return base
	}
	return formatUnits(v, u.decimals) + " " + u.label()
}

// formatUnits writes v / 10^decimals in decimal, without trailing zeros.
func formatUnits(v *big.Int, decimals uint8) string {
	neg := v.Sign() < 0
	s := new(big.Int).Abs(v).String()
	if decimals > 0 {
		d := int(decimals)
		if len(s) <= d {
			s = strings.Repeat("0", d-len(s)+1) + s
		}
		whole, frac := s[:len(s)-d], strings.TrimRight(s[len(s)-d:], "0")
		s = whole
		if frac != "" {
			s += "." + frac
		}
	}
	if neg {
		s = "-" + s
	}
	return s
}

// parse reads an amount by the rule of amountHelp and returns it in base
// units, as the control API takes it.
func (u tokenUnit) parse(in string) (string, error) {
	s := strings.TrimSpace(in)
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, suffix := s, ""
	if i >= 0 {
		num, suffix = s[:i], strings.TrimSpace(s[i:])
	}
	bad := func(format string, args ...any) (string, error) {
		return "", fmt.Errorf("invalid amount %q: %s", in, fmt.Sprintf(format, args...))
	}
	if num == "" || num == "." || strings.Count(num, ".") > 1 {
		return bad("want digits, e.g. 1000 (base units) or 0.5%s", strings.ToLower(u.label()))
	}
	if suffix == "" {
		if strings.Contains(num, ".") {
			return bad("a plain number is in base units, which have no fraction; write %s%s for whole tokens", num, strings.ToLower(u.label()))
		}
		v, ok := new(big.Int).SetString(num, 10)
		if !ok || v.Cmp(maxAmount) > 0 {
			return bad("above 2^256-1")
		}
		return v.String(), nil
	}
	decimals, ok := u.suffixDecimals(suffix)
	if !ok {
		return bad("unit %q is not the channel's token: use %s", suffix, u.units())
	}
	whole, frac, _ := strings.Cut(num, ".")
	if len(frac) > int(decimals) {
		return bad("%s has %d decimals", suffix, decimals)
	}
	digits := strings.TrimLeft(whole+frac+strings.Repeat("0", int(decimals)-len(frac)), "0")
	if digits == "" {
		digits = "0"
	}
	v, ok := new(big.Int).SetString(digits, 10)
	if !ok || v.Cmp(maxAmount) > 0 {
		return bad("above 2^256-1")
	}
	return v.String(), nil
}

// parsePositive is parse refusing zero.
func (u tokenUnit) parsePositive(in string) (string, error) {
	v, err := u.parse(in)
	if err == nil && v == "0" {
		err = fmt.Errorf("invalid amount %q: must be more than 0", in)
	}
	return v, err
}

// suffixDecimals is the scale of a unit suffix for this token.
func (u tokenUnit) suffixDecimals(suffix string) (uint8, bool) {
	if u.named() && strings.EqualFold(suffix, u.symbol) {
		return u.decimals, true
	}
	if u == ethUnit {
		switch strings.ToLower(suffix) {
		case "gwei":
			return 9, true
		case "wei":
			return 0, true
		}
	}
	return 0, false
}

// units lists the suffixes the token takes, for error messages.
func (u tokenUnit) units() string {
	switch {
	case u == ethUnit:
		return "eth, gwei, wei or base units"
	case u.named():
		return strings.ToLower(u.symbol) + " or base units"
	}
	return "base units (the node does not know this token's decimals)"
}

// short shortens a hex ID or address for a table: "0x1234567890…".
func short(id string) string {
	const keep = 12 // 0x and 10 hex digits
	if len(id) <= keep+2 {
		return id
	}
	return id[:keep] + "…"
}

// age shows t relative to now: "3m ago", "in 2h".
func age(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	d := now.Sub(t)
	if d < 0 {
		return "in " + roughDuration(-d)
	}
	return roughDuration(d) + " ago"
}

func roughDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}
