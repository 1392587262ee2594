// Package backoff decides when a failed webhook delivery is tried again.
//
// Receivers fail for reasons that last from seconds (a deploy, a dropped
// connection) to hours (an outage, an expired certificate). A schedule of
// growing delays covers both without hammering a struggling receiver: the
// default retries after 5s, 5m, 30m, 2h, 5h, 10h and 10h — 8 attempts over
// roughly 27.5 hours, so a receiver that is down for a day still gets its
// events. Operators can replace it with --retry-schedule.
//
// Each delay is jittered by up to ±10% so that deliveries which failed
// together (e.g. a burst sent to one receiver during its outage) do not all
// retry in the same instant. The random source is a parameter so tests are
// deterministic.
//
// A receiver may ask for more time with Retry-After on a 429 or 503
// response. It is honoured only to postpone the next attempt, never to bring
// it forward (a receiver cannot make us retry faster than the schedule), and
// only up to a cap, so a buggy or hostile receiver cannot park deliveries
// indefinitely.
package backoff

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const (
	// MaxDelays is the largest number of retry delays a schedule may have.
	MaxDelays = 50
	// MaxDelay is the longest single delay a schedule may contain.
	MaxDelay = 7 * 24 * time.Hour
	// Jitter is the maximum fraction by which Next moves a delay either way.
	Jitter = 0.10
)

// Schedule is the list of delays before each retry. The first attempt is
// always immediate, so a Schedule with n delays allows n+1 attempts. The
// zero Schedule allows a single attempt and no retries.
type Schedule struct {
	delays []time.Duration
}

// DefaultSchedule returns the default schedule: the first attempt
// immediately, then retries after 5s, 5m, 30m, 2h, 5h, 10h and 10h
// (8 attempts in all).
func DefaultSchedule() Schedule {
	return Schedule{delays: []time.Duration{
		5 * time.Second,
		5 * time.Minute,
		30 * time.Minute,
		2 * time.Hour,
		5 * time.Hour,
		10 * time.Hour,
		10 * time.Hour,
	}}
}

// durationShape is what time.ParseDuration reads: numbers, each with a
// unit. One it refuses nonetheless is too large.
var durationShape = regexp.MustCompile(`^[-+]?([0-9]+(\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h)|\.[0-9]+(ns|us|µs|μs|ms|s|m|h))+$`)

// ParseSchedule parses the --retry-schedule flag: comma-separated Go
// durations (e.g. "5s,5m,30m,2h"), the delays before retry 1, 2, ...; the
// first attempt is always immediate. Spaces around items are ignored.
//
// It rejects an empty value (most likely an unset variable rather than a
// wish to never retry), empty items, more than MaxDelays items, and delays
// that are not greater than zero or exceed MaxDelay. Delays need not
// increase.
func ParseSchedule(s string) (Schedule, error) {
	if strings.TrimSpace(s) == "" {
		return Schedule{}, errors.New(`retry schedule is empty: want comma-separated delays such as "5s,5m,30m,2h"`)
	}
	if n := strings.Count(s, ",") + 1; n > MaxDelays {
		return Schedule{}, fmt.Errorf("retry schedule has %d delays; at most %d are allowed", n, MaxDelays)
	}
	items := strings.Split(s, ",")
	delays := make([]time.Duration, 0, len(items))
	for i, item := range items {
		n := i + 1
		item = strings.TrimSpace(item)
		if item == "" {
			return Schedule{}, fmt.Errorf("retry schedule item %d is empty (stray comma?)", n)
		}
		d, err := time.ParseDuration(item)
		if err != nil && durationShape.MatchString(item) {
			// Numbers with units, too large for Go to hold.
			if strings.HasPrefix(item, "-") {
				return Schedule{}, fmt.Errorf("retry schedule item %d (%q): delay must be greater than zero", n, item)
			}
			return Schedule{}, fmt.Errorf("retry schedule item %d (%q): delay exceeds the maximum of %s (7 days)", n, item, formatDuration(MaxDelay))
		}
		if err != nil {
			return Schedule{}, fmt.Errorf("retry schedule item %d (%q) is not a duration: use Go syntax such as 90s, 5m or 2h30m (units ns, us, ms, s, m, h; there is no day unit, write 24h)", n, item)
		}
		if d <= 0 {
			return Schedule{}, fmt.Errorf("retry schedule item %d (%q): delay must be greater than zero", n, item)
		}
		if d > MaxDelay {
			return Schedule{}, fmt.Errorf("retry schedule item %d (%q): delay exceeds the maximum of %s (7 days)", n, item, formatDuration(MaxDelay))
		}
		delays = append(delays, d)
	}
	return Schedule{delays: delays}, nil
}

// String formats the schedule in the --retry-schedule syntax, compactly
// ("5s,5m,30m,2h,5h,10h,10h"). For every schedule from ParseSchedule or
// DefaultSchedule, ParseSchedule(s.String()) returns an equal schedule.
// The zero Schedule formats as "".
func (s Schedule) String() string {
	var b strings.Builder
	for i, d := range s.delays {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(formatDuration(d))
	}
	return b.String()
}

// Delays returns a copy of the delays before each retry.
func (s Schedule) Delays() []time.Duration {
	return append([]time.Duration(nil), s.delays...)
}

// MaxAttempts is the total number of attempts: 1 + the number of delays.
func (s Schedule) MaxAttempts() int { return 1 + len(s.delays) }

// Next returns when attempt number attemptsMade+1 should run, given that
// attemptsMade attempts have failed, or ok=false when none remain. With no
// attempts made (attemptsMade <= 0) the answer is now. Otherwise it is now
// plus the corresponding delay, jittered by up to ±10%: rnd must return
// values in [0, 1) (e.g. (*rand.Rand).Float64); 0.5 means no jitter, values
// outside [0, 1] are clamped, and a nil rnd uses math/rand/v2's global source.
func (s Schedule) Next(attemptsMade int, now time.Time, rnd func() float64) (at time.Time, ok bool) {
	if attemptsMade <= 0 {
		return now, true
	}
	if attemptsMade > len(s.delays) {
		return time.Time{}, false
	}
	if rnd == nil {
		rnd = rand.Float64
	}
	return now.Add(jitter(s.delays[attemptsMade-1], rnd())), true
}

// jitter scales d by a factor in [1-Jitter, 1+Jitter] chosen by r in [0, 1].
func jitter(d time.Duration, r float64) time.Duration {
	switch {
	case math.IsNaN(r):
		r = 0.5
	case r < 0:
		r = 0
	case r > 1:
		r = 1
	}
	return d + time.Duration(float64(d)*Jitter*(2*r-1))
}

// HonorsRetryAfter reports whether a response with this status code may
// postpone the next attempt with Retry-After (429 and 503).
func HonorsRetryAfter(statusCode int) bool {
	return statusCode == http.StatusTooManyRequests || statusCode == http.StatusServiceUnavailable
}

// httpDateLayouts are the HTTP-date forms of RFC 9110 §5.6.7: IMF-fixdate
// and the obsolete RFC 850 and asctime formats, all in GMT.
var httpDateLayouts = []string{
	"Mon, 02 Jan 2006 15:04:05 GMT",
	"Monday, 02-Jan-06 15:04:05 GMT",
	"Mon Jan _2 15:04:05 2006",
}

// RetryAfter parses a Retry-After header value, either delta-seconds
// ("120") or an HTTP-date, into a delay relative to now. ok is false if the
// value is absent, malformed or a date in the past. Delta-seconds too large
// for a time.Duration saturate at the maximum Duration; use [Later] to cap.
func RetryAfter(header string, now time.Time) (d time.Duration, ok bool) {
	v := strings.TrimSpace(header)
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		secs, err := strconv.ParseUint(v, 10, 64)
		if err != nil || secs > uint64(math.MaxInt64/int64(time.Second)) {
			return time.Duration(math.MaxInt64), true // only overflow fails here
		}
		return time.Duration(secs) * time.Second, true
	}
	for _, layout := range httpDateLayouts {
		t, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		d := t.Sub(now)
		if d < 0 {
			return 0, false
		}
		return d, true
	}
	return 0, false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Later applies a Retry-After delay to a scheduled attempt: it returns the
// later of scheduled and now+retryAfter, with retryAfter capped at limit.
// It never returns a time earlier than scheduled. A negative retryAfter
// counts as zero; a limit <= 0 disables Retry-After (scheduled is returned).
// Callers should apply it only where [HonorsRetryAfter] is true.
func Later(scheduled, now time.Time, retryAfter, limit time.Duration) time.Time {
	if limit <= 0 {
		return scheduled
	}
	retryAfter = min(max(retryAfter, 0), limit)
	if t := now.Add(retryAfter); t.After(scheduled) {
		return t
	}
	return scheduled
}

// formatDuration writes d compactly in a form time.ParseDuration reads back
// exactly, e.g. "2h", "1h30m", "90ms", "1s500ms".
func formatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		if d == math.MinInt64 {
			return d.String() // cannot be negated; never in a valid schedule
		}
		d = -d
	}
	units := []struct {
		unit time.Duration
		name string
	}{
		{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"},
		{time.Millisecond, "ms"}, {time.Microsecond, "us"}, {time.Nanosecond, "ns"},
	}
	for _, u := range units {
		if n := d / u.unit; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteString(u.name)
			d -= n * u.unit
		}
	}
	return b.String()
}
