// Package ids makes the identifiers the API hands out: a short type prefix
// ("order_", "evt_", …) followed by 26 characters of Crockford base32 that
// encode a 48-bit millisecond timestamp and 80 random bits.
//
// Why this shape: the prefix tells a human (and a support engineer reading a
// log line) what kind of object an id names; the timestamp makes ids sort in
// creation order, which the cursor pagination relies on; the 80 random bits
// make them unguessable, so knowing one order id tells nothing about another.
// Within one process, ids made in the same millisecond still increase: the
// random part grows by a random step of up to 2^40, so the next id is not
// predictable from the previous one, and "newest first" is exact per instance.
package ids

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"
)

// Prefixes of every kind of object. Keep them short and stable: customers
// store these ids.
const (
	Account  = "acct_"
	APIKey   = "key_"
	Order    = "order_"
	Stamp    = "stamp_"
	Event    = "evt_"
	Endpoint = "we_"
	Delivery = "dlv_"
	Attempt  = "att_"
	User     = "user_"
)

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

type generator struct {
	mu     sync.Mutex
	lastMS uint64
	hi     uint16 // top 16 of the 80 random bits
	lo     uint64 // low 64 of the 80 random bits
}

var gen generator

// timedGen is NewTimed's own state.
var timedGen generator

// New returns prefix followed by a fresh sortable, unguessable id.
func New(prefix string) string {
	return NewAt(prefix, time.Now())
}

// NewAt is New with an explicit clock reading, for callers that already hold one.
func NewAt(prefix string, now time.Time) string {
	return gen.next(prefix, uint64(now.UnixMilli()))
}

// NewTimed is NewAt for an object whose id must carry its timestamp: it
// returns the id and the millisecond it encodes, t's or, when this process
// has already made such an id of a later millisecond, that one, so that
// these ids increase in the order they are made. The caller stamps the
// object with the time returned. Events use it: an order's events must
// sort by id as by created_at, whichever instance made them, and NewAt's
// time may run ahead of created_at (it follows every id the process made).
// Its state is its own, so NewAt's ids (deliveries, attempts, made at
// later times meanwhile) do not push it ahead.
//
// Only a clock reading less than maxTimedLag behind is moved up: that is a
// request that waited for its commit while later ones were stamped. One
// further behind (a clock stepped back, a caller's own clock) keeps its
// time, with fresh random bits.
func NewTimed(prefix string, t time.Time) (string, time.Time) {
	id, at := timedGen.nextMS(prefix, uint64(t.UnixMilli()), uint64(maxTimedLag.Milliseconds()))
	return id, time.UnixMilli(int64(at)).UTC()
}

// At returns an id of t's millisecond with 80 fresh random bits, for an
// object stamped with a time of its own (a test event's made-up order,
// created before the event): the id sorts by that time, as every id sorts by
// its object's creation. It leaves the generators alone, so it is not ordered
// against ids of the same millisecond made by New.
func At(prefix string, t time.Time) string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("ids: crypto/rand failed: " + err.Error())
	}
	return format(prefix, uint64(t.UnixMilli()), binary.BigEndian.Uint16(b[:2]), binary.BigEndian.Uint64(b[2:]))
}

// maxTimedLag is how far behind the last timed id a clock reading is
// still moved up to it (see NewTimed).
const maxTimedLag = time.Second

func (gen *generator) next(prefix string, ms uint64) string {
	id, _ := gen.nextMS(prefix, ms, 0)
	return id
}

// nextMS is next, and the millisecond the id carries. A reading more than
// maxLag (when not 0) behind the generator keeps its own millisecond, with
// fresh random bits, and leaves the generator where it is.
func (gen *generator) nextMS(prefix string, ms, maxLag uint64) (string, uint64) {
	gen.mu.Lock()
	if maxLag > 0 && ms < gen.lastMS && gen.lastMS-ms > maxLag {
		gen.mu.Unlock()
		var b [10]byte
		if _, err := rand.Read(b[:]); err != nil {
			panic("ids: crypto/rand failed: " + err.Error())
		}
		return format(prefix, ms, binary.BigEndian.Uint16(b[:2]), binary.BigEndian.Uint64(b[2:])), ms
	}
	if ms <= gen.lastMS {
		// Same (or earlier, after a clock step back) millisecond: keep
		// increasing so ids stay ordered within this process.
		ms = gen.lastMS
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			panic("ids: crypto/rand failed: " + err.Error())
		}
		step := binary.BigEndian.Uint64(b[:])>>24 + 1 // 1 … 2^40
		next := gen.lo + step
		if next < gen.lo {
			gen.hi++
		}
		gen.lo = next
	} else {
		var b [10]byte
		if _, err := rand.Read(b[:]); err != nil {
			panic("ids: crypto/rand failed: " + err.Error())
		}
		gen.hi = binary.BigEndian.Uint16(b[:2])
		gen.lo = binary.BigEndian.Uint64(b[2:])
		gen.lastMS = ms
	}
	hi, lo := gen.hi, gen.lo
	gen.mu.Unlock()
	return format(prefix, ms, hi, lo), ms
}

// format writes prefix and the id of ms and the 80 random bits hi, lo.
func format(prefix string, ms uint64, hi uint16, lo uint64) string {
	var raw [16]byte // 6 bytes time, 10 bytes random
	raw[0] = byte(ms >> 40)
	raw[1] = byte(ms >> 32)
	raw[2] = byte(ms >> 24)
	raw[3] = byte(ms >> 16)
	raw[4] = byte(ms >> 8)
	raw[5] = byte(ms)
	binary.BigEndian.PutUint16(raw[6:], hi)
	binary.BigEndian.PutUint64(raw[8:], lo)

	out := make([]byte, len(prefix)+26)
	copy(out, prefix)
	encode(out[len(prefix):], raw)
	return string(out)
}

// encode writes 128 bits as 26 base32 characters (the first carries 3 bits).
func encode(dst []byte, b [16]byte) {
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	for i := 25; i >= 0; i-- {
		dst[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
}

// Valid reports whether s looks like an id with the given prefix. Handlers use
// it to answer 404 at once for ids that cannot exist, without a query.
func Valid(prefix, s string) bool {
	if len(s) != len(prefix)+26 || s[:len(prefix)] != prefix {
		return false
	}
	for i := len(prefix); i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' && c != 'i' && c != 'l' && c != 'o' && c != 'u') {
			return false
		}
	}
	return s[len(prefix)] <= '7'
}

// Floor returns the smallest id with the given prefix made at t: every id
// made before t sorts below it. Pruning uses it to find old rows through
// the primary key, with no index on their timestamps.
func Floor(prefix string, t time.Time) string {
	ms := t.UnixMilli()
	// An id holds 48 bits of milliseconds since 1970: a time before 1970
	// (a retention of a century) would wrap around to above every id, and
	// one past the 48 bits (the year 10889) to below most of them. No id
	// is made before the first or after the last.
	ms = min(max(ms, 0), maxMS)
	return format(prefix, uint64(ms), 0, 0) // zero random bits: the first id of t
}

// maxMS is the last millisecond an id can carry.
const maxMS = 1<<48 - 1
