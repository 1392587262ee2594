package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestJSONPastTheDecodersDepthIsNamed: a body nesting arrays or objects
// more than 10,000 levels deep (Go's JSON decoder's limit; docs/api.md:
// past it any body is 400 invalid_json) was refused as "malformed JSON at
// byte 10001: invalid character '[' exceeded max depth", well-formed JSON
// or not: the client read that a "[" was a syntax error at that byte. It
// is still 400 invalid_json, and the message now says how deep the body
// nests and where, as the API's own bound (32 levels in a value it reads)
// is worded.
func TestJSONPastTheDecodersDepthIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	deep := func(n int, open, close string) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	for _, c := range []struct {
		name, path, body, want string
	}{
		{"a bare array", "/v1/webhook_endpoints", deep(10_001, "[", "]"),
			"JSON nested more than 10000 levels deep (at byte 10001); no request of this API nests more than a few levels"},
		{"a field's value", "/v1/webhook_endpoints", `{"url": ` + deep(10_001, "[", "]") + `}`,
			"JSON nested more than 10000 levels deep (at byte 10008); no request of this API nests more than a few levels"},
		{"objects in a field that reads itself", "/v1/orders", `{"stamp_request": {"amount": ` + deep(10_000, `{"a":`, "}") + `}}`,
			"JSON nested more than 10000 levels deep (at byte 50020); no request of this API nests more than a few levels"},
		{"cut short", "/v1/listen_sessions", `{"events": ` + strings.Repeat("[", 20_000),
			"JSON nested more than 10000 levels deep (at byte 10011); no request of this API nests more than a few levels"},
	} {
		st, code, param, msg := refusal(t, s, "POST", c.path, c.body)
		if st != 400 || code != "invalid_json" || param != "" || msg != c.want {
			t.Errorf("%s: %d %s %q %q; want 400 invalid_json %q", c.name, st, code, param, msg, c.want)
		}
	}
}
