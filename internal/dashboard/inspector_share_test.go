package dashboard

import (
	"testing"
	"time"
)

// TestInspectorBudgetIsNotAnotherAccountsToSpend: past the instance's
// 64 MiB of captures, the oldest of any inspector went first, so one
// account sending to its own capture URL (or anyone who knows it) emptied
// every other account's inspectors. The account holding the most now
// loses its oldest; the others keep theirs, and its own newest are kept.
func TestInspectorBudgetIsNotAnotherAccountsToSpend(t *testing.T) {
	one := (&capture{Body: make([]byte, 64)}).memoryCost()
	s := newInspectors(InspectorLimits{TotalBytes: 20 * one, Captures: 100, PerAccount: 5, TTL: time.Hour, BodyBytes: 64})
	now := time.Now()
	victim, _ := s.create("acct_victim", now)
	flood, _ := s.create("acct_flood", now)
	for i := 0; i < 3; i++ {
		if _, ok := s.add(victim.Token, &capture{Body: make([]byte, 64)}, now); !ok {
			t.Fatal("add refused")
		}
	}
	for i := 0; i < 500; i++ {
		if _, ok := s.add(flood.Token, &capture{Body: make([]byte, 64)}, now); !ok {
			t.Fatal("add refused")
		}
	}
	_, kept, _ := s.get("acct_victim", victim.ID, now)
	if len(kept) != 3 {
		t.Fatalf("another account's 500 captures left the victim %d of its 3 (want all 3)", len(kept))
	}
	_, flooded, _ := s.get("acct_flood", flood.ID, now)
	if len(flooded) != 17 || flooded[0].Seq != 500 || s.bytes > 20*one {
		t.Fatalf("the flooding account kept %d captures (newest %d), %d bytes counted; want its 17 newest within the budget of %d",
			len(flooded), flooded[0].Seq, s.bytes, 20*one)
	}
	// Deleting an inspector gives its account's share back.
	if !s.delete("acct_flood", flood.ID, now) || s.bytes != 3*one || len(s.byAccount) != 1 {
		t.Fatalf("after delete: %d bytes, %d accounts counted", s.bytes, len(s.byAccount))
	}
}
