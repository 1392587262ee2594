package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestListsPageTowardsTheNewest: ending_before gives the page of newer
// items nearest the cursor, newest first, with has_more while newer ones
// follow; a poller asking "what is new since the newest event I have"
// gets exactly the events created since. Both cursors at once, or a
// malformed one, are 422 invalid_cursor naming ending_before.
func TestListsPageTowardsTheNewest(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		page := func(q string) ([]string, bool) {
			t.Helper()
			st, b := s.Do(t, "GET", "/v1/events?"+q, s.APIKey, nil)
			if st != 200 {
				t.Fatalf("GET /v1/events?%s: %d %s", q, st, b)
			}
			var out []string
			l := testenv.JSON(t, b)
			for _, e := range l["data"].([]any) {
				out = append(out, e.(map[string]any)["id"].(string))
			}
			return out, l["has_more"].(bool)
		}
		seen := newEvent(t, s, "upload")
		var created []string // newest first, as lists are
		for range 5 {
			created = append([]string{newEvent(t, s, "upload")}, created...)
		}
		got, more := page("limit=2&ending_before=" + seen)
		if fmt.Sprint(got) != fmt.Sprint(created[3:]) || !more {
			t.Fatalf("the 2 events after %s: %v has_more %v; want %v and more", seen, got, more, created[3:])
		}
		got, more = page("limit=2&ending_before=" + got[0])
		if fmt.Sprint(got) != fmt.Sprint(created[1:3]) || !more {
			t.Fatalf("the next 2: %v has_more %v; want %v and more", got, more, created[1:3])
		}
		got, more = page("limit=2&ending_before=" + got[0])
		if fmt.Sprint(got) != fmt.Sprint(created[:1]) || more {
			t.Fatalf("the last: %v has_more %v; want %v and no more", got, more, created[:1])
		}
		if got, more = page("ending_before=" + created[0]); len(got) != 0 || more {
			t.Fatalf("after the newest: %v has_more %v", got, more)
		}
		if got, _ = page("ending_before=&limit=3"); fmt.Sprint(got) != fmt.Sprint(created[:3]) {
			t.Fatalf("an empty ending_before is no cursor: %v", got)
		}
		for _, q := range []string{
			"starting_after=" + created[0] + "&ending_before=" + seen,
			"ending_before=order_01m8s1wyypk0y6r82m2j1wh4g8",
			"ending_before=evt_%ff",
		} {
			st, b := s.Do(t, "GET", "/v1/events?"+q, s.APIKey, nil)
			if code, param := errCode(t, b); st != 422 || code != "invalid_cursor" || param != "ending_before" {
				t.Errorf("GET /v1/events?%s: %d %s; want 422 invalid_cursor naming ending_before", q, st, b)
			}
		}
	})
}

// A cursor of another kind (an event's id on the orders list, say) is 422
// invalid_cursor whose message names the kind of id the list takes: it said
// only "the id of an object from the previous page", which the caller
// thought they had given.
func TestInvalidCursorNamesTheIdKindTheListTakes(t *testing.T) {
	srv := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	const foreign = "01m8s1wyypk0y6r82m2j1wh4g8"
	for _, c := range []struct{ path, prefix, other string }{
		{"/v1/orders", "order_", "evt_"},
		{"/v1/events", "evt_", "order_"},
		{"/v1/webhook_endpoints", "we_", "ls_"},
		{"/v1/deliveries", "dlv_", "evt_"},
		{"/v1/listen_sessions", "ls_", "we_"},
	} {
		for _, param := range []string{"starting_after", "ending_before"} {
			path := c.path + "?" + param + "=" + c.other + foreign
			code, body := srv.Do(t, http.MethodGet, path, srv.APIKey, nil)
			e := testenv.JSON(t, body)["error"].(map[string]any)
			msg, _ := e["message"].(string)
			if code != http.StatusUnprocessableEntity || e["code"] != "invalid_cursor" || e["param"] != param ||
				!strings.Contains(msg, "("+c.prefix+"…)") {
				t.Errorf("GET %s: %d %s; want 422 invalid_cursor naming %s, its message naming the list's ids (%s…)", path, code, body, param, c.prefix)
			}
		}
	}
}
