package dashboard

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/store"
)

// shortURL shortens in the middle, by characters: the host and the end of
// the path stay, and a cut never splits a UTF-8 sequence.
func TestShortURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/hook": "example.com/hook",
		"http://127.0.0.1:42301/services/T0000000000/B0000000000/hooks/esahayak/AAAA1111": "127.0.0.1:42301/services/T000…000000/hooks/esahayak/AAAA1111",
	} {
		if got := shortURL(in); got != want {
			t.Errorf("shortURL(%q) = %q, want %q", in, got, want)
		}
	}
	long := "https://hooks.example.com/" + strings.Repeat("segment/", 20)
	for _, in := range []string{
		long + "AAAA1111", long + "BBBB2222",
		"https://example.com/" + strings.Repeat("é", 100) + "/end",
		"https://" + strings.Repeat("ü", 40) + ".example/" + strings.Repeat("日本", 40) + "?q=1",
		"https://" + strings.Repeat("very-long-host-", 10) + "example.com",
	} {
		got := shortURL(in)
		if !utf8.ValidString(got) {
			t.Errorf("shortURL(%q) = %q: not valid UTF-8", in, got)
		}
		if n := utf8.RuneCountInString(got); n > shortURLRunes {
			t.Errorf("shortURL(%q) is %d characters", in, n)
		}
		tail := []rune(in)
		if end := string(tail[len(tail)-8:]); !strings.HasSuffix(got, end) {
			t.Errorf("shortURL(%q) = %q: lost the end %q", in, got, end)
		}
	}
	if shortURL(long+"AAAA1111") == shortURL(long+"BBBB2222") {
		t.Error("URLs differing at the end look the same")
	}
	if got := shortURL(long + "AAAA1111"); !strings.HasPrefix(got, "hooks.example.com/") {
		t.Errorf("the host is lost: %q", got)
	}
}

func TestEndpointLabel(t *testing.T) {
	e := store.Endpoint{URL: "https://example.com/hook"}
	if got := endpointLabel(e); got != "example.com/hook" {
		t.Errorf("without a description: %q", got)
	}
	e.Description = "Billing\n receiver"
	if got := endpointLabel(e); got != "Billing receiver — example.com/hook" {
		t.Errorf("with a description: %q", got)
	}
	e.Description = strings.Repeat("ß", 100)
	got := endpointLabel(e)
	desc, _, _ := strings.Cut(got, " — ")
	if !utf8.ValidString(got) || utf8.RuneCountInString(desc) != maxLabelDescription || !strings.HasSuffix(desc, "…") {
		t.Errorf("a long description: %q", got)
	}
}
