package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/webhook"
)

type endpointResource struct {
	ID             string   `json:"id"`
	Object         string   `json:"object"`
	URL            string   `json:"url"`
	Description    string   `json:"description"`
	Events         []string `json:"events"`
	Status         string   `json:"status"`
	DisabledReason string   `json:"disabled_reason,omitempty"`
	FailingSince   string   `json:"failing_since,omitempty"`
	Secret         string   `json:"secret,omitempty"`
	CreatedAt      string   `json:"created_at"`
	UpdatedAt      string   `json:"updated_at"`
}

func renderEndpoint(e store.Endpoint) endpointResource {
	r := endpointResource{ID: e.ID, Object: "webhook_endpoint", URL: e.URL, Description: e.Description, Events: e.Events,
		Status: e.Status, DisabledReason: e.DisabledReason, CreatedAt: order.FormatTime(e.CreatedAt), UpdatedAt: order.FormatTime(e.UpdatedAt)}
	if r.Events == nil {
		r.Events = []string{}
	}
	if e.FailingSince != nil {
		r.FailingSince = order.FormatTime(*e.FailingSince)
	}
	return r
}

type endpointRequest struct {
	URL         *string   `json:"url" nul:"checked"`
	Events      *[]string `json:"events"`
	Description *string   `json:"description" nul:"checked"`
	Status      *string   `json:"status"`
}

// MaxURLLength bounds endpoint URLs.
const MaxURLLength = 2048

// MaxDescriptionLength bounds an endpoint's description, in characters.
const MaxDescriptionLength = 500

// HostWithoutScheme reports whether u is a host and port with no scheme
// before them (localhost:3000, localhost:3000/hooks, [::1]:3000/hooks): no
// "://", and digits, the port, after the host's ":", up to the path, the
// query, the fragment or the end. Go reads such a URL's host as its
// scheme, and the refusal named "the localhost scheme", which nobody
// wrote. mailto:a@b and javascript:x are schemes.
func HostWithoutScheme(u string) bool {
	_, ok := schemelessHost(u)
	return ok
}

// schemelessHost is the host of u when u is a host and port with no
// scheme (HostWithoutScheme), an IPv6 address without its brackets. An
// IPv6 address's colons are inside its brackets: read up to the first
// colon, [2001:db8::7]:8443/hook was no host and port (and was told only
// that it was no absolute URL), while brackets around what is no IPv6
// address, [example.com]:3000, were one, and written back with https://
// before them, a URL refused next.
func schemelessHost(u string) (string, bool) {
	if strings.Contains(u, "://") {
		return "", false
	}
	var host, rest string
	if strings.HasPrefix(u, "[") {
		end := strings.IndexByte(u, ']')
		if end < 0 || !strings.HasPrefix(u[end+1:], ":") {
			return "", false
		}
		host, rest = u[1:end], u[end+2:]
		if ip, err := netip.ParseAddr(host); err != nil || !ip.Is6() {
			return "", false
		}
	} else {
		var ok bool
		if host, rest, ok = strings.Cut(u, ":"); !ok || host == "" {
			return "", false
		}
	}
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	return host, n > 0 && (n == len(rest) || strings.ContainsRune("/?#", rune(rest[n])))
}

// LocalHostWithoutScheme reports whether u is a host and port with no
// scheme (HostWithoutScheme) whose host can only be a non-public address,
// as localhost:3000/webhooks/esahayak, the guide's local receiver, is.
// Writing https:// before it only trades one refusal for another
// (url_private_address) on a server that takes public addresses only.
func LocalHostWithoutScheme(u string) bool {
	host, ok := schemelessHost(u)
	_, private := privateHost(host)
	return ok && private
}

// maxEchoedURL is the longest URL, in characters, that the refusal of a
// URL without its scheme writes back with the scheme added.
const maxEchoedURL = 100

// schemeMissing is the refusal of a host and port typed without a scheme
// (the guide's local receiver, localhost:3000/webhooks/esahayak): what is
// missing, and the URL with it when the URL is short and plain enough to
// write back. On a server that takes public addresses only, a local host
// (localhost:3000) is not written back with https:// before it, which
// would be refused next as url_private_address: the refusal says both
// and what to use instead. On a server that takes http://, the URL is
// written back with both schemes, as the dashboard writes it.
func schemeMissing(raw string, allowInsecure bool) string {
	if !allowInsecure && LocalHostWithoutScheme(raw) {
		host, _ := schemelessHost(raw)
		reason, _ := privateHost(host)
		return "url must start with https:// before its host; it has no scheme, and its host " + host + " is " + article(reason) + " " + reason +
			" address, to which webhooks are not delivered (for local development run the server with --allow-insecure-urls, or use `esahayak listen`)"
	}
	schemes := "https://"
	if allowInsecure {
		schemes = "https:// or, on this server, http://"
	}
	plain := utf8.RuneCountInString(raw) <= maxEchoedURL && !strings.ContainsFunc(raw, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
	})
	if !plain {
		return "url must start with " + schemes + " before its host; it has no scheme"
	}
	if allowInsecure {
		// Both, as the dashboard says it: what listens at localhost:3000 on
		// a developer's machine (the tour's receiver, the guide's Express
		// app) speaks plain HTTP, and the https:// URL alone, written back
		// before, was taken, every delivery to it then failing its TLS
		// handshake.
		return "url must start with " + schemes + " before its host; it has no scheme: write https://" + raw + ", or http://" + raw + " for a receiver without TLS"
	}
	return "url must start with " + schemes + " before its host; it has no scheme: write https://" + raw
}

// errTooLongURL refuses a URL of n characters, past MaxURLLength, saying
// how long it is: a URL pasted with text after it is far longer than the
// person thinks.
func errTooLongURL(n int) error {
	return errValidation("invalid_url", fmt.Sprintf("url must be at most %d characters (this one has %d); shorten it", MaxURLLength, n), "url")
}

// spaceInAbsoluteURL reports whether raw holds a space and, without its
// spaces, is an absolute URL: one pasted with a space ("not a url" is
// still told what a URL is).
func spaceInAbsoluteURL(raw string) bool {
	if !strings.Contains(raw, " ") {
		return false
	}
	u, err := url.Parse(strings.ReplaceAll(raw, " ", ""))
	return err == nil && u.IsAbs() && u.Host != ""
}

// urlWrapping names what raw is wrapped in ("quotes (\"…\")", "angle
// brackets (<…>)") when, without it, raw is an absolute URL with a host,
// or is "": a URL kept in an env file's quotes or escaped into a JSON
// string with them, or copied from Markdown or a chat as <https://…>, was
// told it was no absolute URL, which it looks like. The refusal names the
// wrapping, never the URL, which may hold a password.
func urlWrapping(raw string) string {
	if len(raw) < 2 {
		return ""
	}
	var what string
	switch first, last := raw[0], raw[len(raw)-1]; {
	case (first == '"' || first == '\'' || first == '`') && last == first:
		what = "quotes (" + string(first) + "…" + string(first) + ")"
	case first == '<' && last == '>':
		what = "angle brackets (<…>)"
	default:
		return ""
	}
	u, err := url.Parse(raw[1 : len(raw)-1])
	if err != nil || !u.IsAbs() || u.Host == "" {
		return ""
	}
	return what
}

// refusedPort is the port, as the URL writes it, that url.Parse's err
// refused for not being a number (":8o8o", a shell variable left as
// ":$PORT"), and whether err is that. Such a URL was told it "must be
// an absolute URL", which it was.
func refusedPort(err error) (string, bool) {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return "", false
	}
	// net/url's words: invalid port ":8o8o" after host.
	rest, ok := strings.CutPrefix(ue.Err.Error(), "invalid port ")
	if !ok {
		return "", false
	}
	quoted, ok := strings.CutSuffix(rest, " after host")
	if !ok {
		return "", false
	}
	port, err := strconv.Unquote(quoted)
	if err != nil {
		return "", false
	}
	return strings.TrimPrefix(port, ":"), true
}

// invalidPortMessage refuses field's port, quoted as the URL has it.
func invalidPortMessage(field, port string) string {
	return field + " has an invalid port (" + quote(port) + "); use a number from 1 to 65535"
}

// errURLWrapped refuses a URL that urlWrapping finds wrapped in what, for
// field (url, forward_to) with code.
func errURLWrapped(field, code, what string) error {
	return errValidation(code, field+" is wrapped in "+what+", which are taken as part of it; send the URL alone", field)
}

// errURLWhitespace refuses a URL holding white space.
func errURLWhitespace() error {
	return errValidation("invalid_url", "url must not contain whitespace; remove it, or write a space that belongs in the path or query as %20", "url")
}

// ValidateEndpointURL checks an endpoint URL: absolute, https (http only
// when allowInsecure), a host, no credentials or fragment.
func ValidateEndpointURL(raw string, allowInsecure bool) error {
	if raw == "" {
		// Given, but empty: "url is required" told a client that had sent
		// the field that it had left it out (the code stays, as for a
		// required field given as null).
		return errValidation("missing_field", "url is empty; send your endpoint's URL, such as https://your-domain.com/webhooks/esahayak", "url")
	}
	// Characters, not bytes: as the OpenAPI maxLength counts, and as a
	// user counts a URL with a non-ASCII path.
	if n := utf8.RuneCountInString(raw); n > MaxURLLength {
		return errTooLongURL(n)
	}
	u, err := url.Parse(raw)
	if i := badPercent(raw); err != nil && i >= 0 && errors.As(err, new(url.EscapeError)) {
		if inUserinfo(raw, i) {
			// Quoting around the % ("%zzsecretwor") would echo the
			// password, and the user info is refused whatever its escapes.
			return errURLUserinfo()
		}
		return errValidation("invalid_url", fmt.Sprintf("url has a %% not followed by two hexadecimal digits (%q); write a literal %% as %%25", cutAround(raw, i)), "url")
	}
	if i := percentInHost(raw); err != nil && i >= 0 && errors.As(err, new(url.EscapeError)) {
		// "localhost%2e", "loc%61lhost": Go refuses an escaped ASCII
		// character in a host, and "must be an absolute URL" left the
		// person looking at one that is.
		return errValidation("invalid_url", fmt.Sprintf("url's host has a percent-encoded character (%q); write the host in plain characters, as in https://your-domain.com/webhooks/esahayak", cutAround(raw, i)), "url")
	}
	if err != nil || !u.IsAbs() {
		if spaceInAbsoluteURL(raw) {
			// Pasted with a space before it (" https://…"), or one in its
			// scheme or host: it was told it was no absolute URL, which it
			// looks like.
			return errURLWhitespace()
		}
		if what := urlWrapping(raw); what != "" {
			return errURLWrapped("url", "invalid_url", what)
		}
		if port, ok := refusedPort(err); ok {
			return errValidation("invalid_url", invalidPortMessage("url", port), "url")
		}
		if HostWithoutScheme(raw) {
			// 127.0.0.1:3000/webhooks/esahayak, the tour's receiver typed
			// without its scheme: Go does not parse it at all (a colon in
			// the first segment of a relative path), so it missed the
			// scheme's refusal that localhost:3000/… gets, and was told
			// only that it was no absolute URL.
			return errValidation("url_not_https", schemeMissing(raw, allowInsecure), "url")
		}
		return errValidation("invalid_url", "url must be an absolute URL such as https://your-domain.com/webhooks/esahayak", "url")
	}
	// The scheme first: file:///x and mailto:a@b are absolute, just not web addresses.
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme == "https":
	case scheme == "http" && allowInsecure:
	case scheme == "http":
		return errValidation("url_not_https", "url must use https:// (HTTP is not supported; for local development run the server with --allow-insecure-urls, or use `esahayak listen`)", "url")
	case HostWithoutScheme(raw):
		return errValidation("url_not_https", schemeMissing(raw, allowInsecure), "url")
	case allowInsecure:
		return errValidation("url_not_https", "url must use https:// or, on this server, http:// (the "+scheme+" scheme is not supported)", "url")
	default:
		return errValidation("url_not_https", "url must use https:// (the "+scheme+" scheme is not supported)", "url")
	}
	if u.Host == "" || u.Hostname() == "" {
		return errValidation("invalid_url", "url must name a host, as in https://your-domain.com/webhooks/esahayak", "url")
	}
	if !validHost(u.Hostname()) {
		return errValidation("invalid_url", fmt.Sprintf("url's host %q is neither a host name nor an IP address", u.Hostname()), "url")
	}
	ip4, numeric, ok := ipv4Host(u.Hostname())
	if numeric && !ok {
		return errValidation("invalid_url", fmt.Sprintf("url's host %q ends in a number but is not an IPv4 address; write the IPv4 address as four decimal numbers, e.g. 203.0.113.7", u.Hostname()), "url")
	}
	if !allowInsecure {
		if reason, ok := privateHost(u.Hostname()); ok {
			return errValidation("url_private_address", fmt.Sprintf("url's host %s is %s address, and webhooks are delivered only to public addresses (for local development run the server with --allow-insecure-urls, or use `esahayak listen`)", u.Hostname(), article(reason)+" "+reason), "url")
		}
	}
	if numeric && u.Hostname() != ip4.String() {
		// Browsers and inet_aton read it as this address; Go's resolver
		// would send it to DNS as a name. Which one the delivery reaches
		// should not depend on that.
		return errValidation("invalid_url", fmt.Sprintf("url's host %q is the IPv4 address %s written another way; write the IPv4 address as four decimal numbers, e.g. 203.0.113.7", u.Hostname(), ip4), "url")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return errValidation("invalid_url", invalidPortMessage("url", p), "url")
		}
	}
	if u.User != nil {
		return errURLUserinfo()
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return errValidation("invalid_url", "url must not contain a fragment (the part from # on); remove it: a fragment is never sent to the server", "url")
	}
	if strings.ContainsAny(raw, " \t\r\n") {
		return errURLWhitespace()
	}
	if err := refuseInvisible(raw, "url", "invalid_url"); err != nil {
		return err
	}
	if i := badPercent(u.RawQuery); i >= 0 {
		return errValidation("invalid_url", fmt.Sprintf("url's query has a %% not followed by two hexadecimal digits (%q); write a literal %% as %%25", cutAround(u.RawQuery, i)), "url")
	}
	return nil
}

// errURLUserinfo refuses a URL with user info. Said with what to do:
// "credentials" alone left the person to find them, and to wonder how the
// endpoint then knows the sender. It quotes nothing of the URL: the user
// info may hold a password.
func errURLUserinfo() error {
	return errValidation("invalid_url", "url must not contain a user name or password (user:password@ before the host); remove it: your endpoint checks each request's webhook-signature header instead", "url")
}

// inUserinfo reports whether byte i of raw lies in its user info as
// url.Parse reads it: after "scheme://", before the last "@" of the
// authority (which ends at the first "/", "?" or "#"), as percentInHost
// finds the host.
func inUserinfo(raw string, i int) bool {
	start := strings.Index(raw, "://")
	if start < 0 {
		return false
	}
	start += len("://")
	authority := raw[start:]
	if end := strings.IndexAny(authority, "/?#"); end >= 0 {
		authority = authority[:end]
	}
	at := strings.LastIndexByte(authority, '@')
	return at >= 0 && i >= start && i < start+at
}

// badPercent is the index of the first "%" in s that does not start a
// percent-encoded byte, or -1. url.Parse refuses one in the path but keeps
// the query as written, and Go's client sends it so: a receiver that
// decodes its query would fail on every delivery, or drop the parameter.
func badPercent(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			return i
		}
	}
	return -1
}

// percentInHost is the index in raw of the first % in its host (after
// "scheme://" and any "user@", before the path, query or fragment), or -1.
func percentInHost(raw string) int {
	start := strings.Index(raw, "://")
	if start < 0 {
		return -1
	}
	start += len("://")
	authority := raw[start:]
	if end := strings.IndexAny(authority, "/?#"); end >= 0 {
		authority = authority[:end]
	}
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		start, authority = start+at+1, authority[at+1:]
	}
	if i := strings.IndexByte(authority, '%'); i >= 0 {
		return start + i
	}
	return -1
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// cutAround is at most 12 bytes of s from i (whole characters), so that
// an error quotes where the mistake is without echoing a whole URL.
func cutAround(s string, i int) string {
	end := len(s)
	if end-i > 12 {
		end = i + 12
		for end > i && !utf8.RuneStart(s[end]) {
			end--
		}
	}
	return s[i:end]
}

// refuseInvisible refuses a URL, the field named, holding a character
// InvisibleAt names, with the error code given.
func refuseInvisible(raw, field, code string) error {
	for i := 0; i < len(raw); {
		c, size, hidden := InvisibleAt(raw, i)
		if hidden {
			// Bidi controls (U+202E) make a URL read as another one
			// wherever it is shown; zero-width and control characters
			// hide in it.
			return errValidation(code, fmt.Sprintf("%s must not contain invisible, blank, formatting or control characters (U+%04X at byte %d); percent-encode it if it is meant", field, c, i), field)
		}
		i += size
	}
	return nil
}

// refuseControls refuses in free text (an endpoint's description) a
// control character (Unicode Cc: U+0007 BEL, U+001B ESC, tabs and line
// breaks too, as the dashboard shows it on one line), the line and
// paragraph separators (U+2028, U+2029: line breaks as \n and NEL are,
// though not Cc) and the bidi controls (U+202E and the others
// IsBidiControl names), which make the words around it read otherwise.
// Other characters, the zero-width joiner of an emoji among them, are the
// customer's.
func refuseControls(s, field, code string) error {
	for i, c := range []rune(s) {
		if c == '\u2028' || c == '\u2029' {
			return errValidation(code, fmt.Sprintf("%s must not contain line or paragraph separators (U+%04X at character %d); remove it", field, c, i+1), field)
		}
		if unicode.Is(unicode.Cc, c) || IsBidiControl(c) {
			return errValidation(code, fmt.Sprintf("%s must not contain control or bidirectional formatting characters (U+%04X at character %d); remove it", field, c, i+1), field)
		}
	}
	return nil
}

// HiddenInName is the first character of name, a name people tell things
// apart by where the dashboard lists it (an account's, an API key's),
// that InvisibleAt hides, and its position in characters from 1; found is
// false when there is none. Such a name is refused, as account names have
// long been: "deploy" and "deploy" with a zero-width space (U+200B), a
// word joiner (U+2060) or a byte-order mark (U+FEFF) in it were two keys
// listed alike, and a bidi control (U+202E) made a name read as another.
// The zero-width joiner and non-joiner stay where writing needs them (an
// emoji family 👩‍👩‍👧, an Indic conjunct), as InvisibleAt leaves them.
func HiddenInName(name string) (c rune, char int, found bool) {
	for i := 0; i < len(name); char++ {
		r, size, hidden := InvisibleAt(name, i)
		if hidden {
			return r, char + 1, true
		}
		i += size
	}
	return 0, 0, false
}

// NameVisible reports whether name has a character that shows as
// something of its own (IsVisible): a name of spaces, fillers or marks
// alone is listed as nothing.
func NameVisible(name string) bool { return strings.IndexFunc(name, IsVisible) >= 0 }

// IsVisible reports a character that shows as something of its own: not
// a space, not one of the letters that render as nothing (the Hangul
// fillers), and not a mark (U+0301), which is drawn on the character
// before it: a name of marks alone sits on whatever precedes it.
func IsVisible(r rune) bool {
	return unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) &&
		!unicode.IsMark(r)
}

// IsBidiControl reports whether c is one of Unicode's bidirectional
// formatting characters: the embeddings and overrides (U+202A–U+202E),
// the isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C).
// In a URL or an endpoint's label they would make it show another URL than
// the one the webhooks go to ("…/hook/\u202emoc.elpmaxe//:sptth" reads as
// ".../hook/https://example.com"); the dashboard shows them, unobeyed.
func IsBidiControl(c rune) bool {
	return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f' || c == '\u061c'
}

// InvisibleAt decodes the character at byte i of s and reports whether it
// hides in a URL: a formatting or control character (Unicode Cf, Cc), a
// character that renders as nothing or as a blank (Hangul fillers,
// spaces other than ASCII's), or a variation selector that varies nothing
// (after an ASCII letter: see variedBy). The
// zero-width joiner and non-joiner are not where writing needs them, and
// there they cannot make a URL read as another: in an emoji sequence (a
// pictograph, or its variation selector or skin tone, before a pictograph:
// 👩‍💻, ❤️‍🔥), after a virama in an Indic word (क्‍ष), and between two
// Arabic-script letters (Persian می‌خواهم).
func InvisibleAt(s string, i int) (c rune, size int, hidden bool) {
	c, size = utf8.DecodeRuneInString(s[i:])
	if c >= 0xe0020 && c <= 0xe007f && emojiTag(s, i) {
		return c, size, false // a flag of a subdivision: 🏴 and its tags
	}
	if unicode.Is(unicode.Other_Default_Ignorable_Code_Point, c) || (c > 0x7f && unicode.In(c, unicode.Zs, unicode.Zl, unicode.Zp)) ||
		c == '\u2800' || c == '\U0001D159' || c == '\U00016FE4' {
		// Letters and marks that render as nothing (the Hangul fillers
		// U+3164, U+115F, U+1160, U+FFA0, the Khitan filler U+16FE4; the
		// combining grapheme joiner; tag characters), spaces other than
		// ASCII's (U+00A0, U+3000) and blank symbols (the Braille blank).
		return c, size, true
	}
	if unicode.Is(unicode.Co, c) || unicode.Is(unicode.Noncharacter_Code_Point, c) {
		// Private use and noncharacters: each font draws them as it likes
		// (or as a blank box), so nobody reading the URL knows what it
		// says. Code points Go's tables do not know are not refused:
		// they include the emoji and scripts of newer Unicode versions.
		return c, size, true
	}
	if unicode.Is(unicode.Variation_Selector, c) {
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		return c, size, !variedBy(prev, c, next)
	}
	if !unicode.Is(unicode.Cf, c) && !unicode.Is(unicode.Cc, c) {
		return c, size, false
	}
	if c == '\u200c' || c == '\u200d' {
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		emoji := (pictograph(next) || emojiSymbol(next)) && (pictograph(prev) || prev == '\ufe0f' || (prev >= 0x1f3fb && prev <= 0x1f3ff))
		indic := (unicode.Is(unicode.Mn, prev) || unicode.Is(unicode.Mc, prev)) && !unicode.Is(unicode.Variation_Selector, prev) &&
			unicode.Is(unicode.Lo, next) && !unicode.Is(unicode.Arabic, next)
		arabic := unicode.Is(unicode.Arabic, prev) && unicode.Is(unicode.Arabic, next) && unicode.IsLetter(next)
		if emoji || indic || arabic {
			return c, size, false
		}
	}
	return c, size, true
}

// variedBy reports whether the variation selector vs after prev picks a
// form of prev that writing uses (a variation sequence Unicode defines, as
// near as this reads them): an emoji's or an emoji-capable symbol's
// presentation (❤️, ©️, ™️; a keycap 1️⃣ when U+20E3 follows), a CJK
// ideograph's variant, a Mongolian letter's, a few math symbols'. Anywhere
// else it changes nothing that shows: "pa\ufe00y" reads as "pay", and
// "it\u2019\ufe0fs" as "it’s".
func variedBy(prev, vs, next rune) bool {
	switch {
	case vs == '\ufe0e' || vs == '\ufe0f':
		keycap := (prev == '#' || prev == '*' || (prev >= '0' && prev <= '9')) && next == '\u20e3'
		return keycap || pictograph(prev) || emojiSymbol(prev)
	case vs >= 0x180b && vs <= 0x180f:
		return unicode.Is(unicode.Mongolian, prev) && unicode.IsLetter(prev)
	case vs >= 0xe0100: // the ideographic variation selectors
		return unicode.Is(unicode.Han, prev)
	case vs == '\ufe00' && strings.ContainsRune(mathVariants, prev):
		return true
	default: // VS1–VS14: CJK compatibility forms and the scripts with standardized variants
		return unicode.Is(unicode.Han, prev) || unicode.Is(unicode.Myanmar, prev) || unicode.Is(unicode.Phags_Pa, prev)
	}
}

// emojiTag reports whether the tag character at s[i] belongs to one of
// the emoji tag sequences Unicode recommends: the flags of England,
// Scotland and Wales (🏴, the tags of gbeng, gbsct or gbwls, the cancel tag
// U+E007F). Tags anywhere else render as nothing, and can spell hidden
// text. It looks at most a flag's length either way.
func emojiTag(s string, i int) bool {
	for _, flag := range subdivisionFlags {
		// i is in flag when flag starts within len(flag) bytes before it.
		for start := max(0, i-len(flag)+1); start <= i; start++ {
			if strings.HasPrefix(s[start:], flag) && start+len("\U0001F3F4") <= i {
				return true
			}
		}
	}
	return false
}

// subdivisionFlags are the emoji tag sequences of RGI (Unicode's
// recommended set): 🏴 and the tags of gbeng, gbsct and gbwls, ending with
// the cancel tag.
var subdivisionFlags = []string{
	"\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",
	"\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",
	"\U0001F3F4\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F",
}

// emojiSymbol reports the symbols outside the emoji blocks that have an
// emoji presentation (©, ®, ‼, ™, the arrows ↔–↙, ⌚, ▶, 〰, ㊗ …).
func emojiSymbol(r rune) bool {
	switch {
	case r == 0xa9, r == 0xae, r == 0x203c, r == 0x2049, r == 0x2122, r == 0x2139, r >= 0x2194 && r <= 0x2199, r == 0x21a9, r == 0x21aa,
		r == 0x231a, r == 0x231b, r == 0x2328, r == 0x23cf, r >= 0x23e9 && r <= 0x23f3, r >= 0x23f8 && r <= 0x23fa, r == 0x24c2,
		r == 0x25aa, r == 0x25ab, r == 0x25b6, r == 0x25c0, r >= 0x25fb && r <= 0x25fe, r == 0x2934, r == 0x2935,
		r == 0x3030, r == 0x303d, r == 0x3297, r == 0x3299:
		return true
	}
	return false
}

// mathVariants are the math symbols with a variant that U+FE00 selects.
const mathVariants = "\u2229\u222a\u2268\u2269\u2272\u2273\u228a\u228b\u2293\u2294\u2295\u2297\u229c\u22da\u22db\u2a3c\u2a3d\u2a9d\u2a9e\u2aac\u2aad\u2acb\u2acc"

// pictograph reports the blocks emoji come from (symbols and dingbats,
// and the planes' emoji blocks); not every Unicode symbol (©, °, box
// drawing), and not the U+FFFD that stands for no character.
func pictograph(r rune) bool {
	return (r >= 0x2600 && r <= 0x27bf) || (r >= 0x2b00 && r <= 0x2bff) || (r >= 0x1f000 && r <= 0x1faff && (r < 0x1f3fb || r > 0x1f3ff))
}

// normalizeEndpointURL is raw as it is stored and sent: the ":" of an
// empty port dropped (withoutEmptyPort), and the non-ASCII characters of
// its query percent-encoded (UTF-8), as browsers send them. A request
// target must be ASCII (RFC 9112); Go's client encodes the path itself
// but writes the query as it is. Everything else is kept as written, so
// an ASCII URL with a port or none is stored byte for byte as it was given.
func normalizeEndpointURL(raw string) string {
	raw = withoutEmptyPort(raw)
	end := len(raw)
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		end = i // refused later; url.Parse cuts it first, so do we
	}
	q := strings.IndexByte(raw[:end], '?')
	if q < 0 {
		return raw
	}
	return raw[:q+1] + egress.EscapeNonASCII(raw[q+1:end]) + raw[end:]
}

// withoutEmptyPort drops the ":" of an empty port: "https://host:/x" is
// stored as "https://host/x", "https://[::1]:/x" as "https://[::1]/x".
// RFC 3986 allows an empty port and gives it the scheme's default, which
// is what a delivery dials; kept, the URL shown and signed for was not
// the one used, while port 0 is refused. An authority whose host would
// keep a ":" ("host::", an IPv6 address without brackets) is left as it
// is, for the validator to refuse, not turned into another host or port.
func withoutEmptyPort(raw string) string {
	sep := strings.Index(raw, "://")
	if sep <= 0 || strings.ContainsAny(raw[:sep], "/?#") {
		return raw // no authority
	}
	start := sep + len("://")
	end := len(raw)
	if i := strings.IndexAny(raw[start:], "/?#"); i >= 0 {
		end = start + i
	}
	authority, ok := strings.CutSuffix(raw[start:end], ":")
	if !ok {
		return raw
	}
	host := authority[strings.LastIndexByte(authority, '@')+1:] // credentials are refused later
	bracketed := strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]")
	if host == "" || (!bracketed && strings.Contains(host, ":")) {
		return raw
	}
	return raw[:start] + authority + raw[end:]
}

// privateHost reports whether host, as written in a URL, can only be an
// address that delivery refuses (egress.Forbidden): an IP address in a
// private, loopback or other non-public range, or a name under
// "localhost" (RFC 6761). Such an endpoint could never receive a
// delivery, so it is refused when saved rather than retried for three
// days. Other names are not looked up here: the check at connection time
// covers what they resolve to.
//
// The host is read as clients read it: in its ASCII form first (Go's
// HTTP client, like browsers, maps "１２７.0.0.1" to 127.0.0.1 and
// "ｌｏｃａｌｈｏｓｔ" to localhost), then as an IPv4 address whenever
// its last label is a number, as WHATWG URL parsing and inet_aton do
// (127.1, 2130706433, 0x7f.0.0.1, 0177.0.0.1 and 0 are all loopback or
// this-network addresses). One trailing dot (the root, as in
// "localhost.") is dropped: "127.0.0.1." is 127.0.0.1 to many resolvers
// and clients.
func privateHost(host string) (reason string, private bool) {
	name := strings.TrimSuffix(strings.ToLower(asciiHost(host)), ".")
	if ip, err := netip.ParseAddr(name); err == nil {
		return egress.Forbidden(ip)
	}
	if ip, numeric, ok := ipv4Host(name); numeric && ok {
		return egress.Forbidden(ip)
	}
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return egress.ReasonLoopback, true
	}
	return "", false
}

// asciiHost is host as Go's HTTP client puts it on the wire and looks it
// up: an internationalized name mapped to ASCII (UTS #46, which also
// turns full-width digits and letters into ASCII ones). A host that does
// not map is returned as it is.
func asciiHost(host string) string {
	if isASCII(host) {
		return host
	}
	if a, err := idna.Lookup.ToASCII(host); err == nil {
		return a
	}
	return host
}

// ipv4Host reads host the way the WHATWG URL standard (and so browsers)
// and inet_aton read it. A host whose last label (after one trailing dot)
// is a number — decimal, 0x-hexadecimal or 0-led octal — is an IPv4
// address (numeric), written as 1 to 4 numbers: the last fills the bytes
// the others leave ("127.1" is 127.0.0.1, "2130706433" too). ok is false
// when such a host is not a valid address ("1.2.3.256", "09", "1.2.3.4.5").
// IPv6 literals and names are not numeric. The host is mapped to ASCII
// first, as clients do.
func ipv4Host(host string) (ip netip.Addr, numeric, ok bool) {
	host = asciiHost(host)
	if strings.Contains(host, ":") {
		return netip.Addr{}, false, false // IPv6, whose last group may look decimal
	}
	parts := strings.Split(host, ".")
	if len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last == "" {
		return netip.Addr{}, false, false
	}
	if _, isNum := ipv4Number(last); !isNum && strings.Trim(last, "0123456789") != "" {
		return netip.Addr{}, false, false
	}
	if len(parts) > 4 {
		return netip.Addr{}, true, false
	}
	var v uint64
	for i, p := range parts {
		n, isNum := ipv4Number(p)
		if !isNum {
			return netip.Addr{}, true, false
		}
		if i < len(parts)-1 {
			if n > 255 {
				return netip.Addr{}, true, false
			}
			v |= n << (8 * (3 - i))
			continue
		}
		// The last number fills the bytes that are left.
		if n >= 1<<(8*(4-i)) {
			return netip.Addr{}, true, false
		}
		v |= n
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true, true
}

// ipv4Number parses one part of an IPv4 host: "0x"/"0X" then hexadecimal
// digits (none is 0), a leading 0 then octal, or decimal. Values past
// 2^32 are reported as 2^32, which no part may be.
func ipv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	base := uint64(10)
	switch {
	case len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		base, s = 16, s[2:]
	case len(s) >= 2 && s[0] == '0':
		base, s = 8, s[1:]
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		var d uint64
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case c >= 'a' && c <= 'f':
			d = uint64(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return 0, false
		}
		if d >= base {
			return 0, false
		}
		n = min(n*base+d, 1<<32)
	}
	return n, true
}

// validHost accepts an IP address (an IPv6 one with its zone too) or a DNS
// name: labels of 1–63 characters, letters, digits, hyphens (not first or
// last) and underscores, at most 253 characters in all. An
// internationalized label is measured in its ASCII (punycode) form, which
// is what goes on the wire. It looks nothing up.
func validHost(h string) bool {
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" {
		return false
	}
	total := -1
	for _, label := range strings.Split(h, ".") {
		if !isASCII(label) {
			a, err := idna.Lookup.ToASCII(label)
			if err != nil {
				return false
			}
			label = a
		}
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			switch c := label[i]; {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			default:
				return false
			}
		}
		total += len(label) + 1
	}
	return total <= 253
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ValidateEvents checks a subscription list and returns it deduplicated in the guide's order.
func ValidateEvents(events []string) ([]string, error) {
	if len(events) == 0 {
		return nil, errValidation("invalid_events", "events must list at least one event type: "+strings.Join(order.EventTypes, ", "), "events")
	}
	want := map[string]bool{}
	for _, e := range events {
		if !order.IsEventType(e) {
			return nil, errUnknownEventType(e, "events")
		}
		want[e] = true
	}
	var out []string
	for _, e := range order.EventTypes {
		if want[e] {
			out = append(out, e)
		}
	}
	return out, nil
}

// quote is s in double quotes as an error message names a value it
// refuses, cut to whole characters past 64 bytes (order.Excerpt), and
// escaped as %q escapes it, as a refused state is quoted: printable
// characters of any script as written, and a control, bidirectional or
// other invisible character, a `"` or a `\` escaped. Written as sent, a
// U+202E turned the rest of the message around wherever it was shown, a
// line break or an ESC reached the caller's log or terminal as such, and
// a `"` ended the quotes before the value did.
func quote(s string) string {
	return strconv.Quote(order.Excerpt(s))
}

// ParseEndpointRequest decodes and validates a create (create=true) or PATCH body.
func ParseEndpointRequest(body []byte, create, allowInsecure bool) (endpointRequest, error) {
	return parseEndpointRequest(body, create, allowInsecure, nil)
}

// parseEndpointRequest is ParseEndpointRequest for a PATCH of an endpoint
// whose URL is stored: a url sent back exactly as stored is no change, and
// is not checked again. A client that reads an endpoint, edits its
// description and sends the whole object back must not be refused for a
// URL an earlier version of these rules accepted (or one saved while the
// server ran with --allow-insecure-urls). The same holds for a
// description stored before control characters were refused in it.
func parseEndpointRequest(body []byte, create, allowInsecure bool, current *store.Endpoint) (endpointRequest, error) {
	stored := ""
	if current != nil {
		stored = current.URL
	}
	var req endpointRequest
	if err := decodeJSON(body, &req, !create); err != nil {
		return req, err
	}
	if create && req.URL == nil {
		return req, errValidation("missing_field", "url is required", "url")
	}
	if req.URL != nil && stored != "" && (*req.URL == stored || normalizeEndpointURL(*req.URL) == stored) {
		// No change: the URL is left out of the update, so that it cannot
		// write back the URL as read over one another PATCH saved since.
		req.URL = nil
	} else if req.URL != nil {
		// Length first: every check after it costs in proportion to it.
		if n := utf8.RuneCountInString(*req.URL); n > MaxURLLength {
			return req, errTooLongURL(n)
		}
		// Before the query's non-ASCII characters are percent-encoded: a
		// U+202E there is refused as in the path.
		if err := refuseInvisible(*req.URL, "url", "invalid_url"); err != nil {
			return req, err
		}
		u := normalizeEndpointURL(*req.URL)
		if u != *req.URL && utf8.RuneCountInString(u) > MaxURLLength && utf8.RuneCountInString(*req.URL) <= MaxURLLength {
			return req, errValidation("invalid_url", "url must be at most 2048 characters once the non-ASCII characters of its query are percent-encoded (ü is %C3%BC); shorten it", "url")
		}
		if err := ValidateEndpointURL(u, allowInsecure); err != nil {
			return req, err
		}
		req.URL = &u
	}
	if req.Events != nil {
		ev, err := ValidateEvents(*req.Events)
		if err != nil {
			return req, err
		}
		req.Events = &ev
	}
	// Its length is said, as a cancel reason's and a url's are: "at most
	// 500 characters" alone left a client counting, in bytes or in
	// UTF-16 units, a description that looked short.
	if req.Description != nil {
		if n := utf8.RuneCountInString(*req.Description); n > MaxDescriptionLength {
			return req, errValidation("invalid_description",
				fmt.Sprintf("description must be at most %d characters (this one has %d); shorten it", MaxDescriptionLength, n), "description")
		}
	}
	if req.Description != nil && (current == nil || *req.Description != current.Description) {
		if err := refuseControls(*req.Description, "description", "invalid_description"); err != nil {
			return req, err
		}
	}
	if req.Status != nil {
		if create {
			return req, errValidation("invalid_status", "status can only be changed with PATCH", "status")
		}
		if *req.Status != store.EndpointEnabled && *req.Status != store.EndpointDisabled {
			return req, errNotOneOf("invalid_status", "status", "status must be enabled or disabled", *req.Status, []string{store.EndpointEnabled, store.EndpointDisabled})
		}
	}
	return req, nil
}

func (s *Server) createEndpoint(w http.ResponseWriter, r *http.Request, accountID string) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	req, err := ParseEndpointRequest(body, true, s.cfg.AllowInsecureURLs)
	if err != nil {
		return secretNotSettable(err, "the server makes an endpoint's signing secret and this request's answer holds it: leave the field out, and change the secret later with POST /v1/webhook_endpoints/{id}/rotate_secret")
	}
	secret, err := webhook.NewSecret()
	if err != nil {
		return err
	}
	now := s.now()
	e := store.Endpoint{ID: ids.NewAt(ids.Endpoint, now), AccountID: accountID, URL: *req.URL, Events: order.EventTypes,
		Status: store.EndpointEnabled, Secret: secret, CreatedAt: now, UpdatedAt: now}
	if req.Events != nil {
		e.Events = *req.Events
	}
	if req.Description != nil {
		e.Description = *req.Description
	}
	if err := s.store.CreateEndpoint(r.Context(), e, s.cfg.MaxEndpointsPerAccount); err != nil {
		if errors.Is(err, store.ErrEndpointLimit) {
			return errConflict("endpoint_limit_reached", fmt.Sprintf("this account has as many webhook endpoints as the server allows (%d); delete one first", s.cfg.MaxEndpointsPerAccount))
		}
		return err
	}
	if s.deliverer != nil {
		// Open pages listing the account's endpoints (the dashboard's
		// Settings, overview, Monitoring) show it without a reload.
		s.deliverer.EndpointChanged(accountID, e.ID)
	}
	res := renderEndpoint(e)
	res.Secret = e.Secret
	writeJSON(w, http.StatusCreated, res)
	return nil
}

func (s *Server) endpointID(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if !ids.Valid(ids.Endpoint, id) {
		return "", errNotFoundID("webhook endpoint", ids.Endpoint, id)
	}
	return id, nil
}

// pathEndpoint reads the endpoint named in the path, answering 404 alike
// for a malformed id, another account's endpoint and one that is gone.
func (s *Server) pathEndpoint(r *http.Request, accountID string) (store.Endpoint, error) {
	id, err := s.endpointID(r)
	if err != nil {
		return store.Endpoint{}, err
	}
	e, err := s.store.GetEndpoint(r.Context(), accountID, id)
	if err != nil {
		return store.Endpoint{}, notFoundAs(err, "webhook endpoint")
	}
	return e, nil
}

func (s *Server) getEndpoint(w http.ResponseWriter, r *http.Request, accountID string) error {
	e, err := s.pathEndpoint(r, accountID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, renderEndpoint(e))
	return nil
}

func (s *Server) listEndpoints(w http.ResponseWriter, r *http.Request, accountID string) error {
	lp, err := listParams(r, accountID, ids.Endpoint)
	if err != nil {
		return err
	}
	es, more, err := s.store.ListEndpoints(r.Context(), lp)
	if err != nil {
		return err
	}
	out := make([]endpointResource, len(es))
	for i, e := range es {
		out[i] = renderEndpoint(e)
	}
	writeJSON(w, http.StatusOK, list(out, more))
	return nil
}

func (s *Server) updateEndpoint(w http.ResponseWriter, r *http.Request, accountID string) error {
	id, err := s.endpointID(r)
	if err != nil {
		return err
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	req, err := ParseEndpointRequest(body, false, s.cfg.AllowInsecureURLs)
	var refused *Error
	if errors.As(err, &refused) && (refused.Param == "url" || refused.Param == "description") {
		// Perhaps the URL or description as it is stored, sent back unchanged.
		current, gerr := s.store.GetEndpoint(r.Context(), accountID, id)
		if gerr != nil {
			return notFoundAs(gerr, "webhook endpoint")
		}
		req, err = parseEndpointRequest(body, false, s.cfg.AllowInsecureURLs, &current)
	}
	if err != nil {
		return secretNotSettable(err, "an endpoint's signing secret cannot be set with PATCH, as the server makes it: rotate it with POST /v1/webhook_endpoints/"+id+"/rotate_secret, which answers the new one")
	}
	statusChanged, urlChanged, changed := false, false, false
	e, err := s.store.UpdateEndpoint(r.Context(), accountID, id, func(e *store.Endpoint) error {
		statusChanged, urlChanged, changed = false, false, false // the update may run again
		now := changeTime(s.now(), e)
		if req.URL != nil && *req.URL != e.URL {
			urlChanged = true
			e.URL = *req.URL
			// A new destination starts with a clean record: the failures
			// of the old URL must not count toward disabling the new one.
			e.FailingSince = nil
		}
		changed = urlChanged
		if req.Events != nil && !slices.Equal(*req.Events, e.Events) {
			e.Events, changed = *req.Events, true
		}
		if req.Description != nil && *req.Description != e.Description {
			e.Description, changed = *req.Description, true
		}
		if req.Status != nil && *req.Status != e.Status {
			statusChanged = true
			e.Status = *req.Status
			if e.Status == store.EndpointEnabled {
				// A fresh start: the failing run that disabled it is over.
				e.DisabledReason, e.FailingSince = "", nil
			} else {
				e.DisabledReason = "disabled by the account"
			}
		}
		// updated_at is when it last changed: a PATCH that changes
		// nothing leaves it.
		if changed || statusChanged {
			e.UpdatedAt = now
		}
		return nil
	})
	if err != nil {
		return notFoundAs(err, "webhook endpoint")
	}
	if req.Status != nil && s.deliverer != nil {
		if *req.Status == store.EndpointEnabled {
			s.deliverer.ResumeSending(id)
			s.deliverer.Submit(nil, true) // parked deliveries are due again
		} else {
			s.deliverer.StopSending(id)
		}
	}
	if urlChanged && e.Status == store.EndpointEnabled && s.deliverer != nil {
		s.deliverer.RefreshEndpoint(id) // what is queued goes to the new URL
	}
	if (statusChanged || changed) && s.deliverer != nil {
		// An edit too: an open page of the endpoint shows its URL,
		// description and events, and went on showing the old ones.
		s.deliverer.EndpointChanged(accountID, id)
	}
	writeJSON(w, http.StatusOK, renderEndpoint(e))
	return nil
}

func (s *Server) deleteEndpoint(w http.ResponseWriter, r *http.Request, accountID string) error {
	id, err := s.endpointID(r)
	if err != nil {
		return err
	}
	// No fields, as a POST that takes none: a body is read and must be
	// none or {}. One that was not read deleted the endpoint whatever it
	// said ({"status": "disabled"} meant for a PATCH, or garbage).
	var req struct{}
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	if err := s.store.DeleteEndpoint(r.Context(), accountID, id, s.now()); err != nil {
		return notFoundAs(err, "webhook endpoint")
	}
	if s.deliverer != nil {
		s.deliverer.StopSending(id) // what this instance holds of it is not sent
		s.deliverer.EndpointChanged(accountID, id)
	}
	// A struct: a map's keys came out sorted, "deleted" before "id",
	// where docs/api.md and openapi.json write id, object, deleted.
	writeJSON(w, http.StatusOK, struct {
		ID      string `json:"id"`
		Object  string `json:"object"`
		Deleted bool   `json:"deleted"`
	}{id, "webhook_endpoint", true})
	return nil
}

// secretFields are the fields of an endpoint's signing secrets as its
// /secret answers them. The server makes every one; no body sets one.
var secretFields = []string{"secret", "previous_secret", "previous_secret_expires_at", "older_secrets"}

// secretNotSettable is err, the refusal of an endpoint's body, with why
// added when it refuses one of secretFields as unknown: `unknown field
// "secret"` alone, to a PATCH that meant to set the secret, read as a
// misspelt field name, and said nothing of rotate_secret, the one way to
// change it. The status and code are unknown_field's, as before.
func secretNotSettable(err error, why string) error {
	var refused *Error
	if errors.As(err, &refused) && refused.Code == "unknown_field" && slices.Contains(secretFields, refused.Param) {
		e := *refused
		e.Message = fmt.Sprintf("unknown field %q: %s", refused.Param, why)
		return &e
	}
	return err
}

type secretResource struct {
	Secret                  string `json:"secret"`
	PreviousSecret          string `json:"previous_secret,omitempty"`
	PreviousSecretExpiresAt string `json:"previous_secret_expires_at,omitempty"`
	// OlderSecrets appear after a second rotation within 24 hours: the
	// secrets retired before the previous one, still signing until theirs.
	OlderSecrets []olderSecret `json:"older_secrets,omitempty"`
}

type olderSecret struct {
	Secret    string `json:"secret"`
	ExpiresAt string `json:"expires_at"`
}

func renderSecret(e store.Endpoint, now time.Time) secretResource {
	r := secretResource{Secret: e.Secret}
	for i, rs := range e.RetiredSecrets(now) {
		if i == 0 {
			r.PreviousSecret, r.PreviousSecretExpiresAt = rs.Secret, order.FormatTime(rs.ExpiresAt)
			continue
		}
		r.OlderSecrets = append(r.OlderSecrets, olderSecret{rs.Secret, order.FormatTime(rs.ExpiresAt)})
	}
	return r
}

func (s *Server) getSecret(w http.ResponseWriter, r *http.Request, accountID string) error {
	e, err := s.pathEndpoint(r, accountID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, renderSecret(e, s.now()))
	return nil
}

func (s *Server) rotateSecret(w http.ResponseWriter, r *http.Request, accountID string) error {
	id, err := s.endpointID(r)
	if err != nil {
		return err
	}
	var req struct{}
	if err := decodeBody(w, r, &req, true); err != nil {
		return secretNotSettable(err, "rotate_secret makes the new secret itself and answers it; send no body or {}")
	}
	secret, err := webhook.NewSecret()
	if err != nil {
		return err
	}
	var now time.Time
	e, err := s.store.UpdateEndpoint(r.Context(), accountID, id, func(e *store.Endpoint) error {
		now = changeTime(s.now(), e)
		e.Rotate(secret, now, s.cfg.RotationOverlap)
		e.UpdatedAt = now
		return nil
	})
	if err != nil {
		return notFoundAs(err, "webhook endpoint")
	}
	if e.Status == store.EndpointEnabled && s.deliverer != nil {
		s.deliverer.RefreshEndpoint(id) // what is queued is signed with the new secret
	}
	if s.deliverer != nil {
		// An open page of the endpoint showing the secret it revealed
		// went on calling the old one current, to be copied into a
		// receiver that would stop verifying 24 hours later.
		s.deliverer.EndpointChanged(accountID, id)
	}
	writeJSON(w, http.StatusOK, renderSecret(e, now))
	return nil
}

// changeTime is the time a change to e is made at: read once the store
// holds e's row (a concurrent change on PostgreSQL waits for the lock, and a
// clock read before the wait would commit a time older than the one stored),
// and never before e's last change (another instance's clock may be behind):
// updated_at and the retired secrets' expiries stay in order.
func changeTime(now time.Time, e *store.Endpoint) time.Time {
	if now.Before(e.UpdatedAt) {
		return e.UpdatedAt
	}
	return now
}

// article is "a" or "an" for word.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
