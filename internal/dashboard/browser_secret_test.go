package dashboard_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserShownSecretFollowsARotationElsewhere: an endpoint's page
// showing the secret it revealed went on calling it "Current secret",
// with its Copy button, after the secret was rotated in another tab or
// through the API (a rotation told open pages nothing), so a person
// copied into their receiver a secret that stops signing 24 hours later.
// The page now takes the shown secret away, saying why, and Reveal shows
// the new one; the page's own rotation is not taken for one elsewhere.
func TestBrowserShownSecretFollowsARotationElsewhere(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/secret")
	tb := signedInTab(t, e)
	reveal := func(what string) string {
		t.Helper()
		tb.do(what, chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`#endpoint-description`)),
			chromedp.Click(button("Reveal signing secret")), chromedp.WaitVisible(css(`#secret-current`)))
		tb.waitLive()
		return tb.text("#secret-current")
	}
	old := reveal("reveal the secret")

	st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/rotate_secret", e.APIKey, nil)
	if st != http.StatusOK {
		t.Fatalf("rotate: %d %s", st, body)
	}
	rotated := testenv.JSON(t, body)["secret"].(string)
	tb.do("wait for the page to say the secret was rotated", chromedp.WaitVisible(css(`#secret [data-secret-stale]`)))
	if n := eval[int](tb, `document.querySelectorAll("#secret-current, #secret [data-shown-version]").length`); n != 0 {
		t.Errorf("after a rotation elsewhere, the page still shows %d secret boxes", n)
	}
	if eval[bool](tb, `document.body.textContent.indexOf(`+jsString(old)+`) >= 0`) {
		t.Errorf("after a rotation elsewhere, the page still shows the old secret as current")
	}
	if got := reveal("reveal the secret again"); got != rotated {
		t.Errorf("Reveal after the rotation shows %q, want the new secret %q", got, rotated)
	}

	// Rotated here: the new secret stays, also after the page has caught
	// up with a change made since (the description, through the API).
	tb.do("rotate here", chromedp.Click(button("Rotate secret")), chromedp.WaitVisible(css(`#secret-current`)))
	tb.textEventually("#secret-answer", "Secret rotated.")
	tb.waitLive()
	mine := tb.text("#secret-current")
	if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"description": "caught up"}); st != http.StatusOK {
		t.Fatalf("edit: %d %s", st, body)
	}
	testenv.Eventually(t, 15*time.Second, "the page to show the edit", func() bool {
		return eval[string](tb, `document.getElementById("endpoint-description").value`) == "caught up"
	})
	if got := eval[string](tb, `(document.getElementById("secret-current") || {}).textContent || ""`); got != mine || strings.Contains(eval[string](tb, `document.getElementById("secret").textContent`), "was rotated since") {
		t.Errorf("after its own rotation and a catch-up, the page shows secret %q (want %q) or says it was rotated elsewhere", got, mine)
	}
	tb.noBrowserErrors(t)
}
