package dashboard

import (
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// TestShownRatesSumTo100: an endpoint's success rate and error rate, as
// its page and Monitoring show them (one decimal), add up to 100.0, and
// each is the true rate rounded to a tenth (half up for the success rate).
// Each was rounded on its own: 1 success in 2,000 attempts read "0.1%" and
// "100.0%"; then the API's hundredths were rounded again, half to even,
// and 32 successes of 152 attempts (21.05…%) read "21.0%".
func TestShownRatesSumTo100(t *testing.T) {
	shown := func(s string) int64 {
		n, err := strconv.ParseInt(strings.Replace(strings.TrimSuffix(s, "%"), ".", "", 1), 10, 64)
		if err != nil {
			t.Fatalf("rate written as %q", s)
		}
		return n
	}
	for _, n := range []int{1, 3, 7, 32, 152, 200, 2000, 4000, 20000} {
		for k := 0; k <= n; k++ {
			s, e := successPct(k, n), errorPct(k, n)
			if shown(s)+shown(e) != 1000 {
				t.Fatalf("%d of %d attempts succeeded: shown %s and %s", k, n, s, e)
			}
			// The exact rate in tenths of a percent, k·1000/n, against
			// what is shown: at most half a tenth off, a half rounded up.
			exact := new(big.Rat).SetFrac64(int64(k)*1000, int64(n))
			diff := new(big.Rat).Sub(new(big.Rat).SetInt64(shown(s)), exact)
			if diff.Cmp(big.NewRat(1, 2)) > 0 || diff.Cmp(big.NewRat(-1, 2)) <= 0 {
				t.Fatalf("%d of %d attempts succeeded: shown %s, the true rate %s%%", k, n, s, exact.FloatString(3))
			}
		}
	}
	for _, c := range []struct {
		k, n        int
		succ, error string
	}{{32, 152, "21.1%", "78.9%"}, {1, 2000, "0.1%", "99.9%"}, {0, 5, "0.0%", "100.0%"}, {5, 5, "100.0%", "0.0%"}, {1, 3, "33.3%", "66.7%"}} {
		if s, e := successPct(c.k, c.n), errorPct(c.k, c.n); s != c.succ || e != c.error {
			t.Errorf("%d of %d: shown %s and %s, want %s and %s", c.k, c.n, s, e, c.succ, c.error)
		}
	}
}
