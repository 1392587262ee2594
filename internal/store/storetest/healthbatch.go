package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["HealthInOneBatch"] = testHealthInOneBatch
	extraTests["HealthAtTheSameInstant"] = testHealthAtTheSameInstant
}

// healthRig is one endpoint with leased deliveries, whose attempts a test
// records in batches of its choosing, in the order it lists them (the
// order results reach the store, not the order the attempts started in).
type healthRig struct {
	t    *testing.T
	s    store.Store
	a    string
	e    store.Endpoint
	work []store.Work
}

func newHealthRig(t *testing.T, s store.Store, n int) *healthRig {
	t.Helper()
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, n)
	ws := claimN(t, s, "A", base.Add(time.Second), n+1, n, "")
	return &healthRig{t: t, s: s, a: a, e: e, work: ws}
}

// healthAttempt is one attempt of a batch: whether it succeeded and when
// it started.
type healthAttempt struct {
	ok bool
	at time.Time
}

func succeededAt(at time.Time) healthAttempt { return healthAttempt{ok: true, at: at} }
func failedAt(at time.Time) healthAttempt    { return healthAttempt{at: at} }

// record writes the attempts as one RecordResults call, each on the next
// leased delivery.
func (r *healthRig) record(atts ...healthAttempt) {
	r.t.Helper()
	if len(atts) > len(r.work) {
		r.t.Fatalf("%d attempts, %d leased deliveries left", len(atts), len(r.work))
	}
	var res []store.Result
	for _, h := range atts {
		w := r.work[0]
		r.work = r.work[1:]
		x := store.Result{DeliveryID: w.DeliveryID, EndpointID: r.e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 1, Attempt: attemptFor(w, true, 200, h.at)}
		if !h.ok {
			x.Outcome, x.NextAttemptAt, x.Attempt.Succeeded, x.Attempt.ResponseStatus = store.OutcomeRetry, h.at.Add(time.Hour), false, 503
		}
		res = append(res, x)
	}
	must(r.t, r.s.RecordResults(ctx, res))
}

func (r *healthRig) failingSince() *time.Time {
	r.t.Helper()
	e, err := r.s.GetEndpoint(ctx, r.a, r.e.ID)
	must(r.t, err)
	return e.FailingSince
}

// changeAt changes the endpoint's description at the given time: its
// record starts clean (only attempts that started since count).
func (r *healthRig) changeAt(at time.Time) {
	r.t.Helper()
	_, err := r.s.UpdateEndpoint(ctx, r.a, r.e.ID, func(e *store.Endpoint) error {
		e.Description, e.FailingSince, e.UpdatedAt = "changed at "+at.Format(time.RFC3339Nano), nil, at
		return nil
	})
	must(r.t, err)
}

// testHealthInOneBatch: the endpoint's health after a batch is what the
// batch's attempts say by the time they started, not by their place in
// the batch (results are gathered as they finish: a timeout comes after
// later attempts' answers). Each case failed with HealthOf or a driver's
// health statement taking the batch's last-listed success or failure in
// place of the latest or earliest: a dead endpoint's failing run started
// late (auto-disable late by as much), or an endpoint that answered kept
// a failing run open and could be disabled while healthy.
func testHealthInOneBatch(t *testing.T, s store.Store) {
	t0 := base.Add(time.Minute)
	sec := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Second) }

	// A run open since 10s; one batch holds a success at 20s, listed first,
	// and an older one at 5s: the newer success closes the run.
	r := newHealthRig(t, s, 3)
	r.record(failedAt(sec(10)))
	if f := r.failingSince(); f == nil || !f.Equal(sec(10)) {
		t.Fatalf("failing since %v, want %v", f, sec(10))
	}
	r.record(succeededAt(sec(20)), succeededAt(sec(5)))
	if f := r.failingSince(); f != nil {
		t.Fatalf("failing since %v after a batch with a success at %v, after the run began at %v", f, sec(20), sec(10))
	}

	// Three failures listed out of order open the run at the earliest.
	r = newHealthRig(t, s, 3)
	r.record(failedAt(sec(25)), failedAt(sec(40)), failedAt(sec(30)))
	if f := r.failingSince(); f == nil || !f.Equal(sec(25)) {
		t.Fatalf("failing since %v after failures at 25s, 40s and 30s, want the earliest, %v", f, sec(25))
	}

	// After a change at 0s, a batch with the failure after the change
	// listed first, then two that started at the old settings: the one
	// after the change opens a run.
	r = newHealthRig(t, s, 3)
	r.changeAt(sec(0))
	r.record(failedAt(sec(5)), failedAt(sec(-5)), failedAt(sec(-3)))
	if f := r.failingSince(); f == nil || f.Before(sec(0)) {
		t.Fatalf("failing since %v after a failure at %v, after the change at %v; want a run begun since the change", f, sec(5), sec(0))
	}

	// After a change at 0s and a success at 1s, a batch with a failure at
	// the old settings (-5s) and one at 2s: the success is older than the
	// failure at 2s, which opens a run.
	r = newHealthRig(t, s, 3)
	r.changeAt(sec(0))
	r.record(succeededAt(sec(1)))
	r.record(failedAt(sec(-5)), failedAt(sec(2)))
	if f := r.failingSince(); f == nil || !f.Equal(sec(2)) {
		t.Fatalf("failing since %v after a success at %v and a failure at %v, want %v", f, sec(1), sec(2), sec(2))
	}

	// A success at 2s, then a batch with failures at 1s and 3s: whatever
	// it opens, a failing run must not begin before an attempt that
	// succeeded (the endpoint answered at 2s).
	r = newHealthRig(t, s, 3)
	r.record(succeededAt(sec(2)))
	r.record(failedAt(sec(1)), failedAt(sec(3)))
	if f := r.failingSince(); f != nil && f.Before(sec(2)) {
		t.Fatalf("failing since %v, before the success at %v", f, sec(2))
	}
}

// testHealthAtTheSameInstant: the bounds of EndpointHealth hold at equal
// times: a success closes a run that began at the same instant ("no
// later than"), a success blocks a failure that started at the same
// instant ("at or after"), and a failure that started at the instant of
// the endpoint's last change counts. Attempt times are microseconds, and
// attempts of one endpoint start concurrently: each failed with its
// bound made strict.
func testHealthAtTheSameInstant(t *testing.T, s store.Store) {
	t0 := base.Add(time.Minute)

	r := newHealthRig(t, s, 2)
	r.record(failedAt(t0))
	r.record(succeededAt(t0))
	if f := r.failingSince(); f != nil {
		t.Fatalf("failing since %v after a success that started at the same instant as the run", f)
	}

	r = newHealthRig(t, s, 2)
	r.record(succeededAt(t0))
	r.record(failedAt(t0))
	if f := r.failingSince(); f != nil {
		t.Fatalf("failing since %v: a failure opened a run beside a success that started at the same instant", f)
	}

	r = newHealthRig(t, s, 1)
	r.changeAt(t0)
	r.record(failedAt(t0))
	if f := r.failingSince(); f == nil || !f.Equal(t0) {
		t.Fatalf("failing since %v after a failure at the instant of the change, want %v", f, t0)
	}

	r = newHealthRig(t, s, 2)
	r.changeAt(t0)
	r.record(failedAt(t0.Add(3*time.Second)), failedAt(t0))
	if f := r.failingSince(); f == nil || !f.Equal(t0) {
		t.Fatalf("failing since %v after failures at the instant of the change and 3s later, want %v", f, t0)
	}
}
