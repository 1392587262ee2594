package api_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBearerSchemeIsCaseInsensitive: the auth scheme is case-insensitive
// (RFC 9110 §11.1), so "bearer esk_…" and "BEARER esk_…" work exactly as
// docs/api.md's "Authorization: Bearer esk_…" does, and a wrong key under
// "bearer" is still invalid_api_key. No test failed when only "Bearer"
// was accepted (mutation testing, by hand); a client library that lowers
// the scheme would then have been refused with 401.
func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		st, b := testenv.DoHeaders(t, "GET", s.URL+"/v1/orders", "", nil, map[string]string{"Authorization": scheme + " " + s.APIKey})
		if st != 200 {
			t.Errorf("Authorization: %s <key>: %d %s; want 200", scheme, st, b)
		}
	}
	st, b := testenv.DoHeaders(t, "GET", s.URL+"/v1/orders", "", nil, map[string]string{"Authorization": "bearer esk_nope"})
	if code, _ := errCode(t, b); st != 401 || code != "invalid_api_key" {
		t.Errorf("Authorization: bearer esk_nope: %d %s; want 401 invalid_api_key", st, b)
	}
}

// TestStreamRefusesLastEventIDFromTheFuture: a Last-Event-ID more than 5
// minutes ahead of the server's clock is 422 invalid_last_event_id with
// param naming the header (docs/api.md, Listen sessions), at once: such a
// cursor would keep the stream silent until that time, on every
// reconnect. One within the 5 minutes (a client clock slightly ahead)
// still opens the stream.
func TestStreamRefusesLastEventIDFromTheFuture(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	stream := s.URL + "/v1/listen_sessions/" + s.NewListenSession(t, s.APIKey, `{}`) + "/stream"
	ahead := ids.Floor(ids.Event, time.Now().Add(10*time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", stream, nil)
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	req.Header.Set("Last-Event-ID", ahead)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("Last-Event-ID 10 minutes ahead: %v (want 422 at once, not a stream)", err)
	}
	if resp.StatusCode != 422 {
		resp.Body.Close()
		t.Fatalf("Last-Event-ID 10 minutes ahead: %d %s; want 422 invalid_last_event_id", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if code, param := errCode(t, b); code != "invalid_last_event_id" || param != "Last-Event-ID" {
		t.Errorf("Last-Event-ID 10 minutes ahead: %s; want invalid_last_event_id, param Last-Event-ID", b)
	}

	near := ids.Floor(ids.Event, time.Now().Add(time.Minute))
	req, _ = http.NewRequestWithContext(ctx, "GET", stream, nil)
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	req.Header.Set("Last-Event-ID", near)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("Last-Event-ID 1 minute ahead: %v", err)
	}
	defer resp.Body.Close()
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if resp.StatusCode != 200 || err != nil || !strings.HasPrefix(line, "event: ready") {
		t.Errorf("Last-Event-ID 1 minute ahead: %d, first line %q, %v; want the stream", resp.StatusCode, line, err)
	}
}
