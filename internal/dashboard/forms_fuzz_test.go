package dashboard

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// fuzzDash is the API and the dashboard on a real SQLite file, with no
// delivery engine, a dashboard user and an inspector. Requests go to the
// handler directly: nothing listens, nothing is sent.
type fuzzDash struct {
	api       *api.Server
	d         *Dashboard
	accountID string
	key       string // the account's API key
	email     string
	password  string
	inspector inspectorInfo
}

const fuzzPassword = "correct horse battery"

func newFuzzDash(f *testing.F) *fuzzDash {
	st := testenv.SQLite(f)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := api.New(api.Config{Version: "fuzz"}, st, nil, log)
	// No sign-in limit: every attempt reaches the form's parsing and the
	// password check, not the 429.
	d, err := New(Config{SignInFailures: 1 << 30, Log: log}, st, a, nil)
	if err != nil {
		f.Fatal(err)
	}
	d.Mount(a)
	now := time.Now().UTC()
	acct, key, err := api.CreateAccount(context.Background(), st, "fuzz", now)
	if err != nil {
		f.Fatal(err)
	}
	h := &fuzzDash{api: a, d: d, accountID: acct.ID, key: key, email: "dev@example.com", password: fuzzPassword}
	if _, err := CreateUser(context.Background(), st, acct.ID, h.email, h.password, now); err != nil {
		f.Fatal(err)
	}
	if h.inspector, err = d.inspectors.create(acct.ID, now); err != nil {
		f.Fatal(err)
	}
	return h
}

// readRequest reads raw as net/http's server does; false when it would
// have refused the request before any handler.
func readRequest(raw []byte) (*http.Request, bool) {
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil, false
	}
	req.RemoteAddr = "127.0.0.1:40000"
	return req, true
}

// fuzzSignInToken is a sign-in form token of the shape renderSignIn makes.
const fuzzSignInToken = "c2lnbi1pbi10b2tlbi1mb3ItZnV6emluZy0x"

var nextField = regexp.MustCompile(`name="next" value="([^"]*)"`)

// FuzzSignInForm posts any body to the sign-in form ({email},
// {password} and {csrf} stand for the right ones), with or without the
// form's cookie and with any Origin. The answer is never a 5xx; a
// redirect (a sign-in) stays on the dashboard; any other answer is the
// form again, whose hidden return path stays on the dashboard too.
func FuzzSignInForm(f *testing.F) {
	h := newFuzzDash(f)
	for _, s := range nextSeeds {
		f.Add("email={email}&password={password}&csrf={csrf}&next="+strings.ReplaceAll(s, "&", "%26"), true, "")
	}
	for _, s := range []string{
		"email=%20{email}%20&password={password}&csrf={csrf}", "email={email}&password=wrong&csrf={csrf}&next=//evil",
		"email={email}&password={password}&csrf=x", "email=\xff&password={password}&csrf={csrf}", "email=%00&password=%00&csrf={csrf}",
		"email={email}&email=other@example.com&password={password}&csrf={csrf}", "%zz", "email=&password=&csrf={csrf}&notice=session_ended",
		"email={email}&password={password}&csrf={csrf}&next=%2F%2Fevil.example%2F", "csrf={csrf};email={email}",
		"email=ｄｅｖ@example.com&password={password}&csrf={csrf}", "email={email}&password={password}%E2%80%8B&csrf={csrf}",
	} {
		f.Add(s, true, "")
	}
	f.Add("email={email}&password={password}&csrf={csrf}", false, "")
	f.Add("email={email}&password={password}&csrf={csrf}", true, "null")
	f.Add("email={email}&password={password}&csrf={csrf}", true, "http://evil.example")
	f.Fuzz(func(t *testing.T, body string, withCookie bool, origin string) {
		body = strings.NewReplacer("{email}", h.email, "{password}", strings.ReplaceAll(h.password, " ", "+"), "{csrf}", fuzzSignInToken).Replace(body)
		if strings.ContainsAny(origin, "\r\n") {
			return
		}
		var raw bytes.Buffer
		fmt.Fprintf(&raw, "POST /dashboard/signin HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/x-www-form-urlencoded\r\n")
		if withCookie {
			fmt.Fprintf(&raw, "Cookie: %s=%s\r\n", signInCookie, fuzzSignInToken)
		}
		if origin != "" {
			fmt.Fprintf(&raw, "Origin: %s\r\n", origin)
		}
		fmt.Fprintf(&raw, "Content-Length: %d\r\n\r\n%s", len(body), body)
		req, ok := readRequest(raw.Bytes())
		if !ok {
			return
		}
		w := httptest.NewRecorder()
		h.api.ServeHTTP(w, req)
		switch w.Code {
		case http.StatusSeeOther:
			loc := w.Header().Get("Location")
			if !strings.HasPrefix(loc, "/dashboard/") || leavesDashboard(loc) != "" {
				t.Fatalf("sign-in with body %q redirects to %q", body, loc)
			}
		case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity:
			if w.Code == http.StatusBadRequest {
				return // the error page: the form could not be read
			}
			m := nextField.FindStringSubmatch(w.Body.String())
			if m == nil {
				t.Fatalf("sign-in with body %q: %d without the form's return path", body, w.Code)
			}
			if next := html.UnescapeString(m[1]); !strings.HasPrefix(next, "/dashboard/") || leavesDashboard(next) != "" {
				t.Fatalf("sign-in with body %q: the form returns to %q", body, next)
			}
		default:
			t.Fatalf("sign-in with body %q, cookie %v, Origin %q: %d %s", body, withCookie, origin, w.Code, w.Body)
		}
	})
}

// FuzzCapture sends the unauthenticated capture URL (/inspect/{token})
// any request. A live inspector's token takes every one of them (200,
// {"received": true}) and keeps it as sent: method, path, body (up to its
// limit), headers shown as valid UTF-8 and never the dashboard's own
// cookies. Any other token is a 404 in the API's error shape. Never a 5xx.
func FuzzCapture(f *testing.F) {
	h := newFuzzDash(f)
	for _, s := range []struct {
		method, path, header, cookies string
		live                          bool
		body                          string
	}{
		{"POST", "", "Content-Type: application/json", "", true, `{"type": "stamp.uploaded"}`},
		{"PUT", "/a//b/../c?x=1&x=2", "webhook-signature: v1,\xff", "a=1", true, "\x00\xff"},
		{"GET", "/%2F%2e%2e/{x}/é", "X: \ufeff", "esahayak_signin=x; a=b", true, ""},
		{"PATCH", "?q=%zz", "Cookie2: esahayak_session=1", "a=1;esahayak_session=2; b", true, "x"},
		{"DELETE", "/../../dashboard/", "", "", false, ""},
		{"POST", "x", "", "", false, "body"},
		{"0", "0", "", "", true, "0"},
		{"OPTIONS", "/", "Expect: 100-continue", "=; ;;", true, ""},
	} {
		f.Add(s.method, s.path, s.header, s.cookies, uint8(1), s.live, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, method, path, header, cookies string, sessionAt uint8, live bool, body []byte) {
		token := h.inspector.Token
		if !live {
			token = strings.Repeat("A", len(token))
		}
		if path != "" && path[0] != '/' && path[0] != '?' {
			path = "/" + path // else it would be part of the token
		}
		const session = "s3cr3t-dashboard-session"
		if strings.ContainsAny(method+path+header+cookies, "\r\n") || strings.Contains(header+cookies+path+string(body), session) {
			return
		}
		// The dashboard's session cookie among the others, as a browser
		// signed in before cookies were scoped to /dashboard sends it.
		parts := strings.Split(cookies, ";")
		at := int(sessionAt) % (len(parts) + 1)
		parts = append(parts[:at], append([]string{" " + sessionCookie + "=" + session}, parts[at:]...)...)
		var raw bytes.Buffer
		fmt.Fprintf(&raw, "%s /inspect/%s%s HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nCookie: %s\r\n", method, token, path, strings.TrimLeft(strings.Join(parts, ";"), " "))
		if name, _, ok := strings.Cut(header, ":"); ok && !strings.EqualFold(strings.TrimSpace(name), "content-length") &&
			!strings.EqualFold(strings.TrimSpace(name), "transfer-encoding") && !strings.EqualFold(strings.TrimSpace(name), "host") {
			fmt.Fprintf(&raw, "%s\r\n", header)
		}
		fmt.Fprintf(&raw, "Content-Length: %d\r\n\r\n", len(body))
		raw.Write(body)
		req, ok := readRequest(raw.Bytes())
		if !ok {
			return
		}
		w := httptest.NewRecorder()
		h.api.ServeHTTP(w, req)
		if !live {
			var e map[string]map[string]string
			if w.Code != http.StatusNotFound || json.Unmarshal(w.Body.Bytes(), &e) != nil || len(e["error"]) != 4 || e["error"]["type"] != "not_found_error" {
				t.Fatalf("%s to an unknown token: %d %s", method, w.Code, w.Body)
			}
			return
		}
		var got struct {
			Received bool
			Capture  int
		}
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &got) != nil || !got.Received {
			t.Fatalf("%s /inspect/T%s: %d %s", method, path, w.Code, w.Body)
		}
		_, captures, _ := h.d.inspectors.get(h.accountID, h.inspector.ID, time.Now())
		c := captures[0] // newest first
		if c.Seq != got.Capture || c.Method != req.Method || c.Path != "/inspect/"+token+strings.SplitN(path, "?", 2)[0] {
			t.Fatalf("capture %d: %s %q; sent %s %q", c.Seq, c.Method, c.Path, req.Method, path)
		}
		if want := body[:min(len(body), h.d.cfg.Inspector.BodyBytes)]; !bytes.Equal(c.Body, want) || c.Size != int64(len(body)) {
			t.Fatalf("capture body %q (size %d); sent %q", c.Body, c.Size, body)
		}
		for _, hd := range c.Headers {
			if !utf8.ValidString(hd.Name) || !utf8.ValidString(hd.Value) {
				t.Fatalf("capture header %q: %q is not valid UTF-8", hd.Name, hd.Value)
			}
			if strings.Contains(hd.Value, session) {
				t.Fatalf("capture shows the dashboard session in %s: %q", hd.Name, hd.Value)
			}
		}
	})
}
