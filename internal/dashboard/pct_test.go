package dashboard

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
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

// TestShownResponseTimesRoundOnce: a response time, as the overview, an
// endpoint's page, Monitoring and its chart show it, is the exact
// duration rounded once, half up, to what is shown: a tenth of a
// millisecond under 10 ms, a whole millisecond up to a second, a tenth of
// a second under 10 s, a whole second from there. Worded from the API's
// response_time_ms, already rounded to hundredths, 249 µs read "0.3 ms"
// and 10.495 ms "11 ms".
func TestShownResponseTimesRoundOnce(t *testing.T) {
	millis := funcs["millis"].(func(time.Duration) string)
	// check wants shown to be us/n µs rounded half up in the step its
	// size calls for (the exact size: 9.96 ms is shown "10 ms" from
	// tenths, 999.6 ms "1 s").
	check := func(us, n int64, shown string) {
		t.Helper()
		num, unit, ok := strings.Cut(shown, " ")
		v, err := strconv.ParseFloat(num, 64)
		if !ok || err != nil || (unit != "ms" && unit != "s") {
			t.Fatalf("%d/%d µs shown as %q", us, n, shown)
		}
		scale := int64(1000)
		if unit == "s" {
			scale = 1_000_000
		}
		var step int64
		switch {
		case us < 10_000*n:
			step = 100
		case unit == "ms":
			step = 1000
		case us < 10_000_000*n:
			step = 100_000
		default:
			step = 1_000_000
		}
		// shown is a whole number of steps, in µs (exactly: at most 7 digits).
		got := int64(math.Round(v * float64(scale)))
		if got%step != 0 || (unit == "s") != (got >= 1_000_000) || strings.Contains(num, ".") && (got%(10*step) == 0 || step == 1000 || step == 1_000_000) {
			t.Fatalf("%d/%d µs shown as %q: not in steps of %d µs", us, n, shown, step)
		}
		// shown − exact in (−step/2, step/2], in units of 1/(2n) µs.
		diff := 2*n*got - 2*us
		if diff > step*n || diff <= -step*n {
			t.Fatalf("%d/%d µs (%s ms) shown as %q: not rounded once, half up, to %d µs", us, n,
				new(big.Rat).SetFrac64(us, 1000*n).FloatString(4), shown, step)
		}
	}
	for us := int64(0); us <= 2_100_000; us++ {
		check(us, 1, millis(time.Duration(us)*time.Microsecond))
	}
	for us := int64(9_900_000); us <= 10_100_000; us++ {
		check(us, 1, millis(time.Duration(us)*time.Microsecond))
	}
	for _, c := range []struct {
		us   int64
		want string
	}{{249, "0.2 ms"}, {250, "0.3 ms"}, {10_495, "10 ms"}, {10_500, "11 ms"}, {9_949, "9.9 ms"}, {9_950, "10 ms"},
		{999_499, "999 ms"}, {999_500, "1 s"}, {1_049_999, "1 s"}, {1_050_000, "1.1 s"}, {9_950_000, "10 s"}, {12_500_000, "13 s"}} {
		if got := millis(time.Duration(c.us) * time.Microsecond); got != c.want {
			t.Errorf("%d µs shown as %q, want %q", c.us, got, c.want)
		}
	}
	// A chart's interval (its hover value and its row of "Show as table")
	// shows its average, the sum of its attempts' microseconds over their
	// count, which the store gives as a float of milliseconds: rounded
	// once from that, it is right as well (this part passed before).
	start := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	for _, n := range []int64{1, 2, 3, 7} {
		for sum := int64(0); sum <= 30_000*n; sum++ {
			b := store.StatsBucket{Start: start, Attempts: int(n), Succeeded: int(n), AvgMillis: float64(sum) / float64(n) / 1000}
			c := seriesCharts(start, time.Hour, 1, []store.StatsBucket{b})[1]
			check(sum, n, c.Rows()[0].Value)
		}
	}
}
