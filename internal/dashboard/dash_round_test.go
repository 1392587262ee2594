package dashboard_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/testenv"
)

// A recovery refused for its date keeps the form as it was sent: the
// "also send events it has no delivery of" box stays ticked. Chromium's
// date field takes years up to 275760, and a year past 9999 is refused
// here; the page came back with the box unticked, so correcting the date
// and sending again recovered less than was asked.
func TestRecoverFormKeepsMissedBoxOnABadDate(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page := "/dashboard/endpoints/" + createEndpoint(t, e, newReceiver(t).URL)
	box := regexp.MustCompile(`<input type="checkbox" name="missed" value="1"( checked)?>`)
	for _, bad := range []string{"12026-01-15T10:30", "yesterday"} {
		r := b.postForm(page, page+"/recover", url.Values{"since": {bad}, "missed": {"1"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("since %q = %d", bad, r.Status)
		}
		mustContain(t, r.Body, "Enter a date and time (UTC)")
		m := box.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("no missed box on the refused form")
		}
		if m[1] == "" {
			t.Errorf("since %q: the refused form came back with the missed box unticked", bad)
		}
	}
	// Not ticked, it stays unticked.
	r := b.postForm(page, page+"/recover", url.Values{"since": {"yesterday"}})
	if m := box.FindStringSubmatch(r.Body); m == nil || m[1] != "" {
		t.Errorf("the refused form came back with the missed box ticked, though it was not")
	}
}

// An account with more endpoints than the pages list (100): the
// deliveries of an older one, reached from its page, showed "Any
// endpoint" in the filter's select, so that choosing a status and
// clicking Filter listed every endpoint's deliveries; the inspector's
// "Check signatures against" said "No endpoint" while its captures were
// checked against one. The chosen endpoint is now always an option.
func TestChosenEndpointIsSelectedPastTheListedHundred(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)
	oldest := createEndpoint(t, e, rc.URL+"/0")
	for i := 1; i <= 100; i++ {
		createEndpoint(t, e, rc.URL+"/"+strconv.Itoa(i))
	}
	selected := regexp.MustCompile(`<option value="` + oldest + `" selected`)

	r := b.get("/dashboard/deliveries?endpoint=" + oldest)
	if r.Status != http.StatusOK {
		t.Fatalf("deliveries of the oldest endpoint = %d", r.Status)
	}
	if !selected.MatchString(r.Body) {
		t.Errorf("the deliveries filter does not have the endpoint it shows selected")
	}

	r = b.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create inspector = %d", r.Status)
	}
	page := strings.SplitN(r.Location, "?", 2)[0]
	if r := b.postForm(page, page+"/verify", url.Values{"endpoint": {oldest}}); r.Status != http.StatusSeeOther {
		t.Fatalf("choose the endpoint = %d", r.Status)
	}
	if !selected.MatchString(b.get(page).Body) {
		t.Errorf("the inspector's select does not have the endpoint it checks signatures against selected")
	}
}

// Save changes with nothing changed from what the form showed sends
// nothing to change, and says it saved, as before.
func TestSaveChangesWithNothingChanged(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/a")
	page := "/dashboard/endpoints/" + ep
	form := url.Values{"url": {rc.URL + "/a"}, "description": {""}, "events_shown": {"1"}, "events": order.EventTypes,
		"was_shown": {"1"}, "was_url": {rc.URL + "/a"}, "was_description": {""}, "was_events": order.EventTypes}
	r := b.postForm(page, page, form)
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "notice=endpoint_updated") {
		t.Fatalf("save unchanged = %d %q %.300s", r.Status, r.Location, r.Body)
	}
	// The rendered form carries what it shows.
	mustContain(t, b.get(page).Body, `name="was_url" value="`+rc.URL+`/a"`, `name="was_events" value="`+order.EventTypes[0]+`"`)
}

// "Check signatures against: No endpoint", chosen and sent, did nothing
// while an endpoint pointed at the inspector: "no choice" meant "guess",
// the guess was that endpoint again, and the page said "Signatures are
// now checked against the chosen endpoint" under it, selected. Choosing
// No endpoint now checks against none until another is chosen.
func TestInspectorNoEndpointCanBeChosen(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	r := b.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create inspector = %d", r.Status)
	}
	page := strings.SplitN(r.Location, "?", 2)[0]
	if r := b.postForm(page, page+"/endpoint", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("create an endpoint for it = %d %.300s", r.Status, r.Body)
	}
	chosen := regexp.MustCompile(`<option value="we_[^"]*" selected`)
	if !chosen.MatchString(b.get(page).Body) {
		t.Fatal("the inspector's own endpoint is not chosen at first")
	}
	r = b.postForm(page, page+"/verify", url.Values{"endpoint": {""}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("choose no endpoint = %d", r.Status)
	}
	body := b.get(r.Location).Body
	if chosen.MatchString(body) {
		t.Errorf("No endpoint was chosen, and the page still checks against the inspector's endpoint")
	}
	if strings.Contains(body, "Signatures are now checked against the chosen endpoint") {
		t.Errorf("the notice says signatures are checked against an endpoint after No endpoint was chosen")
	}
	mustContain(t, body, `<option value="" selected>No endpoint</option>`)
}

// Settings → API Access lists an account's endpoints 100 at a time: the
// 101st and older were listed nowhere (the overview lists 20, Monitoring
// links to figures, not to an endpoint's page), so they could not be
// edited, disabled or deleted from the dashboard. An "Older endpoints"
// link now pages through them.
func TestAPIAccessPagesThroughEndpoints(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)
	oldest := createEndpoint(t, e, rc.URL+"/0")
	for i := 1; i <= 100; i++ {
		createEndpoint(t, e, rc.URL+"/"+strconv.Itoa(i))
	}
	rows := regexp.MustCompile(`<tr data-endpoint-id="(we_[^"]+)"`)
	older := regexp.MustCompile(`<a href="([^"]+)"[^>]*>Older endpoints`)
	r := b.get("/dashboard/settings/api-access")
	if n := len(rows.FindAllString(r.Body, -1)); n != 100 {
		t.Fatalf("the first page lists %d endpoints, want 100", n)
	}
	if strings.Contains(r.Body, `data-endpoint-id="`+oldest+`"`) {
		t.Fatal("the oldest endpoint is on the first page")
	}
	m := older.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no link to the older endpoints")
	}
	r = b.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	if r.Status != http.StatusOK {
		t.Fatalf("older endpoints = %d", r.Status)
	}
	got := rows.FindAllStringSubmatch(r.Body, -1)
	if len(got) != 1 || got[0][1] != oldest {
		t.Fatalf("the second page lists %v, want the oldest endpoint alone", got)
	}
	mustContain(t, r.Body, `href="/dashboard/endpoints/`+oldest+`"`, `Newest endpoints`)
	if older.MatchString(r.Body) {
		t.Errorf("the last page links to older endpoints")
	}
	// A page that is not understood shows the newest.
	if r := b.get("/dashboard/settings/api-access?endpoints_after=nonsense"); r.Status != http.StatusOK || len(rows.FindAllString(r.Body, -1)) != 100 {
		t.Errorf("a page not understood = %d", r.Status)
	}
}

// A recovery that stopped with events left says "more remain: recover
// again from <time> UTC with the box ticked"; the form below it showed
// the last 24 hours and the box unticked, so sending it as shown, as the
// notice asks, sent none of the rest. The form now holds that time, the
// box ticked, and sending it as shown sends the rest.
func TestRecoverFormGoesOnWhereTheNoticeSays(t *testing.T) {
	_, b, page, rc := missedSetup(t, envOptions{RecoverMissedFor: time.Nanosecond})
	since := regexp.MustCompile(`<input id="recover-since" name="since" type="datetime-local" value="([^"]*)" step="any"`)
	box := regexp.MustCompile(`<input type="checkbox" name="missed" value="1"( checked)?>`)
	form := url.Values{"since": {time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04")}, "missed": {"1"}}
	for clicks := 1; ; clicks++ {
		r := b.postForm(page, page+"/recover", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("recover = %d", r.Status)
		}
		if !strings.Contains(r.Location, "rest=") {
			break
		}
		if clicks > 5 {
			t.Fatalf("%d recoveries and still more remain", clicks)
		}
		body := b.get(r.Location).Body
		mustContain(t, body, "more remain")
		m := since.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no date field")
		}
		loc, _ := url.Parse(r.Location)
		next, _ := time.Parse(time.RFC3339, loc.Query().Get("rest"))
		if want := next.UTC().Truncate(time.Millisecond).Format("2006-01-02T15:04:05.000"); m[1] != want {
			t.Fatalf("the form says since %q under a notice that says to recover again from %s", m[1], want)
		}
		if c := box.FindStringSubmatch(body); c == nil || c[1] == "" {
			t.Fatal("the form's missed box is not ticked under a notice that says to tick it")
		}
		form = url.Values{"since": {m[1]}, "missed": {"1"}}
	}
	testenv.Eventually(t, 5*time.Second, "every missed event to arrive", func() bool { return rc.received.Load() == 5 })
}
