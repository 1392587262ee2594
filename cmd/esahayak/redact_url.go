package main

import (
	"strings"

	"github.com/esahayak/esahayak/internal/egress"
)

// withoutURLPassword hides the password of a URL-form DSN that does not
// parse (a "%" in the password not followed by two hex digits, a host
// url.Parse refuses): "scheme://user:password@…", the userinfo running up
// to the last "@", as egress.Userinfo reads one. Such a DSN is
// printed when its scheme is mistyped ("--db \"postgress://…\": use …"),
// and it was printed with its password.
func withoutURLPassword(db string) string {
	scheme, rest, ok := strings.Cut(db, "://")
	if !ok {
		return db
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return db
	}
	user, _, hasPassword := strings.Cut(rest[:at], ":")
	if !hasPassword {
		return db
	}
	return scheme + "://" + user + ":xxxxx" + rest[at:]
}

// proxyURLShown is --egress-proxy as its refusals quote it: exactly as
// typed, but for the password, which reads "xxxxx" (egress.PasswordHidden).
// It works on the text, not on url.Parse's reading, which lost what the
// user typed: its String drops an empty fragment ("…:3128/#" was quoted as
// "…:3128/" and refused for a fragment it did not show), and a "#", "/" or
// "?" left unescaped in the password ends the host early, so
// "http://u:PW#x@proxy:3128" was quoted as "http://proxy:3128", a URL with
// nothing wrong with it, and "http://u:1234#5678@proxy:3128", whose
// "u:1234" reads as a host and port, with its password. What may be a
// password is hidden even where url.Parse sees none: the text is refused,
// and its author may have meant the user info to run up to the last "@".
func proxyURLShown(raw string) string {
	return egress.PasswordHidden(raw)
}

// userinfoHint is what a refusal of --egress-proxy (or --forward-to)
// adds when its user info holds a "/", "?" or "#": url.Parse ends the host at the first of
// them, so a password typed with one as is made a URL that looks right
// refused (or read as a path, query or fragment) with no word on why.
func userinfoHint(raw string) string {
	start, end, ok := egress.Userinfo(raw)
	if !ok || !strings.ContainsAny(raw[start:end], "/?#") {
		return ""
	}
	return `; a "/", "?" or "#" in the user name or password is written %2F, %3F or %23`
}
