package relay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestListenAgainstAHostileServer: what a server sends is checked before it
// is forwarded or printed. An event of a type the session did not ask for,
// or with an id that is no event id, is skipped (its id became the cursor,
// and a bad one failed every reconnection); escape sequences are shown,
// not obeyed by the terminal; a message that never ends is cut at 4 MiB
// (memory grew without bound).
func TestListenAgainstAHostileServer(t *testing.T) {
	local := newReceiver(t)
	sessionID := ids.New(relay.SessionPrefix)
	good := ids.New(ids.Event)
	var streams atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/v1/listen_sessions":
			w.WriteHeader(201)
			// The session's types are left out: listen's own --events
			// decides what it forwards.
			json.NewEncoder(w).Encode(map[string]any{"id": sessionID,
				"secret": "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0", "forward_to": local.srv.URL})
		case r.URL.Path == "/v1/listen_sessions/"+sessionID+"/stream":
			w.Header().Set("Content-Type", "text/event-stream")
			if streams.Add(1) > 1 {
				// Reconnected: a ready, then quiet until the test ends.
				fmt.Fprint(w, "event: ready\ndata: {}\n\n")
				w.(http.Flusher).Flush()
				<-r.Context().Done()
				return
			}
			fmt.Fprint(w, "event: ready\ndata: {}\n\n")
			event := func(id, typ string) {
				b, _ := json.Marshal(map[string]string{"id": id, "type": typ, "created_at": "2026-01-01T00:00:00.000Z",
					"payload": `{"id":"` + id + `","type":"` + typ + `"}`})
				fmt.Fprintf(w, "event: webhook\nid: %s\ndata: %s\n\n", id, b)
			}
			event(ids.New(ids.Event), "order.cancelled")      // not asked for
			event("evt_zz\x1b]0;pwned\x07", "stamp.uploaded") // no event id, and a terminal escape
			event(good, "stamp.uploaded")
			w.(http.Flusher).Flush()
			// Data lines without the blank line that ends a message.
			line := "data: " + strings.Repeat("x", 64<<10) + "\n"
			for i := 0; i < 100 && r.Context().Err() == nil; i++ {
				fmt.Fprint(w, line)
			}
		case r.URL.Path == "/v1/listen_sessions/"+sessionID+"/results":
			w.WriteHeader(201)
			fmt.Fprint(w, `{}`)
		default:
			w.WriteHeader(200)
			fmt.Fprint(w, `{}`)
		}
	}))
	defer api.Close()
	out := &testenv.Output{}
	l, err := relay.NewListener(relay.ListenerConfig{APIBase: api.URL, APIKey: "esk_x", ForwardTo: local.srv.URL + "/hook", Out: out,
		MinBackoff: 50 * time.Millisecond, Events: []string{"stamp.uploaded"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	local.byID(t, good)
	testenv.Eventually(t, 15*time.Second, "the endless message to be cut", func() bool { return streams.Load() >= 2 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	local.mu.Lock()
	n := len(local.got)
	local.mu.Unlock()
	if n != 1 {
		t.Errorf("the local handler got %d requests, want the one event asked for", n)
	}
	text := out.String()
	if strings.ContainsAny(text, "\x1b\x07") {
		t.Errorf("an escape sequence from the server reached the terminal:\n%q", text)
	}
	if strings.Count(text, "which is not an event this session asked for; skipped") != 2 {
		t.Errorf("the two events not asked for are not both reported as skipped:\n%s", text)
	}
	if !strings.Contains(text, "a message of more than 4 MiB") {
		t.Errorf("the endless message is not named:\n%s", text)
	}
}

// TestListenDoesNotFollowRedirects: the API key goes with every call; a
// redirect followed sent it to another port (or over http:// after
// https://).
func TestListenDoesNotFollowRedirects(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer api.Close()
	l, err := relay.NewListener(relay.ListenerConfig{APIBase: api.URL, APIKey: "esk_x", ForwardTo: "http://127.0.0.1:1/hook", Out: &testenv.Output{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.Run(ctx); err == nil || !strings.Contains(err.Error(), "redirected to "+other.URL) {
		t.Fatalf("listen against a redirecting API: %v", err)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect's target got %d requests (with the API key)", n)
	}
	// A stream that redirects ends listen too: --api-base is wrong, and
	// retrying will not change that.
	sessionID := ids.New(relay.SessionPrefix)
	streamAPI := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && r.URL.Path == "/v1/listen_sessions" {
			w.WriteHeader(201)
			json.NewEncoder(w).Encode(map[string]any{"id": sessionID, "secret": "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0"})
			return
		}
		if r.Method == "GET" {
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
			return
		}
		w.WriteHeader(200)
	}))
	defer streamAPI.Close()
	l, err = relay.NewListener(relay.ListenerConfig{APIBase: streamAPI.URL, APIKey: "esk_x", ForwardTo: "http://127.0.0.1:1/hook", Out: &testenv.Output{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Run(ctx); err == nil || !strings.Contains(err.Error(), "redirected to "+other.URL) {
		t.Fatalf("listen against a redirecting stream: %v", err)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect's target got %d requests (with the API key)", n)
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"stamp.uploaded":          "stamp.uploaded",
		"a\x1b[31mred":            `a\x1b[31mred`,
		"x\u202ey":                `x\u202ey`,
		"ok é ü":                  "ok é ü",
		"bell\a":                  `bell\a`,
		"c1\u009b31m":             `c1\u009b31m`,
		"line\nbreak":             `line\nbreak`,
		string([]byte{0xff, 'a'}): `\ufffda`,
	} {
		if got := relay.Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestListenReconnectPacing: a stream dropped just after its ready backs
// off as a failure does (it reconnected every ~50 ms for as long as the
// server kept doing it), and a 429's Retry-After is waited for.
func TestListenReconnectPacing(t *testing.T) {
	sessionID := ids.New(relay.SessionPrefix)
	var mode atomic.Value // "drop" or "busy"
	var times []time.Time
	var mu sync.Mutex
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/v1/listen_sessions":
			w.WriteHeader(201)
			json.NewEncoder(w).Encode(map[string]any{"id": sessionID, "events": []string{"stamp.uploaded"},
				"secret": "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0"})
		case r.Method == "GET":
			mu.Lock()
			times = append(times, time.Now())
			first := len(times) == 1
			mu.Unlock()
			if mode.Load() == "busy" && first {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				fmt.Fprint(w, `{"error": {"type": "rate_limit_error", "code": "too_many_listeners", "message": "busy", "param": ""}}`)
				return
			}
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, "event: ready\ndata: {}\n\n")
			if mode.Load() == "busy" {
				w.(http.Flusher).Flush()
				<-r.Context().Done()
			}
		default:
			w.WriteHeader(200)
			fmt.Fprint(w, `{}`)
		}
	}))
	defer api.Close()
	run := func(m string, d time.Duration) []time.Time {
		mode.Store(m)
		mu.Lock()
		times = nil
		mu.Unlock()
		l, err := relay.NewListener(relay.ListenerConfig{APIBase: api.URL, APIKey: "esk_x", ForwardTo: "http://127.0.0.1:1/hook", Out: &testenv.Output{},
			MinBackoff: 50 * time.Millisecond, MaxBackoff: 400 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		l.Run(ctx)
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Time(nil), times...)
	}
	if got := run("drop", 2*time.Second); len(got) > 15 {
		t.Errorf("%d streams in 2 s against a server that drops each after its ready; want backoff (a few)", len(got))
	}
	got := run("busy", 3*time.Second)
	if len(got) < 2 {
		t.Fatalf("listen did not reconnect after a 429 within 3 s (%d tries)", len(got))
	}
	if gap := got[1].Sub(got[0]); gap < 900*time.Millisecond {
		t.Errorf("listen reconnected %v after a 429 with Retry-After: 1", gap)
	}
}

// TestListenSaysAStreamBrokeOff: a server killed (or a proxy cut) in the
// middle of a stream leaves it without its end, and listen printed Go's
// word for that, "Connection lost (unexpected EOF)", which tells a
// developer nothing of what happened.
func TestListenSaysAStreamBrokeOff(t *testing.T) {
	sessionID := ids.New(relay.SessionPrefix)
	var streams atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/v1/listen_sessions":
			w.WriteHeader(201)
			json.NewEncoder(w).Encode(map[string]any{"id": sessionID,
				"secret": "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0"})
		case r.URL.Path == "/v1/listen_sessions/"+sessionID+"/stream":
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, "event: ready\ndata: {}\n\n")
			w.(http.Flusher).Flush()
			if streams.Add(1) > 1 {
				<-r.Context().Done()
				return
			}
			// The server dies: the connection closes with the chunked
			// stream unfinished.
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			conn.Close()
		default:
			w.WriteHeader(200)
			fmt.Fprint(w, `{}`)
		}
	}))
	defer api.Close()
	out := &testenv.Output{}
	l, err := relay.NewListener(relay.ListenerConfig{APIBase: api.URL, APIKey: "esk_x", ForwardTo: "http://127.0.0.1:1/hook", Out: out,
		MinBackoff: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	testenv.Eventually(t, 15*time.Second, "a reconnection", func() bool { return streams.Load() >= 2 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.Contains(text, "Connection lost (the stream broke off: the server stopped, or something on the way cut the connection); reconnecting") {
		t.Errorf("the broken stream is not said in words:\n%s", text)
	}
}
