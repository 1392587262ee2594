package dashboard_test

import (
	"net/url"
	"regexp"
	"testing"
)

// Each page's Copy button is named for what it copies: all three were
// named "Copy", so that a screen reader listing buttons heard three alike.
// The name starts with the visible word, so that "click Copy" said to
// voice control still finds it; data-copy-what is what app.js says once
// the text is copied ("API key copied").
func TestCopyButtonsAreNamedForWhatTheyCopy(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hook")
	page := "/dashboard/endpoints/" + ep
	inspector, _ := newInspector(t, e, b)
	key := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"k"}}).Body
	copyButton := regexp.MustCompile(`<button[^>]*data-copy=[^>]*>(?:<span aria-hidden="true">)?([^<]*)(?:</span>)?</button>`)
	attr := func(tag, name string) string {
		m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return ""
		}
		return m[1]
	}
	for _, c := range []struct {
		page, body string
		whats      []string // the page's Copy buttons, in order
	}{
		{"new key", key, []string{"API key"}},
		{"secret", b.postForm(page, page+"/secret", nil).Body, []string{"signing secret"}},
		{"inspector", b.get(inspector).Body, []string{"capture URL", "curl command"}},
	} {
		m := copyButton.FindAllStringSubmatch(c.body, -1)
		if len(m) != len(c.whats) {
			t.Fatalf("%s: %d Copy buttons; want %d", c.page, len(m), len(c.whats))
		}
		for i, what := range c.whats {
			btn, text := m[i][0], m[i][1]
			if text != "Copy" {
				t.Errorf("%s: the button shows %q; want Copy", c.page, text)
			}
			if got, want := attr(btn, "aria-label"), "Copy "+what; got != want {
				t.Errorf("%s: the button is named %q; want %q: %s", c.page, got, want, btn)
			}
			if got := attr(btn, "data-copy-what"); got != what {
				t.Errorf("%s: data-copy-what=%q; want %q, for the words said once copied", c.page, got, what)
			}
		}
	}
}
