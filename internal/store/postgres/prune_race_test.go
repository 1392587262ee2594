package postgres

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// TestMissedDeliveryBesidePruneIsKept: a recover with include_missed makes
// a delivery of an old, finished event while the maintenance prune is
// deleting that event. The prune had read the event's deliveries (all
// finished) before the new one committed, and its delete then took the
// new, never-sent delivery with it (or left it without its event, never
// sent either): the recovery counted it, and it was never sent. Now the
// prune locks the events it deletes, and the recovery the events it makes
// deliveries of, so one of the two waits for the other.
func TestMissedDeliveryBesidePruneIsKept(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	e1 := newEndpoint(t, s, a)
	e2 := newEndpoint(t, s, a)
	setStatus := func(status string) {
		_, err := s.UpdateEndpoint(ctx, a, e2.ID, func(x *store.Endpoint) error {
			x.Status = status
			if status == store.EndpointDisabled {
				x.DisabledReason = "disabled by the account"
			} else {
				x.DisabledReason = ""
			}
			return nil
		})
		must(t, err)
	}
	// The event is made while e2 is disabled: it has e1's delivery only,
	// which succeeded long ago.
	setStatus(store.EndpointDisabled)
	res := upload(t, s, a, store.LeaseParams{})
	_, err := s.pool.Exec(ctx, `UPDATE deliveries SET status = 'succeeded', due_at = NULL, lease_owner = NULL, updated_at = $1 WHERE event_id = $2`, base, res.Event.ID)
	must(t, err)
	setStatus(store.EndpointEnabled)
	var d1 string
	must(t, s.pool.QueryRow(ctx, `SELECT id FROM deliveries WHERE event_id = $1 AND endpoint_id = $2`, res.Event.ID, e1.ID).Scan(&d1))

	// Another session holds e1's delivery a moment, so that the prune
	// waits there with the event's deliveries as they were when it
	// started reading them.
	hold, err := s.pool.Begin(ctx)
	must(t, err)
	defer hold.Rollback(ctx)
	_, err = hold.Exec(ctx, `SELECT 1 FROM deliveries WHERE id = $1 FOR UPDATE`, d1)
	must(t, err)
	holder := backendPID(t, hold)
	pruned := make(chan error, 1)
	go func() {
		_, err := s.Prune(ctx, base.Add(time.Hour), 100)
		pruned <- err
	}()
	pruner := waitBlocked(t, s, "the prune", nil, holder)
	made := make(chan store.MissedResult, 1)
	missedErr := make(chan error, 1)
	var missedDone atomic.Bool
	go func() {
		r, err := s.CreateMissedDeliveries(ctx, store.MissedParams{AccountID: a, EndpointID: e2.ID, Since: base.Add(-time.Hour), Now: time.Now().UTC()})
		missedDone.Store(true)
		made <- r
		missedErr <- err
	}()
	// The recovery waits for the prune's lock on the event (without it, it
	// commits at once, and the prune then deletes its delivery).
	waitBlocked(t, s, "the recovery", missedDone.Load, holder, pruner)
	must(t, hold.Rollback(ctx))
	must(t, <-pruned)
	must(t, <-missedErr)
	r := <-made

	var deliveries, events int
	must(t, s.pool.QueryRow(ctx, `SELECT count(*) FROM deliveries WHERE event_id = $1 AND endpoint_id = $2 AND status = 'pending'`, res.Event.ID, e2.ID).Scan(&deliveries))
	must(t, s.pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE id = $1`, res.Event.ID).Scan(&events))
	if deliveries != r.Made || (deliveries > 0 && events == 0) {
		t.Fatalf("the recovery made %d deliveries; %d of them are waiting, and the event is there %d times", r.Made, deliveries, events)
	}
}
