package dashboard_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A key name holding a bidi control or a control character is refused
// with a message naming it, as an account's name is: it was
// saved, and the list showed it without the character ("a\u202eb" as
// "ab"), so the key was listed under another name than the one typed, and
// a name of bidi controls alone as nothing.
func TestBrowserKeyNameWithHiddenCharactersIsRefused(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	before, err := e.Store.ListAPIKeys(context.Background(), e.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, char string }{
		{"deploy \u202etset", "U+202E at character 8"},
		{"ci\x07bot", "U+0007 at character 3"},
	} {
		// Pasted, as such characters come: set as the field's value.
		tb.do("create a key named "+c.name, chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)))
		eval[bool](tb, `(document.getElementById("key-name").value = `+jsString(c.name)+`, true)`)
		tb.do("send the form", chromedp.Click(button("Create API key")), chromedp.WaitVisible(css(`#key-error, #new-key`)))
		if got := eval[bool](tb, `!!document.getElementById("new-key")`); got {
			t.Errorf("a key named %q was created", c.name)
			continue
		}
		got := eval[string](tb, `(document.getElementById("key-error") || {}).textContent || ""`)
		if !strings.Contains(got, "must not contain invisible, control or bidirectional formatting characters") || !strings.Contains(got, c.char) {
			t.Errorf("the refusal of %q says %q; want it to name %s", c.name, got, c.char)
		}
		if got := eval[string](tb, `document.activeElement.id`); got != "key-name" {
			t.Errorf("the focus is on %q; want the key name", got)
		}
		if got := eval[string](tb, `document.getElementById("key-name").getAttribute("aria-describedby") || ""`); got != "key-error" {
			t.Errorf("the field is described by %q; want the refusal", got)
		}
	}
	after, err := e.Store.ListAPIKeys(context.Background(), e.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("the account has %d keys, had %d: a refused name made a key", len(after), len(before))
	}
	tb.noBrowserErrors(t)
}

// jsString quotes s as a JavaScript string literal (JSON's, whose escapes
// JavaScript reads the same).
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
