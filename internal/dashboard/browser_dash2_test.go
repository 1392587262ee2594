package dashboard_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserEndpointPageFollowsAnEdit: an endpoint edited through the API
// (or another tab) while its page is open: the page's heading and its
// settings form showed the old URL, description and events until
// reloaded. They follow live now, except a field the person has changed,
// which keeps their value; a save then sends only that field, and puts
// back nothing of the edit.
func TestBrowserEndpointPageFollowsAnEdit(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": rc.URL + "/old", "description": "old"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	ep := testenv.JSON(t, body)["id"].(string)
	tb := signedInTab(t, e)
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`#endpoint-description`)))
	tb.waitLive()

	patch := func(what string, change map[string]any) {
		t.Helper()
		if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, change); st != http.StatusOK {
			t.Fatalf("%s: %d %s", what, st, body)
		}
	}
	shown := func() string {
		return eval[string](tb, `JSON.stringify([document.querySelector("h1[title]").title, document.getElementById("endpoint-url").value,
			document.getElementById("endpoint-description").value,
			Array.from(document.querySelectorAll("input[name=events]:checked")).map(function (c) { return c.value; })])`)
	}
	patch("edit through the API", map[string]any{"url": rc.URL + "/new", "description": "new"})
	wantShown := fmt.Sprintf(`[%q,%q,%q,%s]`, rc.URL+"/new", rc.URL+"/new", "new", jsonList(order.EventTypes))
	testenv.Eventually(t, 10*time.Second, "the page to show the edit", func() bool { return shown() == wantShown })

	// The person changes the description; the API changes everything.
	tb.do("change the description", chromedp.SendKeys(css(`#endpoint-description`), " mine"))
	patch("edit again", map[string]any{"url": rc.URL + "/newer", "description": "api", "events": []string{order.EventTypes[0]}})
	wantShown = fmt.Sprintf(`[%q,%q,%q,%s]`, rc.URL+"/newer", rc.URL+"/newer", "new mine", jsonList(order.EventTypes[:1]))
	testenv.Eventually(t, 10*time.Second, "the page to show the second edit, but the description typed", func() bool { return shown() == wantShown })

	tb.do("save", chromedp.Click(button("Save changes")), chromedp.WaitVisible(css(`.flash`)))
	st, body = e.Do(t, "GET", "/v1/webhook_endpoints/"+ep, e.APIKey, nil)
	if st != 200 {
		t.Fatalf("get endpoint = %d", st)
	}
	got := testenv.JSON(t, body)
	var events []string
	for _, ev := range got["events"].([]any) {
		events = append(events, ev.(string))
	}
	if got["url"] != rc.URL+"/newer" || got["description"] != "new mine" || !slices.Equal(events, order.EventTypes[:1]) {
		t.Errorf("after the save: %v %v %v; want the API's URL and events, and the description typed", got["url"], got["description"], events)
	}
	tb.noBrowserErrors(t)
}

func jsonList(l []string) string {
	out := "["
	for i, s := range l {
		if i > 0 {
			out += ","
		}
		out += fmt.Sprintf("%q", s)
	}
	return out + "]"
}
