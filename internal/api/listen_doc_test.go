package api_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/api"
)

// TestAPIDocNamesListenSessionFields: docs/api.md's Listen sessions
// section names every field a listen session carries in openapi.json
// (what GET /v1/listen_sessions lists): it named none, and a client
// reading it could not tell an open session from a closed one (status,
// closed_at).
func TestAPIDocNamesListenSessionFields(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "api.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start := strings.Index(doc, "\n## Listen sessions\n")
	if start < 0 {
		t.Fatal("docs/api.md has no Listen sessions section")
	}
	section := doc[start+1:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	var spec struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(api.OpenAPI, &spec); err != nil {
		t.Fatal(err)
	}
	props := spec.Components.Schemas["ListenSession"].Properties
	if len(props) == 0 {
		t.Fatal("openapi.json has no ListenSession properties")
	}
	var missing []string
	for name := range props {
		if !strings.Contains(section, "`"+name+"`") {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("docs/api.md's Listen sessions section does not name the session fields %v (openapi.json's ListenSession)", missing)
	}
}
