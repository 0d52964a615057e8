package control

import (
	"errors"
	"math/big"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	max := "115792089237316195423570985008687907853269984665640564039457584007913129639935"
	for in, ok := range map[string]bool{
		"0": true, "1": true, "007": true, max: true, "0" + max[:77]: true,
		"": false, "-1": false, "+1": false, "1.0": false, "1e3": false, " 1": false, "1 ": false,
		"0x1": false, "１": false, "115792089237316195423570985008687907853269984665640564039457584007913129639936": false,
		strings.Repeat("0", 79): false, strings.Repeat("9", 78): false,
	} {
		v, err := ParseAmount(in)
		if (err == nil) != ok {
			t.Errorf("ParseAmount(%q): %v", in, err)
			continue
		}
		if err != nil && !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("ParseAmount(%q): %v does not wrap ErrInvalidArgument", in, err)
		}
		if ok {
			want, _ := new(big.Int).SetString(in, 10)
			if v.ToBig().Cmp(want) != 0 {
				t.Errorf("ParseAmount(%q) = %s", in, v.Dec())
			}
		}
	}
}

// FuzzParseAmount checks ParseAmount against math/big: it accepts exactly
// the digit strings of at most 78 digits below 2^256, with their value.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"0", "1", "-1", "+5", "1e9", "115792089237316195423570985008687907853269984665640564039457584007913129639936"} {
		f.Add(s)
	}
	limit := new(big.Int).Lsh(big.NewInt(1), 256)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseAmount(s)
		digits := s != "" && len(s) <= maxAmountDigits && strings.Trim(s, "0123456789") == ""
		want, _ := new(big.Int).SetString(s, 10)
		ok := digits && want.Cmp(limit) < 0
		if (err == nil) != ok {
			t.Fatalf("ParseAmount(%q): err %v, want ok=%v", s, err, ok)
		}
		if ok && v.ToBig().Cmp(want) != 0 {
			t.Fatalf("ParseAmount(%q) = %s", s, v.Dec())
		}
	})
}

func TestValidate(t *testing.T) {
	good := OpenRequest{Peer: addrB, Token: tokenET}
	for name, tc := range map[string]struct {
		err error
		ok  bool
	}{
		"open":              {good.Validate(), true},
		"open by peer id":   {OpenRequest{Peer: peerB, Token: tokenET, Deposit: "5"}.Validate(), true},
		"open upper hex":    {OpenRequest{Peer: "0X" + strings.ToUpper(addrB[2:]), Token: "0x" + strings.Repeat("Ab", 20)}.Validate(), true},
		"open empty peer":   {OpenRequest{Token: tokenET}.Validate(), false},
		"open peer symbols": {OpenRequest{Peer: "Qm/../x", Token: tokenET}.Validate(), false},
		"open bad token":    {OpenRequest{Peer: addrB, Token: "eth"}.Validate(), false},
		"pay ref max":       {PayRequest{Amount: "1", Reference: strings.Repeat("é", MaxReferenceLen/2)}.Validate(), true},
		"pay ref over":      {PayRequest{Amount: "1", Reference: strings.Repeat("é", MaxReferenceLen/2+1)}.Validate(), false},
		"offer":             {OfferRequest{Service: "toll", Unit: "pass", PricePerUnit: "1", Token: tokenET}.Validate(), true},
		"offer max ttl":     {OfferRequest{Service: "toll", Unit: "pass", PricePerUnit: "1", Token: tokenET, TTLSeconds: maxOfferTTLSeconds}.Validate(), true},
		"offer ttl over":    {OfferRequest{Service: "toll", Unit: "pass", PricePerUnit: "1", Token: tokenET, TTLSeconds: maxOfferTTLSeconds + 1}.Validate(), false},
		"offer bad token":   {OfferRequest{Service: "toll", Unit: "pass", PricePerUnit: "1", Token: "eth"}.Validate(), false},
		"offer long text":   {OfferRequest{Service: "toll", Unit: "pass", PricePerUnit: "1", Token: tokenET, Description: strings.Repeat("x", maxOfferTextLen+1)}.Validate(), false},
		"connect":           {ConnectRequest{Addr: "/dns4/a.example/tcp/1/p2p/" + peerB}.Validate(), true},
		"connect space":     {ConnectRequest{Addr: "/ip4/1.2.3.4/tcp/1/p2p/x y"}.Validate(), false},
		"channel id upper":  {ValidateChannelID("0X" + strings.Repeat("AB", 32)), true},
		"channel id short":  {ValidateChannelID(chanID[:65]), false},
		"channel id no 0x":  {ValidateChannelID(strings.Repeat("ab", 33)), false},
	} {
		if (tc.err == nil) != tc.ok {
			t.Errorf("%s: %v", name, tc.err)
		}
		if tc.err != nil && !errors.Is(tc.err, ErrInvalidArgument) {
			t.Errorf("%s: %v does not wrap ErrInvalidArgument", name, tc.err)
		}
	}
}
