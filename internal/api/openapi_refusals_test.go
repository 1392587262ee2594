package api_test

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// documentedStatuses lists the statuses openapi.json gives each /v1
// operation, by "METHOD /path".
func documentedStatuses(doc map[string]any) map[string][]string {
	out := map[string][]string{}
	for path, item := range doc["paths"].(map[string]any) {
		if !strings.HasPrefix(path, "/v1/") {
			continue
		}
		for method, o := range item.(map[string]any) {
			op, ok := o.(map[string]any)
			if !ok {
				continue // the path item's parameters
			}
			for st := range op["responses"].(map[string]any) {
				out[strings.ToUpper(method)+" "+path] = append(out[strings.ToUpper(method)+" "+path], st)
			}
		}
	}
	return out
}

// TestOpenAPIDocumentsTheCredentialAnswers: each /v1 operation documents
// the 401 and 403 it answers, and only those: every operation is asked
// without a credential, with an unknown key, with an API key and with the
// operator token, and again on a server started without an operator
// token. POST /v1/orders/{id}/cancel documented a 403 that no credential
// gets (it takes both kinds), so a generated client carried a "wrong kind
// of credential" case that never comes.
func TestOpenAPIDocumentsTheCredentialAnswers(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	bare := testenv.StartNoOperator(t, testenv.SQLite(t))
	// Ids of the right shape that name nothing: whoever gets past the
	// credential check meets a 404 (no stream opens, nothing changes).
	id := regexp.MustCompile(`/(orders|webhook_endpoints|events|deliveries|listen_sessions)/\{id\}`)
	prefix := map[string]string{"orders": "order_", "webhook_endpoints": "we_", "events": "evt_", "deliveries": "dlv_", "listen_sessions": "ls_"}
	type ask struct {
		base, key, who string
	}
	asks := []ask{
		{s.URL, "", "no credential"},
		{s.URL, "esk_unknown", "an unknown key"},
		{s.URL, s.APIKey, "the API key"},
		{s.URL, s.Operator, "the operator token"},
		{bare.URL, "", "no credential, on a server without an operator token"},
		{bare.URL, s.Operator, "a token, on a server without an operator token"},
	}
	checked := 0
	for op, statuses := range documentedStatuses(doc) {
		method, tmpl, _ := strings.Cut(op, " ")
		path := id.ReplaceAllStringFunc(tmpl, func(m string) string {
			kind := strings.Split(m, "/")[1]
			return "/" + kind + "/" + prefix[kind] + "01m8s1wyypk0y6r82m2j1wh4g8"
		})
		var body any
		if method == "POST" || method == "PATCH" {
			body = "{}"
		}
		got := map[string][]string{} // status → who got it
		for _, a := range asks {
			st, b := testenv.DoHeaders(t, method, a.base+path, a.key, body, nil)
			if st != http.StatusUnauthorized && st != http.StatusForbidden {
				continue
			}
			got[strconv.Itoa(st)] = append(got[strconv.Itoa(st)], a.who)
			if !slices.Contains(statuses, strconv.Itoa(st)) {
				t.Errorf("%s with %s: %d %s, which openapi.json does not document for it", op, a.who, st, b)
			}
		}
		for _, st := range []string{"401", "403"} {
			if slices.Contains(statuses, st) && len(got[st]) == 0 {
				t.Errorf("%s: openapi.json documents %s, which no credential gets (it answered %v)", op, st, got)
			}
		}
		checked++
	}
	if checked < 29 {
		t.Fatalf("checked %d operations", checked)
	}
}

// TestOpenAPIDocuments422WhereSomethingIsRead: an operation documents 422
// (a field, query parameter or header that is invalid, named by param)
// exactly when it reads one: it has a query or header parameter, or a
// request body with fields. POST /v1/orders/{id}/upload and …/retry, which
// take no body but {} (anything else is 400), documented a 422 they never
// answer. Each operation that reads nothing is sent bodies and queries of
// every kind here, and none is answered 422.
func TestOpenAPIDocuments422WhereSomethingIsRead(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	// Real objects, so that a request gets past the 404 of an unknown id.
	created := func(path, body string) string {
		t.Helper()
		st, b := s.Do(t, "POST", path, s.APIKey, body)
		id, _ := testenv.JSON(t, b)["id"].(string)
		if st != 201 || id == "" {
			t.Fatalf("POST %s: %d %s", path, st, b)
		}
		return id
	}
	ids := strings.NewReplacer(
		"/orders/{id}", "/orders/"+created("/v1/orders", goodOrder),
		"/webhook_endpoints/{id}", "/webhook_endpoints/"+created("/v1/webhook_endpoints", `{"url": "http://127.0.0.1:1/hook"}`),
		"/listen_sessions/{id}", "/listen_sessions/"+created("/v1/listen_sessions", `{}`),
		"/events/{id}", "/events/evt_01m8s1wyypk0y6r82m2j1wh4g8",
		"/deliveries/{id}", "/deliveries/dlv_01m8s1wyypk0y6r82m2j1wh4g8")
	bodies := []string{`{"a": 1}`, `{"a": "\u0000"}`, `{"a": [[1]]}`, `{"status": null}`, `[]`, `"x"`, `{`}
	checked := 0
	for path, item := range doc["paths"].(map[string]any) {
		if !strings.HasPrefix(path, "/v1/") {
			continue
		}
		for method, o := range item.(map[string]any) {
			op, ok := o.(map[string]any)
			if !ok {
				continue
			}
			name := strings.ToUpper(method) + " " + path
			reads := false
			for _, x := range asSlice(op["parameters"]) {
				prm, err := deref(doc, x)
				if err != nil {
					t.Fatal(err)
				}
				reads = reads || prm["in"] == "query" || prm["in"] == "header"
			}
			if rb, ok := op["requestBody"]; ok {
				b, err := deref(doc, rb)
				if err != nil {
					t.Fatal(err)
				}
				schema, _ := deref(doc, b["content"].(map[string]any)["application/json"].(map[string]any)["schema"])
				props, _ := schema["properties"].(map[string]any)
				reads = reads || len(props) > 0
			}
			_, documents := op["responses"].(map[string]any)["422"]
			switch {
			case reads && !documents:
				t.Errorf("%s reads fields or parameters, and documents no 422 for them", name)
			case !reads && documents:
				t.Errorf("%s reads no field, query parameter or header, and documents a 422 (which would name one)", name)
			}
			if reads {
				continue
			}
			key := s.APIKey
			if sec := asSlice(op["security"]); len(sec) == 1 && sec[0].(map[string]any)["operatorToken"] != nil {
				key = s.Operator
			}
			target := ids.Replace(path)
			for _, q := range []string{"?limit=0", "?status=x", "?a=%zz"} {
				if st, b := s.Do(t, strings.ToUpper(method), target+q, key, nil); st == http.StatusUnprocessableEntity {
					t.Errorf("%s%s: %d %s, a 422 for an operation that reads nothing", name, q, st, b)
				}
			}
			if method == "post" || method == "patch" {
				for _, body := range bodies {
					if st, b := s.Do(t, strings.ToUpper(method), target, key, body); st == http.StatusUnprocessableEntity {
						t.Errorf("%s with %s: %d %s, a 422 for an operation that reads nothing", name, body, st, b)
					}
				}
			}
			checked++
		}
	}
	if checked < 10 {
		t.Fatalf("probed %d operations that read nothing", checked)
	}
}

// TestOpenAPINamesEachOperationsConflicts: each operation's 409 names the
// codes it can carry, so that a client knows which conflicts to handle
// where (checkAnswer holds each 409 the tests drive to its operation's
// list). One shared description said "e.g. `invalid_transition`" for the
// moves, recover, test, a delivery's retry and the listen routes alike,
// while a retry can also be delivery_in_flight, endpoint_disabled,
// endpoint_deleted or listen_delivery, and recover and test only
// endpoint_disabled.
func TestOpenAPINamesEachOperationsConflicts(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	code := regexp.MustCompile("`([a-z]+(?:_[a-z]+)+|conflict)`")
	checked := 0
	for path, item := range doc["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			op, ok := o.(map[string]any)
			if !ok {
				continue
			}
			r, ok := op["responses"].(map[string]any)["409"]
			if !ok {
				continue
			}
			rr, err := deref(doc, r)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := rr["description"].(string)
			if strings.Contains(d, "e.g.") || len(code.FindAllString(d, -1)) == 0 {
				t.Errorf("%s %s: its 409 does not name its codes, only %q", strings.ToUpper(method), path, d)
			}
			checked++
		}
	}
	if checked < 13 {
		t.Fatalf("checked %d operations with a 409", checked)
	}
}
