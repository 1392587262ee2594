// Package suggest names what a misspelt name was most likely meant to be,
// for the "(did you mean …?)" of a refusal: a flag, a variable, a JSON
// field, a state. Every caller asks the same question with its own
// normalisation and bound, so the rule is written once here.
package suggest

import (
	"iter"
	"strings"
)

// Nearest is the name that want, which matches no candidate, was most
// likely meant to be: the one whose key is nearest to want within maxDist
// edits, or else, with byPrefix and want at least 3 bytes long, the only
// one whose key begins with want ("delivery" for "delivery_requested"). It
// is "" when none is, or two names are as near. candidates yields (key,
// name) pairs; several keys may name one thing (a state's spellings), and
// their ties are no tie.
func Nearest(want string, maxDist int, byPrefix bool, candidates iter.Seq2[string, string]) string {
	best, bestDist, tie := "", maxDist+1, false
	begun, begunTwo := "", false
	for key, name := range candidates {
		switch d := Distance(want, key); {
		case d < bestDist:
			best, bestDist, tie = name, d, false
		case d == bestDist && name != best:
			tie = true
		}
		if byPrefix && len(want) >= 3 && strings.HasPrefix(key, want) {
			if begun == "" {
				begun = name
			} else if name != begun {
				begunTwo = true
			}
		}
	}
	switch {
	case best != "" && !tie:
		return best
	case !begunTwo:
		return begun
	}
	return ""
}

// EventType is the event type that name, which is none of types, was most
// likely meant to be, or "". Case and the separator are forgiven before
// edits are counted ("STAMP_UPLOADED", "stamp-uploaded"): they are how a
// type is mistyped from memory, not another type, and the US spelling
// "order.canceled" is one edit from "order.cancelled".
func EventType(name string, types ...string) string {
	norm := strings.ToLower(strings.NewReplacer("_", ".", "-", ".", " ", ".").Replace(strings.TrimSpace(name)))
	return Nearest(norm, 2, true, Names(types...))
}

// Names yields each name as its own key, for Nearest.
func Names(names ...string) iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for _, n := range names {
			if !yield(n, n) {
				return
			}
		}
	}
}

// Distance is the Levenshtein distance between a and b, in characters.
// The names compared are ASCII, but what is typed need not be: a letter
// taken for another (a Cyrillic А for A, two bytes in UTF-8) or a
// zero-width space pasted with a name is one edit, as an ASCII typo is,
// not one per byte, which put such a name past its bound.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
