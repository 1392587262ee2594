package api_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestEventsListIsASetInTheGuidesOrder pins what docs/api.md and
// openapi.json say of an events list: an endpoint's (created or
// PATCHed) and a listen session's keep each type once, in the order
// stamp.uploaded, stamp.failed, order.delivered, order.cancelled, whatever
// the order sent. Neither said it, so a client that compared the events
// it sent with those answered (a configuration tool checking for drift)
// saw a change on every read of ["order.cancelled", "stamp.uploaded"].
func TestEventsListIsASetInTheGuidesOrder(t *testing.T) {
	const sent = `["order.cancelled", "stamp.uploaded", "order.cancelled"]`
	want := []string{"stamp.uploaded", "order.cancelled"}
	events := func(what string, st, wantStatus int, b []byte) {
		t.Helper()
		var r struct{ Events []string }
		if err := json.Unmarshal(b, &r); err != nil || st != wantStatus || !slices.Equal(r.Events, want) {
			t.Errorf("%s with events %s: %d %s, want %d with events %v", what, sent, st, b, wantStatus, want)
		}
	}
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://127.0.0.1/x", "events": `+sent+`}`)
	events("POST /v1/webhook_endpoints", st, 201, b)
	id, _ := testenv.JSON(t, b)["id"].(string)
	st, b = s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, s.APIKey, `{"events": ["stamp.failed"]}`)
	if st != 200 {
		t.Fatalf("PATCH: %d %s", st, b)
	}
	st, b = s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, s.APIKey, `{"events": `+sent+`}`)
	events("PATCH /v1/webhook_endpoints/{id}", st, 200, b)
	st, b = s.Do(t, "POST", "/v1/listen_sessions", s.APIKey, `{"events": `+sent+`}`)
	events("POST /v1/listen_sessions", st, 201, b)

	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(doc)), " ")
	for _, says := range []string{
		"a type given twice is kept once",
		"`stamp.uploaded`, `stamp.failed`, `order.delivered`, `order.cancelled` whatever the order sent",
		"a listen session's `events` too",
	} {
		if !strings.Contains(flat, says) {
			t.Errorf("docs/api.md does not say %q", says)
		}
	}
	spec, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var oa struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct{ Description string }
			}
		}
	}
	if err := json.Unmarshal(spec, &oa); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"CreateEndpointRequest", "UpdateEndpointRequest", "CreateListenSessionRequest", "Endpoint", "ListenSession"} {
		if d := oa.Components.Schemas[name].Properties["events"].Description; !strings.Contains(d, "kept once") || !strings.Contains(d, "whatever the order sent") {
			t.Errorf("openapi.json's %s.events does not say the list is kept once per type, in the guide's order: %q", name, d)
		}
	}
}
