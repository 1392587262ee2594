package main

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/egress"
)

// FuzzRedactDBAsTyped: a URL-form --db written with its password as typed,
// not escaped, is never printed with it, whatever the password holds
// ("#", "/", "?", "@", ":", "%", bytes url.Parse refuses) and whatever the
// user name holds but ":" and "@". FuzzRedactDB builds its URLs with
// url.UserPassword, which escapes the password, so it never met one that
// url.Parse reads otherwise: "postgres://app:1234#5678@db/esahayak" (host
// "app:1234", no user) was printed whole.
func FuzzRedactDBAsTyped(f *testing.F) {
	for _, c := range [][4]string{
		{"postgres", "app", "1234#5678", "db.internal:5432/esahayak"},
		{"postgres", "app", "12/345678", "db/esahayak?sslmode=disable"},
		{"postgresql", "app", "123456?sslmode=disable&", "db"},
		{"postgres", "app", "4711#0815", "db/esahayak?password=hunter2"},
		{"postgres", "a/b", "hunter2", "db:5432/esahayak"},
		{"postgres", "app", "s3cr3t@pw", "db:5432/x"},
		{"postgres", "app", "50%off!", "db/x"},
	} {
		f.Add(c[0], c[1], c[2], c[3])
	}
	f.Fuzz(func(t *testing.T, scheme, user, password, rest string) {
		if !egress.IsScheme(scheme) || strings.ContainsAny(user, ":@") || strings.Contains(rest, "@") {
			return // the parts would not be read back as given
		}
		if len(password) < 6 || strings.Contains(scheme+"://"+user+":xxxxx@"+rest, password) {
			return // too short to tell apart from the rest, or in the rest
		}
		dsn := scheme + "://" + user + ":" + password + "@" + rest
		// What the same DSN shows with the mask for a password is not the
		// password's: "12345x" is in "postgres://u:xxxxx@h/?a=12345x".
		if got := redactDB(dsn); strings.Contains(got, password) && !strings.Contains(redactDB(scheme+"://"+user+":xxxxx@"+rest), password) {
			t.Fatalf("redactDB(%q) = %q shows the password %q", dsn, got, password)
		}
	})
}
