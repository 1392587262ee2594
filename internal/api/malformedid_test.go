package api_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestMalformedPathIDIsRefusedBeforeTheBody walks every route of
// openapi.json that takes a body and names an object in its path, with an
// id of the wrong shape: the 404 needs nothing of the body, so it comes
// at once, as docs/api.md says of every answer decided before the body,
// and whatever the body holds. POST /v1/deliveries/{id}/retry read its
// body first: with a body announced and still arriving it answered
// nothing until the body came (408 after the server's 60 s wait), and a
// malformed body was 400 invalid_json instead of the 404 every other
// route answers. The order moves (upload, fail, retry, deliver, cancel)
// did the same.
func TestMalformedPathIDIsRefusedBeforeTheBody(t *testing.T) {
	spec, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var oa struct {
		Paths map[string]map[string]json.RawMessage // operations, and a path's parameters
	}
	if err := json.Unmarshal(spec, &oa); err != nil {
		t.Fatal(err)
	}
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := strings.TrimPrefix(s.URL, "http://")
	checked := 0
	for path, ops := range oa.Paths {
		if !strings.Contains(path, "{id}") {
			continue
		}
		for method, raw := range ops {
			method = strings.ToUpper(method)
			if !slices.Contains([]string{"POST", "PATCH", "DELETE"}, method) {
				continue
			}
			var op struct{ Security []map[string][]string }
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			key := s.APIKey
			if len(op.Security) == 1 && op.Security[0]["operatorToken"] != nil {
				key = s.Operator
			}
			target := strings.Replace(path, "{id}", "not_an_id", 1)
			head := method + " " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key + "\r\nContent-Length: 50\r\n\r\n{"
			start := time.Now()
			resp, _, _ := rawExchange(t, addr, head, 10*time.Second)
			if resp.StatusCode != 404 || time.Since(start) > 5*time.Second {
				t.Errorf("%s %s with its body still arriving: %d after %v, want 404 at once", method, target, resp.StatusCode, time.Since(start))
			}
			st, b := s.Do(t, method, target, key, "garbage")
			if code, _ := errCode(t, b); st != 404 || code != "resource_missing" {
				t.Errorf("%s %s with a malformed body: %d %s, want 404 resource_missing", method, target, st, b)
			}
			checked++
		}
	}
	if checked < 8 {
		t.Fatalf("only %d routes checked; openapi.json's routes were not read", checked)
	}
}
