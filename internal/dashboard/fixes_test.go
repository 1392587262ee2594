package dashboard_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// A form posted after the session ended is not done, and not silently:
// the sign-in page says the change was not saved, and signing in leads
// back to the page the form was on (never off the dashboard), where it
// can be made again. The post is not replayed.
func TestFormPostedAfterSessionEndedSaysSoAndLeadsBack(t *testing.T) {
	e := startEnv(t, envOptions{})
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hook")
	b := e.signedIn(t)
	token := b.csrf("/dashboard/settings/api-access")
	e.clock.Advance(13 * time.Hour) // idle past the session's end

	cases := []struct {
		name, path, referer, want string
	}{
		{"the form's page, without an earlier notice", "/dashboard/settings/webhooks",
			e.URL + "/dashboard/settings/api-access?notice=webhook_saved&new=" + ep, "/dashboard/settings/api-access?new=" + ep},
		{"an endpoint's page", "/dashboard/endpoints/" + ep + "/rotate", e.URL + "/dashboard/endpoints/" + ep + "?notice=recovered&n=3",
			"/dashboard/endpoints/" + ep},
		{"no Referer: the action's page", "/dashboard/settings/webhooks", "", "/dashboard/settings/api-access"},
		{"no Referer, a resend", "/dashboard/deliveries/dlv_00000000000000000000000000/resend", "",
			"/dashboard/deliveries/dlv_00000000000000000000000000"},
		{"no Referer, an endpoint's edit", "/dashboard/endpoints/" + ep, "", "/dashboard/endpoints/" + ep},
		{"another site's Referer", "/dashboard/endpoints/" + ep + "/recover", "https://evil.example/dashboard/orders",
			"/dashboard/endpoints/" + ep},
		{"a Referer that is an action's address", "/dashboard/endpoints/" + ep + "/rotate", e.URL + "/dashboard/endpoints/" + ep + "/secret",
			"/dashboard/endpoints/" + ep},
		{"a Referer leaving the dashboard", "/dashboard/inspector/insp_x/verify", e.URL + "/dashboard/%2e%2e/inspect/x",
			"/dashboard/inspector/insp_x"},
		{"a Referer off the dashboard", "/dashboard/settings/api-keys", e.URL + "/v1/orders", "/dashboard/settings/api-access"},
	}
	for _, c := range cases {
		b.Header.Del("Referer")
		if c.referer != "" {
			b.Header.Set("Referer", c.referer)
		}
		r := b.post(c.path, url.Values{"csrf": {token}, "url": {"http://127.0.0.1:9/other"}, "name": {"k"}})
		wantLoc := "/dashboard/signin?notice=session_ended&next=" + url.QueryEscape(c.want)
		if r.Status != http.StatusSeeOther || r.Location != wantLoc {
			t.Errorf("%s: POST %s = %d %q; want 303 to %q", c.name, c.path, r.Status, r.Location, wantLoc)
		}
	}
	b.Header.Del("Referer")

	// The sign-in page says so, and signing in (after a wrong password
	// too) goes back to the form's page.
	r := b.post("/dashboard/settings/webhooks", url.Values{"csrf": {token}, "url": {"http://127.0.0.1:9/other"}})
	page := b.get(r.Location)
	mustContain(t, page.Body, "You were signed out, so your last change was not saved. Sign in and try again.",
		`name="next" value="/dashboard/settings/api-access"`)
	signin := csrfRE.FindStringSubmatch(page.Body)[1]
	wrong := b.post("/dashboard/signin", url.Values{"csrf": {signin}, "email": {e.Email}, "password": {"wrong password!"},
		"next": {"/dashboard/settings/api-access"}, "notice": {"session_ended"}})
	mustContain(t, wrong.Body, "Incorrect email or password.", "your last change was not saved")
	signin = csrfRE.FindStringSubmatch(wrong.Body)[1]
	r = b.post("/dashboard/signin", url.Values{"csrf": {signin}, "email": {e.Email}, "password": {e.Password},
		"next": {"/dashboard/settings/api-access"}, "notice": {"session_ended"}})
	if r.Status != http.StatusSeeOther || r.Location != "/dashboard/settings/api-access" {
		t.Fatalf("sign in = %d %q", r.Status, r.Location)
	}
	// Not replayed: no endpoint, no key was made, nothing was rotated.
	eps, _, _ := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 10})
	if len(eps) != 1 || eps[0].PreviousSecret != "" {
		t.Fatalf("a post without a session changed endpoints: %+v", eps)
	}
	if keys, _ := e.Store.ListAPIKeys(context.Background(), e.AccountID); len(keys) != 1 {
		t.Fatalf("a post without a session created a key: %d keys", len(keys))
	}
	// A plain visit to the sign-in page says nothing of the kind.
	if strings.Contains(e.browser(t).get("/dashboard/signin").Body, "not saved") {
		t.Error("the sign-in page warns of a lost change without one")
	}
	// Signing out twice (a second tab) is no lost change.
	b2 := e.browser(t)
	r = b2.post("/dashboard/signout", url.Values{"csrf": {token}})
	if r.Status != http.StatusSeeOther || r.Location != "/dashboard/signin?notice=signed_out" {
		t.Fatalf("sign out without a session = %d %q", r.Status, r.Location)
	}
}

// wantContain is mustContain that lets the test go on.
func wantContain(t testing.TB, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page does not contain %q", w)
		}
	}
}

var optionRE = regexp.MustCompile(`<option value="(we_[^"]+)"[^>]*>([^<]*)</option>`)

// Endpoints whose long URLs differ only at the end can be told apart in
// every select and table; a description names its endpoint; a URL is
// never cut inside a UTF-8 character.
func TestEndpointsAreToldApart(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	const long = "http://127.0.0.1:9/services/T0000000000/B0000000000/hooks/esahayak/"
	a := createEndpoint(t, e, long+"AAAA1111")
	c := createEndpoint(t, e, long+"BBBB2222")
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": long + "CCCC3333", "description": "Billing receiver"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	d := testenv.JSON(t, body)["id"].(string)
	// A URL with many non-ASCII characters, long enough to be shortened.
	u := createEndpoint(t, e, "http://127.0.0.1:9/"+strings.Repeat("%C3%A9", 5)+"/"+strings.Repeat("é", 70)+"/end")

	for _, page := range []string{"/dashboard/deliveries", "/dashboard/monitoring", "/dashboard/", "/dashboard/monitoring?endpoint=" + a} {
		r := b.get(page)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s = %d", page, r.Status)
		}
		if !utf8.ValidString(r.Body) {
			t.Errorf("GET %s: the page is not valid UTF-8", page)
		}
		if strings.Contains(page, "monitoring") || strings.Contains(page, "deliveries") {
			labels := map[string]string{}
			for _, m := range optionRE.FindAllStringSubmatch(r.Body, -1) {
				labels[m[1]] = m[2]
			}
			seen := map[string]string{}
			for _, id := range []string{a, c, d, u} {
				l, ok := labels[id]
				if !ok {
					t.Fatalf("GET %s: no option for %s", page, id)
				}
				if other, dup := seen[l]; dup {
					t.Errorf("GET %s: endpoints %s and %s have the same option text %q", page, other, id, l)
				}
				seen[l] = id
				if n := utf8.RuneCountInString(l); n > 110 {
					t.Errorf("GET %s: option %q is %d characters", page, l, n)
				}
			}
			if !strings.HasSuffix(labels[a], "AAAA1111") || !strings.HasPrefix(labels[a], "127.0.0.1:9/") || !strings.Contains(labels[a], "…") {
				t.Errorf("GET %s: a long URL's option = %q; want its host, an ellipsis and the end of its path", page, labels[a])
			}
			if !strings.HasPrefix(labels[d], "\u2068Billing receiver\u2069 — 127.0.0.1:9/") {
				t.Errorf("GET %s: the described endpoint's option = %q", page, labels[d])
			}
		}
		if page != "/dashboard/deliveries" {
			// Tables: the full URL in the link's title.
			mustContain(t, r.Body, `title="`+long+`AAAA1111"`, `title="`+long+`BBBB2222"`)
		}
	}
}

// The "recovered" notice is worded from its count, and a count a link
// makes up (negative, huge, not a number) is not repeated.
func TestRecoveredNoticeCount(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page := "/dashboard/endpoints/" + createEndpoint(t, e, "http://127.0.0.1:9/hook")
	for n, want := range map[string]string{
		"0":           "No failed deliveries matched, so none were queued to be sent again.",
		"1":           "1 failed delivery queued to be sent again.",
		"7":           "7 failed deliveries queued to be sent again.",
		"-5":          "Failed deliveries queued to be sent again.",
		"99999999999": "Failed deliveries queued to be sent again.",
		"x":           "Failed deliveries queued to be sent again.",
	} {
		body := b.get(page + "?notice=recovered&n=" + url.QueryEscape(n)).Body
		if !strings.Contains(body, `role="status">`+want+`</p>`) {
			t.Errorf("n=%s: the notice is not %q", n, want)
		}
		if strings.Contains(body, n+" failed deliver") && n != "1" && n != "7" {
			t.Errorf("n=%s: the page repeats the count", n)
		}
	}
	// A link from elsewhere (an email: none; another site) shows no
	// success for what never happened; the redirect after the
	// dashboard's own form (same-origin) does.
	for site, shown := range map[string]bool{"none": false, "cross-site": false, "same-site": false, "same-origin": true} {
		b.Header = http.Header{"Sec-Fetch-Site": {site}}
		for _, q := range []string{"?notice=recovered&n=99999", "?notice=test_sent"} {
			body := b.get(page + q).Body
			if got := strings.Contains(body, `role="status">`); got != shown {
				t.Errorf("Sec-Fetch-Site %s, %s: notice shown %v, want %v", site, q, got, shown)
			}
		}
	}
	b.Header = nil
}

// Orders pages back to the newest, and says when its filter is not
// understood, as Deliveries does.
func TestOrdersPagingAndFilterWarning(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	for i := 0; i < 27; i++ {
		st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
		if st != 201 {
			t.Fatalf("order: %d %s", st, body)
		}
	}
	first := b.get("/dashboard/orders").Body
	if strings.Contains(first, "← Newest") {
		t.Error("the first page links to the newest")
	}
	m := regexp.MustCompile(`<a href="(/dashboard/orders\?[^"]*after=order_[^"]+)">Older orders →</a>`).FindStringSubmatch(first)
	if m == nil {
		i := strings.Index(first, `class="pager"`)
		t.Fatalf("no link to older orders:\n%.500s", first[max(i, 0):])
	}
	second := b.get(strings.ReplaceAll(m[1], "&amp;", "&")).Body
	wantContain(t, second, `<a href="/dashboard/orders">← Newest</a>`)
	if strings.Contains(second, "Older orders") {
		t.Error("the last page links to older orders")
	}
	// The filter is kept in both links.
	filtered := b.get("/dashboard/orders?status=PROCESSING").Body
	if !regexp.MustCompile(`<a href="/dashboard/orders\?[^"]*status=PROCESSING[^"]*">Older orders →</a>`).MatchString(filtered) ||
		strings.Contains(filtered, "was not understood") {
		t.Errorf("a status filter is not kept in the pager, or is called not understood")
	}
	for _, q := range []string{"?status=bogus", "?after=nonsense"} {
		r := b.get("/dashboard/orders" + q)
		if r.Status != http.StatusOK {
			t.Fatalf("GET orders%s = %d", q, r.Status)
		}
		wantContain(t, r.Body, `<p class="flash flash-warn">`)
	}
	wantContain(t, b.get("/dashboard/orders?status=bogus").Body, "The status filter was not understood and is ignored.")
	// Any ASCII case, as the API takes it: the filter is kept, in its own case.
	lower := b.get("/dashboard/orders?status=processing").Body
	if strings.Contains(lower, "was not understood") || !regexp.MustCompile(`<a href="/dashboard/orders\?[^"]*status=PROCESSING[^"]*">Older orders →</a>`).MatchString(lower) {
		t.Errorf("?status=processing is not taken as PROCESSING")
	}
}

// heldReceiver answers each request only when the test releases it, so
// that the test sees a delivery while its first attempt is under way.
type heldReceiver struct {
	*httptest.Server
	arrived chan struct{}
	release chan struct{}
}

func newHeldReceiver(t *testing.T) *heldReceiver {
	h := &heldReceiver{arrived: make(chan struct{}, 10), release: make(chan struct{})}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		h.arrived <- struct{}{}
		select {
		case <-h.release:
		case <-r.Context().Done():
		}
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(func() {
		close(h.release)
		h.Close()
	})
	return h
}

// The dashboard's own words for the API's refusals and for failed
// attempts, never the API's advice to programs; and a delivery not yet
// attempted shows no attempt time.
func TestDashboardWording(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1h"}})
	hr := newHeldReceiver(t)
	b := e.signedIn(t)
	ep := createEndpoint(t, e, hr.URL+"/hook")
	page := "/dashboard/endpoints/" + ep
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, nil)
	if st != 202 {
		t.Fatalf("test event: %d %s", st, body)
	}
	id := testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string)
	select {
	case <-hr.arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the first attempt did not reach the receiver")
	}

	// Under way: never attempted so far, so no attempt time in its row.
	row := regexp.MustCompile(`(?s)<tr data-delivery-id="` + id + `".*?</tr>`)
	for _, p := range []string{"/dashboard/deliveries", "/dashboard/", page} {
		r := row.FindString(b.get(p).Body)
		if r == "" {
			t.Fatalf("GET %s: no row for %s", p, id)
		}
		if strings.Contains(r, "<time") || !strings.Contains(r, "not yet") || !strings.Contains(r, `data-updated="`) {
			t.Errorf("GET %s: the row of a delivery never attempted shows a time, or lost data-updated:\n%s", p, r)
		}
	}
	// Resend while it is under way.
	dpage := "/dashboard/deliveries/" + id
	r := b.postForm(dpage, dpage+"/resend", nil)
	if r.Status != http.StatusConflict {
		t.Fatalf("resend during the attempt = %d %.300s", r.Status, r.Body)
	}
	wantContain(t, r.Body, "This delivery is being sent right now (or is about to be), so it was not queued again.")
	if strings.Contains(r.Body, "in progress or queued") {
		t.Error("the resend's refusal is the API's message")
	}

	hr.release <- struct{}{}
	testenv.Eventually(t, 10*time.Second, "the attempt to be recorded", func() bool {
		d, _ := e.Store.GetDelivery(context.Background(), e.AccountID, id)
		return d.Attempts == 1
	})
	// A failed attempt says what happened in words.
	d := b.get(dpage).Body
	wantContain(t, d, "Your endpoint answered 500 Internal Server Error. Only a 2xx status counts as delivered.")
	for _, api := range []string{"a 2xx status is required", "http_status"} {
		if strings.Contains(d, api) {
			t.Errorf("the delivery page shows the API's %q", api)
		}
	}
	if r := row.FindString(b.get("/dashboard/deliveries").Body); !strings.Contains(r, "<time") || strings.Contains(r, "not yet") {
		t.Errorf("the row of an attempted delivery shows no time:\n%s", r)
	}

	// A disabled endpoint: test event (form and script) and recovery.
	if r := b.postForm(page, page+"/status", url.Values{"status": {"disabled"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("disable = %d", r.Status)
	}
	r = b.postForm(page, page+"/test", url.Values{"type": {"stamp.uploaded"}})
	if r.Status != http.StatusConflict {
		t.Fatalf("test on disabled = %d", r.Status)
	}
	wantContain(t, r.Body, "This endpoint is disabled. Enable it to send a test event.")
	b.Header.Set("Accept", "application/json")
	r = b.postForm(page, page+"/test", url.Values{"type": {"stamp.uploaded"}})
	b.Header.Del("Accept")
	var res struct{ Message string }
	if json.Unmarshal([]byte(r.Body), &res); res.Message != "This endpoint is disabled. Enable it to send a test event." {
		t.Errorf("async test on disabled = %d %q", r.Status, res.Message)
	}
	r = b.postForm(page, page+"/recover", url.Values{"since": {time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04")}})
	if r.Status != http.StatusConflict {
		t.Fatalf("recover on disabled = %d", r.Status)
	}
	wantContain(t, r.Body, "This endpoint is disabled. Enable it to send its failed deliveries again.")
	for _, body := range []string{r.Body} {
		if strings.Contains(body, "PATCH") || strings.Contains(body, "enable it first") {
			t.Error("a refusal gives the API's advice")
		}
	}
}

// TestStalled2xxSaysWhyItFailed: a receiver that sends 200 and its
// headers, then stalls its body past the attempt timeout, fails the
// attempt; the delivery's "Last response" shows the 200 and why it still
// failed, not a bare "200 OK".
func TestStalled2xxSaysWhyItFailed(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1h", AttemptTimeout: 500 * time.Millisecond}})
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		w.Write([]byte("partial"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}))
	defer rcv.Close()
	b := e.signedIn(t)
	ep := createEndpoint(t, e, rcv.URL+"/hook")
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, nil)
	if st != 202 {
		t.Fatalf("test event: %d %s", st, body)
	}
	id := testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string)
	testenv.Eventually(t, 10*time.Second, "the attempt to be recorded", func() bool {
		d, _ := e.Store.GetDelivery(context.Background(), e.AccountID, id)
		return d.Attempts == 1
	})
	page := b.get("/dashboard/deliveries/" + id).Body
	last := regexp.MustCompile(`(?s)<dt>Last response</dt><dd>(.*?)</dd>`).FindStringSubmatch(page)
	if last == nil || !strings.Contains(last[1], "200") || !strings.Contains(last[1], "·") {
		t.Fatalf("Last response of a 200 whose body stalled: %q; want the status and why the attempt failed", last)
	}
}
