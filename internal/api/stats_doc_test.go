package api_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestStatsAnswerAsDocumented: every field of an endpoint's stats answer is
// named in docs/api.md's paragraph on the route. It listed the figures and
// left out endpoint_id, window and since, which the answer holds beside
// them (the README's tour reads the window back).
func TestStatsAnswerAsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	_, para, ok := strings.Cut(string(doc), "\n- `GET /v1/webhook_endpoints/{id}/stats")
	if !ok {
		t.Fatal("docs/api.md has no paragraph on GET /v1/webhook_endpoints/{id}/stats")
	}
	para, _, _ = strings.Cut(para, "\n\n")
	para, _, _ = strings.Cut(para, "\n- ")
	named := map[string]bool{}
	for _, m := range regexp.MustCompile("`([a-z_]+)[`:]").FindAllStringSubmatch(para, -1) {
		named[m[1]] = true
	}

	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://127.0.0.1/x"}`)
	id, _ := testenv.JSON(t, b)["id"].(string)
	if st != 201 || id == "" {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	st, b = s.Do(t, "GET", "/v1/webhook_endpoints/"+id+"/stats?window=1h", s.APIKey, nil)
	if st != 200 {
		t.Fatalf("stats: %d %s", st, b)
	}
	for k := range testenv.JSON(t, b) {
		if !named[k] {
			t.Errorf("the stats answer holds %q, which docs/api.md's paragraph on the route does not name: %s", k, b)
		}
	}
}
