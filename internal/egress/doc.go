// Package egress is the HTTP client esahayak uses to deliver webhooks.
//
// Webhook URLs are supplied by customers, so every delivery is a request to
// an address an untrusted party chose. Without protection that is a
// server-side request forgery (SSRF) primitive: a customer could register
// http://169.254.169.254/latest/meta-data/ (cloud credentials),
// http://localhost:5432/, or an intranet host and read the responses back
// through the delivery logs. This package therefore refuses, by default, to
// connect to loopback, private, link-local, CGNAT, multicast and other
// non-public addresses (see [Forbidden] for the exact list).
//
// The check happens at connection time, after DNS resolution: the dialer
// resolves the host once, refuses if ANY resolved address is forbidden, and
// then dials exactly the addresses it checked (a net.Dialer Control hook
// re-checks each socket address as a second line of defence), as the net
// package dials: the other address family 300 ms after the first, so a
// route that drops IPv6 packets does not take half of the attempt's time
// before IPv4 is tried. Validating the
// URL up front would not be enough: a name can resolve to a public address
// when validated and to 127.0.0.1 when dialled (DNS rebinding), and
// redirects could lead anywhere — which is why redirects are never followed.
//
// Other hazards of talking to arbitrary servers are bounded too: one
// deadline covers the whole attempt (connect, TLS, response headers and
// body), and at most Options.MaxResponseBytes of a response body are read.
// Because net/http finishes dials in the background after a request gives
// up, each dial and TLS handshake is separately bounded by the same Timeout
// (a CONNECT through the proxy is bounded by net/http's own one-minute
// limit). TLS certificates are always verified; TLS 1.2 is the minimum.
//
// Options.AllowPrivate (--allow-insecure-urls) lifts the guard for local
// development. With Options.Proxy (--egress-proxy) every request goes through
// an operator-configured proxy, which may itself live on a private address;
// the proxy then makes the real connection, so the destination check must be
// enforced by the proxy. As a best-effort extra layer the client still
// resolves the target host itself and refuses forbidden addresses before
// sending anything to the proxy (if the client cannot resolve the name it
// leaves the decision to the proxy).
//
// [Classify] turns any error from [Client.Do] into a short stable kind
// ("blocked", "timeout", "dns", ...) for attempt logs and metrics.
package egress
