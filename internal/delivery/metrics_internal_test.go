package delivery

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// TestOldestDueAge: the gauge is the last count's value, steady between
// counts (grown between them, it climbed for a whole interval after a
// count that caught a delivery due a moment ago); while the store cannot
// be counted it grows from that value, so the alert on it fires through a
// database outage.
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
	m.setOldestDue(&due, true, now)
	first := read()
	if first != 5 {
		t.Errorf("age of a delivery due 5 s before the count = %v", first)
	}
	time.Sleep(100 * time.Millisecond)
	if later := read(); later != first {
		t.Errorf("age %v, then %v 100 ms later between counts: want it steady", first, later)
	}
	m.countFailed()
	time.Sleep(100 * time.Millisecond)
	if grown := read(); grown < first+0.09 {
		t.Errorf("age %v after a failed count 100 ms on, want it grown from %v", grown, first)
	}
	// A count that hangs returns no error: once the last count is older
	// than staleAfter, the age grows all the same.
	now = time.Now()
	due = now.Add(-5 * time.Second)
	m.setOldestDue(&due, true, now)
	m.staleAfter.Store(int64(50 * time.Millisecond))
	if v := read(); v != first {
		t.Errorf("age %v right after a count, want %v", v, first)
	}
	time.Sleep(150 * time.Millisecond)
	if grown := read(); grown < first+0.1 {
		t.Errorf("age %v with the last count 150 ms old and stale after 50 ms, want it grown from %v", grown, first)
	}
	m.staleAfter.Store(0)
	m.setOldestDue(nil, false, time.Now())
	if v := read(); v != 0 {
		t.Errorf("age once nothing is due = %v, want 0", v)
	}
	m.countFailed()
	time.Sleep(50 * time.Millisecond)
	if v := read(); v != 0 {
		t.Errorf("age after a failed count with nothing pending before = %v, want 0", v)
	}
	// Retries pending, none due yet: an outage holds them back once they
	// come due, and the age grows from the last count.
	m.setOldestDue(nil, true, time.Now())
	if v := read(); v != 0 {
		t.Errorf("age with retries pending, none due = %v, want 0", v)
	}
	m.countFailed()
	time.Sleep(100 * time.Millisecond)
	if v := read(); v < 0.09 {
		t.Errorf("age after a failed count with retries pending = %v, want it grown from 0", v)
	}
}
