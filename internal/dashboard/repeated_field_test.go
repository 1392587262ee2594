package dashboard_test

import (
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/store"
)

// TestFormWithARepeatedFieldIsRefused: a field given twice was read as
// its first value without a word, so status=disabled&status=enabled
// disabled the endpoint and a sign-in with email=a&email=b tried a. The
// API refuses a repeated query parameter; the dashboard's forms refuse a
// repeated field with a 400 that names it, nothing done. The event-type
// checkboxes (events, and the was_events the endpoint form carries) repeat
// by design and still do.
func TestFormWithARepeatedFieldIsRefused(t *testing.T) {
	e := startEnv(t, envOptions{})
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/repeated")
	page := "/dashboard/endpoints/" + ep
	b := e.signedIn(t)

	for _, tc := range []struct {
		from, action string
		form         url.Values
		name         string
	}{
		{page, page + "/status", url.Values{"status": {"disabled", "enabled"}}, "status"},
		{page, page + "/status", url.Values{"status": {"disabled", "disabled"}}, "status"},
		{page, page, url.Values{"url": {"http://127.0.0.1:9/hooks/a", "http://127.0.0.1:9/hooks/b"}}, "url"},
		{page, page + "/test", url.Values{"type": {"order.cancelled", "stamp.uploaded"}}, "type"},
		{"/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{"url": {"http://127.0.0.1:9/hooks/c", "http://127.0.0.1:9/hooks/d"}}, "url"},
		{"/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"a", "b"}}, "name"},
	} {
		r := b.postForm(tc.from, tc.action, tc.form)
		want := `The form gives the field "` + tc.name + `" 2 times; it takes one value, so give it once. Nothing was saved.`
		if got := html.UnescapeString(r.Body); r.Status != http.StatusBadRequest || !strings.Contains(got, want) || !strings.Contains(got, "Sign out") {
			i := max(strings.Index(got, "<main"), 0)
			t.Errorf("POST %s %v = %d, want 400 with %q:\n%.600s", tc.action, tc.form, r.Status, want, got[i:])
		}
	}
	got, err := e.Store.GetEndpoint(t.Context(), e.AccountID, ep)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "enabled" || got.URL != "http://127.0.0.1:9/hooks/repeated" {
		t.Errorf("after the refused forms the endpoint is %s at %s, want enabled at its URL", got.Status, got.URL)
	}
	eps, _, err := e.Store.ListEndpoints(t.Context(), store.ListParams{AccountID: e.AccountID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(eps) != 1 {
		t.Errorf("after the refused forms there are %d endpoints, want 1", len(eps))
	}

	// A script asking for JSON (Send test event) gets the message as JSON.
	b.Header.Set("Accept", "application/json")
	r := b.postForm(page, page+"/test", url.Values{"type": {"order.cancelled", "order.cancelled"}})
	b.Header.Del("Accept")
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `"message":"The form gives the field \"type\" 2 times; it takes one value, so give it once. Nothing was saved."`) {
		t.Errorf("send test with type twice, as JSON = %d %s", r.Status, r.Body)
	}

	// Sign in with email given twice: refused, not signed in.
	o := e.browser(t)
	token := o.csrf("/dashboard/signin")
	r = o.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {e.Email, "other@example.com"}, "password": {e.Password}})
	if got := html.UnescapeString(r.Body); r.Status != http.StatusBadRequest || !strings.Contains(got, `The form gives the field "email" 2 times`) {
		t.Errorf("sign in with email twice = %d to %q: %.600s", r.Status, r.Location, got)
	}
	if r := o.get("/dashboard/"); r.Status != http.StatusSeeOther {
		t.Errorf("after sign in with email twice the overview answers %d, want the redirect to sign-in", r.Status)
	}

	// The event-type checkboxes repeat by design.
	r = b.postForm(page, page, url.Values{
		"url": {"http://127.0.0.1:9/hooks/repeated"}, "events_shown": {"1"}, "events": {"order.cancelled", "stamp.uploaded"},
		"was_shown": {"1"}, "was_url": {"http://127.0.0.1:9/hooks/repeated"}, "was_events": {"stamp.uploaded", "stamp.failed", "order.delivered", "order.cancelled"},
	})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("update with two event types = %d: %.600s", r.Status, r.Body)
	}
	got, err = e.Store.GetEndpoint(t.Context(), e.AccountID, ep)
	if err != nil {
		t.Fatal(err)
	}
	if events := slices.Sorted(slices.Values(got.Events)); !slices.Equal(events, []string{"order.cancelled", "stamp.uploaded"}) {
		t.Errorf("after the update the endpoint's events are %v, want order.cancelled and stamp.uploaded", events)
	}
	r = b.postForm("/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{
		"url": {"http://127.0.0.1:9/hooks/new"}, "events_shown": {"1"}, "events": {"order.delivered", "stamp.failed"},
	})
	if r.Status != http.StatusSeeOther {
		t.Errorf("save webhook with two event types = %d: %.600s", r.Status, r.Body)
	}
}
