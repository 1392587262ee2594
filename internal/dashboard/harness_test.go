package dashboard_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// env is a running server (API, delivery engine and dashboard on
// loopback), a dashboard user, and a clock the test can move.
type env struct {
	*testenv.Server
	Dash     *dashboard.Dashboard
	Email    string
	Password string
	clock    *clock
}

const testPassword = "correct horse battery"

type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

type envOptions struct {
	testenv.Options
	Store     store.Store // default: a fresh SQLite file
	Inspector dashboard.InspectorLimits
	// RecoverMissedFor is the dashboard's (0: its default).
	RecoverMissedFor time.Duration
	// StreamHeartbeat is the dashboard's (0: its default).
	StreamHeartbeat time.Duration
}

func startEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	st := o.Store
	if st == nil {
		st = testenv.SQLite(t)
	}
	srv := testenv.Start(t, st, o.Options)
	c := &clock{}
	d, err := dashboard.New(dashboard.Config{
		AllowInsecureURLs: !o.Secure, AttemptTimeout: o.AttemptTimeout, Inspector: o.Inspector, Now: c.Now,
		RecoverMissedFor: o.RecoverMissedFor, StreamHeartbeat: o.StreamHeartbeat,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, st, srv.API, srv.Engine)
	if err != nil {
		t.Fatal(err)
	}
	d.Mount(srv.API)
	e := &env{Server: srv, Dash: d, clock: c, Email: "dev@example.com", Password: testPassword}
	if _, err := dashboard.CreateUser(context.Background(), st, srv.AccountID, e.Email, e.Password, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	return e
}

// browser is a minimal cookie-keeping HTTP client. net/http/cookiejar
// would not send back Secure cookies over http://127.0.0.1, which the
// dashboard sets there on purpose (browsers treat loopback as secure).
type browser struct {
	t       testing.TB
	base    string
	cookies map[string]*http.Cookie
	client  *http.Client
	// Header is added to every request.
	Header http.Header
}

func (e *env) browser(t testing.TB) *browser {
	return &browser{t: t, base: e.URL, cookies: map[string]*http.Cookie{}, Header: http.Header{},
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type response struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
	Cookies  []*http.Cookie
}

func (b *browser) do(method, path string, form url.Values) response {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.Header {
		req.Header[k] = v
	}
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return response{Status: resp.StatusCode, Body: string(out), Location: resp.Header.Get("Location"), Header: resp.Header, Cookies: resp.Cookies()}
}

func (b *browser) get(path string) response { b.t.Helper(); return b.do(http.MethodGet, path, nil) }

func (b *browser) post(path string, form url.Values) response {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return b.do(http.MethodPost, path, form)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf returns the CSRF token of the forms of the page at path.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	r := b.get(path)
	m := csrfRE.FindStringSubmatch(r.Body)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s (%d): %.300s", path, r.Status, r.Body)
	}
	return m[1]
}

// postForm posts form with the page's CSRF token, as a browser would.
func (b *browser) postForm(page, path string, form url.Values) response {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", b.csrf(page))
	return b.post(path, form)
}

func (b *browser) signIn(email, password string) response {
	b.t.Helper()
	token := b.csrf("/dashboard/signin")
	return b.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {email}, "password": {password}})
}

// signedIn returns a browser signed in as the env's user.
func (e *env) signedIn(t testing.TB) *browser {
	t.Helper()
	b := e.browser(t)
	if r := b.signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("sign in: %d %.500s", r.Status, r.Body)
	}
	return b
}

// signedInTab is a new browser tab signed in to e's dashboard as the
// env's user, by typing the email and password on the sign-in page and
// pressing Enter, as a person does.
func signedInTab(t *testing.T, e *env) *tab {
	t.Helper()
	tb := newTab(t)
	tb.do("sign in", chromedp.Navigate(e.URL+"/dashboard/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	return tb
}

// receiver is a local webhook endpoint whose answers the test controls.
type receiver struct {
	*httptest.Server
	failing  atomic.Bool
	received atomic.Int64
	hold     atomic.Int64 // how long to hold each request before answering, in nanoseconds
}

func newReceiver(t testing.TB) *receiver {
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		rc.received.Add(1)
		if d := time.Duration(rc.hold.Load()); d > 0 {
			time.Sleep(d)
		}
		w.Header().Set("Content-Type", "application/json")
		if rc.failing.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"error": "maintenance"}`)
			return
		}
		io.WriteString(w, `{"received": true}`)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func mustContain(t testing.TB, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Fatalf("page does not contain %q:\n%.3000s", w, body)
		}
	}
}

func dashboardCreateUser(st store.Store, account, email, password string) (store.User, error) {
	return dashboard.CreateUser(context.Background(), st, account, email, password, time.Now().UTC())
}

// Cookies are the cookies the browser holds, for a request it does not send.
func (b *browser) Cookies() []*http.Cookie {
	var out []*http.Cookie
	for _, c := range b.cookies {
		out = append(out, c)
	}
	return out
}

// execBehindServer runs query on the test's PostgreSQL schema over a
// connection of its own, as an operator, a script or the retention would
// change the database behind the server's back.
func execBehindServer(t *testing.T, schema, query string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, testenv.PostgresURL(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
