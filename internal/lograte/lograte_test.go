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
