package order

import (
	"fmt"
	"maps"
	"strings"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/suggest"
)

// MaxAmount is the largest stamp duty accepted, in whole rupees (₹10 crore).
// Larger instruments exist but are not sold as e-stamps through this API.
const MaxAmount = 100_000_000

// Providers lists the e-stamp providers orders may name.
var Providers = []string{"SHCIL", "NESL"}

// States are India's 28 states and 8 union territories, by their canonical names.
var States = []string{
	"Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa",
	"Gujarat", "Haryana", "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala",
	"Madhya Pradesh", "Maharashtra", "Manipur", "Meghalaya", "Mizoram", "Nagaland",
	"Odisha", "Punjab", "Rajasthan", "Sikkim", "Tamil Nadu", "Telangana", "Tripura",
	"Uttar Pradesh", "Uttarakhand", "West Bengal",
	"Andaman and Nicobar Islands", "Chandigarh",
	"Dadra and Nagar Haveli and Daman and Diu", "Delhi", "Jammu and Kashmir",
	"Ladakh", "Lakshadweep", "Puducherry",
}

// aliases are older or common spellings people still type, and the two
// union territories merged in January 2020, which records made before
// then still name.
var aliases = map[string]string{
	"orissa":                               "Odisha",
	"pondicherry":                          "Puducherry",
	"nct of delhi":                         "Delhi",
	"new delhi":                            "Delhi",
	"national capital territory of delhi":  "Delhi",
	"uttaranchal":                          "Uttarakhand",
	"andaman & nicobar islands":            "Andaman and Nicobar Islands",
	"jammu & kashmir":                      "Jammu and Kashmir",
	"dadra & nagar haveli and daman & diu": "Dadra and Nagar Haveli and Daman and Diu",
	"dadra and nagar haveli":               "Dadra and Nagar Haveli and Daman and Diu",
	"dadra & nagar haveli":                 "Dadra and Nagar Haveli and Daman and Diu",
	"daman and diu":                        "Dadra and Nagar Haveli and Daman and Diu",
	"daman & diu":                          "Dadra and Nagar Haveli and Daman and Diu",
}

var stateByKey = func() map[string]string {
	m := make(map[string]string, len(States)+len(aliases))
	for _, s := range States {
		m[strings.ToLower(s)] = s
	}
	for k, v := range aliases {
		m[k] = v
	}
	return m
}()

// CanonicalState returns the canonical name of a state or union territory,
// matching case-insensitively and ignoring repeated spaces.
func CanonicalState(s string) (string, bool) {
	key := LowerASCII(strings.Join(strings.FieldsFunc(s, isASCIISpace), " "))
	v, ok := stateByKey[key]
	return v, ok
}

// nearestState is the state or union territory that s, which names none,
// was most likely meant to be: one within an edit per four letters and at
// most two ("Asam", "Maharastra", "Tamilnadu"), or else the only one that
// begins with it ("Jammu"); "" when none is, or two are as near. The
// refusal names it: a new user's typo was answered with the rule alone.
func nearestState(s string) string {
	key := LowerASCII(strings.Join(strings.FieldsFunc(s, isASCIISpace), " "))
	if len(key) > 64 {
		return "" // longer than any name: not a typo, and the distance costs its length
	}
	// The bound counts characters, as the distance does: "Аssam" with a
	// Cyrillic А is five letters and one edit, as "Asam" is four and one.
	return suggest.Nearest(key, min(2, utf8.RuneCountInString(key)/4), true, maps.All(stateByKey))
}

// nonASCIINote is what a refused name's message says of its first
// character outside ASCII, or "" when it has none: names are matched in
// ASCII only (LowerASCII), and a look-alike (a Cyrillic А, a no-break
// space, a zero-width space) quoted in the message reads as the name it
// was refused for.
func nonASCIINote(s string) string {
	if note := notUTF8Note(s); note != "" {
		return note
	}
	if c, char, ok := firstNonASCII(s); ok {
		return fmt.Sprintf("; names are written in ASCII, and it has U+%04X at character %d", c, char)
	}
	return ""
}

// NotASCIINote is nonASCIINote for a value whose rule the message states
// (a provider, an article code, a status the API's filters take): a
// look-alike letter (a Cyrillic Ѕ in "ЅHCIL") seems to meet it.
func NotASCIINote(s string) string {
	if note := notUTF8Note(s); note != "" {
		return note
	}
	if c, char, ok := firstNonASCII(s); ok {
		return fmt.Sprintf("; it has U+%04X at character %d, which is not ASCII", c, char)
	}
	return ""
}

// notUTF8Note names the first byte of s that starts no UTF-8 character,
// and its position in characters from 1, or is "" when s is UTF-8. A
// query value percent-encoded from Latin-1 (?status=%E9) or a header
// sent so reaches a refusal as such bytes, which were named as U+FFFD,
// the replacement character, found nowhere in what the client sent. A
// request body is refused earlier, with the byte's offset (api's
// decodeJSON), in the same words.
func notUTF8Note(s string) string {
	for i, char := 0, 1; i < len(s); char++ {
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			return fmt.Sprintf("; it has the byte 0x%02X at character %d, which starts no UTF-8 character (text in Latin-1 or Windows-1252 reads so)", s[i], char)
		}
		i += size
	}
	return ""
}

// firstNonASCII is the first character of s outside ASCII and its
// position in characters from 1.
func firstNonASCII(s string) (c rune, char int, found bool) {
	for i, c := range []rune(s) {
		if c > 0x7f {
			return c, i + 1, true
		}
	}
	return 0, 0, false
}

// CanonicalProvider returns the provider's canonical spelling.
func CanonicalProvider(s string) (string, bool) {
	key := LowerASCII(strings.TrimFunc(s, isASCIISpace))
	for _, p := range Providers {
		if key == LowerASCII(p) {
			return p, true
		}
	}
	return "", false
}

// CanonicalStatus returns an order status in its canonical (upper) case.
func CanonicalStatus(s string) (string, bool) {
	key := LowerASCII(s)
	for _, st := range Statuses {
		if key == LowerASCII(st) {
			return st, true
		}
	}
	return "", false
}

// isASCIISpace is the white space names may carry around and between
// their words: Unicode spaces (no-break, ideographic, em) are look-alikes
// too, refused like other non-ASCII spellings.
func isASCIISpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
}

// LowerASCII lowers A–Z only. "Any case" means ASCII case: Unicode case
// folding would take look-alikes as letters of the names (the Kelvin sign
// as k, the long s as s, a dotless ı upper-cased as I) while other
// non-ASCII spellings are refused.
func LowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// FieldError is a validation failure of one request field. The API turns it
// into a 422 with param set to Field.
type FieldError struct {
	Field   string
	Code    string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// ValidArticleCode reports whether c is 1–32 upper-case letters, digits
// and hyphens, at least one of them a letter or a digit: hyphens alone
// ("-", "---") name no article of any stamp act, and were stored and sent
// in every event of the order as if they did.
func ValidArticleCode(c string) bool {
	if len(c) == 0 || len(c) > 32 {
		return false
	}
	named := false
	for i := 0; i < len(c); i++ {
		ch := c[i]
		switch {
		case ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9':
			named = true
		case ch != '-':
			return false
		}
	}
	return named
}

// articleCodeNote says what in c, which ValidArticleCode refuses, breaks
// the rule: the first character outside it and where it is, its length,
// or that it is empty or hyphens alone. The refusal stated the rule only,
// and a user who had sent "as-rg-4" or "AS RG 4" compared each character
// to it to find the one at fault.
func articleCodeNote(c string) string {
	if note := NotASCIINote(c); note != "" {
		return note
	}
	if c == "" {
		return "; it is empty"
	}
	for i := 0; i < len(c); i++ {
		switch ch := c[i]; {
		case ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-':
		case ch >= 'a' && ch <= 'z':
			note := fmt.Sprintf("; it has the lower-case letter %q at character %d: article codes are written in upper case", string(ch), i+1)
			if upper := strings.ToUpper(c); ValidArticleCode(upper) {
				note += fmt.Sprintf(" (%q)", upper)
			}
			return note
		case ch == ' ':
			return fmt.Sprintf("; it has a space (U+0020) at character %d, which is not a letter, digit or hyphen", i+1)
		default:
			return fmt.Sprintf("; it has %q (U+%04X) at character %d, which is not a letter, digit or hyphen", string(ch), ch, i+1)
		}
	}
	if len(c) > 32 {
		return fmt.Sprintf("; it has %d characters", len(c))
	}
	return "; it has hyphens alone"
}

// StampRequestInput is a stamp request as a client sent it.
type StampRequestInput struct {
	State       *string
	Amount      *int64
	ArticleCode *string
	Provider    *string
}

// StampRequest is a validated stamp request with canonical values.
type StampRequest struct {
	State       string
	Amount      int64
	ArticleCode string
	Provider    string
}

// ValidateStampRequest checks every field and returns canonical values, or
// the first field's error. The prefix is prepended to field names
// ("stamp_request.state").
func ValidateStampRequest(in StampRequestInput) (StampRequest, error) {
	const p = "stamp_request."
	var out StampRequest
	if in.State == nil {
		return out, &FieldError{p + "state", "missing_field", p + "state is required"}
	}
	st, ok := CanonicalState(*in.State)
	if !ok {
		msg := fmt.Sprintf("%sstate %q is not one of India's states or union territories", p, Excerpt(*in.State)) + nonASCIINote(*in.State)
		if near := nearestState(*in.State); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		return out, &FieldError{p + "state", "invalid_state", msg}
	}
	out.State = st
	if in.Amount == nil {
		return out, &FieldError{p + "amount", "missing_field", p + "amount is required"}
	}
	if *in.Amount <= 0 || *in.Amount > MaxAmount {
		return out, &FieldError{p + "amount", "invalid_amount", fmt.Sprintf("%samount must be a whole number of rupees from 1 to %d", p, MaxAmount)}
	}
	out.Amount = *in.Amount
	if in.ArticleCode == nil {
		return out, &FieldError{p + "article_code", "missing_field", p + "article_code is required"}
	}
	if !ValidArticleCode(*in.ArticleCode) {
		return out, &FieldError{p + "article_code", "invalid_article_code", p + "article_code must be 1-32 characters of upper-case letters, digits and hyphens, with at least one letter or digit, e.g. AS-RG-4" + articleCodeNote(*in.ArticleCode)}
	}
	out.ArticleCode = *in.ArticleCode
	if in.Provider == nil {
		return out, &FieldError{p + "provider", "missing_field", p + "provider is required"}
	}
	pr, ok := CanonicalProvider(*in.Provider)
	if !ok {
		return out, &FieldError{p + "provider", "invalid_provider", fmt.Sprintf("%sprovider must be one of %s", p, strings.Join(Providers, ", ")) + providerNote(*in.Provider)}
	}
	out.Provider = pr
	return out, nil
}

// providerNote says what the refused provider v was: empty, white space
// alone, or the value itself, quoted as a refused state is, then its first
// character that is not ASCII. The rule alone ("must be one of SHCIL,
// NESL") was all a "" or an "SHCILL" got, where an empty state or article
// code is told it is empty: the sender could not tell a field its code
// left blank from a misspelt one.
func providerNote(v string) string {
	switch {
	case v == "":
		return "; it is empty"
	case strings.TrimFunc(v, isASCIISpace) == "":
		return "; it is blank (white space only)"
	}
	return fmt.Sprintf(", not %q", Excerpt(v)) + NotASCIINote(v)
}

// Excerpt is s as an error message quotes a value it refuses: whole when
// it is at most 64 bytes, else its longest start of at most 64 bytes that
// ends on a whole character, followed by "…". (Cut at byte 64, a state
// written in Devanagari, three bytes a letter, was quoted with half a
// letter: "\xe0\xa4" in the message.)
func Excerpt(s string) string {
	const limit = 64
	if len(s) <= limit {
		return s
	}
	i := limit
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
