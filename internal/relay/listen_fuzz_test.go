package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/webhook"
)

// FuzzListenStream: whatever the server's stream holds, listen forwards to
// the local handler exactly the webhook messages that are events of a type
// it asked for, each once and in the order they came, with the payload
// byte for byte as the body, the event's id and type in the webhook
// headers and a signature the session's secret verifies; it records a
// result for each, reconnects with the newest of their ids as
// Last-Event-ID, and prints nothing a terminal would obey rather than
// show. readSSE's own grammar is FuzzReadSSE's; this is what is done with
// the messages it gives.
//
// The API is a RoundTripper in memory (nothing is looked up or dialled for
// it); the local handler is a server on loopback, so run it with
// -parallel 1.
func FuzzListenStream(f *testing.F) {
	const secret = "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0"
	sessionID := ids.New(SessionPrefix)
	var mu sync.Mutex
	var forwarded []*http.Request
	var bodies [][]byte
	local := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		forwarded, bodies = append(forwarded, r), append(bodies, b)
		mu.Unlock()
	}))
	f.Cleanup(local.Close)

	event := func(id, typ, payload string) string {
		b, _ := json.Marshal(Message{ID: id, Type: typ, CreatedAt: "2026-01-01T00:00:00.000Z", Payload: payload})
		return "event: webhook\nid: " + id + "\ndata: " + string(b) + "\n\n"
	}
	a, b := ids.New(ids.Event), ids.New(ids.Event)
	for i, s := range []string{
		"event: ready\ndata: {}\n\n" + event(a, "stamp.uploaded", `{"id":"`+a+`"}`),
		event(b, "order.cancelled", "{}") + event(a, "stamp.failed", "\x00\xff") + event(b, "order.cancelled", "{}"),
		event("evt_zz\x1b]0;pwned\x07", "stamp.uploaded", "{}") + event(a, "stamp.uploaded\u202e", "{}"),
		"event: webhook\ndata: {\"id\": \"" + a + "\", \"type\": \"stamp.uploaded\", \"payload\": \"\\ud800\"}\n\n",
		"event: webhook\ndata: {\"id\": \"" + a + "\",\ndata: \"type\": \"stamp.uploaded\"}\n\n",
		"event: webhook\ndata: not json\n\nevent: ready\ndata: {\"replayed\": -1, \"truncated\": true}\n\n",
		"event: webhook\ndata: {\"id\": \"" + strings.ToUpper(a) + "\", \"type\": \"stamp.uploaded\"}\n\n",
	} {
		f.Add([]byte(s), uint8(i*37))
	}
	f.Fuzz(func(t *testing.T, stream []byte, pick uint8) {
		// pick chooses --events: a bit per type, none for every type.
		var events []string
		for i, typ := range webhook.EventTypes {
			if i < 8 && pick&(1<<i) != 0 {
				events = append(events, typ)
			}
		}
		wantTypes := events
		if len(wantTypes) == 0 {
			wantTypes = webhook.EventTypes
		}
		var want []Message
		for _, m := range sseModel(stream) {
			var msg Message
			if m.event != EventWebhook || json.Unmarshal([]byte(m.data), &msg) != nil || !ids.Valid(ids.Event, msg.ID) ||
				!slices.Contains(wantTypes, msg.Type) || slices.ContainsFunc(want, func(w Message) bool { return w.ID == msg.ID }) {
				continue
			}
			want = append(want, msg)
		}

		mu.Lock()
		forwarded, bodies = nil, nil
		mu.Unlock()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var apiMu sync.Mutex
		streams, cursor, results := 0, "", []string(nil)
		api := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			apiMu.Lock()
			defer apiMu.Unlock()
			answer := func(status int, contentType, body string) (*http.Response, error) {
				return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {contentType}}, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
			}
			switch path := r.URL.Path; {
			case r.Method == http.MethodPost && path == "/v1/listen_sessions":
				s, _ := json.Marshal(Session{ID: sessionID, Object: "listen_session", Events: events, Status: SessionOpen, Secret: secret})
				return answer(http.StatusCreated, "application/json", string(s))
			case r.Method == http.MethodGet && path == "/v1/listen_sessions/"+sessionID+"/stream":
				if streams++; streams == 1 {
					return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"text/event-stream"}},
						Body: io.NopCloser(bytes.NewReader(stream)), Request: r}, nil
				}
				// The reconnection after the stream ended, every message of
				// it handled: its cursor is what listen kept. Stop there.
				cursor = r.Header.Get("Last-Event-ID")
				cancel()
				return nil, context.Canceled
			case r.Method == http.MethodPost && path == "/v1/listen_sessions/"+sessionID+"/results":
				var rep Report
				if err := json.NewDecoder(r.Body).Decode(&rep); err != nil {
					t.Errorf("a result that is not JSON: %v", err)
				}
				results = append(results, rep.EventID)
				return answer(http.StatusOK, "application/json", "{}")
			case r.Method == http.MethodDelete && path == "/v1/listen_sessions/"+sessionID:
				return answer(http.StatusOK, "application/json", "{}")
			}
			t.Errorf("listen called %s %s", r.Method, r.URL)
			return answer(http.StatusNotFound, "application/json", `{"error": {"code": "not_found", "message": "no such route"}}`)
		})}
		var out lockedBuffer
		l, err := NewListener(ListenerConfig{APIBase: "http://127.0.0.1:1", APIKey: "esk_fuzz", ForwardTo: local.URL + "/hook", Events: events,
			Out: &out, API: api, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- l.Run(ctx) }()
		select {
		case err = <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("listen still runs 30 s after a stream of %d bytes: %q", len(stream), stream)
		}
		l.fwd.CloseIdleConnections()
		if err != nil {
			t.Fatalf("stream %q: listen ended with %v", stream, err)
		}

		mu.Lock()
		defer mu.Unlock()
		if len(forwarded) != len(want) {
			t.Fatalf("stream %q: %d forwarded; want %d (%+v)", stream, len(forwarded), len(want), want)
		}
		newest := ""
		for i, m := range want {
			r, body := forwarded[i], bodies[i]
			if string(body) != m.Payload {
				t.Fatalf("stream %q: forward %d has body %q; want the payload %q", stream, i, body, m.Payload)
			}
			if r.Header.Get(webhook.HeaderID) != m.ID || r.Header.Get(webhook.HeaderEvent) != m.Type {
				t.Fatalf("stream %q: forward %d has id %q, type %q; want %q, %q", stream, i, r.Header.Get(webhook.HeaderID), r.Header.Get(webhook.HeaderEvent), m.ID, m.Type)
			}
			if _, err := webhook.Verify(secret, body, r.Header); err != nil && !errors.Is(err, webhook.ErrInvalidPayload) {
				t.Fatalf("stream %q: forward %d does not verify with the session's secret: %v", stream, i, err)
			}
			newest = max(newest, m.ID)
		}
		apiMu.Lock()
		defer apiMu.Unlock()
		if cursor != newest {
			t.Fatalf("stream %q: reconnected with Last-Event-ID %q; want %q", stream, cursor, newest)
		}
		if len(results) != len(want) {
			t.Fatalf("stream %q: %d results recorded for %d forwards", stream, len(results), len(want))
		}
		for i, m := range want {
			if results[i] != m.ID {
				t.Fatalf("stream %q: result %d is of %q; want %q", stream, i, results[i], m.ID)
			}
		}
		for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			if strings.ContainsFunc(line, hidesInTerminal) {
				t.Fatalf("stream %q: listen printed %q", stream, line)
			}
		}
	})
}

// lockedBuffer is listen's Out, read once it has stopped.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
