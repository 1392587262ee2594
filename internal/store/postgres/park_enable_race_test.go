package postgres

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// TestParkedBesideAnEnableDoesNotStrandADelivery: a delivery on the wire
// while its endpoint is disabled is given back parked beside an enable of
// the endpoint. The enable's resume left it alone (leased then); read
// from the record's snapshot, taken before the enable committed, the
// endpoint was disabled, and the delivery was parked for good on an
// enabled endpoint. Now a parked result holds its endpoint (FOR KEY SHARE,
// as a retry's does) and reads the status the enable committed.
func TestParkedBesideAnEnableDoesNotStrandADelivery(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	upload(t, s, a, store.LeaseParams{})
	now := time.Now().UTC()
	ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 10})
	must(t, err)
	if len(ws) != 1 {
		t.Fatalf("claimed %d, want 1", len(ws))
	}
	// Disabled while its attempt is on the wire: the lease stays.
	_, err = s.UpdateEndpoint(ctx, a, e.ID, func(x *store.Endpoint) error {
		x.Status, x.DisabledReason, x.UpdatedAt = store.EndpointDisabled, "disabled by the account", now
		return nil
	})
	must(t, err)

	// The enable, as UpdateEndpoint makes it, up to its commit.
	enable, err := s.pool.Begin(ctx)
	must(t, err)
	defer enable.Rollback(ctx)
	_, err = enable.Exec(ctx, `SELECT id FROM endpoints WHERE id = $1 FOR UPDATE`, e.ID)
	must(t, err)
	_, err = enable.Exec(ctx, `UPDATE endpoints SET status = 'enabled', disabled_reason = '', updated_at = $2 WHERE id = $1`, e.ID, now)
	must(t, err)
	_, err = enable.Exec(ctx, qStartSweeps, []string{e.ID})
	must(t, err)
	enabler := backendPID(t, enable)

	recorded := make(chan error, 1)
	var recordDone atomic.Bool
	go func() {
		err := s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil, Outcome: store.OutcomeParked}})
		recordDone.Store(true)
		recorded <- err
	}()
	waitBlocked(t, s, "the parked result", recordDone.Load, enabler)
	must(t, enable.Commit(ctx))
	must(t, <-recorded)
	requireNotStranded(t, s, ws[0].DeliveryID)
}
