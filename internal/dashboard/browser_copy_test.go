package dashboard_test

import (
	"slices"
	"strconv"
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
	tb := signedInTab(t, e)

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
		// The inspector's curl line, three lines to select by hand (on a
		// phone, a drag across a scrolling box), had no Copy button.
		{"curl command", func() {
			tb.do("create an inspector", chromedp.Navigate(e.URL+"/dashboard/inspector"),
				chromedp.Click(button("Create inspector URL")), chromedp.WaitVisible(css(`[data-capture-url]`)))
		}, `button[data-copy="#capture-curl"]`, `#capture-curl`},
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

			// What the button and the status region show is recorded as it
			// changes, and the test waits for the record: "Copied" shows
			// for 1.5 s, which a test reading the page now and then under
			// load could miss, and then failed after a fixed 5 s.
			eval[bool](tb, `(function () {
				window.__copied = [];
				Object.defineProperty(navigator, "clipboard", { configurable: true,
					value: { writeText: function (s) { window.__copied.push(s); return Promise.resolve(); } } });
				window.__shown = [];
				window.__said = [];
				var sel = `+strconv.Quote(p.button)+`;
				new MutationObserver(function () {
					var b = document.querySelector(sel), region = document.querySelector("[data-announce]");
					if (b) {
						var hidden = b.querySelector("[aria-hidden=true]");
						var text = b.textContent.trim();
						var last = window.__shown[window.__shown.length - 1];
						if (!last || last.text !== text) window.__shown.push({ text: text, hidden: !!hidden && hidden.textContent.trim() === text });
					}
					var said = region ? region.textContent.trim() : "";
					if (said && window.__said[window.__said.length - 1] !== said) window.__said.push(said);
				}).observe(document.body, { subtree: true, childList: true, characterData: true });
				return true;
			})()`)
			tb.do("click Copy", chromedp.Click(css(p.button)))
			testenv.Eventually(t, copyWait, "the copy", func() bool { return eval[int](tb, `window.__copied.length`) == 1 })
			if got, src := eval[string](tb, `window.__copied[0]`), strings.TrimSpace(tb.text(p.source)); got != src {
				t.Errorf("copied %q; want %q", got, src)
			}
			// The word on the button changes for the eye alone. The API
			// key and the signing secret sit in a status region, which a
			// screen reader reads again whole (secret included) when any
			// text in it changes: "Copied" must not be text it can see.
			type shown struct {
				Text   string `json:"text"`
				Hidden bool   `json:"hidden"`
			}
			var copied *shown
			testenv.Eventually(t, copyWait, "the button to show Copied", func() bool {
				for _, s := range eval[[]shown](tb, `window.__shown`) {
					if s.Text == "Copied" {
						copied = &s
						return true
					}
				}
				return false
			})
			if !copied.Hidden {
				t.Errorf("the button's Copied is outside its aria-hidden span, in the accessibility tree, where a status region around it reads it (and its secret) aloud again")
			}
			// While it still shows (1.5 s), the browser's own tree says so too.
			if texts := axNames(tb, "StaticText"); slices.Contains(texts, "Copied") {
				t.Errorf("the button's Copied is in the accessibility tree, where a status region around it reads it (and its secret) aloud again")
			}
			said := p.what + " copied"
			testenv.Eventually(t, copyWait, "the status region to say "+said, func() bool {
				return slices.ContainsFunc(eval[[]string](tb, `window.__said`), func(s string) bool { return strings.EqualFold(s, said) })
			})

			// Without a clipboard (plain HTTP to another host) the text is
			// selected: the region says what was selected and how to copy it.
			eval[bool](tb, `(Object.defineProperty(navigator, "clipboard", { configurable: true, value: undefined }), true)`)
			tb.do("click Copy without a clipboard", chromedp.Click(css(p.button)))
			testenv.Eventually(t, copyWait, "the status region to say how to copy", func() bool {
				return slices.ContainsFunc(eval[[]string](tb, `window.__said`), func(s string) bool {
					return strings.HasPrefix(strings.ToLower(s), strings.ToLower(p.what)+" selected") && strings.Contains(s, "C to copy")
				})
			})
		})
	}
	tb.t = t
	tb.noBrowserErrors(t)
}

// copyWait bounds each wait of TestBrowserCopyButtonsSayWhatTheyCopy: the
// waits poll a record the page keeps, so they end as soon as it holds what
// they wait for, and the bound is for a machine under heavy load only.
const copyWait = 30 * time.Second
