package main

import (
	"net"
	"testing"
)

// TestPprofReachable: --pprof-addr :6060 (or 0.0.0.0:6060, a container's
// habit) served the unauthenticated profiles on every interface without a
// word; serve now warns unless the address is loopback.
func TestPprofReachable(t *testing.T) {
	for _, tc := range []struct {
		addr *net.TCPAddr
		want bool
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 6060}, false},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 6060}, false},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 6060}, true},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 6060}, true},
		{&net.TCPAddr{Port: 6060}, true},
		{&net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 6060}, true},
	} {
		if got := pprofReachable(tc.addr); got != tc.want {
			t.Errorf("pprofReachable(%v) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}
