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

// FuzzLogURL: LogURL reads a redirect's Location, which the receiver
// writes, as well as endpoint URLs. What it shows never depends on a
// password in the URL's user info (read from the text, as
// egress.WithoutCredentials reads it: a "/", "?" or "#" typed in a user
// name or password ends the host early for url.Parse), nor on its query
// or fragment: swapping one of them for another changes nothing shown.
func FuzzLogURL(f *testing.F) {
	for _, s := range [][4]string{
		{"https", "user", "127.0.0.1:1/next", "/cb"},
		{"http", "u/x", "127.0.0.1:8080/", "/inspect/tok"},
		{"http", "u", "#34@127.0.0.1:8080", ""},
		{"HTTPS", "u?a", "h", "/a?b#c"},
		{"", "u", "h/x", "x"},
		{"mailto", "", "h", ":x"},
		{"https", "a:b", "[::1]:9/ü", "/%C3%BC"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, scheme, user, rest, base string) {
		withPassword := func(pw string) string { return scheme + "://" + user + ":" + pw + "@" + rest }
		if a, b := LogURL(withPassword("7391")), LogURL(withPassword("hunter")); a != b {
			t.Fatalf("LogURL shows the password: %q and %q", a, b)
		}
		for _, sep := range []string{"?", "#"} {
			if a, b := LogURL(base+sep+"token7391"), LogURL(base+sep+"tokenhunter"); a != b {
				t.Fatalf("LogURL shows what follows %q: %q and %q", sep, a, b)
			}
		}
	})
}
