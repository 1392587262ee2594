package dashboard_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestUnreadableFormSaysWhy: a form with a bad percent-escape, fields
// separated by ";", a value holding a NUL or bytes that are not UTF-8, or
// a Content-Type that is no media type was answered 400 "The request could
// not be read.", whoever made it (a script, curl) left to guess. It is
// still a 400 and nothing is done; the page says what was wrong.
func TestUnreadableFormSaysWhy(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	csrf := url.QueryEscape(b.csrf("/dashboard/inspector"))
	post := func(body, contentType string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, e.URL+"/dashboard/inspector", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", contentType)
		for _, c := range b.cookies {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		}
		resp, err := b.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, html.UnescapeString(string(out))
	}
	const form = "application/x-www-form-urlencoded"
	for _, tc := range []struct{ body, contentType, want string }{
		{"csrf=" + csrf + "&note=100%zz", form, `"%zz" is not a percent-escape (a % is sent as %25)`},
		{"csrf=" + csrf + ";note=1", form, `its fields are separated by ";"`},
		{"csrf=" + csrf + "&note=a%00b", form, `its field "note" holds a NUL character`},
		{"csrf=" + csrf + "&note=caf%E9", form, `its field "note" holds bytes that are not UTF-8`},
		{"csrf=" + csrf + "&note=1", "application/x-www-form-urlencoded; =", "its Content-Type is not a media type"},
	} {
		st, page := post(tc.body, tc.contentType)
		if st != http.StatusBadRequest || !strings.Contains(page, "The form could not be read: ") || !strings.Contains(page, tc.want) {
			i := max(strings.Index(page, "<main"), 0)
			t.Errorf("%q (%s) = %d, without %q:\n%.800s", tc.body, tc.contentType, st, tc.want, page[i:])
		}
	}
	if list := b.get("/dashboard/inspector").Body; strings.Contains(list, "/dashboard/inspector/insp_") {
		t.Errorf("an unreadable form made an inspector")
	}
	// The same form, readable, makes one.
	if st, _ := post("csrf="+csrf+"&note=1", form); st != http.StatusSeeOther || !strings.Contains(b.get("/dashboard/inspector").Body, "/dashboard/inspector/insp_") {
		t.Errorf("a readable form = %d, or made no inspector", st)
	}
}

// TestUnreadableFormAddressSaysSo: a form sent to an address whose query
// cannot be read (a link or a script that added ?x=%zz or ?x=caf%E9 to
// the form's action) was refused in the words of an unreadable form:
// "The form could not be read: its field "x" holds bytes that are not
// UTF-8", of a field the form does not have and a form that was fine.
// Still a 400 with nothing done; the page now says it is the address.
func TestUnreadableFormAddressSaysSo(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	csrf := url.QueryEscape(b.csrf("/dashboard/inspector"))
	for _, tc := range []struct{ query, want string }{
		{"x=100%zz", `The address this form was sent to could not be read: "%zz" is not a percent-escape (a % is sent as %25).`},
		{"x=1;y=2", `The address this form was sent to could not be read: its parameters are separated by ";"`},
		{"x=caf%E9", `The address this form was sent to could not be read: its parameter "x" holds bytes that are not UTF-8.`},
		{"x=a%00b", `The address this form was sent to could not be read: its parameter "x" holds a NUL character (%00).`},
	} {
		req, err := http.NewRequest(http.MethodPost, e.URL+"/dashboard/inspector?"+tc.query, strings.NewReader("csrf="+csrf+"&note=1"))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range b.cookies {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		}
		resp, err := b.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := html.UnescapeString(string(out))
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, tc.want) || strings.Contains(page, "The form could not be read") {
			i := max(strings.Index(page, "<main"), 0)
			t.Errorf("?%s = %d, without %q:\n%.800s", tc.query, resp.StatusCode, tc.want, page[i:])
		}
	}
	if list := b.get("/dashboard/inspector").Body; strings.Contains(list, "/dashboard/inspector/insp_") {
		t.Errorf("a form sent to an unreadable address made an inspector")
	}
}
