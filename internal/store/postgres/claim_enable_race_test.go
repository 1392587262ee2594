package postgres

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// dueOnDisabledEndpoint makes what a disable leaves when its park skips a
// delivery another transaction holds: one due delivery on a disabled
// endpoint, which the next claim parks.
func dueOnDisabledEndpoint(t *testing.T, s *Store) (account string, e store.Endpoint, delivery string) {
	t.Helper()
	ctx := context.Background()
	account = newAccount(t, s)
	e = newEndpoint(t, s, account)
	upload(t, s, account, store.LeaseParams{})
	must(t, s.pool.QueryRow(ctx, `SELECT id FROM deliveries WHERE endpoint_id = $1`, e.ID).Scan(&delivery))
	_, err := s.pool.Exec(ctx, `UPDATE endpoints SET status = 'disabled', disabled_reason = 'disabled by the account' WHERE id = $1`, e.ID)
	must(t, err)
	return account, e, delivery
}

// requireNotStranded fails t when delivery waits parked (no due_at) on an
// endpoint that is enabled: nothing would ever send it.
func requireNotStranded(t *testing.T, s *Store, delivery string) {
	t.Helper()
	var due *time.Time
	var status, endpoint string
	must(t, s.pool.QueryRow(context.Background(), `SELECT d.due_at, d.status, e.status FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
		WHERE d.id = $1`, delivery).Scan(&due, &status, &endpoint))
	if endpoint != store.EndpointEnabled {
		t.Fatalf("the endpoint is %s, want enabled", endpoint)
	}
	if due == nil && (status == "pending" || status == "retrying") {
		t.Fatalf("the delivery is %s and parked (no due_at) on an enabled endpoint: it is never sent", status)
	}
}

// TestClaimBesideAnEnableDoesNotStrandADelivery: a claim that began while
// the endpoint was disabled, beside an enable. The claim read the
// endpoint's status from its snapshot, taken before the enable committed,
// and parked a due delivery after the enable had resumed the endpoint's
// parked ones (a due delivery is left as it is): the delivery stayed
// parked on an enabled endpoint, never sent. Now the claim reads an off
// endpoint's status through a lock, and waits for the enable or the
// enable for it.
func TestClaimBesideAnEnableDoesNotStrandADelivery(t *testing.T) {
	ctx := context.Background()

	t.Run("the enable holds the endpoint first", func(t *testing.T) {
		s := openTest(t, "")
		_, e, delivery := dueOnDisabledEndpoint(t, s)
		// The enable, as UpdateEndpoint makes it, up to its commit.
		enable, err := s.pool.Begin(ctx)
		must(t, err)
		defer enable.Rollback(ctx)
		now := time.Now().UTC()
		_, err = enable.Exec(ctx, `SELECT id FROM endpoints WHERE id = $1 FOR UPDATE`, e.ID)
		must(t, err)
		_, err = enable.Exec(ctx, `UPDATE endpoints SET status = 'enabled', disabled_reason = '', updated_at = $2 WHERE id = $1`, e.ID, now)
		must(t, err)
		_, err = enable.Exec(ctx, qStartSweeps, []string{e.ID})
		must(t, err)
		enabler := backendPID(t, enable)

		type claimed struct {
			works []store.Work
			err   error
		}
		done := make(chan claimed, 1)
		var claimDone atomic.Bool
		go func() {
			now := time.Now().UTC()
			ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 10})
			claimDone.Store(true)
			done <- claimed{ws, err}
		}()
		waitBlocked(t, s, "the claim", claimDone.Load, enabler)
		must(t, enable.Commit(ctx))
		c := <-done
		must(t, c.err)
		requireNotStranded(t, s, delivery)
		if len(c.works) != 1 || c.works[0].DeliveryID != delivery {
			t.Fatalf("the claim after the enable took %d deliveries, want the one due", len(c.works))
		}
	})

	t.Run("the claim holds the endpoint first", func(t *testing.T) {
		s := openTest(t, "")
		a, e, delivery := dueOnDisabledEndpoint(t, s)
		// A trigger holds the claim's write of the delivery (after its read
		// of the endpoint) on an advisory lock another session holds.
		key := rand.Int64()
		_, err := s.pool.Exec(ctx, `CREATE FUNCTION pause_delivery_update() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN PERFORM pg_advisory_xact_lock(`+strconv.FormatInt(key, 10)+`); RETURN NEW; END $$`)
		must(t, err)
		_, err = s.pool.Exec(ctx, `CREATE TRIGGER pause_delivery_update BEFORE UPDATE ON deliveries FOR EACH ROW EXECUTE FUNCTION pause_delivery_update()`)
		must(t, err)
		hold, err := s.pool.Begin(ctx)
		must(t, err)
		defer hold.Rollback(ctx)
		_, err = hold.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, key)
		must(t, err)
		holder := backendPID(t, hold)

		claimErr := make(chan error, 1)
		go func() {
			now := time.Now().UTC()
			_, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 10})
			claimErr <- err
		}()
		claimer := waitBlocked(t, s, "the claim", nil, holder)

		enabled := make(chan error, 1)
		var enableDone atomic.Bool
		go func() {
			_, err := s.UpdateEndpoint(ctx, a, e.ID, func(x *store.Endpoint) error {
				x.Status, x.DisabledReason, x.UpdatedAt = store.EndpointEnabled, "", time.Now().UTC()
				return nil
			})
			enableDone.Store(true)
			enabled <- err
		}()
		// The enable waits for the claim's hold on the endpoint (without
		// it, it commits at once, between the claim's read and its write).
		waitBlocked(t, s, "the enable", enableDone.Load, claimer)
		must(t, hold.Rollback(ctx))
		must(t, <-claimErr)
		must(t, <-enabled)
		requireNotStranded(t, s, delivery)
	})
}
