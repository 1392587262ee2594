package ids

import (
	"regexp"
	"testing"
	"time"
)

// body is the documented grammar of an id after its prefix: 26 characters
// of lower-case Crockford base32 (no i, l, o or u), the first of which
// carries only the top 3 of the 128 bits, so is 0-7.
var body = regexp.MustCompile(`^[0-7][0-9a-hjkmnp-tv-z]{25}$`)

var prefixes = []string{Account, APIKey, Order, Stamp, Event, Endpoint, Delivery, Attempt, User, "ls_", ""}

// FuzzValid: Valid agrees with the grammar for every prefix (a path id, a
// cursor, a filter or a Last-Event-ID is checked with it before any
// query), and every id New makes, at any time an id can carry, is valid.
func FuzzValid(f *testing.F) {
	for _, s := range []string{
		"order_01m8tg5s4m449jdmyzekmpjsyr", "order_81m8tg5s4m449jdmyzekmpjsyr", "order_01M8TG5S4M449JDMYZEKMPJSYR", "order_01m8tg5s4m449jdmyzekmpjsyi",
		"order_01m8tg5s4m449jdmyzekmpjsy", "order_01m8tg5s4m449jdmyzekmpjsyrr", "order_01m8tg5s4m449jdmyzekmpjsy\xff", "order_０1m8tg5s4m449jdmyzekmpjsy",
		"evt_01m8tg5s4m449jdmyzekmpjsyr", "we_..%2F..%2F..%2F..%2F.......", "order_\x0001m8tg5s4m449jdmyzekmpjsy", "", "order_",
	} {
		f.Add(uint8(2), s, int64(1767225600000))
	}
	f.Add(uint8(4), "evt_7zzzzzzzzzzzzzzzzzzzzzzzzz", int64(1<<48-1))
	f.Add(uint8(10), "01m8tg5s4m449jdmyzekmpjsyr", int64(0))
	f.Fuzz(func(t *testing.T, which uint8, s string, ms int64) {
		prefix := prefixes[int(which)%len(prefixes)]
		want := len(s) >= len(prefix) && s[:len(prefix)] == prefix && body.MatchString(s[len(prefix):])
		if got := Valid(prefix, s); got != want {
			t.Fatalf("Valid(%q, %q) = %v; the grammar says %v", prefix, s, got, want)
		}
		at := time.UnixMilli(ms & (1<<48 - 1))
		if id := NewAt(prefix, at); !Valid(prefix, id) {
			t.Fatalf("NewAt(%q, %v) = %q, which Valid refuses", prefix, at, id)
		}
		if id := Floor(prefix, at); !Valid(prefix, id) {
			t.Fatalf("Floor(%q, %v) = %q, which Valid refuses", prefix, at, id)
		}
	})
}
