package dashboard_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// On a phone, tables become stacked cards whose cells lay out their
// parts side by side; an empty list's message is one sentence and must
// read as one: Orders' "Orders are created with POST /v1/orders." put
// the code in a column of its own beside the wrapped text, and the full
// stop in a third.
func TestBrowserEmptyListMessageReadsAsASentenceOnAPhone(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signInTab(t, e)
	tb.do("a phone's screen", chromedp.EmulateViewport(375, 667, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	tb.do("open Orders", chromedp.Navigate(e.URL+"/dashboard/orders"), chromedp.WaitVisible(css(`tr.empty-row code`)))
	type layout struct {
		Display  string  `json:"display"`
		TextTop  float64 `json:"textTop"`  // the last line of the text before the code
		CodeTop  float64 `json:"codeTop"`  // the code's first line
		Gap      float64 `json:"gap"`      // from that line's end to the code
		AfterGap float64 `json:"afterGap"` // from the code's end to the full stop
	}
	l := eval[layout](tb, `(function () {
		var td = document.querySelector("tr.empty-row td"), code = td.querySelector("code");
		var before = document.createRange(); before.setStart(td, 0); before.setEndBefore(code);
		var after = document.createRange(); after.setStartAfter(code); after.setEnd(td, td.childNodes.length);
		var lines = before.getClientRects(), last = lines[lines.length - 1];
		var c = code.getClientRects(), cf = c[0], cl = c[c.length - 1], stop = after.getClientRects()[0];
		return { display: getComputedStyle(td).display, textTop: last.top, codeTop: cf.top, gap: cf.left - last.right, afterGap: stop.left - cl.right };
	})()`)
	tb.screenshot("phone-orders-empty")
	if l.CodeTop < l.TextTop-4 || l.Gap > 12 || l.AfterGap > 4 {
		t.Errorf("the empty Orders message at 375 px is not laid out as a sentence (cell display %s): the code starts %.0f px from the text's last line (%.0f px above it) and the full stop %.0f px after the code",
			l.Display, l.Gap, l.TextTop-l.CodeTop, l.AfterGap)
	}
	browserErrors(t, tb)
}
