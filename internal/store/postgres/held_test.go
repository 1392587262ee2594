package postgres

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// heldSetup is an account with a fast endpoint, whose deliveries are
// leased at insert, and a slow one, whose lane is full: the slow one's
// deliveries are held (held.go).
type heldSetup struct {
	account    string
	fast, slow store.Endpoint
	lease      store.LeaseParams
}

func newHeldSetup(t *testing.T, s *Store, owner string) heldSetup {
	t.Helper()
	h := heldSetup{account: newAccount(t, s)}
	h.fast, h.slow = newEndpoint(t, s, h.account), newEndpoint(t, s, h.account)
	h.lease = store.LeaseParams{Owner: owner, Until: base.Add(time.Minute),
		Reserve: func(id string) bool { return id == h.fast.ID },
		Fast:    func(id string) bool { return id == h.fast.ID }}
	return h
}

// heldRows lists the held_fanouts rows: event id → endpoints.
func heldRows(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `SELECT event_id, endpoints FROM held_fanouts`)
	must(t, err)
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var ev string
		var eps []string
		must(t, rows.Scan(&ev, &eps))
		out[ev] = eps
	}
	must(t, rows.Err())
	return out
}

// deliveriesOf lists the endpoints with a delivery row of event.
func deliveriesOf(t *testing.T, s *Store, event string) []string {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `SELECT endpoint_id FROM deliveries WHERE event_id = $1 ORDER BY endpoint_id`, event)
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ep string
		must(t, rows.Scan(&ep))
		out = append(out, ep)
	}
	must(t, rows.Err())
	return out
}

func claimAll(t *testing.T, s *Store, owner string) []store.Work {
	t.Helper()
	ws, err := s.ClaimDeliveries(context.Background(), store.ClaimParams{Owner: owner, Now: base.Add(time.Second), LeaseUntil: base.Add(time.Minute), Limit: 100})
	must(t, err)
	return ws
}

// TestHeldDeliveryIsWrittenWhenItsEndpointHasRoom: the slow endpoint's
// delivery is not a row but one entry of its event's held_fanouts row; it
// counts as due; the holder's claim, once the endpoint has room, writes it
// and claims it, and the list is gone.
func TestHeldDeliveryIsWrittenWhenItsEndpointHasRoom(t *testing.T) {
	s := openTest(t, "")
	h := newHeldSetup(t, s, "A")
	res := upload(t, s, h.account, h.lease)
	if res.Deliveries != 2 || len(res.Work) != 1 || res.Work[0].EndpointID != h.fast.ID || res.Held != 1 {
		t.Fatalf("upload: %d deliveries, work %+v, %d held; want 2, the fast one leased and the slow one held", res.Deliveries, res.Work, res.Held)
	}
	ev := res.Event.ID
	if got := deliveriesOf(t, s, ev); !slices.Equal(got, []string{h.fast.ID}) {
		t.Fatalf("delivery rows of the event: %v; want only the fast endpoint's", got)
	}
	if got := heldRows(t, s); !slices.Equal(got[ev], []string{h.slow.ID}) || len(got) != 1 {
		t.Fatalf("held rows: %v; want the event listing the slow endpoint", got)
	}
	c, err := s.Counts(context.Background(), base.Add(time.Second))
	must(t, err)
	if c.DueDeliveries != 1 || c.PendingDeliveries != 2 || c.OldestDue == nil || !c.OldestDue.Equal(res.Work[0].CreatedAt) {
		t.Fatalf("counts %+v: want the held delivery due since the event, beside the leased one", c)
	}

	// No room: nothing is written.
	ws, err := s.ClaimDeliveries(context.Background(), store.ClaimParams{Owner: "A", Now: base.Add(time.Second), LeaseUntil: base.Add(time.Minute), Limit: 10,
		Room: func(string) int { return 0 }})
	must(t, err)
	if len(ws) != 0 || len(heldRows(t, s)) != 1 {
		t.Fatalf("a claim without room took %d and left %v held", len(ws), heldRows(t, s))
	}
	ws = claimAll(t, s, "A")
	if len(ws) != 1 || ws[0].EndpointID != h.slow.ID || ws[0].EventID != ev || ws[0].Attempt != 1 || string(ws[0].Payload) != string(res.Event.Payload) {
		t.Fatalf("claim with room: %+v; want the slow endpoint's delivery of %s, first attempt, with its payload", ws, ev)
	}
	if !ws[0].CreatedAt.Equal(res.Work[0].CreatedAt) {
		t.Errorf("the held delivery was created at %v, want its event's fan-out time %v", ws[0].CreatedAt, res.Work[0].CreatedAt)
	}
	if got := heldRows(t, s); len(got) != 0 {
		t.Fatalf("held rows after the claim: %v", got)
	}
	if n := s.heldq.held(); n != 0 {
		t.Fatalf("%d still held in memory", n)
	}
	if got := deliveriesOf(t, s, ev); len(got) != 2 {
		t.Fatalf("delivery rows of the event: %v; want both", got)
	}
}

// TestHeldDeliveriesAreWrittenBeforeReads: a list of the account's
// deliveries, on this instance or another, shows every delivery of the
// event; the holder's claim then finds the delivery written (by the read)
// and claims it once.
func TestHeldDeliveriesAreWrittenBeforeReads(t *testing.T) {
	schema := newSchemaName(t)
	s := openTest(t, schema)
	other := openTest(t, schema)
	h := newHeldSetup(t, s, "A")
	ev := upload(t, s, h.account, h.lease).Event.ID
	ds, _, err := other.ListDeliveries(context.Background(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: h.account, Limit: 10}, EventID: ev})
	must(t, err)
	if len(ds) != 2 {
		t.Fatalf("another instance lists %d deliveries of the event, want 2", len(ds))
	}
	if got := heldRows(t, s); len(got) != 0 {
		t.Fatalf("held rows after the read: %v", got)
	}
	ws := claimAll(t, s, "A")
	if len(ws) != 1 || ws[0].EndpointID != h.slow.ID {
		t.Fatalf("the holder's claim after the read: %+v; want the slow endpoint's delivery, once", ws)
	}
	if ws := claimAll(t, s, "A"); len(ws) != 0 {
		t.Fatalf("claimed again: %+v", ws)
	}
}

// TestHeldListAfterConflicts: a list whose repeatable-read tries all
// failed writes the held deliveries in a transaction of its own and reads
// after it: it still shows the event whole, and does not fail.
func TestHeldListAfterConflicts(t *testing.T) {
	s := openTest(t, "")
	s.heldReadTriesForTest = -1 // every try failed
	h := newHeldSetup(t, s, "A")
	ev := upload(t, s, h.account, h.lease).Event.ID
	ds, _, err := s.ListDeliveries(context.Background(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: h.account, Limit: 10}, EventID: ev})
	must(t, err)
	if len(ds) != 2 || len(heldRows(t, s)) != 0 {
		t.Fatalf("listed %d deliveries of the event, %d held rows left; want 2 and none", len(ds), len(heldRows(t, s)))
	}
}

// TestHeldListRunsAgainAfterAConflict: a list whose lock of a held row
// waits for another writer of it (a claim writing the delivery) fails its
// repeatable-read transaction when that writer commits, and runs again: it
// shows the event whole, with the delivery that writer wrote.
func TestHeldListRunsAgainAfterAConflict(t *testing.T) {
	s := openTest(t, "")
	h := newHeldSetup(t, s, "A")
	ev := upload(t, s, h.account, h.lease).Event.ID
	ctx := context.Background()
	tx, err := s.pool.Begin(ctx)
	must(t, err)
	defer tx.Rollback(ctx)
	var at time.Time
	must(t, tx.QueryRow(ctx, `SELECT created_at FROM held_fanouts WHERE event_id = $1 FOR UPDATE`, ev).Scan(&at))
	type result struct {
		ds  []store.Delivery
		err error
	}
	done := make(chan result, 1)
	go func() {
		ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: h.account, Limit: 10}, EventID: ev})
		done <- result{ds, err}
	}()
	// The list waits for the row.
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting bool
		must(t, s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1::int = ANY (pg_blocking_pids(pid)))`,
			int(tx.Conn().PgConn().PID())).Scan(&waiting))
		if waiting {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the list never waited for the held row")
		}
		time.Sleep(5 * time.Millisecond)
	}
	_, err = tx.Exec(ctx, `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, created_at, updated_at)
		SELECT $1, account_id, id, type, $2, 'pending', $3, $3, $3 FROM events WHERE id = $4`, ids.NewAt(ids.Delivery, at), h.slow.ID, at, ev)
	must(t, err)
	_, err = tx.Exec(ctx, `DELETE FROM held_fanouts WHERE event_id = $1`, ev)
	must(t, err)
	must(t, tx.Commit(ctx))
	r := <-done
	must(t, r.err)
	if len(r.ds) != 2 {
		t.Fatalf("listed %d deliveries of the event after the conflict, want 2", len(r.ds))
	}
	if n := s.heldReadRetries.Load(); n == 0 {
		t.Fatal("the list did not run again after the conflict")
	}
}

// TestHeldDeliveriesOfADeletedEndpointFail: deleting the slow endpoint
// writes its held deliveries first, and the delete ends them as it ends
// its written ones.
func TestHeldDeliveriesOfADeletedEndpointFail(t *testing.T) {
	s := openTest(t, "")
	h := newHeldSetup(t, s, "A")
	ev := upload(t, s, h.account, h.lease).Event.ID
	must(t, s.DeleteEndpoint(context.Background(), h.account, h.slow.ID, base.Add(time.Second)))
	var status, lastErr string
	must(t, s.pool.QueryRow(context.Background(), `SELECT status, last_error FROM deliveries WHERE event_id = $1 AND endpoint_id = $2`, ev, h.slow.ID).Scan(&status, &lastErr))
	if status != store.DeliveryFailed || lastErr != store.EndpointDeletedError {
		t.Fatalf("the deleted endpoint's held delivery: %s %q; want failed, %q", status, lastErr, store.EndpointDeletedError)
	}
	if ws := claimAll(t, s, "A"); len(ws) != 0 {
		t.Fatalf("claimed after the delete: %+v", ws)
	}
}

// TestHeldDeliveriesOfAGoneHolder: another instance leaves a live
// holder's deliveries alone (its instance id is held) and writes those of
// a holder that is gone; a holder that starts again with its id writes
// those its memory lost.
func TestHeldDeliveriesOfAGoneHolder(t *testing.T) {
	schema := newSchemaName(t)
	holder := openTest(t, schema)
	h := newHeldSetup(t, holder, "A")
	release, err := holder.ClaimInstanceID(context.Background(), "A", 0, nil)
	must(t, err)
	ev := upload(t, holder, h.account, h.lease).Event.ID

	other := openTest(t, schema)
	other.heldSweepForTest = 10 * time.Millisecond
	claimAll(t, other, "B")
	for n := other.sweeps.Load(); other.sweeps.Load() < n+3; {
		time.Sleep(5 * time.Millisecond)
	}
	if got := heldRows(t, other); len(got) != 1 {
		t.Fatalf("another instance wrote a live holder's held deliveries: %v", got)
	}

	release() // the holder is gone
	deadline := time.Now().Add(10 * time.Second)
	for len(heldRows(t, other)) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the gone holder's held deliveries were never written")
		}
		time.Sleep(10 * time.Millisecond)
	}
	ws := claimAll(t, other, "B")
	if len(ws) != 1 || ws[0].EndpointID != h.slow.ID || ws[0].EventID != ev {
		t.Fatalf("claim after the holder went: %+v; want the slow endpoint's delivery", ws)
	}

	// A holder's restart: the new store's memory is empty.
	ev2 := upload(t, holder, h.account, h.lease).Event.ID
	must(t, holder.Close())
	again := openTest(t, schema)
	release, err = again.ClaimInstanceID(context.Background(), "A", time.Second, nil)
	must(t, err)
	defer release()
	deadline = time.Now().Add(10 * time.Second)
	var got []store.Work
	for len(got) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the restarted holder never wrote its held deliveries: %v", heldRows(t, again))
		}
		got = claimAll(t, again, "A")
		time.Sleep(10 * time.Millisecond)
	}
	if len(got) != 1 || got[0].EventID != ev2 || got[0].EndpointID != h.slow.ID {
		t.Fatalf("the restarted holder claimed %+v; want the slow endpoint's delivery of %s", got, ev2)
	}
}

// TestHeldDeliveriesUnderGroupCommit: transitions committed together each
// hold their slow deliveries, none is lost or written twice, and retention
// does not take an event whose deliveries are held.
func TestHeldDeliveriesUnderGroupCommit(t *testing.T) {
	s := openTest(t, "")
	h := newHeldSetup(t, s, "A")
	const n = 40
	var wg sync.WaitGroup
	events := make([]string, n)
	works := make([][]store.Work, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := upload(t, s, h.account, h.lease)
			events[i], works[i] = res.Event.ID, res.Work
			if res.Held != 1 {
				t.Errorf("upload %d: %d held, want 1 (the slow endpoint's)", i, res.Held)
			}
		}()
	}
	wg.Wait()
	// The fast endpoint's deliveries succeed: only the held ones keep
	// the events from retention.
	var rs []store.Result
	for _, ws := range works {
		for _, w := range ws {
			rs = append(rs, store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: w.LeaseOwner, LeaseUntil: w.LeaseUntil,
				Outcome: store.OutcomeSucceeded, RoundAttempt: w.RoundAttempt, Attempt: &store.Attempt{ID: ids.New(ids.Attempt),
					DeliveryID: w.DeliveryID, AccountID: w.AccountID, EndpointID: w.EndpointID, EventID: w.EventID, Number: w.Attempt,
					StartedAt: base, ResponseStatus: 200, Succeeded: true}})
		}
	}
	must(t, s.RecordResults(context.Background(), rs))
	if got := len(heldRows(t, s)); got != n {
		t.Fatalf("%d held rows, want %d", got, n)
	}
	if got := s.heldq.held(); got != n {
		t.Fatalf("%d held in memory, want %d", got, n)
	}
	if _, err := s.Prune(context.Background(), base.Add(24*time.Hour), 1000); err != nil {
		t.Fatalf("prune: %v", err)
	}
	if got := len(heldRows(t, s)); got != n {
		t.Fatalf("after a prune, %d held rows, want %d", got, n)
	}
	seen := map[string]int{}
	for range 10 {
		for _, w := range claimAll(t, s, "A") {
			if w.EndpointID == h.slow.ID {
				seen[w.EventID]++
			}
		}
	}
	for _, ev := range events {
		if seen[ev] != 1 {
			t.Errorf("event %s: the slow endpoint's delivery claimed %d times", ev, seen[ev])
		}
	}
	if got := len(heldRows(t, s)); got != 0 {
		t.Fatalf("%d held rows left", got)
	}
}

// TestHeldListKeepsEventsCommittedAfterItsSnapshot: a list writes the
// held deliveries its snapshot shows; an event of the same account that
// commits meanwhile is not in that snapshot, so its held delivery is still
// a held_fanouts row, and memory must keep it for the holder's claim. The
// list dropped every entry of the account, and the delivery was never
// written unless some later read of the account came.
func TestHeldListKeepsEventsCommittedAfterItsSnapshot(t *testing.T) {
	s := openTest(t, "")
	h := newHeldSetup(t, s, "A")
	first := upload(t, s, h.account, h.lease).Event.ID
	var second string
	s.heldAfterReadForTest = func() {
		s.heldAfterReadForTest = nil
		second = upload(t, s, h.account, h.lease).Event.ID
	}
	_, _, err := s.ListDeliveries(context.Background(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: h.account, Limit: 10}})
	must(t, err)
	if second == "" {
		t.Fatal("the list did not run its hook")
	}
	if got := heldRows(t, s); !slices.Equal(got[second], []string{h.slow.ID}) || len(got) != 1 {
		t.Fatalf("held rows after the list: %v; want only the later event's", got)
	}
	if n := s.heldq.held(); n != 1 {
		t.Fatalf("memory holds %d deliveries after the list; want the later event's one", n)
	}
	got := map[string]bool{}
	for _, w := range claimAll(t, s, "A") {
		if w.EndpointID == h.slow.ID {
			got[w.EventID] = true
		}
	}
	if !got[first] || !got[second] || len(got) != 2 {
		t.Fatalf("the holder's claim took the slow endpoint's deliveries of %v; want %s (written by the list) and %s (held)", got, first, second)
	}
	if rows := heldRows(t, s); len(rows) != 0 {
		t.Fatalf("held rows left: %v", rows)
	}
}

// TestHeldSweepWritesWhatAFailedClaimTook: a claim takes an endpoint's
// held deliveries off memory, then fails to write them; the next sweep
// must write them, even when memory still holds other deliveries of the
// same event. It read an event as known when any of its deliveries was in
// memory, and the taken one stayed held for good.
func TestHeldSweepWritesWhatAFailedClaimTook(t *testing.T) {
	s := openTest(t, "")
	s.heldSweepForTest = time.Hour // the test sweeps
	h := newHeldSetup(t, s, "A")
	other := newEndpoint(t, s, h.account) // slow too
	ev := upload(t, s, h.account, h.lease).Event.ID
	if got := heldRows(t, s)[ev]; len(got) != 2 {
		t.Fatalf("held endpoints of the event: %v; want both slow ones", got)
	}
	noRoom := func(string) int { return 0 }
	_, err := s.ClaimDeliveries(context.Background(), store.ClaimParams{Owner: "A", Now: base.Add(time.Second), LeaseUntil: base.Add(time.Minute), Limit: 10, Room: noRoom})
	must(t, err)
	for s.sweeps.Load() == 0 {
		time.Sleep(10 * time.Millisecond) // the first sweep, started by the claim
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: base.Add(time.Second), LeaseUntil: base.Add(time.Minute), Limit: 10,
		Room: func(id string) int {
			if id == h.slow.ID {
				return 10
			}
			return 0
		}})
	if err == nil {
		t.Fatal("a claim with a cancelled context succeeded")
	}
	must(t, s.sweepHeld(context.Background()))
	got := map[string]bool{}
	for _, w := range claimAll(t, s, "A") {
		if w.EventID == ev {
			got[w.EndpointID] = true
		}
	}
	if !got[h.slow.ID] || !got[other.ID] {
		t.Fatalf("claimed the event's deliveries to %v; want %s (taken by the failed claim) and %s", got, h.slow.ID, other.ID)
	}
	if rows := heldRows(t, s); len(rows) != 0 {
		t.Fatalf("held rows left: %v", rows)
	}
}

// TestHeldDeliveryIsNotMissed: an event that commits while a recovery
// creates its endpoint's missed deliveries, with that endpoint's delivery
// held, has its delivery: the walk must not make it a second one. The
// flush before the walk does not see the event, and the walk read the
// event as missed (no delivery row), so the endpoint got it twice: the
// missed delivery, and the held one the holder's claim wrote.
func TestHeldDeliveryIsNotMissed(t *testing.T) {
	s := openTest(t, "")
	h := newHeldSetup(t, s, "A")
	var ev string
	s.missedAfterFlushForTest = func() {
		s.missedAfterFlushForTest = nil
		ev = upload(t, s, h.account, h.lease).Event.ID
	}
	res, err := s.CreateMissedDeliveries(context.Background(), store.MissedParams{AccountID: h.account, EndpointID: h.slow.ID,
		Since: base.Add(-time.Hour), Now: base.Add(time.Second)})
	must(t, err)
	if ev == "" {
		t.Fatal("the recovery did not run its hook")
	}
	claimAll(t, s, "A")
	if got := deliveriesOf(t, s, ev); len(got) != 2 {
		t.Fatalf("the event's deliveries go to %v (the recovery made %d); want one to each endpoint", got, res.Made)
	}
}

// TestHeldGoneHolderIsWrittenInParts: a gone holder's held deliveries
// are written heldWriteEvents events per transaction. All in one, a
// holder killed at the memory bound (about 500,000 deliveries) took
// longer than the sweep's 10 s, which rolled it all back every sweep, so
// they were never written (measured: 10.02 s, deadline exceeded, every
// row left). Each transaction's rows share an xmin: the deliveries must
// come from several.
func TestHeldGoneHolderIsWrittenInParts(t *testing.T) {
	s := openTest(t, "")
	a := newAccount(t, s)
	ep := newEndpoint(t, s, a)
	ctx := context.Background()
	n := 2*heldWriteEvents + 50
	_, err := s.pool.Exec(ctx, `INSERT INTO events (id, account_id, type, payload, created_at)
SELECT 'ev_' || lpad(g::text, 8, '0'), $1, 'order.uploaded', '{}'::bytea, $2 FROM generate_series(1, $3) g`, a, base, n)
	must(t, err)
	_, err = s.pool.Exec(ctx, `INSERT INTO held_fanouts (event_id, account_id, holder, endpoints, created_at)
SELECT 'ev_' || lpad(g::text, 8, '0'), $1, 'gone', ARRAY[$2::text], $3 FROM generate_series(1, $4) g`, a, ep.ID, base, n)
	must(t, err)
	must(t, s.writeGoneHolder(ctx, "gone"))
	if rows := heldRows(t, s); len(rows) != 0 {
		t.Fatalf("%d held rows left", len(rows))
	}
	var written, txs int
	must(t, s.pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT xmin::text) FROM deliveries WHERE endpoint_id = $1`, ep.ID).Scan(&written, &txs))
	if written != n || txs < 3 {
		t.Fatalf("wrote %d deliveries in %d transactions; want %d in at least 3", written, txs, n)
	}
}

// TestHeldStoreClosesTwice: serve closes its store more than once on the
// way out; with the sweeps started (a claim), the second Close panicked
// ("close of closed channel") and serve exited 2 after logging "stopped".
func TestHeldStoreClosesTwice(t *testing.T) {
	s := openTest(t, "")
	claimAll(t, s, "A")
	must(t, s.Close())
	must(t, s.Close())
}

// TestHeldSweepGoesOnPastAFailingHolder: a gone holder whose write fails
// does not keep the sweep from a restarted holder's own rows, nor lose the
// doubt that asks for them.
func TestHeldSweepGoesOnPastAFailingHolder(t *testing.T) {
	schema := newSchemaName(t)
	first := openTest(t, schema)
	h := newHeldSetup(t, first, "A")
	ev := upload(t, first, h.account, h.lease).Event.ID
	// A second, gone holder ("0", listed before "A") whose writes fail.
	other := newHeldSetup(t, first, "0")
	upload(t, first, other.account, other.lease)
	must(t, first.Close())

	again := openTest(t, schema)
	again.heldSweepForTest = 10 * time.Millisecond
	again.goneHolderErrForTest = func(holder string) error {
		if holder == "0" {
			return fmt.Errorf("holder %s: failing on purpose", holder)
		}
		return nil
	}
	claimAll(t, again, "A") // the restarted holder: its rows are not in memory
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, held := heldRows(t, again)[ev]; !held {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the restarted holder's held row of %s was never written beside a failing gone holder", ev)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
