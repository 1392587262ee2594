package main

import "testing"

// forwardURL makes a URL of what people type for --forward-to, and leaves
// what is not one for NewListener to refuse.
func TestForwardURL(t *testing.T) {
	for in, want := range map[string]string{
		"localhost:3000/webhooks":                      "http://localhost:3000/webhooks",
		"localhost:3000":                               "http://localhost:3000",
		"localhost/x":                                  "http://localhost/x",
		"[::1]:3000/x":                                 "http://[::1]:3000/x",
		"127.0.0.1:3000/cb?u=http://x":                 "http://127.0.0.1:3000/cb?u=http://x",
		"user:pw@localhost:3000/x":                     "http://user:pw@localhost:3000/x",
		"admin:s3cret@localhost:3000/h?next=http://x/": "http://admin:s3cret@localhost:3000/h?next=http://x/",
		"//127.0.0.1:3000/x":                           "http://127.0.0.1:3000/x",
		"http://localhost:3000/x":                      "http://localhost:3000/x",
		"HTTPS://localhost/x":                          "HTTPS://localhost/x",
		"http:/127.0.0.1/x":                            "http:/127.0.0.1/x", // refused later, not a host "http"
		"mailto:x":                                     "mailto:x",
		"ftp://x":                                      "ftp://x",
	} {
		got, added := forwardURL(in)
		if got != want {
			t.Errorf("forwardURL(%q) = %q, want %q", in, got, want)
		}
		if got[len(added):] != in && added != "" {
			t.Errorf("forwardURL(%q) added %q but returned %q", in, added, got)
		}
	}
}
