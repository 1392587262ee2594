package postgres

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// TestLeaseThatRanOutBeforeTheServerStartedWaitsForItsOwner: a lease that
// ran out while the database server was down stays with its owner for
// restartGrace after the server's start, so that the owner can record the
// attempts it made before the outage instead of another instance sending
// them again; a lease that ran out after the start, and unleased work, are
// claimed as before, and the held lease is claimed once the grace is over.
// The server's start is read from the server, and the claims' clock moved
// past it, so no restart is needed.
func TestLeaseThatRanOutBeforeTheServerStartedWaitsForItsOwner(t *testing.T) {
	s := openTest(t, "")
	ctx := context.Background()
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	var started time.Time
	must(t, s.pool.QueryRow(ctx, `SELECT pg_postmaster_start_time()`).Scan(&started))
	leased := func(until time.Time) string {
		res := upload(t, s, a, store.LeaseParams{Owner: "owner", Until: until, Reserve: func(string) bool { return true }})
		if len(res.Work) != 1 {
			t.Fatalf("upload leased %d deliveries, want 1", len(res.Work))
		}
		return res.Event.ID
	}
	ranOutInOutage := leased(started.Add(-time.Second))
	ranOutSince := leased(started.Add(time.Second))
	unleased := upload(t, s, a, store.LeaseParams{}).Event.ID

	claim := func(now time.Time) []string {
		work, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "other", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 10})
		must(t, err)
		var events []string
		for _, w := range work {
			events = append(events, w.EventID)
		}
		slices.Sort(events)
		return events
	}
	want := []string{ranOutSince, unleased}
	slices.Sort(want)
	if got := claim(started.Add(restartGrace - time.Second)); !slices.Equal(got, want) {
		t.Errorf("claimed within the grace after the server's start: events %v; want %v (not %s, whose lease ran out while the server was down)",
			got, want, ranOutInOutage)
	}
	if got := claim(started.Add(restartGrace + time.Second)); !slices.Equal(got, []string{ranOutInOutage}) {
		t.Errorf("claimed after the grace: events %v; want [%s]", got, ranOutInOutage)
	}
}
