package dashboard_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// signInTab signs the env's user in on a new tab.
func signInTab(t *testing.T, e *env) *tab {
	t.Helper()
	tb := newTab(t)
	tb.do("sign in", chromedp.Navigate(e.URL+"/dashboard/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	return tb
}

// doubleClick clicks the centre of sel twice in quick succession, as a
// person's double click on a button does.
func doubleClick(tb *tab, sel string) {
	tb.t.Helper()
	box := eval[[]float64](tb, `(function () { var b = document.querySelector('`+sel+`'); b.scrollIntoView({block: "center"});
		var r = b.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	tb.do("double click "+sel, chromedp.MouseClickXY(box[0], box[1]), chromedp.MouseClickXY(box[0], box[1], chromedp.ClickCount(2)))
}

func browserErrors(t *testing.T, tb *tab) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.errors {
		t.Errorf("browser reported: %s", e)
	}
}

// A double click on Create inspector URL (a person used to double
// clicking, or a click that seemed not to take) makes one inspector.
func TestBrowserCreateInspectorDoubleClick(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signInTab(t, e)
	tb.do("open the inspectors", chromedp.Navigate(e.URL+"/dashboard/inspector"), chromedp.WaitVisible(button("Create inspector URL")))
	doubleClick(tb, `form[action="/dashboard/inspector"] button`)
	tb.do("the inspector's page", chromedp.WaitVisible(css(`[data-capture-url]`)))
	time.Sleep(time.Second) // a second post, if any, has been answered
	tb.do("back to the list", chromedp.Navigate(e.URL+"/dashboard/inspector"), chromedp.WaitVisible(css(`#list-title`)))
	rows := eval[[]string](tb, `Array.prototype.map.call(document.querySelectorAll('a[href^="/dashboard/inspector/insp_"]'), function (a) { return a.textContent.trim(); })`)
	if len(rows) != 1 {
		t.Fatalf("a double click on Create inspector URL made %d inspectors: %s", len(rows), strings.Join(rows, ", "))
	}
	browserErrors(t, tb)
}

// A key name the server refuses as too long (the field takes 200 UTF-16
// units, the server 100 characters) comes back in the field, focused, to
// be shortened: it came back empty, to be typed again from nothing.
func TestBrowserTooLongKeyNameIsKept(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signInTab(t, e)
	name := strings.Repeat("production server ", 7) // 126 characters
	tb.do("create a key with a long name", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)),
		chromedp.SendKeys(css(`#key-name`), name), chromedp.Click(button("Create API key")),
		chromedp.WaitVisible(css(`#key-error`)))
	if got := tb.text(`#key-error`); !strings.Contains(got, "at most 100 characters") {
		t.Fatalf("the refusal says %q", got)
	}
	if got := eval[string](tb, `document.getElementById("key-name").value`); got != strings.TrimSpace(name) {
		t.Errorf("the refused name came back as %q; want it as typed", got)
	}
	if got := eval[string](tb, `document.activeElement.id`); got != "key-name" {
		t.Errorf("the focus is on %q; want the key name", got)
	}
	browserErrors(t, tb)
}
