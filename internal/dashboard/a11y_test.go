package dashboard_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// Accessibility of the pages as served (WCAG basics a screen reader or a
// low-vision reader relies on); the browser side is in browser_a11y_test.go.

var titleRE = regexp.MustCompile(`<title>([^<]*)</title>`)

func pageTitle(t *testing.T, body string) string {
	t.Helper()
	m := titleRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no <title> in %.300s", body)
	}
	return m[1]
}

// Two deliveries of one event type, or two inspectors, have titles of
// their own: tabs, bookmarks and the history tell them apart.
func TestPageTitlesNameTheirObject(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	first, second := sendTestEvent(t, e, ep), sendTestEvent(t, e, ep)
	b := e.signedIn(t)
	one, two := pageTitle(t, b.get("/dashboard/deliveries/"+first).Body), pageTitle(t, b.get("/dashboard/deliveries/"+second).Body)
	if one == two {
		t.Errorf("two deliveries share the title %q", one)
	}
	wantContain(t, one, first)
	inspector, _ := newInspector(t, e, b)
	other, _ := newInspector(t, e, b)
	wantContain(t, pageTitle(t, b.get(inspector).Body), inspector[len("/dashboard/inspector/"):])
	wantContain(t, pageTitle(t, b.get(other).Body), other[len("/dashboard/inspector/"):])
}

var (
	tableRE   = regexp.MustCompile(`<table\b[^>]*>\s*(<caption\b[^>]*>([^<]*)</caption>)?`)
	labelByRE = regexp.MustCompile(`aria-labelledby="([^"]+)"`)
)

// tableNames returns the accessible name of each table of body: its
// caption, or the text of the element its aria-labelledby names.
func tableNames(t *testing.T, body string) []string {
	t.Helper()
	var names []string
	for _, m := range tableRE.FindAllStringSubmatch(body, -1) {
		name := strings.TrimSpace(m[2])
		if l := labelByRE.FindStringSubmatch(m[0]); l != nil && name == "" {
			h := regexp.MustCompile(`id="` + regexp.QuoteMeta(l[1]) + `"[^>]*>(.*?)</h\d>`).FindStringSubmatch(body)
			if h != nil {
				name = strings.TrimSpace(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(h[1], ""))
			}
		}
		names = append(names, name)
	}
	return names
}

// Every data table has a name (a caption, or its section's heading), so
// that a screen reader's list of tables says which is which.
func TestEveryTableHasAName(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1m"}})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	rc.failing.Store(true) // an attempt with response headers
	dl := testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
	st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	if st != 201 {
		t.Fatalf("order: %d %s", st, body)
	}
	orderID := testenv.JSON(t, body)["id"].(string)
	b := e.signedIn(t)
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"ci"}}); r.Status != http.StatusOK {
		t.Fatalf("create key = %d", r.Status)
	}
	inspector, captureURL := newInspector(t, e, b)
	if st, body := send(t, "POST", captureURL+"/x", "{}", nil); st >= 300 {
		t.Fatalf("capture: %d %s", st, body)
	}
	for page, want := range map[string][]string{
		"/dashboard/":                    {"Endpoints", "Deliveries, newest first"},
		"/dashboard/settings/api-access": {"API keys", "Your endpoints"},
		"/dashboard/monitoring":          {"All endpoints"},
		"/dashboard/orders":              {"Orders, newest first"},
		"/dashboard/orders/" + orderID:   {"Events"},
		"/dashboard/inspector":           {"Your inspectors"},
		inspector:                        {"Headers of request #1"},
		"/dashboard/deliveries/" + dl:    {"Request headers of attempt 1", "Response headers of attempt 1"},
		"/dashboard/endpoints/" + ep:     {"Deliveries, newest first"},
		"/dashboard/deliveries":          {"Deliveries, newest first"},
	} {
		r := b.get(page)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s = %d", page, r.Status)
		}
		got := tableNames(t, r.Body)
		for _, n := range got {
			if n == "" {
				t.Errorf("%s: a table without a caption or aria-labelledby (names: %q)", page, got)
			}
		}
		for _, w := range want {
			if !slices.ContainsFunc(got, func(n string) bool { return strings.HasPrefix(n, w) }) {
				t.Errorf("%s: no table named %q (names: %q)", page, w, got)
			}
		}
	}
}

var inputRE = regexp.MustCompile(`<input id="(email|password)"[^>]*>`)

// A wrong sign-in is tied to the fields: both are described by the
// message, and the password (the field to type again) is marked invalid.
func TestWrongSignInIsTiedToTheFields(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.browser(t)
	r := b.signIn(e.Email, "not my password")
	if r.Status != http.StatusUnauthorized {
		t.Fatalf("wrong password = %d", r.Status)
	}
	mustContain(t, r.Body, `<p class="flash flash-error" role="alert" id="signin-error">Incorrect email or password.</p>`)
	fields := map[string]string{}
	for _, m := range inputRE.FindAllStringSubmatch(r.Body, -1) {
		fields[m[1]] = m[0]
	}
	for _, id := range []string{"email", "password"} {
		if !strings.Contains(fields[id], `aria-describedby="signin-error"`) {
			t.Errorf("#%s is not described by the message: %s", id, fields[id])
		}
	}
	if !strings.Contains(fields["password"], `aria-invalid="true"`) {
		t.Errorf("the password field is not marked invalid: %s", fields["password"])
	}
	if strings.Contains(fields["email"], `aria-invalid`) {
		t.Errorf("the email field is marked invalid (it may be right): %s", fields["email"])
	}
	// The sign-in page before any attempt: nothing to describe.
	if body := b.get("/dashboard/signin").Body; strings.Contains(body, "signin-error") || strings.Contains(body, "aria-invalid") {
		t.Errorf("a fresh sign-in page refers to an error: %s", inputRE.FindAllString(body, -1))
	}
}

// chartMarkRE finds the colours app.css gives the charts' marks (lines,
// dots, bars and zero ticks) per series.
var chartMarkRE = regexp.MustCompile(`(\.chart-(?:good|info|bad|warn) [^{]*)\{\s*(?:stroke|fill):\s*#([0-9a-fA-F]{6})`)

// The charts' marks are 3:1 or more against the white card (WCAG 1.4.11):
// the retry attempts' amber bars were 2.45:1.
func TestChartColoursContrast(t *testing.T) {
	css, err := os.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	marks := chartMarkRE.FindAllStringSubmatch(string(css), -1)
	if len(marks) < 8 {
		t.Fatalf("found %d chart colours in app.css; want a stroke and a fill for each of the 4 series", len(marks))
	}
	for _, m := range marks {
		rgb, _ := strconv.ParseUint(m[2], 16, 32)
		if c := contrast(t, fmt.Sprintf("rgb(%d, %d, %d)", rgb>>16, rgb>>8&0xff, rgb&0xff)); c < 3 {
			t.Errorf("%s#%s: %.2f:1 against white; want 3:1 or more", strings.TrimSpace(m[1]), m[2], c)
		}
	}
}

var chartTableRE = regexp.MustCompile(`(?s)<details class="chart-table"[^>]*><summary>Show as table<span class="sr-only">: ([^<]+)</span></summary>(.*?)</details>`)

// Each chart has its values as a table, one row per interval: the drawing
// says only the latest to a screen reader, the rest only on hover.
func TestChartsHaveTheirValuesAsATable(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	sendTestEvent(t, e, ep)
	b := e.signedIn(t)
	body := b.get("/dashboard/monitoring?window=1h&endpoint=" + ep).Body
	tables := chartTableRE.FindAllStringSubmatch(body, -1)
	if len(tables) != 4 {
		t.Fatalf("%d chart tables; want one per chart (4)", len(tables))
	}
	want := map[string]string{"Delivery success rate": "100%", "Error rate": "0%", "Retry attempts": "0"}
	for _, tb := range tables {
		title, table := tb[1], tb[2]
		if n := strings.Count(table, `<tr><th scope="row">`); n != 30 {
			t.Errorf("%s: %d rows; want one per 2-minute interval of the hour (30)", title, n)
		}
		if strings.Count(table, ">no attempts<") != 29 {
			t.Errorf("%s: want 29 intervals without attempts:\n%s", title, table)
		}
		if v, ok := want[title]; ok && !strings.Contains(table, `<td class="num">`+v+`</td>`) {
			t.Errorf("%s: the interval with the attempt is not %s:\n%s", title, v, table)
		}
	}
}

// A refused field's message is said when the page comes back (role
// "alert"), for every field: the description's and the key name's were
// read only once their field had the focus.
func TestEveryFieldErrorIsAnAlert(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	b := e.signedIn(t)
	long := strings.Repeat("d", 501)
	for _, c := range []struct{ page, path, id string }{
		{"/dashboard/settings/api-access", "/dashboard/settings/api-keys", "key-error"},
		{"/dashboard/settings/api-access", "/dashboard/settings/webhooks", "description-error"},
		{"/dashboard/endpoints/" + ep, "/dashboard/endpoints/" + ep, "description-error"},
	} {
		form := url.Values{"name": {long}, "description": {long}, "url": {rc.URL + "/other"}, "events": {"stamp.uploaded"}}
		r := b.postForm(c.page, c.path, form)
		if !strings.Contains(r.Body, `id="`+c.id+`"`) {
			t.Errorf("POST %s (%d): no #%s in %.400s", c.path, r.Status, c.id, r.Body)
			continue
		}
		mustContain(t, r.Body, `id="`+c.id+`" role="alert"`)
	}
}

// TestDescriptionRefusalSaysWhy: the API refuses a description for its
// length and, since the thirty-second round, for a control or bidi
// character (a tab, a U+200F pasted with right-to-left text); the page
// said "Shorten the description to 500 characters or fewer." for both, so
// a 12-character description was refused as too long. Each refusal says
// its own reason, on the settings form and the endpoint's page.
func TestDescriptionRefusalSaysWhy(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	b := e.signedIn(t)
	for _, c := range []struct{ page, path string }{
		{"/dashboard/settings/api-access", "/dashboard/settings/webhooks"},
		{"/dashboard/endpoints/" + ep, "/dashboard/endpoints/" + ep},
	} {
		for _, d := range []struct{ description, want string }{
			{"Billing\tteam", "The description must not contain control or bidirectional formatting characters (U+0009 at character 8); remove it."},
			{"Billing\u200fteam", "The description must not contain control or bidirectional formatting characters (U+200F at character 8); remove it."},
			{strings.Repeat("d", 501), "The description must be at most 500 characters (this one has 501); shorten it."},
		} {
			form := url.Values{"description": {d.description}, "url": {rc.URL + "/other"}, "events": {"stamp.uploaded"}}
			r := b.postForm(c.page, c.path, form)
			if r.Status != http.StatusUnprocessableEntity {
				t.Errorf("POST %s with description %q: %d, want 422", c.path, d.description, r.Status)
				continue
			}
			// html/template writes U+ as U&#43;.
			mustContain(t, r.Body, `<p class="field-error" id="description-error" role="alert">`+strings.ReplaceAll(d.want, "+", "&#43;")+`</p>`)
		}
	}
}

// Each captured request is a heading that names it, and its sections say
// whose they are: the captures had no heading, so a screen reader could
// not move from one to the next by heading, and its list of controls read
// "Headers (3)", "Body", "Headers (3)", "Body"… for up to 100 requests.
func TestEachCaptureIsAHeading(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)
	for _, p := range []string{"/orders", "/refunds"} {
		if st, body := send(t, "POST", captureURL+p, "{}", nil); st >= 300 {
			t.Fatalf("capture: %d %s", st, body)
		}
	}
	body := b.get(page).Body
	for n, p := range map[string]string{"1": "/orders", "2": "/refunds"} {
		article := regexp.MustCompile(`(?s)<article class="capture" id="capture-` + n + `".*?</article>`).FindString(body)
		if article == "" {
			t.Fatalf("no capture %s on the page", n)
		}
		mustContain(t, article, `aria-labelledby="capture-`+n+`-title"`)
		h3 := regexp.MustCompile(`(?s)<h3[^>]* id="capture-` + n + `-title">(.*?)</h3>`).FindStringSubmatch(article)
		if h3 == nil {
			t.Fatalf("capture %s has no heading:\n%s", n, article)
		}
		if got := strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(h3[1], "")), " "); !strings.HasPrefix(got, "Request #"+n+": POST /inspect/") || !strings.HasSuffix(got, p) {
			t.Errorf("capture %s's heading reads %q", n, got)
		}
		for _, section := range []string{"Headers (", "Body"} {
			summary := regexp.MustCompile(`(?s)<summary>` + regexp.QuoteMeta(section) + `.*?</summary>`).FindString(article)
			if !strings.Contains(summary, "of request #"+n) {
				t.Errorf("capture %s's %q section is named %q", n, section, summary)
			}
		}
	}
}
