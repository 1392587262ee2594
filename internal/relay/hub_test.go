package relay_test

import (
	"testing"

	"github.com/esahayak/esahayak/internal/relay"
)

// TestHubWakesTheAccountsStreamsUpToItsLimit: Notify wakes every stream
// of the account at once (and only its own), coalescing wake-ups; with a
// limit of n the account's n+1st stream is refused until one ends. No
// test failed when Notify woke nobody (a listener then waited for the
// next poll, up to a second, for each event) or when the limit let one
// stream more through (by hand).
func TestHubWakesTheAccountsStreamsUpToItsLimit(t *testing.T) {
	h := relay.NewHub()
	a1, cancelA1, ok1 := h.Subscribe("acct_a", 2)
	a2, cancelA2, ok2 := h.Subscribe("acct_a", 2)
	b, cancelB, okB := h.Subscribe("acct_b", 2)
	defer cancelA2()
	defer cancelB()
	if !ok1 || !ok2 || !okB {
		t.Fatalf("subscriptions within the limit refused: %v %v %v", ok1, ok2, okB)
	}
	if _, _, ok := h.Subscribe("acct_a", 2); ok {
		t.Fatalf("a third stream of acct_a was let through a limit of 2")
	}
	if n := h.Streams("acct_a"); n != 2 {
		t.Fatalf("Streams(acct_a) = %d, want 2", n)
	}
	h.Notify("acct_a")
	h.Notify("acct_a") // coalesces: never blocks
	for i, ch := range []<-chan struct{}{a1, a2} {
		select {
		case <-ch:
		default:
			t.Fatalf("stream %d of acct_a was not woken by Notify", i+1)
		}
	}
	select {
	case <-b:
		t.Fatalf("acct_b's stream was woken by acct_a's event")
	default:
	}
	cancelA1()
	if _, cancel, ok := h.Subscribe("acct_a", 2); !ok {
		t.Fatalf("a stream of acct_a refused after one of its two ended")
	} else {
		cancel()
	}
}
