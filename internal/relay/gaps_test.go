package relay_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestStreamTruncatedWhenTheReplayCapCutsOffUnseenEvents: a listener that
// reconnects with a recent Last-Event-ID (inside the hour) but missed more
// than the 1000 events a replay holds (docs/api.md) is told so: the ready
// message says truncated, and listen warns. No test failed when only a
// cursor older than the hour set it (mutation testing, by hand): the 5
// oldest unseen events were then lost without a word.
func TestStreamTruncatedWhenTheReplayCapCutsOffUnseenEvents(t *testing.T) {
	st, sess, now := replayFixture(t, 3*time.Hour)
	acct := sess.AccountID
	had := eventsAt(t, st, acct, 1, now.Add(-30*time.Minute))
	eventsAt(t, st, acct, relay.ReplayLimit+5, now.Add(-29*time.Minute))
	ready := replayReady(t, st, sess, had[0], relay.ReplayLimit)
	if !ready.Truncated || ready.Replayed != relay.ReplayLimit {
		t.Errorf("%d events missed after a cursor 30 minutes old: ready = %+v; want truncated and %d replayed", relay.ReplayLimit+5, ready, relay.ReplayLimit)
	}
}

// TestStreamReplayStartsTenSecondsBeforeTheCursor: a reconnect replays
// from 10 seconds before the Last-Event-ID event (docs/api.md), not from
// the start of the hour: events the listener had well before its cursor
// are not sent again. No test failed when the replay ignored the cursor
// and sent the whole hour again (mutation testing, by hand).
func TestStreamReplayStartsTenSecondsBeforeTheCursor(t *testing.T) {
	st, sess, now := replayFixture(t, 3*time.Hour)
	acct := sess.AccountID
	older := eventsAt(t, st, acct, 4, now.Add(-40*time.Minute))
	had := eventsAt(t, st, acct, 2, now.Add(-30*time.Minute))
	missed := eventsAt(t, st, acct, 3, now.Add(-29*time.Minute))
	out, ready := streamUntil(t, relay.StreamConfig{Store: st, Session: sess, LastEventID: had[1], Heartbeat: time.Hour}, nil, len(missed))
	if ready.Replayed != len(missed) || ready.Truncated {
		t.Errorf("ready = %+v; want %d replayed, not truncated", ready, len(missed))
	}
	for _, id := range missed {
		if !strings.Contains(out, "id: "+id+"\n") {
			t.Errorf("missed event %s not replayed", id)
		}
	}
	for _, id := range older {
		if strings.Contains(out, id) {
			t.Errorf("event %s, 10 minutes before the cursor, sent again", id)
		}
	}
}

// TestStreamCatchUpReadsEveryPage: events committed while a stream is
// open all arrive at the next wake-up, however many: the catch-up reads
// page after page (100 each), not one page per wake-up. No test failed
// when it read only the first page (mutation testing, by hand): the rest
// then waited for later events or polls. The stream's clock stands still:
// its sweeps (every Lookback/2) then re-read from before the events for
// as long as the test waits, and find only the first page again, so a
// catch-up that stopped after one page never sends the rest, however
// long a loaded machine makes the test wait. (With the real clock a sweep
// sent them once they were Lookback old, and the test had to tell 5 s
// from 10: CI under -race missed 5 s.)
func TestStreamCatchUpReadsEveryPage(t *testing.T) {
	st, sess, _ := replayFixture(t, 3*time.Hour)
	wake := make(chan struct{}, 1)
	const n = 250
	frozen := time.Now()
	_, _ = streamUntil(t, relay.StreamConfig{Store: st, Session: sess, Wake: wake, Poll: time.Hour, Heartbeat: time.Hour,
		Now: func() time.Time { return frozen }}, func() {
		eventsAt(t, st, sess.AccountID, n, time.Now())
		wake <- struct{}{}
	}, n)
}

// streamUntil runs a stream; once its ready message is written it calls
// then (if any), and waits for n webhook events. It returns what was
// written and the ready message.
func streamUntil(t *testing.T, c relay.StreamConfig, then func(), n int) (string, relay.Ready) {
	t.Helper()
	w := &recorder{}
	sctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- relay.Stream(sctx, w, c) }()
	testenv.Eventually(t, 10*time.Second, "the ready message", func() bool { return strings.Contains(w.String(), "event: ready") })
	if then != nil {
		then()
	}
	testenv.Eventually(t, 60*time.Second, "the events", func() bool { return strings.Count(w.String(), "event: webhook") >= n })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	out := w.String()
	var ready relay.Ready
	first, _, _ := strings.Cut(out, "\n\n")
	if err := json.Unmarshal([]byte(strings.TrimPrefix(first, "event: ready\ndata: ")), &ready); err != nil {
		t.Fatalf("ready message %q: %v", first, err)
	}
	return out, ready
}
