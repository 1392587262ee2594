package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestURLInQuotesIsNamed: an endpoint url or a session's forward_to sent
// with its quotes ("\"https://…\"", as a value kept in an env file's
// quotes or escaped into a JSON string makes it) or in angle brackets
// (<https://…>, as Markdown and chat write a link) was told "url must be
// an absolute URL such as https://…", which it looks like; each now says
// what it is wrapped in and to send the URL alone, without echoing it (it
// may hold a password). Codes as before.
func TestURLInQuotesIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct{ path, field, value, code, want string }{
		{"/v1/webhook_endpoints", "url", `"https://example.com/hooks"`, "invalid_url", "url is wrapped in quotes"},
		{"/v1/webhook_endpoints", "url", `'https://example.com/hooks'`, "invalid_url", "url is wrapped in quotes"},
		{"/v1/webhook_endpoints", "url", `<https://example.com/hooks>`, "invalid_url", "url is wrapped in angle brackets"},
		{"/v1/listen_sessions", "forward_to", `"http://localhost:3000/hooks"`, "invalid_forward_to", "forward_to is wrapped in quotes"},
		{"/v1/listen_sessions", "forward_to", `<http://localhost:3000/hooks>`, "invalid_forward_to", "forward_to is wrapped in angle brackets"},
	} {
		body := `{"` + c.field + `": ` + strings.ReplaceAll(`"`+strings.ReplaceAll(c.value, `"`, `\"`)+`"`, "\n", "") + `}`
		st, code, param, msg := refusal(t, s, "POST", c.path, body)
		if st != 422 || code != c.code || param != c.field || !strings.HasPrefix(msg, c.want) || strings.Contains(msg, "/hooks") {
			t.Errorf("%s %s: %d %s %s %q; want 422 %s starting %q, not echoing the URL", c.path, body, st, code, param, msg, c.code, c.want)
		}
	}
	// Words in quotes that are no URL are told what a URL is.
	if st, _, _, msg := refusal(t, s, "POST", "/v1/webhook_endpoints", `{"url": "\"not a url\""}`); st != 422 || !strings.Contains(msg, "absolute URL") {
		t.Errorf("quoted words: %d %q", st, msg)
	}
}
