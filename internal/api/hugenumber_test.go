package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestNumberPastFloatRangeKeepsTheStrictChecks: a JSON number too large
// for a float64 (1e400) is valid JSON, and the walk that refuses duplicated
// keys, keys in another case, NUL characters, deep nesting and bodies of
// too many values read it as an error and stopped checking: a
// stamp_request of [1e400] followed by a second, valid stamp_request (or a
// STAMP_REQUEST, which encoding/json matches case-insensitively) made an
// order, where a field given twice is 400 invalid_json and a key in
// another case 400 unknown_field. A listen result's header of 1e400 was
// not named as a header of 1 is.
func TestNumberPastFloatRangeKeepsTheStrictChecks(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	valid := `{"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}`
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	results := "/v1/listen_sessions/" + s.NewListenSession(t, s.APIKey, `{}`) + "/results"
	report := `{"event_id": "evt_01m962fnann9b11w6db6200t7q", "status": 200, "started_at": "2026-12-06T16:20:00Z", "duration_ms": 1, "request_headers": {"X": 1e400}}`
	for _, tc := range []struct {
		name, path, body string
		status           int
		code, param, msg string
	}{
		{"a field given twice", "/v1/orders", `{"stamp_request": [1e400], "stamp_request": ` + valid + `}`,
			400, "invalid_json", "stamp_request", `field "stamp_request" appears twice`},
		{"a key in another case", "/v1/orders", `{"stamp_request": {"amount": -1e400}, "STAMP_REQUEST": ` + valid + `}`,
			400, "unknown_field", "STAMP_REQUEST", `unknown field "STAMP_REQUEST" (did you mean "stamp_request"?)`},
		{"nested arrays before a field given twice", "/v1/orders", `{"stamp_request": [1e400, ` + deep + `], "stamp_request": ` + valid + `}`,
			400, "invalid_json", "stamp_request", `field "stamp_request" appears twice`},
		{"an array element", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:9/ok", "events": [1e400]}`,
			422, "invalid_type", "events", "events must hold JSON strings, not number"},
		{"a header's value", results, report,
			422, "invalid_type", "request_headers.X", "request_headers.X must be a JSON string, not number"},
	} {
		st, code, param, msg := refusal(t, s, "POST", tc.path, tc.body)
		if st != tc.status || code != tc.code || param != tc.param || msg != tc.msg {
			t.Errorf("%s: %d %s %q %q; want %d %s %q %q", tc.name, st, code, param, msg, tc.status, tc.code, tc.param, tc.msg)
		}
	}
	st, b := s.Do(t, "GET", "/v1/orders", s.APIKey, "")
	if st != 200 || strings.Contains(string(b), `"order_`) {
		t.Errorf("orders after the refusals: %d %s; want none", st, b)
	}
}
