package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// With JavaScript off there is no confirm() dialog: a destructive button
// posts its form at the first click. The server asks instead: the post
// without confirmed=1 answers with the question and a form that posts
// again with it (and the session's token); only that second post acts.
func TestDestructiveActionsAskFirstWithoutJavaScript(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ctx := context.Background()
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/ok")
	page := "/dashboard/endpoints/" + ep
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"ci server"}}); r.Status != http.StatusOK {
		t.Fatalf("create key = %d", r.Status)
	}
	var keyID string
	keys, _ := e.Store.ListAPIKeys(ctx, e.AccountID)
	for _, k := range keys {
		if k.Name == "ci server" {
			keyID = k.ID
		}
	}
	inspector, _ := newInspector(t, e, b)

	// ask posts the form as a page without script does, and checks that
	// the answer asks, and that its form would confirm. action is as the
	// form has it: a #section in it stays in the browser.
	ask := func(from, action string, wants ...string) {
		t.Helper()
		r := b.postForm(from, action, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("POST %s without confirmed = %d %.300s", action, r.Status, r.Body)
		}
		mustContain(t, r.Body, append(wants, `data-confirmation`, `action="`+action+`"`, `name="confirmed" value="1"`,
			`name="csrf" value="`+b.csrf(from)+`"`, "This cannot be undone", ">Cancel</a>")...)
	}
	before, _ := e.Store.GetEndpoint(ctx, e.AccountID, ep)

	ask(page, page+"/rotate#secret-answer", `Rotate the signing secret of <bdi dir="ltr">127.0.0.1:9/hooks/ok</bdi>?`, ">Rotate secret</button>")
	ask(page, page+"/delete", `Delete the endpoint <bdi dir="ltr">127.0.0.1:9/hooks/ok</bdi>?`, ">Delete endpoint</button>")
	ask("/dashboard/settings/api-access", "/dashboard/settings/api-keys/"+keyID+"/revoke", "Revoke the API key “ci server”", ">Revoke key</button>")
	ask(inspector, inspector+"/delete", "Delete this inspector?", ">Delete inspector</button>")

	// Nothing happened.
	after, err := e.Store.GetEndpoint(ctx, e.AccountID, ep)
	if err != nil || after.Secret != before.Secret {
		t.Fatalf("asking changed the endpoint: %v, secret rotated: %v", err, after.Secret != before.Secret)
	}
	keys, _ = e.Store.ListAPIKeys(ctx, e.AccountID)
	for _, k := range keys {
		if k.ID == keyID && k.RevokedAt != nil {
			t.Fatal("asking revoked the key")
		}
	}
	if r := b.get(inspector); r.Status != http.StatusOK {
		t.Fatalf("asking deleted the inspector: %d", r.Status)
	}

	// Confirmed (the confirmation page's form, or the script after confirm()): done.
	yes := func() url.Values { return url.Values{"confirmed": {"1"}} }
	if r := b.postForm(page, page+"/rotate", yes()); r.Status != http.StatusOK || !strings.Contains(r.Body, "Secret rotated.") {
		t.Fatalf("confirmed rotate = %d", r.Status)
	}
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys/"+keyID+"/revoke", yes()); r.Status != http.StatusSeeOther {
		t.Fatalf("confirmed revoke = %d", r.Status)
	}
	if r := b.postForm(inspector, inspector+"/delete", yes()); r.Status != http.StatusSeeOther {
		t.Fatalf("confirmed inspector delete = %d", r.Status)
	}
	if r := b.postForm(page, page+"/delete", yes()); r.Status != http.StatusSeeOther {
		t.Fatalf("confirmed delete = %d", r.Status)
	}
	if _, err := e.Store.GetEndpoint(ctx, e.AccountID, ep); err == nil {
		t.Fatal("the confirmed delete left the endpoint")
	}
	keys, _ = e.Store.ListAPIKeys(ctx, e.AccountID)
	for _, k := range keys {
		if k.ID == keyID && k.RevokedAt == nil {
			t.Fatal("the confirmed revoke left the key active")
		}
	}
	// A revoked key is not offered for revoking again (a stale tab): the
	// answer says it is revoked already, with no question.
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys/"+keyID+"/revoke", url.Values{}); r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "notice=key_revoked_already") {
		t.Fatalf("revoking the revoked key again = %d %q; want the key_revoked_already notice at once, not a question", r.Status, r.Location)
	}
}

// Copy buttons need the script: rendered hidden, it shows them.
func TestCopyButtonsAreHiddenWithoutJavaScript(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hook")
	page := "/dashboard/endpoints/" + ep
	inspector, _ := newInspector(t, e, b)
	key := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"k"}}).Body
	copyButton := regexp.MustCompile(`<button[^>]*data-copy=[^>]*>`)
	for name, body := range map[string]string{"secret": b.postForm(page, page+"/secret", nil).Body, "inspector": b.get(inspector).Body, "new key": key} {
		buttons := copyButton.FindAllString(body, -1)
		if len(buttons) == 0 {
			t.Fatalf("%s: no Copy button", name)
		}
		for _, btn := range buttons {
			if !strings.Contains(btn, " hidden") {
				t.Errorf("%s: Copy button shown without JavaScript: %s", name, btn)
			}
		}
	}
}

// Form errors in the dashboard's words, next to the field they are about
// (and only then), the field focused; a URL that is another endpoint's
// links to that endpoint.
func TestFormErrorsInDashboardWords(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	settings := "/dashboard/settings/api-access"
	save := func(form url.Values) response {
		t.Helper()
		return b.postForm(settings, "/dashboard/settings/webhooks", form)
	}

	r := save(url.Values{"url": {""}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("empty URL = %d", r.Status)
	}
	mustContain(t, r.Body, `<p class="field-error" id="url-error" role="alert">Enter the URL of your endpoint.</p>`)
	if !regexp.MustCompile(`<input id="webhook-url"[^>]*aria-invalid="true"[^>]*autofocus`).MatchString(r.Body) {
		t.Error("the refused URL field is not focused on load")
	}
	if strings.Contains(r.Body, "url is required") {
		t.Error("the page shows the API's wording")
	}

	r = save(url.Values{"url": {"http://127.0.0.1:9/two"}, "events_shown": {"1"}})
	mustContain(t, r.Body, `<p class="field-error" id="events-error" role="alert">Choose at least one event type.</p>`, `data-invalid`)
	if !regexp.MustCompile(`<input type="checkbox" name="events" value="stamp.uploaded"[^>]*autofocus`).MatchString(r.Body) {
		t.Error("refused event types: the first checkbox is not focused on load")
	}

	r = save(url.Values{"url": {"not a url"}})
	mustContain(t, r.Body, "The URL must be an absolute URL such as https://your-domain.com/webhooks/esahayak.")

	ep := createEndpoint(t, e, "http://127.0.0.1:9/hook")
	r = save(url.Values{"url": {"http://127.0.0.1:9/hook"}})
	mustContain(t, r.Body, `change its event types on <a href="/dashboard/endpoints/`+ep+`">its page</a>.`)
	// And from another endpoint's settings.
	other := createEndpoint(t, e, "http://127.0.0.1:9/other")
	r = b.postForm("/dashboard/endpoints/"+other, "/dashboard/endpoints/"+other, url.Values{"url": {"http://127.0.0.1:9/hook"}})
	mustContain(t, r.Body, `<a href="/dashboard/endpoints/`+ep+`">its page</a>`)

	// Recover on a disabled endpoint: refused for the endpoint's state,
	// said above the form; the date, which is fine, is not marked.
	page := "/dashboard/endpoints/" + ep
	if r := b.postForm(page, page+"/status", url.Values{"status": {store.EndpointDisabled}}); r.Status != http.StatusSeeOther {
		t.Fatalf("disable = %d", r.Status)
	}
	r = b.postForm(page, page+"/recover", url.Values{"since": {"2026-01-15T10:30"}})
	mustContain(t, r.Body, `<p class="flash flash-error" role="alert" data-form-error>This endpoint is disabled. Enable it to send its failed deliveries again.</p>`)
	recoverField := regexp.MustCompile(`<input id="recover-since"[^>]*>`).FindString(r.Body)
	if strings.Contains(recoverField, "aria-invalid") {
		t.Errorf("a refusal about the endpoint marks the date field: %s", recoverField)
	}
	// A date that is not one is the field's.
	r = b.postForm(page, page+"/recover", url.Values{"since": {"yesterday"}})
	recoverField = regexp.MustCompile(`<input id="recover-since"[^>]*>`).FindString(r.Body)
	if !strings.Contains(recoverField, `aria-invalid="true"`) || !strings.Contains(r.Body, `id="recover-error"`) {
		t.Errorf("a bad date is not marked on its field: %s", recoverField)
	}
}

// A signed capture with no endpoint chosen points to the control that
// chooses one, which is above the captures.
func TestInspectorUnverifiedSaysWhereToChoose(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)
	if st, _ := send(t, http.MethodPost, captureURL, "{}", http.Header{"Webhook-Signature": {"v1,c2lnbmF0dXJl"}}); st != 200 {
		t.Fatalf("capture = %d", st)
	}
	body := b.get(page).Body
	mustContain(t, body, "Signed. Choose an endpoint above, under Signature check, to check the signature against its secret.")
	if strings.Contains(body, "endpoint below") {
		t.Error("the verdict still says below")
	}
}

// Tables mark where a URL may wrap: after its slashes.
func TestURLsWrapAfterSlashes(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/ok")
	mustContain(t, b.get("/dashboard/settings/api-access").Body, `>http://<wbr aria-hidden="true">127.0.0.1:9/<wbr aria-hidden="true">hooks/<wbr aria-hidden="true">ok</a>`)
	// The endpoint page's head line: each separator joined to what follows it.
	mustContain(t, b.get("/dashboard/endpoints/"+ep).Body, `<span class="meta-item">·&nbsp;<a href="/dashboard/deliveries?endpoint=`+ep+`">Deliveries</a></span>`)
}

// The settings page tells customers the time the server really gives
// them to answer (--attempt-timeout), not always the guide's 10 seconds.
func TestSettingsSayTheAttemptTimeout(t *testing.T) {
	for _, tc := range []struct {
		timeout time.Duration
		want    string
	}{{0, "within 10 seconds."}, {3 * time.Second, "within 3 seconds."}, {1500 * time.Millisecond, "within 1.5s."}} {
		e := startEnv(t, envOptions{Options: testenv.Options{AttemptTimeout: tc.timeout}})
		page := e.signedIn(t).get("/dashboard/settings/api-access").Body
		if !strings.Contains(page, "answer with a 2xx status "+tc.want) {
			t.Errorf("with --attempt-timeout %s the settings page lacks %q", tc.timeout, tc.want)
		}
	}
}

// An endpoint whose URL was stored before invisible characters were
// refused can still be edited: its unchanged URL is not sent again (it
// would be refused), and the page shows it percent-encoded.
func TestEditEndpointWithAnOldInvisibleCharacter(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/ab")
	old := "http://127.0.0.1:9/hooks/a\u200bb"
	if _, err := e.Store.UpdateEndpoint(context.Background(), e.AccountID, ep, func(x *store.Endpoint) error {
		x.URL = old
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	page := "/dashboard/endpoints/" + ep
	if r := b.get(page); !strings.Contains(r.Body, "a%E2%80%8Bb") || strings.Contains(r.Body, "a\u200bb</h1>") {
		t.Errorf("the page does not show the zero-width space percent-encoded in its heading")
	}
	r := b.postForm(page, page, url.Values{"url": {old}, "description": {"billing"}, "events": {"stamp.uploaded"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("edit of the description: %d %.300s", r.Status, r.Body)
	}
	got, err := e.Store.GetEndpoint(context.Background(), e.AccountID, ep)
	if err != nil || got.Description != "billing" || got.URL != old {
		t.Fatalf("after the edit: %+v, %v", got, err)
	}
	// The form shows it percent-encoded; posted back as shown, it is the
	// URL unchanged (the same address), not a new one.
	if r := b.get(page); !strings.Contains(r.Body, `value="http://127.0.0.1:9/hooks/a%E2%80%8Bb"`) {
		t.Errorf("the edit field does not show the URL percent-encoded")
	}
	r = b.postForm(page, page, url.Values{"url": {"http://127.0.0.1:9/hooks/a%E2%80%8Bb"}, "description": {"billing 2"}, "events": {"stamp.uploaded"}})
	if got, _ := e.Store.GetEndpoint(context.Background(), e.AccountID, ep); r.Status != http.StatusSeeOther || got.URL != old || got.Description != "billing 2" {
		t.Fatalf("saving the form as shown: %d, stored %q %q", r.Status, got.URL, got.Description)
	}
	// A URL that the duplicate check takes for the same place is still a
	// change to save: a receiver sees /old/../hooks, not /hooks.
	b.postForm(page, page, url.Values{"url": {"http://127.0.0.1:9/old/../hooks"}, "events": {"stamp.uploaded"}})
	r = b.postForm(page, page, url.Values{"url": {"http://127.0.0.1:9/hooks"}, "events": {"stamp.uploaded"}})
	if got, _ := e.Store.GetEndpoint(context.Background(), e.AccountID, ep); r.Status != http.StatusSeeOther || got.URL != "http://127.0.0.1:9/hooks" {
		t.Fatalf("editing /old/../hooks to /hooks: %d, stored %q", r.Status, got.URL)
	}
}

var onceRE = regexp.MustCompile(`name="once" value="([^"]+)"`)

// TestResentFormsActOnce: Create API key and Rotate secret answer with the
// page (a redirect would put the key or secret in a URL), so a reload
// without the page script re-sends the form. Sent again, it must not
// create a second key nobody saw, nor rotate a second time unconfirmed.
func TestResentFormsActOnce(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ctx := context.Background()
	onceOf := func(body string) string {
		t.Helper()
		m := onceRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no once token in the form: %.300s", body)
		}
		return m[1]
	}

	access := b.get("/dashboard/settings/api-access").Body
	form := url.Values{"csrf": {csrfRE.FindStringSubmatch(access)[1]}, "once": {onceOf(access)}, "name": {"reloaded"}}
	if r := b.post("/dashboard/settings/api-keys", form); r.Status != http.StatusOK || !strings.Contains(r.Body, `id="new-key"`) {
		t.Fatalf("create key = %d", r.Status)
	}
	r := b.post("/dashboard/settings/api-keys", form)
	if r.Status != http.StatusConflict || strings.Contains(r.Body, `id="new-key"`) || !strings.Contains(r.Body, "it was sent again (a reload?) and did nothing") {
		t.Fatalf("the same form sent again = %d %.500s", r.Status, r.Body)
	}
	keys, _ := e.Store.ListAPIKeys(ctx, e.AccountID)
	n := 0
	for _, k := range keys {
		if k.Name == "reloaded" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d keys named reloaded; want 1", n)
	}
	// A new form (the page loaded again) creates another.
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"second"}, "once": {onceOf(b.get("/dashboard/settings/api-access").Body)}}); r.Status != http.StatusOK {
		t.Fatalf("a fresh form = %d", r.Status)
	}

	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/ok")
	page := "/dashboard/endpoints/" + ep
	body := b.get(page).Body
	once := onceOf(body)
	// Without the script, the first post asks, and its form carries the token.
	asked := b.post(page+"/rotate", url.Values{"csrf": {csrfRE.FindStringSubmatch(body)[1]}, "once": {once}})
	if onceOf(asked.Body) != once {
		t.Fatalf("the confirmation lost the form's token: %.500s", asked.Body)
	}
	before, _ := e.Store.GetEndpoint(ctx, e.AccountID, ep)
	yes := url.Values{"csrf": {csrfRE.FindStringSubmatch(body)[1]}, "once": {once}, "confirmed": {"1"}}
	if r := b.post(page+"/rotate", yes); r.Status != http.StatusOK || !strings.Contains(r.Body, "Secret rotated.") {
		t.Fatalf("rotate = %d", r.Status)
	}
	rotated, _ := e.Store.GetEndpoint(ctx, e.AccountID, ep)
	r = b.post(page+"/rotate", yes)
	again, _ := e.Store.GetEndpoint(ctx, e.AccountID, ep)
	if rotated.Secret == before.Secret || again.Secret != rotated.Secret || r.Status != http.StatusConflict ||
		!strings.Contains(r.Body, "This form rotated the secret already") {
		t.Fatalf("the confirmed rotation sent again = %d, secret changed again: %v %.300s", r.Status, again.Secret != rotated.Secret, r.Body)
	}
	// The form posts to #secret-answer: the refusal is that anchor, so that
	// a browser without the script opens the answer at it, as it does a
	// secret; on a phone it sat 1000 px below the page's top, unseen.
	if !regexp.MustCompile(`<p[^>]* id="secret-answer"[^>]*>This form rotated the secret already`).MatchString(r.Body) {
		t.Errorf("the refusal of a resent rotation is not at #secret-answer, where the form's answer opens: %.2000s", r.Body)
	}
}

// TestDatabaseOutageIsA503Page: with the database gone the pages say so,
// as the API's 503 does, with a Retry-After; they said "Something went
// wrong on our side" with a 500, as for a bug.
func TestDatabaseOutageIsA503Page(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema)})
	b := e.signedIn(t)
	// A table gone (a restore half done, an operator's mistake): the
	// store reports the database unavailable, as for an outage.
	tables := testenv.SchemaTables(t, schema)
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/ok")
	token := b.csrf("/dashboard/endpoints/" + ep)
	tables.Gone("orders", "events")
	// A page read from the store, and an action made through the API
	// (whose 503 was shown in its own words, without Retry-After).
	for name, r := range map[string]response{
		"GET /dashboard/orders": b.get("/dashboard/orders"),
		"Send test event":       b.post("/dashboard/endpoints/"+ep+"/test", url.Values{"csrf": {token}, "type": {"stamp.uploaded"}}),
	} {
		if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "The database cannot serve this just now") || r.Header.Get("Retry-After") != "5" {
			t.Errorf("%s with tables gone: %d, Retry-After %q: %.300s", name, r.Status, r.Header.Get("Retry-After"), r.Body)
		}
	}
}

// The top bar cuts the signed-in user's email at 220 px with an ellipsis
// ("firstname.lastname@company-na…"); its tooltip, the only way to read
// the rest, gave the account's id instead, so two users of one account
// whose emails began alike could not tell whom the browser was signed in
// as. The tooltip is the whole email now (the id is in the footer).
func TestTopBarTooltipIsTheWholeEmail(t *testing.T) {
	e := startEnv(t, envOptions{})
	email := "firstname.middlename.lastname@accounts-payable.example-stamp-services.co.in"
	if _, err := dashboardCreateUser(e.Store, e.AccountID, email, testPassword); err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	if r := b.signIn(email, testPassword); r.Status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", r.Status)
	}
	m := regexp.MustCompile(`<span class="who-name" title="([^"]*)">`).FindStringSubmatch(b.get("/dashboard/").Body)
	if m == nil || m[1] != email {
		t.Errorf("the top bar's name has the tooltip %q, want the email %q", m, email)
	}
}
