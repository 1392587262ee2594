package api_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// Every /v1 route refuses a query parameter it does not take, and names the
// first one given, whatever the route: ?type=order.cancelled on a test was
// ignored (a stamp.uploaded test event was sent), ?a=1 ignored where ?a=1&a=2
// was refused, and a list named either of two unknown parameters at random.
func TestEveryRouteRefusesUnknownQueryParameters(t *testing.T) {
	srv := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	doc := loadDoc(t, api.OpenAPI)
	paths := doc["paths"].(map[string]any)
	var names []string
	for p := range paths {
		if strings.HasPrefix(p, "/v1/") {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	ids := strings.NewReplacer("/orders/{id}", "/orders/order_01m8s1wyypk0y6r82m2j1wh4g8",
		"/webhook_endpoints/{id}", "/webhook_endpoints/we_01m8s1wyypk0y6r82m2j1wh4g8",
		"/events/{id}", "/events/evt_01m8s1wyypk0y6r82m2j1wh4g8",
		"/deliveries/{id}", "/deliveries/dlv_01m8s1wyypk0y6r82m2j1wh4g8",
		"/listen_sessions/{id}", "/listen_sessions/ls_01m8s1wyypk0y6r82m2j1wh4g8")
	checked := 0
	for _, p := range names {
		for method := range paths[p].(map[string]any) {
			if method == "parameters" {
				continue
			}
			m := strings.ToUpper(method)
			path := ids.Replace(p) + "?zz=1&aa=2"
			for i := 0; i < 5; i++ { // the same name every time
				code, body := srv.Do(t, m, path, srv.APIKey, nil)
				if code == http.StatusForbidden && strings.Contains(string(body), "operator_token_required") {
					code, body = srv.Do(t, m, path, srv.Operator, nil)
				}
				e := testenv.JSON(t, body)["error"].(map[string]any)
				if code != http.StatusBadRequest || e["code"] != "unknown_parameter" || e["param"] != "zz" {
					t.Fatalf("%s %s: %d %s; want 400 unknown_parameter naming zz", m, path, code, body)
				}
			}
			checked++
		}
	}
	if checked < 29 {
		t.Fatalf("checked %d operations", checked)
	}
}

// TestOnlyDocumentedRoutesTakeQueries: each query parameter the OpenAPI
// document gives a route is taken there (refused, if at all, for its value,
// never as unknown), so the routes that check their own parameters and the
// document agree.
func TestOnlyDocumentedRoutesTakeQueries(t *testing.T) {
	srv := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	doc := loadDoc(t, api.OpenAPI)
	params := doc["components"].(map[string]any)["parameters"].(map[string]any)
	found := 0
	for p, item := range doc["paths"].(map[string]any) {
		if !strings.HasPrefix(p, "/v1/") {
			continue
		}
		for method, o := range item.(map[string]any) {
			op, ok := o.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			list, _ := op["parameters"].([]any)
			for _, x := range list {
				prm := x.(map[string]any)
				if ref, ok := prm["$ref"].(string); ok {
					prm = params[strings.TrimPrefix(ref, "#/components/parameters/")].(map[string]any)
				}
				if prm["in"] != "query" {
					continue
				}
				found++
				path := strings.ReplaceAll(p, "{id}", "x") + "?" + prm["name"].(string) + "=1"
				code, body := srv.Do(t, strings.ToUpper(method), path, srv.APIKey, nil)
				if strings.Contains(string(body), "unknown_parameter") {
					t.Errorf("%s %s: %d %s; the document gives this route that parameter", method, path, code, body)
				}
			}
		}
	}
	if found < 10 {
		t.Fatalf("found %d documented query parameters", found)
	}
}

// A list's query is read in order: the first parameter that is unknown or
// given again is named, every time (a repeated one was named at random, and
// before any unknown one).
func TestQueryProblemsNamedInOrder(t *testing.T) {
	srv := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for query, want := range map[string][2]string{
		"limit=1&limit=2&status=FAILED&status=COMPLETED&starting_after=a&starting_after=b": {"invalid_query", "limit"},
		"status=FAILED&starting_after=a&starting_after=b&limit=1&limit=2":                  {"invalid_query", "starting_after"},
		"b=1&limit=1&limit=2": {"unknown_parameter", "b"},
		"zz=1&zz=2&yy=1&yy=2": {"unknown_parameter", "zz"},
	} {
		for i := 0; i < 10; i++ {
			code, body := srv.Do(t, "GET", "/v1/orders?"+query, srv.APIKey, nil)
			e := testenv.JSON(t, body)["error"].(map[string]any)
			if code != http.StatusBadRequest || e["code"] != want[0] || e["param"] != want[1] {
				t.Fatalf("GET /v1/orders?%s: %d %s; want 400 %s naming %s", query, code, body, want[0], want[1])
			}
		}
	}
}

// A query string of more than 10,000 parameters (Go's own limit, counted
// by its & separators) is 400 invalid_query, and its message says so. It
// said "the query string is malformed (number of URL query parameters
// exceeded limit); percent-encode special characters": advice that mends
// nothing, to a client whose query had no character to encode.
func TestTooManyQueryParametersSaysSo(t *testing.T) {
	srv := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for name, query := range map[string]string{
		"10,001 parameters":           strings.Repeat("a=1&", 10000) + "a=1",
		"10,000 empty ones and limit": strings.Repeat("&", 10000) + "limit=1",
	} {
		code, body := srv.Do(t, "GET", "/v1/orders?"+query, srv.APIKey, nil)
		e := testenv.JSON(t, body)["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if code != http.StatusBadRequest || e["code"] != "invalid_query" || !strings.Contains(msg, "10001 parameters") || strings.Contains(msg, "percent-encode") {
			t.Fatalf("%s: %d %s; want 400 invalid_query saying the query has 10001 parameters", name, code, body)
		}
	}
	// 10,000 is read: the first names the unknown parameter; the second
	// is the list.
	if code, body := srv.Do(t, "GET", "/v1/orders?"+strings.Repeat("a=1&", 9999)+"a=1", srv.APIKey, nil); code != http.StatusBadRequest || !strings.Contains(string(body), "unknown_parameter") {
		t.Fatalf("10,000 parameters: %d %s; want 400 unknown_parameter", code, body)
	}
	if code, body := srv.Do(t, "GET", "/v1/orders?"+strings.Repeat("&", 9999)+"limit=1", srv.APIKey, nil); code != http.StatusOK {
		t.Fatalf("9,999 empty parameters and limit: %d %s; want 200", code, body)
	}
}

// The routes outside /v1 (health, metrics, the OpenAPI document) ignore a
// query string, malformed or not, as docs/api.md says: a load balancer's
// probe or a scraper may add its own parameters. The document said that
// any route taking no parameters refused them, which these never did.
func TestRoutesOutsideV1IgnoreTheQuery(t *testing.T) {
	srv := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, p := range []string{"/healthz", "/metrics", "/openapi.json"} {
		for _, q := range []string{"?x=1", "?x=1&x=2", "?%zz", "?a;b"} {
			if code, body := srv.Do(t, "GET", p+q, "", nil); code != http.StatusOK {
				t.Errorf("GET %s%s: %d %.200s; want 200", p, q, code, body)
			}
		}
	}
}

// An unknown query parameter's name is quoted in the message as a body's
// unknown field is: its first 64 bytes, cut at a whole character and
// followed by "…", while param names it in full. A 20,000-byte name was
// quoted whole (the answer carried it twice), where the body's field of the
// same name was cut.
func TestUnknownQueryParameterNameIsCutInTheMessage(t *testing.T) {
	srv := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	name := strings.Repeat("é", 300) // 2 bytes each: 64 bytes is 32 of them
	for _, path := range []string{"/v1/orders?" + name + "=1", "/v1/orders?limit=1&" + name + "=1"} {
		code, body := srv.Do(t, http.MethodGet, path, srv.APIKey, nil)
		e := testenv.JSON(t, body)["error"].(map[string]any)
		// The first character outside ASCII is named, as for every name
		// refused (TestUnknownNameNamesTheNameMeant).
		want := `unknown query parameter "` + strings.Repeat("é", 32) + `…"; it has U+00E9 at character 1, which is not ASCII; this route takes only limit, starting_after, ending_before, status`
		if code != http.StatusBadRequest || e["code"] != "unknown_parameter" || e["param"] != name || e["message"] != want {
			t.Fatalf("GET %.40q: %d code %v param %d bytes message %q; want 400 unknown_parameter, the name in full in param and %q",
				path, code, e["code"], len(e["param"].(string)), e["message"], want)
		}
	}
	// A short name is quoted whole, escaped as before (and the name
	// meant is named).
	code, body := srv.Do(t, http.MethodGet, "/v1/orders?stauts=FAILED", srv.APIKey, nil)
	if e := testenv.JSON(t, body)["error"].(map[string]any); code != http.StatusBadRequest ||
		e["message"] != `unknown query parameter "stauts" (did you mean "status"?); this route takes only limit, starting_after, ending_before, status` {
		t.Fatalf("?stauts=: %d %s", code, body)
	}
}
