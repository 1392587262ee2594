package api_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// closeOnRead is the real store, with one close of a listen session that
// lands right after the handler's read of it: the moment a concurrent
// DELETE /v1/listen_sessions/{id} can land.
type closeOnRead struct {
	store.Store
	once oneRead
}

// oneRead picks one read of a racing store: the first read of the id it
// was armed with, after arm.
type oneRead struct {
	mu     sync.Mutex
	target string
}

func (o *oneRead) arm(id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.target = id
}

// take reports whether a read of id is the one, disarming it if so.
func (o *oneRead) take(id string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if id != o.target {
		return false
	}
	o.target = ""
	return true
}

func (c *closeOnRead) GetListenSession(ctx context.Context, accountID, id string) (store.ListenSession, error) {
	ls, err := c.Store.GetListenSession(ctx, accountID, id)
	if c.once.take(id) {
		if _, cerr := c.Store.CloseListenSession(ctx, accountID, id, time.Now().UTC()); cerr != nil {
			return ls, cerr
		}
	}
	return ls, err
}

// TestListenResultRacingACloseIsRefused: a result whose session is closed
// while it is being recorded answers as if the close came first (409
// listen_session_closed, nothing recorded), never 201 with a delivery of a
// closed session. Found by racing results with a DELETE against a real
// serve: 2 of 40 were recorded after the close. The handler read the
// session, found it open, and the write did not look again.
func TestListenResultRacingACloseIsRefused(t *testing.T) {
	for name, open := range testenv.Stores() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := &closeOnRead{Store: open(t)}
			s := testenv.Start(t, st, testenv.Options{})
			ls := s.NewListenSession(t, s.APIKey, `{"events": ["stamp.uploaded"]}`)
			ev := newEvent(t, s, "upload")
			st.once.arm(ls)
			code, b := s.Do(t, "POST", "/v1/listen_sessions/"+ls+"/results", s.APIKey, fmt.Sprintf(
				`{"event_id": %q, "started_at": %q, "duration_ms": 3, "request_headers": {}, "status": 200}`,
				ev, time.Now().UTC().Format(time.RFC3339Nano)))
			if code != 409 {
				t.Fatalf("a result beside the session's close: %d %s; want 409 listen_session_closed", code, b)
			}
			if c, _ := errCode(t, b); c != "listen_session_closed" {
				t.Fatalf("a result beside the session's close: %d %s; want 409 listen_session_closed", code, b)
			}
			if code, b = s.Do(t, "GET", "/v1/deliveries?endpoint_id="+ls, s.APIKey, nil); code != 200 || len(testenv.JSON(t, b)["data"].([]any)) != 0 {
				t.Fatalf("the closed session's deliveries: %d %s; want none", code, b)
			}
		})
	}
}
