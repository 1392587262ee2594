package egress

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// Limits of the response headers kept in an attempt's log. A receiver
// chooses its headers: without a limit, one answering a megabyte of them
// would make every attempt store, and every delivery's page show, a
// megabyte. The body has its own limit (4 KiB stored).
const (
	MaxStoredHeaders     = 100
	MaxStoredHeaderBytes = 8 << 10 // names and values together, the marker included
	MaxStoredHeaderValue = 2 << 10 // one header's values; longer ones are cut
)

// HeadersCutKey is the entry StoredHeaders adds when it left headers out.
// Parentheses cannot occur in a header name, so it never hides a real one.
const HeadersCutKey = "(cut)"

// StoredHeaders is h as an attempt's log keeps it: each header's values
// joined with ", ", in name order, within MaxStoredHeaders entries and
// MaxStoredHeaderBytes; a value longer than MaxStoredHeaderValue, or than
// the room left, is cut, and what was left out is counted under
// HeadersCutKey.
func StoredHeaders(h http.Header) map[string]string {
	out := make(map[string]string, min(len(h), MaxStoredHeaders))
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	const markerRoom = 128
	room := MaxStoredHeaderBytes - markerRoom
	leftOut, leftBytes := 0, 0
	for _, k := range names {
		// Measured as stored and sent on: a byte that is not UTF-8
		// becomes U+FFFD, three bytes, when it is encoded as JSON.
		v := strings.ToValidUTF8(strings.Join(h[k], ", "), "\uFFFD")
		k := strings.ToValidUTF8(k, "\uFFFD")
		if len(out) >= MaxStoredHeaders-1 || len(k) >= room {
			leftOut++
			leftBytes += len(k) + len(v)
			continue
		}
		if keep := min(MaxStoredHeaderValue, room-len(k)); len(v) > keep {
			// Counted from the cut as made: CutUTF8 stops before a
			// character that would not fit, up to 3 bytes short of keep,
			// and the marker told that many bytes fewer than were lost.
			cut := CutUTF8(v, keep)
			leftBytes += len(v) - len(cut)
			v = cut
		}
		out[k] = v
		room -= len(k) + len(v)
	}
	if leftOut > 0 || leftBytes > 0 {
		out[HeadersCutKey] = fmt.Sprintf("%d more header(s) and %d bytes not kept (at most %d headers and %d bytes are kept)",
			leftOut, leftBytes, MaxStoredHeaders, MaxStoredHeaderBytes)
	}
	return out
}

// CutStoredValues cuts each value of h, a header map already within
// MaxStoredHeaders and MaxStoredHeaderBytes, to MaxStoredHeaderValue, as
// StoredHeaders does, and counts what it left out under HeadersCutKey
// (after the count already there, if any). A listener's report is stored
// as the engine's own attempts are: without it, a third-party reporter's
// 8 KiB value was kept whole where the engine keeps 2 KiB.
func CutStoredValues(h map[string]string) map[string]string {
	cut := 0
	for k, v := range h {
		if k != HeadersCutKey && len(v) > MaxStoredHeaderValue {
			kept := CutUTF8(v, MaxStoredHeaderValue)
			cut += len(v) - len(kept)
			h[k] = kept
		}
	}
	if cut == 0 {
		return h
	}
	note := fmt.Sprintf("%d bytes of values over %d bytes not kept", cut, MaxStoredHeaderValue)
	if prev := h[HeadersCutKey]; prev != "" {
		note = prev + "; " + note
	}
	h[HeadersCutKey] = note
	return h
}

// CutUTF8 is the longest start of s of at most n bytes that ends on a
// character boundary (invalid bytes become U+FFFD first).
func CutUTF8(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// RedirectTarget is a redirect's Location as its error ([StatusFailure])
// names it: relative to the URL the request went to, the URL it leads to.
// The error says to configure the final URL, and "/v2/hook" left the
// customer to work it out. Deliveries and `esahayak listen` both use it,
// so that one answer reads the same in both. The answer's headers keep
// the Location as it was sent. A user and password of the request's URL
// are not carried into the text.
func RedirectTarget(requestURL, location string) string {
	if location == "" {
		return ""
	}
	ref, err := url.Parse(location)
	if err != nil || ref.IsAbs() {
		return location
	}
	base, err := url.Parse(requestURL)
	if err != nil {
		return location
	}
	target := base.ResolveReference(ref)
	target.User = nil
	return target.String()
}

// maxLocationInError bounds the Location a redirect's error message quotes:
// the error is stored with every attempt and logged.
const maxLocationInError = 200

func quoteLocation(location string) string {
	if len(location) > maxLocationInError {
		return fmt.Sprintf("%q… (%d bytes)", CutUTF8(location, maxLocationInError), len(location))
	}
	return fmt.Sprintf("%q", location)
}

// MaxErrorText bounds the error text kept with an attempt (and sent by
// `esahayak listen`, whose reports the API takes up to 1000 characters and
// keeps as CutErrorText cuts them).
// Go's errors quote what the receiver sent: a malformed status line of a
// megabyte became a megabyte of error, stored, shown and logged.
const MaxErrorText = 900

// ErrorText is err's text as an attempt keeps it: valid UTF-8, at most
// MaxErrorText bytes, a cut marked with its length, and without our own
// side's addresses (below). An attempt made through an egress proxy takes
// its text from [Client.ErrorText], which leaves out the proxy's too.
func ErrorText(err error) string { return errorText(err, "", "") }

// proxyMask stands where the egress proxy's address would be in an
// attempt's error text.
const proxyMask = "(egress proxy)"

// errorText is ErrorText; with proxyHost and proxyAddr (the egress proxy's
// host and host:port) it says proxyMask for them and for the address the
// proxy's name resolved to.
func errorText(err error, proxyHost, proxyAddr string) string {
	s := err.Error()
	// A socket's error names both ends ("read tcp 10.0.4.7:51234->
	// 203.0.113.9:443: read: connection reset by peer"): the far end is
	// the endpoint (the customer's own address), the near one the
	// sending machine's address and port, the operator's network. Errors
	// of every kind quote them (resets, timeouts, a TLS handshake cut
	// short), so each socket error in the tree is told without its
	// source. Through a proxy the far end is the proxy (every connection
	// goes to it; SOCKS errors, "socks connect", name the proxy as their
	// source and the endpoint as their address).
	walk(err, func(e error) bool {
		op, ok := e.(*net.OpError)
		if !ok {
			return false
		}
		if op.Source != nil {
			withoutSource := *op
			withoutSource.Source = nil
			s = strings.ReplaceAll(s, op.Error(), withoutSource.Error())
			// Where the error's text was said in other words
			// (PlainError), its own text is not there to replace.
			if op.Addr != nil {
				s = strings.ReplaceAll(s, op.Source.String()+"->"+op.Addr.String(), op.Addr.String())
			}
		}
		if proxyAddr != "" && op.Addr != nil && !strings.HasPrefix(op.Op, "socks") {
			s = strings.ReplaceAll(s, op.Addr.String(), proxyMask)
		}
		return false // every socket error in the tree
	})
	// A failed lookup names the resolver that answered ("lookup x on
	// 10.0.0.2:53: no such host"): the operator's network, not the
	// customer's business.
	// Its inner error can name them too ("read udp 10.1.2.3:40564->
	// 10.255.255.53:53: …"): the lookup is told in its own words only.
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		what := "the lookup failed"
		switch {
		case dnsErr.IsNotFound:
			what = "no such host"
		case dnsErr.IsTimeout:
			what = "the lookup timed out"
		case dnsErr.IsTemporary:
			what = "the lookup failed for now (temporary)"
		}
		name := dnsErr.Name
		if proxyHost != "" && strings.EqualFold(name, proxyHost) {
			name = proxyMask // the proxy's own name did not resolve
		}
		s = strings.Replace(s, dnsErr.Error(), "lookup "+name+": "+what, 1)
	}
	if proxyAddr != "" {
		s = strings.ReplaceAll(s, proxyAddr, proxyMask)
	}
	return CutErrorText(s)
}

// CutErrorText bounds an error text as an attempt keeps it: valid UTF-8, at
// most MaxErrorText bytes, a cut marked with its length. A listener's
// reported error is kept the same way as the engine's own.
//
// A NUL becomes U+FFFD, as a byte that is not UTF-8 does. Some errors
// quote the receiver's bytes unescaped (crypto/x509 lists a certificate's
// DNS names as they are), and a PostgreSQL text column cannot hold a NUL:
// its store wrote U+FFFD where SQLite kept the NUL, so the same failure
// read differently by store.
func CutErrorText(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	if len(s) <= MaxErrorText && utf8.ValidString(s) {
		return s
	}
	cut := CutUTF8(s, MaxErrorText-40)
	if len(cut) == len(s) {
		return cut
	}
	return fmt.Sprintf("%s… (%d bytes in all)", cut, len(s))
}
