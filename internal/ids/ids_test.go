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

// msOf decodes the millisecond an id carries: its first 10 characters
// after the prefix hold 50 bits, the top 2 zero and then the 48 of the
// timestamp.
func msOf(t *testing.T, prefix, id string) int64 {
	t.Helper()
	var v int64
	for _, c := range id[len(prefix) : len(prefix)+10] {
		i := indexOf(byte(c))
		if i < 0 {
			t.Fatalf("%q: %q is not base32", id, c)
		}
		v = v<<5 | int64(i)
	}
	return v
}

// TestIDCarriesItsMillisecond: an id sorts by its object's time because
// it carries that millisecond, all 48 bits of it (today's times use the
// top byte), and Floor is the id of t with no random bits: the lowest.
// At does not follow the process's generator, however far ahead it is.
func TestIDCarriesItsMillisecond(t *testing.T) {
	NewAt(Delivery, time.Now().Add(time.Hour)) // the generator well ahead
	for _, at := range []time.Time{
		time.UnixMilli(0),
		time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 4, 13, 30, 0, 123e6, time.UTC),
		time.Now(),
		time.UnixMilli(1<<48 - 1),
	} {
		if id := At(Event, at); msOf(t, Event, id) != at.UnixMilli() {
			t.Errorf("At(%s) = %s, which carries %d, want %d", at.Format(time.RFC3339Nano), id, msOf(t, Event, id), at.UnixMilli())
		}
		f := Floor(Event, at)
		if msOf(t, Event, f) != at.UnixMilli() || f[len(f)-16:] != "0000000000000000" {
			t.Errorf("Floor(%s) = %s, want the id of %d with 80 zero random bits", at.Format(time.RFC3339Nano), f, at.UnixMilli())
		}
	}
	if older, newer := At(Event, time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC)), At(Event, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); older >= newer {
		t.Errorf("an id of 2003 (%s) does not sort before one of 2026 (%s)", older, newer)
	}
}

// TestFloorOutsideTheIDsTimes: Floor of a time before 1970 (pruning's
// cutoff under a retention of a century) sorts below every id, as no id is
// made before it, and one past the 48 bits of milliseconds above every id
// of today; both wrapped around before, the first to above every id.
func TestFloorOutsideTheIDsTimes(t *testing.T) {
	now := NewAt(Event, time.Now())
	for _, at := range []time.Time{time.UnixMilli(-1), time.Now().Add(-876000 * time.Hour), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if f := Floor(Event, at); f > Floor(Event, time.UnixMilli(0)) || f >= now {
			t.Errorf("Floor(%s) = %s, above the first id there can be or today's %s", at.Format(time.RFC3339), f, now)
		}
	}
	if f := Floor(Event, time.UnixMilli(1<<48)); f <= now {
		t.Errorf("Floor past the 48 bits = %s, not above today's %s", f, now)
	}
}

// TestSameMillisecondCarries: when the low 64 random bits run over, the
// step carries into the top 16, so the next id of the millisecond still
// sorts after the last (else "newest first" would put it far back).
func TestSameMillisecondCarries(t *testing.T) {
	const ms = 1767225600000
	g := generator{lastMS: ms, hi: 7, lo: ^uint64(0)}
	last := format(Order, ms, 7, ^uint64(0))
	if next := g.next(Order, ms); next <= last {
		t.Fatalf("after %s came %s: not increasing across the carry", last, next)
	}
}

// TestStepWithinAMillisecond: the step between ids of one millisecond is
// 1 to 2^40 and spread over that range: smaller steps would make the next
// id easier to guess, larger ones use up the random bits faster than
// documented. (64 steps all at most 2^39 would happen once in 2^64 runs.)
func TestStepWithinAMillisecond(t *testing.T) {
	const ms = 1767225600000
	var g generator
	g.next(Order, ms)
	var most uint64
	for range 64 {
		lo := g.lo
		g.next(Order, ms)
		step := g.lo - lo // modulo 2^64, as the carry is
		if step < 1 || step > 1<<40 {
			t.Fatalf("step %d, want 1 … 2^40", step)
		}
		most = max(most, step)
	}
	if most <= 1<<39 {
		t.Fatalf("the largest of 64 steps is %d, at most 2^39: not spread up to 2^40", most)
	}
}

// TestNewTimedPastTheLag: a reading just over a second behind the last
// timed id (a clock stepped back) keeps its own time: moved up, an event
// would carry a time a second or more off its created_at.
func TestNewTimedPastTheLag(t *testing.T) {
	timedGen.mu.Lock()
	now := time.UnixMilli(int64(timedGen.lastMS)).Add(10 * time.Second)
	timedGen.mu.Unlock()
	if soon := time.Now().Truncate(time.Millisecond).Add(time.Hour); now.Before(soon) {
		now = soon
	}
	NewTimed(Event, now)
	behind := now.Add(-time.Second - time.Millisecond)
	if id, at := NewTimed(Event, behind); !at.Equal(behind) || msOf(t, Event, id) != behind.UnixMilli() {
		t.Fatalf("NewTimed 1.001 s behind = %s at %s, want its own time %s", id, at.Format(time.RFC3339Nano), behind.Format(time.RFC3339Nano))
	}
}

// TestNewAtLeavesNewTimedAlone: ids NewAt makes meanwhile at later times
// (a delivery, an attempt) do not push NewTimed's: an event stamped after
// them keeps its own millisecond, not theirs.
func TestNewAtLeavesNewTimedAlone(t *testing.T) {
	timedGen.mu.Lock()
	now := time.UnixMilli(int64(max(timedGen.lastMS, gen.lastMS))).Add(10 * time.Second)
	timedGen.mu.Unlock()
	if soon := time.Now().Truncate(time.Millisecond).Add(time.Hour); now.Before(soon) {
		now = soon
	}
	NewTimed(Event, now)
	NewAt(Delivery, now.Add(300*time.Millisecond))
	if id, at := NewTimed(Event, now.Add(time.Millisecond)); !at.Equal(now.Add(time.Millisecond)) {
		t.Fatalf("NewTimed after a NewAt 300 ms ahead = %s at %s, want %s", id, at.Format(time.RFC3339Nano), now.Add(time.Millisecond).Format(time.RFC3339Nano))
	}
}
