package dashboard

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/bidi"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/plural"
	"github.com/esahayak/esahayak/internal/store"
)

// view is what every page template gets.
type view struct {
	Title   string
	Nav     string // the active navigation item
	Session *session
	Notice  string
	Error   string
	Static  string // cache-busting version of the static files
	Data    any
	// Canonical is the GET address of a page rendered as the answer to a
	// form post (a revealed or rotated secret, a new API key, a refused
	// form). The script puts it in the address bar, so that reloading
	// shows the page instead of posting again (rotating the secret, or
	// making a key, a second time). Monitoring opened without an
	// endpoint names the one it shows in it, so that its refreshes keep it.
	Canonical string
	// Back is where an error page leads instead of the overview: the page
	// of a form refused as it was sent (too large, or with an expired
	// token), where it can be made again.
	Back string
	// Link and LinkText are where an error page leads besides the
	// overview: the page its message says to go to.
	Link, LinkText string
}

// Once is a new token for a form that must act only once (onceForms).
func (v *view) Once() string { return onceToken() }

// CSRF is the token every form of the page carries.
func (v *view) CSRF() string {
	if v.Session == nil {
		return ""
	}
	return v.Session.CSRFToken
}

type pageTemplate struct{ t *template.Template }

// parseTemplates parses each page with the layout and the shared partials.
func parseTemplates() (map[string]*pageTemplate, error) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*pageTemplate{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", f)
		if err != nil {
			return nil, fmt.Errorf("dashboard template %s: %w", name, err)
		}
		out[name] = &pageTemplate{t: t}
	}
	return out, nil
}

// partials renders fragments (a table row, a capture) for live updates.
func (d *Dashboard) fragment(name string, data any) (string, error) {
	var buf bytes.Buffer
	if err := d.pages["overview"].t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func (d *Dashboard) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	p, ok := d.pages[name]
	if !ok {
		panic("dashboard: no template " + name)
	}
	v.Static = d.staticVersion
	var buf bytes.Buffer
	if err := p.t.ExecuteTemplate(&buf, "layout", v); err != nil {
		d.log.Error("render dashboard page", "page", name, "err", err)
		http.Error(w, "The page could not be rendered; the error has been logged.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// Said up front, as the API's answers say it: a page answered before
	// the request's body was read (a form refused as too large) is sent
	// at once while the server goes on reading that body for a moment, so
	// that a client still sending can read it; chunked, its last chunk
	// came only when that read gave up, and the browser or curl waited
	// half a second for a page it had whole.
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// msgDatabaseUnavailable is the page's 503: the database did not answer,
// or could not serve the request (a table gone, privileges revoked: the
// log says which).
const msgDatabaseUnavailable = "The database cannot serve this just now. Try again in a moment; if it goes on, the server's log says why."

// renderError answers err as a page (or as JSON to a script).
func (d *Dashboard) renderError(w http.ResponseWriter, r *http.Request, s *session, err error) {
	var he *httpError
	var ae *apiError
	status, msg := http.StatusInternalServerError, "Something went wrong on our side; it has been logged. Please try again."
	switch {
	case errors.As(err, &he):
		status, msg = he.status, he.msg
	case errors.As(err, &ae):
		status, msg = ae.Status, ae.Message
		if status == http.StatusNotFound {
			msg = errNotFound.msg
		}
		if status == http.StatusServiceUnavailable {
			// The API's 503 (the database), in the page's words.
			msg = msgDatabaseUnavailable
			w.Header().Set("Retry-After", "5")
		}
	case isNotFound(err):
		status, msg = http.StatusNotFound, errNotFound.msg
	case errors.Is(err, r.Context().Err()) && r.Context().Err() != nil:
		return // the browser went away
	case d.st.Unavailable(err) || errors.Is(err, context.DeadlineExceeded):
		// The database, not a bug: the API's 503, in the page's words.
		if ok, withheld := d.unavailableLogs.Allow(d.cfg.Now()); ok {
			d.log.Warn(msgUnavailableLogged, "method", r.Method, "path", r.URL.Path, "err", err,
				"also_failed_since_last_warning", withheld)
		}
		status, msg = http.StatusServiceUnavailable, msgDatabaseUnavailable
		w.Header().Set("Retry-After", "5")
	default:
		d.log.Error("dashboard request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if wantsJSON(r) {
		writeJSON(w, status, asyncResult{Message: msg})
		return
	}
	title := http.StatusText(status)
	if status == http.StatusNotFound {
		title = "Not found"
	}
	v := &view{Title: title, Session: s, Error: msg}
	var le *linkedError
	if s != nil && errors.As(err, &le) {
		v.Link, v.LinkText = le.href, le.text
	}
	if s != nil && r.Method == http.MethodPost && (status == http.StatusRequestEntityTooLarge || status == http.StatusUnsupportedMediaType || errors.Is(err, errCSRF)) {
		v.Back = returnPage(r)
		if errors.Is(err, errCSRF) {
			v.Error = msgCSRFPage
		}
	}
	d.render(w, r, status, "error", v)
}

// msgUnavailableLogged is the message of the dashboard's outage lines:
// the warning, the recovery and the count at the stop.
const msgUnavailableLogged = "dashboard request failed: database unavailable"

// databaseAnswered is told that a signed-in page or action succeeded, and
// the database with it. Once an interval has passed since the last
// outage line, the failures held back since that line are logged
// (recovered=true): they would otherwise wait for the next outage's first
// line, and an outage that ended within its interval logged one failed
// page where there were hundreds. Outside an outage it takes no lock.
func (d *Dashboard) databaseAnswered() {
	if ok, withheld := d.unavailableLogs.Settled(d.cfg.Now()); ok {
		d.log.Info(msgUnavailableLogged, "recovered", true, "also_failed_since_last_warning", withheld)
	}
}

// FlushLogs logs the requests the outage warning held back since its
// last line (stopping=true): no later line would count them. Call it as
// the server stops, once http.Server.Shutdown has returned. A nil
// Dashboard (none mounted) has nothing to log.
func (d *Dashboard) FlushLogs() {
	if d == nil {
		return
	}
	if n := d.unavailableLogs.Flush(); n > 0 {
		d.log.Warn(msgUnavailableLogged, "stopping", true, "also_failed_since_last_warning", n)
	}
}

// asyncResult answers a form posted by the page's script.
type asyncResult struct {
	OK         bool   `json:"ok"`
	Message    string `json:"message"`
	DeliveryID string `json:"delivery_id,omitempty"`
}

func wantsJSON(r *http.Request) bool { return r.Header.Get("Accept") == "application/json" }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b))) // see render
	w.WriteHeader(status)
	w.Write(b)
}

// redirect sends the browser to path with a notice code (see notices).
func redirect(w http.ResponseWriter, r *http.Request, to, notice string, extra ...string) {
	u, _ := url.Parse(to)
	q := u.Query()
	if notice != "" {
		q.Set("notice", notice)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

// notices are the messages a redirect can ask a page to show: codes, not
// text, so that a link cannot make the dashboard say anything else.
var notices = map[string]string{
	"webhook_saved":             "Webhook saved. It receives every event type you selected, signed with its own secret.",
	"endpoint_updated":          "Endpoint updated.",
	"endpoint_enabled":          "Endpoint enabled. Deliveries that were waiting are on their way.",
	"endpoint_disabled":         "Endpoint disabled. Its waiting deliveries are held until you enable it again; events from now on are not sent to it.",
	"endpoint_deleted":          "Endpoint deleted.",
	"test_sent":                 "Test event sent. It appears in the deliveries below.",
	"resent":                    "Delivery queued to be sent again now.",
	"recovered":                 "Failed deliveries queued to be sent again.",
	"key_revoked":               "API key revoked. Requests with it are refused from now on.",
	"key_revoked_already":       "This API key was revoked already, by an earlier click or elsewhere (another tab, another user of the account): requests with it are refused. The list below is as it is now.",
	"inspector_created":         "Inspector created. Send requests to its URL and watch them arrive here.",
	"inspector_deleted":         "Inspector deleted, with the endpoints that pointed at its URL.",
	"inspector_verify":          "Signatures are now checked against the chosen endpoint.",
	"inspector_verify_none":     "Signatures are no longer checked: no endpoint is chosen.",
	"inspector_endpoint":        "Endpoint created for this inspector URL; its signatures are checked here.",
	"inspector_endpoint_exists": "An endpoint for this inspector URL already exists; its signatures are checked here.",
}

// noticeFrom is the notice the address asks for, shown only when the page
// was reached from the dashboard itself: the redirect after its own form
// (Sec-Fetch-Site: same-origin). A link from an email or another site
// (none, cross-site, same-site) could otherwise show "Test event sent." for
// a send that never happened. Without the header (an old browser, curl)
// it is shown, as before.
func noticeFrom(r *http.Request) string {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return ""
	}
	q := r.URL.Query()
	if q.Get("notice") == "recovered" {
		if n := futureNotice(q.Get("n"), q.Get("future")); n != "" {
			return n
		}
		return recoveredNotice(q.Get("n")) + missedNotice(q.Get("m"), q.Get("rest"))
	}
	return notices[q.Get("notice")]
}

// maxRecoveredNotice bounds the count a "recovered" notice repeats: the
// count comes from the address, so a link could ask for any number, and
// the page must not say more than a recovery can have done.
const maxRecoveredNotice = 10_000_000

// recoveredNotice words the count of a recovery. A count that is not one
// a recovery can answer (negative, too large, not a number) falls back to
// the message without a count.
func recoveredNotice(n string) string {
	v, err := strconv.Atoi(n)
	switch {
	case n == "" || err != nil || v < 0 || v > maxRecoveredNotice:
		return notices["recovered"]
	case v == 0:
		return "No failed deliveries matched, so none were queued to be sent again."
	case v == 1:
		return "1 failed delivery queued to be sent again."
	default:
		return fmt.Sprintf("%d failed deliveries queued to be sent again.", v)
	}
}

// futureNotice words a recovery that found nothing because its time
// (future=, an RFC 3339 time) is in the future; "" otherwise. The time is
// read as a time and written anew, so a link cannot make it say more.
func futureNotice(n, future string) string {
	t, err := time.Parse(time.RFC3339, future)
	if n != "0" || err != nil {
		return ""
	}
	return "Nothing was sent again: " + t.UTC().Format(timeLayout) +
		" UTC is in the future, and a recovery sends only what was created at or after the time given."
}

// missedNotice words the count of events a recovery sent that the endpoint
// had no delivery of (m=, present only when the box was ticked), after
// recoveredNotice's sentence; "" when there is no such count. rest, when
// an RFC 3339 time, is where the recovery stopped with events left (the
// API's next_since): the notice then says to recover again from it. It
// is read as a time and written anew, so a link cannot make it say more.
func missedNotice(m, rest string) string {
	v, err := strconv.Atoi(m)
	if m == "" || err != nil || v < 0 || v > maxRecoveredNotice {
		return ""
	}
	var sentence string
	switch {
	case v == 0 && rest != "":
		sentence = " It had a delivery of every event looked at so far"
	case v == 0:
		sentence = " It had a delivery of every event since then of the types it takes"
	case v == 1:
		sentence = " 1 event it had no delivery of is on its way"
	default:
		sentence = fmt.Sprintf(" %d events it had no delivery of are on their way", v)
	}
	if next, err := time.Parse(time.RFC3339, rest); err == nil {
		return sentence + "; more remain: recover again from " + next.UTC().Format(timeLayout) + " UTC with the box ticked."
	}
	return sentence + "."
}

const timeLayout = "2006-01-02 15:04:05"

var funcs = template.FuncMap{
	// millis words a response time as the charts do: "850 ms", "3 s".
	"millis": durationText,
	"time": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return "—"
			}
			return v.UTC().Format(timeLayout)
		case *time.Time:
			if v == nil || v.IsZero() {
				return "—"
			}
			return v.UTC().Format(timeLayout)
		}
		return "—"
	},
	// minute words a time known to the minute only (an API key's last
	// use is written at most once a minute).
	"minute": func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"isotime": func(t time.Time) string { return order.FormatTime(t) },
	// sentence starts s with a capital: a disabled_reason ("disabled by
	// the account") as the banner's first words.
	"sentence": func(s string) string {
		if s == "" || s[0] < 'a' || s[0] > 'z' {
			return s
		}
		return string(s[0]-'a'+'A') + s[1:]
	},
	"ago": ago,
	// secretVersion names a signing secret without showing it (the first
	// 12 hex digits of its SHA-256), for a page to tell whether the secret
	// it shows is still the current one.
	"secretVersion": func(secret string) string {
		sum := sha256.Sum256([]byte(secret))
		return hex.EncodeToString(sum[:6])
	},
	"ms": func(d time.Duration) string {
		return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " ms"
	},
	"successPct": successPct,
	"errorPct":   errorPct,
	"join":       strings.Join,
	"has": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
	"eventTypes":        func() []string { return order.EventTypes },
	"deliveryStatuses":  func() []string { return deliveryStatuses },
	"orderStatuses":     func() []string { return order.Statuses },
	"pretty":            prettyJSON,
	"shown":             escapeBidiInJSON,
	"short":             shortURL,
	"endpointLabel":     endpointLabel,
	"endpointLabelHTML": endpointLabelHTML,
	"breakURL":          breakURL,
	"isolatedURL":       isolatedURL,
	"isolatedText":      isolatedText,
	"ltrText":           ltrText,
	"longURL":           longURL,
	"clipText":          clipText,
	"visibleURL":        visibleURL,
	"shortURL":          shortURL,
	"plainText":         visibleText,
	"rupees": func(n int64) string {
		s := strconv.FormatInt(n, 10)
		// Indian digit grouping: 1,00,000.
		if len(s) > 3 {
			head, tail := s[:len(s)-3], s[len(s)-3:]
			var parts []string
			for len(head) > 2 {
				parts = append([]string{head[len(head)-2:]}, parts...)
				head = head[:len(head)-2]
			}
			if head != "" {
				parts = append([]string{head}, parts...)
			}
			s = strings.Join(parts, ",") + "," + tail
		}
		return "₹" + s
	},
	"lower": strings.ToLower,
	"add":   func(a, b int) int { return a + b },
	"statusText": func(code int) string {
		if code == 0 {
			return ""
		}
		return http.StatusText(code)
	},
	"hasPrefix": strings.HasPrefix,
	"plural":    plural.Count,
	"kib":       func(n int) string { return strconv.Itoa(n>>10) + " KiB" },
	"hours":     inHours,
}

// inHours says a whole number of hours as "24 hours" or "1 hour", anything
// else as Go spells it.
func inHours(d time.Duration) string {
	if d%time.Hour == 0 {
		return plural.Count(int(d/time.Hour), "hour", "hours")
	}
	return d.String()
}

// inDays is d in days when it is whole days ("7 days"), else in hours.
func inDays(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return plural.Count(int(d/(24*time.Hour)), "day", "days")
	}
	return inHours(d)
}

var deliveryStatuses = []string{store.DeliveryPending, store.DeliveryRetrying, store.DeliverySucceeded, store.DeliveryFailed}

func ago(t time.Time) string {
	d := time.Since(t)
	switch {
	case d < 0:
		return "in " + roughDuration(-d)
	case d < 5*time.Second:
		return "just now"
	default:
		return roughDuration(d) + " ago"
	}
}

func roughDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	default:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	}
}

// prettyJSON indents b when it is JSON, and returns it as text otherwise.
// A body whose indented form would pass maxIndented is shown as it came:
// indentation grows with the square of the nesting, and 20 KB of "[" made
// a 200 MB page (a captured body is anyone's to send).
func prettyJSON(b []byte) string {
	if indentedSize(b, 2) > maxIndented(len(b)) || !json.Valid(b) {
		return escapeBidiInJSON(string(b))
	}
	var out bytes.Buffer
	if json.Indent(&out, b, "", "  ") == nil {
		return escapeBidiInJSON(out.String())
	}
	return escapeBidiInJSON(string(b))
}

// escapeBidiInJSON writes the bidi controls of a body as the escapes that
// mean the same in JSON (\u202e): shown, not obeyed. In valid JSON they
// can only be inside strings, where the escape is the same string; a
// U+202E in an error message drew the rest of the payload reversed. A
// body that is not JSON (a receiver's answer, a capture) is text shown,
// and the escape shows it as well.
func escapeBidiInJSON(s string) string {
	if !strings.ContainsFunc(s, api.IsBidiControl) {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if api.IsBidiControl(c) {
			fmt.Fprintf(&b, "\\u%04x", c)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// maxIndented is the most an indented body of n bytes may come to.
func maxIndented(n int) int { return 4*n + 16<<10 }

// indentedSize is about the size json.Indent gives b with an indent of
// width bytes per level (a new line and the level's indent before each
// element and each closing bracket, a space after each colon; an empty
// array or object counts as if it had an element), counted without
// building it.
func indentedSize(b []byte, width int) int {
	size, depth := len(b), 0
	inString, escaped := false, false
	for _, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
			size += 1 + depth*width
		case ',':
			size += 1 + depth*width
		case ':':
			size++ // the space after it
		case '}', ']':
			if depth > 0 {
				depth--
			}
			size += 1 + depth*width
		}
	}
	return size
}

// shortURLRunes is the longest a shortened endpoint URL gets, in
// characters (runes: a cut never splits a UTF-8 sequence).
const shortURLRunes = 60

// shortURL drops the scheme of an endpoint URL for tables and selects,
// and shortens a long one in the middle: it keeps the host and the end
// of the path, where URLs of one receiver differ (two Slack-style hook
// URLs share everything but their last segment).
func shortURL(u string) string {
	return clipURL(strings.TrimPrefix(strings.TrimPrefix(visibleURL(u), "https://"), "http://"), shortURLRunes)
}

// longURLRunes is the longest an endpoint URL gets where it is the
// subject (the endpoint page's heading, the settings page's list): most
// URLs whole, but not the 2,048 characters the API allows, which pushed
// every control off the screen.
const longURLRunes = 200

// longURL is u as shown where it is the subject: scheme and all, shortened
// in the middle past longURLRunes. The edit form holds it whole.
func longURL(u string) string { return clipURL(visibleURL(u), longURLRunes) }

// clipText is s cut to n characters with an ellipsis, for descriptions
// shown beside a URL (the API allows 500 characters).
func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:cutBefore(r, n-1)])) + "…"
	}
	return s
}

// cutBefore is where to cut r to keep at most k runes: k, or the last
// place before it that does not split what is drawn as one character (an
// emoji sequence joined by U+200D, a flag's pair of regional indicators,
// a letter and its combining marks or variation selector, an Indic
// conjunct): cut at k, "👩‍👩‍👧‍👦" became "👩‍👩", two women instead
// of a family, and "🇮🇳" a boxed "I". When all of r[:k] is one such
// character, k.
func cutBefore(r []rune, k int) int {
	for i := k; i > 0; i-- {
		if i >= len(r) || breakBefore(r, i) {
			return i
		}
	}
	return k
}

// cutAfter is cutBefore for the start of a tail: from, or the first place
// after it that does not split a character; len(r) when none does.
func cutAfter(r []rune, from int) int {
	for i := from; i < len(r); i++ {
		if i == 0 || breakBefore(r, i) {
			return i
		}
	}
	return len(r)
}

// breakBefore reports whether r may be cut between r[i-1] and r[i]
// (0 < i < len(r)): a simplified form of Unicode's grapheme cluster
// boundaries (UAX #29), enough for the scripts and emoji people write.
func breakBefore(r []rune, i int) bool {
	prev, c := r[i-1], r[i]
	switch {
	case unicode.Is(unicode.M, c), c == '\u200c', c == '\u200d',
		c >= 0xfe00 && c <= 0xfe0f, c >= 0xe0100 && c <= 0xe01ef, // variation selectors
		c >= 0x1f3fb && c <= 0x1f3ff, // skin tones
		c >= 0xe0020 && c <= 0xe007f: // tags (the flags of England, Scotland, Wales)
		return false
	case prev == '\u200d':
		return false
	case isVirama(prev) && unicode.IsLetter(c):
		return false // an Indic conjunct: क्ष
	case isRegionalIndicator(prev) && isRegionalIndicator(c):
		n := 0
		for j := i - 1; j >= 0 && isRegionalIndicator(r[j]); j-- {
			n++
		}
		return n%2 == 0 // flags are pairs
	}
	return true
}

func isRegionalIndicator(c rune) bool { return c >= 0x1f1e6 && c <= 0x1f1ff }

// isVirama reports the viramas of the Indic scripts of India, which join
// the consonants on either side into one conjunct.
func isVirama(c rune) bool {
	switch c {
	case '\u094d', '\u09cd', '\u0a4d', '\u0acd', '\u0b4d', '\u0bcd', '\u0c4d', '\u0ccd', '\u0d4d':
		return true
	}
	return false
}

// clipURL shortens u (already visible) in the middle to at most n runes,
// keeping the host and the end of the path.
func clipURL(u string, n int) string {
	r := []rune(u)
	if len(r) <= n {
		return u
	}
	keep := n - 1 // the rest is the ellipsis
	host := len(r)
	rest := u
	if i := strings.Index(u, "://"); i >= 0 && !strings.ContainsAny(u[:i], "/?#") {
		rest = u[i+3:] // a scheme, not a URL in the query
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = utf8.RuneCountInString(u[:len(u)-len(rest)+i])
	}
	// The head holds the host (and the start of the path after it), but
	// leaves the tail at least a third.
	head := max(host, keep/2)
	head = min(head, keep-keep/3)
	return string(r[:cutBefore(r, head)]) + "…" + string(r[cutAfter(r, len(r)-(keep-head)):])
}

// visibleURL is u with its invisible characters (formatting and control
// characters, bidi controls among them) and its bytes that are not UTF-8
// percent-encoded: the same address, shown as it is. The API refuses them
// in new URLs; older ones may have them, and a captured request's path
// and query (taken as sent) may have any: written raw, a U+202E drew the
// path, and the verdict beside it, reversed, and a byte that is not UTF-8
// was shown as U+FFFD, another address. A host that is not ASCII is shown
// in the ASCII form it is looked up and sent in Host (asciiHostURL).
func visibleURL(u string) string {
	return asciiHostURL(invisibleEscaped(u))
}

// asciiHostURL is u with a host that is not ASCII in its ASCII form (UTS
// #46, as clients map it: xn--pple-43d.com for "аpple.com" with a Cyrillic
// а, example.com for full-width letters). Shown as written, such a host
// can pass for another: whoever can change an endpoint (an API key is
// enough) could point it at a lookalike of the customer's own host, which
// then received every event, signed, under a name that read as theirs on
// every page. A host that does not map is left as written.
func asciiHostURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok || scheme == "" || strings.ContainsAny(scheme, "/?#") {
		return u
	}
	end := len(rest)
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		end = i
	}
	authority := rest[:end]
	at := strings.LastIndexByte(authority, '@') + 1
	hostPort := authority[at:]
	host, port := hostPort, ""
	if i := strings.LastIndexByte(hostPort, ':'); i >= 0 && !strings.HasSuffix(hostPort, "]") {
		host, port = hostPort[:i], hostPort[i:]
	}
	if isASCII(host) {
		return u
	}
	a, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return u
	}
	return scheme + "://" + authority[:at] + a + port + rest[end:]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// invisibleEscaped is u with its invisible characters and its bytes that
// are not UTF-8 percent-encoded (visibleURL).
func invisibleEscaped(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); {
		c, size, hidden := api.InvisibleAt(u, i)
		notUTF8 := c == utf8.RuneError && size == 1
		if (hidden || notUTF8) && b.Len() == 0 {
			b.WriteString(u[:i])
		}
		switch {
		case notUTF8:
			fmt.Fprintf(&b, "%%%02X", u[i])
		case hidden:
			b.WriteString(url.PathEscape(string(c)))
		case b.Len() > 0:
			b.WriteString(u[i : i+size])
		}
		i += size
	}
	if b.Len() == 0 {
		return u
	}
	return b.String()
}

// withoutBidiControls is s without the characters api.IsBidiControl names, for
// free text shown among the page's own words: a description beside a URL,
// a header value, an attempt's error text (which an `esahayak listen`
// result lets the customer write).
func withoutBidiControls(s string) string {
	if !strings.ContainsFunc(s, api.IsBidiControl) {
		return s
	}
	return strings.Map(func(c rune) rune {
		if api.IsBidiControl(c) {
			return -1
		}
		return c
	}, s)
}

// visibleText is free text a customer wrote (a description stored before
// the API refused control characters in it, a header value, an error
// text) as the page shows it: without bidi controls, and with each other
// control character shown, not hidden: a C0 control as its Unicode
// control picture (U+0007 as ␇, ESC as ␛), DEL as ␡, a C1 control as �.
// Tabs and line breaks stay: HTML shows them as spaces.
func visibleText(s string) string {
	s = withoutBidiControls(s)
	hidden := func(c rune) bool { return unicode.Is(unicode.Cc, c) && c != '\t' && c != '\n' && c != '\r' }
	if !strings.ContainsFunc(s, hidden) {
		return s
	}
	return strings.Map(func(c rune) rune {
		switch {
		case !hidden(c):
			return c
		case c < 0x20:
			return 0x2400 + c
		case c == 0x7f:
			return '\u2421'
		}
		return '\ufffd'
	}, s)
}

// urlRunRunes is the longest run of characters breakURL leaves without a
// place to wrap.
const urlRunRunes = 20

// wrapHere is a place a URL may wrap. Hidden from screen readers:
// Chromium names a link or heading holding a bare <wbr> with a space
// there, so "127.0.0.1:9/hooks/ok" was read "127.0.0.1:9/ hooks/ ok",
// and an id past urlRunRunes characters as two words.
const wrapHere = `<wbr aria-hidden="true">`

// breakURL marks where a URL, or a label holding one, may wrap: after
// each "/" (not inside "//"), "?" and "&", and every urlRunRunes
// characters of a longer run. A narrow table column then wraps
// "127.0.0.1:44010/hooks/ok" after "hooks/", not inside "ok"; the
// stylesheet lets a column be as narrow as the longest run.
//
// A segment of the URL (a run between "/", "?", "#", "&" and "=") that
// holds a right-to-left letter is put in a <bdi>: in the page's
// left-to-right line, two such segments with a "/" between them ran
// together as one right-to-left run and were drawn in reverse order
// (".../hooks/שלום/עולם/1" read ".../hooks/1/עולם/שלום"), another
// address. Isolated, the URL reads left to right, segment by segment, and
// each segment in its own direction.
func breakURL(s string) template.HTML {
	var b strings.Builder
	r := []rune(s)
	run := 0
	isolated := rtlSegments(r)
	closeAt := -1
	for i, c := range r {
		if i == closeAt {
			b.WriteString("</bdi>")
		}
		if end, ok := isolated[i]; ok {
			b.WriteString("<bdi>")
			closeAt = end
		}
		if api.IsBidiControl(c) {
			// Shown, not obeyed (see visibleURL); labels have none left.
			b.WriteString(url.PathEscape(string(c)))
			run += 9
			continue
		}
		b.WriteString(template.HTMLEscapeString(string(c)))
		run++
		next := rune(0)
		if i+1 < len(r) {
			next = r[i+1]
		}
		switch {
		case next == 0:
		case unicode.IsSpace(c) || unicode.IsSpace(next):
			run = 0
		case c == '\u200d' || next == '\u200d' || unicode.Is(unicode.M, next):
			// Never inside a joined emoji or before a combining mark.
		case (c == '/' && next != '/') || c == '?' || c == '&' || run >= urlRunRunes:
			b.WriteString(wrapHere)
			run = 0
		}
	}
	if closeAt == len(r) {
		b.WriteString("</bdi>")
	}
	return template.HTML(b.String())
}

// isolatedURL is a URL (already visible: visibleURL) as HTML, each of its
// segments that holds a right-to-left letter in a <bdi>, as breakURL puts
// them, without the places to wrap: for a captured request's path, whose
// box wraps anywhere.
func isolatedURL(s string) template.HTML {
	r := []rune(s)
	isolated := rtlSegments(r)
	if isolated == nil {
		return template.HTML(template.HTMLEscapeString(s))
	}
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		end, ok := isolated[i]
		if !ok {
			b.WriteString(template.HTMLEscapeString(string(r[i])))
			continue
		}
		b.WriteString("<bdi>" + template.HTMLEscapeString(string(r[i:end])) + "</bdi>")
		i = end - 1
	}
	return template.HTML(b.String())
}

// isolatedText is isolatedURL for plain text, where there is no <bdi>:
// a title attribute (a tooltip), an <option>, a confirm() dialog, the
// tab's title, a message. Each segment that holds a right-to-left letter
// is put between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL
// ISOLATE, which the bidirectional algorithm treats as <bdi>: there too
// ".../hooks/שלום/עולם/1" read ".../hooks/1/עולם/שלום". Only for text
// that is read, never for a value that is copied or sent (an input's,
// a Copy button's): the API refuses a URL with them. s is visible
// already (visibleURL), so these are the only isolates in it.
func isolatedText(s string) string {
	r := []rune(s)
	isolated := rtlSegments(r)
	if isolated == nil {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		end, ok := isolated[i]
		if !ok {
			b.WriteRune(r[i])
			continue
		}
		b.WriteString("\u2068" + string(r[i:end]) + "\u2069")
		i = end - 1
	}
	return b.String()
}

// ltrText puts s, a URL shown inside plain text (a confirm() dialog's
// question), between U+2066 LEFT-TO-RIGHT ISOLATE and U+2069 POP
// DIRECTIONAL ISOLATE, as the pages' markup puts one in <bdi dir="ltr">:
// a URL reads left to right whatever the direction of the words around it
// (a page translated into Hebrew or Arabic, a right-to-left system
// dialog), which otherwise moved its host after its path. Only for text
// that is read, never for a value that is copied or sent.
func ltrText(s string) string { return "\u2066" + s + "\u2069" }

// rtlSegments maps the start of each segment of the URL r (a run between
// "/", "?", "#", "&" and "=") that holds a right-to-left letter (bidi
// class R or AL) to its end (breakURL).
func rtlSegments(r []rune) map[int]int {
	var segs map[int]int
	start, rtl := 0, false
	for i := 0; i <= len(r); i++ {
		if i == len(r) || strings.ContainsRune("/?#&=", r[i]) {
			if rtl {
				if segs == nil {
					segs = map[int]int{}
				}
				segs[start] = i
			}
			start, rtl = i+1, false
			continue
		}
		if p, _ := bidi.LookupRune(r[i]); p.Class() == bidi.R || p.Class() == bidi.AL {
			rtl = true
		}
	}
	return segs
}

// maxLabelDescription is how much of an endpoint's description its label
// shows, in characters.
const maxLabelDescription = 40

// endpointLabel names an endpoint in a select: its description, when it
// has one, before its short URL, so that endpoints with like URLs can be
// told apart. The description is isolated (U+2068 … U+2069): a
// right-to-left one ran into the URL beside it, which then read
// "127.0.0.1:3000 — חשבונות/hooks"; so are the URL's right-to-left
// segments (isolatedText).
func endpointLabel(e store.Endpoint) string {
	desc, short := labelParts(e)
	if desc == "" {
		return isolatedText(short)
	}
	return "\u2068" + desc + "\u2069 — " + isolatedText(short)
}

// endpointLabelHTML is endpointLabel for a table or a link: the
// description in a <bdi>, the URL with its break opportunities.
func endpointLabelHTML(e store.Endpoint) template.HTML {
	desc, short := labelParts(e)
	if desc == "" {
		return breakURL(short)
	}
	return "<bdi>" + breakURL(desc) + "</bdi> — " + breakURL(short)
}

// labelParts is an endpoint's label: its description on one line, without
// bidi controls, cut to maxLabelDescription characters, and its short URL.
func labelParts(e store.Endpoint) (desc, short string) {
	desc = strings.Join(strings.Fields(visibleText(e.Description)), " ")
	desc = clipText(desc, maxLabelDescription)
	return desc, shortURL(e.URL)
}

// deliveryRow is one row of a deliveries table.
type deliveryRow struct {
	store.Delivery
	Endpoint store.Endpoint // zero when deleted or a listen session
}

// When is the time of the row's last attempt; nil when it has had none
// (the row says so rather than showing its creation as an attempt).
func (r deliveryRow) When() *time.Time { return r.LastAttemptAt }

// EndpointGone says what the row's endpoint is when it is not one of the
// account's (Endpoint is zero), as a delivery's page says it.
func (r deliveryRow) EndpointGone() string { return endpointGone(r.EndpointID) }

// deliveriesTable is a deliveries table and what its live updates need:
// whether new deliveries go in (the newest page only) and which.
type deliveriesTable struct {
	Rows                          []deliveryRow
	Insert                        bool
	Status, Type, Endpoint, Event string
	Limit                         int
	Empty                         string
	// FirstPage, when set, is the link of the list's first page, shown
	// with Empty: the table is a page past the last (a bookmark whose
	// rows were pruned, an address made by hand), not an empty list.
	FirstPage template.URL
}

func newDeliveriesTable(ds []store.Delivery, byID map[string]store.Endpoint, empty string) deliveriesTable {
	t := deliveriesTable{Insert: true, Limit: len(ds), Empty: empty}
	for _, d := range ds {
		t.Rows = append(t.Rows, deliveryRow{Delivery: d, Endpoint: byID[d.EndpointID]})
	}
	return t
}

func itoa(n int) string { return strconv.Itoa(n) }

// successPct and errorPct show an endpoint's or an account's rates to one
// decimal, from the counts: the success rate rounded half up once, and
// the error rate 100 minus it, so that the two add up to 100.0 and neither
// is more than 0.05 off. Rounding the API's hundredths again (half to
// even, to keep that sum) read 32 successes of 152 attempts (21.05…%)
// as 21.0%.
func successPct(succeeded, attempts int) string { return tenthsPct(successTenths(succeeded, attempts)) }

func errorPct(succeeded, attempts int) string {
	return tenthsPct(1000 - successTenths(succeeded, attempts))
}

// successTenths is succeeded/attempts in tenths of a percent, half up.
func successTenths(succeeded, attempts int) int64 {
	if attempts <= 0 {
		return 0
	}
	return (2000*int64(succeeded) + int64(attempts)) / (2 * int64(attempts))
}

func tenthsPct(t int64) string {
	return strconv.FormatFloat(float64(t)/10, 'f', 1, 64) + "%"
}
