package sqlite_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
	"github.com/esahayak/esahayak/internal/store/storetest"
)

// queryPlan is the detail column of EXPLAIN QUERY PLAN of q with args, on a
// database fresh from the migrations (no statistics, as a server's own
// database has none).
func queryPlan(t *testing.T, q string, args ...any) []string {
	t.Helper()
	_, db := migrated(t, "plan.db")
	rows, err := db.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// An endpoint's figures (its API stats, each endpoint of the overview and
// of Monitoring) count its deliveries of the window. The count walked the
// endpoint's deliveries through deliveries_endpoint (endpoint_id, id) on
// endpoint_id alone and filtered created_at: every delivery the retention
// keeps (30 days of them) was read for a 24-hour figure, 1,000 times for
// an overview of 1,000 endpoints (17 s on a year's history). It must seek
// to the window's first id.
func TestEndpointStatsReadsOnlyTheWindowsDeliveries(t *testing.T) {
	since := time.Now().Add(-24 * time.Hour)
	plan := queryPlan(t, sqlite.QDeliveryStats, "we_x", "acct_x", since.UnixMicro(), ids.Floor(ids.Delivery, since))
	const want = "SEARCH deliveries USING INDEX deliveries_endpoint (endpoint_id=? AND id>?)"
	if len(plan) != 1 || plan[0] != want {
		t.Errorf("plan of the stats' deliveries count:\n%s\nwant %s", strings.Join(plan, "\n"), want)
	}
}

// The overview's and Monitoring's figures of all the account's endpoints
// (AccountEndpointStats) walk the account's endpoints and, for each, seek
// to the window in its attempts and its deliveries: neither read may walk
// the account's whole history, nor the table's. The attempts are read from
// attempts_endpoint alone: through it and then each row, 7 days of a
// year's history (330,000 attempts) took 3.6 s of CPU, 1.1 s from the index.
func TestAccountEndpointStatsReadsOnlyTheWindow(t *testing.T) {
	since := time.Now().Add(-24 * time.Hour)
	for _, c := range []struct {
		name string
		q    string
		args []any
		want []string
	}{
		{"attempts", sqlite.QAccountAttemptStats, []any{"acct_x", since.UnixMicro()}, []string{
			"SEARCH e USING COVERING INDEX endpoints_account (account_id=?)",
			"SEARCH a USING COVERING INDEX attempts_endpoint (endpoint_id=? AND started_at>?)",
		}},
		{"deliveries", sqlite.QAccountDeliveryStats, []any{"acct_x", since.UnixMicro(), ids.Floor(ids.Delivery, since)}, []string{
			"SEARCH e USING COVERING INDEX endpoints_account (account_id=?)",
			"SEARCH d USING INDEX deliveries_endpoint (endpoint_id=? AND id>?)",
		}},
	} {
		if plan := queryPlan(t, c.q, c.args...); strings.Join(plan, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("plan of the account's %s figures:\n%s\nwant\n%s", c.name, strings.Join(plan, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// An endpoint's figures (its API stats) and Monitoring's charts read the
// window's attempts from attempts_endpoint alone, as the account's figures
// do: not each attempt's row as well.
func TestEndpointStatsReadAttemptsFromTheIndex(t *testing.T) {
	since := time.Now().Add(-7 * 24 * time.Hour)
	const want = "SEARCH attempts USING COVERING INDEX attempts_endpoint (endpoint_id=? AND started_at>?)"
	for _, c := range []struct {
		name string
		q    string
		args []any
	}{
		{"figures", sqlite.QAttemptStats, []any{"we_x", "acct_x", since.UnixMicro()}},
		{"charts", sqlite.QStatsSeries, []any{since.UnixMicro(), int64(6 * time.Hour / time.Microsecond), "we_x", "acct_x", since.UnixMicro()}},
	} {
		if plan := queryPlan(t, c.q, c.args...); len(plan) == 0 || plan[0] != want {
			t.Errorf("plan of an endpoint's %s:\n%s\nwant first %s", c.name, strings.Join(plan, "\n"), want)
		}
	}
}

// A deliveries list filtered by status=failed walked the account's
// deliveries newest first until it had a page (1-2 s on a year's history,
// 3 % of them failed). It reads the account's failed deliveries through
// the partial index deliveries_failed; an endpoint's recovery, which reads
// its failed deliveries too, keeps the endpoint's own index (fewer rows
// than the account's failed ones).
func TestFailedDeliveriesListReadsOnlyFailedOnes(t *testing.T) {
	for _, c := range []struct {
		name string
		q    string
		args []any
		want string
	}{
		{"list, newest first", sqlite.QListFailedDeliveries + ` ORDER BY id DESC LIMIT ?`, []any{"acct_x", 21},
			"SEARCH deliveries USING INDEX deliveries_failed (account_id=?)"},
		{"list, after a cursor", sqlite.QListFailedDeliveries + ` AND event_type = ? AND id < ? ORDER BY id DESC LIMIT ?`,
			[]any{"acct_x", "order.cancelled", "dlv_x", 21},
			"SEARCH deliveries USING INDEX deliveries_failed (account_id=? AND id<?)"},
		{"an endpoint's recovery", sqlite.QRecoverEndpoint, []any{1, 1, "we_x", "dlv_x", "acct_x", 1, 100},
			"SEARCH deliveries USING INDEX deliveries_endpoint (endpoint_id=? AND id>?)"},
	} {
		plan := queryPlan(t, c.q, c.args...)
		if !slices.Contains(plan, c.want) {
			t.Errorf("plan of the %s:\n%s\nwant %s", c.name, strings.Join(plan, "\n"), c.want)
		}
	}
}

// A deliveries list filtered by status=pending or retrying walked the
// account's deliveries newest first until a page matched: 1-2 s on a
// year's history where few match (an index of waiting deliveries cost
// 10-12 % CPU per delivery). It walks at most as many of the newest as
// wait, then reads the waiting ones from the claim index and the disabled
// endpoints' deliveries: never the account's whole history.
func TestWaitingDeliveriesListReadsTheClaimIndex(t *testing.T) {
	window, args := sqlite.QListDeliveriesWindow("acct_x", "", store.ListParams{StartingAfter: "dlv_x"}, 100)
	for _, c := range []struct {
		name      string
		q         string
		args      []any
		want, not string
	}{
		{"the waiting ones, after a cursor", sqlite.QListWaitingDeliveries + ` AND status = ? AND event_type = ? AND id < ? ORDER BY id DESC LIMIT ?`,
			[]any{"acct_x", "acct_x", "acct_x", "pending", "order.cancelled", "dlv_x", 11},
			"SEARCH d USING INDEX deliveries_endpoint_due (endpoint_id=? AND due_at>?)", "deliveries_account"},
		{"the waiting ones of an endpoint", sqlite.QListWaitingDeliveries + ` AND endpoint_id = ? AND status = ? ORDER BY id DESC LIMIT ?`,
			[]any{"acct_x", "acct_x", "acct_x", "we_x", "retrying", 11},
			"SEARCH e USING COVERING INDEX endpoints_account (account_id=? AND id=?)", "deliveries_account"},
		{"the walk of the newest", window + ` AND status = ? AND id < ? ORDER BY id DESC LIMIT ?`,
			append(args, "pending", "dlv_x", 11),
			"SEARCH deliveries USING INDEX deliveries_account (account_id=? AND id<?)", "deliveries_endpoint_due"},
	} {
		plan := queryPlan(t, c.q, c.args...)
		if !slices.Contains(plan, c.want) || strings.Contains(strings.Join(plan, "\n"), c.not) {
			t.Errorf("plan of the %s:\n%s\nwant %s, and no %s", c.name, strings.Join(plan, "\n"), c.want, c.not)
		}
	}
}

// TestWaitingDeliveriesListWithoutTheWalk: the same pages as the whole
// list when every list of waiting deliveries reads them all, not the
// newest first (which answers the conformance test's few).
func TestWaitingDeliveriesListWithoutTheWalk(t *testing.T) {
	store.SetWaitingWalkForTest(false)
	defer store.SetWaitingWalkForTest(true)
	storetest.WaitingDeliveriesList(t, open(t))
}

// Each maintenance pass (every 30 s) erases the retired signing secrets
// whose overlap has ended, inside a write transaction that deliveries'
// writes wait for: it read every endpoint row to find the few rotated in
// the last day. It must seek through the partial index of the rows that
// still hold a retired secret.
func TestEraseExpiredSecretsReadsOnlyRotatedEndpoints(t *testing.T) {
	plan := queryPlan(t, sqlite.QEraseExpiredSecrets, time.Now().UnixMicro())
	const want = "SEARCH endpoints USING INDEX endpoints_previous_secret_expires (previous_secret_expires_at>? AND previous_secret_expires_at<?)"
	if len(plan) != 1 || plan[0] != want {
		t.Errorf("plan of the erasure of expired secrets:\n%s\nwant %s", strings.Join(plan, "\n"), want)
	}
}

// Each call of the retention's prune (every batch of a catch-up, every
// --maintenance-interval) removes the listen sessions closed before the
// cutoff, inside a write transaction that deliveries' writes wait for: it
// read every session row, the retention's whole history of them. It must
// seek to the sessions closed before the cutoff, and probe each one's
// deliveries through deliveries_endpoint.
func TestPruneListenSessionsReadsOnlyClosedOnes(t *testing.T) {
	plan := queryPlan(t, sqlite.QPruneListenSessions, time.Now().UnixMicro(), 1000)
	want := []string{
		"SEARCH listen_sessions USING INTEGER PRIMARY KEY (rowid=?)",
		"LIST SUBQUERY 2",
		"SEARCH ls USING INDEX listen_sessions_closed (closed_at<?)",
		"CORRELATED SCALAR SUBQUERY 1",
		"SEARCH d USING COVERING INDEX deliveries_endpoint (endpoint_id=?)",
	}
	if strings.Join(plan, "\n") != strings.Join(want, "\n") {
		t.Errorf("plan of the prune of closed listen sessions:\n%s\nwant\n%s", strings.Join(plan, "\n"), strings.Join(want, "\n"))
	}
}

// A recover with include_missed asks, for each event of the account it
// reads (up to 50,000 a call), whether the endpoint has its delivery. On
// PostgreSQL without statistics that probe read all of the endpoint's
// deliveries for every event; here it must look up the event's own
// deliveries (one per endpoint) through deliveries_event, not walk the
// endpoint's through deliveries_endpoint.
func TestMissedEventsProbeEachEventsDeliveries(t *testing.T) {
	plan := queryPlan(t, sqlite.QMissedEvents, "ep_1", "acct_1", ids.Floor(ids.Event, time.Now().Add(-time.Hour)), "", ids.Floor(ids.Event, time.Now()), 1000)
	want := []string{
		"SEARCH e USING INDEX events_account (account_id=? AND id>? AND id<?)",
		"CORRELATED SCALAR SUBQUERY 1",
		"SEARCH d USING INDEX deliveries_event (event_id=?)",
	}
	if strings.Join(plan, "\n") != strings.Join(want, "\n") {
		t.Errorf("plan of a recover's read of missed events:\n%s\nwant\n%s", strings.Join(plan, "\n"), strings.Join(want, "\n"))
	}
}
