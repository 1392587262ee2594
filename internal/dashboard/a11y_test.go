package dashboard_test

import (
	"regexp"
	"testing"
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
