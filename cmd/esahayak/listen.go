package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/suggest"
	"github.com/esahayak/esahayak/webhook"
)

const listenUsage = "listen --forward-to URL [--events TYPE,…] [--api-base URL] [--api-key KEY]"

// runListen receives the account's events over one outgoing connection and
// forwards them, signed, to a local URL (see package relay).
func runListen(ctx context.Context, args []string) error {
	f := newFlags("listen", listenUsage)
	f.refuseRepeats = true
	forward := f.str("forward-to", "", "local URL to POST every event to, e.g. http://localhost:3000/webhooks/esahayak")
	events := f.str("events", "", "comma-separated event types to receive (default: all of "+strings.Join(webhook.EventTypes, ", ")+")")
	base := f.str("api-base", defaultAPIBase, "the esahayak server's URL")
	key := f.raw("api-key", "", "your account's API key (esk_…)")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		if isHelpWord(f.Arg(0)) {
			// As `serve help` is answered: the usage line alone did not
			// say where the flags' list and their variables are.
			return usageError{msg: fmt.Sprintf("listen takes no arguments (got %q); for its flags, run 'esahayak listen -h'", f.Arg(0))}
		}
		return usageError{msg: fmt.Sprintf("listen takes no arguments (got %q); usage: esahayak %s", f.Arg(0), listenUsage)}
	}
	if *forward == "" {
		return usageError{msg: "listen needs --forward-to, your handler's URL, e.g. --forward-to http://localhost:3000/webhooks/esahayak"}
	}
	if inQuotes(*forward) {
		return usageError{msg: quotedMistake("--forward-to")}
	}
	to, added := forwardURL(*forward)
	// As typed, without a password (the handler's, kept to itself): also
	// in what does not parse as a URL ("http:/user:pw@host/x").
	shown := userinfo.ReplaceAllString(egress.WithoutCredentials(to), "")
	if added != "" {
		shown = strings.TrimPrefix(shown, added)
	}
	if strings.TrimSpace(*forward) != *forward {
		// A value pasted with a space, or read from a file or an env
		// file with its line break (a Windows one's \r): at the start it
		// was refused as no URL, and at the end it was taken, the space
		// sent as %20, so every event went to a path the handler does
		// not serve (each line [404]) under a "Forwarding … to" line
		// that looked right.
		return usageError{msg: fmt.Sprintf("--forward-to %q has a space or line break at its start or end; give the URL alone, e.g. --forward-to %s", shown, strings.TrimSpace(shown))}
	}
	if strings.ContainsFunc(*forward, unicode.IsControl) {
		return usageError{msg: fmt.Sprintf("--forward-to %q holds a control character; give your handler's URL as plain text, e.g. http://localhost:3000/webhooks/esahayak", shown)}
	}
	if !utf8.ValidString(*forward) {
		// A byte of another encoding (an env file saved in Latin-1) was
		// sent as U+FFFD: in the host the server refused it (exit status
		// 1), and in the path the session forwarded every event to
		// /%EF%BF%BD, a path the handler does not serve.
		return usageError{msg: fmt.Sprintf("--forward-to %q holds a byte that is not UTF-8 (a file in another encoding?); give your handler's URL as text, e.g. http://localhost:3000/webhooks/esahayak", shown)}
	}
	if strings.ContainsFunc(*forward, unicode.IsSpace) {
		// Taken, it was sent as %20 ("localhost:3000/hook --events
		// stamp.uploaded", quoted as one word, forwarded every event to
		// /hook%20--events%20stamp.uploaded), as the API refuses in an
		// endpoint's URL.
		return usageError{msg: fmt.Sprintf("--forward-to %q holds a space; give the URL alone, and write a space that belongs in its path or query as %%20", shown)}
	}
	if fixed, ok := foldFullWidthAuthority(*forward); ok {
		// An input method's full-width letters and digits
		// ("ｌｏｃａｌｈｏｓｔ"): Go's client maps them to ASCII, but the
		// session's forward_to, shown on the dashboard, and every failed
		// line quoted the host percent-encoded (http://%EF%BD%8C…),
		// which no reader recognised. Not looked up: the ASCII spelling
		// is given to type instead.
		fixed = userinfo.ReplaceAllString(egress.WithoutCredentials(fixed), "")
		return usageError{msg: fmt.Sprintf("--forward-to %q: its scheme, host or port holds full-width characters (from an input method?); type them in ASCII: --forward-to %s", shown, fixed)}
	}
	if strings.HasPrefix(*forward, "/") && !strings.HasPrefix(*forward, "//") {
		return usageError{msg: fmt.Sprintf("--forward-to %q is a path; give your handler's whole URL, e.g. --forward-to http://localhost:3000%s", shown, shown)}
	}
	if u, err := url.Parse(to); err == nil && (u.Scheme == "http" || u.Scheme == "https") && strings.HasPrefix(to, u.Scheme+"://") {
		if msg := forwardHostMistake(u, shown, added == ""); msg != "" {
			if start, end, ok := egress.Userinfo(to); ok && strings.Contains(to[start:end], ":") && strings.ContainsAny(to[start:end], "/?#") {
				// The hints quote url.Parse's host, port and path, which
				// hold part of a password typed with a "/", "?" or "#" as
				// is ("http://u:99999#pw@127.0.0.1:3000" reads as host "u"
				// and port 99999, out of range): the value is quoted as
				// typed but for what may be its password, as --egress-proxy.
				msg = fmt.Sprintf("--forward-to %q: use your handler's URL, e.g. http://localhost:3000/webhooks/esahayak%s", egress.PasswordHidden(*forward), userinfoHint(to))
			}
			return usageError{msg: msg}
		}
	}
	if msg := forwardFragment(*forward, to, shown); msg != "" {
		return usageError{msg: msg}
	}
	types, err := parseEventTypes(*events)
	if err != nil {
		return err
	}
	*key = strings.TrimSpace(*key) // a key from a file ends in a newline
	if *key == "" {
		return usageError{msg: "listen needs your API key: --api-key esk_… or ESAHAYAK_API_KEY"}
	}
	if inQuotes(*key) {
		return usageError{msg: quotedMistake("--api-key")}
	}
	if msg := apiBaseMistake(*base); msg != "" {
		return usageError{msg: msg}
	}
	if stdoutClosedAtStart() {
		// `listen … >&-`: Go puts /dev/null there, and listen opened a
		// session whose signing secret, printed only on standard output,
		// nobody saw, and forwarded events no handler could verify,
		// exiting 0 at Ctrl-C. Refused before the session is made.
		return errors.New("listen: its standard output is closed, so the session's signing secret and the events it forwards could not be shown: no session opened; run it with its output open")
	}
	// A reader of listen's output that goes away (`listen | head`) killed
	// the process by SIGPIPE at its next line, before it closed its
	// session, which then stayed open on the server (sessions do not
	// expire). Asked for, SIGPIPE becomes an EPIPE from the write instead,
	// on which listen stops as on Ctrl-C: results recorded, session closed.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	out := &stopOnWriteError{w: &boundedWriter{w: os.Stdout, stopping: ctx.Done()},
		fallback: &boundedWriter{w: os.Stderr, stopping: ctx.Done()}, stop: stop}
	l, err := relay.NewListener(relay.ListenerConfig{APIBase: serverBase(*base), APIKey: *key, ForwardTo: to, Events: types, Out: out,
		UserAgent: "esahayak-listen/" + version})
	if err != nil {
		// The message quotes the URL as the user typed it, not with the
		// http:// added above.
		return usageError{msg: userinfo.ReplaceAllString(strings.ReplaceAll(err.Error(), strconv.Quote(egress.WithoutCredentials(to)), strconv.Quote(shown)), "")}
	}
	if err := l.Run(ctx); err != nil {
		return keyRefused(err, serverBase(*base))
	}
	select {
	case <-l.Ready():
	default:
		// Stopped while the server had not yet answered the session's
		// creation: it may have made one, which stays open (sessions do
		// not expire), and listen, without its id, cannot close it. It
		// ended in silence, leaving the user no hint of the open session.
		fmt.Fprintf(os.Stderr, "esahayak: listen stopped before the server confirmed its session; if the server made one, it stays open: GET %s/v1/listen_sessions?status=open lists it, DELETE /v1/listen_sessions/{id} closes it\n",
			egress.WithoutCredentials(serverBase(*base)))
	}
	if cause := context.Cause(ctx); errors.Is(cause, errOutputClosed) {
		return cause
	}
	return nil
}

// errOutputClosed ends listen when its standard output can no longer be
// written: its reader (a pipe's `head`, a closed terminal) is gone.
var errOutputClosed = errors.New("listen stopped: its output could not be written")

// stopOnWriteError passes listen's lines to w and, at the first that
// cannot be written, stops listen through stop. What listen says after
// that ("Stopped. Session … closed.", or how to close a session it could
// not) goes to fallback, standard error, where it can still be read.
type stopOnWriteError struct {
	mu       sync.Mutex
	w        io.Writer
	fallback io.Writer
	stop     context.CancelCauseFunc
	failed   bool
}

func (s *stopOnWriteError) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed {
		return s.fallback.Write(p)
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.failed = true
		s.stop(fmt.Errorf("%w (%v)", errOutputClosed, err))
	}
	return n, err
}

// boundedWriter passes writes to w, as they come, until listen is told to
// stop (stopping is closed). From then on a write that has not finished
// within stuckOutputWait is given up on, and every later one is dropped:
// a reader that stopped reading without going away (`listen | less`,
// paused) filled the pipe, and a write to it blocks in the kernel, which
// held listen's stop, and the close of its session, until a second signal
// killed it. The write given up on stays blocked, in its own goroutine,
// until the process exits.
type boundedWriter struct {
	w        io.Writer
	stopping <-chan struct{}
	stuck    bool
}

// stuckOutputWait is how long a line may take to be written once listen
// stops: a reader that is reading takes it at once.
const stuckOutputWait = time.Second

// errOutputStuck is a write given up on: its reader stopped reading.
var errOutputStuck = errors.New("the output is not being read")

// Write is called under stopOnWriteError's lock, one at a time.
func (b *boundedWriter) Write(p []byte) (int, error) {
	if b.stuck {
		return 0, errOutputStuck
	}
	type result struct {
		n   int
		err error
	}
	res := make(chan result, 1)
	p = bytes.Clone(p) // the write may outlive this call
	go func() {
		n, err := b.w.Write(p)
		res <- result{n, err}
	}()
	select {
	case r := <-res:
		return r.n, r.err
	case <-b.stopping:
	}
	select {
	case r := <-res:
		return r.n, r.err
	case <-time.After(stuckOutputWait):
		b.stuck = true
		return 0, errOutputStuck
	}
}

// forwardFragment refuses a --forward-to holding a "#" (typed as forward,
// read as to, quoted as shown), or says "". A fragment is never sent, so
// listen took "http://localhost:3000/hook#v2", printed it whole, and
// forwarded every event to …/hook, which the user had not asked for; an
// endpoint's url refuses one for that reason (422 invalid_url). A "#"
// that url.Parse reads as the start of a fragment may instead be part of
// a password typed as is ("http://u:4711#pw@127.0.0.1:3000", read as host
// "u", port 4711): every event went to that host. That one is quoted with
// the password hidden, as forwardHostMistake's hints are.
func forwardFragment(forward, to, shown string) string {
	if !strings.Contains(to, "#") {
		return ""
	}
	if start, end, ok := egress.Userinfo(to); ok && strings.Contains(to[start:end], ":") && strings.Contains(to[start:end], "#") {
		return fmt.Sprintf("--forward-to %q: use your handler's URL, e.g. http://localhost:3000/webhooks/esahayak%s", egress.PasswordHidden(forward), userinfoHint(to))
	}
	frag := "#"
	if i := strings.Index(shown, "#"); i >= 0 {
		frag = shown[i:]
		if r := []rune(frag); len(r) > 64 {
			frag = string(r[:63]) + "…"
		}
	}
	return fmt.Sprintf("--forward-to %q holds a fragment (%q), which is never sent to a server, so your handler would not see it: leave it out, or write a # that belongs in the path or query as %%23", shown, frag)
}

// forwardHostMistake names a typo in --forward-to's host, which would
// otherwise send every event to a host nobody meant: a port alone ("3000")
// read as a host named 3000, ":3000" as no host at all, "http:3000" and
// "http//localhost:3000" as a host named http. typedScheme says the user
// typed the scheme, which the suggestion then keeps.
func forwardHostMistake(u *url.URL, shown string, typedScheme bool) string {
	prefix := ""
	if typedScheme {
		prefix = u.Scheme + "://"
	}
	host, port := u.Hostname(), u.Port()
	rest := u.EscapedPath()
	if u.RawQuery != "" {
		rest += "?" + u.RawQuery
	}
	switch {
	case host == "":
		return fmt.Sprintf("--forward-to %q has no host; give your handler's host and port, e.g. --forward-to %slocalhost%s", shown, prefix, strings.TrimPrefix(shown, u.Scheme+"://"))
	case strings.Trim(host, "0123456789") == "":
		if port == "" {
			port = host // "3000": a port typed alone
		}
		if !validPort(port) {
			return fmt.Sprintf("--forward-to %q: %q is not a host, nor %s a port (1 to 65535); give your handler's host and port, e.g. --forward-to %slocalhost:3000", shown, host, port, prefix)
		}
		return fmt.Sprintf("--forward-to %q: %q is not a host; did you mean --forward-to %slocalhost:%s%s?", shown, host, prefix, port, rest)
	case strings.EqualFold(host, "http") || strings.EqualFold(host, "https"):
		return fmt.Sprintf("--forward-to %q: %q is not a host (a scheme without its \"://\"?); give your handler's whole URL, e.g. --forward-to http://localhost:3000/webhooks/esahayak", shown, host)
	case strings.Trim(host, "0123456789.") == "" && net.ParseIP(host) == nil:
		return fmt.Sprintf("--forward-to %q: %q is neither an IP address nor a host name; give your handler's host and port, e.g. --forward-to localhost:3000", shown, host)
	case localhostAndPort.MatchString(host) && port == "":
		return fmt.Sprintf("--forward-to %q: %q is not a host; did you mean --forward-to %slocalhost:%s%s?", shown, host, prefix, strings.TrimPrefix(strings.ToLower(host), "localhost"), rest)
	case port == "" && strings.HasSuffix(u.Host, ":"):
		return fmt.Sprintf("--forward-to %q has a \":\" but no port; give your handler's port, e.g. --forward-to %s%s:3000%s", shown, prefix, u.Host[:len(u.Host)-1], rest)
	case port != "" && !validPort(port):
		return fmt.Sprintf("--forward-to %q: port %s is out of range (1 to 65535)", shown, port)
	}
	return ""
}

// localhostAndPort is "localhost3000": a colon left out.
var localhostAndPort = regexp.MustCompile(`(?i)^localhost[0-9]+$`)

// validPort reports whether p is a TCP port a handler can listen on.
func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}

// userinfo is a "user:password@" in text: whatever runs up to an "@"
// without a "/", a quote or a space.
var userinfo = regexp.MustCompile(`[^/@"\s]*@`)

// forwardURL is --forward-to as a URL, and what was added to make it one:
// "http://" before host:port and a path ("localhost:3000/webhooks" is what
// people type), "http:" before "//host/path". A value with a scheme of its
// own ("http:/x", "ftp://x") is left as it is, for NewListener to refuse
// or take.
func forwardURL(v string) (u, added string) {
	if strings.HasPrefix(v, "//") {
		return "http:" + v, "http:"
	}
	scheme, rest, ok := strings.Cut(v, ":")
	if !ok || !egress.IsScheme(scheme) || strings.HasPrefix(v, "[") {
		return "http://" + v, "http://" // a host ([::1] included) and a path
	}
	if strings.HasPrefix(rest, "//") {
		return v, "" // a whole URL
	}
	authority := v
	if j := strings.IndexAny(v, "/?#"); j >= 0 {
		authority = v[:j]
	}
	if rest == "" || (rest[0] >= '0' && rest[0] <= '9') || strings.Contains(authority, "@") {
		return "http://" + v, "http://" // host:port, or user:password@host
	}
	return v, "" // a scheme without its "//": refused as it is
}

// foldFullWidthAuthority is v with the full-width forms of ASCII
// characters (U+FF01 to U+FF5E) and the ideographic full stops (。, ｡) of
// its scheme, host and port written in ASCII, and whether there were any.
// A user name and password (before an "@") and the path, query and
// fragment are left as they are: they are the handler's to spell.
func foldFullWidthAuthority(v string) (string, bool) {
	a := readAuthority(v)
	changed := false
	out := slices.Clone(a.typed)
	for i := range a.typed {
		if a.schemeOrHost(i) && a.folded[i] != a.typed[i] {
			out[i] = a.folded[i]
			changed = true
		}
	}
	return string(out), changed
}

// firstNonASCIIAuthority is the first character of v's scheme, host or
// port (as foldFullWidthAuthority reads them) that is not ASCII, and its
// position in v counted in characters from 1; ok is false when they are
// all ASCII. A user name, a password, the path, query and fragment are
// not looked at.
func firstNonASCIIAuthority(v string) (c rune, pos int, ok bool) {
	a := readAuthority(v)
	for i, c := range a.typed {
		if a.schemeOrHost(i) && c > unicode.MaxASCII {
			return c, i + 1, true
		}
	}
	return 0, 0, false
}

// authority is a URL's characters as typed and with foldWidth applied,
// and where its parts are, read in the folded text so that a full-width
// "://" or "/" counts as it will be typed: the scheme and its "://" end
// at start, the authority runs from start to end, and its host and port
// begin at hostAt (after the last "@", or at start).
type authority struct {
	typed, folded      []rune
	start, hostAt, end int
}

// readAuthority finds v's parts (see authority).
func readAuthority(v string) authority {
	a := authority{typed: []rune(v)}
	a.folded = make([]rune, len(a.typed))
	for i, c := range a.typed {
		a.folded[i] = foldWidth(c)
	}
	f := a.folded
	if i := runeIndex(f, "://"); i >= 0 && egress.IsScheme(string(f[:i])) {
		a.start = i + len("://")
	} else if runeIndex(f, "//") == 0 {
		a.start = len("//")
	}
	a.end = len(f)
	for i := a.start; i < len(f); i++ {
		if f[i] == '/' || f[i] == '?' || f[i] == '#' {
			a.end = i
			break
		}
	}
	a.hostAt = a.start
	for i := a.start; i < a.end; i++ {
		if f[i] == '@' {
			a.hostAt = i + 1
		}
	}
	return a
}

// schemeOrHost reports whether the i-th character is in the scheme (or
// its "://") or in the host and port.
func (a authority) schemeOrHost(i int) bool {
	return i < a.start || (i >= a.hostAt && i < a.end)
}

// foldWidth is c's ASCII character when c is its full-width form or an
// ideographic full stop, else c.
func foldWidth(c rune) rune {
	switch {
	case c >= 0xff01 && c <= 0xff5e:
		return c - 0xff01 + '!'
	case c == '\u3002' || c == '\uff61':
		return '.'
	}
	return c
}

// runeIndex is the index in r of the first rune of sub's first
// occurrence, or -1.
func runeIndex(r []rune, sub string) int {
	s := []rune(sub)
	for i := 0; i+len(s) <= len(r); i++ {
		if slices.Equal(r[i:i+len(s)], s) {
			return i
		}
	}
	return -1
}

// defaultAPIBase is where `esahayak serve` listens by default.
const defaultAPIBase = "http://127.0.0.1:8080"

// meantType is " (did you mean TYPE?)" for an event type one slip away
// from a known one, else "": the list of the four types alone left a
// reader of "order.canceled" comparing spellings letter by letter.
func meantType(typ string) string {
	if meant := suggest.EventType(typ, webhook.EventTypes...); meant != "" {
		return " (did you mean " + meant + "?)"
	}
	return ""
}

// parseEventTypes reads a --events list; empty (or only spaces) means every type.
func parseEventTypes(s string) ([]string, error) {
	var out []string
	for _, t := range strings.Split(s, ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !slices.Contains(webhook.EventTypes, t) {
			if t == "*" || strings.EqualFold(t, "all") {
				// Other tools' word for every type: listen's is no --events.
				return nil, usageError{msg: fmt.Sprintf("--events: %q is no event type; leave --events out for every type, or give one or more of %s", t, strings.Join(webhook.EventTypes, ", "))}
			}
			if strings.ContainsFunc(t, func(r rune) bool { return r == ';' || unicode.IsSpace(r) }) {
				// Known types but for the separator: --events "stamp.uploaded stamp.failed".
				fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
				if !slices.ContainsFunc(fields, func(f string) bool { return !slices.Contains(webhook.EventTypes, f) }) {
					return nil, usageError{msg: fmt.Sprintf("--events %q: separate event types with commas, e.g. --events %s", s, strings.Join(slices.Compact(fields), ","))}
				}
			}
			if matched, pattern := typesMatching(t); matched != nil || pattern {
				return nil, usageError{msg: eventPatternMistake(s, t, matched, pattern)}
			}
			return nil, usageError{msg: fmt.Sprintf("--events: unknown event type %q%s; known types: %s", t, meantType(t), strings.Join(webhook.EventTypes, ", "))}
		}
		if slices.Contains(out, t) {
			// Named twice: the session takes each type once, and listen's
			// "Forwarding …" line should say what it takes.
			continue
		}
		out = append(out, t)
	}
	if out == nil && strings.TrimSpace(s) != "" {
		// "," names no type; read as "all" it would subscribe to what
		// the user meant to narrow.
		return nil, usageError{msg: fmt.Sprintf("--events %q names no event type; give one or more of %s, or leave it out for every type", s, strings.Join(webhook.EventTypes, ", "))}
	}
	return out, nil
}

// typesMatching is the event types that t, which is none, stands for as a
// pattern ("stamp.*", "order.?*") or as the first part of types ("stamp",
// "order."), and whether t is a pattern. Case and the separator are
// forgiven, as in meantType. The session takes types, not patterns, and
// "stamp.*" was refused with the four types alone, though it named two of
// them.
func typesMatching(t string) (matched []string, pattern bool) {
	norm := strings.ToLower(strings.NewReplacer("_", ".", "-", ".").Replace(t))
	pattern = strings.ContainsAny(norm, "*?[")
	for _, typ := range webhook.EventTypes {
		family, _, _ := strings.Cut(typ, ".")
		if ok, _ := path.Match(norm, typ); ok || (!pattern && (norm == family || norm == family+".")) {
			matched = append(matched, typ)
		}
	}
	return matched, pattern
}

// eventPatternMistake refuses the --events list s for its item t, a
// pattern or the first part of types (see typesMatching), and says the
// list to give instead: s with t written out as the types it matches.
func eventPatternMistake(s, t string, matched []string, pattern bool) string {
	what := fmt.Sprintf("%q is not an event type", t)
	if pattern {
		what = fmt.Sprintf("%q is a pattern, and listen takes event types, not patterns", t)
	}
	known := strings.Join(webhook.EventTypes, ", ")
	if matched == nil {
		return fmt.Sprintf("--events: %s; it matches none of them: %s", what, known)
	}
	var list []string
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == t {
			list = append(list, matched...)
			continue
		}
		if m, _ := typesMatching(item); slices.Contains(webhook.EventTypes, item) {
			list = append(list, item)
		} else if m != nil {
			list = append(list, m...)
		} else if meant := suggest.EventType(item, webhook.EventTypes...); meant != "" {
			list = append(list, meant) // a slip in another item, refused next
		}
	}
	slices.SortStableFunc(list, func(a, b string) int {
		return slices.Index(webhook.EventTypes, a) - slices.Index(webhook.EventTypes, b)
	})
	return fmt.Sprintf("--events: %s (did you mean --events %s?); known types: %s", what, strings.Join(slices.Compact(list), ","), known)
}
