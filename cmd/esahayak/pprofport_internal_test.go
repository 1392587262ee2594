package main

import "testing"

// TestPprofAddrBesideTheAPIPortTaken: the refusal of a --pprof-addr on
// --addr's port (TestPprofAddrOnTheAPIPortRefused) is of that alone: the
// same port on another address, any free port, or another port is taken.
func TestPprofAddrBesideTheAPIPortTaken(t *testing.T) {
	for _, c := range [][2]string{
		{"127.0.0.1:24555", "127.0.0.2:24555"},
		{"127.0.0.1:24555", "[::1]:24555"},
		{"127.0.0.1:0", "127.0.0.1:0"},
		{"127.0.0.1:24555", "127.0.0.1:24556"},
	} {
		if _, err := serveFlagsClean(t, "--addr", c[0], "--pprof-addr", c[1]); err != nil {
			t.Errorf("serve --addr %s --pprof-addr %s: %v; want taken", c[0], c[1], err)
		}
	}
	if _, err := serveFlagsClean(t, "--addr", "127.0.0.1:24555", "--pprof-addr", "127.0.0.1:24555"); err == nil {
		t.Error("serve --addr 127.0.0.1:24555 --pprof-addr 127.0.0.1:24555: taken; want refused")
	}
}
