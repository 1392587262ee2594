package api_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRouteNotFoundPointsAtOpenAPI: an unknown route's message points at
// what a client of a deployed server can fetch, GET /openapi.json, and
// that answers without a key. It pointed at docs/api.md, a file of the
// repository.
func TestRouteNotFoundPointsAtOpenAPI(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct{ method, path, key string }{
		{"GET", "/v1/nothing", s.APIKey},
		{"POST", "/v1/nothing", s.APIKey},
		{"GET", "/nothing", ""},
	} {
		st, b := s.Do(t, c.method, c.path, c.key, nil)
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Code != "route_not_found" {
			t.Fatalf("%s %s: %d %s (%v)", c.method, c.path, st, b, err)
		}
		want := "no route " + c.method + " " + c.path + "; the routes are described at GET /openapi.json"
		if e.Error.Message != want || strings.Contains(e.Error.Message, "docs/") {
			t.Errorf("%s %s: message %q, want %q", c.method, c.path, e.Error.Message, want)
		}
	}
	// The pointer leads somewhere: the description, without a key.
	st, b := s.Do(t, "GET", "/openapi.json", "", nil)
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || st != 200 || !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Paths["/v1/orders"] == nil {
		t.Fatalf("GET /openapi.json: %d, %v\n%.300s", st, err, b)
	}
}

// TestConnectIsAnsweredInJSON: CONNECT host:port (a request with no path)
// gets the API's JSON error; the mux answered it in plain text.
func TestConnectIsAnsweredInJSON(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(conn, "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\nAuthorization: Bearer "+s.APIKey+"\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: "CONNECT"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	var e struct {
		Error struct{ Code, Message string }
	}
	if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || json.Unmarshal(b, &e) != nil || e.Error.Code != "route_not_found" {
		t.Fatalf("CONNECT: %s %s %s", resp.Status, resp.Header.Get("Content-Type"), b)
	}
	t.Logf("CONNECT: %s %s", resp.Status, b)
	// An absolute-form target without a path is for "/" (RFC 9110), not
	// a proxy request.
	io.WriteString(conn, "GET http://127.0.0.1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	resp, err = http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	if resp.StatusCode == 404 || strings.Contains(string(b), "no proxy") {
		t.Errorf("GET http://127.0.0.1 (no path): %s %s", resp.Status, b)
	}
}

// TestAsteriskTargetIsAnsweredInJSON: a request whose target is "*" with
// a method other than OPTIONS (GET *, and HTTP/2's cleartext preface PRI *
// HTTP/2.0, which Go's server hands to the handler) gets the API's JSON
// 404 and its connection closed; the mux answered it with an empty 400.
// OPTIONS * stays Go's own empty 200, which never reaches the API.
func TestAsteriskTargetIsAnsweredInJSON(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, req := range []string{
		"GET * HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST * HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
		"GET * HTTP/1.0\r\n\r\n",
		"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
	} {
		line, _, _ := strings.Cut(req, "\r\n")
		conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		io.WriteString(conn, req)
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			conn.Close()
			t.Fatalf("%s: %v", line, err)
		}
		b, _ := io.ReadAll(resp.Body)
		var e struct {
			Error struct{ Code, Message string }
		}
		if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || json.Unmarshal(b, &e) != nil ||
			e.Error.Code != "route_not_found" || !strings.Contains(e.Error.Message, "GET /openapi.json") {
			t.Errorf("%s: %s %q %s; want the JSON 404 route_not_found", line, resp.Status, resp.Header.Get("Content-Type"), b)
		}
		// Nothing after it is read as another request (the preface's
		// frames would be): the connection ends.
		if _, err := br.ReadByte(); err != io.EOF {
			t.Errorf("%s: the connection stayed open after the answer (%v)", line, err)
		}
		conn.Close()
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(conn, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("OPTIONS *: %v %v; want Go's 200", resp, err)
	}
}

// TestOpenAPIServerIsTheOneServingIt: a tool given a running server's
// GET /openapi.json (Swagger UI, Postman, an SDK generator) sends its
// requests to the description's first server. That was
// http://127.0.0.1:8080 whatever --addr the server had, so a server on
// another port sent the tool, and the API key typed into it, to whatever
// listens on 8080. The first server resolves against the description's own
// URL (OpenAPI 3.1, 4.8.5) to the server that served it.
func TestOpenAPIServerIsTheOneServingIt(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "GET", "/openapi.json", "", nil)
	var doc struct {
		Servers []struct{ URL string } `json:"servers"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || st != 200 || len(doc.Servers) == 0 {
		t.Fatalf("GET /openapi.json: %d, %v\n%.300s", st, err, b)
	}
	self, err := url.Parse(s.URL + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	first, err := url.Parse(doc.Servers[0].URL)
	if err != nil {
		t.Fatalf("servers[0].url %q: %v", doc.Servers[0].URL, err)
	}
	got := strings.TrimSuffix(self.ResolveReference(first).String(), "/")
	if got != s.URL {
		t.Errorf("servers[0].url %q resolves, for the description served at %s, to %s: a tool would send requests there", doc.Servers[0].URL, self, got)
	}
}

// TestRouteErrorsNameThePathAsSent: a 404 or 405 names the path as the
// request line had it. A %2F inside a segment is no slash to the mux, but
// the messages showed the decoded path: GET /v1/orders%2Forder_… was "no
// route GET /v1/orders/order_…", a route that exists, and POST
// /v1/orders/order_…%2Fupload (the id route, which takes GET) was "POST is
// not allowed on /v1/orders/order_…/upload", a route that takes POST.
// Each now names the path as sent, then the %2F and the route meant with
// a plain / (TestEncodedSlashIsNamed).
func TestRouteErrorsNameThePathAsSent(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	orderID := createOrder(t, s, s.APIKey, false)["id"].(string)
	for _, c := range []struct{ method, path, key, code, want string }{
		{"GET", "/v1/orders%2F" + orderID, s.APIKey, "route_not_found",
			"no route GET /v1/orders%2F" + orderID + " (the path holds a / written as %2F, which the routes read as part of a segment; did you mean GET /v1/orders/" + orderID + "?); the routes are described at GET /openapi.json"},
		{"POST", "/v1/orders/" + orderID + "%2Fupload", s.Operator, "method_not_allowed",
			"POST is not allowed on /v1/orders/" + orderID + "%2Fupload (the path holds a / written as %2F, which the routes read as part of a segment: did you mean POST /v1/orders/" + orderID + "/upload?); allowed: GET, HEAD"},
	} {
		st, b := s.Do(t, c.method, c.path, c.key, nil)
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil || e.Error.Code != c.code {
			t.Fatalf("%s %s: %d %s (%v)", c.method, c.path, st, b, err)
		}
		if e.Error.Message != c.want {
			t.Errorf("%s %s: message %q, want %q", c.method, c.path, e.Error.Message, c.want)
		}
	}
	// The route itself is untouched: the upload goes through.
	if st, b := s.Do(t, "POST", "/v1/orders/"+orderID+"/upload", s.Operator, nil); st != 200 {
		t.Fatalf("upload: %d %s", st, b)
	}
}

// TestRouteNotFoundNamesTheRouteMeant: a path one slip away from a route
// names that route. The README's tour writes $API/v1/…, and the server's
// start banner prints "API: http://127.0.0.1:8080/v1": a new user who set
// API to the banner's URL sent POST /v1/v1/webhook_endpoints and was told
// only "no route", as for a path left without /v1, with a trailing slash
// or with - for _. The route named answers, and a path no slip explains
// keeps the plain message.
func TestRouteNotFoundNamesTheRouteMeant(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	orderID := createOrder(t, s, s.APIKey, false)["id"].(string)
	endpoint := map[string]any{"url": "https://127.0.0.1/webhooks/esahayak"}
	for _, c := range []struct {
		method, path, key string
		body              any
		meant, why        string
	}{
		{"POST", "/v1/v1/webhook_endpoints", s.APIKey, endpoint, "POST /v1/webhook_endpoints", "/v1 twice"},
		{"GET", "/v1/v1/v1/orders/" + orderID, s.APIKey, nil, "GET /v1/orders/" + orderID, "/v1 twice"},
		{"GET", "/v1/v1/orders/" + orderID + "/upload", s.Operator, nil, "POST /v1/orders/" + orderID + "/upload", "/v1 twice"},
		{"GET", "/webhook_endpoints", s.APIKey, nil, "GET /v1/webhook_endpoints", ""},
		{"GET", "/v1/webhook-endpoints", s.APIKey, nil, "GET /v1/webhook_endpoints", ""},
		{"GET", "/v1/Orders/", s.APIKey, nil, "GET /v1/orders", ""},
		{"GET", "/healthz/", "", nil, "GET /healthz", ""},
	} {
		st, b := s.Do(t, c.method, c.path, c.key, c.body)
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Code != "route_not_found" {
			t.Fatalf("%s %s: %d %s (%v)", c.method, c.path, st, b, err)
		}
		m := e.Error.Message
		if !strings.HasPrefix(m, "no route "+c.method+" "+c.path+" (") || !strings.Contains(m, "did you mean "+c.meant+"?") ||
			!strings.HasSuffix(m, "; the routes are described at GET /openapi.json") || (c.why != "") != strings.Contains(m, "/v1 twice") {
			t.Errorf("%s %s: message %q, want it to name %s", c.method, c.path, m, c.meant)
		}
		// The route named is one: it does not answer route_not_found.
		method, path, _ := strings.Cut(c.meant, " ")
		key := c.key
		if strings.HasSuffix(path, "/upload") {
			key = s.Operator
		}
		if st, b := s.Do(t, method, path, key, c.body); st == 404 || st == 405 {
			t.Errorf("%s (meant for %s %s): %d %s", c.meant, c.method, c.path, st, b)
		}
	}
	// A %2F is named with the route meant (TestEncodedSlashIsNamed).
	for _, p := range []string{"/v1/nothing", "/v1/v1/nothing", "/nothing", "/v1/nothing%2Forders"} {
		st, b := s.Do(t, "GET", p, s.APIKey, nil)
		var e struct {
			Error struct{ Code, Message string }
		}
		want := "no route GET " + p + "; the routes are described at GET /openapi.json"
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Message != want {
			t.Errorf("GET %s: %d %s, want the message %q", p, st, b, want)
		}
	}
}

// TestEveryRouteIsNamedWhenMisspelled keeps routeMeant's word list in step
// with the routes: for every path and method the OpenAPI document
// describes, the same path with its fixed words in upper case is answered
// with that route named. A route added with a word the list lacks would
// get the plain "no route" for a slip the others are forgiven.
func TestEveryRouteIsNamedWhenMisspelled(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	_, b := s.Do(t, "GET", "/openapi.json", "", nil)
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || len(doc.Paths) < 20 {
		t.Fatalf("openapi.json: %v, %d paths", err, len(doc.Paths))
	}
	for path, ops := range doc.Paths {
		segs := strings.Split(path, "/")
		for i, seg := range segs {
			switch {
			case strings.HasPrefix(seg, "{"):
				segs[i] = "x_1" // an id of no kind: the route's own answer is a 404 resource_missing, not route_not_found
			case seg != "v1":
				segs[i] = strings.ToUpper(seg)
			}
		}
		slipped := strings.Join(segs, "/")
		want := strings.ReplaceAll(path, "/{id}", "/x_1")
		for method := range ops {
			m := strings.ToUpper(method)
			if m == "PARAMETERS" {
				continue
			}
			st, b := s.Do(t, m, slipped, s.APIKey, nil)
			var e struct {
				Error struct{ Code, Message string }
			}
			json.Unmarshal(b, &e)
			if st != 404 || e.Error.Code != "route_not_found" || !strings.Contains(e.Error.Message, "did you mean "+m+" "+want+"?") {
				t.Errorf("%s %s (for %s %s): %d %s", m, slipped, m, path, st, b)
			}
		}
	}
}
