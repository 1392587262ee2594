package dashboard_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserURLWithoutSchemeSaysSo: a URL typed without its scheme but
// with a port — the guide's local server, localhost:3000/webhooks/esahayak,
// or a host with its own port — reads to a URL parser as one whose scheme
// is the host, and Save Webhook answered "The URL must use https:// or, on
// this server, http:// (the localhost scheme is not supported).", naming a
// scheme the person never wrote. The message says the scheme is missing
// and shows the URL with it; nothing is saved.
func TestBrowserURLWithoutSchemeSaysSo(t *testing.T) {
	for _, c := range []struct {
		name   string
		secure bool
		typed  string
		want   []string
		not    string
	}{
		{"local server", false, "localhost:3000/webhooks/esahayak",
			[]string{"must start with https://", "https://localhost:3000/webhooks/esahayak", "http://localhost:3000/webhooks/esahayak"}, ""},
		{"https only", true, "hooks.example.com:8443/esahayak",
			[]string{"must start with https://", "https://hooks.example.com:8443/esahayak"}, ""},
		// On a server that takes public addresses only, writing
		// https:// before localhost is refused next: the message says
		// so at once and offers what works instead.
		{"local server, https only", true, "localhost:3000/webhooks/esahayak",
			[]string{"must start with https://", "localhost is a loopback address", "--allow-insecure-urls", "esahayak listen"}, "https://localhost"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := startEnv(t, envOptions{Options: testenv.Options{Secure: c.secure}})
			tb := signedInTab(t, e)
			tb.do("enter the URL without its scheme and click Save Webhook",
				chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#webhook-url`)),
				chromedp.SendKeys(css(`#webhook-url`), c.typed),
				chromedp.Click(button("Save Webhook")),
				chromedp.WaitVisible(css(`#url-error`)))
			msg := tb.text(`#url-error`)
			if strings.Contains(msg, "scheme is not supported") {
				t.Errorf("the message names a scheme nobody wrote: %q", msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q; want it to say %q", msg, w)
				}
			}
			if c.not != "" && strings.Contains(msg, c.not) {
				t.Errorf("message %q; it offers %q, which the server refuses next", msg, c.not)
			}
			if v := eval[string](tb, `document.getElementById("webhook-url").value`); v != c.typed {
				t.Errorf("the field holds %q; want what was typed, %q", v, c.typed)
			}
			if n := eval[int](tb, `document.querySelectorAll("tr[data-endpoint-id]").length`); n != 0 {
				t.Errorf("%d endpoints listed; want none saved", n)
			}
			tb.noBrowserErrors(t)
		})
	}

	// On a phone the message, which shows the URL twice, wraps within
	// the screen.
	t.Run("phone", func(t *testing.T) {
		e := startEnv(t, envOptions{})
		tb := signedInTab(t, e)
		typed := "localhost:3000/" + strings.Repeat("webhooks", 10)
		tb.do("save a long URL without its scheme on a phone", phone,
			chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#webhook-url`)),
			chromedp.SetValue(css(`#webhook-url`), typed),
			chromedp.Click(button("Save Webhook")),
			chromedp.WaitVisible(css(`#url-error`)))
		if msg := tb.text(`#url-error`); !strings.Contains(msg, "https://"+typed) {
			t.Fatalf("message %q; want the URL shown with https://", msg)
		}
		if w := eval[int](tb, `document.documentElement.scrollWidth`); w > 375 {
			t.Errorf("with the message shown the page is %d px wide on a 375 px phone", w)
		}
		tb.noBrowserErrors(t)
	})
}
