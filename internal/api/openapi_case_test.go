package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestOpenAPIQueryEnumsSayTheirCase: a query parameter with a list of
// values (?status=, ?type=, ?event_type=, ?window=) says "any ASCII case"
// exactly when the server takes its values in another case. Orders' and
// deliveries' ?status= took `processing` and `SUCCEEDED` (as listen
// sessions' did, which said so) while their descriptions named only the
// enum's spelling, and ?event_type= takes only its own: a client read
// from openapi.json could not tell which. Each parameter is asked with
// its first value in swapped case, on a running server.
func TestOpenAPIQueryEnumsSayTheirCase(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(rcv.Close)
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "`+rcv.URL+`/case"}`)
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	epID := testenv.JSON(t, b)["id"].(string)

	swap := func(v string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsUpper(r) {
				return unicode.ToLower(r)
			}
			return unicode.ToUpper(r)
		}, v)
	}
	checked := 0
	for path, item := range doc["paths"].(map[string]any) {
		op, ok := item.(map[string]any)["get"].(map[string]any)
		if !ok {
			continue
		}
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			param, err := deref(doc, p)
			if err != nil {
				t.Fatal(err)
			}
			schema, _ := param["schema"].(map[string]any)
			enum, _ := schema["enum"].([]any)
			if param["in"] != "query" || len(enum) == 0 {
				continue
			}
			name := param["name"].(string)
			value := fmt.Sprint(enum[0])
			if swap(value) == value {
				continue // "1h": no case to swap
			}
			target := strings.ReplaceAll(path, "{id}", epID) + "?" + url.Values{name: {swap(value)}}.Encode()
			st, b := s.Do(t, "GET", target, s.APIKey, nil)
			says := strings.Contains(fmt.Sprint(param["description"]), "any ASCII case")
			switch {
			case st == 200 && !says:
				t.Errorf("GET %s answers 200, but openapi.json's %s of GET %s does not say it takes any ASCII case: %q", target, name, path, param["description"])
			case st == 422 && says:
				t.Errorf("GET %s answers 422, but openapi.json's %s of GET %s says it takes any ASCII case", target, name, path)
			case st != 200 && st != 422:
				t.Errorf("GET %s: %d %s", target, st, b)
			}
			checked++
		}
	}
	if checked < 5 {
		t.Fatalf("checked %d query parameters with values, want the 5 or more the API has", checked)
	}
}
