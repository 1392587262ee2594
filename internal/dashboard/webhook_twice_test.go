package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/esahayak/esahayak/internal/store"
)

// webhookFormRE reads the Save Webhook form's hidden fields.
var webhookFormRE = regexp.MustCompile(`(?s)action="/dashboard/settings/webhooks".*?name="csrf" value="([^"]+)">(?:\s*<input type="hidden" name="once" value="([^"]+)">)?`)

// saveWebhookForm is the Save Webhook form of a freshly read API Access
// page, filled in with u.
func saveWebhookForm(t *testing.T, b *browser, u string) url.Values {
	t.Helper()
	page := b.get("/dashboard/settings/api-access")
	m := webhookFormRE.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("no Save Webhook form: %.2000s", page.Body)
	}
	form := url.Values{"csrf": {m[1]}, "url": {u}, "events_shown": {"1"}, "events": {"stamp.uploaded"}}
	if m[2] != "" {
		form.Set("once", m[2])
	}
	return form
}

func savedID(t *testing.T, r response) string {
	t.Helper()
	if r.Status != http.StatusSeeOther {
		t.Fatalf("Save Webhook answered %d, not the redirect to the saved webhook: %.1500s", r.Status, r.Body)
	}
	loc, err := url.Parse(r.Location)
	if err != nil || loc.Query().Get("notice") != "webhook_saved" || loc.Query().Get("new") == "" {
		t.Fatalf("Save Webhook led to %q", r.Location)
	}
	return loc.Query().Get("new")
}

func endpointCount(t *testing.T, e *env) int {
	t.Helper()
	eps, _, err := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return len(eps)
}

// Save Webhook clicked twice (a double click: the browser sends the form
// twice and shows the second answer) showed "This URL is already
// configured as endpoint …", an error above the form, though the webhook
// had just been saved. The second post now leads to the saved webhook,
// as the first did; the same page's form with another URL typed in (Back,
// then a change) still saves that URL.
func TestSaveWebhookSentTwiceLeadsToTheSavedWebhook(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)

	form := saveWebhookForm(t, b, rc.URL+"/one")
	first := savedID(t, b.post("/dashboard/settings/webhooks", form))
	again := b.post("/dashboard/settings/webhooks", form)
	if strings.Contains(again.Body, "already configured") {
		t.Fatalf("the form sent a second time said: %s", regexp.MustCompile(`role="alert">[^<]*`).FindString(again.Body))
	}
	if second := savedID(t, again); second != first {
		t.Fatalf("the form sent twice led to %s, then to %s", first, second)
	}
	if n := endpointCount(t, e); n != 1 {
		t.Fatalf("%d endpoints after one form sent twice", n)
	}

	// Both posts at once, as a double click sends them.
	form = saveWebhookForm(t, b, rc.URL+"/two")
	var wg sync.WaitGroup
	ids := make([]string, 2)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, e.URL+"/dashboard/settings/webhooks", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for _, c := range b.Cookies() {
				req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
			}
			resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			loc, _ := url.Parse(resp.Header.Get("Location"))
			if resp.StatusCode != http.StatusSeeOther || loc == nil || loc.Query().Get("notice") != "webhook_saved" {
				t.Errorf("post %d of a double click answered %d (%s)", i+1, resp.StatusCode, resp.Header.Get("Location"))
				return
			}
			ids[i] = loc.Query().Get("new")
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if ids[0] != ids[1] {
		t.Fatalf("a double click led to %s and %s", ids[0], ids[1])
	}
	if n := endpointCount(t, e); n != 2 {
		t.Fatalf("%d endpoints after two webhooks saved", n)
	}

	// The same form (its token) with other event types for the same URL
	// is not what was saved: it is refused as a duplicate, leading to the
	// endpoint's page where its event types are changed.
	changed := url.Values{}
	for k, v := range form {
		changed[k] = v
	}
	changed.Set("events", "order.cancelled")
	if r := b.post("/dashboard/settings/webhooks", changed); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "already configured") {
		t.Fatalf("the same form with other event types = %d %s", r.Status, r.Location)
	}

	// The same form (its token) with another URL saves that one.
	form.Set("url", rc.URL+"/three")
	if third := savedID(t, b.post("/dashboard/settings/webhooks", form)); third == ids[0] {
		t.Fatalf("another URL in the same form led to the webhook saved before, %s", third)
	}
	if n := endpointCount(t, e); n != 3 {
		t.Fatalf("%d endpoints after three webhooks saved", n)
	}
}
