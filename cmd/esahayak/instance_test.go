package main

import (
	"strings"
	"testing"
)

// TestDefaultInstanceIDIsValid: the generated --instance-id passes the
// check an explicit one must pass, whatever the host name holds (Linux
// takes any bytes in one).
func TestDefaultInstanceIDIsValid(t *testing.T) {
	if id := defaultInstanceID(); !validInstanceID(id) {
		t.Errorf("defaultInstanceID() = %q, refused by validInstanceID", id)
	}
	for _, host := range []string{"", "web-1.example.com", "my host\n", "höst", strings.Repeat("a", 64), strings.Repeat("é", 200)} {
		if id := instanceIDOf(host); !validInstanceID(id) {
			t.Errorf("instanceIDOf(%q) = %q, refused by validInstanceID", host, id)
		}
	}
}
