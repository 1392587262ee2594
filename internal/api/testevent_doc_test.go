package api_test

import (
	"encoding/json"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestTestEventBodiesAsDocumented pins what docs/api.md says of a test
// event's body: no body, {} and {"type": null} send a stamp.uploaded, and
// a body of null is 400 invalid_json, as on every route (the doc once
// listed a null body among the defaults).
func TestTestEventBodiesAsDocumented(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://127.0.0.1/x"}`)
	var ep struct{ ID string }
	if json.Unmarshal(b, &ep); st != 201 || ep.ID == "" {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	for _, body := range []any{nil, `{}`, `{"type": null}`} {
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+ep.ID+"/test", s.APIKey, body)
		var r struct{ Type string }
		if json.Unmarshal(b, &r); st != 202 || r.Type != "stamp.uploaded" {
			t.Errorf("test event with body %v: %d %s, want 202 stamp.uploaded", body, st, b)
		}
	}
	st, b = s.Do(t, "POST", "/v1/webhook_endpoints/"+ep.ID+"/test", s.APIKey, `null`)
	if code, _ := errCode(t, b); st != 400 || code != "invalid_json" {
		t.Errorf("test event with a body of null: %d %s, want 400 invalid_json", st, b)
	}
}
