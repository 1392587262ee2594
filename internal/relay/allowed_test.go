package relay_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/relay"
)

// TestStreamNotAllowedWritesNothing: a stream whose Allowed says false
// when its replay has events (the key revoked between the request's
// check and the replay's read) writes nothing, not even its headers
// (Start), so that the API can still answer 401.
func TestStreamNotAllowedWritesNothing(t *testing.T) {
	st, sess, now := replayFixture(t, 3*time.Hour)
	eventsAt(t, st, sess.AccountID, 2, now.Add(-time.Minute))
	asked, started := 0, false
	w := &recorder{}
	err := relay.Stream(context.Background(), w, relay.StreamConfig{Store: st, Session: sess, Heartbeat: time.Hour,
		Start:   func() { started = true },
		Allowed: func(context.Context) (bool, error) { asked++; return false, nil }})
	if !errors.Is(err, relay.ErrNotAllowed) || started || w.String() != "" || asked != 1 {
		t.Fatalf("Stream = %v, started %v, asked %d times, wrote %q; want ErrNotAllowed, nothing started or written, asked once", err, started, asked, w.String())
	}
}
