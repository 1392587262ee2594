package dashboard_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

var urlErrorRE = regexp.MustCompile(`(?s)<p class="field-error" id="url-error" role="alert">(.*?)</p>`)

// urlError is the message under a form's URL field, as text.
func urlError(t *testing.T, r response) string {
	t.Helper()
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("the form was answered %d; want 422 with a message under the URL", r.Status)
	}
	m := urlErrorRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no message under the URL field:\n%s", r.Body)
	}
	return html.UnescapeString(m[1])
}

// A URL refused in the Save Webhook form or on an endpoint's page is
// refused with what to do about it: "The URL must not contain
// credentials." and "… a fragment." left the person to work out which
// part that was and what to do instead, and "… at most 2048 characters."
// did not say how long the URL was. Each is the API's invalid_url or
// url_not_https, as docs/api.md says.
func TestURLFieldMessagesSayWhatToDo(t *testing.T) {
	long := "/" + strings.Repeat("a", 2100)
	cases := []struct {
		name, url string
		want      []string // every one in the message
	}{
		{"credentials", "https://user:pw@%s/hook", []string{"user name or password", "user:password@", "remove"}},
		{"user only", "https://user@%s/hook", []string{"user name or password", "remove"}},
		{"fragment", "https://%s/hook#part", []string{"fragment", "the part from #", "remove"}},
		{"too long", "https://%s" + long, []string{"at most 2048 characters", "has 2", "shorten"}},
		{"space", "https://%s/a b", []string{"whitespace", "remove", "%20"}},
	}

	t.Run("new endpoint, https only", func(t *testing.T) {
		// Refused before anything is dialled: the URLs' host is never reached.
		e := startEnv(t, envOptions{Options: testenv.Options{Secure: true}})
		b := e.signedIn(t)
		save := func(u string) string {
			return urlError(t, b.postForm("/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{"url": {u}, "events": {"stamp.uploaded"}}))
		}
		// http:// names what to use instead.
		if msg := save("http://203.0.113.7/hook"); !strings.Contains(msg, "must use https://") {
			t.Errorf("http:// URL: %q; want it to say to use https://", msg)
		}
		for _, c := range cases {
			msg := save(strings.Replace(c.url, "%s", "203.0.113.7", 1))
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s: %q; want it to say %q", c.name, msg, w)
				}
			}
		}
	})

	t.Run("endpoint's page", func(t *testing.T) {
		e := startEnv(t, envOptions{})
		rc := newReceiver(t)
		ep := createEndpoint(t, e, rc.URL+"/hook")
		b := e.signedIn(t)
		page := "/dashboard/endpoints/" + ep
		host := strings.TrimPrefix(rc.URL, "http://")
		for _, c := range cases {
			u := strings.Replace(strings.Replace(c.url, "https://", "http://", 1), "%s", host, 1)
			msg := urlError(t, b.postForm(page, page, url.Values{"url": {u}, "events": {"stamp.uploaded"}}))
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s: %q; want it to say %q", c.name, msg, w)
				}
			}
		}
	})
}

// A URL typed without its scheme (host:port/path) is told so on an
// endpoint's page too, and a long one is not repeated whole; a URL with a
// scheme that is not http(s) keeps the API's words, which name it.
func TestURLWithoutSchemeMessages(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	b := e.signedIn(t)
	page := "/dashboard/endpoints/" + ep
	long := "localhost:3000/" + strings.Repeat("a", 200)
	for _, c := range []struct{ typed, want, not string }{
		{"localhost:3000/hooks", "write https://localhost:3000/hooks, or http://localhost:3000/hooks", "scheme is not supported"},
		{"localhost:3000", "write https://localhost:3000, or http://localhost:3000", "scheme is not supported"},
		{long, "add it before the host", long},
		{"ftp://127.0.0.1/x", "(the ftp scheme is not supported)", "start with"},
		{"mailto:a@example.com", "(the mailto scheme is not supported)", "start with"},
	} {
		msg := urlError(t, b.postForm(page, page, url.Values{"url": {c.typed}, "events": {"stamp.uploaded"}}))
		if !strings.Contains(msg, c.want) || strings.Contains(msg, c.not) {
			t.Errorf("%.40q: %q; want it to say %q and not %.40q", c.typed, msg, c.want, c.not)
		}
	}
}
