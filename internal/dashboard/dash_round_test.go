package dashboard_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
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
