package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRefusedValueQuotedInWholeCharacters: a refused state or event type
// longer than 64 bytes is quoted in the error message cut short, and the
// cut fell inside a character: the state written in Devanagari ("दादरा और
// नगर हवेली और दमन और दीव", three bytes a letter) came back as
// "…\xe0\xa4…" and an event type as "…\ufffd\ufffd…", text no customer
// wrote. The quote now ends on a whole character, before the "…".
func TestRefusedValueQuotedInWholeCharacters(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	const hindi = "दादरा और नगर हवेली और दमन और दीव"
	for _, tc := range []struct {
		name, path, body, code, quoted string
	}{
		{"state", "/v1/orders", `{"stamp_request": {"state": "` + hindi + `", "amount": 1, "article_code": "A", "provider": "SHCIL"}}`,
			"invalid_state", `"दादरा और नगर हवेली और दम…"`},
		{"event type", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:9/x", "events": ["` + hindi + `"]}`,
			"unknown_event_type", `"दादरा और नगर हवेली और दम…"`},
	} {
		st, b := s.Do(t, "POST", tc.path, s.APIKey, tc.body)
		code, _ := errCode(t, b)
		var e struct{ Error struct{ Message string } }
		json.Unmarshal(b, &e)
		if st != 422 || code != tc.code {
			t.Errorf("%s: %d %s, want 422 %s", tc.name, st, b, tc.code)
			continue
		}
		if !strings.Contains(e.Error.Message, tc.quoted) || strings.ContainsRune(e.Error.Message, '\uFFFD') || strings.Contains(e.Error.Message, `\x`) {
			t.Errorf("%s: message %q, want it to quote %s", tc.name, e.Error.Message, tc.quoted)
		}
	}
}
