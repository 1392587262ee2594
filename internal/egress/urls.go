package egress

import (
	"net/url"
	"strings"
)

// WithoutCredentials is a URL as messages and other people may see it: a
// user:password in it (a proxy's, a local handler's behind basic auth,
// the API's behind a gateway) is used where it is needed and never
// printed, logged or sent on. A URL without one is returned as given.
func WithoutCredentials(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Unparsable (a bad escape in the password, say): whatever is
		// between "://" and the last "@" may be a password.
		if scheme, rest, ok := strings.Cut(raw, "://"); ok {
			if at := strings.LastIndex(rest, "@"); at >= 0 {
				return scheme + "://" + rest[at+1:]
			}
		}
		return raw
	}
	if u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}
