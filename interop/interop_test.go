// Package interop_test proves, end to end through a running server, that
// other people's code accepts our webhooks: the Standard Webhooks
// reference libraries for Go and JavaScript verify every delivery (to an
// endpoint, and through `esahayak listen`), and a receiver written the way
// the guide's Node/Express examples are gets the four event types with the
// guide's payload fields and headers.
package interop_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

const expressDir = "express"

// ensureNodeModules installs the pinned packages with npm ci unless they
// are there. A missing npm, or a registry npm cannot reach with the
// packages not in npm's cache, fails the test, naming the cause
// (testenv.NodeModules): a silently skipped interop test is how interop
// breaks unnoticed.
func ensureNodeModules(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is required for the interop tests but was not found in PATH (%v); install Node.js (scripts/test.sh does), or run with -short to skip", err)
	}
	if err := testenv.NodeModules(expressDir, "express", "standardwebhooks"); err != nil {
		t.Fatalf("the interop tests need express and standardwebhooks: %v; or run with -short to skip", err)
	}
	return node
}

// nodeReceiver is a running receiver.js.
type nodeReceiver struct {
	port  int
	mu    sync.Mutex
	lines []nodeLine
	errs  testenv.Output // its stderr
}

type nodeLine struct {
	Listening int               `json:"listening"`
	Route     string            `json:"route"`
	Headers   map[string]string `json:"headers"`
	Body      map[string]any    `json:"body"`
	Verified  *bool             `json:"verified"`
	Error     string            `json:"error"`
}

func startNode(t *testing.T, node string, port int, secret string) *nodeReceiver {
	t.Helper()
	cmd := exec.Command(node, "receiver.js")
	cmd.Dir = expressDir
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port), "ESAHAYAK_WEBHOOK_SECRET="+secret)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	r := &nodeReceiver{}
	cmd.Stderr = &r.errs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	listening := make(chan int, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for sc.Scan() {
			var l nodeLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Errorf("receiver.js printed a line that is not JSON: %q", sc.Text())
				continue
			}
			if l.Listening != 0 {
				listening <- l.Listening
				continue
			}
			r.mu.Lock()
			r.lines = append(r.lines, l)
			r.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Process.Kill()
		cmd.Wait()
		<-done
		if t.Failed() {
			t.Logf("receiver.js stderr:\n%s", r.stderr())
		}
	})
	select {
	case r.port = <-listening:
	case <-done:
		t.Fatalf("receiver.js exited before listening:\n%s", r.stderr())
	case <-time.After(30 * time.Second):
		t.Fatalf("receiver.js did not start:\n%s", r.stderr())
	}
	if r.port != port {
		t.Fatalf("receiver.js listens on %d, want %d", r.port, port)
	}
	return r
}

func (r *nodeReceiver) stderr() string { return r.errs.String() }

// byRoute returns the requests of a route, one per event id (retries of
// the same event collapse: deliveries are at-least-once).
func (r *nodeReceiver) byRoute(route string) map[string]nodeLine {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]nodeLine{}
	for _, l := range r.lines {
		if l.Route == route {
			id := l.Headers["webhook-id"]
			out[id] = l
		}
	}
	return out
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// goReceiver verifies every request with the Standard Webhooks reference
// library for Go.
type goReceiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	secret string
	ok     map[string]bool // event id → verified
	errs   []string
}

func newGoReceiver(t *testing.T) *goReceiver {
	g := &goReceiver{ok: map[string]bool{}}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		g.mu.Lock()
		defer g.mu.Unlock()
		wh, err := standardwebhooks.NewWebhook(g.secret)
		if err == nil {
			err = wh.Verify(body, r.Header)
		}
		if err != nil {
			g.errs = append(g.errs, r.Header.Get("webhook-id")+": "+err.Error())
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		g.ok[r.Header.Get("webhook-id")] = true
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

const orderJSON = `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`

// emit creates an order and moves it to emit typ; it returns the ids of
// the events emitted (order.delivered comes after a stamp.uploaded).
func emit(t *testing.T, s *testenv.Server, typ string) []string {
	t.Helper()
	st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, orderJSON)
	if st != 201 {
		t.Fatalf("create order: %d %s", st, b)
	}
	id := testenv.JSON(t, b)["id"].(string)
	type step struct{ move, body, cred string }
	steps := map[string][]step{
		"stamp.uploaded":  {{"upload", "", s.Operator}},
		"stamp.failed":    {{"fail", `{"error": {"code": "PORTAL_UNAVAILABLE", "message": "Government portal did not respond"}}`, s.Operator}},
		"order.delivered": {{"upload", "", s.Operator}, {"deliver", `{"delivery": {"partner": "BlueDart", "tracking_id": "BD123"}}`, s.Operator}},
		"order.cancelled": {{"cancel", `{"reason": "Customer request"}`, s.APIKey}},
	}[typ]
	var out []string
	for _, st := range steps {
		var body any
		if st.body != "" {
			body = st.body
		}
		code, b := s.Do(t, "POST", "/v1/orders/"+id+"/"+st.move, st.cred, body)
		if code != 200 {
			t.Fatalf("%s: %d %s", st.move, code, b)
		}
		out = append(out, testenv.JSON(t, b)["event"].(map[string]any)["id"].(string))
	}
	return out
}

func TestInterop(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Node.js (and npm ci when node_modules is missing); skipped with -short")
	}
	node := ensureNodeModules(t)
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	createEndpoint := func(url string) (id, secret string) {
		t.Helper()
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": url})
		if st != 201 {
			t.Fatalf("create endpoint: %d %s", st, b)
		}
		e := testenv.JSON(t, b)
		return e["id"].(string), e["secret"].(string)
	}

	// Endpoints: the guide's Express handler, the Express handler that
	// verifies with standardwebhooks (its secret rotated, so every request
	// carries two signatures and the library must pick the one it knows),
	// the same verifying with node:crypto alone, and a Go handler verifying
	// with the reference Go library.
	port := freePort(t)
	base := fmt.Sprintf("http://127.0.0.1:%d/webhooks/esahayak", port)
	createEndpoint(base)
	verifiedID, oldSecret := createEndpoint(base + "/verified")
	if st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+verifiedID+"/rotate_secret", s.APIKey, nil); st != 200 {
		t.Fatalf("rotate: %d %s", st, b)
	}
	express := startNode(t, node, port, oldSecret)
	// The same Express app verifying with node:crypto alone, the way
	// docs/receiving.md shows it, its secret rotated too.
	cryptoPort := freePort(t)
	cryptoID, cryptoSecret := createEndpoint(fmt.Sprintf("http://127.0.0.1:%d/webhooks/esahayak/crypto", cryptoPort))
	if st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+cryptoID+"/rotate_secret", s.APIKey, nil); st != 200 {
		t.Fatalf("rotate: %d %s", st, b)
	}
	plain := startNode(t, node, cryptoPort, cryptoSecret)
	gorcv := newGoReceiver(t)
	_, goSecret := createEndpoint(gorcv.srv.URL + "/hook")
	gorcv.mu.Lock()
	gorcv.secret = goSecret
	gorcv.mu.Unlock()

	// And `esahayak listen`, forwarding to another Express process that
	// verifies with the session's secret.
	listenPort := freePort(t)
	out := &testenv.Output{}
	l, err := relay.NewListener(relay.ListenerConfig{APIBase: s.URL, APIKey: s.APIKey, Out: out,
		ForwardTo: fmt.Sprintf("http://127.0.0.1:%d/webhooks/esahayak/verified", listenPort)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	// stopped is closed when Run has returned, runErr then holding what it
	// returned: a listener that could not start (its session's secret
	// refused by webhook.NewSigner, say) never makes Ready, and a bare
	// wait for it held the test until go test's own timeout.
	var runErr error
	stopped := make(chan struct{})
	go func() { defer close(stopped); runErr = l.Run(ctx) }()
	listenOutput := out.String
	t.Cleanup(func() {
		cancel()
		select {
		case <-stopped:
		case <-time.After(10 * time.Second):
			t.Errorf("esahayak listen did not stop within 10 s of its context's end")
		}
	})
	select {
	case <-l.Ready():
	case <-stopped:
		t.Fatalf("esahayak listen could not start: %v\n%s", runErr, listenOutput())
	case <-time.After(30 * time.Second):
		t.Fatalf("esahayak listen did not start within 30 s:\n%s", listenOutput())
	}
	listened := startNode(t, node, listenPort, l.Session().Secret)
	testenv.Eventually(t, 10*time.Second, "the listener to connect", func() bool {
		return strings.Contains(listenOutput(), "Ready")
	})

	types := map[string]string{} // event id → type
	for _, typ := range webhook.EventTypes {
		ids := emit(t, s, typ)
		for i, id := range ids {
			types[id] = typ
			if i < len(ids)-1 {
				types[id] = "stamp.uploaded"
			}
		}
	}

	// Every event at every receiver. A receiver that refuses a signature,
	// an attempt that never went out (a secret the signer refuses), or a
	// listener that stopped fails the test at once, naming it: waiting
	// out the deadline for deliveries that can only be retried told
	// nothing but "timed out".
	deadline := time.Now().Add(30 * time.Second)
	for polls := 0; ; polls++ {
		if refused := refusals(map[string]map[string]nodeLine{"endpoint (standardwebhooks)": express.byRoute("verified"),
			"listen (standardwebhooks)": listened.byRoute("verified"), "endpoint (node:crypto)": plain.byRoute("crypto")}); refused != "" {
			t.Fatalf("a receiver refused a delivery's signature: %s", refused)
		}
		gorcv.mu.Lock()
		goOK, goErrs := len(gorcv.ok), slices.Clone(gorcv.errs)
		gorcv.mu.Unlock()
		if len(goErrs) > 0 {
			t.Fatalf("the Go reference library refused a delivery's signature: %v", goErrs)
		}
		select {
		case <-stopped:
			t.Fatalf("esahayak listen stopped: %v\n%s", runErr, listenOutput())
		default:
		}
		if len(express.byRoute("guide")) == len(types) && len(express.byRoute("verified")) == len(types) &&
			len(plain.byRoute("crypto")) == len(types) && len(listened.byRoute("verified")) == len(types) && goOK == len(types) {
			break
		}
		last := time.Now().After(deadline)
		if polls%10 == 0 || last {
			if failed := failedAttempts(t, s); failed != "" && (last || strings.Contains(failed, "signing:")) {
				t.Fatalf("deliveries failed: %s", failed)
			}
		}
		if last {
			t.Fatalf("timed out after 30 s waiting for every event at every receiver (guide %d, standardwebhooks %d, node:crypto %d, listen %d, Go %d of %d)",
				len(express.byRoute("guide")), len(express.byRoute("verified")), len(plain.byRoute("crypto")), len(listened.byRoute("verified")), goOK, len(types))
		}
		time.Sleep(20 * time.Millisecond)
	}

	// The guide's handler: its payload fields and headers, for all four types.
	seen := map[string]bool{}
	for id, l := range express.byRoute("guide") {
		typ := types[id]
		seen[typ] = true
		checkGuideRequest(t, id, typ, l)
	}
	if len(seen) != 4 {
		t.Fatalf("the guide's handler got types %v, want all four", seen)
	}
	// standardwebhooks (JavaScript) verified every delivery and every
	// listen forward, node:crypto by hand every delivery, and the Go
	// reference library every delivery.
	for name, rs := range map[string]map[string]nodeLine{"endpoint": express.byRoute("verified"), "listen": listened.byRoute("verified"),
		"node:crypto": plain.byRoute("crypto")} {
		for id, l := range rs {
			if l.Verified == nil || !*l.Verified || l.Body["id"] != id || l.Body["type"] != types[id] {
				t.Errorf("%s: standardwebhooks did not verify %s: %+v", name, id, l)
			}
		}
	}
	gorcv.mu.Lock()
	if len(gorcv.errs) > 0 {
		t.Errorf("the Go reference library refused: %v", gorcv.errs)
	}
	gorcv.mu.Unlock()
	// And the server recorded every delivery as succeeded.
	testenv.Eventually(t, 10*time.Second, "every delivery succeeded", func() bool {
		_, b := s.Do(t, "GET", "/v1/deliveries?status=succeeded&limit=100", s.APIKey, nil)
		return strings.Count(string(b), `"id":"dlv_`) == 5*len(types) // four endpoints and the listen session
	})
}

// refusals describes the requests that receivers (by name) refused, or
// is "" when none was.
func refusals(byReceiver map[string]map[string]nodeLine) string {
	var out []string
	for name, lines := range byReceiver {
		for id, l := range lines {
			if l.Verified != nil && !*l.Verified {
				out = append(out, fmt.Sprintf("%s refused %s: %s", name, id, l.Error))
			}
		}
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}

// failedAttempts describes the account's deliveries whose last attempt
// failed (retrying or failed), with each one's error, or is "" when there
// are none.
func failedAttempts(t *testing.T, s *testenv.Server) string {
	t.Helper()
	var out []string
	for _, status := range []string{"retrying", "failed"} {
		st, b := s.Do(t, "GET", "/v1/deliveries?limit=100&status="+status, s.APIKey, nil)
		if st != 200 {
			t.Fatalf("list %s deliveries: %d %s", status, st, b)
		}
		var page struct {
			Data []struct {
				ID             string `json:"id"`
				EndpointID     string `json:"endpoint_id"`
				EventID        string `json:"event_id"`
				LastStatusCode *int   `json:"last_status_code"`
				LastError      string `json:"last_error"`
			} `json:"data"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatalf("list %s deliveries: %v: %s", status, err, b)
		}
		for _, d := range page.Data {
			code := "no status"
			if d.LastStatusCode != nil {
				code = strconv.Itoa(*d.LastStatusCode)
			}
			out = append(out, fmt.Sprintf("%s (%s of %s to %s): %s, %s", d.ID, status, d.EventID, d.EndpointID, code, d.LastError))
		}
	}
	return strings.Join(out, "; ")
}

// checkGuideRequest holds one request to the guide's handler to the
// guide: its headers, and the payload fields its examples read.
func checkGuideRequest(t *testing.T, id, typ string, l nodeLine) {
	t.Helper()
	h := l.Headers
	want := map[string]string{"content-type": "application/json", "user-agent": "eSahayak-Webhooks/1.0", "x-esahayak-event": typ,
		"x-esahayak-delivery": id, "webhook-id": id}
	for k, v := range want {
		if h[k] != v {
			t.Errorf("%s: header %s = %q, want %q", id, k, h[k], v)
		}
	}
	if n, err := strconv.Atoi(h["x-esahayak-attempt"]); err != nil || n < 1 {
		t.Errorf("%s: x-esahayak-attempt = %q", id, h["x-esahayak-attempt"])
	}
	if ts, err := strconv.ParseInt(h["webhook-timestamp"], 10, 64); err != nil || time.Since(time.Unix(ts, 0)).Abs() > time.Minute {
		t.Errorf("%s: webhook-timestamp = %q", id, h["webhook-timestamp"])
	}
	if !strings.HasPrefix(h["webhook-signature"], "v1,") {
		t.Errorf("%s: webhook-signature = %q", id, h["webhook-signature"])
	}
	b := l.Body
	if b["id"] != id || b["type"] != typ {
		t.Errorf("%s: body id/type = %v/%v", id, b["id"], b["type"])
	}
	if _, err := time.Parse(time.RFC3339, fmt.Sprint(b["created_at"])); err != nil {
		t.Errorf("%s: created_at %v is not ISO 8601", id, b["created_at"])
	}
	data, _ := b["data"].(map[string]any)
	order, _ := data["order"].(map[string]any)
	stamp, _ := data["stamp_request"].(map[string]any)
	if !strings.HasPrefix(fmt.Sprint(order["id"]), "order_") || order["status"] == nil || order["created_at"] == nil {
		t.Errorf("%s: data.order = %v", id, order)
	}
	if !strings.HasPrefix(fmt.Sprint(stamp["id"]), "stamp_") || stamp["state"] != "Assam" || stamp["amount"] != float64(1000) ||
		stamp["article_code"] != "AS-RG-4" || stamp["provider"] != "SHCIL" {
		t.Errorf("%s: data.stamp_request = %v", id, stamp)
	}
	// What the guide's handlers read for each type.
	status := map[string]string{"stamp.uploaded": "COMPLETED", "stamp.failed": "FAILED", "order.delivered": "DELIVERED", "order.cancelled": "CANCELLED"}[typ]
	if order["status"] != status {
		t.Errorf("%s: data.order.status = %v, want %s", id, order["status"], status)
	}
	switch typ {
	case "stamp.failed": // data.error?.message
		if e, _ := data["error"].(map[string]any); e["message"] != "Government portal did not respond" {
			t.Errorf("%s: data.error = %v", id, data["error"])
		}
	case "order.delivered": // data.delivery
		if d, _ := data["delivery"].(map[string]any); d["partner"] != "BlueDart" || d["tracking_id"] != "BD123" {
			t.Errorf("%s: data.delivery = %v", id, data["delivery"])
		}
	case "order.cancelled": // data.cancellation?.reason
		if c, _ := data["cancellation"].(map[string]any); c["reason"] != "Customer request" {
			t.Errorf("%s: data.cancellation = %v", id, data["cancellation"])
		}
	}
}

// TestReceivingDocsNodeCryptoIsTheTestedOne holds docs/receiving.md's
// "Node.js without a library" to verifyWebhook in receiver.js, which
// TestInterop runs against a real server: a change to one must be made to
// the other, or the docs would show code no test runs.
func TestReceivingDocsNodeCryptoIsTheTestedOne(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "receiving.md"))
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(expressDir, "receiver.js"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "### Node.js without a library")
	if !ok {
		t.Fatal(`docs/receiving.md has no "### Node.js without a library" section`)
	}
	_, code, ok := strings.Cut(section, "```javascript\n")
	if ok {
		code, _, ok = strings.Cut(code, "```")
	}
	if !ok {
		t.Fatal("the section has no javascript block")
	}
	_, fn, ok := strings.Cut(code, "const key = ")
	if !ok {
		t.Fatal("the docs' block has no `const key = …` line")
	}
	fn = "const key = " + fn
	if !strings.Contains(string(js), fn) {
		t.Errorf("receiver.js does not hold the docs' code word for word; the docs show:\n%s", fn)
	}
}
