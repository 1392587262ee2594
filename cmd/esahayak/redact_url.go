package main

import "strings"

// withoutURLPassword hides the password of a URL-form DSN that does not
// parse (a "%" in the password not followed by two hex digits, a host
// url.Parse refuses): "scheme://user:password@…", the userinfo running up
// to the last "@", as egress.WithoutCredentials reads one. Such a DSN is
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
