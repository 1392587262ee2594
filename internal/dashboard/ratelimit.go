package dashboard

import (
	"sync"
	"time"
)

// failureLimiter counts failed sign-ins per key in a sliding window: after
// limit failures within window, the key is refused until the oldest of
// them leaves the window. It lives in memory, so each instance counts the
// failures it saw (documented in docs/dashboard.md).
type failureLimiter struct {
	limit  int
	window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time // oldest first, at most limit entries
	swept    time.Time
}

// maxLimiterKeys bounds the memory of the limiter; past it, the keys with
// no recent failure are swept, and if that is not enough the oldest entry
// goes (a flood of distinct keys cannot grow it without bound).
const maxLimiterKeys = 100_000

func newFailureLimiter(limit int, window time.Duration) *failureLimiter {
	return &failureLimiter{limit: limit, window: window, failures: map[string][]time.Time{}}
}

// blocked reports whether key is refused at now and, if so, for how long.
func (l *failureLimiter) blocked(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.recent(key, now)
	if len(fs) < l.limit {
		return false, 0
	}
	return true, fs[0].Add(l.window).Sub(now)
}

// fail records a failure of key at now.
func (l *failureLimiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := append(l.recent(key, now), now)
	if len(fs) > l.limit {
		fs = fs[len(fs)-l.limit:]
	}
	l.failures[key] = fs
	if len(l.failures) > maxLimiterKeys && now.Sub(l.swept) > time.Second {
		l.sweep(now)
	}
}

// reset forgets key's failures (after a successful sign-in).
func (l *failureLimiter) reset(key string) {
	l.mu.Lock()
	delete(l.failures, key)
	l.mu.Unlock()
}

// recent returns key's failures still inside the window at now.
func (l *failureLimiter) recent(key string, now time.Time) []time.Time {
	fs := l.failures[key]
	i := 0
	for i < len(fs) && !fs[i].After(now.Add(-l.window)) {
		i++
	}
	if i == len(fs) {
		delete(l.failures, key)
		return nil
	}
	return fs[i:]
}

func (l *failureLimiter) sweep(now time.Time) {
	l.swept = now
	var oldestKey string
	var oldest time.Time
	for k, fs := range l.failures {
		last := fs[len(fs)-1]
		if !last.After(now.Add(-l.window)) {
			delete(l.failures, k)
			continue
		}
		if oldestKey == "" || last.Before(oldest) {
			oldestKey, oldest = k, last
		}
	}
	if len(l.failures) > maxLimiterKeys {
		delete(l.failures, oldestKey)
	}
}
