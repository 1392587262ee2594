package dashboard

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/store"
)

// TestShownRatesSumTo100: an endpoint's success rate and error rate, as
// its page and Monitoring show them (one decimal), add up to 100.0. Each
// was rounded on its own: 1 success in 2,000 attempts (the API's 0.05 and
// 99.95) read "0.1%" and "100.0%".
func TestShownRatesSumTo100(t *testing.T) {
	shown := func(s string) int {
		n, err := strconv.Atoi(strings.Replace(strings.TrimSuffix(s, "%"), ".", "", 1))
		if err != nil {
			t.Fatalf("pct wrote %q", s)
		}
		return n
	}
	for _, n := range []int{1, 3, 7, 32, 200, 2000, 4000, 20000} {
		for k := 0; k <= n; k++ {
			st := api.RenderStats("ep_x", "24h", time.Unix(0, 0), store.Stats{Attempts: n, Succeeded: k, Failed: n - k})
			s, e := pct(st.SuccessRate), pct(st.ErrorRate)
			if shown(s)+shown(e) != 1000 {
				t.Fatalf("%d of %d attempts succeeded: shown %s and %s (the API's %v and %v)", k, n, s, e, st.SuccessRate, st.ErrorRate)
			}
		}
	}
	for f, want := range map[float64]string{0: "0.0%", 100: "100.0%", 3.13: "3.1%", 96.87: "96.9%", 12.34: "12.3%", 12.36: "12.4%", 0.15: "0.2%", 0.25: "0.2%"} {
		if got := pct(f); got != want {
			t.Errorf("pct(%v) = %q, want %q", f, got, want)
		}
	}
}
