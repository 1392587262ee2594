package postgres

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/store"
)

// listenRaw listens on the driver's channel on a connection of its own, as
// another instance's Listen does.
func listenRaw(t *testing.T) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testDSN())
	must(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	_, err = conn.Exec(ctx, qListen)
	must(t, err)
	return conn
}

// wokeBefore reports whether conn had a wake-up (a notification with an
// empty payload) from s before a marker notified now. PostgreSQL delivers a
// channel's notifications in the order of their transactions' commits, so
// what a statement that committed earlier sent arrives before the marker:
// no waiting for one that may never come. The channel is the database's,
// not the schema's: other tests' stores (other packages' test binaries run
// beside this one) wake on it too, so only the notifications sent by s's
// own connections count.
func wokeBefore(t *testing.T, s *Store, conn *pgx.Conn) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	marker := "test-marker-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	_, err := s.pool.Exec(ctx, qNotifyEndpoint, marker)
	must(t, err)
	ours := map[uint32]bool{}
	for _, c := range s.pool.AcquireAllIdle(ctx) {
		ours[c.Conn().PgConn().PID()] = true
		c.Release()
	}
	woke := false
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			t.Fatalf("waiting for the marker notification: %v", err)
		}
		switch {
		case n.Payload == marker:
			return woke
		case n.Payload == "" && ours[n.PID]:
			woke = true
		}
	}
}

// Giving back leases wakes the other instances' claimers only when a
// delivery it gave back is due: one whose endpoint is disabled is parked,
// and nothing can claim it.
func TestReleaseLeasesWakesOnlyForDueDeliveries(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	disabled := newEndpoint(t, s, a)
	// Leases that have not ended by the clock: a disable parks only
	// what is not on the wire.
	leased := func() store.LeaseParams {
		return store.LeaseParams{Owner: "me", Until: time.Now().Add(time.Minute), Reserve: func(string) bool { return true }}
	}
	if res := upload(t, s, a, leased()); len(res.Work) != 1 {
		t.Fatalf("leased work = %d, want 1", len(res.Work))
	}
	_, err := s.UpdateEndpoint(ctx, a, disabled.ID, func(e *store.Endpoint) error {
		e.Status, e.UpdatedAt = store.EndpointDisabled, base
		return nil
	})
	must(t, err)

	conn := listenRaw(t)
	n, err := s.ReleaseLeases(ctx, "me", base)
	if err != nil || n != 1 {
		t.Fatalf("ReleaseLeases = %d, %v; want 1 (the parked delivery still counts)", n, err)
	}
	if wokeBefore(t, s, conn) {
		t.Error("giving back only a disabled endpoint's lease woke the claimers, with nothing due to claim")
	}
	if c, err := s.Counts(ctx, base); err != nil || c.DueDeliveries != 0 {
		t.Fatalf("Counts = %+v, %v; want nothing due", c, err)
	}

	// A delivery that is due wakes them.
	newEndpoint(t, s, a)
	if res := upload(t, s, a, leased()); len(res.Work) != 1 {
		t.Fatalf("leased work = %d, want 1 (the enabled endpoint's)", len(res.Work))
	}
	wokeBefore(t, s, conn) // what the upload sent
	n, err = s.ReleaseLeases(ctx, "me", base)
	if err != nil || n != 1 {
		t.Fatalf("ReleaseLeases = %d, %v; want 1", n, err)
	}
	if !wokeBefore(t, s, conn) {
		t.Error("giving back a due delivery woke no claimer")
	}
}

// leaderPings counts the goroutines that TryLeader started to ping its
// lock's session, in every store of this test binary: by the function that
// created them, which their stack names whether or not they have run yet.
func leaderPings() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "created by github.com/esahayak/esahayak/internal/store/postgres.(*Store).TryLeader ")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// A store closed while it leads gives the leadership up, as its release
// would: the lock is free for another instance at once, and nothing of
// the leadership (its pings, its connection) outlives Close. Its release
// also ends the pings before it returns.
func TestCloseGivesUpLeadership(t *testing.T) {
	ctx := context.Background()
	schema := newSchemaName(t)
	s1, s2 := openTest(t, schema), openTest(t, schema)
	before := leaderPings()

	held, rel1, err := s1.TryLeader(ctx)
	must(t, err)
	if !held {
		t.Fatal("TryLeader did not get leadership")
	}
	if n := leaderPings(); n != before+1 {
		t.Fatalf("%d goroutines ping the leader's session while it leads, want %d", n, before+1)
	}
	must(t, s1.Close())
	if n := leaderPings(); n != before {
		t.Errorf("%d goroutines still ping the leader's session after Close, want %d", n, before)
	}
	held, rel2, err := s2.TryLeader(ctx)
	must(t, err)
	if !held {
		t.Fatal("the leadership of a closed store was not free")
	}
	rel1() // after Close: a no-op
	rel2()
	if n := leaderPings(); n != before {
		t.Errorf("%d goroutines still ping the leader's session after its release, want %d", n, before)
	}
	held, rel3, err := s2.TryLeader(ctx)
	must(t, err)
	if !held {
		t.Fatal("the leadership was not free after its release")
	}
	rel3()
}
