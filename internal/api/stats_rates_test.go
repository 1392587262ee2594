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
