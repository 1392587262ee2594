package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// TestFailedPruneCountsNothing: a Prune whose write fails after it has
// deleted some rows (here the listen sessions' statement, refused by a
// trigger, after an old event went) rolls them all back; it reported
// them all the same, and the maintenance loop added them to
// esahayak_pruned_rows_total, which then counted rows still there. A
// failed call counts nothing, as the PostgreSQL driver's does.
func TestFailedPruneCountsNothing(t *testing.T) {
	ctx := context.Background()
	s, path := fileStore(t)
	defer s.Close()
	at := time.Now().Add(-time.Hour)
	account, _ := accountWithEndpoint(t, s, at)
	db := rawDB(t, path)
	event := ids.New(ids.Event)
	if _, err := db.Exec(`INSERT INTO events (id, account_id, type, payload, created_at, test) VALUES (?, ?, ?, '{}', ?, 1)`,
		event, account, order.EventTypes[0], at.UnixMicro()); err != nil {
		t.Fatal(err)
	}
	ls := store.ListenSession{ID: ids.New("ls"), AccountID: account, Events: order.EventTypes,
		Secret: "whsec_dGVzdHNlY3JldA", CreatedAt: at}
	if err := s.CreateListenSession(ctx, ls, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseListenSession(ctx, account, ls.ID, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TRIGGER refuse_prune BEFORE DELETE ON listen_sessions BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`); err != nil {
		t.Fatal(err)
	}
	n, err := s.Prune(ctx, time.Now().Add(time.Hour), 1000)
	if err == nil {
		t.Fatal("the prune did not fail")
	}
	if n != (store.Pruned{}) {
		t.Errorf("a failed prune reported %+v; want nothing pruned", n)
	}
	var events int
	if err := db.QueryRow(`SELECT COUNT(*) FROM events WHERE id = ?`, event).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if events != 1 {
		t.Fatal("the failed prune's write was not rolled back: the event is gone")
	}
	// Once the statement is let through, the next call counts what it deletes.
	if _, err := db.Exec(`DROP TRIGGER refuse_prune`); err != nil {
		t.Fatal(err)
	}
	n, err = s.Prune(ctx, time.Now().Add(time.Hour), 1000)
	if err != nil {
		t.Fatal(err)
	}
	if n.Events != 1 || n.ListenSessions != 1 {
		t.Errorf("the prune after the trigger's drop reported %+v; want the event and the listen session", n)
	}
}
