package delivery_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/backoff"
)

// docs/receiving.md, the page for those who write a receiver, gave the
// retry schedule and said of Retry-After only that it is read on 429 and
// 503, not what it does there: a receiver answering "503, Retry-After: 1"
// to be retried sooner could not know that it never brings a retry
// forward. Its rule for answering now says that Retry-After holds the
// next retry, never sooner and at most 24 h (TestRetryAfter and
// TestRetryAfterCapped hold the engine to that), and names the statuses
// on which it is read.
func TestReceivingDocsSayWhatRetryAfterDoes(t *testing.T) {
	doc, err := os.ReadFile("../../docs/receiving.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rule, ok := strings.Cut(string(doc), "- **Answer 2xx within 10 seconds**")
	if !ok {
		t.Fatal(`docs/receiving.md has no "Answer 2xx within 10 seconds" rule`)
	}
	rule, _, _ = strings.Cut(rule, "\n- ")
	rule = strings.Join(strings.Fields(rule), " ")
	for status := 100; status < 600; status++ {
		if backoff.HonorsRetryAfter(status) {
			if named := "`" + strconv.Itoa(status) + "`"; !strings.Contains(rule, named+" with `Retry-After`") && !strings.Contains(rule, named+" or ") {
				t.Errorf("the rule does not name %s, on which Retry-After is read: %q", named, rule)
			}
		}
	}
	for _, want := range []string{"never sooner", "at most 24 h later", "`Retry-After` on any other status is not read"} {
		if !strings.Contains(rule, want) {
			t.Errorf("the rule does not say %q: %q", want, rule)
		}
	}
}
