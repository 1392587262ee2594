package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["RecordMixedBatch"] = testRecordMixedBatch
}

// testRecordMixedBatch records one batch of 77 results (a driver may
// write its attempts several rows a statement) in which the lease and
// conflict guards meet every case at positions that fall in different
// statements: successes and retries of the lease holder, failures of a
// sender that lost the lease (not recorded), successes of one (recorded),
// and two deliveries that appear twice: a failure of a later attempt
// after the delivery's success in the same batch is not recorded (the
// success ended the lease), and a retry followed by the next attempt's
// success records both. Each delivery ends as if its results had been
// recorded one by one.
func testRecordMixedBatch(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 75)
	now := base.Add(time.Second)
	ws := claimN(t, s, "A", now, 100, 75, "")
	type want struct {
		status   string
		attempts int // the delivery's count, and the attempts it lists
	}
	wants := make([]want, len(ws))
	var rs []store.Result
	for i, w := range ws {
		r := store.Result{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 1,
			Attempt: attemptFor(w, true, 200, now)}
		wants[i] = want{store.DeliverySucceeded, 1}
		switch {
		case i%5 == 1:
			r.Outcome, r.NextAttemptAt, r.Attempt = store.OutcomeRetry, now.Add(time.Hour), attemptFor(w, false, 500, now)
			wants[i] = want{store.DeliveryRetrying, 1}
		case i%7 == 3:
			r.LeaseOwner, r.Outcome, r.Attempt = "stale", store.OutcomeFailed, attemptFor(w, false, 500, now)
			wants[i] = want{store.DeliveryPending, 0}
		case i%11 == 4:
			r.LeaseOwner = "stale"
		}
		rs = append(rs, r)
		if i == 40 {
			// ws[0] succeeded above: a failure of its attempt 2 is not recorded.
			w0 := ws[0]
			w0.Attempt = 2
			rs = append(rs, store.Result{DeliveryID: w0.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w0.LeaseUntil, Outcome: store.OutcomeFailed, RoundAttempt: 2,
				Attempt: attemptFor(w0, false, 500, now.Add(time.Millisecond))})
			// ws[1] is to be retried: its attempt 2's success is recorded.
			w1 := ws[1]
			w1.Attempt = 2
			rs = append(rs, store.Result{DeliveryID: w1.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w1.LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 2,
				Attempt: attemptFor(w1, true, 200, now.Add(time.Millisecond))})
		}
	}
	wants[1] = want{store.DeliverySucceeded, 2}
	if len(rs) != 77 {
		t.Fatalf("built %d results, want 77", len(rs))
	}
	must(t, s.RecordResults(ctx, rs))
	for i, w := range ws {
		d, err := s.GetDelivery(ctx, a, w.DeliveryID)
		must(t, err)
		atts, err := s.ListAttempts(ctx, a, w.DeliveryID)
		must(t, err)
		if d.Status != wants[i].status || d.Attempts != wants[i].attempts || len(atts) != wants[i].attempts {
			t.Errorf("delivery %d: %s, attempt_count %d, %d attempts listed; want %s with %d", i, d.Status, d.Attempts, len(atts),
				wants[i].status, wants[i].attempts)
		}
		for n, at := range atts {
			if at.Number != n+1 {
				t.Errorf("delivery %d: attempt %d listed as number %d", i, n+1, at.Number)
			}
		}
	}
}
