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

// proxyURLShown is --egress-proxy as its refusals quote it: exactly as
// typed, but for the password, which reads "xxxxx". It works on the text,
// not on url.Parse's reading, which lost what the user typed: its String
// drops an empty fragment ("…:3128/#" was quoted as "…:3128/" and refused
// for a fragment it did not show), and a "#", "/" or "?" left unescaped
// in the password ends the host early, so "http://u:PW#x@proxy:3128" was
// quoted as "http://proxy:3128", a URL with nothing wrong with it, and
// "http://u:1234#5678@proxy:3128", whose "u:1234" reads as a host and
// port, with its password. What may be a password is hidden even where
// url.Parse sees none: the text is refused, and its author may have meant
// the user info to run up to the last "@".
func proxyURLShown(raw string) string {
	start, end, ok := proxyUserinfo(raw)
	if !ok {
		return raw
	}
	colon := strings.IndexByte(raw[start:end], ':')
	if colon < 0 {
		return raw // a user name alone: no password to hide
	}
	return raw[:start+colon+1] + "xxxxx" + raw[end:]
}

// proxyUserinfo finds the user info in --egress-proxy's text,
// raw[start:end]: up to the last "@" (as withoutURLPassword reads it), from
// after "://", or a leading "//", or from the start when the scheme was
// left out ("user:pw@proxy:3128"; a "://" counts only after a scheme, so
// not the one in "u:a://b@proxy"). ok is false when there is no "@".
func proxyUserinfo(raw string) (start, end int, ok bool) {
	end = strings.LastIndex(raw, "@")
	if end < 0 {
		return 0, 0, false
	}
	if i := strings.Index(raw[:end], "://"); i >= 0 && isScheme(raw[:i]) {
		start = i + len("://")
	} else if strings.HasPrefix(raw, "//") {
		start = len("//")
	}
	return start, end, true
}

// proxyUserinfoHint is what a refusal of --egress-proxy adds when its user
// info holds a "/", "?" or "#": url.Parse ends the host at the first of
// them, so a password typed with one as is made a URL that looks right
// refused (or read as a path, query or fragment) with no word on why.
func proxyUserinfoHint(raw string) string {
	start, end, ok := proxyUserinfo(raw)
	if !ok || !strings.ContainsAny(raw[start:end], "/?#") {
		return ""
	}
	return `; a "/", "?" or "#" in the user name or password is written %2F, %3F or %23`
}
