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
