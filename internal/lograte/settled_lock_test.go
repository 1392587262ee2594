package lograte

import (
	"testing"
	"time"
)

// TestSettledTakesNoLockWithNothingHeldBack: the API and the dashboard
// call Settled on every request that the database answered; outside an
// outage nothing is held back, and those requests must not queue on the
// limiter's lock (held here by the test, as a failing request of another
// goroutine would hold it). Once something is held back it does lock, and
// after the count is logged it goes back to not locking.
func TestSettledTakesNoLockWithNothingHeldBack(t *testing.T) {
	l := New(10 * time.Second)
	t0 := time.Date(2026, 12, 4, 4, 0, 0, 0, time.UTC)
	settledWhileLocked := func(now time.Time) (returned bool) {
		l.mu.Lock()
		defer l.mu.Unlock()
		done := make(chan struct{})
		go func() { defer close(done); l.Settled(now) }()
		select {
		case <-done:
			return true
		case <-time.After(500 * time.Millisecond):
			return false
		}
	}
	if !settledWhileLocked(t0) {
		t.Fatal("Settled before any failure waited for the lock")
	}
	l.Allow(t0) // logged: nothing held back
	if !settledWhileLocked(t0.Add(time.Second)) {
		t.Fatal("Settled after a failure that was logged, with none held back, waited for the lock")
	}
	l.Allow(t0.Add(2 * time.Second)) // held back
	if settledWhileLocked(t0.Add(3 * time.Second)) {
		t.Fatal("Settled with a failure held back did not look under the lock")
	}
	// The goroutine above ran once the lock was let go, within the
	// interval: the count is still held back.
	if ok, n := l.Settled(t0.Add(12 * time.Second)); !ok || n != 1 {
		t.Fatalf("a recovery an interval after the last line: %v %d, want logged with 1 held back", ok, n)
	}
	if !settledWhileLocked(t0.Add(13 * time.Second)) {
		t.Fatal("Settled after the count was logged waited for the lock")
	}
	l.Allow(t0.Add(14 * time.Second))
	l.Allow(t0.Add(15 * time.Second))
	l.Flush()
	if !settledWhileLocked(t0.Add(30 * time.Second)) {
		t.Fatal("Settled after Flush waited for the lock")
	}
	l.Allow(t0.Add(40 * time.Second)) // logged
	l.Allow(t0.Add(41 * time.Second)) // held back
	l.Allow(t0.Add(60 * time.Second)) // logged, taking the one held back
	if !settledWhileLocked(t0.Add(61 * time.Second)) {
		t.Fatal("Settled after a line that took the count waited for the lock")
	}
}
