package api

import (
	"fmt"
	"testing"
	"time"
)

// TestTouchedKeysAreForgotten: the record of when each API key's last use
// was written keeps the keys used within the last minute, not every key
// ever used. A server whose keys come and go (made, used, revoked) kept
// one entry per key for as long as it ran.
func TestTouchedKeysAreForgotten(t *testing.T) {
	var ts touchState
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10_000 {
		now := start.Add(time.Duration(i) * 100 * time.Millisecond) // 1,000 s, a key every 0.1 s
		if !ts.touchDue(fmt.Sprintf("key_%d", i), now) {
			t.Fatalf("key %d: first use not written", i)
		}
	}
	// A minute holds 600 keys; one interval's sweep can leave up to twice that.
	if n := len(ts.touched); n > 1200 {
		t.Fatalf("touched holds %d keys after 10,000 keys used one after another, want at most 1200 (the last two minutes')", n)
	}

	// What it is for still holds: one write per key a minute.
	now := start.Add(2000 * time.Second)
	if !ts.touchDue("key_a", now) {
		t.Fatal("first use of key_a not written")
	}
	if ts.touchDue("key_a", now.Add(59*time.Second)) {
		t.Fatal("a use 59 s after the written one was written again")
	}
	if !ts.touchDue("key_a", now.Add(61*time.Second)) {
		t.Fatal("a use 61 s after the written one was not written")
	}
}
