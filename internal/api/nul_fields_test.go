package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A NUL in an endpoint's description or url, or a session's forward_to,
// was answered 422 invalid_characters ("description must not contain NUL
// (\u0000) characters"), where docs/api.md says a description holding a
// control character is invalid_description naming the character and its
// position, and a url or forward_to holding one is invalid_url or
// invalid_forward_to. U+0000 is a control character like U+0007: these
// fields now refuse it with their own code, as they do a BEL; a NUL in
// any other string is still invalid_characters.
func TestNULInFieldsThatRefuseControlCharacters(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:1/hook"}`)
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	var ep struct{ ID string }
	json.Unmarshal(b, &ep)
	for _, tc := range []struct {
		name, method, path, body, code, param, says string
	}{
		{"description on create", "POST", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:1/other", "description": "Bill\u0000ing"}`, "invalid_description", "description", "(U+0000 at character 5)"},
		{"description on update", "PATCH", "/v1/webhook_endpoints/" + ep.ID, `{"description": "Bill\u0000ing"}`, "invalid_description", "description", "(U+0000 at character 5)"},
		{"url on create", "POST", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:1/a\u0000b"}`, "invalid_url", "url", "U+0000"},
		{"url on update", "PATCH", "/v1/webhook_endpoints/" + ep.ID, `{"url": "http://127.0.0.1:1/a\u0000b"}`, "invalid_url", "url", "U+0000"},
		{"forward_to", "POST", "/v1/listen_sessions", `{"forward_to": "http://localhost:3000/a\u0000b"}`, "invalid_forward_to", "forward_to", "(U+0000 at byte 23)"},
		// A BEL was told the URL was not absolute, or over 2048 characters.
		{"BEL in forward_to", "POST", "/v1/listen_sessions", `{"forward_to": "http://localhost:3000/a\u0007b"}`, "invalid_forward_to", "forward_to", "(U+0007 at byte 23)"},
		// Not these fields' own rule: an events element, a reason.
		{"events element", "PATCH", "/v1/webhook_endpoints/" + ep.ID, `{"events": ["stamp.uploaded\u0000"]}`, "invalid_characters", "events", ""},
		{"a description of the wrong kind holding a NUL", "PATCH", "/v1/webhook_endpoints/" + ep.ID, `{"description": ["\u0000"]}`, "invalid_type", "description", ""},
	} {
		st, b := s.Do(t, tc.method, tc.path, s.APIKey, tc.body)
		if st != 422 {
			t.Errorf("%s: status %d, want 422: %s", tc.name, st, b)
			continue
		}
		code, param := errCode(t, b)
		if code != tc.code || param != tc.param {
			t.Errorf("%s: %s %s, want %s %s: %s", tc.name, code, param, tc.code, tc.param, b)
		}
		if tc.says != "" && !strings.Contains(string(b), tc.says) {
			t.Errorf("%s: %s; want it to say %q", tc.name, b, tc.says)
		}
	}
	// Nothing was stored.
	st, b = s.Do(t, "GET", "/v1/webhook_endpoints/"+ep.ID, s.APIKey, nil)
	if st != 200 || strings.Contains(string(b), `\u0000`) || !strings.Contains(string(b), `"description":""`) {
		t.Errorf("the endpoint after the refusals: %d %s", st, b)
	}
}
