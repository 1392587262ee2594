package egress

import (
	"net/netip"
	"testing"
)

func TestForbidden(t *testing.T) {
	tests := []struct {
		addr   string
		reason string // "" = allowed
	}{
		// Public addresses are allowed.
		{"1.1.1.1", ""},
		{"8.8.8.8", ""},
		{"93.184.216.34", ""},
		{"9.255.255.255", ""},
		{"11.0.0.0", ""},
		{"172.15.255.255", ""},
		{"172.32.0.0", ""},
		{"192.167.255.255", ""},
		{"192.169.0.0", ""},
		{"100.63.255.255", ""},
		{"100.128.0.0", ""},
		{"169.253.255.255", ""},
		{"169.255.0.0", ""},
		{"198.17.255.255", ""},
		{"198.20.0.0", ""},
		{"223.255.255.255", ""},
		{"126.255.255.255", ""},
		{"128.0.0.0", ""},
		{"1.0.0.0", ""},
		{"2606:4700:4700::1111", ""},
		{"2001:4860:4860::8888", ""},
		{"2a00:1450:4001:82a::200e", ""},
		{"2001:4::1", ""}, // outside Teredo 2001::/32 and benchmarking 2001:2::/48
		{"2001:3::1", ""},
		{"2001:30::1", ""}, // just after ORCHIDv2

		// Documentation ranges: allowed by design (unroutable, harmless).
		{"192.0.2.1", ""},
		{"198.51.100.7", ""},
		{"203.0.113.255", ""},
		{"2001:db8::1", ""},
		{"3fff::1", ""},

		// Unspecified and "this network".
		{"0.0.0.0", ReasonUnspecified},
		{"::", ReasonUnspecified},
		{"0.0.0.1", ReasonThisNetwork},
		{"0.255.255.255", ReasonThisNetwork},

		// Loopback.
		{"127.0.0.1", ReasonLoopback},
		{"127.0.0.2", ReasonLoopback},
		{"127.1.2.3", ReasonLoopback},
		{"127.255.255.255", ReasonLoopback},
		{"::1", ReasonLoopback},

		// Private.
		{"10.0.0.0", ReasonPrivate},
		{"10.1.2.3", ReasonPrivate},
		{"10.255.255.255", ReasonPrivate},
		{"172.16.0.0", ReasonPrivate},
		{"172.20.1.1", ReasonPrivate},
		{"172.31.255.255", ReasonPrivate},
		{"192.168.0.1", ReasonPrivate},
		{"192.168.255.255", ReasonPrivate},
		{"fc00::1", ReasonPrivate},
		{"fd12:3456:789a::1", ReasonPrivate},
		{"fd00:ec2::254", ReasonPrivate}, // AWS IMDS over IPv6
		{"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ReasonPrivate},

		// Link-local, including cloud metadata.
		{"169.254.0.1", ReasonLinkLocal},
		{"169.254.169.254", ReasonLinkLocal},
		{"169.254.255.255", ReasonLinkLocal},
		{"fe80::1", ReasonLinkLocal},
		{"fe80::1%eth0", ReasonLinkLocal},
		{"febf:ffff::1", ReasonLinkLocal},

		// Site-local (deprecated).
		{"fec0::1", ReasonSiteLocal},
		{"feff::1", ReasonSiteLocal},

		// CGNAT, including Alibaba Cloud metadata.
		{"100.64.0.0", ReasonCGNAT},
		{"100.100.100.200", ReasonCGNAT},
		{"100.127.255.255", ReasonCGNAT},

		// Azure's WireServer: a public address, refused alone; its
		// neighbours are ordinary public addresses. Embedded forms are
		// judged by it too.
		{"168.63.129.16", ReasonCloudMetadata},
		{"::ffff:168.63.129.16", ReasonCloudMetadata},
		{"64:ff9b::a83f:8110", ReasonCloudMetadata},
		{"2002:a83f:8110::1", ReasonCloudMetadata},
		{"168.63.129.15", ""},
		{"168.63.129.17", ""},

		// Multicast and broadcast.
		{"224.0.0.1", ReasonMulticast},
		{"239.255.255.250", ReasonMulticast},
		{"ff02::1", ReasonMulticast},
		{"ff05::1:3", ReasonMulticast},
		{"255.255.255.255", ReasonBroadcast},

		// Benchmarking, reserved.
		{"198.18.0.1", ReasonBenchmarking},
		{"198.19.255.255", ReasonBenchmarking},
		{"2001:2::1", ReasonBenchmarking},
		{"240.0.0.1", ReasonReserved},
		{"255.255.255.254", ReasonReserved},
		{"192.0.0.1", ReasonReserved},
		{"192.0.0.170", ReasonReserved},
		{"192.88.99.1", ReasonReserved},
		{"2001:10::1", ReasonReserved},
		{"2001:20::1", ReasonReserved},
		{"4000::1", ReasonReserved},   // outside 2000::/3
		{"5f00::1", ReasonReserved},   // SRv6 SIDs
		{"1000::1", ReasonReserved},   // outside 2000::/3
		{"::2:0:0:1", ReasonReserved}, // low space but not ::/96

		// IPv4-mapped IPv6: judged by the embedded IPv4.
		{"::ffff:127.0.0.1", ReasonLoopback},
		{"::ffff:7f00:1", ReasonLoopback},
		{"::ffff:10.0.0.1", ReasonPrivate},
		{"::ffff:169.254.169.254", ReasonLinkLocal},
		{"::ffff:0.0.0.0", ReasonUnspecified},
		{"::ffff:100.100.100.200", ReasonCGNAT},
		{"::ffff:8.8.8.8", ""},

		// IPv4-compatible (deprecated) IPv6.
		{"::127.0.0.1", ReasonLoopback},
		{"::10.0.0.1", ReasonPrivate},
		{"::169.254.169.254", ReasonLinkLocal},
		{"::0.0.0.2", ReasonThisNetwork},
		{"::8.8.8.8", ""},

		// NAT64 well-known prefix.
		{"64:ff9b::7f00:1", ReasonLoopback},
		{"64:ff9b::127.0.0.1", ReasonLoopback},
		{"64:ff9b::a9fe:a9fe", ReasonLinkLocal},
		{"64:ff9b::192.168.1.1", ReasonPrivate},
		{"64:ff9b::8.8.8.8", ""},
		{"64:ff9b:1::a00:1", ReasonNAT64LocalUse},

		// 6to4: embedded IPv4 in bits 16-48.
		{"2002:7f00:1::1", ReasonLoopback},
		{"2002:a00:1::", ReasonPrivate},
		{"2002:c0a8:101::1", ReasonPrivate},
		{"2002:a9fe:a9fe::1", ReasonLinkLocal},
		{"2002:6440:1::1", ReasonCGNAT},
		{"2002::1", ReasonUnspecified},
		{"2002:808:808::1", ""},

		// Teredo: always refused.
		{"2001::1", ReasonTeredo},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", ReasonTeredo},

		// Discard-only.
		{"100::1", ReasonDiscard},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			ip := netip.MustParseAddr(tt.addr)
			reason, forbidden := Forbidden(ip)
			if forbidden != (tt.reason != "") || reason != tt.reason {
				t.Errorf("Forbidden(%s) = (%q, %v), want (%q, %v)", tt.addr, reason, forbidden, tt.reason, tt.reason != "")
			}
		})
	}
}

func TestForbiddenInvalid(t *testing.T) {
	if reason, bad := Forbidden(netip.Addr{}); !bad || reason != ReasonInvalid {
		t.Errorf("Forbidden(zero Addr) = (%q, %v), want (%q, true)", reason, bad, ReasonInvalid)
	}
}

// Every IPv4 address must be judged the same in its plain, IPv4-mapped,
// IPv4-compatible and NAT64 spellings (sampled across the whole space).
func TestForbiddenEmbeddedConsistency(t *testing.T) {
	for i := uint64(0); i < 1<<32; i += 65521 * 7 {
		v4 := netip.AddrFrom4([4]byte{byte(i >> 24), byte(i >> 16), byte(i >> 8), byte(i)})
		wantReason, wantBad := Forbidden(v4)
		b := v4.As4()
		spellings := map[string]netip.Addr{
			"mapped": netip.AddrFrom16(v4.As16()),
			"nat64":  netip.AddrFrom16([16]byte{0, 0x64, 0xff, 0x9b, 10: 0, 11: 0, 12: b[0], 13: b[1], 14: b[2], 15: b[3]}),
			"6to4":   netip.AddrFrom16([16]byte{0x20, 0x02, b[0], b[1], b[2], b[3], 15: 1}),
		}
		if v4 != netip.IPv4Unspecified() && b[0] != 0 {
			spellings["compat"] = netip.AddrFrom16([16]byte{12: b[0], 13: b[1], 14: b[2], 15: b[3]})
		}
		for name, ip := range spellings {
			reason, bad := Forbidden(ip)
			if reason != wantReason || bad != wantBad {
				t.Fatalf("%s %s (%s) = (%q, %v), want (%q, %v)", name, ip, v4, reason, bad, wantReason, wantBad)
			}
		}
	}
}

func BenchmarkForbidden(b *testing.B) {
	addrs := []netip.Addr{
		netip.MustParseAddr("93.184.216.34"),
		netip.MustParseAddr("10.1.2.3"),
		netip.MustParseAddr("2606:4700:4700::1111"),
		netip.MustParseAddr("2002:c0a8:101::1"),
	}
	for b.Loop() {
		for _, a := range addrs {
			Forbidden(a)
		}
	}
}
