package backoff

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzParseSchedule: ParseSchedule takes exactly the lists of at most
// MaxDelays items that time.ParseDuration reads, each greater than zero
// and at most MaxDelay, as the delays it reads; accepted schedules respect
// the limits, and String round-trips.
func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{
		"5s,5m,30m,2h,5h,10h,10h", "1s", " 1s , 2s ", "1h30m", "1.5s", "168h", "168h1ns",
		"", ",", "5s,,5m", "-1s", "0", "1d", "9999999999h", "1e3s", ".5s", "1µs", "+1s",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseSchedule(in)
		items := strings.Split(in, ",")
		want := len(items) <= MaxDelays
		var wantDelays []time.Duration
		for _, item := range items {
			d, perr := time.ParseDuration(strings.TrimSpace(item))
			if perr != nil || d <= 0 || d > MaxDelay {
				want = false
				break
			}
			wantDelays = append(wantDelays, d)
		}
		if (err == nil) != want {
			t.Fatalf("ParseSchedule(%q) error %v; time.ParseDuration of each item says ok = %v", in, err, want)
		}
		if err == nil && !slices.Equal(s.Delays(), wantDelays) {
			t.Fatalf("ParseSchedule(%q) = %v; time.ParseDuration reads %v", in, s.Delays(), wantDelays)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		delays := s.Delays()
		if len(delays) == 0 || len(delays) > MaxDelays || s.MaxAttempts() != len(delays)+1 {
			t.Fatalf("ParseSchedule(%q) accepted %d delays", in, len(delays))
		}
		for _, d := range delays {
			if d <= 0 || d > MaxDelay {
				t.Fatalf("ParseSchedule(%q) accepted delay %v", in, d)
			}
		}
		str := s.String()
		s2, err := ParseSchedule(str)
		if err != nil {
			t.Fatalf("ParseSchedule(String()=%q) from %q: %v", str, in, err)
		}
		if !slices.Equal(s2.Delays(), delays) || s2.String() != str {
			t.Fatalf("round trip of %q: %v != %v", in, s2.Delays(), delays)
		}
		now := time.Unix(1e9, 0)
		for n := 1; n < s.MaxAttempts(); n++ {
			at, ok := s.Next(n, now, func() float64 { return 0.999999 })
			if !ok || !at.After(now) {
				t.Fatalf("Next(%d) = %v, %v", n, at, ok)
			}
		}
	})
}

// FuzzRetryAfter: RetryAfter reads delta-seconds as strconv does
// (saturating past the largest Duration) and an HTTP-date as
// http.ParseTime does, refusing one in the past; it never returns a
// negative delay, and Later never moves a scheduled time earlier or
// beyond the cap.
func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{
		"120", "0", " 5 ", "-1", "1.5", "99999999999999999999999", "",
		"Sun, 01 Mar 2026 12:02:00 GMT", "Sunday, 01-Mar-26 12:02:00 GMT", "Sun Mar  1 12:02:00 2026",
		"Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
	} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, header string) {
		d, ok := RetryAfter(header, now)
		v := strings.TrimSpace(header)
		if v != "" && strings.Trim(v, "0123456789") == "" {
			want := time.Duration(math.MaxInt64)
			if secs, err := strconv.ParseUint(v, 10, 64); err == nil && secs <= uint64(math.MaxInt64/int64(time.Second)) {
				want = time.Duration(secs) * time.Second
			}
			if !ok || d != want {
				t.Fatalf("RetryAfter(%q) = %v, %v; want %v", header, d, ok, want)
			}
		} else if at, err := http.ParseTime(v); err == nil && (!strings.Contains(v, "-") || strings.HasSuffix(v, " GMT")) {
			// http.ParseTime's RFC 850 layout (the one with "-") takes
			// any zone name; RFC 9110 allows GMT alone.
			if want := at.Sub(now); ok != (want >= 0) || ok && d != want {
				t.Fatalf("RetryAfter(%q) = %v, %v; http.ParseTime reads %v", header, d, ok, at)
			}
		}
		if !ok {
			if d != 0 {
				t.Fatalf("RetryAfter(%q) = %v with ok=false", header, d)
			}
			return
		}
		if d < 0 {
			t.Fatalf("RetryAfter(%q) = %v", header, d)
		}
		scheduled := now.Add(time.Minute)
		got := Later(scheduled, now, d, 24*time.Hour)
		if got.Before(scheduled) || got.After(now.Add(24*time.Hour)) {
			t.Fatalf("Later(%v) = %v", d, got)
		}
	})
}
