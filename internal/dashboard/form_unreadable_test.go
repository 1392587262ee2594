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
