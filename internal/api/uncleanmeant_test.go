package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestUncleanPathNamesTheRouteMeant: a path with a doubled slash (a base
// URL ending in / before a path starting with one: $API/ + /v1/orders), a
// "." segment, or /V1 in upper case was answered "no route" with no word
// of the route meant, while a trailing slash or /v1 twice named it. Each
// now names the route, which answers; status and code are as before, and
// a path that no cleaning makes a route's keeps the plain message.
func TestUncleanPathNamesTheRouteMeant(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	orderID := createOrder(t, s, s.APIKey, false)["id"].(string)
	for _, c := range []struct {
		method, path, key, meant, why string
	}{
		{"GET", "/v1//orders", s.APIKey, "GET /v1/orders", "the path has an empty segment (//)"},
		{"GET", "//v1/orders", s.APIKey, "GET /v1/orders", "the path has an empty segment (//)"},
		{"GET", "/v1/orders//", s.APIKey, "GET /v1/orders", "the path has an empty segment (//)"},
		{"GET", "/v1/./orders", s.APIKey, "GET /v1/orders", `the path has a "." or ".." segment`},
		{"GET", "/v1/events/../orders", s.APIKey, "GET /v1/orders", `the path has a "." or ".." segment`},
		{"POST", "/v1//orders/" + orderID + "/cancel", s.APIKey, "POST /v1/orders/" + orderID + "/cancel", "the path has an empty segment (//)"},
		{"GET", "/v1/orders/" + orderID + "//", s.APIKey, "GET /v1/orders/" + orderID, "the path has an empty segment (//)"},
		{"GET", "/v1//v1/orders", s.APIKey, "GET /v1/orders", "the path has an empty segment (//); the path says /v1 twice"},
		{"GET", "/V1/orders", s.APIKey, "GET /v1/orders", ""},
		{"GET", "/V1/Orders/", s.APIKey, "GET /v1/orders", ""},
		{"HEAD", "/v1//orders", s.APIKey, "GET /v1/orders", ""},
		{"GET", "/v1/orders/", s.APIKey, "GET /v1/orders", ""},
	} {
		st, b := s.Do(t, c.method, c.path, c.key, nil)
		if c.method == "HEAD" {
			if st != 404 {
				t.Errorf("HEAD %s: %d", c.path, st)
			}
			continue
		}
		var e struct {
			Error struct{ Type, Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Code != "route_not_found" || e.Error.Type != "not_found_error" {
			t.Fatalf("%s %s: %d %s (%v)", c.method, c.path, st, b, err)
		}
		m := e.Error.Message
		if !strings.HasPrefix(m, "no route "+c.method+" "+c.path+" (") || !strings.Contains(m, "did you mean "+c.meant+"?)") ||
			!strings.HasSuffix(m, "; the routes are described at GET /openapi.json") || (c.why != "" && !strings.Contains(m, "("+c.why)) {
			t.Errorf("%s %s: message %q, want it to name %s (%s)", c.method, c.path, m, c.meant, c.why)
		}
		method, path, _ := strings.Cut(c.meant, " ")
		if st, b := s.Do(t, method, path, c.key, nil); st == 404 || st == 405 {
			t.Errorf("%s (meant for %s %s): %d %s", c.meant, c.method, c.path, st, b)
		}
	}
	// No route is meant: the plain message, as before.
	for _, p := range []string{"/v1//nothing", "/v1/orders/..", "//", "/V1/nothing"} {
		st, b := s.Do(t, "GET", p, s.APIKey, nil)
		var e struct {
			Error struct{ Code, Message string }
		}
		want := "no route GET " + p + "; the routes are described at GET /openapi.json"
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Code != "route_not_found" || e.Error.Message != want {
			t.Errorf("GET %s: %d %s, want the message %q", p, st, b, want)
		}
	}
}

// TestEmptyIDSegmentNamesTheRouteWithItsID: a path with an empty segment
// where a route has its id ($API/v1/orders/$ID/upload with $ID empty, as an
// unset shell variable makes it) was answered "did you mean GET
// /v1/orders/upload?", a route that reads "upload" as an order id and
// answers 404 no such order. It now names the route with {id} where the id
// goes, and says the id is missing; an empty segment that no id fills keeps
// the cleaned route.
func TestEmptyIDSegmentNamesTheRouteWithItsID(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	why := "the path has an empty segment (//) where an id goes: is the variable that holds it empty?"
	for _, c := range []struct{ method, path, meant string }{
		{"POST", "/v1/orders//upload", "POST /v1/orders/{id}/upload"},
		{"GET", "/v1/orders//upload", "POST /v1/orders/{id}/upload"},
		{"POST", "/v1/webhook_endpoints//test", "POST /v1/webhook_endpoints/{id}/test"},
		{"GET", "/v1/webhook_endpoints//stats", "GET /v1/webhook_endpoints/{id}/stats"},
		{"POST", "/v1/deliveries//retry", "POST /v1/deliveries/{id}/retry"},
		{"GET", "/v1/listen_sessions//stream", "GET /v1/listen_sessions/{id}/stream"},
	} {
		st, b := s.Do(t, c.method, c.path, s.APIKey, nil)
		var e struct {
			Error struct{ Code, Message string }
		}
		want := "no route " + c.method + " " + c.path + " (" + why + "; did you mean " + c.meant + "?); the routes are described at GET /openapi.json"
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Code != "route_not_found" || e.Error.Message != want {
			t.Errorf("%s %s: %d %s, want the message %q", c.method, c.path, st, b, want)
		}
	}
	// No route has an id there: cleaned as before.
	st, b := s.Do(t, "GET", "/v1//orders", s.APIKey, nil)
	if st != 404 || !strings.Contains(string(b), "(the path has an empty segment (//); did you mean GET /v1/orders?)") {
		t.Errorf("GET /v1//orders: %d %s", st, b)
	}
}

// TestTrailingSlashForAnIDNamesTheRouteWithItsID: DELETE or PATCH of
// $API/v1/webhook_endpoints/$ID with $ID empty was answered "did you mean
// GET /v1/webhook_endpoints?", the list, which deletes and changes nothing.
// It now names the route of the request's method with {id}; a GET or POST
// whose method has a route without the slash keeps that one.
func TestTrailingSlashForAnIDNamesTheRouteWithItsID(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	why := "the path ends in / where an id goes: is the variable that holds it empty?"
	for _, c := range []struct{ method, path, meant, why string }{
		{"DELETE", "/v1/webhook_endpoints/", "DELETE /v1/webhook_endpoints/{id}", why},
		{"PATCH", "/v1/webhook_endpoints/", "PATCH /v1/webhook_endpoints/{id}", why},
		{"DELETE", "/v1/listen_sessions/", "DELETE /v1/listen_sessions/{id}", why},
		{"GET", "/v1/webhook_endpoints/", "GET /v1/webhook_endpoints", ""},
		{"POST", "/v1/orders/", "POST /v1/orders", ""},
	} {
		st, b := s.Do(t, c.method, c.path, s.APIKey, nil)
		var e struct {
			Error struct{ Code, Message string }
		}
		hint := "did you mean " + c.meant + "?"
		if c.why != "" {
			hint = c.why + "; " + hint
		}
		want := "no route " + c.method + " " + c.path + " (" + hint + "); the routes are described at GET /openapi.json"
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Code != "route_not_found" || e.Error.Message != want {
			t.Errorf("%s %s: %d %s, want the message %q", c.method, c.path, st, b, want)
		}
	}
}
