package delivery

import (
	"slices"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// TestTakeoverLogNamesTheInstancesAndCountsEveryDelivery: the takeovers
// of a dead instance's leases, which run out over up to --lease, are
// logged at once for the first, then at most once per interval, each line
// naming the instances whose leases ran out; what a stop finds is logged
// then, so the lines add up to esahayak_leases_expired_total.
func TestTakeoverLogNamesTheInstancesAndCountsEveryDelivery(t *testing.T) {
	var l takeoverLog
	t0 := time.Date(2026, 12, 5, 4, 0, 0, 0, time.UTC)
	taken := func(from ...string) []store.Work {
		w := []store.Work{{DeliveryID: "dlv_own"}} // this instance's own claim: not taken over
		for _, f := range from {
			w = append(w, store.Work{LeaseExpired: true, TakenOverFrom: f})
		}
		return w
	}
	if n, _ := l.take(t0, false); n != 0 {
		t.Fatalf("a line with %d deliveries before any takeover", n)
	}
	l.add(taken("inst1", "inst1"))
	if n, from := l.take(t0, false); n != 2 || !slices.Equal(from, []string{"inst1"}) {
		t.Fatalf("first takeover: %d from %q, want 2 from inst1 at once", n, from)
	}
	l.add(taken("inst1", "inst3", "inst1"))
	if n, _ := l.take(t0.Add(takeoverLogInterval-time.Nanosecond), false); n != 0 {
		t.Fatalf("a second line within the interval, of %d deliveries", n)
	}
	if n, from := l.take(t0.Add(takeoverLogInterval), false); n != 3 || !slices.Equal(from, []string{"inst1", "inst3"}) {
		t.Fatalf("an interval later: %d from %q, want 3 from inst1 and inst3", n, from)
	}
	l.add(taken("inst3"))
	if n, from := l.take(t0.Add(takeoverLogInterval+time.Second), true); n != 1 || !slices.Equal(from, []string{"inst3"}) {
		t.Fatalf("at a stop: %d from %q, want the 1 held back, from inst3", n, from)
	}
	if n, _ := l.take(t0.Add(time.Hour), true); n != 0 {
		t.Fatalf("a line with %d deliveries after all were logged", n)
	}
}
