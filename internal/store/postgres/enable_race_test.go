package postgres

import (
	"context"
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
	recorded := make(chan error, 1)
	go func() {
		recorded <- s.RecordResults(ctx, []store.Result{{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: "A",
			Outcome: store.OutcomeRetry, RoundAttempt: 1, NextAttemptAt: now.Add(time.Minute), Attempt: &store.Attempt{
				ID: ids.New(ids.Attempt), DeliveryID: w.DeliveryID, AccountID: a, EndpointID: w.EndpointID, EventID: w.EventID,
				Number: 1, StartedAt: now, Duration: time.Millisecond, ResponseStatus: 500, Error: "HTTP 500", ErrorKind: "http_status"}}})
	}()
	time.Sleep(300 * time.Millisecond)
	enabled := make(chan error, 1)
	go func() { enabled <- setStatus(store.EndpointEnabled, now.Add(2*time.Second)) }()
	time.Sleep(300 * time.Millisecond)
	must(t, hold.Rollback(ctx))
	must(t, <-recorded)
	must(t, <-enabled)

	var due *time.Time
	must(t, s.pool.QueryRow(ctx, `SELECT due_at FROM deliveries WHERE id = $1`, w.DeliveryID).Scan(&due))
	if due == nil {
		t.Fatal("the retry is parked (no due_at) while its endpoint is enabled: it is never sent again")
	}
}
