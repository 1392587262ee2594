package dashboard_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/store"
)

// TestSendTestEventWithoutATypeSaysChooseOne: Send test event without its
// type field (or with it empty) showed the API's message for programs,
// `unknown event type ""; known types: …`, lower-case. The dashboard
// words it as its other form errors are, beside the form (422), and
// sends nothing; to the page's script, as JSON.
func TestSendTestEventWithoutATypeSaysChooseOne(t *testing.T) {
	e := startEnv(t, envOptions{})
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/test-type")
	page := "/dashboard/endpoints/" + ep
	b := e.signedIn(t)
	const want = "Choose an event type to send."
	for _, form := range []url.Values{{}, {"type": {""}}} {
		r := b.postForm(page, page+"/test", form)
		got := html.UnescapeString(r.Body)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(got, `data-form-error>`+want+`</p>`) || strings.Contains(got, "unknown event type") {
			i := max(strings.Index(got, `id="test"`), 0)
			t.Errorf("send test with %v = %d, want 422 with %q beside the form:\n%.1200s", form, r.Status, want, got[i:])
		}
		b.Header.Set("Accept", "application/json")
		r = b.postForm(page, page+"/test", form)
		b.Header.Del("Accept")
		if r.Status != http.StatusUnprocessableEntity || r.Body != `{"ok":false,"message":"`+want+`"}` {
			t.Errorf("send test with %v, as JSON = %d %q, want 422 with %q", form, r.Status, r.Body, want)
		}
	}
	if dls, _, err := e.Store.ListDeliveries(t.Context(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: e.AccountID, Limit: 10}}); err != nil || len(dls) != 0 {
		t.Errorf("after sends without a type there are %d deliveries (%v), want none", len(dls), err)
	}
	// A type chosen is sent, as before.
	if r := b.postForm(page, page+"/test", url.Values{"type": {"order.cancelled"}}); r.Status != http.StatusSeeOther {
		t.Errorf("send test with a type = %d: %.600s", r.Status, r.Body)
	}
}
