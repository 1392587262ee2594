package dashboard_test

import (
	"net/http"
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
