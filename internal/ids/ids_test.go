package ids

import (
	"sort"
	"testing"
	"time"
)

func TestNewSortsByTimeAndWithinAMillisecond(t *testing.T) {
	now := time.Now()
	var got []string
	for i := 0; i < 1000; i++ {
		got = append(got, NewAt(Order, now))
	}
	got = append(got, NewAt(Order, now.Add(time.Second)))
	if !sort.StringsAreSorted(got) {
		t.Fatal("ids made in sequence are not sorted")
	}
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Fatalf("duplicate id %s", id)
		}
		seen[id] = true
		if !Valid(Order, id) {
			t.Fatalf("Valid(%q) = false", id)
		}
	}
}

func TestValid(t *testing.T) {
	good := New(Endpoint)
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{good, true},
		{"we_", false},
		{"order_" + good[3:], false},
		{good[:len(good)-1] + "u", false},
		{good + "0", false},
		{"we_zzzzzzzzzzzzzzzzzzzzzzzzzz", false}, // overflows 128 bits
	} {
		if got := Valid(Endpoint, tc.s); got != tc.want {
			t.Errorf("Valid(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		New(Delivery)
	}
}
