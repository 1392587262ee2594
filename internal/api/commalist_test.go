package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestCommaListIsNamed: a filter given several values joined by commas
// (?type=stamp.uploaded,stamp.failed, ?status=pending,failed), as other
// APIs take them, was answered as one unknown value ("unknown event type
// \"stamp.uploaded,stamp.failed\"; known types: stamp.uploaded, …"),
// which lists the very values sent; and an endpoint's events written as
// one string of types likewise. Each now says the value holds several,
// separated by commas, and that one is taken (or, in events, that each
// type is its own string). Codes and statuses are as before.
func TestCommaListIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct {
		method, path, body, code, want string
	}{
		{http.MethodGet, "/v1/events?type=stamp.uploaded,stamp.failed", "", "unknown_event_type", "holds 2 values separated by commas, and type takes one"},
		{http.MethodGet, "/v1/deliveries?event_type=stamp.uploaded,%20order.cancelled", "", "unknown_event_type", "holds 2 values separated by commas"},
		{http.MethodGet, "/v1/deliveries?status=pending,failed", "", "invalid_status", "holds 2 values separated by commas, and status takes one"},
		{http.MethodGet, "/v1/orders?status=failed,CANCELLED,processing", "", "invalid_status", "holds 3 values separated by commas"},
		{http.MethodPost, "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:3000/webhooks", "events": ["stamp.uploaded,stamp.failed"]}`, "unknown_event_type", "give each as its own string of the list"},
	} {
		st, code, _, msg := refusal(t, s, c.method, c.path, c.body)
		if st != 422 || code != c.code || !strings.Contains(msg, c.want) {
			t.Errorf("%s %s %s: %d %s %q; want 422 %s saying %q", c.method, c.path, c.body, st, code, msg, c.code, c.want)
		}
	}
	// A value that is no list of known ones is refused as before.
	if st, code, _, msg := refusal(t, s, http.MethodGet, "/v1/deliveries?status=pending,nope", ""); st != 422 || code != "invalid_status" || strings.Contains(msg, "commas") {
		t.Errorf("status=pending,nope: %d %s %q", st, code, msg)
	}
}
