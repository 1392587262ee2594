package suggest

import (
	"maps"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"", "abc", 3}, {"event", "events", 1}, {"kitten", "sitting", 3}, {"asam", "assam", 1}, {"flaw", "lawn", 2},
		// A look-alike letter is one edit, as an ASCII typo is: Cyrillic А
		// (two bytes in UTF-8) for A, and a zero-width space added.
		{"\u0430ssam", "assam", 1}, {"ker\u0430la", "kerala", 1}, {"assam\u200b", "assam", 1}} {
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

// TestNearestEdges: the cases each rule of Nearest turns on, with the
// candidates in a set order (Names), so that which one comes first is no
// accident of map order.
func TestNearestEdges(t *testing.T) {
	states := map[string]string{"tamil nadu": "Tamil Nadu", "tamilnadu": "Tamil Nadu", "goa": "Goa"}
	for _, c := range []struct {
		name       string
		want       string
		maxDist    int
		byPrefix   bool
		candidates func(yield func(string, string) bool)
		got        string
	}{
		// Two spellings of one state, each one edit away: one name, no tie.
		{"two keys of one name as near", "tamil-nadu", 1, false, maps.All(states), "Tamil Nadu"},
		// Both spellings begin with it: still the one state.
		{"two keys of one name by prefix", "tamil", 0, true, maps.All(states), "Tamil Nadu"},
		// A tie at two edits, then one at one edit: the nearer wins, the
		// tie of the farther ones no longer counts.
		{"nearer after a tie", "event", 2, false, Names("evxnx", "exenx", "events"), "events"},
		// Exactly 3 bytes is long enough to be taken as a beginning.
		{"3-byte prefix", "del", 1, true, Names("events", "url", "description", "delivery_requested", "status"), "delivery_requested"},
	} {
		if got := Nearest(c.want, c.maxDist, c.byPrefix, c.candidates); got != c.got {
			t.Errorf("%s: Nearest(%q) = %q, want %q", c.name, c.want, got, c.got)
		}
	}
}

// TestNamesStopsWhenAsked: a loop over Names that breaks must end the
// sequence (a range-over-func iterator that yields again after false
// panics).
func TestNamesStopsWhenAsked(t *testing.T) {
	var seen []string
	for key := range Names("a", "b", "c") {
		seen = append(seen, key)
		if key == "b" {
			break
		}
	}
	if len(seen) != 2 {
		t.Fatalf("saw %v, want a and b", seen)
	}
}

// TestEventType: the type a mistyped one was meant to be, forgiving case
// and the separator; nothing for a word that could be two types or none.
func TestEventType(t *testing.T) {
	types := []string{"stamp.uploaded", "stamp.failed", "order.delivered", "order.cancelled"}
	for name, want := range map[string]string{
		"order.canceled": "order.cancelled", "stamp.upload": "stamp.uploaded", "STAMP_UPLOADED": "stamp.uploaded",
		"Stamp Failed": "stamp.failed", "order-delivred": "order.delivered", " order.cancelled ": "order.cancelled",
		"stamp": "", "order": "", "bogus": "", "": "",
	} {
		if got := EventType(name, types...); got != want {
			t.Errorf("EventType(%q) = %q, want %q", name, got, want)
		}
	}
}
