// Package lograte keeps a warning that every request of an outage would
// log (the database is down: each request fails the same way) to one line
// per interval, which says how many it stood for. An outage under load
// otherwise writes thousands of identical warnings a second, burying the
// first one, which says when it began, and filling the disk of a server
// whose database is the thing that is already in trouble.
package lograte

import (
	"sync"
	"sync/atomic"
	"time"
)

// Limiter lets one occurrence through per interval.
type Limiter struct {
	interval time.Duration

	// holding is withheld > 0, kept beside it under mu and read without
	// mu by Settled: a server calls Settled on every request that reaches
	// the database, and outside an outage nothing is held back, so those
	// requests take no lock.
	holding atomic.Bool

	mu       sync.Mutex
	last     time.Time // when the last occurrence was let through
	withheld int       // occurrences held back since then
}

// New returns a Limiter that lets one occurrence through per interval.
func New(interval time.Duration) *Limiter { return &Limiter{interval: interval} }

// Allow says whether the occurrence at now is to be logged and, when it is,
// how many were held back since the last one logged. The first occurrence,
// and the first after a quiet interval, always goes through; a nil Limiter
// lets everything through.
func (l *Limiter) Allow(now time.Time) (ok bool, withheld int) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.last.IsZero() && now.Sub(l.last) < l.interval && !now.Before(l.last) {
		l.withheld++
		l.holding.Store(true)
		return false, 0
	}
	withheld, l.withheld, l.last = l.withheld, 0, now
	l.holding.Store(false)
	return true, withheld
}

// Settled is told that what was failing works again. It says whether to
// log that now, with the count of occurrences held back since the last
// line: only when some were, and a whole interval has passed since that
// line. Otherwise the count waits for the next line (of either kind), so
// that a failure that comes and goes still writes at most two lines per
// interval. Without it the count of an outage that ended within its
// interval was never logged: it rode only on the next failure's line.
// With nothing held back it takes no lock, so it may be called on every
// success.
func (l *Limiter) Settled(now time.Time) (ok bool, withheld int) {
	if l == nil || !l.holding.Load() {
		return false, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.withheld == 0 || (now.Sub(l.last) < l.interval && !now.Before(l.last)) {
		return false, 0
	}
	withheld, l.withheld = l.withheld, 0
	l.holding.Store(false)
	return true, withheld
}

// Flush returns the count of occurrences held back since the last line,
// and clears it: a stopping process's last word on them.
func (l *Limiter) Flush() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	withheld := l.withheld
	l.withheld = 0
	l.holding.Store(false)
	return withheld
}
