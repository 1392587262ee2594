package delivery

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// TestOldestDueAge: the gauge is the last count's value, steady between
// counts (grown between them, it climbed for a whole interval after a
// count that caught a delivery due a moment ago). While the store cannot
// be counted (a failed count, or one hung past staleAfter) nothing is
// claimed, and the age is that of the earliest pending delivery, due at
// the count or after it: an alert fires through an outage, and a retry
// scheduled hours ahead does not make it jump.
func TestOldestDueAge(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	read := func() float64 {
		t.Helper()
		families, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range families {
			if f.GetName() == "esahayak_oldest_due_delivery_age_seconds" {
				return f.GetMetric()[0].GetGauge().GetValue()
			}
		}
		t.Fatal("no esahayak_oldest_due_delivery_age_seconds")
		return 0
	}
	if v := read(); v != 0 {
		t.Errorf("age with nothing counted = %v, want 0", v)
	}
	now := time.Now()
	due := now.Add(-5 * time.Second)
	m.setOldestDue(&due, &due, now)
	first := read()
	if first != 5 {
		t.Errorf("age of a delivery due 5 s before the count = %v", first)
	}
	time.Sleep(100 * time.Millisecond)
	if later := read(); later != first {
		t.Errorf("age %v, then %v 100 ms later between counts: want it steady", first, later)
	}
	m.countFailed()
	if grown := read(); grown < first+0.09 {
		t.Errorf("age %v after a failed count, want it grown from %v", grown, first)
	}

	// Nothing due at the count; a retry came due 2 s ago; counting fails.
	now = time.Now()
	soon := now.Add(-2 * time.Second)
	m.setOldestDue(nil, &soon, now)
	if v := read(); v != 0 {
		t.Errorf("age with nothing due at the count = %v, want 0", v)
	}
	m.countFailed()
	if v := read(); v < 2 || v > 3 {
		t.Errorf("age after a failed count, a retry due 2 s ago = %v, want about 2", v)
	}
	// A retry scheduled an hour ahead: a failed count keeps it at 0.
	later := time.Now().Add(time.Hour)
	m.setOldestDue(nil, &later, time.Now())
	m.countFailed()
	if v := read(); v != 0 {
		t.Errorf("age after a failed count, the next retry an hour ahead = %v, want 0", v)
	}

	// A count that hangs returns no error: once the last count is older
	// than staleAfter, it counts as failed. The count is fresh against an
	// hour, and then stale against 50 ms, whatever the scheduler does
	// between the two reads: with 50 ms from the start, a read descheduled
	// that long after the count (the race detector on a loaded machine)
	// already saw it stale (age 5.06).
	now = time.Now()
	due = now.Add(-5 * time.Second)
	m.setOldestDue(&due, &due, now)
	m.staleAfter.Store(int64(time.Hour))
	if v := read(); v != 5 {
		t.Errorf("age %v right after a count, want 5", v)
	}
	time.Sleep(150 * time.Millisecond)
	m.staleAfter.Store(int64(50 * time.Millisecond))
	if grown := read(); grown < 5.1 {
		t.Errorf("age %v with the last count 150 ms old and stale after 50 ms, want it grown from 5", grown)
	}
	m.staleAfter.Store(0)
	m.setOldestDue(nil, nil, time.Now())
	m.countFailed()
	if v := read(); v != 0 {
		t.Errorf("age after a failed count with nothing pending = %v, want 0", v)
	}
}
