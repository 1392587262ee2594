package dashboard

import (
	"testing"
	"time"
)

// TestDurationsInWordsAgreeInNumber: the inspector's page said an
// inspector "expires 1 hours after it is created" when its TTL was an
// hour. Every duration written for people says one unit in the singular.
func TestDurationsInWordsAgreeInNumber(t *testing.T) {
	for _, c := range []struct {
		name string
		got  string
		want string
	}{
		{"inHours(1h)", inHours(time.Hour), "1 hour"},
		{"inHours(24h)", inHours(24 * time.Hour), "24 hours"},
		{"inHours(90m)", inHours(90 * time.Minute), "1h30m0s"},
		{"inWords(1s)", inWords(time.Second), "1 second"},
		{"inWords(10s)", inWords(10 * time.Second), "10 seconds"},
		{"inWords(0)", inWords(0), "10 seconds"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q; want %q", c.name, c.got, c.want)
		}
	}
}
