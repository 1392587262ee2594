package main_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestKillWithHeldFanoutsAfterEndpointChange: on SQLite, an event's
// deliveries to an endpoint whose lane is full are held in memory and
// listed in the event's fanout_pending, not written (deferred fan-out,
// internal/store/sqlite/fanout.go). The endpoint is then changed through
// the API while they are held, and the server is killed with SIGKILL; the
// next start writes them from fanout_pending (finishFanouts), against the
// endpoint as it is now. For each change, every event the API acknowledged
// must reach the endpoint after the restart, as docs/api.md promises:
//   - a new url, then killed: all sent to the new URL, none to the old;
//   - a new events list without the events' type, then killed: the list
//     applies to events created after it, so all are still sent;
//   - deleted, then killed: "once the call returns nothing more is sent
//     to it", across the restart too: the held deliveries end failed
//     ("not sent: the webhook endpoint was deleted"), none reaches /held,
//     and every event still reaches /fast. The delete may write the held
//     deliveries itself before the kill, so none need be pending then.
//
// The test requires that the kill left the held endpoint's deliveries
// pending (listed in fanout_pending, with no delivery row): a run where
// they were written before the kill would test nothing. A disable is not
// among the changes: it makes the next claim write the endpoint's held
// deliveries at once, parked (delivery.claimRooms.room, isGone), so
// whether they are pending at a kill depends on that claim;
// TestKillWithHeldFanoutsAcrossDisable takes both cases.
func TestKillWithHeldFanoutsAfterEndpointChange(t *testing.T) {
	for _, change := range []string{"url-kill", "events-kill", "delete-kill"} {
		t.Run(change, func(t *testing.T) { killWithHeldFanoutsAfterChange(t, change) })
	}
}

// heldLane is a server whose endpoint /held has its lane full of attempts
// held on the wire and n more events' deliveries to it held, with /fast
// beside it: what fillHeldLane leaves.
type heldLane struct {
	path    string // the SQLite file; empty on PostgreSQL
	pg      string // the PostgreSQL DSN (its schema); empty on SQLite
	args    []string
	p       *proc
	key, ep string // the API key, /held's endpoint id
	fast    *receiver
	held    *receiver // holding every request until open
	acked   []string  // the events the uploads acknowledged, in order
	upload  func(order string)
	orders  []string // one order beyond the acked ones, not uploaded yet
	n       int
}

// fillHeldLane starts serve on driver ("sqlite": a new file;
// "postgres": a new schema) with the endpoints /fast and /held (whose
// receiver holds every request), and uploads n orders. The long attempt
// timeout keeps the requests on the wire at /held from timing out before
// the kill: its lane stays full, so no claim takes (on SQLite, writes) its
// held deliveries. No reads of deliveries or events happen here: on
// SQLite a read writes the held deliveries of its account first. On
// PostgreSQL, which writes every delivery at once, the server runs under
// a fixed --instance-id, so that a restart takes the killed run's leases
// back at once, as a restarted SQLite server does, instead of after
// --lease.
func fillHeldLane(t *testing.T, driver string, n int) *heldLane {
	t.Helper()
	l := &heldLane{n: n}
	var db string
	switch driver {
	case "sqlite":
		l.path = filepath.Join(t.TempDir(), "e.db")
		db = "sqlite:" + l.path
	case "postgres":
		l.pg = testenv.PostgresURL(testenv.NewSchema(t))
		db = l.pg
	default:
		t.Fatalf("unknown driver %q", driver)
	}
	_, l.key = createAccount(t, db)
	l.fast, l.held = newReceiver(t, 0), newReceiver(t, 0)
	l.held.hold() // every request to /held waits, unanswered, until open or the kill
	l.args = []string{"--db", db, "--per-endpoint-concurrency", "2", "--attempt-timeout", "60s"}
	if driver == "postgres" {
		l.args = append(l.args, "--instance-id", heldLaneInstance)
	}
	l.p = startServe(t, l.args...)
	mustCall(t, l.p.base, "POST", "/v1/webhook_endpoints", l.key, `{"url": "`+l.fast.srv.URL+`/fast"}`, 201)
	var ep struct{ ID string }
	if err := json.Unmarshal(mustCall(t, l.p.base, "POST", "/v1/webhook_endpoints", l.key, `{"url": "`+l.held.srv.URL+`/held"}`, 201), &ep); err != nil || ep.ID == "" {
		t.Fatalf("created endpoint: %v %+v", err, ep)
	}
	l.ep = ep.ID
	orders := createOrders(t, l.p.base, l.key, n+1)
	l.orders = orders[n:]
	l.upload = func(order string) {
		t.Helper()
		var r struct{ Event struct{ ID string } }
		if err := json.Unmarshal(mustCall(t, l.p.base, "POST", "/v1/orders/"+order+"/upload", "op", "", 200), &r); err != nil || r.Event.ID == "" {
			t.Fatalf("upload %s: %v %+v", order, err, r)
		}
		l.acked = append(l.acked, r.Event.ID)
	}
	// The first events make /fast known as fast, and fill /held's lane.
	l.upload(orders[0])
	testenv.Eventually(t, 20*time.Second, "the first delivery to /fast", func() bool { return l.fast.total.Load() >= 1 })
	testenv.Eventually(t, 20*time.Second, "an attempt held on the wire at /held", func() bool { return l.held.entered.Load() >= 1 })
	for _, o := range orders[1:n] {
		l.upload(o)
	}
	testenv.Eventually(t, 20*time.Second, "every delivery to /fast", func() bool { return l.fast.total.Load() >= int64(n) })
	return l
}

// heldLaneInstance is fillHeldLane's --instance-id on PostgreSQL.
const heldLaneInstance = "held-lane"

// patch changes /held's endpoint through the API.
func (l *heldLane) patch(t *testing.T, body string) {
	t.Helper()
	mustCall(t, l.p.base, "PATCH", "/v1/webhook_endpoints/"+l.ep, l.key, body, 200)
}

// kill kills the server with SIGKILL and logs what it left of /held's
// deliveries on SQLite: pending (listed in fanout_pending, no row) or
// written. PostgreSQL holds none pending: there it requires that the
// killed server held leases (the attempts on the wire at /held, at
// least), which the restart must take back, and logs how many.
func (l *heldLane) kill(t *testing.T, change string) (pending int) {
	t.Helper()
	l.p.kill(t)
	if l.pg != "" {
		leased := leasedTo(t, l.pg, heldLaneInstance)
		t.Logf("%s: at the kill %d deliveries were leased to the killed server", change, leased)
		if leased == 0 {
			t.Fatal("the killed server held no lease: the test needs its attempts at /held on the wire")
		}
		return 0
	}
	pending, written := heldFanouts(t, l.path, l.ep)
	t.Logf("%s: at the kill %d of %d events had their delivery to /held pending, %d were written", change, pending, len(l.acked), written)
	return pending
}

func killWithHeldFanoutsAfterChange(t *testing.T, change string) {
	const n = 30
	l := fillHeldLane(t, "sqlite", n)
	other := newReceiver(t, 0)
	target, targetPath := l.held, "/held"
	switch change {
	case "url-kill":
		l.patch(t, `{"url": "`+other.srv.URL+`/other"}`)
		target, targetPath = other, "/other"
	case "events-kill":
		l.patch(t, `{"events": ["order.cancelled"]}`)
	case "delete-kill":
		mustCall(t, l.p.base, "DELETE", "/v1/webhook_endpoints/"+l.ep, l.key, "", 200)
	}
	pending := l.kill(t, change)
	enteredAtKill := l.held.entered.Load()
	if change == "delete-kill" {
		killedAfterDelete(t, l, enteredAtKill)
		return
	}
	if pending < n/2 {
		t.Fatalf("only %d of %d events had their delivery to /held pending at the kill: the test needs them held", pending, len(l.acked))
	}

	if change != "url-kill" {
		l.held.open()
	}
	p := startServe(t, l.args...)
	waitSucceeded(t, p.base, l.key, 2*len(l.acked))
	target.mu.Lock()
	defer target.mu.Unlock()
	for _, e := range l.acked {
		if target.got[e+" "+targetPath] == 0 {
			t.Errorf("event %s never reached %s", e, targetPath)
		}
	}
	if change == "url-kill" {
		if got := l.held.entered.Load(); got != enteredAtKill {
			t.Errorf("%d requests went to the old URL after the restart", got-enteredAtKill)
		}
	}
	for _, id := range listIDs(t, p.base, l.key, "/v1/deliveries?endpoint_id="+l.ep+"&limit=100") {
		var d struct{ Status string }
		if err := json.Unmarshal(mustCall(t, p.base, "GET", "/v1/deliveries/"+id, l.key, "", 200), &d); err != nil || d.Status != "succeeded" {
			t.Errorf("delivery %s: %v %q, want succeeded", id, err, d.Status)
		}
	}
}

// killedAfterDelete restarts the server killed after /held's endpoint was
// deleted, its receiver still holding every request: every event reaches
// /fast, no request reaches /held after the kill, and each of /held's
// deliveries is failed as not sent (a delivery sent again would be left
// pending, on the wire at the held receiver).
func killedAfterDelete(t *testing.T, l *heldLane, enteredAtKill int64) {
	t.Helper()
	p := startServe(t, l.args...)
	waitSucceeded(t, p.base, l.key, len(l.acked))
	l.fast.mu.Lock()
	for _, e := range l.acked {
		if l.fast.got[e+" /fast"] == 0 {
			t.Errorf("event %s never reached /fast", e)
		}
	}
	l.fast.mu.Unlock()
	ids := listIDs(t, p.base, l.key, "/v1/deliveries?endpoint_id="+l.ep+"&limit=100")
	if len(ids) != len(l.acked) {
		t.Errorf("%d deliveries listed for the deleted endpoint, want one per event (%d)", len(ids), len(l.acked))
	}
	for _, id := range ids {
		var d struct {
			Status    string
			LastError string `json:"last_error"`
		}
		if err := json.Unmarshal(mustCall(t, p.base, "GET", "/v1/deliveries/"+id, l.key, "", 200), &d); err != nil ||
			d.Status != "failed" || !strings.HasPrefix(d.LastError, "not sent: the webhook endpoint was deleted") {
			t.Errorf("delivery %s: %v %q %q, want failed, not sent: the webhook endpoint was deleted", id, err, d.Status, d.LastError)
		}
	}
	if got := l.held.entered.Load(); got != enteredAtKill {
		t.Errorf("%d requests went to the deleted endpoint after the restart", got-enteredAtKill)
	}
}

// heldFanouts reads the SQLite file of a killed server: how many events
// list endpoint in their fanout_pending with no delivery to it (pending),
// and how many have one (written).
func heldFanouts(t *testing.T, path, endpoint string) (pending, written int) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT COALESCE(e.fanout_pending, ''), (SELECT COUNT(*) FROM deliveries d WHERE d.event_id = e.id AND d.endpoint_id = ?) FROM events e`, endpoint)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var list string
		var rowsFor int
		if err := rows.Scan(&list, &rowsFor); err != nil {
			t.Fatal(err)
		}
		switch {
		case rowsFor > 0:
			written++
		case strings.Contains(","+list+",", ","+endpoint+","):
			pending++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return pending, written
}

// TestKillWithHeldFanoutsAcrossDisable: as
// TestKillWithHeldFanoutsAfterEndpointChange, with the endpoint disabled
// while its lane is full and events' deliveries to it are held. The kill
// may find them still listed in fanout_pending or already written parked
// (a claim writes a disabled endpoint's held deliveries at once); either
// is logged, and either must keep docs/api.md's promise:
//   - disable-kill-enable: after the restart, with the receiver answering,
//     nothing reaches the endpoint while it is disabled: its deliveries of
//     every acknowledged event are listed held (next_attempt_at null) and
//     parked in the database (see heldWhileDisabled), and
//     an event created meanwhile gets none for it (but reaches /fast);
//     after the enable every acknowledged event arrives exactly once;
//   - disable-read-kill-enable: the same, with a read of the endpoint's
//     deliveries before the kill, which writes them all (parked) first, so
//     the kill finds none pending whatever the claims did;
//   - disable-enable-kill: enabled again before the kill, every
//     acknowledged event arrives exactly once after the restart.
//
// The attempts on the wire at the kill were never answered, so exactly
// once counts answered requests (receiver.got): none is lost, none sent
// twice. Each step waits for a state read through the API, not for time.
//
// Each case runs on PostgreSQL too. There no fan-out is held pending: the
// deliveries waiting behind /held's full lane are rows, queued in memory
// under a lease or due in the table, and the restart (under the killed
// run's --instance-id) takes the leases back; the same promises hold.
func TestKillWithHeldFanoutsAcrossDisable(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		for _, change := range []string{"disable-kill-enable", "disable-read-kill-enable", "disable-enable-kill"} {
			t.Run(driver+"/"+change, func(t *testing.T) { killWithHeldFanoutsAcrossDisable(t, driver, change) })
		}
	}
}

func killWithHeldFanoutsAcrossDisable(t *testing.T, driver, change string) {
	const n = 30
	l := fillHeldLane(t, driver, n)
	l.patch(t, `{"status": "disabled"}`)
	switch change {
	case "disable-enable-kill":
		l.patch(t, `{"status": "enabled"}`)
	case "disable-read-kill-enable":
		waitAllHeld(t, l.p.base, l)
	}
	if pending := l.kill(t, change); change == "disable-read-kill-enable" && pending != 0 {
		t.Fatalf("%d deliveries to /held were pending at the kill after a read that writes them all", pending)
	}
	if answered := l.held.total.Load(); answered != 0 {
		t.Fatalf("%d requests to /held were answered before the kill, which held them all", answered)
	}
	l.held.open()
	l.p = startServe(t, l.args...) // l.upload goes to it
	p := l.p
	want := 2 * n
	if change != "disable-enable-kill" {
		heldWhileDisabled(t, p.base, l)
		mustCall(t, p.base, "PATCH", "/v1/webhook_endpoints/"+l.ep, l.key, `{"status": "enabled"}`, 200)
		want++ // the event created while disabled, at /fast only
	}
	waitSucceeded(t, p.base, l.key, want)
	l.held.mu.Lock()
	for i, e := range l.acked {
		got := l.held.got[e+" /held"]
		switch {
		case i < n && got != 1:
			t.Errorf("event %s reached /held %d times after the restart, want exactly once", e, got)
		case i >= n && got != 0:
			t.Errorf("event %s, created while /held was disabled, reached it %d times", e, got)
		}
	}
	l.held.mu.Unlock()
	ids := listIDs(t, p.base, l.key, "/v1/deliveries?endpoint_id="+l.ep+"&limit=100")
	if len(ids) != n {
		t.Errorf("/held has %d deliveries, want one for each of the %d events acknowledged while it was enabled", len(ids), n)
	}
	for _, id := range ids {
		var d struct{ Status string }
		if err := json.Unmarshal(mustCall(t, p.base, "GET", "/v1/deliveries/"+id, l.key, "", 200), &d); err != nil || d.Status != "succeeded" {
			t.Errorf("delivery %s: %v %q, want succeeded", id, err, d.Status)
		}
	}
}

// heldWhileDisabled checks, on a server restarted with l's endpoint
// disabled and its receiver answering, that its deliveries are all held and
// none sent: it waits until every acknowledged event's delivery to it is
// listed unscheduled and, in the database, parked (a claim parks one whose
// lease the restart took back), then uploads one more order, an event
// created while it is disabled, which must reach /fast and get no delivery
// to /held.
//
// The list alone cannot tell parked from due: a delivery whose lease the
// restart gave back is listed pending with no next_attempt_at too, from
// the start until a claim takes it. Waiting for the list only, the check
// of what reached /held came before a claim that sent such deliveries
// (a claim taking disabled endpoints' deliveries, injected by hand) had
// them answered, and disable-kill-enable passed; they were each answered
// once, so the counts after the enable held too.
func heldWhileDisabled(t *testing.T, base string, l *heldLane) {
	t.Helper()
	waitAllHeld(t, base, l)
	testenv.Eventually(t, 30*time.Second, "every delivery to the disabled /held parked in the database (no due time, no lease)", func() bool {
		return parkedDeliveries(t, l) == l.n
	})
	l.upload(l.orders[0])
	testenv.Eventually(t, 20*time.Second, "the event created while /held is disabled at /fast", func() bool {
		return l.fast.total.Load() >= int64(l.n+1)
	})
	if got := len(heldDeliveries(t, base, l)); got != l.n {
		t.Errorf("/held has %d deliveries after an event created while it is disabled, want %d", got, l.n)
	}
	if answered := l.held.total.Load(); answered != 0 {
		t.Errorf("%d requests reached /held while it was disabled", answered)
	}
}

// waitAllHeld waits until l's disabled endpoint lists a delivery for each
// of the n events acknowledged before the disable, each pending or
// retrying with no next_attempt_at (held, not scheduled). One sent
// meanwhile would be listed succeeded, and the wait would fail.
func waitAllHeld(t *testing.T, base string, l *heldLane) {
	t.Helper()
	testenv.Eventually(t, 30*time.Second, "every delivery to the disabled /held listed held", func() bool {
		ds := heldDeliveries(t, base, l)
		if len(ds) != l.n {
			return false
		}
		for _, d := range ds {
			if (d.Status != "pending" && d.Status != "retrying") || d.NextAttempt != nil {
				return false
			}
		}
		return true
	})
}

// parkedDeliveries reads from l's database how many of /held's deliveries
// are waiting parked: pending or retrying, with no due time and no lease
// (neither due for a claim nor on the wire).
func parkedDeliveries(t *testing.T, l *heldLane) int {
	t.Helper()
	const q = `SELECT COUNT(*) FROM deliveries WHERE endpoint_id = ?1 AND status IN ('pending', 'retrying') AND due_at IS NULL AND lease_owner IS NULL`
	var n int
	if l.pg != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, l.pg)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		if err := conn.QueryRow(ctx, strings.Replace(q, "?1", "$1", 1), l.ep).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	raw, err := sql.Open("sqlite", "file:"+l.path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.QueryRow(q, l.ep).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// heldDelivery is what the tests above read of a delivery in a list.
type heldDelivery struct {
	Status      string
	NextAttempt *string `json:"next_attempt_at"`
}

// heldDeliveries lists l's /held endpoint's deliveries (at most 100).
func heldDeliveries(t *testing.T, base string, l *heldLane) []heldDelivery {
	t.Helper()
	var page struct{ Data []heldDelivery }
	if err := json.Unmarshal(mustCall(t, base, "GET", "/v1/deliveries?endpoint_id="+l.ep+"&limit=100", l.key, "", 200), &page); err != nil {
		t.Fatal(err)
	}
	return page.Data
}
