package delivery

import "testing"

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
