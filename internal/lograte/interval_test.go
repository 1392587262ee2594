package lograte

import (
	"testing"
	"time"
)

// TestNextIntervalRunsFromTheLineLogged: after a line, the next one comes
// a whole interval after it, not a moment sooner (with the interval
// counted from a nanosecond before the line, by hand, no test failed).
func TestNextIntervalRunsFromTheLineLogged(t *testing.T) {
	l := New(10 * time.Second)
	t0 := time.Date(2026, 12, 3, 4, 0, 0, 0, time.UTC)
	l.Allow(t0)
	if ok, _ := l.Allow(t0.Add(10*time.Second - time.Nanosecond)); ok {
		t.Fatal("an occurrence a nanosecond short of an interval after the line was logged")
	}
	if ok, n := l.Allow(t0.Add(10 * time.Second)); !ok || n != 1 {
		t.Fatalf("an interval after the line: %v %d, want logged with 1 held back", ok, n)
	}
	if ok, _ := l.Allow(t0.Add(20*time.Second - time.Nanosecond)); ok {
		t.Fatal("an occurrence a nanosecond short of an interval after the second line was logged")
	}
}
