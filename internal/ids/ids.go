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

// New returns prefix followed by a fresh sortable, unguessable id.
func New(prefix string) string {
	return NewAt(prefix, time.Now())
}

// NewAt is New with an explicit clock reading, for callers that already hold one.
func NewAt(prefix string, now time.Time) string {
	return gen.next(prefix, uint64(now.UnixMilli()), false)
}

// NewExact is NewAt whose time is exactly t's millisecond, even when this
// process has already made ids of a later one (NewAt would use that later
// time, to keep its ids increasing). An event's id must carry the time of
// its created_at: the events of one order are stamped a millisecond apart
// at least, and their ids must sort in that order even when two instances
// made them, each with its own clock reading of the ids it made since.
func NewExact(prefix string, t time.Time) string {
	return gen.next(prefix, uint64(t.UnixMilli()), true)
}

func (gen *generator) next(prefix string, ms uint64, exact bool) string {
	gen.mu.Lock()
	if exact && ms < gen.lastMS {
		// Fresh random bits; the generator stays where it is.
		gen.mu.Unlock()
		var b [10]byte
		if _, err := rand.Read(b[:]); err != nil {
			panic("ids: crypto/rand failed: " + err.Error())
		}
		return format(prefix, ms, binary.BigEndian.Uint16(b[:2]), binary.BigEndian.Uint64(b[2:]))
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
	return format(prefix, ms, hi, lo)
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
	ms := uint64(t.UnixMilli())
	var raw [16]byte
	raw[0] = byte(ms >> 40)
	raw[1] = byte(ms >> 32)
	raw[2] = byte(ms >> 24)
	raw[3] = byte(ms >> 16)
	raw[4] = byte(ms >> 8)
	raw[5] = byte(ms)
	out := make([]byte, len(prefix)+26)
	copy(out, prefix)
	encode(out[len(prefix):], raw)
	return string(out)
}
