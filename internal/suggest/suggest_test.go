package suggest

import (
	"maps"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"", "abc", 3}, {"event", "events", 1}, {"kitten", "sitting", 3}, {"asam", "assam", 1}, {"flaw", "lawn", 2}} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.b, c.a, got, c.want)
		}
	}
}

func TestNearest(t *testing.T) {
	fields := Names("events", "url", "description", "delivery_requested", "status")
	states := map[string]string{"assam": "Assam", "tamil nadu": "Tamil Nadu", "tamilnadu": "Tamil Nadu", "jammu and kashmir": "Jammu and Kashmir", "goa": "Goa", "gujarat": "Gujarat"}
	for _, c := range []struct {
		name       string
		want       string
		maxDist    int
		byPrefix   bool
		candidates map[string]string
		got        string
	}{
		{"one edit", "event", 2, true, maps.Collect(fields), "events"},
		{"the only one it begins", "delivery", 2, true, maps.Collect(fields), "delivery_requested"},
		{"no prefix asked", "delivery", 2, false, maps.Collect(fields), ""},
		{"too far", "zzzzzz", 2, true, maps.Collect(fields), ""},
		{"two as near", "sta", 1, false, map[string]string{"star": "star", "stat": "stat"}, ""},
		{"two keys of one name are no tie", "tamil nad", 2, true, states, "Tamil Nadu"},
		{"a state", "asam", 1, true, states, "Assam"},
		{"prefix of one state", "jammu", 1, true, states, "Jammu and Kashmir"},
		{"prefix of two", "goa x", 0, true, map[string]string{"goa x1": "A", "goa x2": "B"}, ""},
		{"short want takes no prefix", "go", 0, true, states, ""},
	} {
		if got := Nearest(c.want, c.maxDist, c.byPrefix, maps.All(c.candidates)); got != c.got {
			t.Errorf("%s: Nearest(%q) = %q, want %q", c.name, c.want, got, c.got)
		}
	}
}
