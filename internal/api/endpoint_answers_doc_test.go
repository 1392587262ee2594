package api_test

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestEndpointAnswersAsDocumented compares the fields of the answers that
// docs/api.md writes out for an endpoint's rotate_secret and DELETE with the
// fields the API sends. The doc showed the delete's answer without its
// "object" and called rotate_secret's "the new secret", where the answer
// holds the previous secret and its expiry too.
func TestEndpointAnswersAsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := func(route string) []string {
		t.Helper()
		// The route, an arrow, then the first {…} in backquotes after it.
		m := regexp.MustCompile("`" + regexp.QuoteMeta(route) + "` → (?:[^`]|`[^`{]*`)*?`(\\{[^`]*\\})`").FindSubmatch(doc)
		if m == nil {
			t.Fatalf("docs/api.md writes out no answer of %s", route)
		}
		// {"id": "…", "deleted": true} gives its keys; {"secret", "previous"?}
		// lists them, one marked ? appearing only sometimes.
		key := regexp.MustCompile(`"([a-z_]+)"(\??)[,}]`)
		if strings.Contains(string(m[1]), ":") {
			key = regexp.MustCompile(`"([a-z_]+)"():`)
		}
		var keys []string
		for _, k := range key.FindAllSubmatch(m[1], -1) {
			if len(k[2]) == 0 {
				keys = append(keys, string(k[1]))
			}
		}
		slices.Sort(keys)
		return keys
	}
	fields := func(b []byte) []string {
		t.Helper()
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys
	}

	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://127.0.0.1/x"}`)
	id, _ := testenv.JSON(t, b)["id"].(string)
	if st != 201 || id == "" {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	for _, c := range []struct{ route, method, path string }{
		{"POST /v1/webhook_endpoints/{id}/rotate_secret", "POST", "/v1/webhook_endpoints/" + id + "/rotate_secret"},
		{"DELETE /v1/webhook_endpoints/{id}", "DELETE", "/v1/webhook_endpoints/" + id},
	} {
		want := documented(c.route)
		st, b := s.Do(t, c.method, c.path, s.APIKey, nil)
		if got := fields(b); st != 200 || !slices.Equal(got, want) {
			t.Errorf("%s answered %d with the fields %s; docs/api.md shows %s:\n%s", c.route, st, strings.Join(got, ", "), strings.Join(want, ", "), b)
		}
	}
}
