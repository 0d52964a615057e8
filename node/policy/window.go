package policy

import "github.com/holiman/uint256"

// Window spans in minutes: a window holds the current minute's bucket and
// this many before it, so spend counts for at least the full span.
const (
	hourSpan = 60
	daySpan  = 24 * 60
)

// bucket is the spend recorded in one minute.
type bucket struct {
	minute int64
	amount uint256.Int
}

// window is the spend of one scope (node or peer, in one token) over the
// last day, bucketed per minute. Only minutes with spend are stored, in
// ascending order, so it holds at most daySpan+1 buckets. hour and day are
// the running sums of the buckets in each window, held amounts included;
// held is the sum of the reservations neither committed nor released.
type window struct {
	buckets  []bucket
	hourFrom int // index of the first bucket in the hour window
	hour     uint256.Int
	day      uint256.Int
	held     uint256.Int
}

// advance drops the buckets that have left the windows at minute now.
func (w *window) advance(now int64) {
	for w.hourFrom < len(w.buckets) && w.buckets[w.hourFrom].minute < now-hourSpan {
		w.hour.Sub(&w.hour, &w.buckets[w.hourFrom].amount)
		w.hourFrom++
	}
	n := 0
	for n < len(w.buckets) && w.buckets[n].minute < now-daySpan {
		w.day.Sub(&w.day, &w.buckets[n].amount)
		n++
	}
	if n > 0 {
		// A day-old bucket is past the hour window too: n <= hourFrom.
		clear(w.buckets[:n])
		w.buckets = w.buckets[n:]
		w.hourFrom -= n
	}
}

// add records amt at minute now (or in the newest bucket if the clock went
// back) and returns the minute of the bucket it went into.
func (w *window) add(now int64, amt *uint256.Int) int64 {
	w.advance(now)
	w.hour.Add(&w.hour, amt)
	w.day.Add(&w.day, amt)
	if n := len(w.buckets); n > 0 && w.buckets[n-1].minute >= now {
		b := &w.buckets[n-1]
		b.amount.Add(&b.amount, amt)
		return b.minute
	}
	w.buckets = append(w.buckets, bucket{minute: now, amount: *amt})
	return now
}

// remove takes amt back out of the bucket of minute, unless that bucket
// has already left the day window.
func (w *window) remove(now, minute int64, amt *uint256.Int) {
	w.advance(now)
	for i := len(w.buckets) - 1; i >= 0 && w.buckets[i].minute >= minute; i-- {
		b := &w.buckets[i]
		if b.minute != minute {
			continue
		}
		b.amount.Sub(&b.amount, amt)
		w.day.Sub(&w.day, amt)
		if i >= w.hourFrom {
			w.hour.Sub(&w.hour, amt)
		}
		return
	}
}

// empty reports a window with nothing in it after advance.
func (w *window) empty() bool {
	return w.day.IsZero() && w.held.IsZero()
}
