package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestUnknownFieldNamesTheFieldMeant: a misspelt field ("event" for
// "events", "State", "delivery" for "delivery_requested") was refused
// with "unknown field" alone; the message now names the field meant, as
// the CLI names a misspelt flag. The code and param are as before, and a
// field near none, or a key far longer than any field, gets no guess.
func TestUnknownFieldNamesTheFieldMeant(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	const stamp = `"stamp_request": {"state": "Assam", "amount": 1, "article_code": "A", "provider": "SHCIL"}`
	for _, tc := range []struct {
		path, body, param, want string // want "": no guess
	}{
		{"/v1/webhook_endpoints", `{"url": "https://127.0.0.1/x", "event": ["stamp.uploaded"]}`, "event", `unknown field "event" (did you mean "events"?)`},
		{"/v1/orders", `{"stamp_request": {"State": "Assam", "amount": 1, "article_code": "A", "provider": "SHCIL"}}`, "stamp_request.State", `unknown field "stamp_request.State" (did you mean "stamp_request.state"?)`},
		{"/v1/orders", `{"stamp_request": {"state": "Assam", "amount": 1, "article-code": "A", "provider": "SHCIL"}}`, "stamp_request.article-code", `(did you mean "stamp_request.article_code"?)`},
		{"/v1/orders", `{` + stamp + `, "delivery": true}`, "delivery", `unknown field "delivery" (did you mean "delivery_requested"?)`},
		{"/v1/orders", `{` + stamp + `, "colour": "red"}`, "colour", ""},
		{"/v1/orders", `{` + stamp + `, "` + strings.Repeat("s", 100000) + `": 1}`, strings.Repeat("s", 100000), ""},
	} {
		st, b := s.Do(t, "POST", tc.path, s.APIKey, tc.body)
		code, param := errCode(t, b)
		if st != 400 || code != "unknown_field" || param != tc.param {
			t.Errorf("%s %.60s: %d %q %.60q, want 400 unknown_field %.60q", tc.path, tc.body, st, code, param, tc.param)
			continue
		}
		var e struct{ Error struct{ Message string } }
		json.Unmarshal(b, &e)
		switch {
		case tc.want == "" && strings.Contains(e.Error.Message, "did you mean"):
			t.Errorf("%.60s: %q guesses where no field is near", tc.body, e.Error.Message)
		case tc.want != "" && !strings.Contains(e.Error.Message, tc.want):
			t.Errorf("%.60s: message %q, want %q", tc.body, e.Error.Message, tc.want)
		}
	}
}
