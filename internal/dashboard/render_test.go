package dashboard

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/api"
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

// longURL keeps the scheme and host and the end of a URL the API allows
// at 2,048 characters, and leaves an ordinary one whole.
func TestLongURL(t *testing.T) {
	const plain = "https://hooks.example.com/services/T000/hooks/AAAA1111"
	if got := longURL(plain); got != plain {
		t.Errorf("longURL(%q) = %q", plain, got)
	}
	long := "http://127.0.0.1:9/p?x=" + strings.Repeat("c", 2000) + "END"
	got := longURL(long)
	if utf8.RuneCountInString(got) != longURLRunes || !strings.HasPrefix(got, "http://127.0.0.1:9/") || !strings.HasSuffix(got, "cEND") || !strings.Contains(got, "…") {
		t.Errorf("longURL of %d characters = %q", len(long), got)
	}
	// A URL in the query is not taken for the scheme: the end keeps its third.
	got = shortURL("https://hooks.example.com/cb?next=https://other.example/" + strings.Repeat("a", 100) + "TAIL")
	if _, tail, _ := strings.Cut(got, "…"); !strings.HasPrefix(got, "hooks.example.com/") || utf8.RuneCountInString(tail) < shortURLRunes/3 {
		t.Errorf("shortURL with a URL in its query = %q", got)
	}
	if got := clipText(strings.Repeat("ß", 300), 200); utf8.RuneCountInString(got) != 200 || !strings.HasSuffix(got, "…") {
		t.Errorf("clipText: %q", got)
	}
}

func TestEndpointLabel(t *testing.T) {
	e := store.Endpoint{URL: "https://example.com/hook"}
	if got := endpointLabel(e); got != "example.com/hook" {
		t.Errorf("without a description: %q", got)
	}
	e.Description = "Billing\n receiver"
	if got := endpointLabel(e); got != "\u2068Billing receiver\u2069 — example.com/hook" {
		t.Errorf("with a description: %q", got)
	}
	if got := endpointLabelHTML(e); got != "<bdi>Billing receiver</bdi> — example.com/"+wrapHere+"hook" {
		t.Errorf("in HTML: %q", got)
	}
	// A right-to-left description is isolated from the URL beside it.
	e.Description = "חשבונות"
	if got := endpointLabel(e); got != "\u2068חשבונות\u2069 — example.com/hook" {
		t.Errorf("a right-to-left description: %q", got)
	}
	// So are the URL's right-to-left path segments, each on its own.
	e.Description = ""
	e.URL = "https://example.com/hooks/שלום/עולם/1?q=ע"
	if got := endpointLabel(e); got != "example.com/hooks/\u2068שלום\u2069/\u2068עולם\u2069/1?q=\u2068ע\u2069" {
		t.Errorf("a right-to-left path: %q", got)
	}
	e.URL = "https://example.com/hook"
	e.Description = strings.Repeat("ß", 100)
	got := endpointLabel(e)
	desc, _, _ := strings.Cut(strings.TrimPrefix(got, "\u2068"), "\u2069 — ")
	if !utf8.ValidString(got) || utf8.RuneCountInString(desc) != maxLabelDescription || !strings.HasSuffix(desc, "…") {
		t.Errorf("a long description: %q", got)
	}
}

// A bidi control in an endpoint's URL or description must not change how
// the URL reads: in a URL it is shown percent-encoded, in a description
// (free text beside the URL) it is dropped.
func TestBidiControlsDoNotDisguiseURLs(t *testing.T) {
	const spoof = "http://127.0.0.1:21202/hook/\u202emoc.elpmaxe.live//:sptth"
	for _, got := range []string{string(breakURL(spoof)), shortURL(spoof), visibleURL(spoof)} {
		if strings.ContainsFunc(got, api.IsBidiControl) || !strings.Contains(got, "%E2%80%AE") {
			t.Errorf("URL shown as %q: want the U+202E percent-encoded", got)
		}
	}
	e := store.Endpoint{URL: "http://127.0.0.1:21202/services/T000/hooks/AAAA1111", Description: "Billing\u202e \u2067x\u2069"}
	// The label's own isolates around the description, and no other.
	label := endpointLabel(e)
	if inner := strings.TrimPrefix(label, "\u2068Billing x\u2069 — 127.0.0.1"); inner == label || strings.ContainsFunc(inner, api.IsBidiControl) {
		t.Errorf("label %q: want the description without bidi controls, isolated, before the URL", label)
	}
	if got := string(endpointLabelHTML(e)); strings.ContainsFunc(got, api.IsBidiControl) || !strings.HasPrefix(got, "<bdi>Billing x</bdi> — 127.0.0.1") {
		t.Errorf("endpointLabelHTML = %q", got)
	}
	// Ordinary text is left alone, right-to-left scripts included.
	if got := withoutBidiControls("हुक · خطاف"); got != "हुक · خطاف" {
		t.Errorf("withoutBidiControls changed plain text: %q", got)
	}
	for _, plain := range []string{"https://example.com/ü?q=1", "https://example.com/👩\u200d💻", "http://h/می\u200cخ"} {
		if got := visibleURL(plain); got != plain {
			t.Errorf("visibleURL changed a plain URL: %q → %q", plain, got)
		}
	}
	if got := visibleURL("http://h/a\u200db\u200bc"); got != "http://h/a%E2%80%8Db%E2%80%8Bc" {
		t.Errorf("visibleURL(a joiner between ASCII letters, a zero-width space) = %q", got)
	}
}

// canonicalURL makes one key of the spellings of a URL that a client sends
// to the same place, for Save Webhook's duplicate check; spellings that
// reach another place stay apart.
func TestCanonicalURLSpellings(t *testing.T) {
	same := []string{
		"http://127.0.0.1:21202/dup",
		"HTTP://127.0.0.1:21202/dup",
		"http://127.0.0.1:21202/./dup",
		"http://127.0.0.1:21202/a/../dup",
		"http://127.0.0.1:21202/a/b/../../dup",
		"http://[::ffff:127.0.0.1]:21202/dup",
		"http://127.0.0.1:021202/%64up",
	}
	want, ok := canonicalURL(same[0])
	if !ok {
		t.Fatal("canonicalURL refused a URL")
	}
	for _, u := range same[1:] {
		if got, _ := canonicalURL(u); got != want {
			t.Errorf("canonicalURL(%q) = %q, want %q (the same place)", u, got, want)
		}
	}
	for _, u := range []string{
		"http://127.0.0.1:21202/dup/",
		"http://127.0.0.1:21202//dup",
		"http://127.0.0.1:21202/a/dup",
		"http://127.0.0.2:21202/dup",
		"http://[::1]:21202/dup",
	} {
		if got, _ := canonicalURL(u); got == want {
			t.Errorf("canonicalURL(%q) = %q, the same key as %q", u, got, same[0])
		}
	}
	for in, out := range map[string]string{"/a/.": "/a/", "/a/..": "/", "/..": "/", "/a//b/../c": "/a//c", "/": "/", "/.well-known/x": "/.well-known/x"} {
		if got := removeDotSegments(in); got != out {
			t.Errorf("removeDotSegments(%q) = %q, want %q", in, got, out)
		}
	}
}

// breakURL never breaks a joined emoji apart.
func TestBreakURLKeepsJoinedEmoji(t *testing.T) {
	u := "http://127.0.0.1:9/" + strings.Repeat("\U0001F469\u200d\U0001F4BB", 8)
	got := string(breakURL(u))
	if strings.Contains(got, "\u200d"+wrapHere) || strings.Contains(got, wrapHere+"\u200d") {
		t.Errorf("breakURL split a joined emoji: %q", got)
	}
}

// TestStoredDescriptionControlsShowVisibly: a description stored before
// the API refused control characters shows them as control pictures in
// the endpoint's label and wherever plainText writes it, never raw.
func TestStoredDescriptionControlsShowVisibly(t *testing.T) {
	e := store.Endpoint{URL: "http://127.0.0.1:9/hooks", Description: "bill\u0007ing \u001b[31m \u202eeman\u0085\u007f"}
	for _, got := range []string{endpointLabel(e), string(endpointLabelHTML(e)), visibleText(e.Description)} {
		if strings.ContainsFunc(got, func(c rune) bool { return unicode.Is(unicode.Cc, c) || c == '\u202e' }) ||
			!strings.Contains(got, "bill␇ing ␛[31m") {
			t.Errorf("shown as %q; want its controls as ␇ and ␛, no raw control character", got)
		}
	}
	if got := visibleText("Team 👩\u200d💻\tबिल"); got != "Team 👩\u200d💻\tबिल" {
		t.Errorf("visibleText changed plain text: %q", got)
	}
}

// A description or URL shortened for a table, a select or a heading is cut
// between the characters a reader sees, never inside one: a family emoji
// (four people joined by U+200D) cut after its second person read as two
// women, a flag (a pair of regional indicators) cut in half as a boxed
// letter, and a Hindi conjunct cut after its virama as a half letter.
func TestClippingKeepsCharactersWhole(t *testing.T) {
	const family, flag, kshatriya = "👩\u200d👩\u200d👧\u200d👦", "🇮🇳", "क्ष"
	x := strings.Repeat("x", 37)
	for _, c := range []struct{ in, want string }{
		{x + "y" + family + "tail", x + "y…"},
		{x + family + "tail", x + "…"},
		{strings.Repeat(flag, 30), strings.Repeat(flag, 19) + "…"},
		{"x" + strings.Repeat(flag, 30), "x" + strings.Repeat(flag, 19) + "…"},
		{x + kshatriya + "त्रिय", x + "…"},
		{x + "e\u0301\u0301tail", x + "…"},
		{x + "☎\ufe0f" + "tail", x + "☎\ufe0f…"},
	} {
		if got := clipText(c.in, 40); got != c.want {
			t.Errorf("clipText(%q, 40) = %q, want %q", c.in, got, c.want)
		}
	}
	e := store.Endpoint{URL: "https://example.com/hook", Description: "Ops team " + strings.Repeat(family, 8)}
	if got := endpointLabel(e); !strings.HasPrefix(got, "\u2068Ops team "+strings.Repeat(family, 4)+"…\u2069") {
		t.Errorf("endpointLabel with emoji = %q", got)
	}
	// A URL's head and tail around the ellipsis keep their emoji whole.
	coder := "👩\u200d💻"
	for _, u := range []string{"https://example.com/" + strings.Repeat(coder, 80), "https://example.com/a" + strings.Repeat(coder, 80) + "b/" + strings.Repeat(flag, 40) + "c"} {
		for _, got := range []string{shortURL(u), longURL(u)} {
			head, tail, ok := strings.Cut(got, "…")
			_, path, _ := strings.Cut(head, "example.com/")
			for _, part := range []string{path, tail} {
				if rest := strings.NewReplacer(coder, "", flag, "", "a", "", "b/", "", "c", "", "/", "").Replace(part); !ok || rest != "" {
					t.Errorf("%q shortened to %q: %q is not whole characters", u, got, part)
				}
			}
		}
	}
}
