package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// The OpenAPI description is held true three ways: it is a well-formed
// OpenAPI 3.1 document (a focused validator, below), its paths and methods
// are exactly the routes the server registers (read from this package's
// source and probed on a running server), and the answers of a running
// server to every documented operation match the documented schemas.

func loadDoc(t *testing.T, b []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

func TestOpenAPIDocsCopy(t *testing.T) {
	docs, err := os.ReadFile(filepath.Join("..", "..", "docs", "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(docs, api.OpenAPI) {
		t.Fatal("docs/openapi.json differs from internal/api/openapi.json (the source): cp internal/api/openapi.json docs/openapi.json")
	}
}

func TestOpenAPIValid(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	if problems := validateOpenAPI(doc); len(problems) > 0 {
		t.Fatalf("openapi.json is not a valid OpenAPI 3.1 description:\n  %s", strings.Join(problems, "\n  "))
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, name := range []string{"Order", "Endpoint", "Event", "Delivery", "Attempt", "Stats", "Error", "List", "ListenSession"} {
		if schemas[name] == nil {
			t.Errorf("components.schemas has no %s", name)
		}
	}
}

// TestOpenAPIValidatorCatches proves the validator finds each kind of
// mistake it exists for, so a passing TestOpenAPIValid means something.
func TestOpenAPIValidatorCatches(t *testing.T) {
	cases := map[string]struct {
		mutate func(doc map[string]any)
		want   string
	}{
		"wrong version": {func(d map[string]any) { d["openapi"] = "3.0.3" }, "openapi must be 3.1"},
		"no info.title": {func(d map[string]any) { delete(d["info"].(map[string]any), "title") }, "info.title"},
		"dangling $ref": {func(d map[string]any) {
			op(d, "/v1/orders/{id}", "get")["responses"].(map[string]any)["200"] = map[string]any{"$ref": "#/components/responses/Nope"}
		}, "does not resolve"},
		"duplicate operationId": {func(d map[string]any) { op(d, "/v1/orders", "get")["operationId"] = "createOrder" }, "operationId createOrder"},
		"undeclared path parameter": {func(d map[string]any) {
			p := d["paths"].(map[string]any)
			p["/v1/orders/{id}/extra/{other}"] = p["/v1/orders/{id}"]
		}, "{other}"},
		"path parameter not required": {func(d map[string]any) {
			d["components"].(map[string]any)["parameters"].(map[string]any)["id"].(map[string]any)["required"] = false
		}, "required: true"},
		"no responses": {func(d map[string]any) { op(d, "/healthz", "get")["responses"] = map[string]any{} }, "no responses"},
		"bad status key": {func(d map[string]any) {
			op(d, "/healthz", "get")["responses"].(map[string]any)["2000"] = map[string]any{"description": "x"}
		}, "status 2000"},
		"unknown security scheme": {func(d map[string]any) {
			op(d, "/v1/orders", "get")["security"] = []any{map[string]any{"cookie": []any{}}}
		}, "security scheme cookie"},
		"required property missing": {func(d map[string]any) {
			s := d["components"].(map[string]any)["schemas"].(map[string]any)["Order"].(map[string]any)
			s["required"] = append(s["required"].([]any), "nope")
		}, "requires nope"},
		"webhook without responses": {func(d map[string]any) {
			d["webhooks"].(map[string]any)["stamp.failed"].(map[string]any)["post"].(map[string]any)["responses"] = map[string]any{}
		}, "webhook stamp.failed (POST): no responses"},
		"webhook's operationId taken": {func(d map[string]any) {
			d["webhooks"].(map[string]any)["order.delivered"].(map[string]any)["post"].(map[string]any)["operationId"] = "createOrder"
		}, "operationId createOrder"},
		"webhook's undeclared tag": {func(d map[string]any) {
			d["webhooks"].(map[string]any)["order.cancelled"].(map[string]any)["post"].(map[string]any)["tags"] = []any{"Hooks"}
		}, "tag Hooks is not declared"},
		"bad schema type": {func(d map[string]any) {
			s := d["components"].(map[string]any)["schemas"].(map[string]any)["Stats"].(map[string]any)
			s["properties"].(map[string]any)["attempts"] = map[string]any{"type": "int"}
		}, "type int"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			doc := loadDoc(t, api.OpenAPI)
			c.mutate(doc)
			problems := strings.Join(validateOpenAPI(doc), "\n")
			if !strings.Contains(problems, c.want) {
				t.Fatalf("the validator missed it: want a problem mentioning %q, got:\n%s", c.want, problems)
			}
		})
	}
}

func op(doc map[string]any, path, method string) map[string]any {
	return doc["paths"].(map[string]any)[path].(map[string]any)[method].(map[string]any)
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// validateOpenAPI checks what OpenAPI 3.1 requires of a document and what
// tools rely on: required fields, that every $ref resolves, that path
// parameters and templates agree, unique operation ids, well-formed
// responses, known security schemes, and coherent schemas.
func validateOpenAPI(doc map[string]any) []string {
	var p []string
	bad := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }

	if v, _ := doc["openapi"].(string); !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(v) {
		bad("openapi must be 3.1.x, not %q", v)
	}
	info, _ := doc["info"].(map[string]any)
	for _, f := range []string{"title", "version"} {
		if s, _ := info[f].(string); s == "" {
			bad("info.%s is required", f)
		}
	}
	// Every $ref, wherever it is, must resolve inside the document.
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				if _, err := resolve(doc, ref); err != nil {
					bad("%s: $ref %s does not resolve: %v", at, ref, err)
				}
			}
			for k, c := range x {
				walk(at+"/"+k, c)
			}
		case []any:
			for i, c := range x {
				walk(at+"/"+strconv.Itoa(i), c)
			}
		}
	}
	walk("#", doc)

	components, _ := doc["components"].(map[string]any)
	schemes, _ := components["securitySchemes"].(map[string]any)
	for name, s := range schemes {
		sm, _ := s.(map[string]any)
		if typ, _ := sm["type"].(string); !slices.Contains([]string{"apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"}, typ) {
			bad("security scheme %s: type %q", name, typ)
		} else if typ == "http" && sm["scheme"] == nil {
			bad("security scheme %s: an http scheme needs scheme", name)
		}
	}
	checkSecurity := func(at string, v any) {
		reqs, ok := v.([]any)
		if v != nil && !ok {
			bad("%s: security must be an array", at)
		}
		for _, r := range reqs {
			for name := range r.(map[string]any) {
				if schemes[name] == nil {
					bad("%s: security scheme %s is not in components.securitySchemes", at, name)
				}
			}
		}
	}
	checkSecurity("#/security", doc["security"])
	tags := map[string]bool{}
	for _, tg := range asSlice(doc["tags"]) {
		tags[tg.(map[string]any)["name"].(string)] = true
	}

	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		bad("paths is required")
	}
	// The webhooks (OpenAPI 3.1) are path items too, named by event type:
	// the requests the server sends, held to the same rules but the
	// path's own (a leading slash, a template's parameters).
	webhooks, ok := doc["webhooks"].(map[string]any)
	if doc["webhooks"] != nil && !ok {
		bad("webhooks must be an object")
	}
	type pathItem struct {
		path    string
		webhook bool
		item    any
	}
	var items []pathItem
	for path, item := range paths {
		items = append(items, pathItem{path, false, item})
	}
	for name, item := range webhooks {
		items = append(items, pathItem{name, true, item})
	}
	opIDs := map[string]string{}
	tmplParam := regexp.MustCompile(`\{([^}]+)\}`)
	statusKey := regexp.MustCompile(`^(default|[1-5]XX|[1-5][0-9][0-9])$`)
	for _, it := range items {
		path, item := it.path, it.item
		if !it.webhook && !strings.HasPrefix(path, "/") {
			bad("path %q must start with /", path)
		}
		pi, _ := item.(map[string]any)
		if pi == nil {
			bad("path item %s must be an object", path)
		}
		for k := range pi {
			if !slices.Contains(methods, k) && !slices.Contains([]string{"summary", "description", "servers", "parameters", "$ref"}, k) {
				bad("path %s: unknown field %s", path, k)
			}
		}
		inTemplate := map[string]bool{}
		for _, m := range tmplParam.FindAllStringSubmatch(path, -1) {
			if !it.webhook {
				inTemplate[m[1]] = true
			}
		}
		for _, method := range methods {
			o, ok := pi[method].(map[string]any)
			if !ok {
				continue
			}
			at := strings.ToUpper(method) + " " + path
			if it.webhook {
				at = "webhook " + path + " (" + strings.ToUpper(method) + ")"
			}
			id, _ := o["operationId"].(string)
			if id == "" {
				bad("%s: operationId is required here (every operation has one)", at)
			} else if prev, dup := opIDs[id]; dup {
				bad("%s: operationId %s is also used by %s", at, id, prev)
			} else {
				opIDs[id] = at
			}
			for _, tg := range asSlice(o["tags"]) {
				if !tags[tg.(string)] {
					bad("%s: tag %v is not declared in tags", at, tg)
				}
			}
			checkSecurity(at, o["security"])
			// Parameters: the operation's override the path item's by (name, in).
			params := map[string]map[string]any{}
			for _, list := range []any{pi["parameters"], o["parameters"]} {
				for i, raw := range asSlice(list) {
					prm, err := deref(doc, raw)
					if err != nil {
						continue // reported by the $ref walk
					}
					name, _ := prm["name"].(string)
					in, _ := prm["in"].(string)
					if name == "" || !slices.Contains([]string{"query", "header", "path", "cookie"}, in) {
						bad("%s: parameter %d needs a name and in: query, header, path or cookie", at, i)
						continue
					}
					if (prm["schema"] == nil) == (prm["content"] == nil) {
						bad("%s: parameter %s needs exactly one of schema and content", at, name)
					}
					if in == "path" && prm["required"] != true {
						bad("%s: path parameter %s must have required: true", at, name)
					}
					params[in+":"+name] = prm
				}
			}
			for name := range inTemplate {
				if params["path:"+name] == nil {
					bad("%s: path parameter {%s} is not declared", at, name)
				}
			}
			for key := range params {
				if name, ok := strings.CutPrefix(key, "path:"); ok && !inTemplate[name] {
					bad("%s: path parameter %s is declared but not in the path", at, name)
				}
			}
			if rb, ok := o["requestBody"]; ok {
				if b, err := deref(doc, rb); err == nil {
					if c, _ := b["content"].(map[string]any); len(c) == 0 {
						bad("%s: requestBody needs content", at)
					}
				}
			}
			responses, _ := o["responses"].(map[string]any)
			if len(responses) == 0 {
				bad("%s: no responses", at)
			}
			for code, r := range responses {
				if !statusKey.MatchString(code) {
					bad("%s: status %s is not a status code, nXX or default", at, code)
				}
				rr, err := deref(doc, r)
				if err != nil {
					continue
				}
				if d, _ := rr["description"].(string); d == "" {
					bad("%s %s: a response needs a description", at, code)
				}
			}
		}
	}
	// Schemas: known types, required properties that exist.
	var checkSchema func(at string, s map[string]any)
	checkSchema = func(at string, s map[string]any) {
		if _, ok := s["$ref"]; ok {
			return
		}
		for _, typ := range typesOf(s) {
			if !slices.Contains([]string{"string", "number", "integer", "boolean", "object", "array", "null"}, typ) {
				bad("%s: type %s is not a JSON Schema type", at, typ)
			}
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range asSlice(s["required"]) {
			if props != nil && props[r.(string)] == nil {
				bad("%s requires %s, which is not among its properties", at, r)
			}
		}
		for name, ps := range props {
			if m, ok := ps.(map[string]any); ok {
				checkSchema(at+".properties."+name, m)
			}
		}
		if items, ok := s["items"].(map[string]any); ok {
			checkSchema(at+".items", items)
		}
		for _, sub := range asSlice(s["allOf"]) {
			checkSchema(at+".allOf", sub.(map[string]any))
		}
		if ap, ok := s["additionalProperties"].(map[string]any); ok {
			checkSchema(at+".additionalProperties", ap)
		}
	}
	schemas, _ := components["schemas"].(map[string]any)
	for name, s := range schemas {
		checkSchema("schema "+name, s.(map[string]any))
	}
	sort.Strings(p)
	return p
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func typesOf(s map[string]any) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}

// resolve follows a local JSON pointer ("#/components/schemas/Order").
func resolve(doc map[string]any, ref string) (any, error) {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("only local references are used")
	}
	var cur any = doc
	for _, part := range strings.Split(rest, "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok || m[part] == nil {
			return nil, fmt.Errorf("no %q", part)
		}
		cur = m[part]
	}
	return cur, nil
}

// deref returns v, or what its $ref points to (through chains).
func deref(doc map[string]any, v any) (map[string]any, error) {
	for range 10 {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("not an object")
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return m, nil
		}
		var err error
		if v, err = resolve(doc, ref); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("$ref chain too long")
}

// routePattern finds the routes this package registers on its mux.
var routePattern = regexp.MustCompile(`\.Handle(?:Func)?\("([A-Z]+) (/[^"]*)"`)

// sourceRoutes reads "METHOD /path" of every route registered in this
// package's (non-test) source, with {name} wildcards as written.
func sourceRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range routePattern.FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1]+" "+m[2])
		}
	}
	sort.Strings(out)
	if len(out) < 20 {
		t.Fatalf("found only %d routes in the source (%v): has the registration style changed? update routePattern", len(out), out)
	}
	return out
}

func documentedRoutes(doc map[string]any) []string {
	var out []string
	for path, item := range doc["paths"].(map[string]any) {
		for _, m := range methods {
			if item.(map[string]any)[m] != nil {
				out = append(out, strings.ToUpper(m)+" "+path)
			}
		}
	}
	sort.Strings(out)
	return out
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	documented := documentedRoutes(doc)
	registered := sourceRoutes(t)
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is registered but not in openapi.json: document it (and copy the file to docs/)", r)
		}
	}
	for _, r := range documented {
		if !slices.Contains(registered, r) {
			t.Errorf("openapi.json documents %s, which the server does not register", r)
		}
	}

	// And on a running server: every documented operation reaches a
	// handler (no route_not_found, no 405), while an undocumented one does not.
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	probe := func(method, path string) (int, []byte) {
		var body any
		if method == "POST" || method == "PATCH" {
			body = "{}"
		}
		return testenv.DoHeaders(t, method, s.URL+path, s.APIKey, body, nil)
	}
	for _, r := range documented {
		method, path, _ := strings.Cut(r, " ")
		concrete := regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(path, "x")
		st, b := probe(method, concrete)
		if st == http.StatusMethodNotAllowed || (st == http.StatusNotFound && (!strings.HasPrefix(path, "/v1/") || bytes.Contains(b, []byte(`"route_not_found"`)))) {
			t.Errorf("documented %s: the server has no such route (%s %s answered %d %s)", r, method, concrete, st, b)
		}
	}
	if st, b := probe("GET", "/v1/no_such_thing"); st != 404 || !bytes.Contains(b, []byte(`"route_not_found"`)) {
		t.Fatalf("the probe cannot tell a missing route: %d %s", st, b)
	}
}

// TestOpenAPIDocumentsCommonErrors: answers that any operation can give
// are in each one's responses: 400 (a malformed query string), 499 (the
// client closed the connection or shut its sending side before the
// answer, docs/api.md's request_cancelled, which a half-closing client
// reads), 503 (the database does not answer), and 413 for every operation
// that takes a body — which the server really answers with a body over
// 1 MiB.
func TestOpenAPIDocumentsCommonErrors(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	huge := `{"x": "` + strings.Repeat("a", 1<<20) + `"}`
	// Real ids, so that each request gets as far as reading its body.
	created := func(path, body string) string {
		st, b := s.Do(t, "POST", path, s.APIKey, body)
		var v struct{ ID string }
		if json.Unmarshal(b, &v); st != 201 || v.ID == "" {
			t.Fatalf("POST %s: %d %s", path, st, b)
		}
		return v.ID
	}
	ids := map[string]string{
		"/v1/orders/":            created("/v1/orders", goodOrder),
		"/v1/webhook_endpoints/": created("/v1/webhook_endpoints", `{"url": "https://127.0.0.1/hooks"}`),
		"/v1/listen_sessions/":   created("/v1/listen_sessions", `{"events": ["stamp.uploaded"]}`),
		"/v1/deliveries/":        "dlv_01kd3qbbz5d1m6q0v1b6p8w0xg",
	}
	for path, item := range doc["paths"].(map[string]any) {
		if !strings.HasPrefix(path, "/v1/") {
			// /healthz, /openapi.json, /metrics: GET only, and a 405 for
			// the rest, which the server answers.
			if r, _ := item.(map[string]any)["get"].(map[string]any)["responses"].(map[string]any); r["405"] == nil {
				t.Errorf("GET %s: 405 is not documented", path)
			}
			if st, b := testenv.DoHeaders(t, "POST", s.URL+path, "", "{}", nil); st != http.StatusMethodNotAllowed {
				t.Errorf("POST %s = %d %.200s, want 405", path, st, b)
			}
			continue
		}
		for method, op := range item.(map[string]any) {
			opm, ok := op.(map[string]any) // not "parameters", a list
			if !ok {
				continue
			}
			responses, ok := opm["responses"].(map[string]any)
			if !ok {
				continue
			}
			m := strings.ToUpper(method)
			for _, code := range []string{"400", "405", "499", "500", "503"} {
				if responses[code] == nil {
					t.Errorf("%s %s: %s is not documented", m, path, code)
				}
			}
			if m != "POST" && m != "PATCH" {
				continue
			}
			for _, code := range []string{"408", "413", "415"} {
				if responses[code] == nil {
					t.Errorf("%s %s: %s is not documented", m, path, code)
				}
			}
			concrete := path
			for prefix, id := range ids {
				if strings.HasPrefix(path, prefix) {
					concrete = strings.Replace(path, "{id}", id, 1)
				}
			}
			st, b := testenv.DoHeaders(t, m, s.URL+concrete, s.APIKey, huge, nil)
			if st == http.StatusForbidden {
				st, b = testenv.DoHeaders(t, m, s.URL+concrete, s.Operator, huge, nil)
			}
			if st != http.StatusRequestEntityTooLarge {
				t.Errorf("%s %s with a 1 MiB body: %d %.200s", m, concrete, st, b)
			}
		}
	}
}

// TestOpenAPIResponsesMatchSchemas drives every documented operation on a
// running server and checks each answer's status is documented and its
// body matches the documented schema, with no undocumented fields.
func TestOpenAPIResponsesMatchSchemas(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }))
	t.Cleanup(rcv.Close)
	covered := map[string]bool{}
	base := s.URL // the server call talks to

	// call makes a request to tmpl (with {id} = id) and checks the answer.
	call := func(method, tmpl, id, query, key string, body any, headers map[string]string, wantStatus int) map[string]any {
		t.Helper()
		path := strings.ReplaceAll(tmpl, "{id}", id)
		if query != "" {
			path += "?" + query
		}
		st, b := testenv.DoHeaders(t, method, base+path, key, body, headers)
		if st != wantStatus {
			t.Fatalf("%s %s: %d %s, want %d", method, path, st, b, wantStatus)
		}
		covered[method+" "+tmpl] = true
		return checkAnswer(t, doc, method, tmpl, path, st, b)
	}
	str := func(v any) string { return fmt.Sprint(v) }
	key, opTok := s.APIKey, s.Operator
	order := `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`

	call("GET", "/healthz", "", "", "", nil, nil, 200)
	call("GET", "/openapi.json", "", "", "", nil, nil, 200)
	call("GET", "/metrics", "", "", "", nil, nil, 200)

	// Orders, with their errors.
	o1 := call("POST", "/v1/orders", "", "", key, order, map[string]string{"Idempotency-Key": "k1"}, 201)
	call("POST", "/v1/orders", "", "", key, order, map[string]string{"Idempotency-Key": "k1"}, 201)
	o2 := call("POST", "/v1/orders", "", "", key, strings.Replace(order, "true", "false", 1), nil, 201)
	call("POST", "/v1/orders", "", "", key, `{"stamp_request": `, nil, 400)
	call("POST", "/v1/orders", "", "", "", order, nil, 401)
	call("POST", "/v1/orders", "", "", opTok, order, nil, 403)
	call("POST", "/v1/orders", "", "", key, strings.Replace(order, "1000", "1000.5", 1), nil, 422)
	call("GET", "/v1/orders", "", "limit=1&status=processing", key, nil, nil, 200)
	call("GET", "/v1/orders/{id}", str(o1["id"]), "", key, nil, nil, 200)
	call("GET", "/v1/orders/{id}", "order_00000000000000000000000000", "", key, nil, nil, 404)

	// An endpoint receives the events.
	ep := call("POST", "/v1/webhook_endpoints", "", "", key, map[string]any{"url": rcv.URL + "/hook", "description": "openapi test"}, nil, 201)
	epID := str(ep["id"])
	call("GET", "/v1/webhook_endpoints", "", "", key, nil, nil, 200)
	call("GET", "/v1/webhook_endpoints/{id}", epID, "", key, nil, nil, 200)
	call("PATCH", "/v1/webhook_endpoints/{id}", epID, "", key, `{"description": "changed"}`, nil, 200)
	call("GET", "/v1/webhook_endpoints/{id}/secret", epID, "", key, nil, nil, 200)
	call("POST", "/v1/webhook_endpoints/{id}/rotate_secret", epID, "", key, nil, nil, 200)
	call("GET", "/v1/webhook_endpoints/{id}/secret", epID, "", key, nil, nil, 200)
	call("POST", "/v1/webhook_endpoints/{id}/test", epID, "", key, `{"type": "order.cancelled"}`, nil, 202)

	// Moves.
	up := call("POST", "/v1/orders/{id}/upload", str(o1["id"]), "", opTok, nil, nil, 200)
	call("POST", "/v1/orders/{id}/deliver", str(o1["id"]), "", opTok, `{"delivery": {"partner": "BlueDart", "tracking_id": "BD1"}}`, nil, 200)
	call("POST", "/v1/orders/{id}/upload", str(o1["id"]), "", opTok, nil, nil, 409)
	call("POST", "/v1/orders/{id}/fail", str(o2["id"]), "", opTok, `{"error": {"code": "PORTAL_DOWN", "message": "portal down"}}`, nil, 200)
	call("POST", "/v1/orders/{id}/retry", str(o2["id"]), "", opTok, nil, nil, 200)
	call("POST", "/v1/orders/{id}/cancel", str(o2["id"]), "", key, `{"reason": "changed my mind"}`, nil, 200)
	eventID := str(up["event"].(map[string]any)["id"])

	call("GET", "/v1/events", "", "limit=100", key, nil, nil, 200)
	call("GET", "/v1/events/{id}", eventID, "", key, nil, nil, 200)

	// Deliveries, once the receiver has answered.
	testenv.Eventually(t, 10*time.Second, "deliveries to succeed", func() bool {
		_, b := s.Do(t, "GET", "/v1/deliveries?status=succeeded&limit=100", key, nil)
		return strings.Count(string(b), `"dlv_`) >= 5
	})
	ds := call("GET", "/v1/deliveries", "", "endpoint_id="+epID+"&event_type=stamp.uploaded", key, nil, nil, 200)
	dlv := str(ds["data"].([]any)[0].(map[string]any)["id"])
	call("GET", "/v1/deliveries/{id}", dlv, "", key, nil, nil, 200)
	call("POST", "/v1/deliveries/{id}/retry", dlv, "", key, nil, nil, 202)
	call("POST", "/v1/webhook_endpoints/{id}/recover", epID, "", key, `{"since": "2024-01-15T00:00:00Z"}`, nil, 202)
	call("GET", "/v1/webhook_endpoints/{id}/stats", epID, "window=1h", key, nil, nil, 200)

	// Listen sessions.
	ls := call("POST", "/v1/listen_sessions", "", "", key, `{"events": ["stamp.uploaded"], "forward_to": "http://localhost:3000/webhooks/esahayak"}`, nil, 201)
	lsID := str(ls["id"])
	call("GET", "/v1/listen_sessions", "", "", key, nil, nil, 200)
	call("GET", "/v1/listen_sessions/{id}", lsID, "", key, nil, nil, 200)
	// A result names an event the session was sent: one created after it.
	o3 := call("POST", "/v1/orders", "", "", key, order, nil, 201)
	up3 := call("POST", "/v1/orders/{id}/upload", str(o3["id"]), "", opTok, nil, nil, 200)
	lsEvent := str(up3["event"].(map[string]any)["id"])
	report := map[string]any{"event_id": lsEvent, "started_at": time.Now().UTC().Format(time.RFC3339Nano), "duration_ms": 4.2,
		"request_headers": map[string]string{"webhook-id": lsEvent}, "status": 200, "response_body": `{"received":true}`}
	d := call("POST", "/v1/listen_sessions/{id}/results", lsID, "", key, report, nil, 201)
	call("POST", "/v1/listen_sessions/{id}/results", lsID, "", key, report, nil, 200)
	before := map[string]any{"event_id": eventID, "started_at": time.Now().UTC().Format(time.RFC3339Nano), "duration_ms": 4.2,
		"request_headers": map[string]string{}, "status": 200}
	call("POST", "/v1/listen_sessions/{id}/results", lsID, "", key, before, nil, 422)
	call("GET", "/v1/deliveries/{id}", str(d["id"]), "", key, nil, nil, 200)
	call("GET", "/v1/deliveries", "", "endpoint_id="+lsID, key, nil, nil, 200)
	call("POST", "/v1/deliveries/{id}/retry", str(d["id"]), "", key, nil, nil, 409)
	// The stream answers text/event-stream and starts with a ready message.
	req, _ := http.NewRequest("GET", s.URL+"/v1/listen_sessions/"+lsID+"/stream", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(resp.Body).ReadString('\n')
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" || line != "event: ready\n" {
		t.Fatalf("stream: %d %s, first line %q", resp.StatusCode, resp.Header.Get("Content-Type"), line)
	}
	covered["GET /v1/listen_sessions/{id}/stream"] = true
	call("DELETE", "/v1/listen_sessions/{id}", lsID, "", key, nil, nil, 200)
	call("GET", "/v1/listen_sessions/{id}/stream", lsID, "", key, nil, nil, 409)
	call("POST", "/v1/listen_sessions/{id}/results", lsID, "", key, report, nil, 409)

	call("DELETE", "/v1/webhook_endpoints/{id}", epID, "", key, nil, nil, 200)

	// The endpoint limit (--max-endpoints-per-account), on a server with a
	// limit of one.
	limited := testenv.Start(t, testenv.SQLite(t), testenv.Options{MaxEndpoints: 1, MaxListenSessions: 1})
	base = limited.URL
	call("POST", "/v1/webhook_endpoints", "", "", limited.APIKey, `{"url": "https://127.0.0.1/one"}`, nil, 201)
	if e := call("POST", "/v1/webhook_endpoints", "", "", limited.APIKey, `{"url": "https://127.0.0.1/two"}`, nil, 409); str(e["error"].(map[string]any)["code"]) != "endpoint_limit_reached" {
		t.Errorf("over the endpoint limit: %v, want endpoint_limit_reached", e)
	}
	// And the open listen sessions' (--max-listen-sessions-per-account).
	call("POST", "/v1/listen_sessions", "", "", limited.APIKey, `{}`, nil, 201)
	if e := call("POST", "/v1/listen_sessions", "", "", limited.APIKey, `{}`, nil, 409); str(e["error"].(map[string]any)["code"]) != "listen_session_limit_reached" {
		t.Errorf("over the listen session limit: %v, want listen_session_limit_reached", e)
	}
	base = s.URL

	for _, r := range documentedRoutes(doc) {
		if !covered[r] {
			t.Errorf("%s is documented but this test does not call it: add it", r)
		}
	}
}

// checkAnswer holds an answer of st and body b to METHOD tmpl (requested
// as path) to openapi.json: its status is documented for the operation and
// its JSON body matches the documented schema, with no undocumented
// fields. It returns the body's object, or nil.
func checkAnswer(t *testing.T, doc map[string]any, method, tmpl, path string, st int, b []byte) map[string]any {
	t.Helper()
	o, ok := doc["paths"].(map[string]any)[tmpl].(map[string]any)[strings.ToLower(method)].(map[string]any)
	if !ok {
		t.Fatalf("%s %s is not documented", method, tmpl)
	}
	r, ok := o["responses"].(map[string]any)[strconv.Itoa(st)]
	if !ok {
		t.Fatalf("%s %s answered %d, which openapi.json does not document for it: %s", method, tmpl, st, b)
	}
	rr, err := deref(doc, r)
	if err != nil {
		t.Fatal(err)
	}
	if st == http.StatusConflict {
		// A 409's description names the codes it can carry (each
		// operation's own: TestOpenAPINamesEachOperationsConflicts).
		var e struct{ Error struct{ Code string } }
		json.Unmarshal(b, &e)
		if d, _ := rr["description"].(string); !strings.Contains(d, "`"+e.Error.Code+"`") {
			t.Errorf("%s %s answered 409 %s, which its documented 409 does not name: %q", method, tmpl, e.Error.Code, d)
		}
	}
	content, _ := rr["content"].(map[string]any)
	js, ok := content["application/json"].(map[string]any)
	if !ok {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s %s: not JSON: %s", method, path, b)
	}
	if problems := (&schemaChecker{doc: doc}).check("body", js["schema"].(map[string]any), v); len(problems) > 0 {
		t.Errorf("%s %s (%d) does not match its documented schema:\n  %s\nbody: %s", method, path, st, strings.Join(problems, "\n  "), b)
	}
	m, _ := v.(map[string]any)
	return m
}

// schemaChecker validates a JSON value against the JSON Schema subset the
// document uses: $ref, allOf, type (with null), properties, required,
// additionalProperties, items, enum, pattern and format date-time.
type schemaChecker struct{ doc map[string]any }

func (c *schemaChecker) check(at string, s map[string]any, v any) []string {
	subs := c.flatten(s)
	var p []string
	for _, sub := range subs {
		p = append(p, c.checkScalar(at, sub, v)...)
	}
	if len(p) > 0 {
		return p
	}
	switch x := v.(type) {
	case map[string]any:
		// As JSON Schema has it, each schema of an allOf judges the whole
		// object on its own: a field is additional to a schema that does
		// not list it, even when another schema of the allOf does.
		for _, sub := range subs {
			for _, r := range asSlice(sub["required"]) {
				if _, ok := x[r.(string)]; !ok {
					p = append(p, fmt.Sprintf("%s: required field %s is missing", at, r))
				}
			}
			own, _ := sub["properties"].(map[string]any)
			for name, fv := range x {
				if ps, ok := own[name]; ok {
					p = append(p, c.check(at+"."+name, ps.(map[string]any), fv)...)
					continue
				}
				switch ap := sub["additionalProperties"].(type) {
				case bool:
					if !ap {
						p = append(p, fmt.Sprintf("%s: field %s is not documented", at, name))
					}
				case map[string]any:
					p = append(p, c.check(at+"."+name, ap, fv)...)
				}
			}
		}
	case []any:
		for _, sub := range subs {
			if items, ok := sub["items"].(map[string]any); ok {
				for i, item := range x {
					p = append(p, c.check(fmt.Sprintf("%s[%d]", at, i), items, item)...)
				}
			}
		}
	}
	return p
}

// flatten resolves $ref and allOf into the list of schemas v must match.
func (c *schemaChecker) flatten(s map[string]any) []map[string]any {
	s, err := deref(c.doc, s)
	if err != nil {
		return nil
	}
	out := []map[string]any{s}
	for _, sub := range asSlice(s["allOf"]) {
		out = append(out, c.flatten(sub.(map[string]any))...)
	}
	return out
}

func (c *schemaChecker) checkScalar(at string, s map[string]any, v any) []string {
	if types := typesOf(s); len(types) > 0 && !slices.ContainsFunc(types, func(t string) bool { return isType(t, v) }) {
		return []string{fmt.Sprintf("%s: %v is not of type %v", at, v, types)}
	}
	if enum := asSlice(s["enum"]); len(enum) > 0 && !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
		return []string{fmt.Sprintf("%s: %v is not one of %v", at, v, enum)}
	}
	if p := checkBounds(at, s, v); p != "" {
		return []string{p}
	}
	if str, ok := v.(string); ok {
		if pat, ok := s["pattern"].(string); ok && !regexp.MustCompile(pat).MatchString(str) {
			return []string{fmt.Sprintf("%s: %q does not match %s", at, str, pat)}
		}
		if s["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				return []string{fmt.Sprintf("%s: %q is not an RFC 3339 date-time", at, str)}
			}
		}
	}
	return nil
}

// checkBounds holds v to the schema's limits: minLength and maxLength (in
// characters, as JSON Schema counts them), minimum and maximum, minItems
// and maxItems, maxProperties. It names the first one v breaks, or "".
func checkBounds(at string, s map[string]any, v any) string {
	bound := func(key string) (float64, bool) {
		n, ok := s[key].(json.Number)
		if !ok {
			return 0, false
		}
		f, err := n.Float64()
		return f, err == nil
	}
	var size float64
	var lo, hi string
	switch x := v.(type) {
	case string:
		size, lo, hi = float64(utf8.RuneCountInString(x)), "minLength", "maxLength"
	case []any:
		size, lo, hi = float64(len(x)), "minItems", "maxItems"
	case map[string]any:
		size, lo, hi = float64(len(x)), "minProperties", "maxProperties"
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return ""
		}
		size, lo, hi = f, "minimum", "maximum"
	default:
		return ""
	}
	if b, ok := bound(lo); ok && size < b {
		return fmt.Sprintf("%s: %v is under %s %v", at, size, lo, b)
	}
	if b, ok := bound(hi); ok && size > b {
		return fmt.Sprintf("%s: %v is over %s %v", at, size, hi, b)
	}
	return ""
}

func isType(t string, v any) bool {
	switch t {
	case "null":
		return v == nil
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		return ok && !strings.ContainsAny(string(n), ".eE")
	}
	return false
}

// TestOpenAPISchemaCheckerCatches proves the response check finds each
// kind of mismatch, so a passing TestOpenAPIResponsesMatchSchemas means
// something.
func TestOpenAPISchemaCheckerCatches(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	c := &schemaChecker{doc: doc}
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	decode := func(s string) any {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	good := `{"id":"order_1","object":"order","status":"PROCESSING","created_at":"2024-01-15T10:00:00.000Z","updated_at":"2024-01-15T10:00:00.000Z",
	  "stamp_request":{"id":"stamp_1","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},"delivery_requested":false}`
	if p := c.check("order", ref("Order"), decode(good)); len(p) > 0 {
		t.Fatalf("a good order fails: %v", p)
	}
	cases := map[string]struct{ schema, body, want string }{
		"undocumented field": {"Order", strings.Replace(good, `"object":"order"`, `"object":"order","extra":1`, 1), "field extra is not documented"},
		"missing field":      {"Order", strings.Replace(good, `"object":"order",`, ``, 1), "required field object"},
		"wrong type":         {"Order", strings.Replace(good, `"amount":1000`, `"amount":"1000"`, 1), "not of type"},
		"not an integer":     {"Order", strings.Replace(good, `"amount":1000`, `"amount":1000.5`, 1), "not of type"},
		"not in enum":        {"Order", strings.Replace(good, `"PROCESSING"`, `"processing"`, 1), "not one of"},
		"bad date-time":      {"Order", strings.Replace(good, `"2024-01-15T10:00:00.000Z"`, `"yesterday"`, 1), "date-time"},
		"bad pattern":        {"Order", strings.Replace(good, `"order_1"`, `"ord_1"`, 1), "does not match"},
		"over maximum":       {"StampRequestInput", `{"state":"Assam","amount":100000001,"article_code":"A","provider":"NESL"}`, "over maximum"},
		"under minimum":      {"StampRequestInput", `{"state":"Assam","amount":0,"article_code":"A","provider":"NESL"}`, "under minimum"},
		"over maxLength":     {"CancelRequest", `{"reason":"` + strings.Repeat("é", 501) + `"}`, "over maxLength"},
		"under minItems":     {"CreateListenSessionRequest", `{"events":[]}`, "under minItems"},
		"list item (allOf)":  {"OrderList", `{"object":"list","has_more":false,"data":[` + strings.Replace(good, `"object":"order"`, `"object":"order","x":1`, 1) + `]}`, "data[0]: field x"},
		"list extra (allOf)": {"OrderList", `{"object":"list","has_more":false,"data":[],"total":3}`, "field total"},
	}
	// Standard JSON Schema: a closed schema inside allOf refuses a field
	// that only another branch lists (what OrderMoveResult once did).
	closedInAllOf := map[string]any{"allOf": []any{ref("Order"), map[string]any{"type": "object", "properties": map[string]any{"event": map[string]any{}}}}}
	if p := strings.Join(c.check("body", closedInAllOf, decode(strings.Replace(good, `"object":"order"`, `"object":"order","event":{}`, 1))), "\n"); !strings.Contains(p, "field event is not documented") {
		t.Errorf("allOf with a closed branch: want field event refused, got %q", p)
	}
	for name, tc := range cases {
		p := strings.Join(c.check("body", ref(tc.schema), decode(tc.body)), "\n")
		if !strings.Contains(p, tc.want) {
			t.Errorf("%s: want a problem mentioning %q, got %q", name, tc.want, p)
		}
	}
}

// TestOpenAPIDocumentsResponseHeaders: the headers a client is told to act
// on are declared on the responses that carry them: Retry-After on every
// 429 and 503 (the API's and /healthz's), Allow on every 405,
// WWW-Authenticate on every 401. They were described in prose only
// (docs/api.md), so a generated client had no field for them. A running
// server is asked for each one it can be made to send here.
func TestOpenAPIDocumentsResponseHeaders(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	want := map[string]string{"429": "Retry-After", "503": "Retry-After", "405": "Allow", "401": "WWW-Authenticate"}
	declares := func(method, path, status, header string) bool {
		t.Helper()
		op, _ := doc["paths"].(map[string]any)[path].(map[string]any)[strings.ToLower(method)].(map[string]any)
		r, ok := op["responses"].(map[string]any)[status]
		if !ok {
			t.Fatalf("%s %s: %s is not documented", method, path, status)
		}
		rr, err := deref(doc, r)
		if err != nil {
			t.Fatal(err)
		}
		h, _ := rr["headers"].(map[string]any)
		_, ok = h[header]
		return ok
	}
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			opm, ok := op.(map[string]any)
			if !ok {
				continue
			}
			responses, _ := opm["responses"].(map[string]any)
			for status := range responses {
				if header := want[status]; header != "" && !declares(method, path, status, header) {
					t.Errorf("%s %s: its %s does not declare the %s header the server sends with it", strings.ToUpper(method), path, status, header)
				}
			}
		}
	}

	// And the server does send them.
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	send := func(method, path, key, body string, h map[string]string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	has := func(resp *http.Response, method, path, header string) {
		t.Helper()
		if resp.Header.Get(header) == "" {
			t.Errorf("%s answered %d without %s", resp.Request.URL.Path, resp.StatusCode, header)
		}
		if !declares(method, path, strconv.Itoa(resp.StatusCode), header) {
			t.Errorf("%s %s: its %d does not declare %s", method, path, resp.StatusCode, header)
		}
	}
	// A 405 is documented on the operations the path does take.
	has(send("PUT", "/v1/orders", s.APIKey, "", nil), "GET", "/v1/orders", "Allow")
	has(send("GET", "/v1/orders", "", "", nil), "GET", "/v1/orders", "WWW-Authenticate")
	for range 2 {
		resp := send("POST", "/v1/orders", s.APIKey, goodOrder, map[string]string{"Idempotency-Key": "headers-1"})
		if resp.StatusCode != 201 {
			t.Fatalf("POST /v1/orders: %d", resp.StatusCode)
		}
		if resp.Header.Get("Idempotent-Replayed") != "" {
			has(resp, "POST", "/v1/orders", "Idempotent-Replayed")
		}
	}
	stream := "/v1/listen_sessions/" + s.NewListenSession(t, s.APIKey, `{}`) + "/stream"
	for range 20 {
		if resp := send("GET", stream, s.APIKey, "", nil); resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", stream, resp.StatusCode)
		}
	}
	resp := send("GET", stream, s.APIKey, "", nil)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the 21st stream: %d, want 429", resp.StatusCode)
	}
	has(resp, "GET", "/v1/listen_sessions/{id}/stream", "Retry-After")
}

// TestOpenAPIRequestBodiesAsServed: what openapi.json says of each request
// body's fields is what the server does with them. Each documented field is
// sent at its documented edges, in an otherwise good body: null (an optional
// field given as null is the same as one left out, docs/api.md's rule, so its
// type must allow null; a required one given as null is refused), and its
// minLength, maxLength, minimum, maximum, minItems and maxProperties, each
// at the limit and one past it. The server's answer (2xx or a 422 naming the
// field) and the document's (the body matches the schema or not) must agree.
func TestOpenAPIRequestBodiesAsServed(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	key, opTok := s.APIKey, s.Operator
	create := func(path, k, body string) string {
		t.Helper()
		st, b := s.Do(t, "POST", path, k, body)
		id, _ := testenv.JSON(t, b)["id"].(string)
		if st/100 != 2 || id == "" {
			t.Fatalf("POST %s: %d %s", path, st, b)
		}
		return id
	}
	freshOrder := func(moves ...string) string {
		id := create("/v1/orders", key, strings.Replace(goodOrder, "false", "true", 1))
		for _, m := range moves {
			body := "{}"
			if m == "fail" {
				body = `{"error": {"code": "PORTAL_DOWN", "message": "down"}}`
			}
			if st, b := s.Do(t, "POST", "/v1/orders/"+id+"/"+m, opTok, body); st != 200 {
				t.Fatalf("%s %s: %d %s", m, id, st, b)
			}
		}
		return id
	}
	endpoint := create("/v1/webhook_endpoints", key, `{"url": "http://127.0.0.1:1/hook"}`)
	session := create("/v1/listen_sessions", key, `{}`)
	// An event made after the session started, for its results.
	var event string
	{
		id := freshOrder()
		st, b := s.Do(t, "POST", "/v1/orders/"+id+"/upload", opTok, nil)
		ev, _ := testenv.JSON(t, b)["event"].(map[string]any)
		if event, _ = ev["id"].(string); st != 200 || event == "" {
			t.Fatalf("upload: %d %s", st, b)
		}
	}
	now := time.Now().UTC().Format(time.RFC3339)

	// Each operation with a body whose schema has fields: where to send it,
	// with which credential, and a good body to vary.
	type target struct {
		path func() string
		key  string
		good string
	}
	fixed := func(p string) func() string { return func() string { return p } }
	order := func(moves ...string) func() string {
		return func() string { return "/v1/orders/" + freshOrder(moves...) }
	}
	targets := map[string]target{
		"POST /v1/orders":                         {fixed("/v1/orders"), key, goodOrder},
		"POST /v1/orders/{id}/cancel":             {func() string { return order()() + "/cancel" }, key, `{}`},
		"POST /v1/orders/{id}/fail":               {func() string { return order()() + "/fail" }, opTok, `{"error": {"code": "PORTAL_DOWN", "message": "down"}}`},
		"POST /v1/orders/{id}/deliver":            {func() string { return order("upload")() + "/deliver" }, opTok, `{"delivery": {"partner": "BlueDart", "tracking_id": "BD1"}}`},
		"POST /v1/webhook_endpoints":              {fixed("/v1/webhook_endpoints"), key, `{"url": "http://127.0.0.1:1/hook"}`},
		"PATCH /v1/webhook_endpoints/{id}":        {fixed("/v1/webhook_endpoints/" + endpoint), key, `{}`},
		"POST /v1/webhook_endpoints/{id}/recover": {fixed("/v1/webhook_endpoints/" + endpoint + "/recover"), key, `{"since": "2024-01-15T00:00:00Z"}`},
		"POST /v1/webhook_endpoints/{id}/test":    {fixed("/v1/webhook_endpoints/" + endpoint + "/test"), key, `{}`},
		"POST /v1/listen_sessions":                {fixed("/v1/listen_sessions"), key, `{}`},
		"POST /v1/listen_sessions/{id}/results":   {fixed("/v1/listen_sessions/" + session + "/results"), key, `{"event_id": "` + event + `", "started_at": "` + now + `", "status": 200, "error": "x"}`},
	}
	// A good value of n characters for a field that takes text.
	text := func(field string, n int) any {
		switch field {
		case "url", "forward_to":
			const prefix = "http://127.0.0.1:1/"
			return prefix + strings.Repeat("a", max(n-len(prefix), 0))
		}
		return strings.Repeat("A", n)
	}
	headers := func(n int) any {
		h := map[string]any{}
		for i := range n {
			h[fmt.Sprintf("X-H%d", i)] = "v"
		}
		return h
	}
	checker := &schemaChecker{doc: doc}
	probes := 0
	// Every field name any request body documents, at any depth: each is
	// also sent, as null, where its operation's schema does not list it.
	// The server must refuse it there, as the document does; one it takes
	// is a field clients cannot learn of (a shared request type reads
	// more fields than its operation documents).
	bodyFields := map[string]bool{}
	{
		var collect func(s map[string]any)
		collect = func(s map[string]any) {
			s, _ = deref(doc, s)
			props, _ := s["properties"].(map[string]any)
			for name, ps := range props {
				bodyFields[name] = true
				collect(ps.(map[string]any))
			}
		}
		for _, item := range doc["paths"].(map[string]any) {
			for _, op := range item.(map[string]any) {
				if opm, ok := op.(map[string]any); ok && opm["requestBody"] != nil {
					rb, _ := deref(doc, opm["requestBody"])
					collect(rb["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any))
				}
			}
		}
	}
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			opm, ok := op.(map[string]any)
			if !ok || opm["requestBody"] == nil {
				continue
			}
			name := strings.ToUpper(method) + " " + path
			rb, err := deref(doc, opm["requestBody"])
			if err != nil {
				t.Fatal(err)
			}
			schema := rb["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
			root, _ := deref(doc, schema)
			if props, _ := root["properties"].(map[string]any); len(props) == 0 {
				continue // a body of no fields ({} or none): nothing to vary
			}
			tg, ok := targets[name]
			if !ok {
				t.Errorf("%s takes a body with fields, which this test does not send: add it to targets", name)
				continue
			}
			// send sends the good body with the field at fieldPath set to v,
			// and checks that the server and the document agree on it.
			send := func(fieldPath []string, v any, what string) {
				t.Helper()
				var body map[string]any
				if err := json.Unmarshal([]byte(tg.good), &body); err != nil {
					t.Fatal(err)
				}
				parent := body
				for _, p := range fieldPath[:len(fieldPath)-1] {
					parent = parent[p].(map[string]any)
				}
				parent[fieldPath[len(fieldPath)-1]] = v
				raw, _ := json.Marshal(body)
				field := strings.Join(fieldPath, ".")
				docOK := len(checker.check("body", schema, decodeNumbers(t, raw))) == 0
				st, b := s.Do(t, strings.ToUpper(method), tg.path(), tg.key, raw)
				probes++
				var e struct {
					Error struct{ Code, Param string }
				}
				json.Unmarshal(b, &e)
				switch served := st/100 == 2; {
				case served && !docOK:
					t.Errorf("%s with %s %s: the server takes it (%d), openapi.json refuses it", name, field, what, st)
				case !served && docOK:
					t.Errorf("%s with %s %s: openapi.json allows it, the server answers %d %s", name, field, what, st, b)
				case !served && (st != 422 || e.Error.Param != field):
					t.Errorf("%s with %s %s: %d %s, want 422 naming %s", name, field, what, st, b, field)
				}
			}
			srv := s // walk's s is a schema
			var walk func(s map[string]any, at []string)
			walk = func(s map[string]any, at []string) {
				s, _ = deref(doc, s)
				props, _ := s["properties"].(map[string]any)
				for _, pname := range slices.Sorted(maps.Keys(props)) {
					ps, _ := deref(doc, props[pname])
					fp := append(slices.Clip(at), pname)
					send(fp, nil, "null")
					num := func(k string) (int, bool) {
						n, ok := ps[k].(json.Number)
						i, err := n.Int64()
						return int(i), ok && err == nil
					}
					if n, ok := num("maxLength"); ok {
						send(fp, text(pname, n), fmt.Sprintf("of %d characters", n))
						send(fp, text(pname, n+1), fmt.Sprintf("of %d characters", n+1))
					}
					if n, ok := num("minLength"); ok && n > 0 {
						send(fp, text(pname, n-1), fmt.Sprintf("of %d characters", n-1))
					} else if slices.Contains(typesOf(ps), "string") {
						// No minLength: the document takes "", so the
						// server must too (a url or forward_to it
						// refuses empty needs its minLength).
						send(fp, "", "empty")
					}
					if n, ok := num("maximum"); ok {
						send(fp, n, fmt.Sprint(n))
						send(fp, n+1, fmt.Sprint(n+1))
					}
					if n, ok := num("minimum"); ok {
						send(fp, n, fmt.Sprint(n))
						send(fp, n-1, fmt.Sprint(n-1))
					}
					if n, ok := num("minItems"); ok && n > 0 {
						send(fp, []string{}, "empty")
					}
					if n, ok := num("maxProperties"); ok {
						send(fp, headers(n), fmt.Sprintf("of %d entries", n))
						send(fp, headers(n+1), fmt.Sprintf("of %d entries", n+1))
					}
					if slices.Contains(typesOf(ps), "object") && ps["properties"] != nil {
						walk(ps, fp)
					}
				}
				// The other operations' field names, undocumented here.
				for _, other := range slices.Sorted(maps.Keys(bodyFields)) {
					if _, ok := props[other]; ok {
						continue
					}
					fp := append(slices.Clip(at), other)
					var body map[string]any
					if err := json.Unmarshal([]byte(tg.good), &body); err != nil {
						t.Fatal(err)
					}
					parent := body
					for _, p := range at {
						parent = parent[p].(map[string]any)
					}
					parent[other] = nil
					raw, _ := json.Marshal(body)
					if len(checker.check("body", schema, decodeNumbers(t, raw))) == 0 {
						continue // the document takes any field here
					}
					st, b := srv.Do(t, strings.ToUpper(method), tg.path(), tg.key, raw)
					probes++
					if st/100 == 2 {
						t.Errorf("%s with %s null: the server takes it (%d), openapi.json does not document it", name, strings.Join(fp, "."), st)
					} else if st != 400 && st != 422 {
						t.Errorf("%s with %s null: %d %s, want 400 or 422", name, strings.Join(fp, "."), st, b)
					}
				}
			}
			walk(root, nil)

			// And its header parameters (Idempotency-Key), at their limits
			// and with a character outside their pattern, in the good body.
			for _, x := range asSlice(opm["parameters"]) {
				prm, err := deref(doc, x)
				if err != nil {
					t.Fatal(err)
				}
				ps, _ := prm["schema"].(map[string]any)
				if prm["in"] != "header" || ps == nil {
					continue
				}
				hname := prm["name"].(string)
				values := []string{"", "é"}
				for _, k := range []string{"minLength", "maxLength"} {
					if n, ok := ps[k].(json.Number); ok {
						i, _ := n.Int64()
						values = append(values, strings.Repeat("a", max(int(i)-1, 0)), strings.Repeat("a", int(i)), strings.Repeat("a", int(i)+1))
					}
				}
				for _, v := range values {
					// Each value once: the last character made unique, so
					// that no probe replays another's answer.
					if v != "" && v != "é" {
						v = v[:len(v)-1] + string(rune('a'+probes%26))
					}
					docOK := len(checker.check(hname, ps, v)) == 0
					st, b := testenv.DoHeaders(t, strings.ToUpper(method), s.URL+tg.path(), tg.key, tg.good, map[string]string{hname: v})
					probes++
					var e struct {
						Error struct{ Param string }
					}
					json.Unmarshal(b, &e)
					switch served := st/100 == 2; {
					case served && !docOK:
						t.Errorf("%s with %s %q: the server takes it (%d), openapi.json refuses it", name, hname, v, st)
					case !served && docOK:
						t.Errorf("%s with %s %q: openapi.json allows it, the server answers %d %s", name, hname, v, st, b)
					case !served && (st != 400 || e.Error.Param != hname):
						t.Errorf("%s with %s %q: %d %s, want 400 naming %s", name, hname, v, st, b, hname)
					}
				}
			}
		}
	}
	if probes < 50 {
		t.Fatalf("only %d probes sent: has the document's shape changed?", probes)
	}
}

func decodeNumbers(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
