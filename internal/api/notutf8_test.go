package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBodyNotUTF8SaysWhere: a body with text in Latin-1 or Windows-1252
// (Windows PowerShell 5's Invoke-RestMethod encodes a string body so, an
// "é" as the one byte 0xE9) was refused with "request body is not valid
// UTF-8" alone, leaving the client to find the byte in a body that looked
// right in its editor. It is still 400 invalid_json, and the message now
// gives the first such byte and where it is, as the refusal of a lone
// surrogate escape does. Nothing is created.
func TestBodyNotUTF8SaysWhere(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	for _, tc := range []struct{ name, body, want string }{
		{"a Latin-1 é", `{"url": "http://127.0.0.1:9/hook", "description": "Caf` + "\xe9" + ` orders"}`,
			"request body is not valid UTF-8: the byte 0xE9 at byte 54 starts no UTF-8 character there (text in Latin-1 or Windows-1252 reads so); send the body in UTF-8"},
		{"a UTF-8 character cut short", `{"description": "` + "\xe2\x82" + `"}`,
			"request body is not valid UTF-8: the byte 0xE2 at byte 17 starts no UTF-8 character there (text in Latin-1 or Windows-1252 reads so); send the body in UTF-8"},
	} {
		st, code, param, msg := refusal(t, s, "POST", "/v1/webhook_endpoints", tc.body)
		if st != 400 || code != "invalid_json" || param != "" || msg != tc.want {
			t.Errorf("%s: %d %s %q %q; want 400 invalid_json %q", tc.name, st, code, param, msg, tc.want)
		}
	}
	if _, b := s.Do(t, "GET", "/v1/webhook_endpoints", s.APIKey, nil); strings.Contains(string(b), `"we_`) {
		t.Errorf("an endpoint was created: %s", b)
	}
}
