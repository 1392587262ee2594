package main_test

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
//     applies to events created after it, so all are still sent.
//
// The test requires that the kill left the held endpoint's deliveries
// pending (listed in fanout_pending, with no delivery row): a run where
// they were written before the kill would test nothing. A disable is not
// among the changes: it makes the next claim write the endpoint's held
// deliveries at once, parked (delivery.claimRooms.room, isGone), so they
// are pending at a kill only for the moment that claim takes.
func TestKillWithHeldFanoutsAfterEndpointChange(t *testing.T) {
	for _, change := range []string{"url-kill", "events-kill"} {
		t.Run(change, func(t *testing.T) { killWithHeldFanoutsAfterChange(t, change) })
	}
}

func killWithHeldFanoutsAfterChange(t *testing.T, change string) {
	path := filepath.Join(t.TempDir(), "e.db")
	db := "sqlite:" + path
	_, key := createAccount(t, db)
	fast, held, other := newReceiver(t, 0), newReceiver(t, 0), newReceiver(t, 0)
	held.hold() // every request to /held waits, unanswered, until the kill
	// The long attempt timeout keeps the requests on the wire at /held
	// from timing out before the kill: its lane stays full, so no claim
	// takes (writes) its held deliveries.
	args := []string{"--db", db, "--per-endpoint-concurrency", "2", "--attempt-timeout", "60s"}
	p := startServe(t, args...)
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+fast.srv.URL+`/fast"}`, 201)
	var ep struct{ ID string }
	if err := json.Unmarshal(mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+held.srv.URL+`/held"}`, 201), &ep); err != nil || ep.ID == "" {
		t.Fatalf("created endpoint: %v %+v", err, ep)
	}
	const n = 30
	orders := createOrders(t, p.base, key, n)
	var acked []string
	upload := func(order string) {
		t.Helper()
		var r struct{ Event struct{ ID string } }
		if err := json.Unmarshal(mustCall(t, p.base, "POST", "/v1/orders/"+order+"/upload", "op", "", 200), &r); err != nil || r.Event.ID == "" {
			t.Fatalf("upload %s: %v %+v", order, err, r)
		}
		acked = append(acked, r.Event.ID)
	}
	// The first events make /fast known as fast, and fill /held's lane.
	// No reads of deliveries or events from here to the kill: a read writes
	// the held deliveries of its account first.
	upload(orders[0])
	testenv.Eventually(t, 20*time.Second, "the first delivery to /fast", func() bool { return fast.total.Load() >= 1 })
	testenv.Eventually(t, 20*time.Second, "an attempt held on the wire at /held", func() bool { return held.entered.Load() >= 1 })
	for _, o := range orders[1:] {
		upload(o)
	}
	testenv.Eventually(t, 20*time.Second, "every delivery to /fast", func() bool { return fast.total.Load() >= n })

	patch := func(body string) {
		t.Helper()
		mustCall(t, p.base, "PATCH", "/v1/webhook_endpoints/"+ep.ID, key, body, 200)
	}
	target, targetPath := held, "/held"
	switch change {
	case "url-kill":
		patch(`{"url": "` + other.srv.URL + `/other"}`)
		target, targetPath = other, "/other"
	case "events-kill":
		patch(`{"events": ["order.cancelled"]}`)
	}
	p.kill(t)
	enteredAtKill := held.entered.Load()

	pending, written := heldFanouts(t, path, ep.ID)
	t.Logf("%s: at the kill %d of %d events had their delivery to /held pending, %d were written", change, pending, len(acked), written)
	if pending < n/2 {
		t.Fatalf("only %d of %d events had their delivery to /held pending at the kill (%d written): the test needs them held", pending, len(acked), written)
	}

	if change != "url-kill" {
		held.open()
	}
	p = startServe(t, args...)
	waitSucceeded(t, p.base, key, 2*len(acked))
	target.mu.Lock()
	defer target.mu.Unlock()
	for _, e := range acked {
		if target.got[e+" "+targetPath] == 0 {
			t.Errorf("event %s never reached %s", e, targetPath)
		}
	}
	if change == "url-kill" {
		if got := held.entered.Load(); got != enteredAtKill {
			t.Errorf("%d requests went to the old URL after the restart", got-enteredAtKill)
		}
	}
	for _, id := range listIDs(t, p.base, key, "/v1/deliveries?endpoint_id="+ep.ID+"&limit=100") {
		var d struct{ Status string }
		if err := json.Unmarshal(mustCall(t, p.base, "GET", "/v1/deliveries/"+id, key, "", 200), &d); err != nil || d.Status != "succeeded" {
			t.Errorf("delivery %s: %v %q, want succeeded", id, err, d.Status)
		}
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
