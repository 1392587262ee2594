package egress

import (
	"net/url"
	"strings"
)

// WithoutCredentials is a URL as messages and other people may see it: a
// user:password in it (a proxy's, a local handler's behind basic auth,
// the API's behind a gateway) is used where it is needed and never
// printed, logged or sent on. A URL without one is returned as given.
//
// What may be a password is read from the text, not only from url.Parse:
// a "#", "/" or "?" typed as is in a password ends the host early, so
// "http://u:12#34@127.0.0.1:8080" parses with "u:12" as host and port and
// no user at all, and was shown whole. The user info runs up to the last
// "@" (see Userinfo); where url.Parse reads it otherwise, what follows its
// first ":" reads "xxxxx", as PasswordHidden shows it, and the rest of the
// text is left as typed (a path or query with an "@" in it after a port
// is hidden too: it cannot be told from such a password).
func WithoutCredentials(raw string) string {
	start, end, ok := Userinfo(raw)
	if !ok {
		return raw // no "@": no user info
	}
	u, err := url.Parse(raw)
	if err != nil {
		// Unparsable (a bad escape in the password, say): whatever is
		// between "://" and the last "@" may be a password.
		return raw[:start] + raw[end+1:]
	}
	info := raw[start:end]
	if u.User != nil && (!strings.ContainsAny(info, "/?#") || !strings.Contains(info, ":")) {
		// As url.Parse read it, or a user name alone (the text holds
		// no ":" before its last "@", so no password).
		u.User = nil
		return u.String()
	}
	return PasswordHidden(raw)
}

// PasswordHidden is raw exactly as typed, but for the password in its user
// info (see Userinfo), which reads "xxxxx": for quoting a value that is
// refused, or read otherwise than its author may have meant, in the words
// they typed it. A user name alone is left as it is.
func PasswordHidden(raw string) string {
	start, end, ok := Userinfo(raw)
	if !ok {
		return raw
	}
	colon := strings.IndexByte(raw[start:end], ':')
	if colon < 0 {
		return raw // a user name alone: no password to hide
	}
	return raw[:start+colon+1] + "xxxxx" + raw[end:]
}

// Userinfo finds the user info in a URL's text, raw[start:end]: up to the
// last "@", from after "://", or a leading "//", or from the start when
// the scheme was left out ("user:pw@proxy:3128"; a "://" counts only after
// a scheme, so not the one in "u:a://b@proxy"). ok is false when there is
// no "@". url.Parse ends the host at the first "/", "?" or "#", so a
// password typed with one as is ("u:12#34@host") is not user info to it;
// it is here.
func Userinfo(raw string) (start, end int, ok bool) {
	end = strings.LastIndex(raw, "@")
	if end < 0 {
		return 0, 0, false
	}
	if i := strings.Index(raw[:end], "://"); i >= 0 && IsScheme(raw[:i]) {
		start = i + len("://")
	} else if strings.HasPrefix(raw, "//") {
		start = len("//")
	}
	return start, end, true
}

// IsScheme reports whether s is a URL scheme (RFC 3986: a letter, then
// letters, digits, "+", "-" or ".").
func IsScheme(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
