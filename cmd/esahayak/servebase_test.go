package main

import (
	"net"
	"testing"
)

// TestServeBaseOfAWildcardAddress: with --addr :8080 (or 0.0.0.0:8080, as
// in a container) the listener reports [::]:8080, and the first start
// printed "API: http://[::]:8080/v1", a URL browsers refuse. The printout
// gives loopback instead, which the wildcard listener takes too.
func TestServeBaseOfAWildcardAddress(t *testing.T) {
	for _, tc := range []struct {
		addr       *net.TCPAddr
		want       string
		everywhere bool
	}{
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://127.0.0.1:8080", true},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "http://127.0.0.1:8080", true},
		{&net.TCPAddr{Port: 8080}, "http://127.0.0.1:8080", true},
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080", false},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "http://[::1]:8080", false},
		{&net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 80}, "http://192.0.2.7:80", false},
	} {
		got, everywhere := serveBase(tc.addr)
		if got != tc.want || everywhere != tc.everywhere {
			t.Errorf("serveBase(%v) = %q, %v; want %q, %v", tc.addr, got, everywhere, tc.want, tc.everywhere)
		}
	}
}
