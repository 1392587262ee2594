package dashboard_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

func newInspector(t *testing.T, e *env, b *browser) (page, captureURL string) {
	t.Helper()
	r := b.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dashboard/inspector/insp_") {
		t.Fatalf("create inspector = %d %q %.300s", r.Status, r.Location, r.Body)
	}
	page = strings.SplitN(r.Location, "?", 2)[0]
	body := b.get(page).Body
	i := strings.Index(body, `data-capture-url>`)
	if i < 0 {
		t.Fatal("no capture URL on the inspector page")
	}
	captureURL = body[i+len(`data-capture-url>`):]
	captureURL = captureURL[:strings.Index(captureURL, "<")]
	if !strings.HasPrefix(captureURL, e.URL+"/inspect/") || len(captureURL) != len(e.URL+"/inspect/")+43 {
		t.Fatalf("capture URL = %q", captureURL)
	}
	return page, captureURL
}

// inspectorEndpoint makes the inspector at page an endpoint with its
// button, and returns the endpoint's id as the page then shows it chosen:
// the one whose secret checks the signatures of what arrives.
func inspectorEndpoint(t *testing.T, b *browser, page string) string {
	t.Helper()
	if r := b.postForm(page, page+"/endpoint", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("endpoint for inspector = %d %.300s", r.Status, r.Body)
	}
	for _, line := range strings.Split(b.get(page).Body, "\n") {
		if i := strings.Index(line, `<option value="we_`); i >= 0 && strings.Contains(line, "selected") {
			return line[i+len(`<option value="`) : i+len(`<option value="`)+29]
		}
	}
	t.Fatal("the new endpoint is not the one signatures are checked against")
	return ""
}

func send(t *testing.T, method, u, body string, h http.Header) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestInspectorCapturesAndVerifies(t *testing.T) {
	e := startEnv(t, envOptions{Inspector: dashboard.InspectorLimits{Captures: 3, BodyBytes: 1024}})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)

	// Any method, any sub-path, no credentials.
	st, body := send(t, "PUT", captureURL+"/webhooks/esahayak?x=1", `{"hello": "world"}`, http.Header{"X-Custom": {"yes"}})
	if st != 200 || !strings.Contains(body, `"received":true`) {
		t.Fatalf("capture = %d %s", st, body)
	}
	// Escaped slashes and dots in a sub-path are part of it, not a path
	// to clean up.
	if st, body := send(t, "POST", captureURL+"/cb/https%3A%2F%2Fexample.com%2Fhook/a%2F%2Fb/%2E%2E", `{}`, nil); st != 200 {
		t.Fatalf("capture with escaped slashes = %d %s", st, body)
	}
	// Doubled slashes and dot segments are captured as sent, not
	// redirected (a webhook sender follows no redirects).
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	unclean, err := noRedirects.Post(captureURL+"//double/./x/../y", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	unclean.Body.Close()
	if unclean.StatusCode != 200 {
		t.Fatalf("capture of an unclean path = %d %s", unclean.StatusCode, unclean.Header.Get("Location"))
	}
	p := b.get(page).Body
	mustContain(t, p, "PUT", "/webhooks/esahayak?x=1", "X-Custom", "&#34;hello&#34;: &#34;world&#34;", "Not signed",
		"//double/./x/../y", "/cb/https%3A%2F%2Fexample.com%2Fhook/a%2F%2Fb/%2E%2E")
	// Characters Go would escape are shown as the request line had them.
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST %s/{x}|é HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", strings.TrimPrefix(captureURL, e.URL))
	io.ReadAll(conn)
	conn.Close()
	mustContain(t, b.get(page).Body, "/{x}|é")

	// An endpoint pointing at the inspector: its test events arrive and
	// their signatures verify against its secret.
	ep := inspectorEndpoint(t, b, page)
	// A second click uses the same endpoint instead of doubling it.
	if r := b.postForm(page, page+"/endpoint", nil); r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "inspector_endpoint_exists") {
		t.Fatalf("second endpoint for inspector = %d %q", r.Status, r.Location)
	}
	countFor := func() int {
		eps, _, _ := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 100})
		n := 0
		for _, x := range eps {
			if x.URL == captureURL {
				n++
			}
		}
		return n
	}
	if n := countFor(); n != 1 {
		t.Fatalf("%d endpoints for the inspector URL after two clicks, want 1", n)
	}
	if st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, map[string]string{"type": "order.cancelled"}); st != 202 {
		t.Fatalf("test event: %d %s", st, body)
	}
	testenv.Eventually(t, 5*time.Second, "test event captured", func() bool {
		return strings.Contains(b.get(page).Body, "order.cancelled")
	})
	p = b.get(page).Body
	mustContain(t, p, "Signature verified with the secret of", "webhook-signature", "X-eSahayak-Event")

	// A request signed with another secret does not verify.
	other, _ := webhook.NewSecret()
	signer, _ := webhook.NewSigner(other)
	now := time.Now()
	payload := `{"id":"evt_x","type":"stamp.uploaded","created_at":"2026-01-15T10:30:00.000Z","data":{}}`
	send(t, "POST", captureURL, payload, http.Header{"Webhook-Id": {"evt_x"}, "Webhook-Timestamp": {strconv.FormatInt(now.Unix(), 10)},
		"Webhook-Signature": {signer.Sign("evt_x", now, []byte(payload))}})
	mustContain(t, b.get(page).Body, "Signature does not verify", "no matching signature")

	// Only the last 3 are kept, and bodies are cut at the limit.
	send(t, "POST", captureURL, strings.Repeat("a", 5000), nil)
	p = b.get(page).Body
	if strings.Contains(p, "/webhooks/esahayak?x=1") {
		t.Fatal("the oldest capture was kept past the count limit")
	}
	mustContain(t, p, "5000 bytes (cut to the first 1024)", "#6 ·")
	// A chunked body (no Content-Length) shows the size that was sent too.
	req, _ := http.NewRequest("POST", captureURL, io.MultiReader(strings.NewReader(strings.Repeat("b", 7000))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if req.ContentLength != 0 || len(req.TransferEncoding) != 0 && req.TransferEncoding[0] != "chunked" {
		t.Fatalf("the request was not sent chunked: %d %v", req.ContentLength, req.TransferEncoding)
	}
	mustContain(t, b.get(page).Body, "7000 bytes (cut to the first 1024)")

	// A dashboard session cookie sent to a capture URL (by a browser
	// signed in before cookies were scoped to /dashboard) is not kept:
	// the capture's owner may be another account. Other cookies are.
	session := b.cookies["esahayak_session"].Value
	send(t, "GET", captureURL+"?cookie=1", "", http.Header{"Cookie": {"theirs=1; esahayak_session=" + session + "; esahayak_signin=x"}})
	p = b.get(page).Body
	mustContain(t, p, "cookie=1", "theirs=1")
	if strings.Contains(p, session) || strings.Contains(p, "esahayak_session") || strings.Contains(p, "esahayak_signin") {
		t.Fatal("a capture shows a dashboard session cookie")
	}

	// Without a dashboard cookie, the Cookie header is shown as sent.
	send(t, "GET", captureURL+"?cookie=2", "", http.Header{"Cookie": {`flag; theme="dark"; a=1;b=2`}})
	mustContain(t, b.get(page).Body, "cookie=2", "flag; theme=&#34;dark&#34;; a=1;b=2")

	// Unknown tokens are 404s.
	if st, body := send(t, "POST", e.URL+"/inspect/"+strings.Repeat("x", 43), "{}", nil); st != 404 ||
		body != `{"error":{"type":"not_found_error","code":"inspector_not_found","message":"no such inspector: an inspector expires 24 hours after it is created, goes when it is deleted, and lives in the memory of the server that made it, so a restart clears it; create another in the dashboard","param":""}}`+"\n" {
		t.Fatalf("unknown token = %d %s; want the API's error shape", st, body)
	}
	// Endpoints that merely mention the token, on another host or below
	// another path, are not the inspector's: they stay when it goes.
	// Those at its URL under another loopback name of this server go.
	token := captureURL[strings.LastIndex(captureURL, "/")+1:]
	port := e.URL[strings.LastIndex(e.URL, ":")+1:]
	for _, u := range []string{"http://localhost:" + port + "/inspect/" + token, "http://[::1]:" + port + "/inspect/" + token + "/sub"} {
		if st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": u}); st != 201 {
			t.Fatalf("endpoint %s: %d %s", u, st, body)
		}
	}
	for _, u := range []string{"http://127.0.0.2:9/inspect/" + token, "http://127.0.0.1:9/proxy/inspect/" + token, "http://127.0.0.1:9/hook?from=/inspect/" + token} {
		if st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": u}); st != 201 {
			t.Fatalf("endpoint %s: %d %s", u, st, body)
		}
	}
	// Deleted: its URL stops capturing.
	if r := b.postForm(page, page+"/delete", url.Values{"confirmed": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("delete = %d", r.Status)
	}
	if st, _ := send(t, "POST", captureURL, "{}", nil); st != 404 {
		t.Fatalf("deleted inspector captured: %d", st)
	}
	// Its live stream says it is gone, once, and ends: the page stops
	// listening instead of retrying an error.
	if r := b.get(page + "/live"); r.Status != http.StatusOK || !strings.Contains(r.Body, "event: gone") || strings.Contains(r.Body, "event: capture") {
		t.Fatalf("live stream of a deleted inspector = %d %q", r.Status, r.Body)
	}
	// Its endpoint went with it: it could only fail from now on.
	if n := countFor(); n != 0 {
		t.Fatalf("%d endpoints still point at the deleted inspector", n)
	}
	if eps, _, _ := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 100}); len(eps) != 3 {
		t.Fatalf("%d endpoints left, want the 3 that only mention the token", len(eps))
	}
}

func TestInspectorLiveAndExpiry(t *testing.T) {
	e := startEnv(t, envOptions{Inspector: dashboard.InspectorLimits{TTL: time.Hour, PerAccount: 2}})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.URL+page+"/live", nil)
	req.AddCookie(&http.Cookie{Name: "esahayak_session", Value: b.cookies["esahayak_session"].Value})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("live = %d", resp.StatusCode)
	}
	send(t, "DELETE", captureURL+"/x", "", nil)
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	got := false
	for !got && sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var c struct {
				Seq  int
				HTML string
			}
			if json.Unmarshal([]byte(v), &c) == nil && c.Seq == 1 && strings.Contains(c.HTML, "DELETE") {
				got = true
			}
		}
	}
	if !got {
		t.Fatalf("no capture on the stream: %v", sc.Err())
	}
	// Deleting the inspector tells the open stream it is gone, and ends it.
	if r := b.postForm(page, page+"/delete", url.Values{"confirmed": {"1"}}); r.Status >= 400 {
		t.Fatalf("delete inspector = %d", r.Status)
	}
	// It says deleted, not expired: the page tells its owner which.
	gone, reason := false, ""
	for sc.Scan() {
		if sc.Text() == "event: gone" {
			gone = true
		} else if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok && gone && reason == "" {
			reason = v
		}
	}
	if !gone {
		t.Fatalf("the stream ended without a gone event: %v", sc.Err())
	}
	if reason != `{"reason":"deleted"}` {
		t.Fatalf("gone event after a delete: data %s, want {\"reason\":\"deleted\"}", reason)
	}
	page, captureURL = newInspector(t, e, b)

	// Two per account here; the third is refused with a clear message.
	newInspector(t, e, b)
	r := b.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "the most an account can have at once") {
		t.Fatalf("third inspector = %d", r.Status)
	}
	// After the TTL they are gone, and their URLs with them; an open page
	// is told it expired (not that it was deleted).
	req, _ = http.NewRequestWithContext(ctx, "GET", e.URL+page+"/live", nil)
	req.AddCookie(&http.Cookie{Name: "esahayak_session", Value: b.cookies["esahayak_session"].Value})
	resp2, err := http.DefaultClient.Do(req)
	if err != nil || resp2.StatusCode != 200 {
		t.Fatalf("live: %v %v", resp2, err)
	}
	defer resp2.Body.Close()
	e.clock.Advance(time.Hour)
	if st, _ := send(t, "POST", captureURL, "{}", nil); st != 404 {
		t.Fatalf("expired inspector captured: %d", st)
	}
	if body, _ := io.ReadAll(resp2.Body); !strings.Contains(string(body), "event: gone\ndata: {\"reason\":\"expired\"}") {
		t.Fatalf("live stream of an inspector that expired while open: %q", body)
	}
	if r := b.get(page); r.Status != http.StatusNotFound {
		t.Fatalf("expired inspector page = %d", r.Status)
	}
	mustContain(t, b.get("/dashboard/inspector").Body, "No inspector yet.")
}

func TestInspectorEndpointNeedsInsecureURLsOnHTTP(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Secure: true}})
	b := e.signedIn(t)
	page, _ := newInspector(t, e, b)
	mustContain(t, b.get(page).Body, "--allow-insecure-urls")
	r := b.postForm(page, page+"/endpoint", nil)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("http endpoint without --allow-insecure-urls = %d", r.Status)
	}
	mustContain(t, r.Body, "sends webhooks to https:// URLs only", "--allow-insecure-urls")
	if strings.Contains(r.Body, "url must use") || strings.Contains(r.Body, "`") {
		t.Errorf("the refusal is the API's words for programs:\n%.2000s", r.Body)
	}
}

// TestStuckLiveStreamDoesNotHoldUpShutdown: a live stream whose client
// reads nothing fills its socket's buffers; its blocked write ends when the
// server shuts down, so a graceful shutdown takes no longer for it (it had
// no write deadline, and held Shutdown, and then the engine's stop, for
// their whole grace period).
func TestStuckLiveStreamDoesNotHoldUpShutdown(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: e.API}
	go hs.Serve(ln)
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(4096)
	fmt.Fprintf(conn, "GET %s/live HTTP/1.1\r\nHost: %s\r\nCookie: esahayak_session=%s\r\n\r\n", page, ln.Addr(), b.cookies["esahayak_session"].Value)
	head := make([]byte, 64)
	if _, err := io.ReadAtLeast(conn, head, 12); err != nil || !strings.HasPrefix(string(head), "HTTP/1.1 200") {
		t.Fatalf("live stream: %q %v", head, err)
	}
	// Then it reads nothing while captures pile up on it.
	body := `{"x": "` + strings.Repeat("a", 60<<10) + `"}`
	for range 300 {
		if st, _ := send(t, "POST", captureURL, body, nil); st != 200 {
			t.Fatalf("capture = %d", st)
		}
	}
	testenv.WaitPeerStuckWriting(t, conn, 10*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := hs.Shutdown(ctx); err != nil {
		t.Fatalf("graceful shutdown with a stream that reads nothing: %v after %v", err, time.Since(start))
	}
}

// TestLiveStreamsPerAccountAreBounded: an account's live streams are
// capped; one more is answered 429, and a closed one frees its place.
func TestLiveStreamsPerAccountAreBounded(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	open := func() (*http.Response, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", e.URL+"/dashboard/live", nil)
		req.Header.Set("Accept", "text/event-stream")
		req.AddCookie(&http.Cookie{Name: "esahayak_session", Value: b.cookies["esahayak_session"].Value})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		return resp, cancel
	}
	var cancels []context.CancelFunc
	defer func() {
		for _, c := range cancels {
			c()
		}
	}()
	for i := range 32 {
		resp, cancel := open()
		cancels = append(cancels, cancel)
		if resp.StatusCode != 200 {
			t.Fatalf("stream %d = %d", i+1, resp.StatusCode)
		}
	}
	resp, cancel := open()
	cancel()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("stream 33 = %d, want 429", resp.StatusCode)
	}
	cancels[0]()
	testenv.Eventually(t, 5*time.Second, "a closed stream's place", func() bool {
		resp, cancel := open()
		if resp.StatusCode == 200 {
			cancels = append(cancels, cancel)
			return true
		}
		cancel()
		return false
	})
}

// A captured path and query are anyone's to write who has the capture
// URL. What would not be seen as itself is shown percent-encoded, the
// same address: a U+202E written raw drew the path, and the signature
// verdict beside it, reversed; a zero-width space hid; a byte that is not
// UTF-8 became U+FFFD, another address. A visible é stays as sent.
func TestInspectorShowsAPathsInvisibleCharacters(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST %s/\u202edeifirev\u2066/zero\u200bwidth/caf\u00e9/raw\xffbyte?q=\u202ex&r=\xfe HTTP/1.1\r\n"+
		"Host: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", strings.TrimPrefix(captureURL, e.URL))
	reply, _ := io.ReadAll(conn)
	conn.Close()
	if !strings.HasPrefix(string(reply), "HTTP/1.1 200 ") {
		t.Fatalf("capture answered %.200q", reply)
	}
	p := b.get(page).Body
	mustContain(t, p, "/%E2%80%AEdeifirev%E2%81%A6/zero%E2%80%8Bwidth/café/raw%FFbyte?q=%E2%80%AEx&amp;r=%FE")
	for _, hidden := range []string{"\u202e", "\u2066", "\u200b", "\xff", "\xfe"} {
		if strings.Contains(p, hidden) {
			t.Errorf("the inspector page holds %+q as it came", hidden)
		}
	}
}
