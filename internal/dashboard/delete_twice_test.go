package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestDeletingAnEndpointTwiceSaysItIsDeletedAlready deletes an endpoint in
// one tab and then presses Delete endpoint in another left open, without
// JavaScript (the server's own confirmation page): first Delete on the
// endpoint's page, then Delete endpoint on a confirmation page opened
// before. Both answered "This endpoint does not exist any more … Nothing
// was changed": to a person who had asked to delete it, that read as if
// the delete had failed and the endpoint were still there. They now say
// it was deleted already and there is nothing left to delete; still the
// 404 that does not tell it from another account's
// (TestForeignAccountsGet404).
func TestDeletingAnEndpointTwiceSaysItIsDeletedAlready(t *testing.T) {
	e := startEnv(t, envOptions{})
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": "http://127.0.0.1:9/twice"})
	if st != http.StatusCreated {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	ep := testenv.JSON(t, body)["id"].(string)
	page := "/dashboard/endpoints/" + ep
	b := e.signedIn(t)
	csrf := b.csrf(page) // both tabs' forms: one session

	// Tab B opens the confirmation page; tab A deletes.
	if r := b.post(page+"/delete", url.Values{"csrf": {csrf}}); r.Status != http.StatusOK || !strings.Contains(r.Body, `name="confirmed"`) {
		t.Fatalf("tab B's Delete: %d, want the confirmation page: %.500s", r.Status, r.Body)
	}
	if r := b.post(page+"/delete", url.Values{"csrf": {csrf}, "confirmed": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("tab A's delete: %d %.300s", r.Status, r.Body)
	}
	for _, c := range []struct {
		what string
		form url.Values
	}{
		{"Delete on the endpoint's page left open", url.Values{"csrf": {csrf}}},
		{"Delete endpoint on the confirmation page left open", url.Values{"csrf": {csrf}, "confirmed": {"1"}}},
	} {
		r := b.post(page+"/delete", c.form)
		checkDeletedAlready(t, c.what, r)
	}
}

// checkDeletedAlready checks the answer to a Delete endpoint of an
// endpoint deleted before it.
func checkDeletedAlready(t *testing.T, what string, r response) {
	t.Helper()
	main := r.Body
	if i := strings.Index(main, "<main"); i >= 0 {
		main = main[i:]
	}
	if r.Status != http.StatusNotFound {
		t.Errorf("%s: %d, want 404", what, r.Status)
	}
	for _, want := range []string{"This endpoint was deleted already", "nothing left to delete", "belongs to another account",
		`<a href="/dashboard/settings/api-access">Your endpoints, in Settings</a>`} {
		if !strings.Contains(main, want) {
			t.Errorf("%s does not say %q: %.1500s", what, want, main)
		}
	}
	for _, wrong := range []string{"Nothing was changed", "There is nothing here"} {
		if strings.Contains(main, wrong) {
			t.Errorf("%s says %q: %.1500s", what, wrong, main)
		}
	}
}

// deleteAfterReadStore deletes an endpoint just after the dashboard has
// read it, once armed: the other tab's (or a double click's first) Delete
// landing between a button's read of the endpoint and its API call.
type deleteAfterReadStore struct {
	store.Store
	armed atomic.Bool
}

func (s *deleteAfterReadStore) GetEndpoint(ctx context.Context, accountID, id string) (store.Endpoint, error) {
	e, err := s.Store.GetEndpoint(ctx, accountID, id)
	if err == nil && s.armed.CompareAndSwap(true, false) {
		if derr := s.Store.DeleteEndpoint(ctx, accountID, id, time.Now().UTC()); derr != nil {
			return e, derr
		}
	}
	return e, err
}

// TestAnEndpointDeletedDuringAButtonSaysSo: an endpoint deleted between a
// button's read of it and its change (a double click on Delete endpoint
// without JavaScript sends the form twice, the two at once; another tab)
// answered "There is nothing here: the page does not exist", the API's
// 404 in the words of an unknown address. Delete endpoint now says the
// endpoint was deleted already, and the other buttons what they say of an
// endpoint deleted before they were pressed.
func TestAnEndpointDeletedDuringAButtonSaysSo(t *testing.T) {
	ds := &deleteAfterReadStore{Store: testenv.SQLite(t)}
	e := startEnv(t, envOptions{Store: ds})
	b := e.signedIn(t)
	newEndpoint := func(path string) string {
		st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": "http://127.0.0.1:9/" + path})
		if st != http.StatusCreated {
			t.Fatalf("create endpoint: %d %s", st, body)
		}
		return testenv.JSON(t, body)["id"].(string)
	}
	ep := newEndpoint("delete")
	csrf := b.csrf("/dashboard/endpoints/" + ep)
	ds.armed.Store(true)
	checkDeletedAlready(t, "Delete endpoint as the endpoint is deleted", b.post("/dashboard/endpoints/"+ep+"/delete", url.Values{"csrf": {csrf}, "confirmed": {"1"}}))

	for _, c := range []struct {
		action string
		form   url.Values
	}{
		{"status", url.Values{"status": {"disabled"}}},
		{"test", url.Values{"type": {"stamp.uploaded"}}},
		{"secret", url.Values{}},
		{"", url.Values{"url": {"http://127.0.0.1:9/moved"}}},
	} {
		ep := newEndpoint(c.action)
		c.form.Set("csrf", csrf)
		ds.armed.Store(true)
		path := "/dashboard/endpoints/" + ep
		if c.action != "" {
			path += "/" + c.action
		}
		r := b.post(path, c.form)
		main := r.Body
		if i := strings.Index(main, "<main"); i >= 0 {
			main = main[i:]
		}
		if r.Status != http.StatusNotFound || !strings.Contains(main, "This endpoint does not exist any more: it was deleted") ||
			!strings.Contains(main, `<a href="/dashboard/settings/api-access">Your endpoints, in Settings</a>`) {
			t.Errorf("POST %q as the endpoint is deleted = %d, want the 404 of an endpoint deleted: %.1500s", c.action, r.Status, main)
		}
	}
}
