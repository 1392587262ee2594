package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// An inspector's page opened after the inspector expired (a bookmark, a
// tab left open overnight) or after a restart said only "the page does
// not exist, or it belongs to another account": a developer who had used
// it the day before was told nothing of why it went or what to do. It now
// says that inspectors last 24 hours and live in the server's memory, and
// to create another.
func TestExpiredInspectorPageSaysWhyAndWhatToDo(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, _ := newInspector(t, e, b)
	if r := b.get(page); r.Status != http.StatusOK {
		t.Fatalf("the new inspector's page = %d", r.Status)
	}
	e.clock.Advance(24*time.Hour + time.Minute)
	// Signed in again: a session ends after 12 idle hours.
	r := e.signedIn(t).get(page)
	if r.Status != http.StatusNotFound {
		t.Fatalf("the expired inspector's page = %d, want 404", r.Status)
	}
	for _, want := range []string{"There is no such inspector.", "deleted 24 hours after it is created", "a restart clears them", "Create another under Inspector."} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the expired inspector's page does not say %q:\n%.1500s", want, r.Body[strings.Index(r.Body, "<main"):])
		}
	}
}

// The buttons of an inspector's page left open after the inspector went
// (deleted in another tab, or expired) answered "There is nothing here:
// the page does not exist": Delete inspector pressed a second time, the
// verify choice, Create endpoint. They answer as the page does now.
func TestGoneInspectorButtonsSayWhy(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, _ := newInspector(t, e, b)
	if r := b.postForm(page, page+"/delete", url.Values{"confirmed": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("delete the inspector = %d %.300s", r.Status, r.Body)
	}
	csrf := b.csrf("/dashboard/inspector")
	for _, action := range []string{"/delete", "/verify", "/endpoint"} {
		r := b.post(page+action, url.Values{"csrf": {csrf}, "confirmed": {"1"}})
		if r.Status != http.StatusNotFound || !strings.Contains(r.Body, "There is no such inspector.") || !strings.Contains(r.Body, "Create another under Inspector.") {
			t.Errorf("%s on a deleted inspector = %d:\n%.1500s", action, r.Status, r.Body[strings.Index(r.Body, "<main"):])
		}
	}
}

// The page of an inspector that went said "Create another under
// Inspector." and linked only to the overview: it now links to the
// Inspector page, where another is made (its page opened after it
// expired, and its buttons pressed after it was deleted).
func TestGoneInspectorLinksToInspector(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, _ := newInspector(t, e, b)
	const link = `<a href="/dashboard/inspector">Create another under Inspector</a>`
	csrf := b.csrf("/dashboard/inspector")
	if r := b.postForm(page, page+"/delete", url.Values{"confirmed": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("delete the inspector = %d %.300s", r.Status, r.Body)
	}
	r := b.post(page+"/verify", url.Values{"csrf": {csrf}})
	if r.Status != http.StatusNotFound || !strings.Contains(r.Body[strings.Index(r.Body, "<main"):], link) {
		t.Errorf("verify on a deleted inspector = %d, without a link to Inspector:\n%.1500s", r.Status, r.Body[strings.Index(r.Body, "<main"):])
	}
	page, _ = newInspector(t, e, b)
	e.clock.Advance(24*time.Hour + time.Minute)
	r = e.signedIn(t).get(page)
	if r.Status != http.StatusNotFound || !strings.Contains(r.Body[strings.Index(r.Body, "<main"):], link) {
		t.Errorf("the expired inspector's page = %d, without a link to Inspector:\n%.1500s", r.Status, r.Body[strings.Index(r.Body, "<main"):])
	}
	// Another error page leads to the overview only.
	if r := e.signedIn(t).get("/dashboard/endpoints/we_nothere"); r.Status != http.StatusNotFound || strings.Contains(r.Body, link) {
		t.Errorf("an unknown endpoint's page = %d, or links to Inspector", r.Status)
	}
}
