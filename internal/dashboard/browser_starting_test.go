package dashboard_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/testenv"
)

// A dashboard used while its server restarts: serve answers from its
// address before the database is open (dashboard.Starting in front of
// api.Starting, as serve puts them). It answered the dashboard with the
// API's JSON, which the browser showed as the page, and a Send test event
// pressed meanwhile said nothing at all (its script reads the answer's
// "message"). The button now says the server is starting; a page opened
// meanwhile says so in words, styled, and comes back by itself once the
// server answers again. (cmd/esahayak's TestStartingServerAnswers503
// checks the same of serve itself.)
func TestBrowserDashboardWhileTheServerStarts(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	target, _ := url.Parse(e.URL)
	var starting atomic.Bool
	startingH := dashboard.Starting(api.Starting("test", "sqlite", nil))
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if starting.Load() {
			startingH.ServeHTTP(w, r)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	tb := newTab(t)
	tb.do("sign in", chromedp.Navigate(srv.URL+"/dashboard/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	tb.do("open the endpoint", chromedp.Navigate(srv.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(button("Send test event")))

	starting.Store(true)
	t.Run("Send test event", func(t *testing.T) {
		tb.t = t
		tb.do("send a test event", chromedp.Click(button("Send test event")))
		got := tb.textEventually(`[data-async-result]`, "starting")
		if !strings.Contains(got, "The server is starting") || !strings.Contains(got, "Nothing was done") {
			t.Errorf("the button's result while the server starts: %q; want it to say the server is starting and nothing was done", got)
		}
	})

	t.Run("a page opened meanwhile", func(t *testing.T) {
		tb.t = t
		tb.do("reload", chromedp.Navigate(srv.URL+"/dashboard/deliveries"), chromedp.WaitVisible(css(`h1`)))
		if h := tb.text(`h1`); h != "The dashboard is starting" {
			t.Errorf("heading %q; want The dashboard is starting", h)
		}
		if got := tb.text(`main`); !strings.Contains(got, "Reload this page") || strings.Contains(got, `"error"`) {
			t.Errorf("page while starting: %q", got)
		}
		// Styled as the dashboard: its stylesheet was served.
		if bg := eval[string](tb, `getComputedStyle(document.querySelector(".card")).backgroundColor`); bg == "rgba(0, 0, 0, 0)" {
			t.Errorf("the page's card has no background (%s): the stylesheet did not load", bg)
		}
		tb.screenshot("starting")
		starting.Store(false)
		testenv.Eventually(t, 20*time.Second, "the page to come back by itself once the server answers", func() bool {
			ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
			defer cancel()
			h, err := chromedp.Run(ctx, chromedp.Text(css(`h1`)))
			return err == nil && strings.TrimSpace(h) == "Deliveries"
		})
	})
	// The 503s themselves are logged by the browser as failed loads; any
	// other error (a script's, a CSP violation) fails the test.
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, m := range tb.errors {
		if !strings.Contains(m, "the server responded with a status of 503") {
			t.Errorf("browser reported: %s", m)
		}
	}
}
