package egress

import (
	"strings"
	"testing"
)

func TestWithoutCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"http://u:pw@127.0.0.1:1/x?q=1": "http://127.0.0.1:1/x?q=1",
		"http://u@localhost/x":          "http://localhost/x",
		"http://u:P%zzW@127.0.0.1:1":    "http://127.0.0.1:1", // unparsable: cut at the last @
		"https://example.test/hook":     "https://example.test/hook",
		"not a url":                     "not a url",
		// A "#", "/" or "?" typed as is in the password: url.Parse reads
		// "u:4711" as host and port, no user, and the rest as fragment,
		// path or query; the text was returned whole.
		"http://u:4711#0815@127.0.0.1:8080":   "http://u:xxxxx@127.0.0.1:8080",
		"http://u:4711/0815@127.0.0.1:8080/x": "http://u:xxxxx@127.0.0.1:8080/x",
		"http://u:4711?0815@127.0.0.1:8080":   "http://u:xxxxx@127.0.0.1:8080",
		// url.Parse reads a user, but the text's last "@" is further on.
		"http://u@h:4711/0815@127.0.0.1:8080": "http://u@h:xxxxx@127.0.0.1:8080",
		// The scheme left out: all of it may be user info.
		"u:s3cretpw@127.0.0.1:8080": "u:xxxxx@127.0.0.1:8080",
		"u:p%zzw@127.0.0.1:8080":    "u:xxxxx@127.0.0.1:8080",
		"0:s3cretpw@127.0.0.1:8080": "127.0.0.1:8080", // unparsable: cut
		// A user name alone is no password; url.Parse's user is dropped.
		"http://tok#en@127.0.0.1:8080": "http://tok#en@127.0.0.1:8080",
		"http://tok@127.0.0.1/a@b":     "http://127.0.0.1/a@b",
	} {
		if got := WithoutCredentials(in); got != want {
			t.Errorf("WithoutCredentials(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzWithoutCredentials: a URL built as user:password@rest is never shown
// with its password, whatever the password holds ("#", "/", "?", "@",
// ":", bytes url.Parse refuses), with or without a scheme; what holds no
// "@" is shown as given.
func FuzzWithoutCredentials(f *testing.F) {
	for _, c := range [][3]string{{"http://", "4711#0815", "127.0.0.1:8080"}, {"https://", "ab/cd?ef", "localhost:1/x"},
		{"", "s3cretpw", "127.0.0.1:8080"}, {"http://", "p%zzword", "h:1"}, {"//", "pw@pw:pw", "h/x?y#z"},
		{"HTTP://", "a://bcdef", "h"}, {"http://", "123456", "[::1]:1/#"}} {
		f.Add(c[0], "u", c[1], c[2])
	}
	f.Fuzz(func(t *testing.T, prefix, user, password, rest string) {
		if !strings.Contains(prefix+user+password+rest, "@") {
			raw := prefix + user + password + rest
			if got := WithoutCredentials(raw); got != raw {
				t.Fatalf("WithoutCredentials(%q) = %q; want it as given", raw, got)
			}
		}
		if strings.ContainsAny(user, ":@") || strings.Contains(rest, "@") {
			return // the parts would not be read back as given
		}
		if scheme, ok := strings.CutSuffix(prefix, "://"); prefix != "" && prefix != "//" && (!ok || !IsScheme(scheme)) {
			return
		}
		if prefix == "" && (strings.Contains(user, "://") || IsScheme(user) && strings.HasPrefix(password, "//")) {
			return // read as a scheme ("A" and "//#000" make "A://#000@0")
		}
		if len(password) < 6 || strings.Contains(prefix+user+rest+"xxxxx", password) {
			return // too short to tell apart from the rest
		}
		raw := prefix + user + ":" + password + "@" + rest
		// The rest comes back re-escaped (u.String): "# 00000" as
		// "#%2000000", which holds "000000" without any password. What
		// the same URL with no password at all shows is not the password's.
		if got := WithoutCredentials(raw); strings.Contains(got, password) && !strings.Contains(WithoutCredentials(prefix+user+"@"+rest), password) {
			t.Fatalf("WithoutCredentials(%q) = %q, which shows the password", raw, got)
		}
	})
}
