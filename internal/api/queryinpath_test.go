package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestEncodedQuestionMarkNamesTheRouteWithItsQuery: a client that escaped
// a path given with its query sent …/stats%3Fwindow=1h, and the 404 named
// no route; it now names the route with the query after a plain ?, which
// answers. A %3F after which no route's path is left keeps the plain 404.
// The route named is one the request meant would not be refused for its
// query: a route that takes none is named without it (POST
// /v1/orders?status=FAILED was named, and answers 400 unknown_parameter),
// so is one with nothing after the %3F (it read "…/cancel??"), and the
// query keeps its escapes (a %23 was named as a #, a fragment, and a %25
// as a lone %, both refused with 400).
func TestEncodedQuestionMarkNamesTheRouteWithItsQuery(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	orderID := createOrder(t, s, s.APIKey, false)["id"].(string)
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:9/hook"}`)
	if st != 201 {
		t.Fatalf("endpoint: %d %s", st, b)
	}
	test := "/v1/webhook_endpoints/" + testenv.JSON(t, b)["id"].(string) + "/test"
	for _, c := range []struct{ method, path, meant string }{
		{"GET", "/v1/orders%3Fstatus=PROCESSING", "GET /v1/orders?status=PROCESSING"},
		{"POST", "/v1/orders/" + orderID + "/cancel%3F", "POST /v1/orders/" + orderID + "/cancel"},
		{"POST", "/v1/orders%3Fstatus=FAILED", "POST /v1/orders"},
		{"POST", test + "%3Ftype=order.cancelled", "POST " + test},
		{"GET", "/v1/orders%3Fstatus=PROCESSING%23x", "GET /v1/orders?status=PROCESSING%23x"},
		{"GET", "/v1/events%3Ftype=stamp.uploaded%25", "GET /v1/events?type=stamp.uploaded%25"},
		{"GET", "/healthz%3Fprobe=lb", "GET /healthz?probe=lb"}, // outside /v1 a query is ignored, not refused
		{"HEAD", "/v1/events%3Flimit=5", ""},
		{"GET", "/v1/nothing%3Fx=1", ""},
	} {
		st, b := s.Do(t, c.method, c.path, s.APIKey, nil)
		if c.method == "HEAD" {
			if st != 404 {
				t.Errorf("HEAD %s: %d", c.path, st)
			}
			continue
		}
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Code != "route_not_found" {
			t.Fatalf("%s %s: %d %s (%v)", c.method, c.path, st, b, err)
		}
		m := e.Error.Message
		if c.meant == "" {
			if strings.Contains(m, "did you mean") {
				t.Errorf("%s %s: message %q names a route", c.method, c.path, m)
			}
			continue
		}
		if !strings.Contains(m, "%3F") || !strings.Contains(m, "a query string starts with a plain ?") || !strings.Contains(m, "; did you mean "+c.meant+"?)") {
			t.Errorf("%s %s: message %q, want it to name the encoded ? and %s", c.method, c.path, m, c.meant)
		}
		method, target, _ := strings.Cut(c.meant, " ")
		st, b = s.Do(t, method, target, s.APIKey, nil)
		var answer struct{ Error struct{ Code string } }
		json.Unmarshal(b, &answer)
		if code := answer.Error.Code; st == 404 || st == 405 || code == "unknown_parameter" || code == "invalid_query" {
			t.Errorf("%s (meant for %s %s): %d %s", c.meant, c.method, c.path, st, b)
		}
	}
	// On a route with an id, the id and the query read as one id: the
	// route's own 404 says so.
	st, b = s.Do(t, "GET", "/v1/orders/"+orderID+"%3Fx=1", s.APIKey, nil)
	if st != 404 || !strings.Contains(string(b), `\"`+orderID+`?x=1\" holds a ? written as %3F`) || !strings.Contains(string(b), `"resource_missing"`) {
		t.Errorf("GET /v1/orders/%s%%3Fx=1: %d %s", orderID, st, b)
	}
}
