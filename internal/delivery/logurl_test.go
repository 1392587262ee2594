package delivery

import "testing"

// Logs show where a delivery went, never the tokens a URL may carry.
func TestLogURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://hooks.example.com/esahayak":                    "https://hooks.example.com/esahayak",
		"https://hooks.example.com/esahayak?token=s3cret&x=1":   "https://hooks.example.com/esahayak?…",
		"https://hooks.example.com/esahayak?":                   "https://hooks.example.com/esahayak?…",
		"https://esahayak.example.com/inspect/tok_abc123":       "https://esahayak.example.com/inspect/…",
		"https://esahayak.example.com/inspect/tok_abc123/a?b=c": "https://esahayak.example.com/inspect/…?…",
		"https://user:pw@example.com/h":                         "https://example.com/h",
		"::not a url":                                           "(unparsable URL)",
	} {
		if got := LogURL(in); got != want {
			t.Errorf("LogURL(%q) = %q; want %q", in, got, want)
		}
	}
}
