package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// An article code made of hyphens alone names no article of any stamp
// act; it was taken (201) and sent in every event of the order. It is
// refused, and a code with at least one letter or digit anywhere is
// still taken as written.
func TestArticleCodeNeedsALetterOrDigit(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	body := func(code string) string {
		return `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "` + code + `", "provider": "SHCIL"}}`
	}
	for _, code := range []string{"-", "---", strings.Repeat("-", 32)} {
		st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, body(code))
		if st != 422 {
			t.Errorf("article_code %q: %d %s, want 422 invalid_article_code", code, st, b)
			continue
		}
		if c, param := errCode(t, b); c != "invalid_article_code" || param != "stamp_request.article_code" {
			t.Errorf("article_code %q: code %q param %q, want invalid_article_code stamp_request.article_code", code, c, param)
		}
		if !strings.Contains(string(b), "at least one letter or digit") {
			t.Errorf("article_code %q: %s; want the message to say a letter or digit is needed", code, b)
		}
	}
	for _, code := range []string{"A", "7", "-A", "A-", "AS--RG-4", strings.Repeat("-", 31) + "9"} {
		st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, body(code))
		if st != 201 {
			t.Errorf("article_code %q: %d %s, want 201", code, st, b)
			continue
		}
		if got := testenv.JSON(t, b)["stamp_request"].(map[string]any)["article_code"]; got != code {
			t.Errorf("article_code %q stored as %q", code, got)
		}
	}
}

// An article code refused for one character was told the rule alone
// ("must be 1-32 characters of upper-case letters, digits and hyphens"),
// and a user with "as-rg-4" or "AS RG 4" had to compare each character
// to it. The message now names what breaks the rule: the first character
// outside it and where it is, the length past 32, or that it is empty.
func TestArticleCodeRefusalSaysWhatIsWrong(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	const rule = "stamp_request.article_code must be 1-32 characters of upper-case letters, digits and hyphens, with at least one letter or digit, e.g. AS-RG-4"
	for _, tc := range []struct{ code, note string }{
		{"as-rg-4", `; it has the lower-case letter "a" at character 1: article codes are written in upper case ("AS-RG-4")`},
		{"AS-rg-4", `; it has the lower-case letter "r" at character 4: article codes are written in upper case ("AS-RG-4")`},
		{"AS RG 4", `; it has a space (U+0020) at character 3, which is not a letter, digit or hyphen`},
		{"AS_RG_4", `; it has "_" (U+005F) at character 3, which is not a letter, digit or hyphen`},
		{`AS\tRG`, `; it has "\t" (U+0009) at character 3, which is not a letter, digit or hyphen`},
		{"AS-RG-4/5", `; it has "/" (U+002F) at character 8, which is not a letter, digit or hyphen`},
		{"ÅS", "; it has U+00C5 at character 1, which is not ASCII"},
		{"", "; it is empty"},
		{strings.Repeat("A", 33), "; it has 33 characters"},
		{"---", "; it has hyphens alone"},
	} {
		body := `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "` + tc.code + `", "provider": "SHCIL"}}`
		st, code, param, msg := refusal(t, s, "POST", "/v1/orders", body)
		if st != 422 || code != "invalid_article_code" || param != "stamp_request.article_code" || msg != rule+tc.note {
			t.Errorf("article_code %q: %d %s %s %q;\nwant 422 invalid_article_code %q", tc.code, st, code, param, msg, rule+tc.note)
		}
	}
}
