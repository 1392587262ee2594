package relay_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// A handler that does not answer within the attempt timeout is said by
// listen as a delivery to it says it: where the attempt stood (no
// response had begun, the headers had not finished, a 1xx had come and
// no final answer), then listen's word that the timeout is a delivery's
// too. listen said only "timed out after 1s (the attempt timeout: …)".
func TestListenSaysWhereATimeoutFoundTheForwardAsADeliveryDoes(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AttemptTimeout: time.Second, Schedule: "1h"})
	release := make(chan struct{})
	handler := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Header.Get(webhook.HeaderEvent) {
		case order.EventStampUploaded:
			w.WriteHeader(http.StatusEarlyHints)
		case order.EventOrderCancelled:
			// Part of the final answer's headers.
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			defer conn.Close()
			buf.WriteString("HTTP/1.1 200 OK\r\nX-Half: ")
			buf.Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(handler.Close)
	t.Cleanup(func() { close(release) }) // runs before the Close
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": handler.URL + "/hook"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	endpoint := testenv.JSON(t, b)["id"].(string)
	l, _ := startListener(t, relay.ListenerConfig{APIBase: s.URL, APIKey: s.APIKey, ForwardTo: handler.URL + "/hook", ForwardTimeout: time.Second})
	const listenNote = "; 1s is the attempt timeout, and a delivery to this handler fails the same way"
	for typ, want := range map[string]string{
		order.EventStampFailed:    "timed out after 1s (the request was sent; no response had begun)",
		order.EventStampUploaded:  "timed out after 1s (the final response's headers had not finished; an informational 103 Early Hints had arrived)",
		order.EventOrderCancelled: "timed out after 1s (the response headers had not finished)",
	} {
		ev := emit(t, s.URL, s.APIKey, s.Operator, typ)
		errorOf := func(ep string) string {
			var got string
			testenv.Eventually(t, 30*time.Second, typ+" recorded", func() bool {
				for _, d := range deliveriesOf(t, s.URL, s.APIKey, ep) {
					if d["event_id"] == ev && d["last_error"] != nil {
						got, _ = d["last_error"].(string)
						return true
					}
				}
				return false
			})
			return got
		}
		if got := errorOf(endpoint); got != want {
			t.Errorf("%s: the delivery recorded %q; want %q", typ, got, want)
		}
		if got := errorOf(l.Session().ID); got != want+listenNote {
			t.Errorf("%s: listen recorded %q; want %q", typ, got, want+listenNote)
		}
	}
}
