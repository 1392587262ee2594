package api_test

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestPlaceholderOfAnotherKindIsNamedAsSent: an id left as the
// documentation writes it, but of another kind than the route takes (an
// event's evt_… on a delivery's route, as a reader who mixed up the tour's
// two ids sends it), was answered "no such delivery: dlv_… is the
// documentation's placeholder", naming a placeholder the request never
// held. The message now quotes what was sent and says which kind of id
// the route takes; the placeholder of the route's own kind keeps its
// message.
func TestPlaceholderOfAnotherKindIsNamedAsSent(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct{ method, path, sent, wants string }{
		{"GET", "/v1/deliveries/%s", "evt_…", "dlv_"},
		{"POST", "/v1/deliveries/%s/retry", "we_…", "dlv_"},
		{"GET", "/v1/events/%s", "dlv_…", "evt_"},
		{"POST", "/v1/webhook_endpoints/%s/test", "evt_…", "we_"},
		{"GET", "/v1/webhook_endpoints/%s/stats", "ls_…", "we_"},
	} {
		path := strings.Replace(c.path, "%s", url.PathEscape(c.sent), 1)
		st, b := s.Do(t, c.method, path, s.APIKey, nil)
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Code != "resource_missing" {
			t.Errorf("%s %s: %d %s, want 404 resource_missing", c.method, path, st, b)
			continue
		}
		if m := e.Error.Message; !strings.Contains(m, `"`+c.sent+`"`) || strings.Contains(m, c.wants+"… is the documentation's placeholder") || !strings.Contains(m, "("+c.wants+" and 26 letters and digits)") {
			t.Errorf("%s %s: %q; want the placeholder sent, %q, named as sent, and the %s id the route takes", c.method, path, m, c.sent, c.wants)
		}
	}
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "`no such delivery: \"evt_…\" is a placeholder of the documentation, and not of a delivery id; …`") {
		t.Error("docs/api.md's 404 does not write out the message of another kind's placeholder")
	}
	// The route's own placeholder keeps its message (docs/api.md's).
	st, b := s.Do(t, "GET", "/v1/deliveries/"+url.PathEscape("dlv_…"), s.APIKey, nil)
	if st != 404 || !strings.Contains(string(b), "dlv_… is the documentation's placeholder") {
		t.Errorf("GET /v1/deliveries/dlv_…: %d %s, want 404 saying dlv_… is the documentation's placeholder", st, b)
	}
}
