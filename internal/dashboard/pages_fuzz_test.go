package dashboard

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// The signed-in dashboard's session, made in the store, not by signing
// in: the fuzzer's requests start signed in, with the form token known.
const (
	fuzzSessionToken = "fuzz-dashboard-session-token-0123456789abcdef"
	fuzzCSRF         = "fuzz-dashboard-csrf-token-0123456789abcdef"
)

// signedInDash is the dashboard of fuzzDash with a session and a real
// object of each kind a page names, so the fuzzer reaches past the "not
// found" answers.
type signedInDash struct {
	*fuzzDash
	userID string
	ids    map[string]string // "{endpoint}" → its id, …
}

func newSignedInDash(f *testing.F) *signedInDash {
	h := &signedInDash{fuzzDash: newFuzzDash(f), ids: map[string]string{}}
	u, err := h.d.st.UserByEmail(context.Background(), h.email)
	if err != nil {
		f.Fatal(err)
	}
	h.userID = u.ID
	if err := h.ensure(); err != nil {
		f.Fatal(err)
	}
	order := h.apiCreate(f, "/v1/orders", `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	h.ids["{order}"] = order
	// A test event gives an event and a delivery (which no engine sends).
	h.apiCreate(f, "/v1/webhook_endpoints/"+h.ids["{endpoint}"]+"/test", `{}`)
	h.ids["{event}"] = h.apiFirst(f, "/v1/events")
	h.ids["{delivery}"] = h.apiFirst(f, "/v1/deliveries")
	keys, err := h.d.st.ListAPIKeys(context.Background(), h.accountID)
	if err != nil || len(keys) == 0 {
		f.Fatalf("API keys: %v %v", keys, err)
	}
	h.ids["{key}"] = keys[0].ID
	return h
}

func (h *signedInDash) apiCall(method, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+h.key)
	w := httptest.NewRecorder()
	h.api.ServeHTTP(w, req)
	return w
}

func (h *signedInDash) apiCreate(f *testing.F, target, body string) string {
	w := h.apiCall(http.MethodPost, target, body)
	var v struct{ ID string }
	if w.Code >= 300 || json.Unmarshal(w.Body.Bytes(), &v) != nil {
		f.Fatalf("POST %s: %d %s", target, w.Code, w.Body)
	}
	return v.ID
}

func (h *signedInDash) apiFirst(f *testing.F, target string) string {
	w := h.apiCall(http.MethodGet, target, "")
	var v struct{ Data []struct{ ID string } }
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || len(v.Data) == 0 {
		f.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
	}
	return v.Data[0].ID
}

// ensure puts back what an earlier request ended: the session (signed
// out), the endpoint and the inspector (deleted).
func (h *signedInDash) ensure() error {
	ctx := context.Background()
	now := time.Now().UTC()
	hash := sha256.Sum256([]byte(fuzzSessionToken))
	if _, err := h.d.st.DashboardSessionByHash(ctx, hash[:], now); isNotFound(err) {
		ds := store.DashboardSession{TokenHash: hash[:], UserID: h.userID, AccountID: h.accountID, CSRFToken: fuzzCSRF,
			CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := h.d.st.CreateDashboardSession(ctx, ds); err != nil {
			return fmt.Errorf("create the session: %w", err)
		}
	} else if err != nil {
		return fmt.Errorf("read the session: %w", err)
	}
	if id := h.ids["{endpoint}"]; id == "" || h.apiCall(http.MethodGet, "/v1/webhook_endpoints/"+id, "").Code == http.StatusNotFound {
		w := h.apiCall(http.MethodPost, "/v1/webhook_endpoints", `{"url": "https://hooks.example.com/esahayak"}`)
		var v struct{ ID string }
		if w.Code != http.StatusCreated || json.Unmarshal(w.Body.Bytes(), &v) != nil {
			return fmt.Errorf("create an endpoint: %d %s", w.Code, w.Body)
		}
		h.ids["{endpoint}"] = v.ID
	}
	if _, _, ok := h.d.inspectors.get(h.accountID, h.inspector.ID, now); !ok {
		in, err := h.d.inspectors.create(h.accountID, now)
		if err != nil {
			return fmt.Errorf("create an inspector: %w", err)
		}
		h.inspector = in
	}
	h.ids["{inspector}"] = h.inspector.ID
	return nil
}

func (h *signedInDash) replace(s string) string {
	for k, v := range h.ids {
		s = strings.ReplaceAll(s, k, v)
	}
	return strings.ReplaceAll(s, "{csrf}", fuzzCSRF)
}

var dashMethods = []string{"GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"}

// dashAccepts are the Accept headers the dashboard's own pages send: a
// page, a form its script posts (JSON back), an event stream.
var dashAccepts = []string{"", "text/html", "application/json", "text/event-stream"}

// FuzzDashboardRequest sends the signed-in dashboard any request as it
// comes off the wire: any method, path under /dashboard/ ({endpoint},
// {delivery}, {order}, {event}, {inspector} and {key} stand for real
// objects' ids), query, form body ({csrf} for the session's form token),
// the form token as a field, a header or not at all, any Accept the
// pages' script sends and one more header. The project's rule: bad input
// gets a precise answer, never a 5xx (the live page's 501 without a
// delivery engine aside), never a hang; and whatever the request, every
// answer carries the pages' security headers, a redirect stays on the
// dashboard, and an answer asked for as JSON is JSON.
func FuzzDashboardRequest(f *testing.F) {
	h := newSignedInDash(f)
	seeds := []struct {
		method uint8
		target string
		csrf   uint8
		accept uint8
		hdr    string
		body   string
	}{
		{0, "/dashboard/", 0, 0, "", ""},
		{0, "/dashboard/deliveries?status=failed&endpoint={endpoint}&event={event}&after=2026-01-01&before=x", 0, 1, "", ""},
		{0, "/dashboard/deliveries?status=%zz&type=stamp.failed", 0, 0, "", ""},
		{0, "/dashboard/deliveries?after={delivery}&status=failed&status=succeeded", 0, 0, "", ""},
		{0, "/dashboard/deliveries/{delivery}", 0, 0, "", ""},
		{0, "/dashboard/orders?status=processing&after=2026-13-01T00:00:00Z&before={order}", 0, 0, "", ""},
		{0, "/dashboard/orders/{order}", 0, 0, "", ""},
		{0, "/dashboard/monitoring?window=24h&endpoint={endpoint}", 0, 0, "", ""},
		{0, "/dashboard/monitoring?window=-1h&endpoint=we_%00", 0, 0, "", ""},
		{0, "/dashboard/endpoints/{endpoint}?notice=recovered&n=99999999999999999999&m=-1&rest=2026-01-01T00:00:00Z", 0, 0, "", ""},
		{0, "/dashboard/settings/api-access?new={endpoint}&endpoints_after={endpoint}&notice=saved", 0, 0, "", ""},
		{0, "/dashboard/inspector/{inspector}", 0, 0, "", ""},
		{0, "/dashboard/inspector/{inspector}/live", 0, 3, "", ""},
		{0, "/dashboard/live", 0, 3, "", ""},
		{0, "/dashboard/static/app.css?v=x", 0, 0, "", ""},
		{0, "/dashboard/signin?next=//evil.example&notice=session_ended", 0, 0, "", ""},
		{1, "/dashboard/settings/webhooks", 0, 0, "", "csrf={csrf}&url=https%3A%2F%2Fhooks.example.com%2Fa&description=d&events=stamp.uploaded&events_shown=1"},
		{1, "/dashboard/settings/webhooks", 1, 2, "", "url=https%3A%2F%2F127.0.0.1%2Fa&events=nope"},
		{1, "/dashboard/settings/api-keys", 0, 0, "", "csrf={csrf}&name=%E2%80%AEx&once=abc"},
		{1, "/dashboard/settings/api-keys/{key}/revoke", 0, 0, "", "csrf={csrf}&confirmed=1"},
		{1, "/dashboard/endpoints/{endpoint}", 0, 0, "", "csrf={csrf}&url=https%3A%2F%2Fhooks.example.com%2Fb&was_shown=1&was_url=x&was_events=a"},
		{1, "/dashboard/endpoints/{endpoint}/status", 0, 2, "", "csrf={csrf}&status=disabled"},
		{1, "/dashboard/endpoints/{endpoint}/status", 0, 0, "", "csrf={csrf}&status=%F0"},
		{1, "/dashboard/endpoints/{endpoint}/secret", 0, 0, "", "csrf={csrf}"},
		{1, "/dashboard/endpoints/{endpoint}/rotate", 0, 0, "", "csrf={csrf}&once=x&confirmed=1"},
		{1, "/dashboard/endpoints/{endpoint}/test", 0, 2, "", "csrf={csrf}&type=order.cancelled"},
		{1, "/dashboard/endpoints/{endpoint}/recover", 0, 0, "", "csrf={csrf}&since=2026-01-01T00:00:00Z&missed=1"},
		{1, "/dashboard/endpoints/{endpoint}/recover", 0, 0, "", "csrf={csrf}&since=-999999999h"},
		{1, "/dashboard/endpoints/{endpoint}/delete", 0, 0, "", "csrf={csrf}&confirmed=1"},
		{1, "/dashboard/deliveries/{delivery}/resend", 0, 2, "", "csrf={csrf}"},
		{1, "/dashboard/inspector", 0, 0, "", "csrf={csrf}&once=1"},
		{1, "/dashboard/inspector/{inspector}/verify", 0, 0, "", "csrf={csrf}&endpoint={endpoint}"},
		{1, "/dashboard/inspector/{inspector}/endpoint", 0, 0, "", "csrf={csrf}&endpoint=we_x"},
		{1, "/dashboard/inspector/{inspector}/delete", 0, 0, "", "csrf={csrf}"},
		{1, "/dashboard/signout", 0, 0, "", "csrf={csrf}"},
		{1, "/dashboard/endpoints/{endpoint}/status", 2, 0, "Origin: http://evil.example", "csrf={csrf}&status=enabled"},
		{1, "/dashboard/endpoints/{endpoint}/status", 0, 0, "Content-Encoding: gzip", "csrf={csrf}&status=enabled"},
		{1, "/dashboard/endpoints/{endpoint}/status", 0, 0, "Content-Type: multipart/form-data; boundary=x", "--x\r\n"},
		{1, "/dashboard/endpoints/{endpoint}/status", 0, 0, "", "csrf={csrf}&status=enabled&%zz"},
		{2, "/dashboard/deliveries", 0, 0, "", ""},
		{3, "/dashboard/endpoints/{endpoint}", 0, 0, "", ""},
		{0, "/dashboard", 0, 0, "", ""},
		{0, "/dashboard//endpoints/../deliveries", 0, 0, "", ""},
		{0, "/dashboard/%2e%2e/v1/orders", 0, 0, "", ""},
		{6, "/dashboard/deliveries/{delivery}/resend", 0, 0, "", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, s.csrf, s.accept, s.hdr, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, method uint8, target string, csrf, accept uint8, hdr string, body []byte) {
		if err := h.ensure(); err != nil {
			t.Fatal(err)
		}
		target = h.replace(target)
		body = []byte(h.replace(string(body)))
		// The dashboard's paths: /dashboard and what is under /dashboard/
		// (not /dashboard0, which is the API's to answer).
		if p, _, _ := strings.Cut(target, "?"); p != "/dashboard" && !strings.HasPrefix(p, "/dashboard/") {
			target = "/dashboard/" + strings.TrimPrefix(target, "/")
		}
		if strings.ContainsAny(target+hdr, "\r\n") {
			return // other headers, or another request
		}
		var raw bytes.Buffer
		fmt.Fprintf(&raw, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nCookie: %s=%s\r\n", dashMethods[int(method)%len(dashMethods)], target, sessionCookie, fuzzSessionToken)
		if a := dashAccepts[int(accept)%len(dashAccepts)]; a != "" {
			fmt.Fprintf(&raw, "Accept: %s\r\n", a)
		}
		contentType := true
		if name, _, ok := strings.Cut(hdr, ":"); ok {
			switch n := strings.ToLower(strings.TrimSpace(name)); n {
			case "content-length", "transfer-encoding", "host", "cookie", "accept":
			default:
				contentType = n != "content-type"
				fmt.Fprintf(&raw, "%s\r\n", hdr)
			}
		}
		if contentType {
			fmt.Fprintf(&raw, "Content-Type: application/x-www-form-urlencoded\r\n")
		}
		switch csrf % 3 {
		case 0: // in the form, where the seeds put it
		case 1:
			fmt.Fprintf(&raw, "X-CSRF-Token: %s\r\n", fuzzCSRF)
		case 2:
			fmt.Fprintf(&raw, "X-CSRF-Token: not-%s\r\n", fuzzCSRF)
		}
		fmt.Fprintf(&raw, "Content-Length: %d\r\n\r\n", len(body))
		raw.Write(body)
		req, ok := readRequest(raw.Bytes())
		if !ok {
			return
		}
		w := h.serve(t, req)
		checkDashboardAnswer(t, req, w)
	})
}

// serve runs the request through the server's handler, bounded: a
// request still running after 10 s hangs. An event stream that has
// started is ended (the browser going away).
func (h *signedInDash) serve(t *testing.T, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	return testenv.ServeBounded(t, h.api, req, 10*time.Second)
}

// checkDashboardAnswer holds the dashboard's promises for any request.
func checkDashboardAnswer(t *testing.T, req *http.Request, w *httptest.ResponseRecorder) {
	t.Helper()
	what := fmt.Sprintf("%s %q (Accept %q, Content-Type %q)", req.Method, req.RequestURI, req.Header.Get("Accept"), req.Header.Get("Content-Type"))
	if w.Code >= 500 && !(w.Code == http.StatusNotImplemented && path.Clean(req.URL.Path) == "/dashboard/live") {
		t.Fatalf("%s: %d %s", what, w.Code, w.Body)
	}
	for _, name := range []string{"Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "Cache-Control", "X-Content-Type-Options"} {
		if w.Header().Get(name) == "" {
			t.Fatalf("%s: %d without %s", what, w.Code, name)
		}
	}
	if w.Code >= 300 && w.Code < 400 {
		loc := w.Header().Get("Location")
		if !strings.HasPrefix(loc, "/dashboard") || leavesDashboard(loc) != "" {
			t.Fatalf("%s: %d to %q", what, w.Code, loc)
		}
	}
	if w.Code >= 400 && req.Method != http.MethodHead {
		ct := w.Header().Get("Content-Type")
		// The one form the pages' script posts for JSON (Send test event,
		// data-async) shows an answer it cannot read as "Could not reach
		// the server" beside the form.
		asyncForm := wantsJSON(req) && req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/test")
		switch {
		case ct == "application/json" || asyncForm:
			var v struct{ Message string }
			if ct != "application/json" || json.Unmarshal(w.Body.Bytes(), &v) != nil || v.Message == "" {
				t.Fatalf("%s: %d %q is not a JSON message: %s", what, w.Code, ct, w.Body)
			}
		case strings.HasPrefix(ct, "text/html"):
		case w.Code == http.StatusNotImplemented:
		default:
			t.Fatalf("%s: %d with Content-Type %q: %s", what, w.Code, ct, w.Body)
		}
	}
}
