package api

import (
	"strings"
	"testing"
)

// TestForwardToWithASpaceIsRefused: a listen session's forward_to with a
// space (pasted with one at its end, or in its path or query) was taken
// and shown on the session with the space, where an endpoint's url is
// refused for it and esahayak listen refuses such a --forward-to (sent
// as %20, each event reaches a path the handler does not serve); one
// with a space at its start or in its host was told it was no absolute
// URL. Each is now refused saying what is wrong.
func TestForwardToWithASpaceIsRefused(t *testing.T) {
	for _, raw := range []string{
		"http://localhost:3000/webhooks ",
		"http://localhost:3000/web hooks",
		"http://localhost:3000/webhooks?x=a b",
		" http://localhost:3000/webhooks",
		"http://localhost :3000/webhooks",
	} {
		err := validateForwardTo(raw)
		e, ok := err.(*Error)
		if !ok || e.Status != 422 || e.Code != "invalid_forward_to" || e.Param != "forward_to" || !strings.Contains(e.Message, "whitespace") {
			t.Errorf("validateForwardTo(%q) = %v; want 422 invalid_forward_to naming the whitespace", raw, err)
		}
	}
	if err := validateForwardTo("http://localhost:3000/web%20hooks"); err != nil {
		t.Errorf("a space written as %%20 is refused: %v", err)
	}
	// Words that are no URL are told what a URL is.
	if e, ok := validateForwardTo("not a url").(*Error); !ok || e.Code != "invalid_forward_to" || !strings.Contains(e.Message, "absolute") {
		t.Errorf("validateForwardTo(\"not a url\") = %v; want the absolute URL it must be", e)
	}
}

// TestURLWithASpaceSaysSo: an endpoint url pasted with a space before
// its scheme, or with one in its scheme or host, was told "url must be an
// absolute URL such as https://…", which it looks like; it is now told
// the whitespace, as a space at its end or in its path already was.
func TestURLWithASpaceSaysSo(t *testing.T) {
	for _, raw := range []string{
		" https://localhost/webhooks",
		"https ://localhost/webhooks",
		"https://localhost /webhooks",
		"https://localhost/webhooks ",
		"https://localhost/web hooks",
	} {
		// With --allow-insecure-urls, which takes localhost.
		err := ValidateEndpointURL(raw, true)
		e, ok := err.(*Error)
		if !ok || e.Status != 422 || e.Code != "invalid_url" || e.Param != "url" || !strings.Contains(e.Message, "whitespace") {
			t.Errorf("ValidateEndpointURL(%q) = %v; want 422 invalid_url naming the whitespace", raw, err)
		}
	}
	// Words that are no URL are told what a URL is, as the dashboard shows.
	if e, ok := ValidateEndpointURL("not a url", true).(*Error); !ok || e.Code != "invalid_url" || !strings.Contains(e.Message, "must be an absolute URL") {
		t.Errorf("ValidateEndpointURL(\"not a url\") = %v; want the absolute URL it must be", e)
	}
}
