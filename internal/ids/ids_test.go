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
	at := time.Now()
	f := Floor(Event, at)
	var g generator // its own: the process's may be ahead of at (other tests, -count)
	if !(g.next(Event, uint64(at.Add(-time.Millisecond).UnixMilli())) < f && f <= g.next(Event, uint64(at.UnixMilli()))) {
		t.Fatal("Floor does not separate ids made before t from those made at t")
	}
}

// TestNewTimed: the id carries the millisecond returned; within a second
// behind the last timed id a reading is moved up to it, so these ids
// increase as they are made; further behind (a clock stepped back) it keeps
// its own time. (That NewAt's later ids do not move it is
// TestEventIDCarriesItsCreatedAt's, in internal/order.)
func TestNewTimed(t *testing.T) {
	timedGen.mu.Lock()
	// Well ahead of anything made so far, this test's earlier runs included.
	now := time.UnixMilli(int64(timedGen.lastMS)).Add(10 * time.Second)
	timedGen.mu.Unlock()
	if soon := time.Now().Truncate(time.Millisecond).Add(time.Hour); now.Before(soon) {
		now = soon
	}
	inMS := func(id string, at time.Time) bool {
		return id >= Floor(Event, at) && id < Floor(Event, at.Add(time.Millisecond)) && Valid(Event, id)
	}
	id, at := NewTimed(Event, now)
	if !at.Equal(now) || !inMS(id, now) {
		t.Fatalf("NewTimed(%s) = %s at %s", now.Format(time.RFC3339Nano), id, at.Format(time.RFC3339Nano))
	}
	last := id
	for _, d := range []time.Duration{0, 0, -300 * time.Millisecond, time.Millisecond, -900 * time.Millisecond} {
		got, gotAt := NewTimed(Event, now.Add(d))
		if got <= last || !inMS(got, gotAt) || gotAt.Before(now.Add(d).Truncate(time.Millisecond)) {
			t.Fatalf("NewTimed(now%+v) = %s at %s after %s", d, got, gotAt.Format(time.RFC3339Nano), last)
		}
		last = got
	}
	// Two seconds behind: its own time.
	old := now.Add(-2 * time.Second)
	if got, gotAt := NewTimed(Event, old); !gotAt.Equal(old) || !inMS(got, old) {
		t.Fatalf("NewTimed two seconds behind = %s at %s", got, gotAt.Format(time.RFC3339Nano))
	}
}
