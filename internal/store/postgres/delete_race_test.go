package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// TestDeleteEndsDeliveriesCommittedWhileItWaited: a delete that waits for
// the endpoint's row (a test send holds it FOR SHARE while it writes its
// delivery; a PATCH holds it FOR UPDATE) must end the deliveries the
// holder committed meanwhile. Found by an audit that raced test sends,
// disables and deletes on one endpoint: the delete's single statement had
// read the deliveries as of its start, before it waited, so a test
// delivery whose attempt had failed while the endpoint was disabled stayed
// `retrying` with no due time on the deleted endpoint: never sent, never
// failed, its event never pruned.
func TestDeleteEndsDeliveriesCommittedWhileItWaited(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)

	hold, err := s.pool.Begin(ctx)
	must(t, err)
	defer hold.Rollback(ctx)
	_, err = hold.Exec(ctx, `SELECT 1 FROM endpoints WHERE id = $1 FOR SHARE`, e.ID)
	must(t, err)

	deleted := make(chan error, 1)
	go func() { deleted <- s.DeleteEndpoint(ctx, a, e.ID, time.Now().UTC()) }()
	// Wait until the delete waits for the held row.
	deadline := time.Now().Add(30 * time.Second)
	for {
		var waiting int
		must(t, s.pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
			AND wait_event_type = 'Lock' AND query LIKE '%endpoints%'`).Scan(&waiting))
		if waiting > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the delete never waited for the endpoint's row")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The holder writes a delivery of the endpoint, retrying and parked
	// (as a failed attempt recorded while the endpoint was disabled leaves
	// it), and commits.
	now := time.Now().UTC()
	_, err = hold.Exec(ctx, `INSERT INTO events (id, account_id, type, payload, created_at, test)
		VALUES ('evt_race', $1, 'stamp.uploaded', '{}', $2, true)`, a, now)
	must(t, err)
	_, err = hold.Exec(ctx, `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, attempts,
		round_attempts, next_attempt_at, due_at, created_at, updated_at, test)
		VALUES ('dlv_race', $1, 'evt_race', 'stamp.uploaded', $2, 'retrying', 1, 1, $3, NULL, $3, $3, true)`, a, e.ID, now)
	must(t, err)
	must(t, hold.Commit(ctx))
	must(t, <-deleted)

	var status, lastError string
	must(t, s.pool.QueryRow(ctx, `SELECT status, last_error FROM deliveries WHERE id = 'dlv_race'`).Scan(&status, &lastError))
	if status != "failed" || lastError != store.EndpointDeletedError {
		t.Fatalf("after the delete the delivery is %s (%q), want failed (%q)", status, lastError, store.EndpointDeletedError)
	}
}
