package postgres

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// TestRetryRecordedBesideAnEnableIsNotLeftParked: an attempt on the wire
// while its endpoint is disabled, recorded (as a retry) while the endpoint
// is enabled again. The record read the endpoint as disabled and parked
// the delivery after the enable had resumed the endpoint's parked ones
// (this one was leased then): it stayed parked, never sent again. Now the
// enable waits for the record, or the record for the enable.
func TestRetryRecordedBesideAnEnableIsNotLeftParked(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	upload(t, s, a, store.LeaseParams{})
	// Real time: a lease the database's clock has seen end is parked by a
	// disable like any waiting delivery.
	now := time.Now().UTC()
	ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 1})
	must(t, err)
	if len(ws) != 1 {
		t.Fatalf("claimed %d", len(ws))
	}
	w := ws[0]
	setStatus := func(status string, at time.Time) error {
		_, err := s.UpdateEndpoint(ctx, a, e.ID, func(x *store.Endpoint) error {
			x.Status, x.UpdatedAt = status, at
			if status == store.EndpointDisabled {
				x.DisabledReason = "disabled by the account"
			} else {
				x.DisabledReason = ""
			}
			return nil
		})
		return err
	}
	// Disabled while the attempt is on the wire (it started before).
	must(t, setStatus(store.EndpointDisabled, now.Add(time.Second)))

	// Another session holds the delivery's row (not against the attempt's
	// foreign key), so the record's outcome statement waits there with
	// what it read when it started.
	hold, err := s.pool.Begin(ctx)
	must(t, err)
	defer hold.Rollback(ctx)
	_, err = hold.Exec(ctx, `SELECT 1 FROM deliveries WHERE id = $1 FOR NO KEY UPDATE`, w.DeliveryID)
	must(t, err)
	holder := backendPID(t, hold)
	recorded := make(chan error, 1)
	go func() {
		recorded <- s.RecordResults(ctx, []store.Result{{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil,
			Outcome: store.OutcomeRetry, RoundAttempt: 1, NextAttemptAt: now.Add(time.Minute), Attempt: &store.Attempt{
				ID: ids.New(ids.Attempt), DeliveryID: w.DeliveryID, AccountID: a, EndpointID: w.EndpointID, EventID: w.EventID,
				Number: 1, StartedAt: now, Duration: time.Millisecond, ResponseStatus: 500, Error: "HTTP 500", ErrorKind: "http_status"}}})
	}()
	recorder := waitBlocked(t, s, "the record", nil, holder)
	enabled := make(chan error, 1)
	var enableDone atomic.Bool
	go func() {
		err := setStatus(store.EndpointEnabled, now.Add(2*time.Second))
		enableDone.Store(true)
		enabled <- err
	}()
	// The enable waits for the record's hold on the endpoint (without it,
	// it commits at once, between the record's read and its write).
	waitBlocked(t, s, "the enable", enableDone.Load, holder, recorder)
	must(t, hold.Rollback(ctx))
	must(t, <-recorded)
	must(t, <-enabled)

	var due *time.Time
	must(t, s.pool.QueryRow(ctx, `SELECT due_at FROM deliveries WHERE id = $1`, w.DeliveryID).Scan(&due))
	if due == nil {
		t.Fatal("the retry is parked (no due_at) while its endpoint is enabled: it is never sent again")
	}
}

// TestRecordBesideAnAutoDisableDoesNotDeadlock: a record batch with a
// retry on E2 and a success on E1 < E2, both failing endpoints, beside an
// auto-disable of both (FOR UPDATE on E1, then E2). The batch locked E2 (for
// the retry) before E1 (for its health) and the two deadlocked; it now locks
// all its endpoints in one statement, in id order. Another session (as
// another instance's batch would) holds E2 a moment, to fix the timing.
func TestRecordBesideAnAutoDisableDoesNotDeadlock(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	e1 := newEndpoint(t, s, a)
	e2 := newEndpoint(t, s, a)
	if !(e1.ID < e2.ID) {
		t.Fatal("order")
	}
	upload(t, s, a, store.LeaseParams{})
	now := time.Now().UTC()
	ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 10})
	must(t, err)
	if len(ws) != 2 {
		t.Fatalf("claimed %d", len(ws))
	}
	byEp := map[string]store.Work{}
	for _, w := range ws {
		byEp[w.EndpointID] = w
	}
	w1, w2 := byEp[e1.ID], byEp[e2.ID]
	// Both endpoints failing for 3h, with a failure 1h ago (period 1h).
	_, err = s.pool.Exec(ctx, `UPDATE endpoints SET failing_since = $1, updated_at = $2`, now.Add(-3*time.Hour), now.Add(-4*time.Hour))
	must(t, err)
	for _, w := range ws {
		_, err = s.pool.Exec(ctx, `INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
 request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
 VALUES ($1, 'dlv_old'||$1, $2, $3, 'evt_old', 1, $4, 1, '{}', 500, '{}', ''::bytea, 'HTTP 500', 'http_status', false)`,
			ids.New(ids.Attempt), a, w.EndpointID, now.Add(-time.Hour))
		must(t, err)
	}
	// Another session (as another instance's record batch would) holds a
	// KEY SHARE on E2 for a moment.
	hold, err := s.pool.Begin(ctx)
	must(t, err)
	defer hold.Rollback(ctx)
	_, err = hold.Exec(ctx, `SELECT 1 FROM endpoints WHERE id = $1 FOR KEY SHARE`, e2.ID)
	must(t, err)

	holder := backendPID(t, hold)
	disabled := make(chan error, 1)
	go func() {
		_, err := s.DisableFailingEndpoints(ctx, time.Hour, now)
		disabled <- err
	}()
	disabler := waitBlocked(t, s, "the auto-disable", nil, holder) // D holds E1, waits for E2
	recorded := make(chan error, 1)
	var recordDone atomic.Bool
	go func() {
		defer recordDone.Store(true)
		att := func(w store.Work, ok bool, st int) *store.Attempt {
			return &store.Attempt{ID: ids.New(ids.Attempt), DeliveryID: w.DeliveryID, AccountID: a, EndpointID: w.EndpointID, EventID: w.EventID,
				Number: 1, StartedAt: now, Duration: time.Millisecond, ResponseStatus: st, Succeeded: ok}
		}
		recorded <- s.RecordResults(ctx, []store.Result{
			{DeliveryID: w1.DeliveryID, EndpointID: e1.ID, LeaseOwner: "A", LeaseUntil: w1.LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 1, Attempt: att(w1, true, 200)},
			{DeliveryID: w2.DeliveryID, EndpointID: e2.ID, LeaseOwner: "A", LeaseUntil: w2.LeaseUntil, Outcome: store.OutcomeRetry, RoundAttempt: 1, NextAttemptAt: now.Add(time.Minute),
				Attempt: func() *store.Attempt {
					x := att(w2, false, 500)
					x.Error, x.ErrorKind = "HTTP 500", "http_status"
					return x
				}()},
		})
	}()
	// The record waits for D's lock on E1.
	waitBlocked(t, s, "the record", recordDone.Load, holder, disabler)
	must(t, hold.Rollback(ctx))
	errR, errD := <-recorded, <-disabled
	if errR != nil || errD != nil {
		t.Fatalf("record: %v; auto-disable: %v", errR, errD)
	}
}
