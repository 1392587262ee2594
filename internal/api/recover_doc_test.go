package api_test

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRecoverAnswerAsDocumented sends docs/api.md's recover example and
// compares the answer's since with the one the doc shows: the API writes
// every time with milliseconds, and the doc showed the answer without
// them, as the request had it.
func TestRecoverAnswerAsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("/recover` `(\\{\"since\": \"[^\"]+\"\\})` → 202\\s+`\\{\"endpoint_id\": \"we_…\", \"since\": \"([^\"]+)\"").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/api.md has no recover example with its answer")
	}
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://127.0.0.1/x"}`)
	var ep struct{ ID string }
	if json.Unmarshal(b, &ep); st != 201 || ep.ID == "" {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	st, b = s.Do(t, "POST", "/v1/webhook_endpoints/"+ep.ID+"/recover", s.APIKey, string(m[1]))
	var r struct{ Since string }
	if json.Unmarshal(b, &r); st != 202 || r.Since != string(m[2]) {
		t.Errorf("recover %s: %d %s; docs/api.md shows since %q", m[1], st, b, m[2])
	}
}
