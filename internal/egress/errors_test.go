package egress

import (
	"strings"
	"testing"
)

// TestStatusFailure: what an answer that is not a 2xx is recorded as.
func TestStatusFailure(t *testing.T) {
	for _, tc := range []struct {
		status           int
		location         string
		kind, messageHas string
	}{
		{200, "", "", ""},
		{204, "", "", ""},
		{301, "https://elsewhere.example/hook", KindRedirect, `redirect to "https://elsewhere.example/hook": redirects are not followed`},
		{307, "/next", KindRedirect, "redirects are not followed"},
		{304, "", KindHTTPStatus, "HTTP 304 (a 2xx status is required)"},           // not a redirect: no Location
		{304, "/elsewhere", KindHTTPStatus, "HTTP 304 (a 2xx status is required)"}, // nor with one: it leads nowhere
		{410, "", KindHTTPStatus, "410 Gone (counted as a failure"},
		{500, "", KindHTTPStatus, "HTTP 500 (a 2xx status is required)"},
		{199, "", KindHTTPStatus, "HTTP 199"},
	} {
		kind, msg := StatusFailure(tc.status, tc.location)
		if kind != tc.kind || !strings.Contains(msg, tc.messageHas) || (tc.kind == "") != (msg == "") {
			t.Errorf("StatusFailure(%d, %q) = %q, %q; want %q with %q", tc.status, tc.location, kind, msg, tc.kind, tc.messageHas)
		}
	}
}
