package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/webhook"
)

// FuzzInspectorPage sends an inspector's capture URL any request (method,
// path and query, one more header, body), signed with the secret of the
// endpoint the inspector checks against or not, and then shows the
// inspector's page, as its owner opens it. Whatever anyone sent, the page
// is a 200 whose size stays within a fixed multiple of what was sent (a
// body that grew with the square of its nesting once made a 200 MB page),
// holds no bidi control (one in a header or body would draw the rest of
// the page reversed), and a request signed as eSahayak signs it, whole,
// shows "Signature verified".
func FuzzInspectorPage(f *testing.F) {
	h := newSignedInDash(f)
	for _, s := range []struct {
		method, path, header string
		sign                 bool
		body                 string
	}{
		{"POST", "", "Content-Type: application/json", true, `{"id": "evt_1", "type": "stamp.uploaded", "data": {}}`},
		{"POST", "/x?y=1", "", true, "not json \u202e"},
		{"POST", "", "", true, strings.Repeat("[", 20000)},
		{"POST", "", "webhook-signature: v1,AAAA", false, `{}`},
		{"POST", "", "webhook-timestamp: 1", true, `{}`},
		{"PUT", "/a%E2%80%AE/b?%zz", "X-Note: \u202eright to left", false, "\x00\x01\xff binary"},
		{"POST", "", "Content-Type: text/plain", true, strings.Repeat("\u2066x", 100)},
		{"GET", "/\xff", "X: \xff\xfe", false, ""},
		{"POST", "", "", true, strings.Repeat(`{"a":`, 3000) + "1" + strings.Repeat("}", 3000)},
		{"POST", "", "", true, strings.Repeat("x", 70<<10)},
	} {
		f.Add(s.method, s.path, s.header, s.sign, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, method, target, header string, sign bool, body []byte) {
		if err := h.ensure(); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		now := time.Now().UTC()
		// A new inspector for each request: the page shows this capture
		// alone, checked against the endpoint's secret.
		h.d.inspectors.delete(h.accountID, h.inspector.ID, now)
		in, err := h.d.inspectors.create(h.accountID, now)
		if err != nil {
			t.Fatal(err)
		}
		h.inspector = in
		ep, err := h.d.st.GetEndpoint(ctx, h.accountID, h.ids["{endpoint}"])
		if err != nil {
			t.Fatal(err)
		}
		h.d.inspectors.setVerify(h.accountID, in.ID, ep.ID, now)

		if target != "" && target[0] != '/' && target[0] != '?' {
			target = "/" + target // else it would be part of the token
		}
		if strings.ContainsAny(method+target+header, "\r\n") {
			return
		}
		var raw bytes.Buffer
		fmt.Fprintf(&raw, "%s /inspect/%s%s HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", method, in.Token, target)
		name, _, extra := strings.Cut(header, ":")
		name = strings.ToLower(strings.TrimSpace(name))
		switch name {
		case "content-length", "transfer-encoding", "host":
			extra = false
		}
		if extra {
			fmt.Fprintf(&raw, "%s\r\n", header)
		}
		if sign {
			signer, err := webhook.NewSigner(ep.Secret)
			if err != nil {
				t.Fatal(err)
			}
			at := now.Add(-time.Second)
			fmt.Fprintf(&raw, "webhook-id: msg_fuzz\r\nwebhook-timestamp: %d\r\nwebhook-signature: %s\r\n", at.Unix(), signer.Sign("msg_fuzz", at, body))
		}
		fmt.Fprintf(&raw, "Content-Length: %d\r\n\r\n", len(body))
		sent := raw.Len() + len(body)
		raw.Write(body)
		req, ok := readRequest(raw.Bytes())
		if !ok {
			return
		}
		w := httptest.NewRecorder()
		h.api.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Fatalf("%s /inspect/T%s: %d %s", method, target, w.Code, w.Body)
		}

		page := h.get(t, "/dashboard/inspector/"+in.ID)
		if page.Code != http.StatusOK || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("the inspector's page after %s %q: %d %q", method, target, page.Code, page.Header().Get("Content-Type"))
		}
		shown := page.Body.String()
		if limit := 64<<10 + 32*sent; len(shown) > limit {
			t.Fatalf("%d bytes sent made a page of %d bytes", sent, len(shown))
		}
		if i := strings.IndexFunc(shown, api.IsBidiControl); i >= 0 {
			t.Fatalf("the page shows a bidi control at %d: …%q…", i, shown[max(0, i-80):min(len(shown), i+40)])
		}
		whole := len(body) <= h.d.cfg.Inspector.BodyBytes
		touched := strings.HasPrefix(name, "webhook-") || strings.HasPrefix(name, "svix-")
		if sign && whole && !(extra && touched) && !strings.Contains(shown, "Signature verified") {
			t.Fatalf("a request signed with the endpoint's secret (%s %q, %d bytes) is not shown verified", method, target, len(body))
		}
	})
}

// get is the signed-in dashboard's answer to a GET of target.
func (h *signedInDash) get(t *testing.T, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: fuzzSessionToken})
	return h.serve(t, req)
}
