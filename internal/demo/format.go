package demo

import (
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// ethDecimals is the number of decimals of ETH: 1 ETH is 10^18 wei.
const ethDecimals = 18

// FormatETH writes an amount of wei as ETH with every significant decimal
// and no trailing zeros: 2000000000000000 is "0.002 ETH", 0 is "0 ETH",
// -1 is "-0.000000000000000001 ETH". nil is "0 ETH".
func FormatETH(wei *big.Int) string {
	if wei == nil || wei.Sign() == 0 {
		return "0 ETH"
	}
	sign := ""
	abs := new(big.Int).Set(wei)
	if abs.Sign() < 0 {
		sign = "-"
		abs.Neg(abs)
	}
	digits := abs.String()
	if len(digits) <= ethDecimals {
		digits = strings.Repeat("0", ethDecimals-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-ethDecimals], strings.TrimRight(digits[len(digits)-ethDecimals:], "0")
	if frac == "" {
		return sign + whole + " ETH"
	}
	return sign + whole + "." + frac + " ETH"
}

// FormatWei is FormatETH for a uint256.
func FormatWei(wei *uint256.Int) string { return FormatETH(wei.ToBig()) }

// shortAddr is an address as people glance at it: 0x1a2b3c…
func shortAddr(a common.Address) string { return a.Hex()[:8] + "…" }

// shortHash is a transaction hash as people glance at it: 0x1a2b3c4d…
func shortHash(h common.Hash) string { return h.Hex()[:10] + "…" }

// story writes a device's story lines: the time since the demo started,
// the device's name, what happened. Safe for concurrent use.
type story struct {
	mu    sync.Mutex
	out   io.Writer
	start time.Time
	now   func() time.Time
	name  string
}

// StoryLine formats one story line: "  12.3s car -> tollgate  paid ...".
func StoryLine(elapsed time.Duration, name, text string) string {
	return fmt.Sprintf("%6.1fs %s %s", elapsed.Seconds(), name, text)
}

func (s *story) printf(format string, args ...any) {
	line := StoryLine(s.now().Sub(s.start), s.name, fmt.Sprintf(format, args...))
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintln(s.out, line)
}

// raw writes one line as it is (the final report).
func (s *story) raw(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintln(s.out, line)
}

// ParseNames reads a list of device names, "car=0x…,tollgate=0x…".
func ParseNames(s string) (map[common.Address]string, error) {
	out := map[common.Address]string{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, addr, ok := strings.Cut(part, "=")
		if !ok || name == "" || strings.ContainsAny(name, " \t:") || !common.IsHexAddress(addr) {
			return nil, fmt.Errorf("%w: names: %q is not name=0xaddress", ErrInvalidConfig, part)
		}
		out[common.HexToAddress(addr)] = name
	}
	return out, nil
}

// FormatNames writes names as ParseNames reads them, sorted by name.
func FormatNames(names map[common.Address]string) string {
	parts := make([]string, 0, len(names))
	for a, n := range names {
		parts = append(parts, n+"="+a.Hex())
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}
