package policy

import (
	"math"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// AlertKind says what rose.
type AlertKind string

// Alert kinds. The values are stable: use them as metric labels.
const (
	// AlertPriceJump is a price per unit above PriceFactor times the
	// recent average.
	AlertPriceJump AlertKind = "price_jump"
	// AlertSpendRate is a minute's spend above RateFactor times the recent
	// average per active minute.
	AlertSpendRate AlertKind = "spend_rate"
)

// Alert is a sudden rise in the price or the spend rate of one peer's
// service in one token.
type Alert struct {
	Kind    AlertKind
	Peer    common.Address
	Token   common.Address
	Service string
	// Value is the price per unit (price_jump) or the spend so far in the
	// current minute (spend_rate), in the token's base units.
	Value *uint256.Int
	// Average is the recent average it is compared with, rounded down.
	Average *uint256.Int
	// At is when the alert was raised, by the Guard's clock.
	At time.Time
}

func (a Alert) clone() Alert {
	a.Value = copyInt(a.Value)
	a.Average = copyInt(a.Average)
	return a
}

// seriesKey names what the averages are kept for.
type seriesKey struct {
	peer    common.Address
	token   common.Address
	service string
}

// series is the recent history of one seriesKey: exponentially weighted
// averages of the price per unit and of the spend per active minute (a
// minute with at least one committed payment).
type series struct {
	priceAvg float64
	priceN   int
	rateAvg  float64
	rateN    int
	minute   int64       // the minute spend is for
	spend    uint256.Int // committed in minute
	alerted  bool        // a spend_rate alert was raised in minute
	seen     int64       // last minute with a commit
}

// priceJump reports whether price is a jump against the average.
func (s *series) priceJump(price *uint256.Int, a *AnomalyConfig) bool {
	return s.priceN >= a.MinSamples && price.Float64() > a.PriceFactor*s.priceAvg
}

// commit folds a committed payment into the averages at minute now and
// reports whether the current minute's spend is now a rate spike (once per
// minute). price may be nil.
func (s *series) commit(now int64, price, amount *uint256.Int, a *AnomalyConfig) bool {
	if price != nil {
		s.priceAvg = ewma(s.priceAvg, price.Float64(), s.priceN, a.Alpha)
		s.priceN++
	}
	if now > s.minute {
		// The previous active minute is complete: fold it in.
		if !s.spend.IsZero() {
			s.rateAvg = ewma(s.rateAvg, s.spend.Float64(), s.rateN, a.Alpha)
			s.rateN++
		}
		s.minute, s.alerted = now, false
		s.spend.Clear()
	}
	s.seen = max(s.seen, now)
	s.spend.Add(&s.spend, amount)
	if s.alerted || s.rateN < a.MinSamples || !(s.spend.Float64() > a.RateFactor*s.rateAvg) {
		return false
	}
	s.alerted = true
	return true
}

func ewma(avg, x float64, n int, alpha float64) float64 {
	if n == 0 {
		return x
	}
	return avg + alpha*(x-avg)
}

// fromFloat rounds a non-negative f down to a uint256, saturating.
func fromFloat(f float64) *uint256.Int {
	switch {
	case !(f > 0):
		return new(uint256.Int)
	case f < math.MaxUint64:
		return uint256.NewInt(uint64(f))
	}
	b, _ := new(big.Float).SetFloat64(f).Int(nil)
	x, overflow := uint256.FromBig(b)
	if overflow {
		return new(uint256.Int).SetAllOne()
	}
	return x
}

// ring keeps the newest alerts.
type ring struct {
	buf  []Alert
	next int
	full bool
}

func newRing(n int) ring { return ring{buf: make([]Alert, n)} }

func (r *ring) push(a Alert) {
	if len(r.buf) == 0 {
		return
	}
	r.buf[r.next] = a
	r.next++
	if r.next == len(r.buf) {
		r.next, r.full = 0, true
	}
}

// list returns copies of the alerts, oldest first.
func (r *ring) list() []Alert {
	var out []Alert
	if r.full {
		out = make([]Alert, 0, len(r.buf))
		out = append(out, r.buf[r.next:]...)
	}
	out = append(out, r.buf[:r.next]...)
	for i := range out {
		out[i] = out[i].clone()
	}
	return out
}

// resize keeps the newest n alerts.
func (r *ring) resize(n int) {
	if n == len(r.buf) {
		return
	}
	old := r.list()
	*r = newRing(n)
	for _, a := range old[max(0, len(old)-n):] {
		r.push(a)
	}
}
