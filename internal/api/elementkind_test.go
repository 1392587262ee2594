package api_test

import (
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestWrongKindOfArrayElementIsNamedAsSuch: an element of the wrong kind
// in an array field is named as the element it is, as null is; it read
// "events must be a JSON string, not array", as if the array were wrong.
func TestWrongKindOfArrayElementIsNamedAsSuch(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:9/ok"}`)
	if st != 201 {
		t.Fatalf("endpoint: %d %s", st, b)
	}
	ep := testenv.JSON(t, b)["id"].(string)
	for _, tc := range []struct {
		name, method, path, body, message string
	}{
		{"a number", "POST", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:9/ok", "events": [1]}`, "events must hold JSON strings, not number"},
		{"an array", "POST", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:9/ok", "events": [["stamp.uploaded"]]}`, "events must hold JSON strings, not array"},
		{"an object after a string", "POST", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:9/ok", "events": ["stamp.uploaded", {"a": 1}]}`, "events must hold JSON strings, not object"},
		{"a boolean", "PATCH", "/v1/webhook_endpoints/" + ep, `{"events": [true]}`, "events must hold JSON strings, not bool"},
		{"a number in a listen session", "POST", "/v1/listen_sessions", `{"events": [1]}`, "events must hold JSON strings, not number"},
		{"null", "POST", "/v1/listen_sessions", `{"events": [null]}`, "events must hold JSON strings, not null"},
		// The array itself of the wrong kind keeps its own message.
		{"not an array", "POST", "/v1/listen_sessions", `{"events": "stamp.uploaded"}`, "events must be a JSON array, not string"},
	} {
		st, b := s.Do(t, tc.method, tc.path, s.APIKey, tc.body)
		code, param := errCode(t, b)
		msg, _ := testenv.JSON(t, b)["error"].(map[string]any)["message"].(string)
		if st != 422 || code != "invalid_type" || param != "events" || msg != tc.message {
			t.Errorf("%s: %d %s; want 422 invalid_type on events: %q", tc.name, st, b, tc.message)
		}
	}
}
