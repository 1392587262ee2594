package delivery

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// TestOldestDueAgeGrowsBetweenCounts: the age is the one to alert on, and
// the store is counted only every maintenance interval; read when scraped,
// it grows between counts, and while the database cannot be counted at
// all (it froze at its last count, 0 through a whole outage).
func TestOldestDueAgeGrowsBetweenCounts(t *testing.T) {
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
	due := time.Now().Add(-5 * time.Second)
	m.setOldestDue(&due)
	first := read()
	if first < 5 || first > 6 {
		t.Errorf("age of a delivery due 5 s ago = %v", first)
	}
	time.Sleep(100 * time.Millisecond)
	if later := read(); later < first+0.09 {
		t.Errorf("age %v, then %v 100 ms later without a count: want it to grow", first, later)
	}
	m.setOldestDue(nil)
	if v := read(); v != 0 {
		t.Errorf("age once nothing is due = %v, want 0", v)
	}
}
