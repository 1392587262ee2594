package testenv

import (
	"context"
	"strings"
	"testing"
)

// TestNoDNS: the tests' resolver answers from /etc/hosts and refuses to
// ask DNS for anything else.
func TestNoDNS(t *testing.T) {
	ctx := context.Background()
	if addrs, err := NoDNS.LookupHost(ctx, "localhost"); err != nil || len(addrs) == 0 {
		t.Fatalf("localhost: %v %v", addrs, err)
	}
	_, err := NoDNS.LookupHost(ctx, "hooks.example.com")
	if err == nil || !strings.Contains(err.Error(), "tests send no DNS queries") {
		t.Fatalf("hooks.example.com: %v, want the resolver's refusal", err)
	}
}
