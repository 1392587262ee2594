package lograte

import (
	"testing"
	"time"
)

func TestOneLinePerIntervalCountsTheRest(t *testing.T) {
	l := New(10 * time.Second)
	t0 := time.Date(2026, 12, 3, 4, 0, 0, 0, time.UTC)
	if ok, n := l.Allow(t0); !ok || n != 0 {
		t.Fatalf("first occurrence: %v %d, want logged", ok, n)
	}
	for i := range 500 {
		if ok, _ := l.Allow(t0.Add(time.Duration(i) * 10 * time.Millisecond)); ok {
			t.Fatalf("occurrence %d within the interval was logged", i)
		}
	}
	if ok, n := l.Allow(t0.Add(10 * time.Second)); !ok || n != 500 {
		t.Fatalf("after the interval: %v %d, want logged with 500 held back", ok, n)
	}
	// A clock stepped back does not silence the warning for good.
	if ok, _ := l.Allow(t0.Add(-time.Hour)); !ok {
		t.Fatal("an occurrence before the last one logged was held back")
	}
}

// TestEachLineCountsOnlyItsOwnInterval: the count on a line is of the
// occurrences held back since the previous line, not since the first: a
// second line of an outage saying 500 + 3 would overstate it.
func TestEachLineCountsOnlyItsOwnInterval(t *testing.T) {
	l := New(10 * time.Second)
	t0 := time.Date(2026, 12, 3, 4, 0, 0, 0, time.UTC)
	l.Allow(t0)
	for i := range 5 {
		l.Allow(t0.Add(time.Duration(i+1) * time.Second))
	}
	if ok, n := l.Allow(t0.Add(10 * time.Second)); !ok || n != 5 {
		t.Fatalf("second line: %v %d, want logged with 5 held back", ok, n)
	}
	for i := range 3 {
		l.Allow(t0.Add(time.Duration(11+i) * time.Second))
	}
	if ok, n := l.Allow(t0.Add(20 * time.Second)); !ok || n != 3 {
		t.Fatalf("third line: %v %d, want logged with the 3 held back since the second", ok, n)
	}
	// A quiet interval: the next occurrence is logged, standing for none.
	if ok, n := l.Allow(t0.Add(time.Hour)); !ok || n != 0 {
		t.Fatalf("after a quiet hour: %v %d, want logged with none held back", ok, n)
	}
}

// TestNilLimiterLogsEverything: a caller given no limiter (nil) logs every
// occurrence, as before rate limiting existed.
func TestNilLimiterLogsEverything(t *testing.T) {
	var l *Limiter
	t0 := time.Date(2026, 12, 3, 4, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, n := l.Allow(t0); !ok || n != 0 {
			t.Fatalf("occurrence %d through a nil limiter: %v %d, want logged", i, ok, n)
		}
	}
}

// TestSettledReportsTheRestOncePerInterval: when what failed works again,
// the count held back is logged once a whole interval has passed since
// the last line, and kept until then, so that a failure that comes and
// goes writes at most a line of each kind per interval; Flush hands over
// whatever is left.
func TestSettledReportsTheRestOncePerInterval(t *testing.T) {
	l := New(10 * time.Second)
	t0 := time.Date(2026, 12, 4, 4, 0, 0, 0, time.UTC)
	if ok, _ := l.Settled(t0); ok {
		t.Fatal("working before anything failed was logged as a recovery")
	}
	l.Allow(t0)
	if ok, _ := l.Settled(t0.Add(time.Second)); ok {
		t.Fatal("a recovery with nothing held back was logged")
	}
	l.Allow(t0.Add(2 * time.Second))
	l.Allow(t0.Add(3 * time.Second))
	if ok, _ := l.Settled(t0.Add(10*time.Second - time.Nanosecond)); ok {
		t.Fatal("a recovery within the interval of the last line was logged")
	}
	if ok, n := l.Settled(t0.Add(10 * time.Second)); !ok || n != 2 {
		t.Fatalf("a recovery an interval after the last line: %v %d, want logged with 2 held back", ok, n)
	}
	if ok, _ := l.Settled(t0.Add(11 * time.Second)); ok {
		t.Fatal("the same count was logged twice")
	}
	// The next failure after a whole interval is logged at once, standing
	// for none: the recovery line took the count.
	if ok, n := l.Allow(t0.Add(20 * time.Second)); !ok || n != 0 {
		t.Fatalf("the next outage's first failure: %v %d, want logged with none held back", ok, n)
	}
	l.Allow(t0.Add(21 * time.Second))
	if n := l.Flush(); n != 1 {
		t.Fatalf("Flush: %d, want the 1 held back", n)
	}
	if n := l.Flush(); n != 0 {
		t.Fatalf("a second Flush: %d, want 0", n)
	}
	var none *Limiter
	if ok, n := none.Settled(t0); ok || n != 0 || none.Flush() != 0 {
		t.Fatal("a nil limiter, which logs every failure, held something back")
	}
}
