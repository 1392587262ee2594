package egress

import "testing"

func TestWithoutCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"http://u:pw@127.0.0.1:1/x?q=1": "http://127.0.0.1:1/x?q=1",
		"http://u@localhost/x":          "http://localhost/x",
		"http://u:P%zzW@127.0.0.1:1":    "http://127.0.0.1:1", // unparsable: cut at the last @
		"https://example.test/hook":     "https://example.test/hook",
		"not a url":                     "not a url",
	} {
		if got := WithoutCredentials(in); got != want {
			t.Errorf("WithoutCredentials(%q) = %q, want %q", in, got, want)
		}
	}
}
