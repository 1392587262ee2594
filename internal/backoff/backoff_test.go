package backoff

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDefaultSchedule(t *testing.T) {
	s := DefaultSchedule()
	want := []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}
	if !slices.Equal(s.Delays(), want) {
		t.Errorf("Delays() = %v, want %v", s.Delays(), want)
	}
	if s.MaxAttempts() != 8 {
		t.Errorf("MaxAttempts() = %d, want 8", s.MaxAttempts())
	}
	if got := s.String(); got != "5s,5m,30m,2h,5h,10h,10h" {
		t.Errorf("String() = %q", got)
	}
	p, err := ParseSchedule(s.String())
	if err != nil || !slices.Equal(p.Delays(), want) {
		t.Errorf("ParseSchedule(String()) = %v, %v", p.Delays(), err)
	}
	// Delays returns a copy.
	s.Delays()[0] = time.Hour
	if s.Delays()[0] != 5*time.Second {
		t.Error("Delays() exposed internal slice")
	}
}

func TestZeroSchedule(t *testing.T) {
	var s Schedule
	if s.MaxAttempts() != 1 || s.String() != "" {
		t.Errorf("zero Schedule: MaxAttempts=%d String=%q", s.MaxAttempts(), s.String())
	}
	now := time.Unix(1e9, 0)
	if at, ok := s.Next(0, now, nil); !ok || !at.Equal(now) {
		t.Errorf("Next(0) = %v, %v", at, ok)
	}
	if _, ok := s.Next(1, now, nil); ok {
		t.Error("zero Schedule allows a retry")
	}
}

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		in      string
		want    []time.Duration
		wantStr string
	}{
		{"5s", []time.Duration{5 * time.Second}, "5s"},
		{"5s,5m,30m", []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute}, "5s,5m,30m"},
		{" 5s , 1m ", []time.Duration{5 * time.Second, time.Minute}, "5s,1m"},
		{"1h30m", []time.Duration{90 * time.Minute}, "1h30m"},
		{"90m", []time.Duration{90 * time.Minute}, "1h30m"},
		{"1.5s", []time.Duration{1500 * time.Millisecond}, "1s500ms"},
		{"250ms,1ns,3us", []time.Duration{250 * time.Millisecond, 1, 3 * time.Microsecond}, "250ms,1ns,3us"},
		{"2h0m5s", []time.Duration{2*time.Hour + 5*time.Second}, "2h5s"},
		{"168h", []time.Duration{MaxDelay}, "168h"},
		{"10h,1s", []time.Duration{10 * time.Hour, time.Second}, "10h,1s"}, // need not increase
		{"+5s", []time.Duration{5 * time.Second}, "5s"},
		{strings.Repeat("1s,", 49) + "1s", slices.Repeat([]time.Duration{time.Second}, 50), strings.Repeat("1s,", 49) + "1s"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s, err := ParseSchedule(tt.in)
			if err != nil {
				t.Fatalf("ParseSchedule(%q): %v", tt.in, err)
			}
			if !slices.Equal(s.Delays(), tt.want) {
				t.Errorf("Delays() = %v, want %v", s.Delays(), tt.want)
			}
			if s.MaxAttempts() != len(tt.want)+1 {
				t.Errorf("MaxAttempts() = %d", s.MaxAttempts())
			}
			if s.String() != tt.wantStr {
				t.Errorf("String() = %q, want %q", s.String(), tt.wantStr)
			}
		})
	}
}

func TestParseScheduleErrors(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string
	}{
		{"", "retry schedule is empty"},
		{"   ", "retry schedule is empty"},
		{",", "retry schedule item 1 is empty"},
		{"5s,", "retry schedule item 2 is empty (stray comma?)"},
		{"5s,,5m", "retry schedule item 2 is empty"},
		{"5s, ,5m", "retry schedule item 2 is empty"},
		{"5s,5", `retry schedule item 2 ("5") is not a duration`},
		{"1d", `retry schedule item 1 ("1d") is not a duration: use Go syntax such as 90s, 5m or 2h30m (units ns, us, ms, s, m, h; there is no day unit, write 24h)`},
		{"5 s", `retry schedule item 1 ("5 s") is not a duration`},
		{"abc", `retry schedule item 1 ("abc") is not a duration`},
		{"5s;5m", `retry schedule item 1 ("5s;5m") is not a duration`},
		{"0s", `retry schedule item 1 ("0s"): delay must be greater than zero`},
		{"5s,0", `retry schedule item 2 ("0"): delay must be greater than zero`},
		{"-5s", `retry schedule item 1 ("-5s"): delay must be greater than zero`},
		{"168h1ns", `retry schedule item 1 ("168h1ns"): delay exceeds the maximum of 168h (7 days)`},
		{"5s,1000h", `retry schedule item 2 ("1000h"): delay exceeds the maximum of 168h`},
		{"9999999999h", `retry schedule item 1 ("9999999999h"): delay exceeds the maximum of 168h (7 days)`},
		{"-9999999999h", `retry schedule item 1 ("-9999999999h"): delay must be greater than zero`},
		{strings.Repeat("1s,", 50) + "1s", "retry schedule has 51 delays; at most 50 are allowed"},
		{strings.Repeat(",", 100000), "retry schedule has 100001 delays; at most 50 are allowed"},
	}
	for _, tt := range tests {
		name := tt.in
		if len(name) > 40 {
			name = name[:40] + "..."
		}
		t.Run(name, func(t *testing.T) {
			s, err := ParseSchedule(tt.in)
			if err == nil {
				t.Fatalf("ParseSchedule(%q) = %v, want error", tt.in, s)
			}
			if !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("error = %q\nwant prefix %q", err, tt.wantErr)
			}
		})
	}
}

func TestNext(t *testing.T) {
	s := DefaultSchedule()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	half := func() float64 { return 0.5 }

	if at, ok := s.Next(0, now, half); !ok || !at.Equal(now) {
		t.Errorf("Next(0) = %v, %v; want now", at, ok)
	}
	if at, ok := s.Next(-3, now, half); !ok || !at.Equal(now) {
		t.Errorf("Next(-3) = %v, %v; want now", at, ok)
	}
	for i, d := range s.Delays() {
		at, ok := s.Next(i+1, now, half)
		if !ok || !at.Equal(now.Add(d)) {
			t.Errorf("Next(%d) = %v, %v; want now+%v", i+1, at, ok, d)
		}
	}
	if at, ok := s.Next(s.MaxAttempts(), now, half); ok {
		t.Errorf("Next(%d) = %v, want ok=false", s.MaxAttempts(), at)
	}
	if _, ok := s.Next(1000, now, half); ok {
		t.Error("Next(1000) ok")
	}
}

func TestNextJitter(t *testing.T) {
	s, _ := ParseSchedule("100s")
	now := time.Unix(1e9, 0)
	for _, tt := range []struct {
		r    float64
		want time.Duration
	}{
		{0, 90 * time.Second},
		{0.25, 95 * time.Second},
		{0.5, 100 * time.Second},
		{0.75, 105 * time.Second},
		{1, 110 * time.Second},
		{-1, 90 * time.Second},          // clamped
		{2, 110 * time.Second},          // clamped
		{math.NaN(), 100 * time.Second}, // treated as no jitter
		{math.Inf(1), 110 * time.Second},
	} {
		at, ok := s.Next(1, now, func() float64 { return tt.r })
		if !ok || at.Sub(now) != tt.want {
			t.Errorf("r=%v: delay %v, want %v", tt.r, at.Sub(now), tt.want)
		}
	}

	// Deterministic with a seeded source, and always within ±10%.
	def := DefaultSchedule()
	r1 := rand.New(rand.NewPCG(1, 2))
	r2 := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		for n := 1; n < def.MaxAttempts(); n++ {
			a1, _ := def.Next(n, now, r1.Float64)
			a2, _ := def.Next(n, now, r2.Float64)
			if !a1.Equal(a2) {
				t.Fatal("same seed, different result")
			}
			base := def.Delays()[n-1]
			got := a1.Sub(now)
			if got < base-base/10 || got > base+base/10 {
				t.Fatalf("Next(%d) delay %v outside ±10%% of %v", n, got, base)
			}
		}
	}
	// nil rnd uses the global source.
	at, ok := def.Next(1, now, nil)
	if d := at.Sub(now); !ok || d < 4500*time.Millisecond || d > 5500*time.Millisecond {
		t.Errorf("Next with nil rnd = %v", d)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	maxDur := time.Duration(math.MaxInt64)
	tests := []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"", 0, false},
		{"   ", 0, false},
		{"120", 120 * time.Second, true},
		{" 120 ", 120 * time.Second, true},
		{"0", 0, true},
		{"007", 7 * time.Second, true},
		{"86400", 24 * time.Hour, true},
		{"9223372036", 9223372036 * time.Second, true},
		{"9223372037", maxDur, true}, // overflows Duration: saturates
		{"99999999999999999999999", maxDur, true},
		{"-1", 0, false},
		{"+5", 0, false},
		{"1.5", 0, false},
		{"1e3", 0, false},
		{"5s", 0, false},
		{"12 0", 0, false},
		{"abc", 0, false},
		{"٣", 0, false}, // non-ASCII digit
		// HTTP-date, three forms.
		{"Sun, 01 Mar 2026 12:02:00 GMT", 2 * time.Minute, true},
		{"Sunday, 01-Mar-26 12:02:00 GMT", 2 * time.Minute, true},
		{"Sun Mar  1 12:02:00 2026", 2 * time.Minute, true},
		{"Sun, 01 Mar 2026 12:00:00 GMT", 0, true},  // now
		{"Sun, 01 Mar 2026 11:59:59 GMT", 0, false}, // past
		{"Thu, 01 Jan 1970 00:00:00 GMT", 0, false},
		{"Mon, 02 Mar 2026 12:00:00 GMT", 24 * time.Hour, true},
		{"Sun, 01 Mar 2026 12:02:00 PST", 0, false}, // HTTP-date is always GMT
		{"2026-03-01T12:02:00Z", 0, false},
		{"Sun, 32 Mar 2026 12:02:00 GMT", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			d, ok := RetryAfter(tt.header, now)
			if d != tt.want || ok != tt.ok {
				t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tt.header, d, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestLater(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		name       string
		scheduled  time.Time
		retryAfter time.Duration
		limit      time.Duration
		want       time.Time
	}{
		{"moves later", now.Add(5 * time.Second), time.Minute, day, now.Add(time.Minute)},
		{"never earlier", now.Add(2 * time.Hour), time.Minute, day, now.Add(2 * time.Hour)},
		{"equal", now.Add(time.Minute), time.Minute, day, now.Add(time.Minute)},
		{"capped", now.Add(5 * time.Second), 30 * day, day, now.Add(day)},
		{"capped but schedule later", now.Add(2 * day), 30 * day, day, now.Add(2 * day)},
		{"huge", now.Add(time.Second), time.Duration(math.MaxInt64), day, now.Add(day)},
		{"zero", now.Add(time.Second), 0, day, now.Add(time.Second)},
		{"negative", now.Add(time.Second), -time.Hour, day, now.Add(time.Second)},
		{"scheduled in past", now.Add(-time.Hour), 0, day, now},
		{"limit zero disables", now.Add(time.Second), time.Hour, 0, now.Add(time.Second)},
		{"limit negative disables", now.Add(time.Second), time.Hour, -1, now.Add(time.Second)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Later(tt.scheduled, now, tt.retryAfter, tt.limit); !got.Equal(tt.want) {
				t.Errorf("Later = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHonorsRetryAfter(t *testing.T) {
	for code, want := range map[int]bool{429: true, 503: true, 200: false, 500: false, 502: false, 301: false} {
		if HonorsRetryAfter(code) != want {
			t.Errorf("HonorsRetryAfter(%d) = %v", code, !want)
		}
	}
}

// The pieces together: a 503 with Retry-After: 3600 after the first attempt.
func TestRetryAfterFlow(t *testing.T) {
	s := DefaultSchedule()
	now := time.Unix(1e9, 0)
	next, ok := s.Next(1, now, func() float64 { return 0.5 })
	if !ok {
		t.Fatal("no retry")
	}
	if ra, ok := RetryAfter("3600", now); ok && HonorsRetryAfter(503) {
		next = Later(next, now, ra, 24*time.Hour)
	}
	if want := now.Add(time.Hour); !next.Equal(want) {
		t.Errorf("next = %v, want %v", next, want)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                                   "0s",
		time.Nanosecond:                     "1ns",
		1500 * time.Millisecond:             "1s500ms",
		time.Hour + time.Nanosecond:         "1h1ns",
		-90 * time.Second:                   "-1m30s",
		time.Duration(math.MaxInt64):        "2562047h47m16s854ms775us807ns",
		time.Duration(math.MinInt64):        time.Duration(math.MinInt64).String(),
		7*24*time.Hour + 59*time.Minute:     "168h59m",
		10*time.Minute + 5*time.Microsecond: "10m5us",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
		if back, err := time.ParseDuration(formatDuration(d)); err != nil || back != d {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", formatDuration(d), back, err, d)
		}
	}
}
