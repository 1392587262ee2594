package dashboard_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The inspector's guide (docs/dashboard.md): create an inspector, click
// Create an endpoint for this URL, "send it a test event from its page"
// and watch it arrive. The inspector's page named the endpoint in its
// signature check but did not link to it, and the endpoint's page did not
// link back: a new user had to find the endpoint under Settings, send the
// test event, and find the inspector again under Inspector. Each page now
// links to the other, and the path is followed here by its links alone.
func TestBrowserInspectorAndItsEndpointLinkToEachOther(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	tb.do("create an inspector", chromedp.Navigate(e.URL+"/dashboard/inspector"), chromedp.Click(button("Create inspector URL")),
		chromedp.WaitVisible(css(`[data-capture-url]`)))
	inspectorPage := value(tb, "location", chromedp.Location())
	tb.do("point an endpoint at it", chromedp.Click(button("Create an endpoint for this URL")),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(@class, "flash-ok") and contains(., "Endpoint created")]`)))
	tb.do("follow the link to send it a test event",
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Send a test event to this endpoint"]`)),
		chromedp.WaitVisible(button("Send test event")))
	if loc := value(tb, "location", chromedp.Location()); !strings.Contains(loc, "/dashboard/endpoints/we_") {
		t.Fatalf("the link led to %s", loc)
	}
	tb.do("send a test event", chromedp.Click(button("Send test event")),
		chromedp.WaitVisible(css(`[data-async-result].ok`)))
	tb.do("follow the link back to the inspector",
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Its request inspector"]`)),
		chromedp.WaitVisible(css(`.capture .verdict-ok`)))
	if loc := value(tb, "location", chromedp.Location()); strings.Split(loc, "?")[0] != strings.Split(inspectorPage, "?")[0] {
		t.Errorf("the link back led to %s, want %s", loc, inspectorPage)
	}
	tb.noBrowserErrors(t)
}
