package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// raceStore is the real store with one moment made reachable: after the
// dashboard has read an account's endpoints (its one-URL-once check,
// duplicateOf), then runs once, before the dashboard's write. That is the
// race of two saves (a double click, two instances) at its worst: the
// page's check found no endpoint with the URL, and the store's own check
// in the write (store.URLCheck) is what refuses it.
type raceStore struct {
	store.Store
	mu      sync.Mutex
	account string
	then    func()
}

// afterNextList arms then for the next read of account's endpoints.
func (s *raceStore) afterNextList(account string, then func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.account, s.then = account, then
}

func (s *raceStore) ListEndpoints(ctx context.Context, p store.ListParams) ([]store.Endpoint, bool, error) {
	eps, more, err := s.Store.ListEndpoints(ctx, p)
	s.mu.Lock()
	then := s.then
	if then != nil && p.AccountID == s.account {
		s.then = nil
	} else {
		then = nil
	}
	s.mu.Unlock()
	if then != nil {
		then()
	}
	return eps, more, err
}

// createBeside creates an endpoint for u through the API while a
// dashboard request waits (raceStore's then, on the server's goroutine:
// no t.Fatal there); "" if it failed.
func createBeside(t *testing.T, e *env, u string) string {
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": u})
	if st != 201 {
		t.Errorf("create endpoint beside the dashboard's: %d %s", st, body)
		return ""
	}
	id, _ := testenv.JSON(t, body)["id"].(string)
	return id
}

// endpointsWith lists the account's endpoints whose URL is u.
func endpointsWith(t *testing.T, e *env, u string) []string {
	t.Helper()
	eps, _, err := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ep := range eps {
		if ep.URL == u {
			out = append(out, ep.ID)
		}
	}
	return out
}

// TestEndpointURLEditRefusedByTheStoreNamesTheEndpoint: an endpoint's
// settings form moving it to a URL that another endpoint gets between the
// page's check and the write is refused by the store, and the page says
// which endpoint has the URL, with its link, as when the page's own check
// finds it: not the API's "changed concurrently; retry". No test reached
// the branch (updateEndpoint's chk.Dup) but a race.
func TestEndpointURLEditRefusedByTheStoreNamesTheEndpoint(t *testing.T) {
	rs := &raceStore{Store: testenv.SQLite(t)}
	e := startEnv(t, envOptions{Store: rs})
	b := e.signedIn(t)
	rc := newReceiver(t)
	moving := createEndpoint(t, e, rc.URL+"/a")
	target := rc.URL + "/b"
	page := "/dashboard/endpoints/" + moving
	csrf := b.csrf(page)
	var other string
	rs.afterNextList(e.AccountID, func() { other = createBeside(t, e, target) })
	r := b.post(page, url.Values{"csrf": {csrf}, "url": {target}, "events": {"stamp.uploaded"}})
	if other == "" {
		t.Fatal("the settings save did not read the account's endpoints before its write: the race is not reached")
	}
	if r.Status != http.StatusUnprocessableEntity || !saysDuplicateOf(r.Body, other) {
		t.Fatalf("moving %s to %s, which %s got meanwhile = %d; want 422 naming %s with its link:\n%s", moving, target, other, r.Status, other, r.Body)
	}
	if strings.Contains(r.Body, "concurrently") {
		t.Errorf("the page says the object was changed concurrently:\n%s", r.Body)
	}
	if got := endpointsWith(t, e, target); len(got) != 1 || got[0] != other {
		t.Errorf("endpoints with %s: %v; want only %s", target, got, other)
	}
	if got := endpointsWith(t, e, rc.URL+"/a"); len(got) != 1 || got[0] != moving {
		t.Errorf("endpoints with the old URL: %v; want %s still there", got, moving)
	}
}

// TestInspectorEndpointRefusedByTheStoreUsesTheOther: "Create endpoint"
// on an inspector whose URL another endpoint gets between the page's
// check and the create (a second click, a second instance) uses that
// endpoint, and the page says one already existed, as when the page's own
// check finds it: not the API's "changed concurrently; retry". No test
// reached the branch (inspectorEndpoint's chk.Dup) but a race.
func TestInspectorEndpointRefusedByTheStoreUsesTheOther(t *testing.T) {
	rs := &raceStore{Store: testenv.SQLite(t)}
	e := startEnv(t, envOptions{Store: rs})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)
	csrf := b.csrf(page)
	var other string
	rs.afterNextList(e.AccountID, func() { other = createBeside(t, e, captureURL) })
	r := b.post(page+"/endpoint", url.Values{"csrf": {csrf}})
	if other == "" {
		t.Fatal("the inspector's create did not read the account's endpoints before its write: the race is not reached")
	}
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "notice=inspector_endpoint_exists") {
		t.Fatalf("create endpoint for the inspector, its URL taken meanwhile = %d %q; want 303 saying it exists:\n%.2000s", r.Status, r.Location, r.Body)
	}
	p := b.get(r.Location).Body
	if !strings.Contains(p, "An endpoint for this inspector URL already exists; its signatures are checked here.") {
		t.Errorf("the inspector page does not say the endpoint existed:\n%s", p)
	}
	if !strings.Contains(p, `<option value="`+other+`" selected`) {
		t.Errorf("the inspector does not check signatures with %s, the endpoint that has its URL:\n%s", other, p)
	}
	if got := endpointsWith(t, e, captureURL); len(got) != 1 || got[0] != other {
		t.Errorf("endpoints with the inspector's URL: %v; want only %s", got, other)
	}
}
