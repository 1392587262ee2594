package postgres

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/storetest"
)

// explain is PostgreSQL's plan of q with args, one line a row.
func explain(t *testing.T, s *Store, q string, args ...any) []string {
	t.Helper()
	return explainOn(t, s.pool, q, args...)
}

// explainOn is the plan of q with args, one line a row, as db plans it: the
// pool, or a connection or transaction with its own settings.
func explainOn(t *testing.T, db interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(context.Background(), `EXPLAIN (COSTS OFF) `+q, args...)
	must(t, err)
	var plan []string
	for rows.Next() {
		var line string
		must(t, rows.Scan(&line))
		plan = append(plan, line)
	}
	must(t, rows.Err())
	return plan
}

// withoutSeqScans is a transaction, rolled back when the test ends, in
// which sequential scans are off: the tables of these tests are empty,
// and the question is which index each statement may use.
func withoutSeqScans(t *testing.T, s *Store) pgx.Tx {
	t.Helper()
	ctx := context.Background()
	conn, err := s.pool.Acquire(ctx)
	must(t, err)
	t.Cleanup(conn.Release)
	tx, err := conn.Begin(ctx)
	must(t, err)
	t.Cleanup(func() { tx.Rollback(ctx) })
	_, err = tx.Exec(ctx, `SET LOCAL enable_seqscan = off`)
	must(t, err)
	return tx
}

// An endpoint's figures (its API stats, each endpoint of the overview and
// of Monitoring) count its deliveries of the window. The count's index
// scan of deliveries_endpoint (endpoint_id, id) had only endpoint_id as
// its condition and filtered created_at: every delivery the retention
// keeps (30 days of them) was read for a 24-hour figure, 1,000 times for
// an overview of 1,000 endpoints (17 s on a year's history). Its index
// condition must bound id to the window.
func TestEndpointStatsReadsOnlyTheWindowsDeliveries(t *testing.T) {
	s := openTest(t, "")
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	since := time.Now().Add(-24 * time.Hour)
	plan := explain(t, s, qEndpointStats, e.ID, a, since, ids.Floor(ids.Delivery, since))
	found := false
	for i, line := range plan {
		if strings.Contains(line, "Scan on deliveries") || strings.Contains(line, "Scan using deliveries") {
			for _, next := range plan[i:] {
				if strings.Contains(next, "Index Cond: ((endpoint_id = ") && strings.Contains(next, "AND (id >= ") {
					found = true
				}
			}
		}
	}
	if !found {
		t.Errorf("plan of the stats query has no index condition bounding the deliveries' ids:\n%s", strings.Join(plan, "\n"))
	}
}

// The overview's and Monitoring's figures of all the account's endpoints
// (AccountEndpointStats) read, for each endpoint, its attempts and its
// deliveries through index conditions bounded to the window, never a walk
// of the account's whole history (nor a sequential scan of either table).
func TestAccountEndpointStatsReadsOnlyTheWindow(t *testing.T) {
	s := openTest(t, "")
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	since := time.Now().Add(-24 * time.Hour)
	plan := explain(t, s, qAccountEndpointStats, a, since, ids.Floor(ids.Delivery, since))
	text := strings.Join(plan, "\n")
	for _, want := range []string{
		"Index Cond: ((endpoint_id = e.id) AND (started_at >= ",
		"Index Cond: ((endpoint_id = e.id) AND (id >= ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("plan of the account's figures has no %q:\n%s", want, text)
		}
	}
	for _, scan := range []string{"Seq Scan on attempts", "Seq Scan on deliveries"} {
		if strings.Contains(text, scan) {
			t.Errorf("plan of the account's figures has a %s:\n%s", scan, text)
		}
	}
}

// The account's figures read the window's attempts from attempts_endpoint
// alone (an index-only scan), not each attempt's row as well: 7 days of a
// year's history (330,000 attempts) read 242,000 heap blocks of attempts.
// Sequential and bitmap scans are off: the tables are empty here, and the
// question is whether the index holds what the read takes.
func TestAccountEndpointStatsReadsAttemptsFromTheIndex(t *testing.T) {
	s := openTest(t, "")
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	ctx := context.Background()
	conn, err := s.pool.Acquire(ctx)
	must(t, err)
	defer conn.Release()
	_, err = conn.Exec(ctx, `SET enable_seqscan = off; SET enable_bitmapscan = off`)
	must(t, err)
	defer conn.Exec(ctx, `RESET enable_seqscan; RESET enable_bitmapscan`)
	since := time.Now().Add(-7 * 24 * time.Hour)
	plan := explainOn(t, conn, qAccountEndpointStats, a, since, ids.Floor(ids.Delivery, since))
	if text := strings.Join(plan, "\n"); !strings.Contains(text, "Index Only Scan using attempts_endpoint on attempts") {
		t.Errorf("plan of the account's figures reads the attempts' rows:\n%s", text)
	}
}

// A deliveries list filtered by status=failed walked the account's
// deliveries newest first until it had a page (0.3-0.7 s on a year's
// history, 3 % of them failed). It reads the account's failed deliveries
// through the partial index deliveries_failed, whose condition only the
// list writes (COLLATE "C"): an endpoint's recovery, which reads its failed
// deliveries too, must not take it (the account's failed deliveries are
// more than the endpoint's own). Sequential scans are off: the tables are
// empty here, and the question is which index each statement may use.
func TestFailedDeliveriesListReadsOnlyFailedOnes(t *testing.T) {
	s := openTest(t, "")
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	tx := withoutSeqScans(t, s)
	plan := func(q string, args ...any) string { return strings.Join(explainOn(t, tx, q, args...), "\n") }
	list, args := listSQL(qListFailedDeliveries, store.ListParams{AccountID: a, StartingAfter: "dlv_x"},
		[]filter{{colEventType, "order.cancelled"}})
	if p := plan(list, args...); !strings.Contains(p, "Index Scan Backward using deliveries_failed") {
		t.Errorf("plan of the failed deliveries' list does not read deliveries_failed:\n%s", p)
	}
	now := time.Now()
	if p := plan(qRecoverEndpoint, e.ID, a, now.Add(-time.Hour), now); strings.Contains(p, "deliveries_failed") {
		t.Errorf("plan of an endpoint's recovery reads deliveries_failed:\n%s", p)
	}
}

// A deliveries list filtered by status=pending or retrying walked the
// account's deliveries newest first until a page matched (330 ms on a
// year's history where few match; an index of waiting deliveries cost
// 10-12 % CPU per delivery). It walks at most as many of the newest as
// wait, then reads the waiting ones from the claim index and the disabled
// endpoints' deliveries: never the account's whole history.
func TestWaitingDeliveriesListReadsTheClaimIndex(t *testing.T) {
	s := openTest(t, "")
	a := newAccount(t, s)
	tx := withoutSeqScans(t, s)
	plan := func(q string, args ...any) string { return strings.Join(explainOn(t, tx, q, args...), "\n") }
	lp := store.ListParams{AccountID: a, StartingAfter: "dlv_x"}
	filters := []filter{{colStatus, "pending"}, {colEventType, "order.cancelled"}}
	list, args := listSQL(qListWaitingDeliveries(false), lp, filters)
	if p := plan(list, args...); !strings.Contains(p, "deliveries_endpoint_due") || strings.Contains(p, "deliveries_account") {
		t.Errorf("plan of the waiting deliveries' list does not read deliveries_endpoint_due alone:\n%s", p)
	}
	window, wargs := listWindowSQL("", lp, 100)
	list, args = listSQLWith(window, wargs, lp, filters)
	if p := plan(list, args...); !strings.Contains(p, "Index Scan Backward using deliveries_account") {
		t.Errorf("plan of the walk of the newest deliveries does not read deliveries_account:\n%s", p)
	}
}

// TestWaitingDeliveriesListWithoutTheWalk: the same pages as the whole
// list when every list of waiting deliveries reads them all, not the
// newest first (which answers the conformance test's few).
func TestWaitingDeliveriesListWithoutTheWalk(t *testing.T) {
	store.SetWaitingWalkForTest(false)
	defer store.SetWaitingWalkForTest(true)
	storetest.WaitingDeliveriesList(t, openTest(t, ""))
}

// A RecordResults batch runs each statement on its generic plan, made once
// per connection from the table sizes of that moment and kept. Made while
// deliveries was small, qRecordOutcomes' plan joined the batch with a full
// scan of deliveries_pkey, and read the whole table for every batch as it
// grew (15 % of PostgreSQL's CPU per delivery in bench). Whatever the
// sizes the plan is made at, every statement of the batch must reach the
// rows of deliveries, attempts and endpoints through an index condition:
// no sequential scan and no walk of a whole index. The plans are made as
// the batch makes them: its qGenericPlans first, then each statement
// prepared and explained (its arguments do not matter to a generic plan).
func TestRecordBatchLooksUpByKey(t *testing.T) {
	ctx := context.Background()
	statements := []struct {
		name string
		sql  string
		args int
	}{
		{"qLockEndpointsShared", qLockEndpointsShared, 1},
		{"qEndpointHealth", qEndpointHealth, 4},
		{"qInsertAttempts", qInsertAttempts, 17},
		{"qRecordOutcomes", qRecordOutcomes, 10},
		{"qNotifyIfReleased", qNotifyIfReleased, 1},
	}
	for _, rows := range []int{0, 50, 400, 3000} {
		s := openTest(t, "")
		analyze := "ANALYZE deliveries; ANALYZE attempts"
		if rows == 0 {
			analyze = "" // a new database: never analyzed
		}
		_, err := s.pool.Exec(ctx, fmt.Sprintf(`
INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, created_at, updated_at)
SELECT 'dlv_' || lpad(g::text, 8, '0'), 'acct_1', 'evt_' || g, 'order.created', 'ep_1', 'succeeded', now(), now()
FROM generate_series(1, %[1]d) g;
INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
    request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
SELECT 'att_' || lpad(g::text, 8, '0'), 'dlv_' || lpad(g::text, 8, '0'), 'acct_1', 'ep_1', 'evt_' || g, 1, now(), 1000,
    '{}', 200, '{}', '', '', '', true
FROM generate_series(1, %[1]d) g;
`+analyze, rows))
		must(t, err)
		conn, err := s.pool.Acquire(ctx)
		must(t, err)
		tx, err := conn.Begin(ctx)
		must(t, err)
		_, err = tx.Exec(ctx, qGenericPlans)
		must(t, err)
		for i, st := range statements {
			name := fmt.Sprintf("record_plan_%d", i)
			_, err := tx.Exec(ctx, `PREPARE `+name+` AS `+st.sql)
			must(t, err)
			nulls := strings.TrimSuffix(strings.Repeat("NULL, ", st.args), ", ")
			lines := explainOn(t, tx, `EXECUTE `+name+`(`+nulls+`)`)
			if bad := scansWithoutIndexCond(lines, "deliveries", "attempts", "endpoints"); len(bad) > 0 {
				t.Errorf("%s, planned with %d deliveries and attempts, reads %s whole:\n%s",
					st.name, rows, strings.Join(bad, ", "), strings.Join(lines, "\n"))
			}
		}
		must(t, tx.Rollback(ctx))
		_, err = conn.Exec(ctx, `DEALLOCATE ALL`)
		must(t, err)
		conn.Release()
	}
}

// scansWithoutIndexCond names the scans of tables in an EXPLAIN's lines that
// read the table or one of its indexes whole: a sequential scan, or an index
// scan whose node has no Index Cond (a bitmap heap scan's rows come from a
// bitmap index scan, which always has one).
func scansWithoutIndexCond(plan []string, tables ...string) []string {
	var bad []string
	for i, line := range plan {
		for _, table := range tables {
			on := " on " + table
			if !strings.Contains(line, on+" ") && !strings.HasSuffix(line, on) {
				continue
			}
			switch {
			case strings.Contains(line, "Seq Scan"):
				bad = append(bad, strings.TrimSpace(line))
			case strings.Contains(line, "Index Scan"), strings.Contains(line, "Index Only Scan"):
				cond := false
				for _, detail := range plan[i+1:] {
					if strings.Contains(detail, "->") || strings.Contains(detail, "SubPlan") || strings.Contains(detail, "InitPlan") {
						break
					}
					if strings.Contains(detail, "Index Cond:") {
						cond = true
						break
					}
				}
				if !cond {
					bad = append(bad, strings.TrimSpace(line))
				}
			}
		}
	}
	return bad
}

// Each maintenance pass (every 30 s) erases the retired signing secrets
// whose overlap has ended: it read every endpoint row to find the few
// rotated in the last day. With sequential scans off (the table here is
// empty), it must find them through the partial index of the rows that
// still hold a retired secret.
func TestEraseExpiredSecretsReadsOnlyRotatedEndpoints(t *testing.T) {
	s := openTest(t, "")
	tx := withoutSeqScans(t, s)
	text := strings.Join(explainOn(t, tx, qEraseExpiredSecrets, time.Now()), "\n")
	if !strings.Contains(text, "endpoints_previous_secret_expires") || strings.Contains(text, "Seq Scan on endpoints") {
		t.Errorf("plan of the erasure of expired secrets does not use endpoints_previous_secret_expires:\n%s", text)
	}
}

// Each call of the retention's prune (every batch of a catch-up, every
// --maintenance-interval) removes the listen sessions closed before the
// cutoff: it read every session row, the retention's whole history of
// them, and could read every delivery's entry of deliveries_endpoint in an
// anti join. With sequential scans off (the tables here are empty), it
// must seek to the sessions closed before the cutoff through
// listen_sessions_closed, and probe each one's deliveries.
func TestPruneListenSessionsReadsOnlyClosedOnes(t *testing.T) {
	s := openTest(t, "")
	tx := withoutSeqScans(t, s)
	plan := explainOn(t, tx, qPruneListenSessions, time.Now(), 1000)
	text := strings.Join(plan, "\n")
	if bad := scansWithoutIndexCond(plan, "listen_sessions", "deliveries"); !strings.Contains(text, "listen_sessions_closed") || len(bad) > 0 {
		t.Errorf("plan of the prune of closed listen sessions does not seek through listen_sessions_closed (reads %s whole):\n%s", strings.Join(bad, ", "), text)
	}
}

// A recover with include_missed reads the account's events and asks, for
// each, whether the endpoint has its delivery; its insert asks again for
// each event it makes one of. Without table statistics (a young database,
// or autovacuum off) the planner ANDed deliveries_event with a bitmap of
// all of the endpoint's entries in deliveries_endpoint, for every event:
// 1.3 s for 8,000 events against 0.06 s once analyzed, and the call's
// 50,000 events could pass the request timeout. Each probe must read
// only the event's own deliveries (one per endpoint of the account)
// through deliveries_event, whatever the statistics.
func TestMissedDeliveriesProbeEachEventsDeliveries(t *testing.T) {
	s := openTest(t, "")
	// The endpoint's deliveries, never analyzed: an empty table's plan
	// probed by event already, but not one of a few thousand rows.
	_, err := s.pool.Exec(context.Background(), `
INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, created_at, updated_at)
SELECT 'dlv_' || lpad(g::text, 8, '0'), 'acct_1', 'evt_' || lpad(g::text, 8, '0'), 'order.created', 'ep_1', 'succeeded', now(), now()
FROM generate_series(1, 4000) g`)
	must(t, err)
	now := time.Now()
	statements := []struct {
		name string
		sql  string
		args []any
	}{
		{"qMissedEvents", qMissedEvents, []any{"ep_1", "acct_1", ids.Floor(ids.Event, now.Add(-time.Hour)), "", ids.Floor(ids.Event, now), 1000}},
		{"qInsertMissedDeliveries", qInsertMissedDeliveries, []any{"acct_1", "ep_1", now, []string{"dlv_1"}, []string{"evt_1"}, []string{"order.created"}}},
		// A listen result's delivery (one per result a session reports)
		// asks the same of one event.
		{"qListenDelivery", qListenDelivery, []any{"evt_00000001", "ep_1", "acct_1"}},
	}
	for _, st := range statements {
		plan := explain(t, s, st.sql, st.args...)
		text := strings.Join(plan, "\n")
		bad := scansWithoutIndexCond(plan, "deliveries")
		if strings.Contains(text, "deliveries_endpoint") || !strings.Contains(text, "Index Cond: (event_id = ") || len(bad) > 0 {
			t.Errorf("%s does not probe each event's deliveries through deliveries_event alone:\n%s", st.name, text)
		}
	}
}

// Each chunk of a status change's sweep reads the endpoint's deliveries
// through an index, whatever the statistics (a young table here): one
// that read the whole table would cost a million-delivery store as much
// per chunk as the single statement the sweep replaced cost in all.
func TestSweepChunksReadByIndex(t *testing.T) {
	s := openTest(t, "")
	_, err := s.pool.Exec(context.Background(), `
INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, created_at, updated_at)
SELECT 'dlv_' || lpad(g::text, 8, '0'), 'acct_1', 'evt_' || lpad(g::text, 8, '0'), 'order.created', 'ep_' || (g % 4), 'pending', now(), now(), now()
FROM generate_series(1, 4000) g`)
	must(t, err)
	now := time.Now()
	statements := []struct {
		name string
		sql  string
		args []any
	}{
		{"qSweepState", qSweepState, []any{"ep_1"}},
		{"qSweepDisabled", qSweepDisabled, []any{"ep_1", sweepChunk, int64(1)}},
		{"qSweepEnabled", qSweepEnabled, []any{now, "ep_1", "dlv_00000100", sweepChunk, int64(1)}},
		{"qSweepDeleted", qSweepDeleted, []any{now, "ep_1", "dlv_00000100", sweepChunk, int64(1)}},
	}
	for _, st := range statements {
		plan := explain(t, s, st.sql, st.args...)
		if bad := scansWithoutIndexCond(plan, "deliveries", "endpoints"); len(bad) > 0 {
			t.Errorf("%s reads %s whole:\n%s", st.name, strings.Join(bad, ", "), strings.Join(plan, "\n"))
		}
	}
}
