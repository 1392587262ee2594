package main

import (
	"strconv"
	"strings"
	"testing"
)

// TestAddressesThatAreNotTextRefused: an --addr or --pprof-addr holding a
// byte that is not UTF-8 (a file in another encoding, a stray byte of a
// shell script) or a control character names no host. serve went on to
// look the host up and failed with exit status 1, "listen tcp: lookup
// \xff: no such host (choose another address)", the byte printed raw; an
// --egress-proxy with such a host started the server, and every delivery
// then failed as `proxy`. Each is a usage error now (exit status 2),
// naming the flag and quoting the value.
func TestAddressesThatAreNotTextRefused(t *testing.T) {
	for _, c := range []struct{ flag, value string }{
		{"--addr", "\xff:8080"},
		{"--addr", "127.0.0.1\xff:8080"},
		{"--addr", "a\x01b:8080"},
		{"--pprof-addr", "\xfe:6060"},
	} {
		_, err := serveFlagsClean(t, c.flag, c.value)
		ue, ok := err.(usageError)
		if !ok || !strings.HasPrefix(ue.msg, c.flag+" "+strconv.Quote(c.value)+": holds a byte that is not text") {
			t.Errorf("%s %q: %T %v; want a usage error that names the flag, quotes the value and says why", c.flag, c.value, err, err)
		}
	}
	ue := startWithEgressProxy(t, "http://u:PROXYPW@\xff:3128")
	if !strings.HasPrefix(ue.msg, `--egress-proxy "http://u:xxxxx@\xff:3128": the host holds a byte that is not text`) {
		t.Errorf("--egress-proxy with a host that is not UTF-8: %q; want it refused for its host", ue.msg)
	}
	// A name or address of text is still taken.
	if _, err := serveFlagsClean(t, "--addr", "localhost:0", "--pprof-addr", "[::1]:0"); err != nil {
		t.Errorf("--addr localhost:0 --pprof-addr [::1]:0: %v", err)
	}
}
