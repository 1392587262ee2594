package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["AutoDisableBounds"] = testAutoDisableBounds
}

// failForAPeriod records, on a fresh endpoint with three deliveries, a
// failure at t0 (the run begins) and two a period later: by DisableFailingEndpoints'
// rule the endpoint has failed for the whole period. None stays leased.
func failForAPeriod(t *testing.T, s store.Store, t0 time.Time, period time.Duration) *healthRig {
	t.Helper()
	r := newHealthRig(t, s, 3)
	r.record(failedAt(t0))
	r.record(failedAt(t0.Add(period)), failedAt(t0.Add(period)))
	if f := r.failingSince(); f == nil || !f.Equal(t0) {
		t.Fatalf("failing since %v, want %v", f, t0)
	}
	return r
}

// testAutoDisableBounds: an endpoint is disabled once its failing run is a
// whole period old by the sweep's clock, not before (an attempt stamped
// by an instance whose clock runs ahead does not make it so), and at that
// very instant. It then says since when it failed, and its waiting
// deliveries are parked: neither due nor pending in the gauges (on
// PostgreSQL they stayed due, and esahayak_deliveries_due and the oldest
// due age grew for good, with nothing to send them).
func testAutoDisableBounds(t *testing.T, s store.Store) {
	const period = 5 * 24 * time.Hour
	t0 := base.Add(time.Minute)
	r := failForAPeriod(t, s, t0, period)

	got, err := s.DisableFailingEndpoints(ctx, period, t0.Add(period-time.Second))
	must(t, err)
	if len(got) != 0 {
		t.Fatalf("disabled %+v a second before its failing run was a period old", got)
	}
	at := t0.Add(period)
	got, err = s.DisableFailingEndpoints(ctx, period, at)
	must(t, err)
	if len(got) != 1 || got[0].ID != r.e.ID {
		t.Fatalf("disabled %+v the instant its failing run was a period old, want %s", got, r.e.ID)
	}
	e, err := s.GetEndpoint(ctx, r.a, r.e.ID)
	must(t, err)
	if e.Status != store.EndpointDisabled || !strings.Contains(e.DisabledReason, t0.Format(time.RFC3339)) || !e.UpdatedAt.Equal(at) {
		t.Fatalf("after the disable: status %q, reason %q, updated at %v; want disabled, naming %s, at %v",
			e.Status, e.DisabledReason, e.UpdatedAt, t0.Format(time.RFC3339), at)
	}
	c, err := s.Counts(ctx, at.Add(2*time.Hour))
	must(t, err)
	if c.DueDeliveries != 0 || c.PendingDeliveries != 0 || c.OldestDue != nil || c.DisabledEndpoints != 1 {
		t.Fatalf("counts after the disable = %+v; want the endpoint's three deliveries parked (none due or pending) and 1 disabled", c)
	}
}
