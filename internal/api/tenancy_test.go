package api_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/testenv"
)

// tenant is what one account made through the API: an object of every
// kind a route takes an id of, and every id and secret its answers held.
type tenant struct {
	key       string
	order     string // PROCESSING: cancellable
	uploaded  string // COMPLETED, with an event and a failed delivery
	event     string // the upload's event
	testEvent string // a test event of the endpoint
	endpoint  string
	delivery  string // failed: resendable
	session   string // listen session, with a delivery of event
	// tokens are every id and secret the account's own answers showed.
	tokens map[string]bool
}

// tenantToken finds ids of every kind and signing secrets in an answer.
var tenantToken = regexp.MustCompile(`\b(?:order|stamp|evt|we|dlv|att|ls|acct|key)_[0-9a-z]{26}\b|whsec_[A-Za-z0-9+/=]+`)

func (tn *tenant) note(b []byte) {
	for _, tok := range tenantToken.FindAll(b, -1) {
		tn.tokens[string(tok)] = true
	}
}

// leaked names the tokens of tn that b holds.
func (tn *tenant) leaked(b []byte) []string {
	var out []string
	for _, tok := range tenantToken.FindAll(b, -1) {
		if tn.tokens[string(tok)] {
			out = append(out, string(tok))
		}
	}
	return out
}

// do sends a request as key and notes what the answer shows.
func (tn *tenant) do(t *testing.T, s *testenv.Server, method, path, body string, want int) map[string]any {
	t.Helper()
	var b any
	if body != "" {
		b = body
	}
	st, out := s.Do(t, method, path, tn.key, b)
	if st != want {
		t.Fatalf("%s %s: %d %s; want %d", method, path, st, out, want)
	}
	tn.note(out)
	return testenv.JSON(t, out)
}

// report is a listener's result for event, as `esahayak listen` sends it.
func report(event string) string {
	return fmt.Sprintf(`{"event_id": %q, "started_at": %q, "duration_ms": 3, "request_headers": {}, "status": 200}`,
		event, time.Now().UTC().Format(time.RFC3339Nano))
}

// seedTenant makes, as key's account, a listen session, an endpoint
// whose deliveries fail (rcv answers 500), a PROCESSING order, an
// uploaded one, a listen result and a test event.
func seedTenant(t *testing.T, s *testenv.Server, key, rcv string) *tenant {
	t.Helper()
	tn := &tenant{key: key, tokens: map[string]bool{}}
	tn.session = tn.do(t, s, "POST", "/v1/listen_sessions", `{}`, 201)["id"].(string)
	time.Sleep(2 * time.Millisecond) // the events come in a later millisecond than the session
	tn.endpoint = tn.do(t, s, "POST", "/v1/webhook_endpoints", `{"url": "`+rcv+`/h"}`, 201)["id"].(string)
	tn.order = tn.do(t, s, "POST", "/v1/orders", goodOrder, 201)["id"].(string)
	tn.uploaded = tn.do(t, s, "POST", "/v1/orders", goodOrder, 201)["id"].(string)
	st, up := s.Do(t, "POST", "/v1/orders/"+tn.uploaded+"/upload", s.Operator, nil)
	if st != 200 {
		t.Fatalf("upload: %d %s", st, up)
	}
	tn.note(up)
	tn.event = testenv.JSON(t, up)["event"].(map[string]any)["id"].(string)
	tn.do(t, s, "POST", "/v1/listen_sessions/"+tn.session+"/results", report(tn.event), 201)
	tn.testEvent = tn.do(t, s, "POST", "/v1/webhook_endpoints/"+tn.endpoint+"/test", `{"type": "order.cancelled"}`, 202)["event_id"].(string)
	return tn
}

// settle waits until both of the endpoint's deliveries have failed, and
// notes every delivery and attempt of the account.
func (tn *tenant) settle(t *testing.T, s *testenv.Server) {
	t.Helper()
	testenv.Eventually(t, 20*time.Second, "the endpoint's deliveries to fail", func() bool {
		_, b := s.Do(t, "GET", "/v1/deliveries?status=failed&endpoint_id="+tn.endpoint, tn.key, nil)
		return bytes.Count(b, []byte(`"id":"dlv_`)) == 2
	})
	l := tn.do(t, s, "GET", "/v1/deliveries?endpoint_id="+tn.endpoint+"&event_id="+tn.event, "", 200)
	tn.delivery = l["data"].([]any)[0].(map[string]any)["id"].(string)
	for _, d := range tn.do(t, s, "GET", "/v1/deliveries?limit=100", "", 200)["data"].([]any) {
		tn.do(t, s, "GET", "/v1/deliveries/"+d.(map[string]any)["id"].(string), "", 200)
	}
}

// snapshot is every object of the account as its own key reads it.
func (tn *tenant) snapshot(t *testing.T, s *testenv.Server) map[string]string {
	t.Helper()
	out := map[string]string{}
	paths := []string{"/v1/orders?limit=100", "/v1/events?limit=100", "/v1/deliveries?limit=100", "/v1/webhook_endpoints",
		"/v1/listen_sessions", "/v1/orders/" + tn.order, "/v1/orders/" + tn.uploaded, "/v1/events/" + tn.event,
		"/v1/webhook_endpoints/" + tn.endpoint, "/v1/webhook_endpoints/" + tn.endpoint + "/secret",
		"/v1/listen_sessions/" + tn.session, "/v1/deliveries/" + tn.delivery}
	for _, p := range paths {
		st, b := s.Do(t, "GET", p, tn.key, nil)
		if st != 200 {
			t.Fatalf("GET %s: %d %s", p, st, b)
		}
		out[p] = string(b)
	}
	return out
}

// boundedDo sends a request and reads its answer, but only the status of
// an event stream: a route that let another account's key open a stream
// must fail the test, not hang it.
func boundedDo(t *testing.T, method, url, key, body string, h map[string]string) (int, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		return resp.StatusCode, []byte("(an event stream)")
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return resp.StatusCode, b
}

// crossBodies are the bodies with which each route that takes an id and
// a body would act, were the id the caller's own: so that an answer is
// the lookup's, not a refusal of the body. A route missing here is sent
// no body.
func crossBodies(a *tenant) map[string]string {
	return map[string]string{
		"POST /v1/orders/{id}/cancel":                   `{"reason": "changed my mind"}`,
		"POST /v1/orders/{id}/fail":                     `{"error": {"code": "PORTAL_DOWN", "message": "portal down"}}`,
		"POST /v1/orders/{id}/deliver":                  `{"delivery": {"partner": "BlueDart", "tracking_id": "BD1"}}`,
		"PATCH /v1/webhook_endpoints/{id}":              `{"description": "taken over", "status": "disabled"}`,
		"POST /v1/webhook_endpoints/{id}/recover":       `{"since": "2000-01-01T00:00:00Z", "include_missed": true}`,
		"POST /v1/webhook_endpoints/{id}/test":          `{"type": "stamp.uploaded"}`,
		"POST /v1/listen_sessions/{id}/results":         report(a.event),
		"POST /v1/webhook_endpoints/{id}/rotate_secret": ``,
	}
}

// crossIDs gives, for the first segment after /v1/ of a route's path,
// the id of a's object of that kind and the prefix of such ids.
func crossIDs(a *tenant) map[string][2]string {
	return map[string][2]string{
		"orders":            {a.order, ids.Order},
		"webhook_endpoints": {a.endpoint, ids.Endpoint},
		"events":            {a.event, ids.Event},
		"deliveries":        {a.delivery, ids.Delivery},
		"listen_sessions":   {a.session, "ls_"},
	}
}

// apiRoutes are the documented routes as "METHOD /path" with their
// operation, sorted.
func apiRoutes(t *testing.T) ([]string, map[string]map[string]any, map[string]any) {
	doc := loadDoc(t, api.OpenAPI)
	ops := map[string]map[string]any{}
	var out []string
	for path, item := range doc["paths"].(map[string]any) {
		for m, o := range item.(map[string]any) {
			op, ok := o.(map[string]any)
			if !ok || !slices.Contains([]string{"get", "post", "patch", "delete", "put"}, m) {
				continue
			}
			r := strings.ToUpper(m) + " " + path
			out = append(out, r)
			ops[r] = op
		}
	}
	sort.Strings(out)
	return out, ops, doc
}

// takesAPIKey reports whether an operation's security lets an account's
// API key in.
func takesAPIKey(op map[string]any) bool {
	for _, req := range asSlice(op["security"]) {
		if _, ok := req.(map[string]any)["apiKey"]; ok {
			return true
		}
	}
	return false
}

// paramNames are the names of an operation's parameters, references
// resolved.
func paramNames(t *testing.T, doc, op map[string]any) []string {
	var out []string
	for _, p := range asSlice(op["parameters"]) {
		pm, err := deref(doc, p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, pm["name"].(string))
	}
	return out
}

// TestAnotherAccountsObjectsAreUnknown walks every route of the OpenAPI
// document as a hostile customer would with a valid key of their own
// (account B) and account A's ids: in the path, as list filters, as
// cursors, as a stream's Last-Event-ID and in a listen result, and A's
// Idempotency-Key. Each answer must be the one an id that never existed
// gets (the same status and the same bytes), must show nothing of A's
// (no id, no secret), and nothing of A's may change. A route added to the
// document without an entry here fails the test rather than slip by.
func TestAnotherAccountsObjectsAreUnknown(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }))
		t.Cleanup(rcv.Close)
		_, keyB := s.NewAccount(t)
		b := seedTenant(t, s, keyB, rcv.URL)
		a := seedTenant(t, s, s.APIKey, rcv.URL)
		a.settle(t, s)
		b.settle(t, s)
		// B's newest event comes after all of A's: a stream of B's that
		// has sent it has sent whatever it would of A's.
		bLast := b.do(t, s, "POST", "/v1/orders", goodOrder, 201)["id"].(string)
		st, up := s.Do(t, "POST", "/v1/orders/"+bLast+"/upload", s.Operator, nil)
		if st != 200 {
			t.Fatalf("upload: %d %s", st, up)
		}
		bLastEvent := testenv.JSON(t, up)["event"].(map[string]any)["id"].(string)
		before := a.snapshot(t, s)
		for _, v := range before {
			a.note([]byte(v))
		}

		routes, ops, doc := apiRoutes(t)
		bodies := crossBodies(a)
		kinds := crossIDs(a)
		checkB := func(what string, st int, body []byte) {
			t.Helper()
			if st >= 500 {
				t.Errorf("%s: %d %s", what, st, body)
			}
			if l := a.leaked(body); len(l) > 0 {
				t.Errorf("%s shows account A's %v: %s", what, l, body)
			}
		}
		for _, route := range routes {
			op := ops[route]
			method, path, _ := strings.Cut(route, " ")
			if !strings.HasPrefix(path, "/v1/") {
				continue // /healthz, /openapi.json, /metrics: no account's objects (metrics checked below)
			}
			if strings.Contains(path, "{id}") {
				seg := strings.Split(path, "/")[2]
				k, ok := kinds[seg]
				if !ok {
					t.Errorf("%s: no object of account A for its {id}; add one to crossIDs", route)
					continue
				}
				missing := ids.New(k[1])
				methods := []string{method}
				if method == "GET" {
					methods = append(methods, "HEAD")
				}
				for _, m := range methods {
					body := bodies[route]
					if m == "HEAD" {
						body = ""
					}
					stA, bA := boundedDo(t, m, s.URL+strings.Replace(path, "{id}", k[0], 1), keyB, body, nil)
					stM, bM := boundedDo(t, m, s.URL+strings.Replace(path, "{id}", missing, 1), keyB, body, nil)
					what := fmt.Sprintf("%s %s with account A's id, as account B", m, path)
					checkB(what, stA, bA)
					if stA != stM || !bytes.Equal(bA, bM) {
						t.Errorf("%s: %d %s; an id that does not exist: %d %s", what, stA, bA, stM, bM)
					}
					if takesAPIKey(op) && stA != http.StatusNotFound {
						t.Errorf("%s: %d %s; want 404", what, stA, bA)
					}
					if takesAPIKey(op) && m != "HEAD" && stA == http.StatusNotFound {
						if code, _ := errCode(t, bA); code != "resource_missing" {
							t.Errorf("%s: code %s; want resource_missing", what, code)
						}
					}
				}
				continue
			}
			if method != "GET" {
				continue // creates: they name no existing object (Idempotency-Key below)
			}
			// A list: unfiltered, then each parameter that takes an id with
			// one of A's.
			stAll, all := boundedDo(t, "GET", s.URL+path+"?limit=100", keyB, "", nil)
			checkB("GET "+path+" as account B", stAll, all)
			if stAll != 200 {
				t.Errorf("GET %s as account B: %d %s", path, stAll, all)
			}
			kind := kinds[strings.Split(path, "/")[2]]
			for _, name := range paramNames(t, doc, op) {
				var values []string
				switch name {
				case "limit", "status", "type", "event_type":
					continue // no id
				case "starting_after", "ending_before":
					if kind[0] == "" {
						t.Errorf("GET %s: no object of account A for its cursors; add one to crossIDs", path)
						continue
					}
					values = []string{kind[0]}
				case "endpoint_id":
					values = []string{a.endpoint, a.session}
				case "event_id":
					values = []string{a.event, a.testEvent}
				case "order_id":
					values = []string{a.uploaded}
				default:
					t.Errorf("GET %s: parameter %q is not in this test's table: say whether it takes an id, and which of account A's", path, name)
					continue
				}
				for _, v := range values {
					q := "?limit=100&" + name + "=" + v
					st, got := boundedDo(t, "GET", s.URL+path+q, keyB, "", nil)
					what := "GET " + path + q + " as account B"
					checkB(what, st, got)
					if st != 200 {
						t.Errorf("%s: %d %s", what, st, got)
					}
					// An id that does not exist, of the same millisecond as
					// A's: a cursor is a position, and B's items must fall
					// on the same sides of both.
					// B's own deliveries keep retrying meanwhile (its
					// endpoint answers 500): a pair read across a retry
					// differs in its attempt count, so a differing pair is
					// read again, a few times.
					prefix, _, _ := strings.Cut(v, "_")
					at, _ := relay.IDTime(prefix+"_", v)
					stM, gotM := boundedDo(t, "GET", s.URL+path+"?limit=100&"+name+"="+ids.At(prefix+"_", at), keyB, "", nil)
					for try := 0; try < 5 && (st != stM || !bytes.Equal(got, gotM)); try++ {
						st, got = boundedDo(t, "GET", s.URL+path+q, keyB, "", nil)
						checkB(what, st, got)
						stM, gotM = boundedDo(t, "GET", s.URL+path+"?limit=100&"+name+"="+ids.At(prefix+"_", at), keyB, "", nil)
					}
					if st != stM || !bytes.Equal(got, gotM) {
						t.Errorf("%s: %d %s; an id that does not exist: %d %s", what, st, got, stM, gotM)
					}
				}
			}
		}

		// A listen result from B's own session, of A's event: as of an
		// event that does not exist.
		stA, bA := boundedDo(t, "POST", s.URL+"/v1/listen_sessions/"+b.session+"/results", keyB, report(a.event), nil)
		stM, bM := boundedDo(t, "POST", s.URL+"/v1/listen_sessions/"+b.session+"/results", keyB, report(ids.New(ids.Event)), nil)
		checkB("a result of A's event on B's session", stA, bA)
		if stA != 404 || stA != stM || !bytes.Equal(bA, bM) {
			t.Errorf("a result of A's event on B's session: %d %s; an event that does not exist: %d %s", stA, bA, stM, bM)
		}

		// B's own endpoint recovered with the events it missed, from long
		// ago: B's events only, none of A's made B's deliveries.
		st, got := boundedDo(t, "POST", s.URL+"/v1/webhook_endpoints/"+b.endpoint+"/recover", keyB, `{"since": "2000-01-01T00:00:00Z", "include_missed": true}`, nil)
		checkB("B's recover of its own endpoint", st, got)
		if st != 202 {
			t.Errorf("B's recover of its own endpoint: %d %s", st, got)
		}
		st, got = boundedDo(t, "GET", s.URL+"/v1/deliveries?limit=100&endpoint_id="+b.endpoint, keyB, "", nil)
		checkB("B's deliveries after its recover", st, got)

		// B's stream, resumed from A's event: B's events only.
		for _, from := range []string{a.event, a.testEvent} {
			got := readStreamUntil(t, s.URL+"/v1/listen_sessions/"+b.session+"/stream", keyB, from, bLastEvent)
			checkB("B's stream with Last-Event-ID "+from, 200, got)
		}

		// /metrics is the operator's, across accounts: it names no
		// account's objects.
		_, metrics := boundedDo(t, "GET", s.URL+"/metrics", "", "", nil)
		checkB("/metrics", 200, metrics)

		after := a.snapshot(t, s)
		for p, v := range before {
			if after[p] != v {
				t.Errorf("account B's requests changed account A's %s:\nbefore %s\nafter  %s", p, v, after[p])
			}
		}

		// A's Idempotency-Key, used by B with the same body and with
		// another: B's own new order each time, neither A's replayed nor
		// refused as the key's reuse.
		for i, body := range []string{goodOrder, strings.Replace(goodOrder, "1000", "2000", 1)} {
			h := map[string]string{"Idempotency-Key": fmt.Sprintf("shared-key-%d", i)}
			st, got := testenv.DoHeaders(t, "POST", s.URL+"/v1/orders", a.key, goodOrder, h)
			if st != 201 {
				t.Fatalf("A's order with %v: %d %s", h, st, got)
			}
			a.note(got)
			st, got = testenv.DoHeaders(t, "POST", s.URL+"/v1/orders", keyB, body, h)
			checkB(fmt.Sprintf("B's order with A's %v", h), st, got)
			if st != 201 {
				t.Errorf("B's order with A's %v: %d %s; want its own new order", h, st, got)
			}
		}
	})
}

// readStreamUntil opens a listen stream with Last-Event-ID from and reads
// it until the event until has come, returning what was read.
func readStreamUntil(t *testing.T, url, key, from, until string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Last-Event-ID", from)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("stream: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("stream with Last-Event-ID %s: %d %s", from, resp.StatusCode, b)
	}
	var read bytes.Buffer
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		read.Write(sc.Bytes())
		read.WriteByte('\n')
		if sc.Text() == "id: "+until {
			return read.Bytes()
		}
	}
	t.Fatalf("stream with Last-Event-ID %s ended (%v) before event %s; read:\n%s", from, sc.Err(), until, read.Bytes())
	return nil
}
