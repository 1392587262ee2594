package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// The fan-out queue writes leased deliveries at once, in chunks, and holds
// the others per endpoint until a claim or a read takes them; past maxHeld
// it writes them at once too. It reports the events whose last deliveries
// an operation takes, and forgets those events.
func TestFanoutQueue(t *testing.T) {
	q := newFanoutQueue()
	event := func(name, account string, eps []string, leased ...bool) *deferredFanout {
		f := &deferredFanout{eventID: name, accountID: account, endpoints: eps, leased: leased}
		for _, ep := range eps {
			f.ids = append(f.ids, "dlv_"+name+"_"+ep)
		}
		q.hold(f)
		return f
	}
	names := func(chunk []fanoutPair) []string {
		var out []string
		for _, p := range chunk {
			out = append(out, p.f.eventID+"."+p.f.endpoints[p.i])
		}
		return out
	}
	events := func(fs []*deferredFanout) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.eventID)
		}
		return out
	}

	a := event("a", "acct_1", []string{"x", "y", "z"}, false, true, false)
	b := event("b", "acct_1", []string{"x", "y", "z"}, true, false, false)
	c := event("c", "acct_2", []string{"w"})
	if n := q.add(a); n != 1 || a.waiting != 1 {
		t.Fatalf("add(a): %d drains, waiting %d; want 1 and 1 (only the leased delivery is written at once)", n, a.waiting)
	}
	if n := q.add(b); n != 0 {
		t.Fatalf("add(b) asked for %d more drains; want 0", n)
	}
	if n := q.add(c); n != 0 || c.waiting != 0 {
		t.Fatalf("add(c): %d drains, waiting %d; want 0 and 0 (all held)", n, c.waiting)
	}
	if q.heldOf("acct_1") != 4 || q.heldOf("acct_2") != 1 || q.heldOf("acct_3") != 0 || q.heldOf("") != 5 {
		t.Fatalf("held: %d, by account %v", q.heldN, q.heldBy)
	}
	if got := q.heldEndpoints(); !slices.Equal(got, []string{"w", "x", "y", "z"}) {
		t.Fatalf("held endpoints %v", got)
	}
	chunk, last := q.take(16)
	if got := names(chunk); !slices.Equal(got, []string{"a.y", "b.x"}) || len(last) != 0 {
		t.Fatalf("drain took %v, last of %v; want the two leased deliveries", got, events(last))
	}
	if fin := q.confirm(chunk); !slices.Equal(events(fin), []string{"a", "b"}) {
		t.Fatalf("finished after the drain: %v; want a and b (their held deliveries do not hold them up)", events(fin))
	}
	chunk, last = q.takeHeld("x", 5)
	if got := names(chunk); !slices.Equal(got, []string{"a.x"}) || len(last) != 0 {
		t.Fatalf("claim of x took %v", got)
	}
	// Taken but not yet committed: a read must still wait for it.
	if q.heldOf("acct_1") != 4 {
		t.Fatalf("held of acct_1 while a claim writes one: %d, want 4 (3 held, 1 being written)", q.heldOf("acct_1"))
	}
	q.wrote(chunk)
	if q.heldOf("acct_1") != 3 {
		t.Fatalf("held of acct_1 once the claim committed: %d, want 3", q.heldOf("acct_1"))
	}
	chunk, last = q.takeHeld("z", 1)
	if got := names(chunk); !slices.Equal(got, []string{"a.z"}) || !slices.Equal(events(last), []string{"a"}) || q.holds("a") {
		t.Fatalf("claim of z took %v, last of %v, a still held %v; want a.z, the last of a", got, events(last), q.holds("a"))
	}
	q.wrote(chunk)
	chunk, last = q.takeHeldOf("acct_1", 100)
	q.wrote(chunk)
	if got := names(chunk); len(got) != 2 || !slices.Equal(events(last), []string{"b"}) || q.heldOf("acct_1") != 0 || q.heldOf("acct_2") != 1 {
		t.Fatalf("flush of acct_1 took %v, last of %v", got, events(last))
	}
	chunk, last = q.takeHeldOf("", 100)
	if q.heldOf("") != 1 {
		t.Fatalf("held of all while the last is being written: %d, want 1", q.heldOf(""))
	}
	q.wrote(chunk)
	if got := names(chunk); !slices.Equal(got, []string{"c.w"}) || !slices.Equal(events(last), []string{"c"}) || q.heldOf("") != 0 || len(q.events) != 0 {
		t.Fatalf("flush of all took %v; held %d, events %v", got, q.heldOf(""), q.events)
	}

	// Past maxHeldBytes, deliveries are written at once.
	if q.heldBytes != 0 {
		t.Fatalf("nothing held, yet %d bytes counted", q.heldBytes)
	}
	var eps []string
	for i := range 50 {
		eps = append(eps, fmt.Sprint("e", i))
	}
	for i := 0; ; i++ {
		f := event(fmt.Sprint("big", i), "acct_1", eps)
		q.add(f)
		if f.waiting > 0 {
			if f.waiting != 50 || q.heldBytes > maxHeldBytes || q.heldBytes+heldCost(f, 50) <= maxHeldBytes {
				t.Fatalf("event %d written at once with %d bytes held (bound %d)", i, q.heldBytes, maxHeldBytes)
			}
			break
		}
	}
}

// Deliveries still in the fan-out queue when another process opens the
// same file (a command such as `accounts create` while serve runs) are not
// written twice: that Open's finishFanouts writes what the event lacks, and
// the queue's chunk, seeing that another connection has committed, finds
// fanout_pending cleared and skips them.
func TestFanoutQueueSkipsEventsFinishedElsewhere(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.write(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO endpoints (id, account_id, url, events, status, secret, created_at, updated_at)
			VALUES ('we_1', 'acct_1', 'https://example.test/1', '*', 'enabled', 'whsec_x', 1, 1),
			       ('we_2', 'acct_1', 'https://example.test/2', '*', 'enabled', 'whsec_x', 1, 1);
			INSERT INTO events (id, account_id, type, payload, created_at, fanout_pending)
			VALUES ('evt_1', 'acct_1', 'stamp.uploaded', '{}', 1, 'we_1,we_2'),
			       ('evt_2', 'acct_1', 'stamp.uploaded', '{}', 1, 'we_1,we_2')`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// As if step 1 of both events had just committed in s: evt_1's
	// deliveries leased (written at once), evt_2's held (lanes full).
	until := time.Now().Add(time.Minute)
	f1 := &deferredFanout{eventID: "evt_1", accountID: "acct_1", eventType: "stamp.uploaded", at: time.UnixMicro(1),
		endpoints: []string{"we_1", "we_2"}, ids: []string{"dlv_q1", "dlv_q2"}, leased: []bool{true, true}, owner: "engine-1", until: until,
		gen: s.doubts.Load(), done: make(chan struct{})}
	f2 := &deferredFanout{eventID: "evt_2", accountID: "acct_1", eventType: "stamp.uploaded", at: time.UnixMicro(1),
		endpoints: []string{"we_1", "we_2"}, ids: []string{"dlv_q3", "dlv_q4"}, gen: s.doubts.Load(), done: make(chan struct{})}
	s.fanq.hold(f1)
	s.fanq.hold(f2)
	other, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	s.queueDrains(s.fanq.add(f1))
	s.fanq.add(f2)
	select {
	case <-f1.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the queued fan-out never finished")
	}
	// A read writes the held deliveries first (or here, finds them written).
	if _, _, err := s.ListDeliveries(context.Background(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: "acct_1", Limit: 10}}); err != nil {
		t.Fatal(err)
	}
	var n, fromQueue int
	if err := s.reader.QueryRow(`SELECT COUNT(*), COUNT(*) FILTER (WHERE id LIKE 'dlv_q%') FROM deliveries`).Scan(&n, &fromQueue); err != nil {
		t.Fatal(err)
	}
	if n != 4 || fromQueue != 0 {
		t.Fatalf("%d deliveries, %d of them from the queue; want the 4 that the other Open wrote", n, fromQueue)
	}
}

// A read waits for the deferred fan-outs of its account that began before
// it, not for those that begin meanwhile (under a steady stream of uploads
// there always are some), nor for other accounts'.
func TestReadsWaitOnlyForEarlierFanouts(t *testing.T) {
	q := newFanoutQueue()
	f1 := &deferredFanout{eventID: "evt_1", accountID: "acct_a"}
	other := &deferredFanout{eventID: "evt_o", accountID: "acct_b"}
	q.hold(f1)
	q.hold(other)
	last := q.lastSeq()
	f2 := &deferredFanout{eventID: "evt_2", accountID: "acct_a"}
	q.hold(f2)
	if waiting, _ := q.unfinishedBy("acct_a", last); !waiting {
		t.Fatal("a read does not wait for a fan-out that began before it")
	}
	_, changed := q.unfinishedBy("acct_a", last)
	q.mu.Lock()
	q.finishedLocked(f1)
	q.mu.Unlock()
	select {
	case <-changed:
	default:
		t.Fatal("a finished fan-out does not wake the reads that wait")
	}
	if waiting, _ := q.unfinishedBy("acct_a", last); waiting {
		t.Error("a read waits for a fan-out that began after it, or another account's")
	}
	if waiting, _ := q.unfinishedBy("", last); !waiting {
		t.Error("a read of every account does not wait for acct_b's fan-out")
	}
}

// committedSince names the events whose deferred deliveries were committed
// after a read's count: ListDeliveries reads them again (its check of
// incomplete events, run after the query, no longer saw them as such, and
// a page showed 4 of an event's 12 deliveries). Past its bound it forgets,
// and then names every event asked about.
func TestCommittedSince(t *testing.T) {
	q := newFanoutQueue()
	e1, e2 := &deferredFanout{eventID: "evt_1"}, &deferredFanout{eventID: "evt_2"}
	before := q.commitCount()
	q.committedLocked([]fanoutPair{{f: e1}, {f: e1, i: 1}})
	if got := q.committedSince([]string{"evt_1", "evt_2"}, before); !got["evt_1"] || got["evt_2"] {
		t.Fatalf("committedSince = %v, want evt_1 only", got)
	}
	if got := q.committedSince([]string{"evt_1"}, q.commitCount()); len(got) != 0 {
		t.Fatalf("committed before the read: %v", got)
	}
	mid := q.commitCount()
	for i := 0; i < maxCommittedEvents; i++ {
		q.committedLocked([]fanoutPair{{f: &deferredFanout{eventID: fmt.Sprint("evt_x", i)}}})
	}
	q.committedLocked([]fanoutPair{{f: e2}})
	if got := q.committedSince([]string{"evt_1", "evt_2"}, mid); !got["evt_1"] || !got["evt_2"] {
		t.Fatalf("after the record was let go: %v, want both", got)
	}
}

// An event whose last held deliveries are taken (by a claim, or another
// read's flush) is neither queued nor seen committed until their operation
// calls wrote: a read checking then must still count it incomplete. It did
// not, and a page showed 16 events with 6 of their 12 deliveries.
func TestHeldDeliveriesBeingWrittenKeepTheirEventIncomplete(t *testing.T) {
	q := newFanoutQueue()
	f := &deferredFanout{eventID: "evt_1", accountID: "acct_1", endpoints: []string{"x", "y"}, ids: []string{"dlv_1", "dlv_2"}}
	q.hold(f)
	q.add(f) // nothing leased: both held
	if got, _ := q.incomplete([]string{"evt_1"}, true); !got["evt_1"] {
		t.Fatalf("held: incomplete = %v", got)
	}
	chunk, last := q.takeHeldOf("acct_1", 10)
	if len(chunk) != 2 || len(last) != 1 {
		t.Fatalf("took %d, last %d", len(chunk), len(last))
	}
	if got, _ := q.incomplete([]string{"evt_1"}, true); !got["evt_1"] {
		t.Fatalf("taken, not yet written: incomplete = %v, want evt_1", got)
	}
	since := q.commitCount()
	q.wrote(chunk)
	if got, _ := q.incomplete([]string{"evt_1"}, true); len(got) != 0 {
		t.Fatalf("written: incomplete = %v", got)
	}
	if got := q.committedSince([]string{"evt_1"}, since); !got["evt_1"] {
		t.Fatalf("written after the count: committedSince = %v", got)
	}
}
