package relay

import (
	"bytes"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"strings"

	"github.com/esahayak/esahayak/internal/egress"
)

// TLSHint is the advice for err, a call to the server at base (an
// --api-base) that failed in TLS, or "" when err is no TLS failure. The
// clients' advice for a call that got no answer, "is `esahayak serve`
// running there?", does not fit one: something answered there, and the
// user went looking for a server that was up all along. The advice names
// what was wrong: a certificate for another name, one from no authority
// this machine trusts, a server speaking plain HTTP to https://.
func TLSHint(base string, err error) string {
	var (
		hostname x509.HostnameError
		unknown  x509.UnknownAuthorityError
		invalid  x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &hostname):
		return "the server's certificate is not for the host --api-base names: give --api-base the name the certificate is for"
	case errors.As(err, &unknown):
		// SSL_CERT_FILE is how docs/receiving.md has serve trust a
		// certificate of one's own; Go reads it on Linux and the BSDs.
		return "the server's certificate is signed by no authority this machine trusts: on Linux, SSL_CERT_FILE=cert.pem " +
			"trusts a certificate of your own instead of the system's authorities; no flag turns certificate checks off"
	case errors.As(err, &invalid):
		return "the server's certificate was refused: the server needs a valid one; no flag turns certificate checks off"
	case isPlainHTTPAnswer(err):
		return "the server speaks plain HTTP there: set --api-base to " + withScheme(base, "http")
	case egress.Classify(err) == egress.KindTLS:
		return "the TLS handshake with the server failed: is --api-base the server's HTTPS address?"
	}
	return ""
}

// isPlainHTTPAnswer reports whether err is net/http's for an https:// call
// answered in plain HTTP: its error is unexported, its text all there is.
func isPlainHTTPAnswer(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if err.Error() == "http: server gave HTTP response to HTTPS client" {
			return true
		}
	}
	return false
}

// httpsRefusals are what TLS servers answer (400) to a plain-HTTP request
// on their port: Go's net/http (and so Caddy), nginx, Apache httpd.
var httpsRefusals = [][]byte{
	[]byte("Client sent an HTTP request to an HTTPS server"),
	[]byte("The plain HTTP request was sent to HTTPS port"),
	[]byte("speaking plain HTTP to an SSL-enabled server port"),
}

// HTTPSHint is the advice for an answer of status with body, which is not
// the API's error, to a call to the server at base: when base is http://
// and a TLS server refused the plain-HTTP request, it says to use
// https://; else "". "Is --api-base an esahayak server?" does not fit
// that answer: it may well be one, behind a proxy that speaks HTTPS.
func HTTPSHint(base string, status int, body []byte) string {
	if status != 400 || !strings.HasPrefix(strings.ToLower(base), "http://") {
		return ""
	}
	for _, r := range httpsRefusals {
		if bytes.Contains(body, r) {
			return "the server speaks HTTPS there: set --api-base to " + withScheme(base, "https")
		}
	}
	return ""
}

// withScheme is base, without its credentials, with scheme in place of its
// own; a port left to the scheme's default is written, as the other
// scheme's default is another port ("https://host" serving plain HTTP is
// "http://host:443").
func withScheme(base, scheme string) string {
	u, err := url.Parse(egress.WithoutCredentials(base))
	if err != nil || u.Host == "" {
		return scheme + "://…"
	}
	if u.Port() == "" {
		port := "80"
		if strings.EqualFold(u.Scheme, "https") {
			port = "443"
		}
		u.Host = net.JoinHostPort(u.Hostname(), port)
	}
	u.Scheme = scheme
	return u.String()
}
