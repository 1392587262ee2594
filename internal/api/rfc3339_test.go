package api

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
)

// TestParseRFC3339: `since` (recover) and `started_at` (listen results)
// are RFC 3339 times; the offsets Go's parser also takes, and times whose
// answer could not be written in RFC 3339, are refused.
func TestParseRFC3339(t *testing.T) {
	for s, want := range map[string]bool{
		"2024-01-15T10:30:00Z":           true,
		"2024-01-15T10:30:00.123456789Z": true,
		"2024-01-15T10:30:00+05:30":      true,
		"2024-01-15T10:30:00-23:59":      true,
		"2024-01-15T00:00:00+24:00":      false,
		"2024-01-15T00:00:00-24:00":      false,
		"2024-01-15T00:00:00+23:60":      false,
		"2024-01-15T00:00:00+05:60":      false,
		"9999-12-31T23:59:59-23:59":      false, // 10000-01-01 in UTC
		"0001-01-01T00:00:00+01:00":      false, // year 0 in UTC
		"0001-01-01T00:00:00Z":           true,
		"9999-12-31T23:59:59.999Z":       true,
		"2024-01-15T10:30:00,5Z":         false, // a comma before the fraction
		"2024-01-15t10:30:00z":           true,  // RFC 3339 allows lower case
		"2024-01-15 10:30:00Z":           false,
		"2024-01-15T10:30:00":            false,
		"2024-01-15T1:30:00Z":            false, // a one-digit hour, which Go's parser takes
		"2024-01-15T01:30:00Z":           true,
		"":                               false,
	} {
		if _, ok := parseRFC3339(s); ok != want {
			t.Errorf("parseRFC3339(%q) ok = %v, want %v", s, ok, want)
		}
	}
}

// rfc3339Grammar is RFC 3339's date-time (section 5.6) as written there:
// every field its fixed number of digits, a fraction of one or more, "T"
// and "Z" in either case, an offset of hh:mm.
var rfc3339Grammar = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$`)

// FuzzParseRFC3339: parseRFC3339 takes exactly the strings RFC 3339's
// grammar allows whose fields are in range (Go's parser says which: no
// month 13 or second 60), with an offset under 24 hours and a UTC year
// that can be written back, and reads them as time.Parse does; whatever
// it accepts is written back as an RFC 3339 time that reads as the same
// instant (to the millisecond written).
func FuzzParseRFC3339(f *testing.F) {
	for _, s := range []string{"2024-01-15T10:30:00Z", "2024-01-15T00:00:00+24:00", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00",
		"2024-01-15t10:30:00.5z", "2024-01-15T10:30:00,5Z", "2024-01-15T10:30:60Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseRFC3339(s)
		want := rfc3339Grammar.MatchString(s)
		var ref time.Time
		if want {
			var err error
			ref, err = time.Parse(time.RFC3339Nano, strings.ToUpper(s))
			_, off := ref.Zone()
			want = err == nil && off > -24*3600 && off < 24*3600 && (s[len(s)-1]|0x20 == 'z' || s[len(s)-2:] < "60") &&
				ref.UTC().Year() >= 1 && ref.UTC().Year() <= 9999
		}
		if ok != want {
			t.Fatalf("parseRFC3339(%q) ok = %v; RFC 3339 says %v", s, ok, want)
		}
		if !ok {
			return
		}
		if !got.Equal(ref) {
			t.Fatalf("parseRFC3339(%q) = %v; time.Parse says %v", s, got, ref)
		}
		out := order.FormatTime(got)
		back, err := time.Parse(time.RFC3339Nano, out)
		if err != nil || len(out) != len("2006-01-02T15:04:05.000Z") || !back.Equal(got.Truncate(time.Millisecond)) && !back.Equal(got.UTC().Truncate(time.Millisecond)) {
			t.Fatalf("parseRFC3339(%q) = %v, written %q (%v)", s, got, out, err)
		}
	})
}
