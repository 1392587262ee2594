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
// The server's start is read from the server, and the server's clock as
// the claim reads it (serverNowForTest) and the claims' clock moved past
// it, so no restart is needed.
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
		s.serverNowForTest = &now
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

// TestRestartGraceIsOnTheServersClock: the 15 s after the database
// server's start are counted on the server's clock, not the claimer's.
// Counted on the claimer's, an instance whose clock was a minute ahead of
// the server's (or behind it) was past the window (or not yet in it) in
// the seconds after a restart, and took over at once the leases that ran
// out during the outage, sending their deliveries again.
func TestRestartGraceIsOnTheServersClock(t *testing.T) {
	for _, skew := range []time.Duration{time.Minute, -time.Minute} {
		t.Run(skew.String(), func(t *testing.T) {
			s := openTest(t, "")
			ctx := context.Background()
			a := newAccount(t, s)
			newEndpoint(t, s, a)
			var started time.Time
			must(t, s.pool.QueryRow(ctx, `SELECT pg_postmaster_start_time()`).Scan(&started))
			// The owner's clock agrees with the server's; its lease ran
			// out while the server was down.
			res := upload(t, s, a, store.LeaseParams{Owner: "owner", Until: started.Add(-2 * time.Minute), Reserve: func(string) bool { return true }})
			if len(res.Work) != 1 {
				t.Fatalf("upload leased %d deliveries, want 1", len(res.Work))
			}
			serverNow := started.Add(5 * time.Second)
			s.serverNowForTest = &serverNow
			now := serverNow.Add(skew) // the claimer's clock
			work, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "other", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 10})
			must(t, err)
			if len(work) != 0 {
				t.Fatalf("5 s after the server's start by its clock, a claimer %v off it claimed %d deliveries whose lease ran out during the outage; want them left to their owner",
					skew, len(work))
			}
		})
	}
}
