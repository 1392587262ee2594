package bench

import (
	"testing"
	"time"
)

func TestCreatedAt(t *testing.T) {
	body := []byte(`{"id":"evt_1","type":"stamp.uploaded","created_at":"2026-01-15T10:30:00.123Z","data":{"order":{"created_at":"2020-01-01T00:00:00.000Z"}}}`)
	want := time.Date(2026, 1, 15, 10, 30, 0, 123e6, time.UTC).UnixNano()
	if got := createdAt(body); got != want {
		t.Errorf("createdAt = %d, want %d", got, want)
	}
	for _, b := range []string{``, `{"created_at":"nope"}`, `{"created_at":"2026`} {
		if got := createdAt([]byte(b)); got != 0 {
			t.Errorf("createdAt(%q) = %d, want 0", b, got)
		}
	}
}

func TestTally(t *testing.T) {
	arr := []arrival{
		{ep: 0, at: 100, created: 90, id: "a"},
		{ep: 0, at: 110, created: 90, id: "a"}, // duplicate
		{ep: 0, at: 120, created: 100, id: "b"},
		{ep: 1, at: 130, created: 0, id: "a"}, // no created_at: counted, no latency
	}
	st := tally(arr, 2)
	if st[0].unique != 2 || st[0].duplicates != 1 || st[0].first != 100 || st[0].last != 120 || len(st[0].latencies) != 2 {
		t.Errorf("endpoint 0: %+v", st[0])
	}
	if st[1].unique != 1 || len(st[1].latencies) != 0 {
		t.Errorf("endpoint 1: %+v", st[1])
	}
}

func TestPercentileAndMedian(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for q, want := range map[float64]time.Duration{0.5: 50 * time.Millisecond, 0.9: 90 * time.Millisecond, 0.99: 99 * time.Millisecond, 1: 100 * time.Millisecond} {
		if got := pct(d, q); got != want {
			t.Errorf("pct(%v) = %v, want %v", q, got, want)
		}
	}
	if pct(nil, 0.5) != 0 {
		t.Error("pct of nothing")
	}
	m := median([]Figures{{Deliveries: 3, P99Ms: 9}, {Deliveries: 1, P99Ms: 1}, {Deliveries: 2, P99Ms: 100}})
	if m.Deliveries != 2 || m.P99Ms != 9 {
		t.Errorf("median = %+v", m)
	}
	if thousands(1234567) != "1,234,567" || thousands(12) != "12" {
		t.Errorf("thousands: %s %s", thousands(1234567), thousands(12))
	}
}
