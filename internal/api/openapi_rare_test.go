package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestOpenAPIRareAnswersMatchSchemas: the answers that
// TestOpenAPIResponsesMatchSchemas, whose receiver takes every delivery,
// never sees match their schemas too: a delivery whose attempts got no
// response (response null, an error_kind), retrying then failed; an
// endpoint with a failing run and one disabled (failing_since,
// disabled_reason); a secret rotated twice (older_secrets); a recover
// with include_missed cut short (missed, next_since); a listen result
// with no response (status 0); the 409s of a disabled and of a deleted
// endpoint.
func TestOpenAPIRareAnswersMatchSchemas(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{MissedScanLimit: 1})
	key, opTok := s.APIKey, s.Operator
	ask := func(method, tmpl, id, query, body string, want int) map[string]any {
		t.Helper()
		path := strings.ReplaceAll(tmpl, "{id}", id)
		if query != "" {
			path += "?" + query
		}
		k := key
		if strings.HasSuffix(tmpl, "/upload") {
			k = opTok
		}
		var b any
		if body != "" {
			b = body
		}
		st, out := s.Do(t, method, path, k, b)
		if st != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, st, out, want)
		}
		return checkAnswer(t, doc, method, tmpl, path, st, out)
	}
	id := func(m map[string]any) string { return m["id"].(string) }

	// Nothing listens on port 1 of loopback: every attempt is refused.
	ep := id(ask("POST", "/v1/webhook_endpoints", "", "", `{"url": "http://127.0.0.1:1/refused"}`, 201))
	ls := id(ask("POST", "/v1/listen_sessions", "", "", `{}`, 201))
	o := id(ask("POST", "/v1/orders", "", "", goodOrder, 201))
	ask("POST", "/v1/orders/{id}/upload", o, "", "", 200)
	var dlv string
	testenv.Eventually(t, 10*time.Second, "a refused attempt", func() bool {
		_, b := s.Do(t, "GET", "/v1/deliveries?endpoint_id="+ep, key, nil)
		data := testenv.JSON(t, b)["data"].([]any)
		if len(data) == 0 {
			return false
		}
		d := data[0].(map[string]any)
		dlv = d["id"].(string)
		return d["attempt_count"].(float64) >= 1
	})
	ask("GET", "/v1/deliveries/{id}", dlv, "", "", 200)
	ask("GET", "/v1/deliveries", "", "status=retrying", "", 200)
	ask("GET", "/v1/webhook_endpoints/{id}", ep, "", "", 200)
	testenv.Eventually(t, 10*time.Second, "the delivery to fail", func() bool {
		_, b := s.Do(t, "GET", "/v1/deliveries/"+dlv, key, nil)
		return testenv.JSON(t, b)["status"] == "failed"
	})
	ask("GET", "/v1/deliveries/{id}", dlv, "", "", 200)
	ask("GET", "/v1/webhook_endpoints/{id}/stats", ep, "window=1h", "", 200)
	ask("GET", "/v1/webhook_endpoints", "", "", "", 200)

	// Rotated twice: an older secret besides the previous one.
	ask("POST", "/v1/webhook_endpoints/{id}/rotate_secret", ep, "", "", 200)
	ask("POST", "/v1/webhook_endpoints/{id}/rotate_secret", ep, "", "", 200)
	ask("GET", "/v1/webhook_endpoints/{id}/secret", ep, "", "", 200)

	// Events it missed while disabled, read one at a time.
	ask("PATCH", "/v1/webhook_endpoints/{id}", ep, "", `{"status": "disabled"}`, 200)
	ask("GET", "/v1/webhook_endpoints/{id}", ep, "", "", 200)
	for range 2 {
		ask("POST", "/v1/orders/{id}/upload", id(ask("POST", "/v1/orders", "", "", goodOrder, 201)), "", "", 200)
	}
	ask("GET", "/v1/deliveries", "", "endpoint_id="+ep, "", 200)
	// The conflicts of a disabled endpoint.
	ask("POST", "/v1/deliveries/{id}/retry", dlv, "", "", 409)
	ask("POST", "/v1/webhook_endpoints/{id}/test", ep, "", "", 409)
	ask("POST", "/v1/webhook_endpoints/{id}/recover", ep, "", `{"since": "2024-01-15T00:00:00Z"}`, 409)
	ask("PATCH", "/v1/webhook_endpoints/{id}", ep, "", `{"status": "enabled"}`, 200)
	r := ask("POST", "/v1/webhook_endpoints/{id}/recover", ep, "", `{"since": "2024-01-15T00:00:00Z", "include_missed": true}`, 202)
	if r["next_since"] == nil {
		t.Errorf("recover reading one event of three: no next_since in %v", r)
	}

	// A listen result of no response, for an event made after the session.
	o2 := id(ask("POST", "/v1/orders", "", "", goodOrder, 201))
	ev2 := ask("POST", "/v1/orders/{id}/upload", o2, "", "", 200)["event"].(map[string]any)["id"].(string)
	d := ask("POST", "/v1/listen_sessions/{id}/results", ls, "", `{"event_id": "`+ev2+`", "started_at": "`+time.Now().UTC().Format(time.RFC3339)+`", "status": 0, "error": "connection refused"}`, 201)
	ask("GET", "/v1/deliveries/{id}", id(d), "", "", 200)
	ask("GET", "/v1/listen_sessions/{id}", ls, "", "", 200)

	// A delivery whose endpoint was deleted is not sent again.
	ask("DELETE", "/v1/webhook_endpoints/{id}", ep, "", "", 200)
	ask("POST", "/v1/deliveries/{id}/retry", dlv, "", "", 409)
	ask("GET", "/v1/deliveries/{id}", dlv, "", "", 200)
}
