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

// take counts an attempt of key at now as a failure before its password
// is checked, and reports false (with how long to wait) when key is
// refused. Counting first is what holds the limit against attempts sent
// at once: each takes a place under the lock, where checking first and
// counting after the (slow) password check let every one of a burst
// through. A successful attempt gives its place back (giveBack).
func (l *failureLimiter) take(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.recent(key, now)
	if len(fs) >= l.limit {
		return false, fs[0].Add(l.window).Sub(now)
	}
	l.failures[key] = append(fs, now)
	if len(l.failures) > maxLimiterKeys && now.Sub(l.swept) > time.Second {
		l.sweep(now)
	}
	return true, 0
}

// giveBack uncounts an attempt that take counted at at: it succeeded, or
// was refused by another limiter before its password was checked.
func (l *failureLimiter) giveBack(key string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.failures[key]
	for i := len(fs) - 1; i >= 0; i-- {
		if fs[i].Equal(at) {
			fs = append(fs[:i:i], fs[i+1:]...)
			break
		}
	}
	if len(fs) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = fs
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
	sweepToLimit(l.failures,
		func(fs []time.Time) time.Time { return fs[len(fs)-1] },
		func(last time.Time) bool { return !last.After(now.Add(-l.window)) })
}

// sweepToLimit keeps a limiter's map within maxLimiterKeys: it deletes
// the entries expired by their last time (lastAt), and if more than
// maxLimiterKeys are left, the one whose last time is the oldest.
func sweepToLimit[V any](m map[string]V, lastAt func(V) time.Time, expired func(last time.Time) bool) {
	var oldestKey string
	var oldest time.Time
	for k, v := range m {
		last := lastAt(v)
		if expired(last) {
			delete(m, k)
			continue
		}
		if oldestKey == "" || last.Before(oldest) {
			oldestKey, oldest = k, last
		}
	}
	if len(m) > maxLimiterKeys {
		delete(m, oldestKey)
	}
}

// knownClients remembers which client networks (clientNetwork) each email
// signed in from, for keep after the last success. The per-email limit
// across addresses spares them: a guesser cannot pick such an address
// without the password (or a place on the user's own network, where the
// per-address limit still holds it), so someone who keeps that limit full
// does not lock the user out where they usually sign in. It lives in
// memory, like the failure counts: a restart forgets it.
type knownClients struct {
	keep time.Duration

	mu   sync.Mutex
	seen map[string]time.Time // email and network (as the failure key) → last success
}

func newKnownClients(keep time.Duration) *knownClients {
	return &knownClients{keep: keep, seen: map[string]time.Time{}}
}

// add records a successful sign-in of key at now. Past maxLimiterKeys the
// expired entries go, and if that is not enough the oldest one: entries
// come only from right passwords, so this is rare and cheap beside the
// password check that precedes it.
func (k *knownClients) add(key string, now time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.seen[key] = now
	if len(k.seen) <= maxLimiterKeys {
		return
	}
	sweepToLimit(k.seen,
		func(at time.Time) time.Time { return at },
		func(at time.Time) bool { return now.Sub(at) >= k.keep })
}

// has reports whether key signed in successfully within keep before now.
func (k *knownClients) has(key string, now time.Time) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	at, ok := k.seen[key]
	if ok && now.Sub(at) >= k.keep {
		delete(k.seen, key)
		return false
	}
	return ok
}
