package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// FuzzAPIRequest sends the whole /v1 handler requests as they come off the
// wire (read by net/http's own request parser): any method, request
// target (path ids, query strings with limit, starting_after, the filters,
// repeated and unknown parameters), Authorization, Idempotency-Key,
// Last-Event-ID, Content-Encoding, one more header, and body. The project's
// rule: bad input gets a precise JSON error, never a 500, never a hang.
//
// The API runs on a real SQLite file with no delivery engine (deliverer
// nil), so nothing a request does is ever sent anywhere; creating an
// endpoint looks no name up (privateHost), and the handler is called
// directly, so nothing listens either. "{order}", "{endpoint}", "{event}",
// "{delivery}" and "{session}" in the target are replaced by ids of real
// objects, so the fuzzer reaches past the "no such object" answers.
func FuzzAPIRequest(f *testing.F) {
	h := newFuzzAPI(f)
	order := `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`
	seeds := []struct {
		method                         uint8
		target                         string
		auth                           uint8
		idem, lastEvent, encoding, hdr string
		body                           string
	}{
		{0, "/v1/orders?limit=5", 0, "", "", "", "", ""},
		{1, "/v1/orders", 0, "k1", "", "", "", order},
		{1, "/v1/orders", 0, "k1", "", "", "", `{"stamp_request": {"state": "Assam", "amount": 1e400}}`},
		{1, "/v1/orders", 0, "\xff\xfe", "", "gzip", "", order},
		{1, "/v1/orders", 0, strings.Repeat("k", 256), "", "identity, br", "", "\xef\xbb\xbf" + order},
		{0, "/v1/orders?starting_after={order}&status=processing", 0, "", "", "", "", ""},
		{0, "/v1/orders?limit=%EF%BC%95", 0, "", "", "", "", ""},
		{0, "/v1/orders?limit=-0&limit=5", 0, "", "", "", "", ""},
		{0, "/v1/orders?limit=1e400", 0, "", "", "", "", ""},
		{0, "/v1/orders?limit=%zz", 2, "", "", "", "", ""},
		{0, "/v1/orders?status=%00&status=", 0, "", "", "", "", ""},
		{0, "/v1/orders/{order}", 0, "", "", "", "", ""},
		{0, "/v1/orders/order_%2F..%2F", 0, "", "", "", "", ""},
		{0, "/v1/orders/{order}/../..", 0, "", "", "", "", ""},
		{1, "/v1/orders/{order}/cancel", 1, "", "", "", "", `{"reason": "\ud800"}`},
		{1, "/v1/orders/{order}/upload", 1, "", "", "", "", ""},
		{0, "/v1/events?type=stamp.failed&order_id={order}", 0, "", "", "", "", ""},
		{0, "/v1/events?type=%E2%80%AEdeliaf.pmats", 0, "", "", "", "", ""},
		{0, "/v1/events/{event}", 0, "", "", "", "", ""},
		{0, "/v1/deliveries?endpoint_id={endpoint}&event_id={event}&status=pending", 0, "", "", "", "", ""},
		{0, "/v1/deliveries/{delivery}", 0, "", "", "", "", ""},
		{1, "/v1/deliveries/{delivery}/retry", 0, "", "", "", "", ""},
		{1, "/v1/webhook_endpoints", 0, "", "", "", "", `{"url": "https://[::ffff:127.0.0.1]/x", "events": ["stamp.failed"]}`},
		{1, "/v1/webhook_endpoints", 0, "", "", "", "", `{"url": "https://0x7f.1/x"}`},
		{1, "/v1/webhook_endpoints", 0, "", "", "", "", `{"url": "https://ｌｏｃａｌｈｏｓｔ/x"}`},
		{1, "/v1/webhook_endpoints", 0, "", "", "", "", `{"url": "https://203.0.113.9/x"}`},
		{2, "/v1/webhook_endpoints/{endpoint}", 0, "", "", "", "", `{"status": "disabled"}`},
		{0, "/v1/webhook_endpoints/{endpoint}/stats?window=24h", 0, "", "", "", "", ""},
		{0, "/v1/webhook_endpoints/{endpoint}/stats?window=-0s", 0, "", "", "", "", ""},
		{1, "/v1/webhook_endpoints/{endpoint}/test", 0, "", "", "", "", `{"type": "order.cancelled"}`},
		{3, "/v1/webhook_endpoints/{endpoint}", 0, "", "", "", "", ""},
		{1, "/v1/listen_sessions", 0, "", "", "", "", `{"forward_to": "http://localhost:3000/x"}`},
		{0, "/v1/listen_sessions/{session}/stream", 0, "", "{event}", "", "", ""},
		{0, "/v1/listen_sessions/{session}/stream?last_event_id=evt_zzzzzzzzzzzzzzzzzzzzzzzzzz", 0, "", "", "", "", ""},
		{0, "/v1/listen_sessions/{session}/stream", 0, "", "evt_7zzzzzzzzzzzzzzzzzzzzzzzzz", "", "", ""},
		{1, "/v1/listen_sessions/{session}/results", 0, "", "", "", "", `{"event_id": "{event}", "started_at": "2026-01-01T00:00:00Z", "status": 200}`},
		{0, "/v1/orders", 3, "", "", "", "", ""},
		{0, "/v1/orders", 4, "", "", "", "", ""},
		{0, "/v1/orders", 5, "", "", "", "Bearer esk_\x00", ""},
		{4, "/v1/orders", 0, "", "", "", "", ""},
		{0, "/v1", 0, "", "", "", "", ""},
		{0, "/healthz?x=1", 2, "", "", "", "", ""},
		{6, "/v1/orders", 2, "", "", "", "", ""},
		// The hints of a refusal: an unclean or upper-case path, a value,
		// parameter or id with a look-alike letter, an id of another kind
		// or case.
		{1, "/v1//orders/{order}/cancel", 0, "", "", "", "", ""},
		{0, "/V1/v1/../Orders//", 0, "", "", "", "", ""},
		{0, "/v1/deliveries?st%D0%B0tus=p%D0%B5nding&status=p%D0%B5nding", 0, "", "", "", "", ""},
		{0, "/v1/events/{order}", 0, "", "", "", "", ""},
		{0, "/v1/orders/ORDER_01M94XJ9F0GZWJ5JNXAET4CRXK", 0, "", "", "", "", ""},
		{0, "/v1/orders/%D0%BErder_01m94xj9f0gzwj5jnxaet4crxk", 0, "", "", "", "", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, s.auth, s.idem, s.lastEvent, s.encoding, s.hdr, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, method uint8, target string, auth uint8, idem, lastEvent, encoding, hdr string, body []byte) {
		req, ok := h.request(method, target, auth, idem, lastEvent, encoding, hdr, body)
		if !ok {
			return // net/http would have refused it before any handler
		}
		res := h.serve(t, req)
		checkAPIAnswer(t, req, res)
	})
}

// fuzzAPI is the API on a real SQLite file with an account, and a real
// object of each kind to name in paths.
type fuzzAPI struct {
	api      *api.Server
	key      string
	operator string
	ids      *strings.Replacer
}

func newFuzzAPI(f *testing.F) *fuzzAPI {
	st := testenv.SQLite(f)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// No engine: the deliveries these requests make are never sent.
	a := api.New(api.Config{OperatorToken: "op-token", Version: "fuzz"}, st, nil, log)
	_, key, err := api.CreateAccount(context.Background(), st, "fuzz", time.Now().UTC())
	if err != nil {
		f.Fatal(err)
	}
	h := &fuzzAPI{api: a, key: key, operator: "op-token"}
	endpoint := h.mustCreate(f, "/v1/webhook_endpoints", `{"url": "https://hooks.example.com/esahayak"}`)
	order := h.mustCreate(f, "/v1/orders", `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	session := h.mustCreate(f, "/v1/listen_sessions", `{"forward_to": "http://localhost:3000/webhooks"}`)
	// A test event gives an event and a delivery (which no engine sends).
	if w := h.post("/v1/webhook_endpoints/"+endpoint+"/test", `{}`); w.Code != http.StatusAccepted {
		f.Fatalf("test event: %d %s", w.Code, w.Body)
	}
	event := h.firstID(f, "/v1/events")
	delivery := h.firstID(f, "/v1/deliveries")
	h.ids = strings.NewReplacer("{order}", order, "{endpoint}", endpoint, "{event}", event, "{delivery}", delivery, "{session}", session)
	return h
}

func (h *fuzzAPI) post(path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+h.key)
	w := httptest.NewRecorder()
	h.api.ServeHTTP(w, req)
	return w
}

func (h *fuzzAPI) mustCreate(f *testing.F, path, body string) string {
	w := h.post(path, body)
	if w.Code != http.StatusCreated && w.Code != http.StatusOK {
		f.Fatalf("POST %s: %d %s", path, w.Code, w.Body)
	}
	var v struct{ ID string }
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || v.ID == "" {
		f.Fatalf("POST %s: no id in %s", path, w.Body)
	}
	return v.ID
}

func (h *fuzzAPI) firstID(f *testing.F, path string) string {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+h.key)
	w := httptest.NewRecorder()
	h.api.ServeHTTP(w, req)
	var v struct{ Data []struct{ ID string } }
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || len(v.Data) == 0 {
		f.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
	}
	return v.Data[0].ID
}

var fuzzMethods = []string{"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS"}

// request writes the request as a client would put it on the wire and
// reads it back with net/http's parser, which the server uses: what that
// refuses never reaches the API.
func (h *fuzzAPI) request(method uint8, target string, auth uint8, idem, lastEvent, encoding, hdr string, body []byte) (*http.Request, bool) {
	target = h.ids.Replace(target)
	lastEvent = h.ids.Replace(lastEvent)
	body = []byte(h.ids.Replace(string(body)))
	if !strings.HasPrefix(target, "/") { // "OPTIONS *" is net/http's own to answer

		target = "/v1/" + target
	}
	var raw bytes.Buffer
	fmt.Fprintf(&raw, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", fuzzMethods[int(method)%len(fuzzMethods)], target)
	header := func(name, value string) { fmt.Fprintf(&raw, "%s: %s\r\n", name, value) }
	switch auth % 6 {
	case 0:
		header("Authorization", "Bearer "+h.key)
	case 1:
		header("Authorization", "Bearer "+h.operator)
	case 2: // none
	case 3:
		header("Authorization", "Basic "+h.key)
	case 4:
		header("Authorization", "Bearer "+h.key)
		header("Authorization", "Bearer "+h.key)
	case 5:
		header("Authorization", hdr)
	}
	for _, v := range []string{target, idem, lastEvent, encoding, hdr} {
		if strings.ContainsAny(v, "\r\n") {
			return nil, false // would be other headers, or another request
		}
	}
	if idem != "" {
		header("Idempotency-Key", idem)
	}
	if lastEvent != "" {
		header("Last-Event-ID", lastEvent)
	}
	if encoding != "" {
		header("Content-Encoding", encoding)
	}
	if name, value, ok := strings.Cut(hdr, ":"); ok && auth%6 != 5 {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "content-length", "transfer-encoding", "host":
		default:
			header(name, value)
		}
	}
	fmt.Fprintf(&raw, "Content-Length: %d\r\n\r\n", len(body))
	raw.Write(body)
	req, err := http.ReadRequest(bufio.NewReader(&raw))
	if err != nil {
		return nil, false
	}
	req.RemoteAddr = "127.0.0.1:40000"
	return req, true
}

// serve runs the request through the API, bounded: a request still
// running after twice the API's own deadline hangs.
func (h *fuzzAPI) serve(t *testing.T, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	return testenv.ServeBounded(t, h.api, req, 2*api.RequestTimeout)
}

var errorTypes = []string{"invalid_request_error", "authentication_error", "permission_error", "not_found_error", "conflict_error", "api_error"}

// checkAPIAnswer holds the API's promises for any request: no 5xx, and
// every error in the one documented shape (docs/api.md): a JSON object
// whose only key is "error", holding type, code, message and param as
// strings, with a known type and a code and message that say something.
func checkAPIAnswer(t *testing.T, req *http.Request, w *httptest.ResponseRecorder) {
	t.Helper()
	what := fmt.Sprintf("%s %q (Authorization %q)", req.Method, req.RequestURI, req.Header.Values("Authorization"))
	if w.Code >= 500 {
		t.Fatalf("%s: %d %s", what, w.Code, w.Body)
	}
	if w.Code < 400 {
		if ct := w.Header().Get("Content-Type"); w.Code != http.StatusNoContent && req.Method != http.MethodHead &&
			!strings.HasPrefix(ct, "text/event-stream") && (ct != "application/json" || !json.Valid(w.Body.Bytes())) {
			t.Fatalf("%s: %d with %q is not JSON: %s", what, w.Code, ct, w.Body)
		}
		return
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("%s: %d with Content-Type %q", what, w.Code, ct)
	}
	var shape map[string]map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &shape); err != nil || len(shape) != 1 || shape["error"] == nil {
		t.Fatalf("%s: %d not in the error shape: %s", what, w.Code, w.Body)
	}
	e := shape["error"]
	for _, k := range []string{"type", "code", "message", "param"} {
		if _, ok := e[k].(string); !ok {
			t.Fatalf("%s: %d error.%s is not a string: %s", what, w.Code, k, w.Body)
		}
	}
	if len(e) != 4 || !slices.Contains(errorTypes, e["type"].(string)) || e["code"] == "" || e["message"] == "" {
		t.Fatalf("%s: %d error shape: %s", what, w.Code, w.Body)
	}
	if w.Code == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
		t.Fatalf("%s: 401 without WWW-Authenticate", what)
	}
	if w.Code == http.StatusTooManyRequests {
		if _, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil {
			t.Fatalf("%s: 429 without a Retry-After in seconds", what)
		}
	}
}
