package api_test

import (
	"encoding/json"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// An endpoint's url sent as "" was refused with "url is required": a
// client that had sent the field was told that it had left it out. It is
// told the url is empty, with the same code; a url left out, or null, is
// still "required".
func TestEmptyEndpointURLIsToldEmpty(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://example.com/hook"}`)
	var ep struct{ ID string }
	if err := json.Unmarshal(b, &ep); st != 201 || err != nil {
		t.Fatalf("create: %d %s", st, b)
	}
	we := ep.ID
	const empty = "url is empty; send your endpoint's URL, such as https://your-domain.com/webhooks/esahayak"
	for _, c := range []struct{ method, path, body, want string }{
		{"PATCH", "/v1/webhook_endpoints/" + we, `{"url": ""}`, empty},
		{"POST", "/v1/webhook_endpoints", `{"url": ""}`, empty},
		{"POST", "/v1/webhook_endpoints", `{}`, "url is required"},
		{"POST", "/v1/webhook_endpoints", `{"url": null}`, "url is required"},
	} {
		st, code, param, msg := refusal(t, s, c.method, c.path, c.body)
		if st != 422 || code != "missing_field" || param != "url" || msg != c.want {
			t.Errorf("%s %s %s: %d %s %s %q; want 422 missing_field url %q", c.method, c.path, c.body, st, code, param, msg, c.want)
		}
	}
}
