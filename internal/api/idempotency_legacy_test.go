package api

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// TestLegacyRequestHashIsWhatEarlierReleasesStored pins the hash releases
// before c5ce22d stored for an Idempotency-Key (sha256 of the compacted
// body): keys they stored must still replay after an upgrade.
func TestLegacyRequestHashIsWhatEarlierReleasesStored(t *testing.T) {
	body := []byte("{\n  \"stamp_request\": {\"state\": \"Assam\", \"amount\": 1000},\n  \"delivery_requested\": true\n}")
	want := sha256.Sum256([]byte(`{"stamp_request":{"state":"Assam","amount":1000},"delivery_requested":true}`))
	if got := legacyRequestHash(body); hex.EncodeToString(got) != hex.EncodeToString(want[:]) {
		t.Fatalf("legacy hash = %x, want %x", got, want)
	}
}
