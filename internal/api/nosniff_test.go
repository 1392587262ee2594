package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestEveryAnswerIsNosniff asks routes of every kind, and paths no route
// takes, for their answer: each must say X-Content-Type-Options: nosniff,
// so that no browser runs a JSON error echoing a request's text, or the
// metrics page, as HTML. Only the dashboard's answers said it.
func TestEveryAnswerIsNosniff(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	o := createOrder(t, s, s.APIKey, false)
	for _, tc := range []struct {
		method, path, key, body string
		status                  int
	}{
		{"GET", "/healthz", "", "", 200},
		{"HEAD", "/healthz", "", "", 200},
		{"POST", "/healthz", "", "", 405},
		{"GET", "/openapi.json", "", "", 200},
		{"GET", "/metrics", "", "", 200},
		{"GET", "/v1/orders", s.APIKey, "", 200},
		{"GET", "/v1/orders/" + o["id"].(string), s.APIKey, "", 200},
		{"POST", "/v1/orders", s.APIKey, `{"stamp_request": {"state": "Atlantis"}}`, 422},
		{"POST", "/v1/orders", s.APIKey, `{`, 400},
		{"GET", "/v1/orders", "", "", 401},
		{"GET", "/v1/orders", s.APIKey + " extra", "", 401},
		{"POST", "/v1/orders/" + o["id"].(string) + "/upload", s.APIKey, "", 403},
		{"GET", "/v1/orders/order_00000000000000000000000000", s.APIKey, "", 404},
		{"GET", "/v1/nothing", s.APIKey, "", 404},
		{"GET", "/nothing", "", "", 404},
		{"GET", "//v1/orders", s.APIKey, "", 404},
		{"PUT", "/v1/orders", s.APIKey, "", 405},
		{"DELETE", "/v1/webhook_endpoints/we_00000000000000000000000000", s.APIKey, "", 404},
	} {
		var body io.Reader
		if tc.body != "" {
			body = strings.NewReader(tc.body)
		}
		req, err := http.NewRequest(tc.method, s.URL+tc.path, body)
		if err != nil {
			t.Fatal(err)
		}
		if tc.key != "" {
			req.Header.Set("Authorization", "Bearer "+tc.key)
		}
		resp, b := doRaw(t, req)
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: %d %s, want %d", tc.method, tc.path, resp.StatusCode, b, tc.status)
		}
		if got := resp.Header.Values("X-Content-Type-Options"); len(got) != 1 || got[0] != "nosniff" {
			t.Errorf("%s %s (%d): X-Content-Type-Options %q, want exactly nosniff", tc.method, tc.path, resp.StatusCode, got)
		}
	}
}
