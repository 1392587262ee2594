package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// RowExistsForTest says whether table holds a row with the id
// (storetest.RowInspector): the store's reads no longer show a deleted
// endpoint's row.
func (s *Store) RowExistsForTest(ctx context.Context, table, id string) (bool, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE id = $1`, id).Scan(&n)
	return n > 0, err
}

// ReportsExpiredLeasesForTest (storetest.ExpiredLeaseReporter): qClaim
// says whether a delivery it takes was still leased (store.Work.LeaseExpired).
func (s *Store) ReportsExpiredLeasesForTest() bool { return true }

// TestClaimEndsDeliveryOfPrunedEndpoint: a fan-out reads the account's
// endpoints, then writes the event's deliveries, in one transaction but
// two statements, without locking the endpoints: an endpoint deleted in
// between gets a delivery written after its delete, which the claim ends
// failed ("not sent"). With the retention pruning deleted endpoints' rows,
// the row can be gone as well (deleted before the cutoff, no delivery
// committed yet when the prune looked) by the time the delivery commits.
// The claim then found neither a live endpoint nor a deleted one and
// parked the delivery: pending for good, never sent, never failed, its
// event never pruned. A delivery whose endpoint row is gone now ends as
// one of a deleted endpoint does. The fan-out's late insert is written
// here by hand: the window is inside one transaction of the group commit.
func TestClaimEndsDeliveryOfPrunedEndpoint(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	must(t, s.DeleteEndpoint(ctx, a, e.ID, base))
	_, err := s.Prune(ctx, time.Now().Add(time.Hour), 100)
	must(t, err)
	if ok, err := s.RowExistsForTest(ctx, "endpoints", e.ID); err != nil || ok {
		t.Fatalf("the deleted endpoint's row after prune: exists %v (%v), want pruned", ok, err)
	}

	now := time.Now().UTC()
	_, err = s.pool.Exec(ctx, `INSERT INTO events (id, account_id, type, payload, created_at, test)
		VALUES ('evt_late', $1, 'stamp.uploaded', '{}', $2, false)`, a, now)
	must(t, err)
	_, err = s.pool.Exec(ctx, `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, created_at, updated_at, test)
		VALUES ('dlv_late', $1, 'evt_late', 'stamp.uploaded', $2, 'pending', $3, $3, $3, false)`, a, e.ID, now)
	must(t, err)

	ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now.Add(time.Second), LeaseUntil: now.Add(time.Minute), Limit: 10})
	must(t, err)
	for _, w := range ws {
		if w.DeliveryID == "dlv_late" && w.URL != "" {
			t.Fatalf("the delivery of a pruned endpoint was claimed to be sent to %s", w.URL)
		}
	}
	d, err := s.GetDelivery(ctx, a, "dlv_late")
	must(t, err)
	if d.Status != store.DeliveryFailed || d.LastError != store.EndpointDeletedError {
		t.Fatalf("a delivery whose endpoint row was pruned, after a claim: %s (%q); want failed (%q)", d.Status, d.LastError, store.EndpointDeletedError)
	}
}

// TestPruneSkipsDeletedEndpointHeldByAnother: the retention's delete of a
// deleted endpoint's row never waits for another transaction holding the
// row (a record batch holds its endpoints FOR KEY SHARE, a delete FOR NO
// KEY UPDATE): it leaves that row to a later round and goes on, so no
// writer ever queues behind the prune's transaction for it.
func TestPruneSkipsDeletedEndpointHeldByAnother(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	must(t, s.DeleteEndpoint(ctx, a, e.ID, base))

	hold, err := s.pool.Begin(ctx)
	must(t, err)
	defer hold.Rollback(ctx)
	_, err = hold.Exec(ctx, `SELECT 1 FROM endpoints WHERE id = $1 FOR KEY SHARE`, e.ID)
	must(t, err)
	// The deadline only ends a prune that would wait for the holder.
	pctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_, err = s.Prune(pctx, time.Now().Add(time.Hour), 100)
	must(t, err)
	if ok, err := s.RowExistsForTest(ctx, "endpoints", e.ID); err != nil || !ok {
		t.Fatalf("a held deleted endpoint's row after prune: exists %v (%v), want left for later", ok, err)
	}
	must(t, hold.Rollback(ctx))
	_, err = s.Prune(ctx, time.Now().Add(time.Hour), 100)
	must(t, err)
	if ok, err := s.RowExistsForTest(ctx, "endpoints", e.ID); err != nil || ok {
		t.Fatalf("the deleted endpoint's row once released, after prune: exists %v (%v), want pruned", ok, err)
	}
}
