package main

import (
	"strings"
	"testing"
)

// TestWeakOperatorToken: which operator tokens serve warns about at start
// (TestWeakOperatorTokenIsWarnedAbout runs serve with them).
func TestWeakOperatorToken(t *testing.T) {
	for _, tc := range []struct {
		token, why string
	}{
		{"", ""}, // no token: the operator routes are off
		{"op", "shorter than 32 bytes"},
		{"op-secret", "shorter than 32 bytes"},
		{"0123456789abcdef0123456789abcde", "shorter than 32 bytes"}, // 31 bytes
		{"0123456789abcdef0123456789abcdef", ""},                     // openssl rand -hex 16's length
		{"5f0c3e1d9a7b24c68e13f5a2d0b97c4e61a8f3d2c5b0e79412d6a8c3f0e5b7a9", ""},
		{"op-secret-for-production-0123456789", "holds the documentation's example token"},
		{"OP-SECRET-FOR-PRODUCTION-0123456789", "holds the documentation's example token"},
		{strings.Repeat("a", 64), "fewer than 8 different characters"},
		{strings.Repeat("changeme", 5), "fewer than 8 different characters"},
	} {
		why := weakOperatorToken(tc.token)
		if why != tc.why {
			t.Errorf("weakOperatorToken(%q) = %q, want %q", tc.token, why, tc.why)
		}
	}
	if !strings.Contains(weakOperatorTokenWarning, "openssl rand -hex 32") {
		t.Errorf("the warning does not say how to make a strong token: %s", weakOperatorTokenWarning)
	}
}
