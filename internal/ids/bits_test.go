package ids

import (
	"testing"
	"time"
)

// TestValidRefusesOtherPrefixesAndLetters: an id of another kind with a
// prefix as long, and each letter Crockford base32 leaves out, are refused
// (the prefix check and the o and l dropped, by hand, failed no test).
func TestValidRefusesOtherPrefixesAndLetters(t *testing.T) {
	good := New(Delivery)
	if Valid(Event, good) {
		t.Errorf("Valid(Event, %q) = true for a delivery's id", good)
	}
	for _, c := range "ilou" {
		if s := good[:len(good)-1] + string(c); Valid(Delivery, s) {
			t.Errorf("Valid(%q) = true with %q, not a Crockford base32 letter", s, c)
		}
	}
}

// TestFreshIDsHaveAllTheirRandomBits: every fresh id has all 80 random
// bits, the top 16 included: At's, NewAt's at a new millisecond, and
// NewTimed's for a reading far behind. (Any of those with its top 16 bits
// zero, by hand, passed; eight ids in a row with them all zero has a
// chance of 2^-128.)
func TestFreshIDsHaveAllTheirRandomBits(t *testing.T) {
	at := time.UnixMilli(1767225600000)
	top16 := func(id string) uint64 {
		var v uint64
		for _, c := range id[len(id)-26 : len(id)-12] { // the 70 bits above the low 60
			v = v<<5 | uint64(indexOf(byte(c)))
		}
		return (v >> 4) & 0xffff // the low 4 of them belong to the low 64
	}
	if got := top16(format(Order, uint64(at.UnixMilli()), 0xbeef, 0)); got != 0xbeef {
		t.Fatalf("top16 read %#x, want 0xbeef", got)
	}
	for name, mk := range map[string]func(i int) string{
		"At": func(int) string { return At(Stamp, at) },
		"NewAt at a new millisecond": func(i int) string {
			var g generator
			return g.next(Order, uint64(at.UnixMilli())+uint64(i))
		},
		"NewTimed far behind": func(int) string {
			g := generator{lastMS: uint64(at.UnixMilli())}
			id, _ := g.nextMS(Event, uint64(at.Add(-time.Hour).UnixMilli()), uint64(maxTimedLag.Milliseconds()))
			return id
		},
	} {
		var or uint64
		for i := range 8 {
			or |= top16(mk(i))
		}
		if or == 0 {
			t.Errorf("%s: the top 16 of the random bits were zero in 8 ids", name)
		}
	}
}
