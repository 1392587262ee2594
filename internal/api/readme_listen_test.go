package api_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestReadmeListenSectionDisablesTheTourEndpoint runs the command that
// README.md's "Local development, no ngrok" gives for disabling the tour's
// endpoint, as printed, with the tour's $API and $KEY. It was written
// `PATCH /v1/webhook_endpoints/we_… -d '{"status": "disabled"}'`, half a
// route and half a curl option, which nothing can run as it stands.
func TestReadmeListenSectionDisablesTheTourEndpoint(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "**Local development, no ngrok.**")
	if !ok {
		t.Fatal(`README.md has no "Local development, no ngrok." paragraph`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var patch []string
	for _, m := range regexp.MustCompile("`(curl [^`]*)`").FindAllStringSubmatch(section, -1) {
		if words := shellWords(t, m[1]); strings.Contains(m[1], "PATCH") {
			patch = words
		}
	}
	if patch == nil {
		t.Fatal(`README.md's "Local development" paragraph gives no curl command that disables the tour's endpoint`)
	}

	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{OperatorToken: "op-secret"})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://127.0.0.1/webhooks/esahayak"}`)
	id, _ := testenv.JSON(t, b)["id"].(string)
	if st != 201 || id == "" {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	st, b = runCurl(t, patch, strings.NewReplacer("$API", s.URL, "$KEY", s.APIKey, "we_…", id))
	if got := testenv.JSON(t, b)["status"]; st != 200 || got != "disabled" {
		t.Fatalf("%s\nanswered %d with status %v, want 200 and disabled: %s", strings.Join(patch, " "), st, got, b)
	}
}
