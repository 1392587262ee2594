package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/testenv"
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

// TestOpenAPISaysWhereAStreamStarts: a stream opened with Last-Event-ID
// starts relay.Lookback (10 seconds) before that event, since events commit
// slightly out of id order, so it sends again the event named and those just
// before it, and its ready message's replayed counts none of them. openapi.json
// said Last-Event-ID "replays what came after it": a client generated from it
// took each of those events as new. Both places a client reads of it (the
// header and the stream's 200) say where the stream starts, and that the ids
// already had are dropped.
func TestOpenAPISaysWhereAStreamStarts(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	session := s.NewListenSession(t, s.APIKey, `{}`)
	var evts []string
	for range 2 {
		st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, goodOrder)
		if st != 201 {
			t.Fatalf("create order: %d %s", st, b)
		}
		st, b = s.Do(t, "POST", "/v1/orders/"+testenv.JSON(t, b)["id"].(string)+"/upload", s.Operator, nil)
		if st != 200 {
			t.Fatalf("upload: %d %s", st, b)
		}
		evts = append(evts, testenv.JSON(t, b)["event"].(map[string]any)["id"].(string))
	}

	// What the server does: given the newer event, it sends both again.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/v1/listen_sessions/"+session+"/stream", nil)
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	req.Header.Set("Last-Event-ID", evts[1])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sent []string
	ready := ""
	for sc := bufio.NewScanner(resp.Body); len(sent) < 2 && sc.Scan(); {
		if id, ok := strings.CutPrefix(sc.Text(), "id: "); ok {
			sent = append(sent, id)
		}
		if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok && ready == "" {
			ready = d
		}
	}
	if fmt.Sprint(sent) != fmt.Sprint(evts) || !strings.Contains(ready, `"replayed":0`) {
		t.Fatalf("a stream from Last-Event-ID %s sent %v (ready %s), want both events %v again, replayed 0: the server no longer starts %s before the cursor; say what it does in openapi.json and docs/api.md",
			evts[1], sent, ready, evts, relay.Lookback)
	}

	// What openapi.json says of it.
	doc := loadDoc(t, api.OpenAPI)
	op := doc["paths"].(map[string]any)["/v1/listen_sessions/{id}/stream"].(map[string]any)["get"].(map[string]any)
	texts := map[string]string{"the 200 response": fmt.Sprint(op["responses"].(map[string]any)["200"].(map[string]any)["description"])}
	for _, p := range op["parameters"].([]any) {
		prm, err := deref(doc, p)
		if err != nil {
			t.Fatal(err)
		}
		if prm["name"] == "Last-Event-ID" {
			texts["its Last-Event-ID header"] = fmt.Sprint(prm["description"])
		}
	}
	if len(texts) != 2 {
		t.Fatalf("the stream takes no Last-Event-ID header: %v", op["parameters"])
	}
	lookback := fmt.Sprintf("%d seconds before", relay.Lookback/time.Second)
	for where, text := range texts {
		if !strings.Contains(text, lookback) || !strings.Contains(text, "already") {
			t.Errorf("openapi.json's stream operation, %s, does not say the stream starts %s the Last-Event-ID event and that the ids already had are dropped: %q", where, lookback, text)
		}
	}
}
