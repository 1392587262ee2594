package dashboard_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/store"
)

// TestInspectorEndpointIsFoundUnderEitherLoopbackName: the capture URL
// is built from the Host the dashboard is browsed by, so an endpoint made
// while browsing as localhost reads http://localhost:PORT/inspect/…; a
// second Create endpoint while browsing as 127.0.0.1 must use it, not make
// another that receives every event a second time.
func TestInspectorEndpointIsFoundUnderEitherLoopbackName(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)
	token := captureURL[strings.LastIndex(captureURL, "/")+1:]
	asLocalhost := strings.Replace(e.URL, "127.0.0.1", "localhost", 1)
	if asLocalhost == e.URL {
		t.Fatalf("the server's URL %s is not on 127.0.0.1", e.URL)
	}

	b.base = asLocalhost
	first := inspectorEndpoint(t, b, page)
	pointing := func() []store.Endpoint {
		t.Helper()
		eps, _, err := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var out []store.Endpoint
		for _, x := range eps {
			if strings.Contains(x.URL, "/inspect/"+token) {
				out = append(out, x)
			}
		}
		return out
	}
	if eps := pointing(); len(eps) != 1 || !strings.HasPrefix(eps[0].URL, asLocalhost+"/inspect/") {
		t.Fatalf("after Create endpoint as localhost: %+v, want one endpoint under %s", eps, asLocalhost)
	}

	for _, base := range []string{e.URL, asLocalhost} {
		b.base = base
		r := b.postForm(page, page+"/endpoint", nil)
		if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "inspector_endpoint_exists") {
			t.Fatalf("Create endpoint again as %s = %d %q, want the inspector_endpoint_exists notice", base, r.Status, r.Location)
		}
		if eps := pointing(); len(eps) != 1 || eps[0].ID != first {
			t.Fatalf("after Create endpoint again as %s: %d endpoints point at the inspector (%+v), want only %s", base, len(eps), eps, first)
		}
		p := b.get(page).Body
		mustContain(t, p, `<option value="`+first+`" selected`)
	}
}
