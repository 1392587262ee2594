package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A form with its csrf field given twice is refused, whichever of the two
// is the session's: the first used to be checked alone, so
// csrf=VALID&csrf=x was taken. It is told as the field given twice that
// it is (a 400 naming csrf), not as "This form has expired", which sent
// the person to reload a form that was not out of date. The sign-in form
// too.
func TestFormWithTwoCSRFValuesIsRefused(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	token := b.csrf("/dashboard/")
	const says = "The form gives the field &#34;csrf&#34; 2 times; it takes one value, so give it once."
	for _, vs := range [][]string{{token, "x"}, {"x", token}, {token, token}} {
		r := b.post("/dashboard/signout", url.Values{"csrf": vs})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, says) || strings.Contains(r.Body, "This form has expired") {
			t.Errorf("sign out with csrf=%q: %d %q, want 400 and the repeated field's message: %.2000s", vs, r.Status, r.Location, r.Body)
		}
		if r := b.get("/dashboard/"); r.Status != http.StatusOK {
			t.Fatalf("after the refused sign out with csrf=%q the overview answers %d: the form was taken", vs, r.Status)
		}
	}
	b.Header.Set("Accept", "application/json")
	r := b.post("/dashboard/signout", url.Values{"csrf": {token, token}})
	b.Header.Del("Accept")
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `"message":"The form gives the field \"csrf\" 2 times;`) {
		t.Errorf("sign out with csrf twice, as JSON: %d %s", r.Status, r.Body)
	}

	o := e.browser(t)
	signin := o.csrf("/dashboard/signin")
	r = o.post("/dashboard/signin", url.Values{"csrf": {signin, "x"}, "email": {e.Email}, "password": {e.Password}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, says) {
		t.Errorf("sign in with two csrf values: %d (to %q), want 400 and the repeated field's message: %.2000s", r.Status, r.Location, r.Body)
	}
	if r := o.get("/dashboard/"); r.Status != http.StatusSeeOther {
		t.Errorf("after the sign in with two csrf values the overview answers %d: it signed in", r.Status)
	}
	if r := o.signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Errorf("sign in with one csrf value: %d, want 303", r.Status)
	}
}

// An X-CSRF-Token header given twice is refused as a form's csrf field
// given twice is, whichever of the two is the session's (and with the
// right token in the form too): the first value was checked alone, so
// X-CSRF-Token: VALID and X-CSRF-Token: x was taken. Given once, it is.
func TestTwoCSRFHeadersAreRefused(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	token := b.csrf("/dashboard/")
	for _, vs := range [][]string{{token, "x"}, {"x", token}, {token, token}, {token, ""}} {
		for _, form := range []url.Values{{}, {"csrf": {token}}} {
			b.Header = http.Header{"X-Csrf-Token": vs}
			r := b.post("/dashboard/signout", form)
			b.Header = nil
			if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "This form has expired or did not come from this dashboard.") {
				t.Errorf("sign out with X-CSRF-Token %q and form %v: %d %q, want 403 and the expired form's message", vs, form, r.Status, r.Location)
			}
			if r := b.get("/dashboard/"); r.Status != http.StatusOK {
				t.Fatalf("after the refused sign out with X-CSRF-Token %q the overview answers %d: the form was taken", vs, r.Status)
			}
		}
	}
	b.Header = http.Header{"X-Csrf-Token": {token}}
	r := b.post("/dashboard/signout", nil)
	b.Header = nil
	if r.Status != http.StatusSeeOther {
		t.Errorf("sign out with one X-CSRF-Token: %d, want 303", r.Status)
	}
}

// A live stream's user= given twice is refused (400), as a page's own
// parameter given twice is: the first was read, so the stream was
// answered, or said signed out, by which came first.
func TestLiveStreamWithTwoUsersIsRefused(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page := b.get("/dashboard/")
	const attr = `data-user="`
	i := strings.Index(page.Body, attr)
	if i < 0 {
		t.Fatalf("the overview's body names no user:\n%.1000s", page.Body)
	}
	me, _, _ := strings.Cut(page.Body[i+len(attr):], `"`)
	other := "user_01m9000000000000000000000x"
	status := func(query string) (int, string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", e.URL+"/dashboard/live?"+query, nil)
		req.Header.Set("Accept", "text/event-stream")
		req.AddCookie(&http.Cookie{Name: "esahayak_session", Value: b.cookies["esahayak_session"].Value})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Content-Type")
	}
	for _, q := range []string{"user=" + me + "&user=" + other, "user=" + other + "&user=" + me, "user=" + me + "&user=" + me} {
		if got, ct := status(q); got != http.StatusBadRequest {
			t.Errorf("stream ?%s: %d %s, want 400", q, got, ct)
		}
	}
	if got, ct := status("user=" + me); got != http.StatusOK || !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("stream ?user=%s: %d %s, want 200 text/event-stream", me, got, ct)
	}
}

// A recovery from a time in the future is taken, as the API takes it
// (202, nothing recovered), and the page says why nothing matched: the
// time is in the future. It said "No failed deliveries matched" alone.
func TestRecoverFromTheFutureSaysSo(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page := "/dashboard/endpoints/" + createEndpoint(t, e, "https://127.0.0.1:9/hook")
	future := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Minute)
	for _, form := range []url.Values{
		{"since": {future.Format("2006-01-02T15:04")}},
		{"since": {future.Format("2006-01-02T15:04")}, "missed": {"1"}},
	} {
		r := b.postForm(page, page+"/recover", form)
		if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "notice=recovered") {
			t.Fatalf("recover %v = %d %q", form, r.Status, r.Location)
		}
		want := "Nothing was sent again: " + future.Format("2006-01-02 15:04:05") + " UTC is in the future"
		if body := b.get(r.Location).Body; !strings.Contains(body, want) {
			t.Errorf("recover %v: the page does not say %q:\n%.2000s", form, want, body)
		}
	}
	// A time in the past that matched nothing is worded as before.
	r := b.postForm(page, page+"/recover", url.Values{"since": {time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04")}})
	if body := b.get(r.Location).Body; !strings.Contains(body, "No failed deliveries matched") || strings.Contains(body, "in the future") {
		t.Errorf("a recovery from the past: %q, want no failed deliveries matched", r.Location)
	}
}
