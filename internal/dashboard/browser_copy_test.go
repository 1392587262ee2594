package dashboard_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// Each Copy button is named for what it copies: a screen reader listing
// the page's buttons heard "Copy" for the API key, the signing secret and
// the capture URL alike. The visible word stays "Copy" (the name holds
// it, so that a voice command "click Copy" still finds the button), and
// once copied the layout's status region says what was copied.
func TestBrowserCopyButtonsSayWhatTheyCopy(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	tb := signInTab(t, e)

	pages := []struct {
		what   string
		open   func()
		button string
		source string
	}{
		{"API key", func() {
			tb.do("create an API key", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)),
				chromedp.Click(button("Create API key")), chromedp.WaitVisible(css(`#new-key`)))
		}, `button[data-copy="#new-key"]`, `#new-key`},
		{"signing secret", func() {
			tb.do("reveal the signing secret", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`#endpoint-url`)),
				chromedp.Click(button("Reveal signing secret")), chromedp.WaitVisible(css(`#secret-current`)))
		}, `button[data-copy="#secret-current"]`, `#secret-current`},
		{"capture URL", func() {
			tb.do("create an inspector", chromedp.Navigate(e.URL+"/dashboard/inspector"),
				chromedp.Click(button("Create inspector URL")), chromedp.WaitVisible(css(`[data-capture-url]`)))
		}, `button[data-copy="#capture-url"]`, `#capture-url`},
	}
	for _, p := range pages {
		t.Run(p.what, func(t *testing.T) {
			tb.t = t
			p.open()
			tb.do("wait for the Copy button", chromedp.WaitVisible(css(p.button)))
			want := "Copy " + p.what
			names := axNames(tb, "button")
			found := false
			for _, n := range names {
				if n == "Copy" {
					t.Errorf("a button is named only %q (buttons: %q)", n, names)
				}
				found = found || n == want
			}
			if !found {
				t.Errorf("no button named %q (buttons: %q)", want, names)
			}
			if got := strings.TrimSpace(tb.text(p.button)); got != "Copy" {
				t.Errorf("the button shows %q; want Copy", got)
			}

			eval[bool](tb, `(function () {
				window.__copied = [];
				Object.defineProperty(navigator, "clipboard", { configurable: true,
					value: { writeText: function (s) { window.__copied.push(s); return Promise.resolve(); } } });
				return true;
			})()`)
			tb.do("click Copy", chromedp.Click(css(p.button)))
			testenv.Eventually(t, 5*time.Second, "the copy", func() bool { return eval[int](tb, `window.__copied.length`) == 1 })
			if got, src := eval[string](tb, `window.__copied[0]`), strings.TrimSpace(tb.text(p.source)); got != src {
				t.Errorf("copied %q; want %q", got, src)
			}
			// The word on the button changes for the eye alone. The API
			// key and the signing secret sit in a status region, which a
			// screen reader reads again whole (secret included) when any
			// text in it changes: "Copied" must not be text it can see.
			testenv.Eventually(t, 5*time.Second, "the button to show Copied", func() bool { return strings.TrimSpace(tb.text(p.button)) == "Copied" })
			if texts := axNames(tb, "StaticText"); slices.Contains(texts, "Copied") {
				t.Errorf("the button's Copied is in the accessibility tree, where a status region around it reads it (and its secret) aloud again")
			}
			said := p.what + " copied"
			testenv.Eventually(t, 5*time.Second, "the status region to say "+said, func() bool {
				return strings.EqualFold(strings.TrimSpace(announced(tb)), said)
			})

			// Without a clipboard (plain HTTP to another host) the text is
			// selected: the region says what was selected and how to copy it.
			eval[bool](tb, `(Object.defineProperty(navigator, "clipboard", { configurable: true, value: undefined }), true)`)
			tb.do("click Copy without a clipboard", chromedp.Click(css(p.button)))
			testenv.Eventually(t, 5*time.Second, "the status region to say how to copy", func() bool {
				s := strings.TrimSpace(announced(tb))
				return strings.HasPrefix(strings.ToLower(s), strings.ToLower(p.what)+" selected") && strings.Contains(s, "C to copy")
			})
		})
	}
	tb.t = t
	tb.noBrowserErrors(t)
}

// announced is what the layout's status region holds (it is visually
// hidden: read its text, not what is shown).
func announced(tb *tab) string {
	return strings.TrimSpace(eval[string](tb, `document.querySelector("[data-announce]").textContent`))
}
