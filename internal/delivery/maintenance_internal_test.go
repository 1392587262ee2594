package delivery

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// TestMaintenancePassAutoDisables runs maintenance passes, past the
// start-up grace, over an endpoint that has failed for two hours: with
// auto-disable off (--auto-disable-after 0) a pass leaves it alone; with a
// one-hour period a pass disables it, counts it in
// esahayak_endpoints_auto_disabled_total, tells the account's live
// dashboards and stops its lane (what the lane holds is given back, not
// sent). With the period's "> 0" made ">= 0", or any of the other three
// dropped, by hand, the slow end-to-end tests (TestAutoDisable and its
// kin) all passed: with 0 every endpoint was disabled at its first
// failure.
func TestMaintenancePassAutoDisables(t *testing.T) {
	ctx := context.Background()
	st, must := maintenanceStore(t)

	// An endpoint failing since two hours ago, and again an hour later.
	now := time.Now().UTC()
	t0 := now.Add(-2 * time.Hour)
	account := ids.New(ids.Account)
	must(st.CreateAccount(ctx, store.Account{ID: account, Name: "test", CreatedAt: t0.Add(-time.Minute)}))
	ep := store.Endpoint{ID: ids.New(ids.Endpoint), AccountID: account, URL: "https://example.test/hook", Events: order.EventTypes,
		Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0", CreatedAt: t0.Add(-time.Minute), UpdatedAt: t0.Add(-time.Minute)}
	must(st.CreateEndpoint(ctx, ep, 0))
	for range 2 {
		ev, err := order.SampleEvent(account, order.EventStampUploaded, t0.Add(-time.Minute))
		must(err)
		_, err = st.CreateTestEvent(ctx, ev, ep.ID, store.LeaseParams{})
		must(err)
	}
	work, err := st.ClaimDeliveries(ctx, store.ClaimParams{Owner: "test", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 10})
	must(err)
	if len(work) != 2 {
		t.Fatalf("claimed %d, want 2", len(work))
	}
	var results []store.Result
	for i, w := range work {
		at := t0.Add(time.Duration(i) * time.Hour)
		results = append(results, store.Result{DeliveryID: w.DeliveryID, EndpointID: ep.ID, LeaseOwner: "test", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeRetry,
			RoundAttempt: 1, NextAttemptAt: now.Add(time.Hour), Attempt: &store.Attempt{ID: ids.NewAt(ids.Attempt, at), DeliveryID: w.DeliveryID,
				AccountID: account, EndpointID: ep.ID, EventID: w.EventID, Number: w.Attempt, StartedAt: at, Duration: time.Millisecond, ResponseStatus: 503}})
	}
	must(st.RecordResults(ctx, results))

	reg := prometheus.NewRegistry()
	e := New(Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: NewMetrics(reg)}, st)
	e.maint = &maintenance{} // past the start-up grace
	changes, unsubscribe := e.Subscribe(account)
	defer unsubscribe()
	status := func() string {
		t.Helper()
		got, err := st.GetEndpoint(ctx, account, ep.ID)
		must(err)
		return got.Status
	}
	autoDisabled := func() float64 {
		t.Helper()
		families, err := reg.Gather()
		must(err)
		for _, f := range families {
			if f.GetName() == "esahayak_endpoints_auto_disabled_total" {
				return f.GetMetric()[0].GetCounter().GetValue()
			}
		}
		t.Fatal("no esahayak_endpoints_auto_disabled_total")
		return 0
	}

	e.runMaintenance(ctx, MaintenanceConfig{Interval: time.Minute})
	if s := status(); s != store.EndpointEnabled {
		t.Fatalf("with auto-disable off, a maintenance pass left the endpoint %s", s)
	}

	e.runMaintenance(ctx, MaintenanceConfig{Interval: time.Minute, AutoDisableAfter: time.Hour})
	if s := status(); s != store.EndpointDisabled {
		t.Fatalf("after a pass with a 1h period the endpoint failing for 2h is %s, want disabled", s)
	}
	if n := autoDisabled(); n != 1 {
		t.Errorf("esahayak_endpoints_auto_disabled_total = %v, want 1", n)
	}
	select {
	case c := <-changes:
		if c.Kind != ChangeEndpoint || c.EndpointID != ep.ID {
			t.Errorf("the account's live view got %+v, want the endpoint's change", c)
		}
	default:
		t.Error("the account's live view was not told the endpoint was disabled")
	}
	e.mu.Lock()
	stopped := e.isGone(ep.ID)
	e.mu.Unlock()
	if !stopped {
		t.Error("the endpoint's lane was not stopped: what it holds would still be sent")
	}
}

// TestMaintenancePassErasesExpiredSecrets: a maintenance pass erases the
// retired signing secrets of an endpoint rotated longer ago than the
// overlap (they sign nothing more), and leaves those of an endpoint
// rotated within it. Before, a secret rotated out stayed in the database
// (and its backups) until the endpoint was rotated again, however long
// that took: the pass did not touch it.
func TestMaintenancePassErasesExpiredSecrets(t *testing.T) {
	ctx := context.Background()
	st, must := maintenanceStore(t)
	now := time.Now().UTC()
	account := ids.New(ids.Account)
	must(st.CreateAccount(ctx, store.Account{ID: account, Name: "test", CreatedAt: now.Add(-48 * time.Hour)}))
	const first, second = "whsec_Zmlyc3RmaXJzdGZpcnN0Zmlyc3RmaXJzdA==", "whsec_c2Vjb25kc2Vjb25kc2Vjb25kc2Vjb25kc2Vj"
	endpoint := func(rotatedAt time.Time) string {
		t.Helper()
		ep := store.Endpoint{ID: ids.New(ids.Endpoint), AccountID: account, URL: "https://example.test/hook", Events: order.EventTypes,
			Status: store.EndpointEnabled, Secret: first, CreatedAt: now.Add(-48 * time.Hour), UpdatedAt: now.Add(-48 * time.Hour)}
		must(st.CreateEndpoint(ctx, ep, 0))
		_, err := st.UpdateEndpoint(ctx, account, ep.ID, func(e *store.Endpoint) error {
			e.Rotate(second, rotatedAt, 24*time.Hour)
			e.UpdatedAt = rotatedAt
			return nil
		})
		must(err)
		return ep.ID
	}
	old, recent := endpoint(now.Add(-25*time.Hour)), endpoint(now.Add(-time.Hour))

	e := New(Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, st)
	e.maint = &maintenance{}
	e.runMaintenance(ctx, MaintenanceConfig{Interval: time.Minute})

	got, err := st.GetEndpoint(ctx, account, old)
	must(err)
	if got.Secret != second || got.PreviousSecret != "" || got.PreviousSecretExpiresAt != nil {
		t.Errorf("rotated 25 h ago, after a pass: secret %q, previous %q until %v; want the previous secret erased",
			got.Secret, got.PreviousSecret, got.PreviousSecretExpiresAt)
	}
	got, err = st.GetEndpoint(ctx, account, recent)
	must(err)
	if got.Secret != second || got.PreviousSecret != first || got.PreviousSecretExpiresAt == nil {
		t.Errorf("rotated an hour ago, after a pass: secret %q, previous %q until %v; want both kept (the previous still signs)",
			got.Secret, got.PreviousSecret, got.PreviousSecretExpiresAt)
	}
}

// maintenanceStore is a new SQLite store for a maintenance pass to work on,
// and a must that ends the test on an error of its setup.
func maintenanceStore(t *testing.T) (*sqlite.Store, func(error)) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "esahayak.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}
