package dashboard_test

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// wordsLeftToRight reports whether the words (each the last occurrence in
// the element at sel's text) are drawn in that order, line by line and
// left to right, as the address they belong to reads.
func wordsLeftToRight(tb *tab, sel string, words ...string) (bool, string) {
	tb.t.Helper()
	js := `(function (sel, words) {
		var root = document.querySelector(sel), nodes = [], n;
		if (!root) return "no " + sel;
		var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		while ((n = walker.nextNode())) nodes.push(n);
		var prev = null, out = [];
		for (var w = 0; w < words.length; w++) {
			var box = null;
			for (var i = nodes.length - 1; i >= 0 && !box; i--) {
				var k = nodes[i].data.lastIndexOf(words[w]);
				if (k < 0) continue;
				var r = document.createRange();
				r.setStart(nodes[i], k); r.setEnd(nodes[i], k + words[w].length);
				box = r.getBoundingClientRect();
			}
			if (!box) return "no " + words[w];
			out.push(words[w] + "@" + Math.round(box.left) + "," + Math.round(box.top));
			if (prev && (box.top > prev.bottom - 2 ? false : box.left < prev.right - 1)) return "out of order: " + out.join(" ");
			prev = box;
		}
		return "";
	})(` + jsString(sel) + `, [` + jsStrings(words) + `])`
	got := eval[string](tb, js)
	return got == "", got
}

func jsStrings(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = jsString(s)
	}
	return strings.Join(out, ", ")
}

// TestBrowserRightToLeftPathSegmentsKeepTheirOrder: a URL whose path has
// right-to-left segments (Hebrew here) was drawn with those segments run
// together as one right-to-left run: ".../hooks/שלום/עולם/1" read
// ".../hooks/1/עולם/שלום" in the endpoint's heading, Settings' list and
// the inspector's request path (and, without JavaScript, Delete
// endpoint's question), an address other than the one stored or
// requested. Each segment is now isolated, so the address reads left to
// right, segment by segment.
func TestBrowserRightToLeftPathSegmentsKeepTheirOrder(t *testing.T) {
	e := startEnv(t, envOptions{})
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": "http://127.0.0.1:9/hooks/שלום/עולם/1"})
	if st != http.StatusCreated {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	ep := testenv.JSON(t, body)["id"].(string)
	tb := signedInTab(t, e)
	words := []string{"hooks", "שלום", "עולם", "1"}
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`[data-endpoint-heading]`)))
	if ok, why := wordsLeftToRight(tb, `[data-endpoint-heading]`, words...); !ok {
		tb.screenshot("rtl-path-heading")
		t.Errorf("the endpoint's heading %q does not read in the URL's order: %s", tb.text(`[data-endpoint-heading]`), why)
	}
	tb.do("open Settings", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`a[href="/dashboard/endpoints/`+ep+`"]`)))
	if ok, why := wordsLeftToRight(tb, `a[href="/dashboard/endpoints/`+ep+`"]`, words...); !ok {
		t.Errorf("Settings' endpoint list does not read in the URL's order: %s", why)
	}

	// Without JavaScript, Delete endpoint asks on a page of its own, whose
	// question ends with the URL.
	tb.do("JavaScript off", scriptsOff(true))
	tb.do("ask to delete the endpoint", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(button("Delete endpoint")),
		chromedp.Click(button("Delete endpoint")), chromedp.WaitVisible(css(`#confirm-title`)))
	if ok, why := wordsLeftToRight(tb, `#confirm-title`, append([]string{"Delete"}, words...)...); !ok {
		tb.screenshot("rtl-path-confirm")
		t.Errorf("the question %q does not read in the URL's order: %s", tb.text(`#confirm-title`), why)
	}
	tb.do("JavaScript back on", scriptsOff(false))

	// A request to an inspector, its path sent as raw UTF-8 (as curl sends it).
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	target := strings.TrimPrefix(captureURL, e.URL) + "/שלום/עולם/1"
	if _, err := conn.Write([]byte("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode >= 300 {
		t.Fatalf("the capture: %v %v", resp, err)
	}
	resp.Body.Close()
	tb.do("open the inspector", chromedp.Navigate(e.URL+page), chromedp.WaitVisible(css(`.capture-path`)))
	if ok, why := wordsLeftToRight(tb, `.capture-path`, "inspect", "שלום", "עולם", "1"); !ok {
		tb.screenshot("rtl-path-capture")
		t.Errorf("the captured request's path %q does not read in its order: %s", tb.text(`.capture-path`), why)
	}
	tb.noBrowserErrors(t)
}
