package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/testenv"
)

// dashboardRoute finds the dashboard's routes in its source, as
// registered in Mount.
var dashboardRoute = regexp.MustCompile(`h\("(GET|POST) (/dashboard/[^"]*)"`)

// pageNoise is what differs between two renderings of one page: form
// tokens and the like.
var pageNoise = regexp.MustCompile(`(name="(?:csrf|once)" value=")[^"]*"|nonce="[^"]*"`)

// secretLike finds ids, signing secrets and inspector ids in a page.
var secretLike = regexp.MustCompile(`\b(?:order|stamp|evt|we|dlv|att|ls|acct|key|insp)_[0-9A-Za-z]{12,}\b|whsec_[A-Za-z0-9+/=]+`)

// TestDashboardKeepsToTheSignedInAccount walks every dashboard route that
// takes an id, and every filter and form value that names an object, as
// a user of account B who edits the address or the form with account A's
// ids: each answer must be the one an id that never existed gets (same
// status, same page), must show nothing of A's, and nothing of A's may
// change. A route added to Mount without an entry here fails the test.
func TestDashboardKeepsToTheSignedInAccount(t *testing.T) {
	for name, open := range testenv.Stores() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := startEnv(t, envOptions{Store: open(t)})
			rc := newReceiver(t)
			rc.failing.Store(true)
			ctx := context.Background()

			// Account A: an endpoint with a failed delivery, an order, a
			// listen session, an API key, an inspector.
			acctA, keyA := e.NewAccount(t)
			mk := func(path, body string) map[string]any {
				t.Helper()
				st, b := e.Do(t, "POST", path, keyA, body)
				if st/100 != 2 {
					t.Fatalf("POST %s: %d %s", path, st, b)
				}
				return testenv.JSON(t, b)
			}
			ep := mk("/v1/webhook_endpoints", `{"url": "`+rc.URL+`/a"}`)["id"].(string)
			session := mk("/v1/listen_sessions", `{}`)["id"].(string)
			ord := mk("/v1/orders", `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)["id"].(string)
			tst := mk("/v1/webhook_endpoints/"+ep+"/test", `{}`)
			dlv, event := tst["delivery"].(map[string]any)["id"].(string), tst["event_id"].(string)
			testenv.Eventually(t, 20*time.Second, "A's delivery to fail", func() bool {
				d, _ := e.Store.GetDelivery(ctx, acctA, dlv)
				return d.Status == "failed"
			})
			keys, err := e.Store.ListAPIKeys(ctx, acctA)
			if err != nil {
				t.Fatal(err)
			}
			key := keys[0].ID
			ba := otherBrowser(t, e, acctA)
			r := ba.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("A's inspector: %d", r.Status)
			}
			insp := strings.TrimPrefix(strings.SplitN(r.Location, "?", 2)[0], "/dashboard/inspector/")
			inspPage := ba.get("/dashboard/inspector/" + insp).Body

			// What A's own pages and answers show, and what must stay so.
			tokens := map[string]bool{}
			snapshot := func() map[string]string {
				out := map[string]string{}
				for _, p := range []string{"/v1/webhook_endpoints/" + ep, "/v1/webhook_endpoints/" + ep + "/secret", "/v1/deliveries/" + dlv,
					"/v1/orders/" + ord, "/v1/listen_sessions/" + session, "/v1/deliveries?limit=100"} {
					st, b := e.Do(t, "GET", p, keyA, nil)
					if st != 200 {
						t.Fatalf("GET %s as A: %d %s", p, st, b)
					}
					out[p] = string(b)
				}
				if ks, _ := e.Store.ListAPIKeys(ctx, acctA); len(ks) != 1 || ks[0].RevokedAt != nil {
					out["keys"] = "changed"
				}
				if r := ba.get("/dashboard/inspector/" + insp); r.Status != 200 {
					out["inspector"] = "gone"
				}
				return out
			}
			before := snapshot()
			for _, v := range before {
				for _, tok := range secretLike.FindAllString(v, -1) {
					tokens[tok] = true
				}
			}
			for _, tok := range secretLike.FindAllString(inspPage, -1) {
				tokens[tok] = true
			}
			tokens[key] = true
			inspToken := regexp.MustCompile(`/inspect/([A-Za-z0-9_-]+)`).FindStringSubmatch(inspPage)
			if inspToken == nil {
				t.Fatalf("no capture URL on A's inspector page")
			}

			// Account B, signed in, with objects of its own.
			b := e.signedIn(t)
			b.client.Timeout = 20 * time.Second // a stream opened by another account's id fails, not hangs
			epB := createEndpoint(t, e, rc.URL+"/b")
			r = b.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("B's inspector: %d", r.Status)
			}
			inspB := strings.TrimPrefix(strings.SplitN(r.Location, "?", 2)[0], "/dashboard/inspector/")

			// check compares the answer to a request that named A's id with
			// the answer to the same request naming missingID instead: a
			// page may quote the id it was given, and nothing else of A's.
			check := func(what, id string, got response, missingID string, missing response) {
				t.Helper()
				for _, tok := range secretLike.FindAllString(got.Body, -1) {
					if tokens[tok] && tok != id {
						t.Errorf("%s shows account A's %s", what, tok)
					}
				}
				if strings.Contains(got.Body, inspToken[1]) {
					t.Errorf("%s shows account A's inspector's capture URL", what)
				}
				if got.Status >= 500 {
					t.Errorf("%s: %d", what, got.Status)
				}
				same := func(r response, id string) (string, string) {
					return strings.ReplaceAll(r.Location, id, "ID"), strings.ReplaceAll(pageNoise.ReplaceAllString(r.Body, "$1"), id, "ID")
				}
				gl, gb := same(got, id)
				ml, mb := same(missing, missingID)
				if got.Status != missing.Status || gl != ml || gb != mb {
					t.Errorf("%s: %d %q, an id that does not exist: %d %q; pages:\n%.2000s\n----\n%.2000s",
						what, got.Status, got.Location, missing.Status, missing.Location, got.Body, missing.Body)
				}
			}

			// Every route with an id in its path.
			src, err := os.ReadFile("dashboard.go")
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string][2]string{
				"endpoints":  {ep, ids.Endpoint},
				"deliveries": {dlv, ids.Delivery},
				"orders":     {ord, ids.Order},
				"inspector":  {insp, "insp_"},
				"settings":   {key, ids.APIKey},
			}
			// Forms that would act on the caller's own object.
			forms := map[string]url.Values{
				"POST /dashboard/endpoints/{id}":                {"url": {rc.URL + "/taken"}, "description": {"taken"}, "events": {"stamp.uploaded"}},
				"POST /dashboard/endpoints/{id}/status":         {"status": {"disabled"}, "confirmed": {"1"}},
				"POST /dashboard/endpoints/{id}/delete":         {"confirmed": {"1"}},
				"POST /dashboard/endpoints/{id}/test":           {"type": {"stamp.uploaded"}},
				"POST /dashboard/endpoints/{id}/recover":        {"since": {"2000-01-01T00:00"}, "missed": {"1"}, "confirmed": {"1"}},
				"POST /dashboard/inspector/{id}/verify":         {"endpoint": {epB}},
				"POST /dashboard/inspector/{id}/delete":         {"confirmed": {"1"}},
				"POST /dashboard/settings/api-keys/{id}/revoke": {"confirmed": {"1"}},
				"POST /dashboard/deliveries/{id}/resend":        {"confirmed": {"1"}},
			}
			var routes []string
			for _, m := range dashboardRoute.FindAllStringSubmatch(string(src), -1) {
				switch {
				case strings.Contains(m[2], "{id}"):
					routes = append(routes, m[1]+" "+m[2])
				case m[1] == "GET" && !strings.Contains(m[2], "{") && m[2] != "/dashboard/live":
					// Every page without an id (the live stream aside,
					// which only tells of changes): B's, with nothing of A's.
					r := b.get(strings.TrimSuffix(m[2], "{$}"))
					for _, tok := range secretLike.FindAllString(r.Body, -1) {
						if tokens[tok] {
							t.Errorf("GET %s as account B shows account A's %s", m[2], tok)
						}
					}
				}
			}
			sort.Strings(routes)
			if len(routes) < 15 {
				t.Fatalf("found only %d routes with an id in dashboard.go: has the registration changed? %v", len(routes), routes)
			}
			for _, route := range routes {
				method, path, _ := strings.Cut(route, " ")
				k, ok := kinds[strings.Split(path, "/")[2]]
				if !ok {
					t.Errorf("%s: no object of account A for its {id}; add one to kinds", route)
					continue
				}
				missingID := ids.New(k[1])
				if k[1] == "insp_" {
					missingID = "insp_" + strings.Repeat("a", len(insp)-len("insp_"))
				}
				mine, missing := strings.Replace(path, "{id}", k[0], 1), strings.Replace(path, "{id}", missingID, 1)
				var got, none response
				if method == "GET" {
					got, none = b.get(mine), b.get(missing)
				} else {
					form := func() url.Values {
						f := url.Values{}
						for k, v := range forms[route] {
							f[k] = v
						}
						return f
					}
					got, none = b.postForm("/dashboard/", mine, form()), b.postForm("/dashboard/", missing, form())
					// Unconfirmed and empty, as a first click sends it: the
					// question asked of one's own object is not asked.
					check(route+" with account A's id and an empty form, as account B", k[0],
						b.postForm("/dashboard/", mine, nil), missingID, b.postForm("/dashboard/", missing, nil))
				}
				check(route+" with account A's id, as account B", k[0], got, missingID, none)
				if strings.HasSuffix(path, "/live") {
					// A live stream of an inspector that is not there says
					// so, and the page stops listening.
					if got.Status != http.StatusOK || !strings.Contains(got.Body, "event: gone") {
						t.Errorf("%s with account A's id, as account B: %d %.300s; want the stream's gone event", route, got.Status, got.Body)
					}
				} else if got.Status != http.StatusNotFound {
					t.Errorf("%s with account A's id, as account B: %d; want 404", route, got.Status)
				}
			}

			// Filters and cursors in the address, and ids in form values.
			for _, c := range []struct{ path, value, prefix string }{
				{"/dashboard/deliveries?endpoint=", ep, ids.Endpoint},
				{"/dashboard/deliveries?endpoint=", session, "ls_"},
				{"/dashboard/deliveries?event=", event, ids.Event},
				{"/dashboard/deliveries?after=", dlv, ids.Delivery},
				{"/dashboard/deliveries?before=", dlv, ids.Delivery},
				{"/dashboard/monitoring?endpoint=", ep, ids.Endpoint},
				{"/dashboard/orders?after=", ord, ids.Order},
				{"/dashboard/orders?before=", ord, ids.Order},
				{"/dashboard/settings/api-access?new=", ep, ids.Endpoint},
				{"/dashboard/settings/api-access?endpoints_after=", ep, ids.Endpoint},
			} {
				// An id that does not exist, of the same millisecond as A's:
				// a cursor is a position, and B's items must fall on the
				// same sides of both.
				at, _ := relay.IDTime(c.prefix, c.value)
				missingID := ids.At(c.prefix, at)
				check("GET "+c.path+"(A's "+c.prefix+")", c.value, b.get(c.path+c.value), missingID, b.get(c.path+missingID))
			}
			missingEP := ids.New(ids.Endpoint)
			got := b.postForm("/dashboard/inspector/"+inspB, "/dashboard/inspector/"+inspB+"/verify", url.Values{"endpoint": {ep}})
			none := b.postForm("/dashboard/inspector/"+inspB, "/dashboard/inspector/"+inspB+"/verify", url.Values{"endpoint": {missingEP}})
			check("B's inspector verified with A's endpoint", ep, got, missingEP, none)

			after := snapshot()
			for p, v := range before {
				if after[p] != v {
					t.Errorf("account B's requests changed account A's %s:\nbefore %s\nafter  %s", p, v, after[p])
				}
			}
		})
	}
}
