package delivery

import (
	"fmt"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/store"
)

// TestInsertLeasesCountTheClaimInProgress: a claim sized from the room
// free before inserts reserved theirs, and those inserts' deliveries
// leased at once, together passed MaxInFlight (16 at the receiver with a
// limit of 8, one PostgreSQL run in 30). Inserts now count the room the
// claim in progress may fill.
func TestInsertLeasesCountTheClaimInProgress(t *testing.T) {
	e := &Engine{cfg: Config{MaxInFlight: 8, PerEndpoint: 16}, lanes: map[string]*lane{}, started: true}
	e.setClaiming(8)
	if e.hasRoom("we_a") {
		t.Fatal("an insert got room that the claim in progress may fill")
	}
	e.setClaiming(6)
	if !e.hasRoom("we_a") || !e.hasRoom("we_a") || e.hasRoom("we_b") {
		t.Fatal("with 6 of 8 being claimed, inserts should get exactly 2")
	}
	e.setClaiming(0)
	if !e.hasRoom("we_b") {
		t.Fatal("no room for an insert once the claim is done and 2 of 8 are reserved")
	}
}

// TestClaimSizeAndShareInOneStep: a claim's room is taken in the same step
// that measures it; measured, then recorded, an insert between the two
// found the room free (8 claimed and 2 leased at insert, with a limit of 8).
func TestClaimSizeAndShareInOneStep(t *testing.T) {
	e := &Engine{cfg: Config{MaxInFlight: 8, PerEndpoint: 16, ClaimBatch: 256}, lanes: map[string]*lane{}, started: true}
	if n := e.startClaim(); n != 8 {
		t.Fatalf("claim of %d, want the 8 free", n)
	}
	if e.hasRoom("we_a") {
		t.Fatal("an insert got room the claim had just measured")
	}
}

// TestPromptGrantsDoNotTakeTheSlowShare: in a claim, room granted to prompt
// lanes (512 each for a fast endpoint's deep queue, whatever it has due)
// does not count against the slow lanes' share: six fast endpoints ahead
// of them in the claim's oldest-first order turned every slow lane away
// from an empty engine.
func TestPromptGrantsDoNotTakeTheSlowShare(t *testing.T) {
	e := &Engine{cfg: Config{MaxInFlight: 4096, PerEndpoint: 16, ClaimBatch: 256}, lanes: map[string]*lane{}, started: true}
	var order []string
	for i := range 8 {
		id := fmt.Sprintf("fast%d", i)
		e.lanes[id] = &lane{id: id, window: 16, avg: 50 * time.Millisecond}
		order = append(order, id)
	}
	e.lanes["slow"] = &lane{id: "slow", window: 16, avg: 2 * time.Second}
	order = append(order, "slow")
	c := &claimRooms{e: e, granted: map[string]int{}}
	var got []int
	for _, id := range order {
		got = append(got, c.room(id))
	}
	if got[len(got)-1] <= 0 {
		t.Errorf("rooms %v: the slow lane was turned away from an empty engine", got)
	}
	if c.sharedRefused != 0 {
		t.Errorf("sharedRefused %d, want 0", c.sharedRefused)
	}
}

// TestRefusedConnectionsKeepASlowLaneSlow: attempts that never reached
// the endpoint (its receiver restarting: connections refused in a
// millisecond) do not make a slow lane prompt; attempts that reached it
// count, a timeout included.
func TestRefusedConnectionsKeepASlowLaneSlow(t *testing.T) {
	l := &lane{id: "slow", window: 16, avg: 5 * time.Second}
	for _, kind := range []string{egress.KindConnectionRefused, egress.KindDNS, egress.KindTLS, egress.KindBlocked, egress.KindProxy} {
		for range 20 {
			l.recordTime(time.Millisecond, store.Result{Outcome: store.OutcomeRetry, Attempt: &store.Attempt{ErrorKind: kind}})
		}
	}
	if prompt(l) || l.avg != 5*time.Second || !l.failing {
		t.Fatalf("after refused connections: avg %s, prompt %v, failing %v; want 5s, slow, failing", l.avg, prompt(l), l.failing)
	}
	l.recordTime(10*time.Second, store.Result{Outcome: store.OutcomeRetry, Attempt: &store.Attempt{ErrorKind: egress.KindTimeout}})
	if l.avg <= 5*time.Second {
		t.Errorf("a timeout did not count: avg %s", l.avg)
	}
	for range 40 {
		l.recordTime(time.Millisecond, store.Result{Outcome: store.OutcomeSucceeded, Attempt: &store.Attempt{ResponseStatus: 200}})
	}
	if !prompt(l) || l.failing {
		t.Errorf("after 40 quick answers: avg %s, prompt %v, failing %v; want prompt", l.avg, prompt(l), l.failing)
	}
}

// TestSlowFailuresBeforeTheRequestMakeALaneSlow: attempts that end before
// any request but take seconds (name servers that time out, a TLS
// handshake that fails late) make a new lane slow; they were not counted
// at all, so such a lane stayed prompt.
func TestSlowFailuresBeforeTheRequestMakeALaneSlow(t *testing.T) {
	for _, kind := range []string{egress.KindDNS, egress.KindTLS, egress.KindProxy, egress.KindConnectionRefused} {
		l := &lane{id: "new", window: 2}
		for range 4 {
			l.recordTime(1400*time.Millisecond, store.Result{Outcome: store.OutcomeRetry, Attempt: &store.Attempt{ErrorKind: kind}})
		}
		if prompt(l) {
			t.Errorf("%s failures after 1.4 s: avg %s, still prompt", kind, l.avg)
		}
		// A quick one of the same kind does not make it prompt again.
		l.recordTime(time.Millisecond, store.Result{Outcome: store.OutcomeRetry, Attempt: &store.Attempt{ErrorKind: kind}})
		if prompt(l) {
			t.Errorf("%s: one quick failure made the lane prompt (avg %s)", kind, l.avg)
		}
	}
}

// TestQuickRefusalsLeaveANewLaneShallow: a new lane whose first attempts
// are refused at once (its receiver restarting) keeps the shallow queue;
// counting those microseconds gave it a fast endpoint's 32-fold queue.
func TestQuickRefusalsLeaveANewLaneShallow(t *testing.T) {
	e := &Engine{cfg: Config{MaxInFlight: 4096, PerEndpoint: 16}, lanes: map[string]*lane{}, started: true}
	l := e.newLane("we_restarting")
	e.lanes["we_restarting"] = l
	for _, kind := range []string{egress.KindConnectionRefused, egress.KindDNS, egress.KindTLS} {
		for range 20 {
			res := store.Result{Outcome: store.OutcomeRetry, Attempt: &store.Attempt{ErrorKind: kind}}
			l.recordTime(300*time.Microsecond, res)
			e.adjustWindow(l, res)
		}
	}
	if q := e.queueLimit(l); q > e.cfg.PerEndpoint {
		t.Errorf("a lane that has only been refused got a queue of %d (avg %s); want the shallow %d", q, l.avg, e.cfg.PerEndpoint)
	}
}
