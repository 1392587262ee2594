package api_test

import (
	"math"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/store"
)

// TestStatsRatesSumTo100: every attempt succeeded or failed, so an
// endpoint's success_rate and error_rate are one figure and its
// complement. Each was rounded on its own: 1 attempt of 32 succeeded read
// 3.13 and 96.88, 100.01 in all. They now add up to 100 exactly (in the
// hundredths the answer is written in), and the success rate is still
// the figure rounded half up.
func TestStatsRatesSumTo100(t *testing.T) {
	for n := 1; n <= 2000; n++ {
		for k := 0; k <= n; k++ {
			st := api.RenderStats("ep_x", "24h", time.Unix(0, 0), store.Stats{Attempts: n, Succeeded: k, Failed: n - k})
			s, e := math.Round(st.SuccessRate*100), math.Round(st.ErrorRate*100)
			if math.Abs(s-st.SuccessRate*100) > 1e-6 || math.Abs(e-st.ErrorRate*100) > 1e-6 {
				t.Fatalf("%d of %d: success_rate %v, error_rate %v: not whole hundredths", k, n, st.SuccessRate, st.ErrorRate)
			}
			if s+e != 10000 {
				t.Fatalf("%d of %d attempts succeeded: success_rate %v + error_rate %v = %v, want 100", k, n, st.SuccessRate, st.ErrorRate, (s+e)/100)
			}
			if want := math.Floor(float64(20000*k+n) / float64(2*n)); s != want {
				t.Fatalf("%d of %d: success_rate %v, want %v", k, n, st.SuccessRate, want/100)
			}
		}
	}
}

// TestStatsResponseTimesRoundHalfUp: response_time_ms is given in
// hundredths of a millisecond, rounded half up from the attempts' whole
// microseconds. Rounded as a float, a duration at a half hundredth was
// often rounded down (285 µs is 0.285 ms, times 100 is 28.499999999999996):
// the p50 of one attempt whose duration_ms is 0.285 read 0.28, and of one
// of 1.005 ms read 1, as did the dashboard's response time.
func TestStatsResponseTimesRoundHalfUp(t *testing.T) {
	for us := int64(0); us <= 2_000_000; us++ {
		d := time.Duration(us) * time.Microsecond
		st := api.RenderStats("ep_x", "24h", time.Unix(0, 0), store.Stats{Attempts: 1, Succeeded: 1, P50: d, P95: d, P99: d})
		want := float64((us+5)/10) / 100 // whole hundredths, half up
		got := st.ResponseTimeMS
		if got.P50 != want || got.P95 != want || got.P99 != want {
			t.Fatalf("one attempt of %d µs (duration_ms %v): response_time_ms p50 %v, p95 %v, p99 %v; want %v",
				us, float64(us)/1000, got.P50, got.P95, got.P99, want)
		}
	}
}
