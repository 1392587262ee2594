package api

import (
	"math/big"
	"testing"
)

// FuzzDecimalValue holds decimalValue, which reads an amount written with a
// fraction or an exponent (1000.0, 1e3) digit by digit so that the refusal
// can say which integer was meant, to math/big's exact reading of the same
// JSON number: whole when the value is an integer, small when that integer
// has at most 18 digits, and then the same integer.
func FuzzDecimalValue(f *testing.F) {
	for _, s := range []string{"1000.0", "1e3", "-1000.0", "0.0", "1e400", "1e-400", "1000.5",
		"1000.0000000000000001", "123456789012345678", "1234567890123456789", "0e999999999999",
		"10E+2", "1.5e1", "-0", "100e-2", "999999999999999999.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, lit string) {
		if !jsonNumber(lit) {
			t.Skip()
		}
		v, whole, small := decimalValue(lit)
		r, ok := exactRat(lit)
		if !ok {
			// An exponent too large for math/big to expand: decimalValue
			// decides those by the exponent's sign alone.
			return
		}
		if got, want := whole, r.IsInt(); got != want {
			t.Fatalf("decimalValue(%q): whole %v, want %v", lit, got, want)
		}
		if !whole {
			return
		}
		n := r.Num()
		fits := new(big.Int).Abs(n).Cmp(big.NewInt(999999999999999999)) <= 0
		if small != fits {
			t.Fatalf("decimalValue(%q): small %v, want %v (%s)", lit, small, fits, n)
		}
		if small && n.Int64() != v {
			t.Fatalf("decimalValue(%q) = %d, want %s", lit, v, n)
		}
	})
}

// exactRat reads a JSON number exactly, refusing exponents past ±10,000
// (which math/big would expand into that many digits).
func exactRat(lit string) (*big.Rat, bool) {
	for i := 0; i < len(lit); i++ {
		if lit[i] == 'e' || lit[i] == 'E' {
			e, ok := new(big.Int).SetString(trimPlus(lit[i+1:]), 10)
			if !ok || e.CmpAbs(big.NewInt(10000)) > 0 {
				return nil, false
			}
		}
	}
	return new(big.Rat).SetString(lit)
}

func trimPlus(s string) string {
	if len(s) > 0 && s[0] == '+' {
		return s[1:]
	}
	return s
}

// jsonNumber reports whether s is a number in JSON's grammar (RFC 8259).
func jsonNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
