package main

import (
	"strconv"
	"testing"
	"time"
)

// TestServeTakesTheBoundsOfItsCounts: --per-endpoint-concurrency and
// --max-in-flight take their upper bounds themselves (10,000 and
// 10,000,000, as the README's configuration table says), and 1. Only the
// values past them were tested (TestCommandLineUsage), so a bound off by
// one, refusing the largest value the README names, passed.
func TestServeTakesTheBoundsOfItsCounts(t *testing.T) {
	for _, v := range []struct{ per, in string }{{"10000", "10000000"}, {"1", "1"}} {
		c, err := serveFlags([]string{"--per-endpoint-concurrency", v.per, "--max-in-flight", v.in})
		if err != nil {
			t.Errorf("--per-endpoint-concurrency %s --max-in-flight %s: %v; want both taken", v.per, v.in, err)
			continue
		}
		if strconv.Itoa(c.perEndpoint) != v.per || strconv.Itoa(c.maxInFlight) != v.in {
			t.Errorf("--per-endpoint-concurrency %s --max-in-flight %s: took %d and %d", v.per, v.in, c.perEndpoint, c.maxInFlight)
		}
	}
}

// TestServeTakesTheBoundsOfItsDurations: --lease and
// --maintenance-interval take the longest values their help and the
// README name, 24h and 1h, as written.
func TestServeTakesTheBoundsOfItsDurations(t *testing.T) {
	c, err := serveFlags([]string{"--lease", "24h", "--maintenance-interval", "1h"})
	if err != nil || c.lease != 24*time.Hour || c.maintenance != time.Hour {
		t.Errorf("--lease 24h --maintenance-interval 1h: %v, %v, %v; want both taken", c.lease, c.maintenance, err)
	}
}
