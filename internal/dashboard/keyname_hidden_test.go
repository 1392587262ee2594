package dashboard_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestKeyNameRefusesInvisibleCharacters: a key name is held to the rule of
// an account's name (api.HiddenInName): zero-width and other invisible or
// formatting characters were taken, so "deploy" and "de\u200bploy" were two
// keys listed alike on Settings → API Access, and "\u2060" alone a key with
// a blank name. Each is refused (422) naming the character and where it
// is, and no key is made; the zero-width joiner and non-joiner are still
// taken where writing needs them (an emoji family, an Indic conjunct).
func TestKeyNameRefusesInvisibleCharacters(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	keys := func() int {
		k, err := e.Store.ListAPIKeys(context.Background(), e.AccountID)
		if err != nil {
			t.Fatal(err)
		}
		return len(k)
	}
	before := keys()
	for _, c := range []struct{ name, want string }{
		{"de\u200bploy", "U+200B at character 3"},
		{"deploy\u200d", "U+200D at character 7"}, // a joiner that joins nothing
		{"dep\u2060loy", "U+2060 at character 4"},
		{"\ufeffdeploy", "U+FEFF at character 1"},
		{"deploy \u202atest", "U+202A at character 8"},
		{"deploy \u2066test\u2069", "U+2066 at character 8"},
		{"ci\u200ebot", "U+200E at character 3"},
		{"ci\u00adbot", "U+00AD at character 3"}, // a soft hyphen, shown as nothing
		{"\u3164", "U+3164 at character 1"},      // a Hangul filler
	} {
		r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {c.name}})
		body := html.UnescapeString(r.Body)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(body, "The key name must not contain invisible, control or bidirectional formatting characters ("+c.want+"); remove it.") {
			t.Errorf("key name %+q: %d; want 422 naming %s:\n%.300s", c.name, r.Status, c.want, body)
		}
	}
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"\u0301\u0301"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(html.UnescapeString(r.Body), "The key name has no visible character") {
		t.Errorf("a key name of combining marks alone: %d; want 422, no visible character", r.Status)
	}
	if got := keys(); got != before {
		t.Fatalf("the account has %d keys, had %d: a refused name made a key", got, before)
	}
	for _, name := range []string{"\U0001F469\u200d\U0001F469\u200d\U0001F467 team", "क्\u200dष deploy", "می\u200cخواهم", "ci ❤️ bot"} {
		r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {name}})
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "esk_") {
			t.Errorf("key name %+q: %d; want it taken:\n%.300s", name, r.Status, html.UnescapeString(r.Body))
		}
	}
}
