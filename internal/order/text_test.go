package order

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var textFields = []TextField{CancelReason, FailErrorCode, FailErrorMessage, DeliveryPartner, DeliveryTrackingID}

// TestTextFieldsRefuseHiddenCharacters: each free-text field of a move
// refuses, naming itself, its code, the character and where it is, the
// characters that would make a dashboard line, an e-mail or an SMS read
// otherwise than the text is (a bidi override turning "Refund" into
// another word), break it (a line break, an escape sequence) or hide some
// of it; and keeps the text people write, in any script.
func TestTextFieldsRefuseHiddenCharacters(t *testing.T) {
	for _, tc := range []struct {
		name, in, says string // says: "" keeps the text
	}{
		{"plain", "India Post", ""},
		{"Devanagari", "भारतीय डाक", ""},
		{"Indic conjunct with a joiner", "क्\u200dष", ""},
		{"Persian with a non-joiner", "می\u200cخواهم", ""},
		{"emoji sequence", "courier 👩\u200d💻 ok", ""},
		{"emoji with a presentation selector", "❤\ufe0f\u200d🔥", ""},
		{"no-break space inside", "Blue\u00a0Dart", ""},
		{"right-to-left script", "שליח מהיר", ""},
		{"trimmed line break at the end", "Delhivery\n", ""},
		{"line break", "line one\nline two", "U+000A at character 9"},
		{"carriage return", "a\rb", "U+000D at character 2"},
		{"tab", "a\tb", "U+0009 at character 2"},
		{"NUL", "a\x00b", "U+0000 at character 2"},
		{"BEL", "a\ab", "U+0007 at character 2"},
		{"ESC sequence", "a\x1b[31mred", "U+001B at character 2"},
		{"DEL", "a\x7fb", "U+007F at character 2"},
		{"C1 next line", "a\u0085b", "U+0085 at character 2"},
		{"line separator", "a\u2028b", "U+2028 at character 2"},
		{"paragraph separator", "a\u2029b", "U+2029 at character 2"},
		{"right-to-left override", "Refund \u202edeunitnoc", "U+202E at character 8"},
		{"left-to-right embedding", "\u202aabc", "U+202A at character 1"},
		{"pop directional formatting", "abc\u202c", "U+202C at character 4"},
		{"first strong isolate", "a\u2068b\u2069", "U+2068 at character 2"},
		{"pop directional isolate", "ab\u2069", "U+2069 at character 3"},
		{"right-to-left isolate", "x\u2067y", "U+2067 at character 2"},
		{"left-to-right mark", "a\u200eb", "U+200E at character 2"},
		{"Arabic letter mark", "a\u061cb", "U+061C at character 2"},
		{"zero-width space", "India\u200bPost", "U+200B at character 6"},
		{"word joiner", "a\u2060b", "U+2060 at character 2"},
		{"byte order mark", "\ufeffab", "U+FEFF at character 1"},
		{"soft hyphen", "a\u00adb", "U+00AD at character 2"},
		{"tag characters", "ok\U000E0041\U000E0042", "U+E0041 at character 3"},
		{"Hangul filler", "\u3164", "U+3164 at character 1"},
		{"combining grapheme joiner", "a\u034fb", "U+034F at character 2"},
		{"joiner between ASCII letters", "pa\u200dy", "U+200D at character 3"},
		{"non-joiner at the start", "\u200cक", "U+200C at character 1"},
		{"joiner at the end", "क\u200d", "U+200D at character 2"},
		{"two joiners", "क\u200d\u200dष", "U+200D at character 2"},
		// A byte that is not UTF-8 (FuzzTextFieldClean's seed "\xff",
		// once it checked what is kept is UTF-8); U+FFFD itself is kept.
		{"a byte that is not UTF-8", "ok\xff", "U+FFFD at character 3"},
		{"the replacement character", "ok\ufffd", ""},
		{"joiner before an override", "क\u200d\u202e", "U+200D at character 2"},
		// Noncharacters: for a program's own use, never interchanged.
		{"noncharacter U+FDD0", "a\ufdd0b", "U+FDD0 at character 2"},
		{"noncharacter U+FDEF", "a\ufdefb", "U+FDEF at character 2"},
		{"noncharacter U+FFFE", "\ufffeab", "U+FFFE at character 1"},
		{"noncharacter U+FFFF", "ab\uffff", "U+FFFF at character 3"},
		{"noncharacter U+1FFFE", "a\U0001FFFEb", "U+1FFFE at character 2"},
		{"noncharacter U+10FFFF", "a\U0010FFFF", "U+10FFFF at character 2"},
		// Private use is visible (a font's glyph, or a box): kept.
		{"private use U+F8FF", "Apple \uf8ff", ""},
		{"private use U+E000", "\ue000 icon", ""},
		{"private use plane 15", "a\U000F0000b", ""},
		{"private use plane 16", "a\U0010FFFDb", ""},
		{"replacement character", "a\ufffdb", ""},
		{"emoji with a text selector", "☎\ufe0e", ""},
		{"family ZWJ sequence", "👨\u200d👩\u200d👧", ""},
		// Variation selectors pick a form of the character before them:
		// kept once after a visible non-ASCII character or a keycap's
		// base, refused where they select nothing and only hide.
		{"keycap", "press 1\ufe0f\u20e3", ""},
		{"keycap hash", "#\ufe0f\u20e3 desk", ""},
		{"ideographic variation sequence", "葛\U000E0100城", ""},
		{"Mongolian free variation selector", "ᠠ\u180bᠡ", ""},
		{"variation selector alone", "\ufe0f", "U+FE0F at character 1"},
		{"variation selector at the start", "\ufe0fIndia Post", "U+FE0F at character 1"},
		{"variation selector after a letter", "Refund\ufe0f", "U+FE0F at character 7"},
		{"variation selector after a space", "ok \ufe0e ok", "U+FE0E at character 4"},
		{"two variation selectors", "❤\ufe0f\ufe0f", "U+FE0F at character 3"},
		{"selectors smuggling bytes after an emoji", "ok 😀\U000E0148\U000E0149", "U+E0149 at character 6"},
		{"supplementary selector after a letter", "a\U000E0100", "U+E0100 at character 2"},
		{"digit in emoji presentation", "Gate 7\ufe0f", ""},
		// Blanks that are no white space: a value of them alone passed
		// as not blank.
		{"Khitan filler", "\U00016FE4", "U+16FE4 at character 1"},
		{"musical null notehead", "ok\U0001D159", "U+1D159 at character 3"},
		{"Braille inside", "⠓⠑⠇⠇⠕\u2800⠺⠕⠗⠇⠙", ""},
		{"ideographic selector after a digit", "7\U000E0100", "U+E0100 at character 2"},
		{"variation selector after a joiner", "क\u200d\ufe0f", "U+FE0F at character 3"},
		{"variation selector after a tab", "a\t\ufe0fb", "U+0009 at character 2"},
	} {
		for _, f := range textFields {
			got, err := f.Clean(tc.in)
			if tc.says == "" {
				if err != nil || got != strings.TrimSpace(tc.in) {
					t.Errorf("%s in %s: %q, %v; want it kept", tc.name, f.Name, got, err)
				}
				continue
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != f.Name || fe.Code != f.Code || !strings.Contains(fe.Message, tc.says) || !strings.HasPrefix(fe.Message, f.Name+" ") {
				t.Errorf("%s in %s: %q, %v; want %s refusing it (%s)", tc.name, f.Name, got, err, f.Code, tc.says)
			}
		}
	}
}

// TestTextFieldsBounds keeps the length and blank rules the fields had
// before their characters were checked, and their messages.
func TestTextFieldsBounds(t *testing.T) {
	for _, in := range []string{"  \n ", "\u2800\u2800"} {
		if got, err := CancelReason.Clean(in); err != nil || got != "" {
			t.Errorf("blank reason %q: %q, %v; want it blank (the API gives it its default)", in, got, err)
		}
	}
	if got, err := DeliveryPartner.Clean("\u2800India Post\u2800"); err != nil || got != "India Post" {
		t.Errorf("partner between Braille blanks: %q, %v; want India Post", got, err)
	}
	if _, err := CancelReason.Clean(strings.Repeat("é", 501)); err == nil || err.Error() != "reason: reason must be at most 500 characters (this one has 501); shorten it" {
		t.Errorf("501-character reason: %v", err)
	}
	if got, err := CancelReason.Clean(" " + strings.Repeat("é", 500) + " "); err != nil || utf8.RuneCountInString(got) != 500 {
		t.Errorf("500-character reason: %v", err)
	}
	for _, f := range textFields[1:] {
		for _, in := range []string{"", " \t\n", "\u2800", " \u2800\u3000"} {
			var fe *FieldError
			if _, err := f.Clean(in); !errors.As(err, &fe) || fe.Code != f.Code || !strings.Contains(fe.Message, "characters, not blank") {
				t.Errorf("%s %q: %v", f.Name, in, err)
			}
		}
		// Too long is not blank: the message says its length instead.
		want := fmt.Sprintf("%s must be 1-%d characters (this one has %d); shorten it", f.Name, f.Max, f.Max+1)
		if _, err := f.Clean(strings.Repeat("x", f.Max+1)); err == nil || !strings.HasSuffix(err.Error(), ": "+want) {
			t.Errorf("%s of %d characters: %v; want %q", f.Name, f.Max+1, err, want)
		}
		if got, err := f.Clean(strings.Repeat("x", f.Max)); err != nil || len(got) != f.Max {
			t.Errorf("%s at its bound: %v", f.Name, err)
		}
	}
}

// printableASCII is every character from space to tilde.
var printableASCII = func() string {
	var b strings.Builder
	for c := byte(' '); c <= '~'; c++ {
		b.WriteByte(c)
	}
	return b.String()
}()

// FuzzTextFieldClean: whatever the text, Clean either refuses it naming
// the field and its code, or keeps it trimmed, valid UTF-8 (Clean of
// what it kept keeps it as it is), within its bound and
// without one character HiddenAt refuses: no control, line-break, format,
// default-ignorable or noncharacter but a joiner between two other non-ASCII
// characters; printable ASCII within the bound is always kept.
func FuzzTextFieldClean(f *testing.F) {
	for _, s := range []string{"India Post", "Refund \u202edeunitnoc", "क्\u200dष", "👩\u200d💻", "a\u200db", "\u3164", "x\ny", " EE123456789IN ", "ok\U000E0041", "\xff", "a\ufdd0", "\U0010FFFF", "\uf8ff"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, which uint8) {
		field := textFields[int(which)%len(textFields)]
		got, err := field.Clean(s)
		if v := strings.TrimSpace(s); v != "" && len(v) <= field.Max && strings.Trim(v, printableASCII) == "" && (err != nil || got != v) {
			t.Fatalf("plain text %q: %q, %v; want it kept trimmed", s, got, err)
		}
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != field.Name || fe.Code != field.Code {
				t.Fatalf("%q: %v, not a FieldError of %s %s", s, err, field.Name, field.Code)
			}
			return
		}
		if got != strings.TrimSpace(got) || utf8.RuneCountInString(got) > field.Max || (got == "" && !field.Optional) || !utf8.ValidString(got) {
			t.Fatalf("%q kept as %q", s, got)
		}
		if again, err := field.Clean(got); again != got || err != nil {
			t.Fatalf("%q kept as %q, which Clean makes %q, %v", s, got, again, err)
		}
		runes := []rune(got)
		for i, c := range runes {
			if c == '\u200c' || c == '\u200d' {
				if i == 0 || i == len(runes)-1 || runes[i-1] < 0x80 || runes[i+1] < 0x80 || hiddenAlone(runes[i-1]) || hiddenAlone(runes[i+1]) {
					t.Fatalf("%q kept with a joiner that joins nothing at %d", got, i)
				}
				continue
			}
			if unicode.In(c, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Other_Default_Ignorable_Code_Point, unicode.Noncharacter_Code_Point) ||
				(c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) {
				t.Fatalf("%q kept with U+%04X", got, c)
			}
		}
	})
}
