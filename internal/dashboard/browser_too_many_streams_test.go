package dashboard_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserTooManyLiveViewsSaysWhy: with the account's 32 live streams
// open elsewhere (tabs of its users), one more page's stream is answered
// 429, which an EventSource does not tell its page: the page said only
// "Reconnecting…", every 15 seconds, as if the server were down. It now
// says at its top that too many live pages are open and to close some,
// and once a place is free it is Live again without the notice.
func TestBrowserTooManyLiveViewsSaysWhy(t *testing.T) {
	e := startEnv(t, envOptions{})
	other := e.signedIn(t)
	cookie := "esahayak_session=" + other.cookies["esahayak_session"].Value
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	streamsCtx, closeStreams := context.WithCancel(ctx)
	defer closeStreams()
	for range 32 {
		openStreamUpTo(streamsCtx, t, e.URL+"/dashboard/live", cookie, ": connected")
	}

	tb := signedInTab(t, e)
	tb.do("open the deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries"), chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
	testenv.Eventually(t, 15*time.Second, "the page to say why it does not update", func() bool {
		return eval[bool](tb, `!!document.querySelector("main [data-too-many]")`)
	})
	got := strings.Join(strings.Fields(tb.text(`[data-too-many]`)), " ")
	for _, want := range []string{"too many live dashboard pages are open", "Close the dashboard tabs you do not need", "tries again every 15 seconds"} {
		if !strings.Contains(got, want) {
			t.Errorf("the notice %q does not say %q", got, want)
		}
	}
	if role := eval[string](tb, `document.querySelector("[data-too-many]").getAttribute("role") || ""`); role != "alert" {
		t.Errorf("the notice's role is %q, want alert", role)
	}
	if b := tb.text(`[data-live-indicator]`); b != "Too many tabs" {
		t.Errorf("the live badge says %q, want Too many tabs", b)
	}

	closeStreams()
	testenv.Eventually(t, 40*time.Second, "the page to be Live once the other streams closed", func() bool {
		return eval[string](tb, `document.querySelector("[data-live-indicator]").textContent`) == "Live"
	})
	if eval[bool](tb, `!!document.querySelector("[data-too-many]")`) {
		t.Errorf("the page is Live again but still says too many live pages are open")
	}
	tb.noBrowserErrors(t)
}
