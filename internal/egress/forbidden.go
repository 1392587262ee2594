package egress

import "net/netip"

// Reasons reported by [Forbidden] and carried in [BlockedError.Reason].
// They are short, stable identifiers suitable for logs and metrics labels.
const (
	ReasonInvalid       = "invalid"      // the zero netip.Addr
	ReasonUnspecified   = "unspecified"  // 0.0.0.0, ::
	ReasonLoopback      = "loopback"     // 127.0.0.0/8, ::1
	ReasonPrivate       = "private"      // RFC 1918, fc00::/7 (unique local; includes fd00:ec2::254)
	ReasonLinkLocal     = "link-local"   // 169.254.0.0/16 (includes 169.254.169.254), fe80::/10
	ReasonSiteLocal     = "site-local"   // fec0::/10 (deprecated, still routed internally by some networks)
	ReasonCGNAT         = "cgnat"        // 100.64.0.0/10 (includes Alibaba's 100.100.100.200)
	ReasonMulticast     = "multicast"    // 224.0.0.0/4, ff00::/8
	ReasonBroadcast     = "broadcast"    // 255.255.255.255
	ReasonThisNetwork   = "this-network" // 0.0.0.0/8
	ReasonBenchmarking  = "benchmarking" // 198.18.0.0/15, 2001:2::/48 (also used by "fake-IP" DNS proxies)
	ReasonReserved      = "reserved"     // 240.0.0.0/4, 192.0.0.0/24, 192.88.99.0/24, ORCHID, IPv6 outside 2000::/3
	ReasonTeredo        = "teredo"       // 2001::/32
	ReasonDiscard       = "discard"      // 100::/64
	ReasonNAT64LocalUse = "nat64-local"  // 64:ff9b:1::/48 (RFC 8215 local-use translation)
	// ReasonCloudMetadata is a cloud's platform service at a public
	// address that answers only from inside that cloud: Azure's
	// WireServer, 168.63.129.16, which hands a VM its provisioning and
	// extension configuration. The other clouds' metadata services sit
	// in ranges refused anyway: 169.254.169.254 (link-local),
	// fd00:ec2::254 (private), 100.100.100.200 (CGNAT).
	ReasonCloudMetadata = "cloud-metadata" // 168.63.129.16/32
)

type rule struct {
	prefix netip.Prefix
	reason string
}

// v4Rules are checked in order; the first matching prefix wins.
//
// One public address is refused too: Azure's WireServer (168.63.129.16),
// reachable only from inside Azure, where it serves the VM's platform.
//
// Documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) are
// deliberately NOT refused: they are not routed on the internet, so they give
// an attacker nothing to reach, and allowing them lets tests use a
// public-looking address that can never connect anywhere real.
var v4Rules = []rule{
	{netip.MustParsePrefix("255.255.255.255/32"), ReasonBroadcast},
	{netip.MustParsePrefix("168.63.129.16/32"), ReasonCloudMetadata},
	{netip.MustParsePrefix("0.0.0.0/8"), ReasonThisNetwork},
	{netip.MustParsePrefix("127.0.0.0/8"), ReasonLoopback},
	{netip.MustParsePrefix("10.0.0.0/8"), ReasonPrivate},
	{netip.MustParsePrefix("172.16.0.0/12"), ReasonPrivate},
	{netip.MustParsePrefix("192.168.0.0/16"), ReasonPrivate},
	{netip.MustParsePrefix("169.254.0.0/16"), ReasonLinkLocal},
	{netip.MustParsePrefix("100.64.0.0/10"), ReasonCGNAT},
	{netip.MustParsePrefix("192.0.0.0/24"), ReasonReserved},   // IETF protocol assignments
	{netip.MustParsePrefix("192.88.99.0/24"), ReasonReserved}, // deprecated 6to4 relay anycast
	{netip.MustParsePrefix("198.18.0.0/15"), ReasonBenchmarking},
	{netip.MustParsePrefix("224.0.0.0/4"), ReasonMulticast},
	{netip.MustParsePrefix("240.0.0.0/4"), ReasonReserved},
}

// v6Rules are checked in order after the embedded-IPv4 forms have been
// handled. IPv6 documentation ranges (2001:db8::/32, 3fff::/20) are allowed
// for the same reason as their IPv4 counterparts.
var v6Rules = []rule{
	{netip.MustParsePrefix("::1/128"), ReasonLoopback},
	{netip.MustParsePrefix("64:ff9b:1::/48"), ReasonNAT64LocalUse},
	{netip.MustParsePrefix("100::/64"), ReasonDiscard},
	{netip.MustParsePrefix("2001::/32"), ReasonTeredo},
	{netip.MustParsePrefix("2001:2::/48"), ReasonBenchmarking},
	{netip.MustParsePrefix("2001:10::/28"), ReasonReserved}, // ORCHID (deprecated)
	{netip.MustParsePrefix("2001:20::/28"), ReasonReserved}, // ORCHIDv2
	{netip.MustParsePrefix("fc00::/7"), ReasonPrivate},
	{netip.MustParsePrefix("fe80::/10"), ReasonLinkLocal},
	{netip.MustParsePrefix("fec0::/10"), ReasonSiteLocal},
	{netip.MustParsePrefix("ff00::/8"), ReasonMulticast},
}

var (
	v4Compatible = netip.MustParsePrefix("::/96")        // deprecated IPv4-compatible IPv6
	nat64WKP     = netip.MustParsePrefix("64:ff9b::/96") // RFC 6052 well-known NAT64 prefix
	sixToFour    = netip.MustParsePrefix("2002::/16")    // RFC 3056 6to4
	globalV6     = netip.MustParsePrefix("2000::/3")     // the only IPv6 space allocated for global unicast
)

// Forbidden reports whether ip must not be dialled by a client that fetches
// attacker-influenced URLs (server-side request forgery protection), and if
// so a short stable reason such as "loopback" or "private".
//
// It is a pure function of the address: it never resolves or dials anything.
// Addresses that embed an IPv4 address are judged by that address:
// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64
// (64:ff9b::/96) and 6to4 (2002:aabb:ccdd::/48). Teredo (2001::/32) is always
// refused because the tunnel endpoint cannot be judged. Any IPv6 address
// outside 2000::/3 that is not otherwise classified is refused as "reserved".
// An IPv6 zone is ignored. The zero Addr is refused as "invalid".
//
// Documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
// 2001:db8::/32, 3fff::/20) are allowed: they are not routed, so refusing
// them protects nothing, and tests can use them as public-looking addresses.
func Forbidden(ip netip.Addr) (reason string, forbidden bool) {
	if !ip.IsValid() {
		return ReasonInvalid, true
	}
	ip = ip.WithZone("")
	if ip.Is4In6() {
		ip = ip.Unmap()
	}
	if ip.IsUnspecified() {
		return ReasonUnspecified, true
	}
	if ip.Is4() {
		return forbiddenV4(ip)
	}

	switch {
	case ip == netip.IPv6Loopback():
		return ReasonLoopback, true
	case v4Compatible.Contains(ip), nat64WKP.Contains(ip):
		b := ip.As16()
		return forbiddenV4(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	case sixToFour.Contains(ip):
		b := ip.As16()
		return forbiddenV4(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
	}
	for _, r := range v6Rules {
		if r.prefix.Contains(ip) {
			return r.reason, true
		}
	}
	if !globalV6.Contains(ip) {
		return ReasonReserved, true
	}
	return "", false
}

func forbiddenV4(ip netip.Addr) (string, bool) {
	if ip.IsUnspecified() {
		return ReasonUnspecified, true
	}
	for _, r := range v4Rules {
		if r.prefix.Contains(ip) {
			return r.reason, true
		}
	}
	return "", false
}
