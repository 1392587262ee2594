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
