package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() { extraTests["SuccessRecordedAgainAfterResend"] = testSuccessRecordedAgainAfterResend }

// testSuccessRecordedAgainAfterResend: the engine records a batch again
// after RecordResults failed, and part of it may have been written (an
// SQLite chunk committed before another failed; a PostgreSQL commit whose
// answer was lost). A success written the first time has been shown, and
// the account may have resent the delivery since. Recorded again, the
// success changes nothing: matched on its attempt number alone, it marked
// the resent delivery succeeded again, with no due time, so the resend was
// never sent, or its attempt's failure was dropped and never retried.
func testSuccessRecordedAgainAfterResend(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 2)
	now := base.Add(time.Second)
	ws := claimN(t, s, "A", now, 10, 2, "")
	var batch []store.Result
	for _, w := range ws {
		batch = append(batch, store.Result{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil,
			Outcome: store.OutcomeSucceeded, RoundAttempt: 1, Attempt: attemptFor(w, true, 200, now)})
	}
	must(t, s.RecordResults(ctx, batch))
	// ws[0] is resent and recorded again before it is claimed; ws[1] is
	// resent, claimed, and its attempt on the wire when the batch comes again.
	for _, w := range ws {
		if _, err := s.RetryDelivery(ctx, a, w.DeliveryID, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	resend := claimN(t, s, "A", now.Add(time.Minute), 10, 2, "the resent deliveries")
	var second store.Work
	for _, w := range resend {
		if w.DeliveryID == ws[1].DeliveryID {
			second = w
		}
	}
	// Give ws[0]'s resend back, as an instance that stops does: it waits again.
	for _, w := range resend {
		if w.DeliveryID == ws[0].DeliveryID {
			must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil,
				Outcome: store.OutcomeReleased, NextAttemptAt: now.Add(time.Minute)}}))
		}
	}
	must(t, s.RecordResults(ctx, batch)) // the first write, again
	d0, err := s.GetDelivery(ctx, a, ws[0].DeliveryID)
	must(t, err)
	if d0.Status != store.DeliveryPending || d0.Attempts != 1 {
		t.Errorf("resent delivery after its old success was recorded again: %s with %d attempts, want pending with 1", d0.Status, d0.Attempts)
	}
	// Within the second's lease (it ends at now+2m).
	if again := claim(t, s, "A", now.Add(time.Minute+time.Second), 10); len(again) != 1 || again[0].DeliveryID != ws[0].DeliveryID || again[0].Attempt != 2 {
		t.Errorf("claimed %d deliveries after the success was recorded again, want the resent one, as attempt 2", len(again))
	}
	// The resend's attempt on the wire fails: it is logged, and retried.
	next := now.Add(time.Hour)
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: second.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: second.LeaseUntil,
		Outcome: store.OutcomeRetry, RoundAttempt: second.RoundAttempt, NextAttemptAt: next, Attempt: attemptFor(second, false, 500, now.Add(time.Minute))}}))
	d1, err := s.GetDelivery(ctx, a, second.DeliveryID)
	must(t, err)
	atts, err := s.ListAttempts(ctx, a, second.DeliveryID)
	must(t, err)
	if d1.Status != store.DeliveryRetrying || d1.Attempts != 2 || len(atts) != 2 || d1.NextAttemptAt == nil || !d1.NextAttemptAt.Equal(next) {
		t.Errorf("resent delivery whose attempt failed after its old success was recorded again: %s, %d attempts (%d listed), next %v; want retrying, 2 (2 listed), next %v",
			d1.Status, d1.Attempts, len(atts), d1.NextAttemptAt, next)
	}
}
