package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["StatsSeriesBuckets"] = testStatsSeriesBuckets
}

// testStatsSeriesBuckets: Monitoring's chart is the same on both stores.
// Attempts that start exactly on a bucket's edge, a microsecond before
// one, or before the window, with durations that make an uneven mean, are
// put in the same buckets with the same figures; `since` carries
// nanoseconds and a zone other than UTC, as a caller's clock may.
func testStatsSeriesBuckets(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	const n = 7
	seedDeliveries(t, s, a, n)
	ist := time.FixedZone("IST", 5*3600+1800)
	since := base.Add(123456789 * time.Nanosecond).In(ist) // .123456789 past base
	step := time.Minute
	sinceUS := since.Truncate(time.Microsecond)
	starts := []time.Duration{ // after sinceUS
		-time.Microsecond,       // before the window: left out
		0,                       // bucket 0, on its edge
		step - time.Microsecond, // bucket 0, its last microsecond
		step,                    // bucket 1, on its edge
		step + 500*time.Millisecond,
		3*step + 999*time.Microsecond, // bucket 3 (2 is empty)
		3*step + time.Second,
	}
	ws := claimN(t, s, "A", base.Add(time.Hour), 100, n, "")
	var res []store.Result
	for i, w := range ws {
		ok := i%3 != 2
		status, out := 200, store.OutcomeSucceeded
		if !ok {
			status, out = 500, store.OutcomeFailed
		}
		at := attemptFor(w, ok, status, sinceUS.Add(starts[i]))
		at.Duration = time.Duration(1000+i*333) * time.Microsecond
		if i == 4 || i == 6 {
			at.Number = 2 // a retry
		}
		res = append(res, store.Result{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: out, RoundAttempt: 1, Attempt: at})
	}
	must(t, s.RecordResults(ctx, res))

	got, err := s.StatsSeries(ctx, a, e.ID, since, step)
	must(t, err)
	mean := func(is ...int) float64 {
		var sum int
		for _, i := range is {
			sum += 1000 + i*333
		}
		return float64(sum) / float64(len(is)) / 1000
	}
	want := []store.StatsBucket{
		{Start: since, Attempts: 2, Succeeded: 1, Failed: 1, Retries: 0, AvgMillis: mean(1, 2)},
		{Start: since.Add(step), Attempts: 2, Succeeded: 2, Failed: 0, Retries: 1, AvgMillis: mean(3, 4)},
		{Start: since.Add(3 * step), Attempts: 2, Succeeded: 1, Failed: 1, Retries: 1, AvgMillis: mean(5, 6)},
	}
	if len(got) != len(want) {
		t.Fatalf("buckets %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !g.Start.Equal(w.Start) || g.Attempts != w.Attempts || g.Succeeded != w.Succeeded || g.Failed != w.Failed ||
			g.Retries != w.Retries || g.AvgMillis != w.AvgMillis {
			t.Errorf("bucket %d = %+v, want %+v", i, g, w)
		}
	}
}
