package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Go's HTTP/1 server refuses a request line it cannot read (no method,
// target and version separated by single spaces, a method holding a
// character no method may, a version that is not HTTP/x.y, a target that
// is no URI: a % that starts no escape, a control character, no leading
// /) with a bare "400 Bad Request", no detail. Its JSON (goerrors.go) could
// only list every rule a request may break, so a browser given the link
// /dashboard/100% or a script that sent a path with a space in it was told
// "the request line, its target, a header line, a Host given twice or the
// Content-Length is not valid" and left to guess which. The connection's
// framer reads each request line as Go's server does (chunklimit.go), and
// requestLineFault says what Go refuses in it, so the answer names it.

// requestLineFault is what Go's server (net/http's readRequest) refuses in
// line, a request line without its line end, in words for a message, or
// "" when Go reads it (a head it refuses later is refused for something
// else). It checks in Go's order, and with Go's own parsers where they are
// exported, so that it never names a fault Go did not find first.
func requestLineFault(line string) string {
	method, rest, ok1 := strings.Cut(line, " ")
	target, proto, ok2 := strings.Cut(rest, " ")
	switch {
	case line == "":
		return "the request line is empty; a request starts with METHOD target HTTP/1.1 (RFC 9112 §3)"
	case !ok1 || !ok2:
		return fmt.Sprintf("the request line %q is not METHOD target HTTP/1.1: it needs a single space after the method and after the target (RFC 9112 §3)", cutEchoed(line))
	case method == "":
		return fmt.Sprintf("the request line %q starts with a space; it must start with the method, such as GET (RFC 9112 §3)", cutEchoed(line))
	}
	if i := strings.IndexFunc(method, func(r rune) bool { return r >= 0x80 || !isTokenByte(byte(r)) }); i >= 0 {
		return fmt.Sprintf("the method %q has %s at byte %d, which no method may hold (a method is letters, digits and !#$%%&'*+-.^_`|~, such as GET) (RFC 9110 §9.1)", cutEchoed(method), quotedByte(method[i]), i+1)
	}
	if _, _, ok := http.ParseHTTPVersion(proto); !ok {
		// "GET /a b HTTP/1.1": the target ended at its space, and the
		// rest reads as the version.
		if before, version, found := cutLast(proto, " "); found {
			if _, _, ok := http.ParseHTTPVersion(version); ok {
				return fmt.Sprintf("the request target %q holds a space (a request line is METHOD target HTTP/1.1, its parts separated by single spaces); write a space in a path or query as %%20 (RFC 3986 §2.1)", cutEchoed(target+" "+before))
			}
		}
		return fmt.Sprintf("the request line's version %q is not HTTP/1.1 or HTTP/1.0 (RFC 9112 §2.3)", cutEchoed(proto))
	}
	raw := target
	if method == http.MethodConnect && !strings.HasPrefix(raw, "/") {
		raw = "http://" + raw // as Go reads CONNECT's authority
	}
	_, err := url.ParseRequestURI(raw)
	if err == nil {
		return ""
	}
	var esc url.EscapeError
	switch {
	case target == "":
		return "the request line has no target between its method and its version (two spaces in a row); a target is a path such as /v1/orders (RFC 9112 §3.2)"
	case strings.IndexFunc(target, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		i := strings.IndexFunc(target, func(r rune) bool { return r < 0x20 || r == 0x7f })
		return fmt.Sprintf("the request target %q has a control character (%s at byte %d), which no target may hold; percent-encode it (%%%02X) (RFC 3986 §2.1)", cutEchoed(target), quotedByte(target[i]), i+1, target[i])
	case errors.As(err, &esc):
		return fmt.Sprintf("the request target %q holds %q, a %% that does not start a percent-escape (a %% and two hexadecimal digits); write a literal %% as %%25 (RFC 3986 §2.1)", cutEchoed(target), string(esc))
	case method != http.MethodConnect && !strings.HasPrefix(target, "/") && !strings.Contains(target, "://"):
		return fmt.Sprintf("the request target %q does not start with /; it is a path such as /v1/orders, or an absolute URL (RFC 9112 §3.2)", cutEchoed(target))
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Sprintf("the request target %q is not a valid URI (%s) (RFC 9112 §3.2)", cutEchoed(target), err)
}

// plainRequestLine reports, without allocating, whether line is one that
// Go's server reads, as a client writes nearly every one: a method of
// token bytes, a target starting with / of printable ASCII whose every %
// starts an escape, and HTTP/1.1 or HTTP/1.0, separated by single spaces.
// Another line is left to requestLineFault.
func plainRequestLine(line []byte) bool {
	sp := 0
	i := 0
	for ; i < len(line) && line[i] != ' '; i++ {
		if !isTokenByte(line[i]) {
			return false
		}
	}
	if i == 0 || i+1 >= len(line) || line[i+1] != '/' {
		return false
	}
	for i++; i < len(line); i++ {
		switch b := line[i]; {
		case b == ' ':
			sp = i
		case b <= 0x20 || b >= 0x7f:
			return false
		case b == '%' && (i+2 >= len(line) || !isHex(line[i+1]) || !isHex(line[i+2])):
			return false
		}
		if sp != 0 {
			break
		}
	}
	proto := string(line[sp+1:]) // no allocation: compared only
	return sp != 0 && (proto == "HTTP/1.1" || proto == "HTTP/1.0")
}

// isTokenByte reports whether b may be part of an HTTP token, such as a
// method (RFC 9110 §5.6.2).
func isTokenByte(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return b < 0x80 && strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}

// quotedByte names b for a message: "@" (U+0040) for a printable ASCII
// byte, else its value, 0x01 or 0xE9.
func quotedByte(b byte) string {
	if b > 0x20 && b < 0x7f {
		return fmt.Sprintf("%q (U+%04X)", string(rune(b)), b)
	}
	if b == ' ' {
		return `" " (a space)`
	}
	return fmt.Sprintf("the byte 0x%02X", b)
}

// cutLast is strings.Cut around the last sep in s.
func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}
