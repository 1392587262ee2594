package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["LeaseExpiredOnlyWhenRunOut"] = testLeaseExpiredOnlyWhenRunOut
}

// ExpiredLeaseReporter is what a driver's test store says of
// store.Work.LeaseExpired: whether its claims set it at all. PostgreSQL's
// do; SQLite's do not (one process uses the file, and a restart gives its
// predecessor's leases back at once), so on SQLite the suite holds the
// flag to never being set. Both drivers implement it in a test file.
type ExpiredLeaseReporter interface {
	ReportsExpiredLeasesForTest() bool
}

// testLeaseExpiredOnlyWhenRunOut: a claim flags a delivery as taken over
// from an expired lease (store.Work.LeaseExpired, which the engine counts
// as esahayak_leases_expired_total) only when the lease ran out while it
// was held: not when its holder rescheduled it for a retry, nor when the
// holder gave it back unsent (a released outcome, or ReleaseLeases at a
// stop), even when those come due after the lease would have ended. Each
// of these counted would page an operator for instances that are fine.
func testLeaseExpiredOnlyWhenRunOut(t *testing.T, s store.Store) {
	r, ok := s.(ExpiredLeaseReporter)
	if !ok {
		t.Fatalf("the driver's test store (%T) does not implement storetest.ExpiredLeaseReporter", s)
	}
	reports := r.ReportsExpiredLeasesForTest()
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 4)
	t0 := base.Add(time.Second)
	held := claimN(t, s, "A", t0, 3, 3, "") // leased to A until t0 + 1 min
	other := claimN(t, s, "B", t0, 1, 1, "the fourth")
	for _, w := range append(held, other...) {
		if w.LeaseExpired {
			t.Fatalf("%s flagged as taken over from an expired lease on its first claim", w.DeliveryID)
		}
	}
	retried, givenBack, runsOut, released := held[0], held[1], held[2], other[0]
	// Both come due after A's lease would have ended, as a retry usually
	// does: a lease's end is no reason to flag one.
	dueAfterLease := t0.Add(90 * time.Second)
	must(t, s.RecordResults(ctx, []store.Result{
		{DeliveryID: retried.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: retried.LeaseUntil, Outcome: store.OutcomeRetry, RoundAttempt: 1,
			NextAttemptAt: dueAfterLease, Attempt: attemptFor(retried, false, 503, t0)},
		{DeliveryID: givenBack.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: givenBack.LeaseUntil, Outcome: store.OutcomeReleased, NextAttemptAt: dueAfterLease},
	}))
	n, err := s.ReleaseLeases(ctx, "B", t0.Add(5*time.Second)) // B stops
	must(t, err)
	if n != 1 {
		t.Fatalf("ReleaseLeases(B) = %d, want 1", n)
	}
	// runsOut stays leased to A, which never records it (killed, stalled):
	// its lease ends at t0 + 1 min, and D takes it over after.
	got := claimN(t, s, "D", t0.Add(2*time.Minute), 10, 4, "after A's lease ended")
	names := map[string]string{retried.DeliveryID: "the retried delivery", givenBack.DeliveryID: "the delivery given back unsent",
		released.DeliveryID: "the delivery whose lease was released at a stop", runsOut.DeliveryID: "the delivery whose lease ran out"}
	for _, w := range got {
		want := reports && w.DeliveryID == runsOut.DeliveryID
		if w.LeaseExpired != want {
			t.Errorf("%s (%s): LeaseExpired = %v, want %v", names[w.DeliveryID], w.DeliveryID, w.LeaseExpired, want)
		}
		// The log line of a takeover names the instance that died.
		wantFrom := ""
		if want {
			wantFrom = "A"
		}
		if w.TakenOverFrom != wantFrom {
			t.Errorf("%s (%s): TakenOverFrom = %q, want %q", names[w.DeliveryID], w.DeliveryID, w.TakenOverFrom, wantFrom)
		}
	}
}
