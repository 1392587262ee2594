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

// orderedKeys lists the keys of the JSON object raw in the order written.
func orderedKeys(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not a JSON object: %s", raw)
	}
	var out []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		out = append(out, k.(string))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
	}
	return out
}

// TestAnswersKeepTheDocumentedKeyOrder: the answers of an endpoint's
// DELETE, test and recover were written from maps, so their keys came out
// sorted ({"deleted":true,"id":…,"object":…}, {"delivery":…,"event_id":…,
// "test":true,"type":…}, {"endpoint_id":…,"missed":…,"next_since":…,
// "recovered":…,"since":…}), where docs/api.md writes them out, and
// openapi.json lists their properties, id (or event_id, endpoint_id) first,
// as every other answer of the API is (an object's id, then object). Each
// answer's keys are compared, in order, with docs/api.md's example of it
// and with its schema's properties (those the answer holds).
func TestAnswersKeepTheDocumentedKeyOrder(t *testing.T) {
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var oa struct {
		Components struct {
			Schemas map[string]struct{ Properties json.RawMessage }
		}
	}
	if err := json.Unmarshal(spec, &oa); err != nil {
		t.Fatal(err)
	}
	// documented is the keys of the first answer docs/api.md writes out
	// after text, in backquotes: {"id": "…", "deleted": true}, or
	// {"event_id", "type", "test": true} naming the keys alone. A key
	// follows { or a comma; a value follows a colon.
	documented := func(after, text string) []string {
		t.Helper()
		_, rest, ok := strings.Cut(string(doc), after)
		if !ok {
			t.Fatalf("docs/api.md has no %q", after)
		}
		i := strings.Index(rest, text)
		if i < 0 {
			t.Fatalf("docs/api.md writes no %q after %q", text, after)
		}
		example, _, _ := strings.Cut(rest[i:], "`")
		var keys []string
		for _, m := range regexp.MustCompile(`[{,]\s*"([a-z_]+)"`).FindAllStringSubmatch(example, -1) {
			keys = append(keys, m[1])
		}
		return keys
	}
	schema := func(name string, present []string) []string {
		t.Helper()
		raw := oa.Components.Schemas[name].Properties
		if raw == nil {
			t.Fatalf("openapi.json has no schema %s", name)
		}
		var keys []string
		for _, k := range orderedKeys(t, raw) {
			if slices.Contains(present, k) {
				keys = append(keys, k)
			}
		}
		return keys
	}
	check := func(what string, b []byte, docKeys []string, schemaName string) {
		t.Helper()
		got := orderedKeys(t, b)
		if want := schema(schemaName, got); !slices.Equal(got, want) {
			t.Errorf("%s answers its keys in the order %v; openapi.json's %s lists them %v: %s", what, got, schemaName, want, b)
		}
		var inDoc, want []string
		for _, k := range got {
			if slices.Contains(docKeys, k) {
				inDoc = append(inDoc, k)
			}
		}
		for _, k := range docKeys {
			if slices.Contains(got, k) {
				want = append(want, k)
			}
		}
		if len(want) < len(docKeys) || !slices.Equal(inDoc, want) {
			t.Errorf("%s answers its keys in the order %v; docs/api.md writes %v: %s", what, got, docKeys, b)
		}
	}

	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{MissedScanLimit: 1})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://127.0.0.1/x"}`)
	id, _ := testenv.JSON(t, b)["id"].(string)
	if st != 201 || id == "" {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	ep := "/v1/webhook_endpoints/" + id

	st, b = s.Do(t, "POST", ep+"/test", s.APIKey, nil)
	if st != 202 {
		t.Fatalf("test event: %d %s", st, b)
	}
	check("POST "+ep+"/test", b, documented("`POST /v1/webhook_endpoints/{id}/test`", `{"event_id"`), "TestEventResult")

	// Two events while it is disabled, for a recover with include_missed
	// that reads one (MissedScanLimit) and says where to go on.
	if st, b := s.Do(t, "PATCH", ep, s.APIKey, `{"status": "disabled"}`); st != 200 {
		t.Fatalf("disable: %d %s", st, b)
	}
	for range 2 {
		o := createOrder(t, s, s.APIKey, false)
		if st, b := s.Do(t, "POST", "/v1/orders/"+o["id"].(string)+"/upload", s.Operator, nil); st != 200 {
			t.Fatalf("upload: %d %s", st, b)
		}
	}
	if st, b := s.Do(t, "PATCH", ep, s.APIKey, `{"status": "enabled"}`); st != 200 {
		t.Fatalf("enable: %d %s", st, b)
	}
	recoverDoc := documented("`POST /v1/webhook_endpoints/{id}/recover`", `{"endpoint_id"`)
	since := `"since": "2020-01-01T00:00:00Z"`
	st, b = s.Do(t, "POST", ep+"/recover", s.APIKey, `{`+since+`}`)
	if st != 202 {
		t.Fatalf("recover: %d %s", st, b)
	}
	check("POST "+ep+"/recover", b, recoverDoc, "RecoverResult")
	st, b = s.Do(t, "POST", ep+"/recover", s.APIKey, `{`+since+`, "include_missed": true}`)
	if st != 202 || !strings.Contains(string(b), `"next_since"`) {
		t.Fatalf("recover with include_missed, one event read: %d %s, want 202 with next_since", st, b)
	}
	// docs/api.md writes {…, "recovered": n, "missed": m}: the keys after
	// the first answer's.
	check("POST "+ep+"/recover with include_missed", b,
		append(slices.Clone(recoverDoc), documented("`POST /v1/webhook_endpoints/{id}/recover`", `{…, "recovered"`)[1:]...), "RecoverResult")

	st, b = s.Do(t, "DELETE", ep, s.APIKey, nil)
	if st != 200 {
		t.Fatalf("delete: %d %s", st, b)
	}
	check("DELETE "+ep, b, documented("`DELETE /v1/webhook_endpoints/{id}`", `{"id"`), "DeletedEndpoint")
}
