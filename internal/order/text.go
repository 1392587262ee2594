package order

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextField is the rule of one free-text field a move takes: a
// cancellation's reason, a failure's code and message, a delivery's
// partner and tracking id. Customers show these to their users, on a
// dashboard line, in an e-mail's subject or an SMS, so each is one line
// of text that reads as what it holds.
type TextField struct {
	Name string // the field as the API names it: "delivery.partner"
	Code string // the error code of a value it refuses: "invalid_partner"
	Max  int    // at most this many characters, once trimmed
	// Optional fields may be blank (Clean then answers ""); the others
	// refuse blank text, which is no detail.
	Optional bool
}

// The free-text fields of the moves.
var (
	CancelReason       = TextField{Name: "reason", Code: "invalid_reason", Max: 500, Optional: true}
	FailErrorCode      = TextField{Name: "error.code", Code: "invalid_error_code", Max: 64}
	FailErrorMessage   = TextField{Name: "error.message", Code: "invalid_error_message", Max: 1000}
	DeliveryPartner    = TextField{Name: "delivery.partner", Code: "invalid_partner", Max: 100}
	DeliveryTrackingID = TextField{Name: "delivery.tracking_id", Code: "invalid_tracking_id", Max: 100}
)

// Clean trims s of white space at either end (the Braille blank too) and
// checks it against f: its length, and its characters (HiddenAt). It
// returns the trimmed text or a *FieldError naming f.
func (f TextField) Clean(s string) (string, error) {
	s = strings.TrimFunc(s, blank)
	if s == "" && !f.Optional {
		return "", &FieldError{f.Name, f.Code, fmt.Sprintf("%s must be 1-%d characters, not blank", f.Name, f.Max)}
	}
	// Too long, the length is said: a required field's refusal ended
	// "not blank", which read as if the value were, and no refusal said
	// by how much it was over.
	if n := utf8.RuneCountInString(s); n > f.Max {
		if f.Optional {
			return "", &FieldError{f.Name, f.Code, fmt.Sprintf("%s must be at most %d characters (this one has %d); shorten it", f.Name, f.Max, n)}
		}
		return "", &FieldError{f.Name, f.Code, fmt.Sprintf("%s must be 1-%d characters (this one has %d); shorten it", f.Name, f.Max, n)}
	}
	for i, n := 0, 1; i < len(s); n++ {
		c, size, hidden := HiddenAt(s, i)
		if hidden {
			return "", &FieldError{f.Name, f.Code, fmt.Sprintf("%s must not contain control, line-break, bidirectional or invisible formatting characters, nor noncharacters (U+%04X at character %d); remove it", f.Name, c, n)}
		}
		i += size
	}
	return s, nil
}

// blank is what Clean trims from either end of a text: white space, and
// the Braille pattern blank U+2800, which Braille writes between words
// and which looks like a space anywhere else, so that a partner or a
// tracking id of it alone passed as not blank. Inside text it is kept,
// as Braille's space.
func blank(r rune) bool { return unicode.IsSpace(r) || r == '\u2800' }

// HiddenAt decodes the character at byte i of s and reports whether free
// text refuses it, as one that would make the text read otherwise than
// it is, or hide some of it, wherever it is shown:
//
//   - control characters (Unicode Cc: NUL, BEL, ESC, DEL, the C1 codes,
//     tabs and line breaks too) and the line and paragraph separators
//     (U+2028, U+2029): a reason shown on one line must not break it,
//     nor an escape sequence recolour a terminal that prints it;
//   - formatting characters (Unicode Cf): the bidi embeddings, overrides,
//     isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
//     U+061C), which reorder the words around them ("Refund \u202eeunim"
//     reads as another word); the zero-width space, word joiner, byte
//     order mark and soft hyphen, which hide between letters; the tag
//     characters (U+E0000–U+E007F), which spell text no one sees;
//   - characters that render as nothing (Unicode's other default
//     ignorables: the Hangul fillers U+3164, U+115F, U+1160, U+FFA0, the
//     combining grapheme joiner; and two Unicode does not list as such,
//     the Khitan filler U+16FE4 and the musical null notehead U+1D159,
//     which the endpoint URL check refuses too), which make a blank look
//     like a name;
//   - the noncharacters (U+FDD0–U+FDEF and the last two of every plane,
//     U+FFFE, U+FFFF … U+10FFFF): Unicode keeps them for a program's own
//     use, never to be interchanged; a font has no glyph for them and
//     software on the way may drop or replace them (U+FFFE reads as a
//     byte-swapped byte order mark), so what a customer shows is not what
//     was sent.
//
// So is a byte that is not UTF-8 (the API's JSON decoder never passes one
// on: it reads it as U+FFFD, which is kept, as the visible character it
// is).
//
// Private-use characters (U+E000–U+F8FF, planes 15 and 16) are kept: they
// are visible, as the glyph a font or an agreement gives them (U+F8FF is
// Apple's logo) or as a box, and reorder nothing. A lone UTF-16 surrogate
// never gets here: the API refuses its JSON escape ("\ud800") as
// invalid_json rather than reading it as U+FFFD.
//
// The zero-width joiner and non-joiner (U+200D, U+200C) are kept where
// writing uses them, between two non-ASCII characters: an emoji sequence
// (👩‍💻), an Indic conjunct (क्‍ष), a Persian word (می‌خواهم). Next to an
// ASCII character, or at an end, they only hide.
//
// A variation selector (U+FE00–U+FE0F, U+E0100–U+E01EF, the Mongolian
// U+180B–U+180D, U+180F) is drawn as nothing: it picks a form of the
// character before it. It is kept, one per character, after a visible
// non-ASCII character (❤️, ☎︎, a CJK ideograph's variant, a Mongolian
// letter) or after an ASCII digit, # or *, the bases of the keycaps (1️⃣);
// alone, at the start, after a letter, a space or another selector it
// selects nothing and only hides: a partner of "\ufe0f" alone passed as
// not blank, and a run of the 256 selectors after one emoji carries a
// byte each, text no one sees.
func HiddenAt(s string, i int) (c rune, size int, hidden bool) {
	c, size = utf8.DecodeRuneInString(s[i:])
	switch {
	case c == utf8.RuneError && size == 1:
		return c, size, true // not UTF-8: shown as U+FFFD, or dropped
	case unicode.Is(unicode.Variation_Selector, c):
		prev, n := utf8.DecodeLastRuneInString(s[:i])
		return c, size, !selectable(prev, n, c)
	case c == '\u200c' || c == '\u200d':
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		return c, size, prev < utf8.RuneSelf || next < utf8.RuneSelf || prev == utf8.RuneError || next == utf8.RuneError ||
			hiddenAlone(prev) || hiddenAlone(next)
	default:
		return c, size, hiddenAlone(c)
	}
}

// selectable reports whether the variation selector vs may follow prev
// (n its size in bytes, 0 at the start of the text).
func selectable(prev rune, n int, vs rune) bool {
	switch {
	case n == 0 || prev == utf8.RuneError:
		return false
	case prev < utf8.RuneSelf:
		// A keycap's base, in text or emoji presentation (U+FE0E, U+FE0F).
		return ('0' <= prev && prev <= '9' || prev == '#' || prev == '*') && (vs == '\ufe0e' || vs == '\ufe0f')
	}
	return !unicode.IsSpace(prev) && !unicode.Is(unicode.Variation_Selector, prev) &&
		prev != '\u200c' && prev != '\u200d' && !hiddenAlone(prev)
}

// hiddenAlone is HiddenAt's rule for a character whatever surrounds it
// (the joiners are refused by it too: HiddenAt keeps them in context).
func hiddenAlone(c rune) bool {
	return unicode.In(c, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Other_Default_Ignorable_Code_Point, unicode.Noncharacter_Code_Point) ||
		c == '\U00016FE4' || c == '\U0001D159'
}
