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

// TestNextIDNotPredictable: ids made back to back in one millisecond must
// not differ by a small constant, or one customer could guess another's.
func TestNextIDNotPredictable(t *testing.T) {
	now := time.Now()
	a, b, c := NewAt(Order, now), NewAt(Order, now), NewAt(Order, now)
	if !(a < b && b < c) {
		t.Fatal("not increasing")
	}
	d1, d2 := diff(t, a, b), diff(t, b, c)
	if d1 == d2 {
		t.Fatalf("equal steps %d: predictable", d1)
	}
}

func diff(t *testing.T, a, b string) uint64 {
	dec := func(s string) uint64 {
		var v uint64
		for _, c := range s[len(s)-12:] { // low 60 bits
			v = v<<5 | uint64(indexOf(byte(c)))
		}
		return v
	}
	return dec(b) - dec(a)
}

func indexOf(c byte) int {
	for i := 0; i < len(alphabet); i++ {
		if alphabet[i] == c {
			return i
		}
	}
	return -1
}

func TestFloor(t *testing.T) {
	at := time.Now().Add(time.Hour) // ahead of every id made so far by this process
	f := Floor(Event, at)
	if !(NewAt(Event, at.Add(-time.Millisecond)) < f && f <= NewAt(Event, at)) {
		t.Fatal("Floor does not separate ids made before t from those made at t")
	}
}

// TestNewExactKeepsItsMillisecond: after this process made ids of a later
// time, NewAt goes on from that time but NewExact keeps the time it was
// given, so an event's id sorts with its created_at against the ids another
// instance made meanwhile.
func TestNewExactKeepsItsMillisecond(t *testing.T) {
	now := time.Now().Truncate(time.Millisecond)
	ahead := NewAt(Event, now.Add(time.Second))
	if got := NewAt(Event, now); got <= ahead {
		t.Fatalf("NewAt after a later id: %s, not after %s", got, ahead)
	}
	for i := 0; i < 100; i++ {
		id := NewExact(Event, now)
		if id < Floor(Event, now) || id >= Floor(Event, now.Add(time.Millisecond)) || !Valid(Event, id) {
			t.Fatalf("NewExact(%s) = %s, outside that millisecond [%s, %s)", now.Format(time.RFC3339Nano), id, Floor(Event, now), Floor(Event, now.Add(time.Millisecond)))
		}
		// The next millisecond's id, made on another instance, sorts after it.
		if later := NewExact(Event, now.Add(time.Millisecond)); later <= id {
			t.Fatalf("NewExact of the next millisecond %s sorts before %s", later, id)
		}
	}
	// In the millisecond the generator is at, NewExact still increases.
	gen.mu.Lock()
	at := time.UnixMilli(int64(gen.lastMS))
	gen.mu.Unlock()
	a, b := NewExact(Event, at), NewExact(Event, at)
	if b <= a || a <= ahead {
		t.Errorf("NewExact in the generator's millisecond: %s then %s after %s", a, b, ahead)
	}
}
