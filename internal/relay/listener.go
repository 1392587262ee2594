package relay

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/webhook"
)

// ListenerConfig configures a Listener. APIBase, APIKey and ForwardTo are
// required.
type ListenerConfig struct {
	// APIBase is the server's base URL, e.g. http://127.0.0.1:8080.
	APIBase string
	APIKey  string
	// ForwardTo is the local URL every event is POSTed to.
	ForwardTo string
	// Events to receive; empty for every type.
	Events []string
	// Out receives the human-readable lines (one per event). Nil discards.
	Out io.Writer
	// UserAgent of the calls to the API (not of the forwarded requests,
	// which carry webhook.UserAgent like real deliveries).
	UserAgent string
	// API is the client for the API; nil uses one that honours
	// HTTPS_PROXY/HTTP_PROXY and has no overall time limit (the stream is
	// long-lived).
	API *http.Client
	// ForwardTimeout bounds one forward, like a real attempt (10s).
	ForwardTimeout time.Duration
	// MinBackoff and MaxBackoff bound the wait before a reconnection (1s, 30s).
	MinBackoff, MaxBackoff time.Duration
	// IdleTimeout: reconnect after this long without a byte from the server (IdleTimeout).
	IdleTimeout time.Duration
	// PendingRetry is how often results the server refused for the moment
	// (a 5xx, a broken connection) are sent again while the stream stays
	// up (5s).
	PendingRetry time.Duration
}

// Listener is one `esahayak listen` run.
type Listener struct {
	cfg     ListenerConfig
	fwd     *http.Client
	outMu   sync.Mutex
	session Session
	signer  *webhook.Signer

	lastID  string
	hinted  bool // noPathHint was printed: it is said once a session
	seen    map[string]struct{}
	seenLog []string
	reports chan Report   // results for the reporter, in order (reportLoop)
	kick    chan struct{} // a reconnection: send what is waiting now
	ready   chan struct{}
}

// maxSeen bounds the event ids remembered for deduplication.
const maxSeen = 10000

// maxPending bounds the results kept while the server is away.
const maxPending = ReplayLimit

// bodyBytes is how much of a local response is reported (as much as the
// server keeps of a real attempt).
const bodyBytes = 4 << 10

// forwardIdleTimeout closes a kept-alive connection to the local handler
// after 4 s idle, as the delivery engine does with receivers: Node's server
// closes idle connections after 5 s, and a forward written onto a
// connection the handler is closing fails although the handler never saw
// it. A forward caught so anyway is sent again, as the engine sends an
// attempt again (egress.DoPastStaleConns).
const forwardIdleTimeout = 4 * time.Second

// forwardMaxIdleConns is how many kept-alive connections to the local
// handler are kept.
const forwardMaxIdleConns = 4

// NewListener checks cfg and returns a Listener; Run runs it.
func NewListener(cfg ListenerConfig) (*Listener, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("an API key is required (--api-key or ESAHAYAK_API_KEY)")
	}
	base, err := url.Parse(cfg.APIBase)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || base.RawQuery != "" || base.ForceQuery || base.Fragment != "" || strings.Contains(cfg.APIBase, "#") {
		// No query or fragment, an empty one ("…:8080#", which url.Parse
		// reads as none) too: the API's paths are appended to it, and
		// after a "#" they were no part of the URL requested.
		return nil, fmt.Errorf("--api-base %q: use the server's URL, e.g. http://127.0.0.1:8080", egress.WithoutCredentials(cfg.APIBase))
	}
	cfg.APIBase = strings.TrimRight(cfg.APIBase, "/")
	fwd, err := url.Parse(cfg.ForwardTo)
	if err != nil || (fwd.Scheme != "http" && fwd.Scheme != "https") || fwd.Host == "" {
		return nil, fmt.Errorf("--forward-to %q: use your handler's URL, e.g. http://localhost:3000/webhooks/esahayak", egress.WithoutCredentials(cfg.ForwardTo))
	}
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "esahayak-listen"
	}
	if cfg.API == nil {
		cfg.API = &http.Client{Transport: &http.Transport{Proxy: http.ProxyFromEnvironment, ResponseHeaderTimeout: 30 * time.Second,
			TLSHandshakeTimeout: 10 * time.Second},
			// The API key is sent with every call: a redirect followed would
			// send it to another port, or over http:// after https://.
			CheckRedirect: func(req *http.Request, _ []*http.Request) error { return &redirectError{to: req.URL.Redacted()} }}
	}
	if cfg.ForwardTimeout <= 0 {
		cfg.ForwardTimeout = 10 * time.Second
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = IdleTimeout
	}
	if cfg.PendingRetry <= 0 {
		cfg.PendingRetry = 5 * time.Second
	}
	return &Listener{
		cfg: cfg,
		// The local handler is reached directly (never through a proxy),
		// and like a real delivery, redirects are not followed and an idle
		// connection is closed before the handler would close it (see
		// forwardIdleTimeout).
		fwd: &http.Client{
			Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: forwardMaxIdleConns, DisableCompression: true,
				IdleConnTimeout: forwardIdleTimeout, MaxResponseHeaderBytes: egress.MaxResponseHeaderBytes},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		seen:    map[string]struct{}{},
		reports: make(chan Report, maxPending),
		kick:    make(chan struct{}, 1),
		ready:   make(chan struct{}),
	}, nil
}

// Session returns the session once Ready has closed.
func (l *Listener) Session() Session { return l.session }

// Ready closes once the session exists and its secret is printed.
func (l *Listener) Ready() <-chan struct{} { return l.ready }

// APIError is an error answer of the API.
type APIError struct {
	Status  int
	Code    string
	Message string
	// RetryAfter is the answer's Retry-After in seconds (429, 503), else 0.
	RetryAfter time.Duration
	// hint, for an answer without the API's error, is HTTPSHint's advice,
	// which then replaces "is --api-base an esahayak server?".
	hint string
}

// redirectError is an API answer that redirects: --api-base is not the
// server's own address, and no retry will change that.
type redirectError struct{ to string }

func (e *redirectError) Error() string {
	return "the server redirected to " + e.to + "; give the server's own address as --api-base"
}

// stableStream is how long a stream must last for a reconnection after it
// to start again from the shortest wait.
const stableStream = 10 * time.Second

// maxRetryAfter bounds how long a server's Retry-After keeps listen away.
const maxRetryAfter = time.Minute

func (e *APIError) Error() string {
	msg, code := Printable(e.Message), Printable(e.Code)
	if code == "" && msg != "" {
		return fmt.Sprintf("%s (HTTP %d)", msg, e.Status)
	}
	if code == "" {
		// The API's errors name their code (its 404 too): another server,
		// or a proxy, answered.
		hint := e.hint
		if hint == "" {
			hint = "is --api-base an esahayak server?"
		}
		return fmt.Sprintf("HTTP %d from the server, without the API's error (%s)", e.Status, hint)
	}
	return fmt.Sprintf("%s (HTTP %d: %s)", msg, e.Status, code)
}

// Printable is s with what a terminal would obey rather than show (control
// characters, escape sequences, bidi controls) written as Go escapes:
// text from the server is printed, and a hostile server (or anyone on a
// plain http:// --api-base's path) could otherwise retitle the window,
// recolour or rewrite what the developer reads.
func Printable(s string) string {
	if !strings.ContainsFunc(s, hidesInTerminal) {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if hidesInTerminal(c) {
			q := strconv.QuoteRuneToASCII(c)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func hidesInTerminal(c rune) bool {
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == utf8.RuneError ||
		(c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c
}

// fatal reports whether reconnecting cannot help: the key is wrong or the
// session is gone.
func (e *APIError) fatal() bool {
	return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden || e.Status == http.StatusNotFound ||
		e.Status == http.StatusConflict || e.Status == http.StatusGone
}

// Run creates the session, prints its secret and forwards events until ctx
// ends; it then closes the session and returns nil. It returns an error
// when the session cannot be created or continued (a wrong key, a session
// that was closed elsewhere).
func (l *Listener) Run(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	// forward_to is only shown on the session. Where the text may hold a
	// password url.Parse does not read as one (a "#", "/" or "?" typed as
	// is in it), WithoutCredentials hides it as "u:xxxxx@", which the
	// server refuses as credentials: the session goes without it.
	forwardTo := egress.WithoutCredentials(l.cfg.ForwardTo)
	if u, err := url.Parse(forwardTo); err != nil || u.User != nil {
		forwardTo = ""
	}
	err := l.call(cctx, http.MethodPost, "/v1/listen_sessions", SessionRequest{Events: l.cfg.Events, ForwardTo: forwardTo}, &l.session)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		if hint := TLSHint(l.cfg.APIBase, err); hint != "" {
			return fmt.Errorf("could not start a listen session at %s: %w (%s)", egress.WithoutCredentials(l.cfg.APIBase), err, hint)
		}
		if ne := (*net.OpError)(nil); errors.As(err, &ne) {
			return fmt.Errorf("could not start a listen session at %s: %v (is `esahayak serve` running there? set --api-base)", egress.WithoutCredentials(l.cfg.APIBase), ne)
		}
		return fmt.Errorf("could not start a listen session at %s: %w", egress.WithoutCredentials(l.cfg.APIBase), err)
	}
	if !ids.Valid(SessionPrefix, l.session.ID) {
		return fmt.Errorf("the server at %s answered with a session id %q, which is no listen session id: is --api-base an esahayak server?", egress.WithoutCredentials(l.cfg.APIBase), Printable(l.session.ID))
	}
	l.signer, err = webhook.NewSigner(l.session.Secret)
	if err != nil {
		return fmt.Errorf("the server sent an unusable secret: %w", err)
	}
	l.printf("Forwarding %s to %s\n", strings.Join(l.events(), ", "), egress.WithoutCredentials(l.cfg.ForwardTo))
	l.printf("Session %s. Your webhook signing secret for this session is %s\n", l.session.ID, l.session.Secret)
	l.printf("(verify with it as with an endpoint's secret; it ends with the session). Press Ctrl-C to stop.\n")
	close(l.ready)

	// Results are sent by a goroutine of their own, so that a results call
	// the server is slow to answer never holds up forwarding.
	rctx, stopReporter := context.WithCancel(context.WithoutCancel(ctx))
	defer stopReporter()
	reporterDone := make(chan struct{})
	go func() { defer close(reporterDone); l.reportLoop(rctx) }()

	backoff := l.cfg.MinBackoff
	for ctx.Err() == nil {
		began := time.Now()
		connected, err := l.stream(ctx)
		if ctx.Err() != nil {
			break
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.fatal() {
			return fmt.Errorf("listen session %s ended: %w", l.session.ID, err)
		}
		if redirect := (*redirectError)(nil); errors.As(err, &redirect) {
			return fmt.Errorf("listen session %s ended: %w", l.session.ID, redirect)
		}
		if connected && time.Since(began) >= stableStream {
			// A stream that lasted: the server is back to normal. One that
			// ends just after its ready (a server or proxy that drops it)
			// backs off as a failure does, not a reconnection a second.
			backoff = l.cfg.MinBackoff
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		if apiErr != nil && apiErr.RetryAfter > wait {
			wait = min(apiErr.RetryAfter, maxRetryAfter)
		}
		if connected {
			l.printf("%s  Connection lost (%v); reconnecting in %s\n", stamp(time.Now()), err, wait.Round(100*time.Millisecond))
		} else {
			// Nothing was lost: this try never got a stream (every slot
			// taken, the server down or restarting).
			l.printf("%s  Could not connect (%v); trying again in %s\n", stamp(time.Now()), err, wait.Round(100*time.Millisecond))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
		backoff = min(2*backoff, l.cfg.MaxBackoff)
	}

	// Ctrl-C: record what is still unrecorded (for up to 3 seconds), close
	// the session (with 3 seconds of its own), done.
	close(l.reports) // the reporter tries once more what it holds, then ends
	select {
	case <-reporterDone:
	case <-time.After(3 * time.Second):
		stopReporter()
		<-reporterDone
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
	defer cancel()
	if err := l.call(sctx, http.MethodDelete, "/v1/listen_sessions/"+l.session.ID, nil, nil); err != nil {
		var apiErr *APIError
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			// Sent, perhaps, and not answered in time: a slow server may
			// still close it.
			l.printf("Stopped (the server did not confirm closing the session in time; it may still close it: GET /v1/listen_sessions/%s says): %v.\n", l.session.ID, err)
			l.printCloseLater("If it is still open (sessions do not expire)")
		case errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound:
			// The server knows no such session: nothing is left open.
			l.printf("Stopped (the session could not be closed on the server: %v).\n", err)
		default:
			l.printf("Stopped, but session %s could not be closed on the server: %v.\n", l.session.ID, err)
			l.printCloseLater("It stays open there (sessions do not expire): once the server can be reached again")
		}
		return nil
	}
	l.printf("Stopped. Session %s closed.\n", l.session.ID)
	return nil
}

// printCloseLater tells how to close the session that listen could not
// close as it stopped: left open, it stays open on the server for good,
// and its close route is all that ends it. lead starts the sentence. The
// command is ready to paste, without the API key, which it reads from
// ESAHAYAK_API_KEY.
func (l *Listener) printCloseLater(lead string) {
	l.printf("%s, close it with DELETE /v1/listen_sessions/%s, e.g. (your API key in ESAHAYAK_API_KEY):\n", lead, l.session.ID)
	target := egress.WithoutCredentials(l.cfg.APIBase) + "/v1/listen_sessions/" + l.session.ID
	l.printf("  curl -X DELETE %s -H \"Authorization: Bearer $ESAHAYAK_API_KEY\"\n", shellQuote(target))
}

// shellQuote quotes s for a POSIX shell: between single quotes, each
// single quote of s closing the quotes, escaped, and opening them again.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// sseMessage is one parsed Server-Sent Events message.
type sseMessage struct {
	event, id, data string
}

// stream holds one connection until it fails or ctx ends. connected
// reports whether the server accepted it (a ready message arrived).
func (l *Listener) stream(ctx context.Context) (connected bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.cfg.APIBase+"/v1/listen_sessions/"+l.session.ID+"/stream", nil)
	if err != nil {
		return false, err
	}
	l.authorize(req)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Cache-Control", "no-cache")
	if l.lastID != "" {
		req.Header.Set("Last-Event-ID", l.lastID)
	}
	resp, err := l.cfg.API.Do(req)
	if err != nil {
		return false, withoutRequest(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false, readAPIError(resp, l.cfg.APIBase)
	}
	if ct, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";"); !strings.EqualFold(strings.TrimSpace(ct), "text/event-stream") {
		return false, fmt.Errorf("the server answered with %q, not an event stream: is --api-base an esahayak server?", Printable(ct))
	}

	msgs := make(chan sseMessage)
	readErr := make(chan error, 1)
	activity := make(chan struct{}, 1)
	go func() { readErr <- readSSE(resp.Body, msgs, activity, ctx.Done()) }()
	idle := time.NewTimer(l.cfg.IdleTimeout)
	defer idle.Stop()
	for {
		select {
		case <-ctx.Done():
			return connected, ctx.Err()
		case err := <-readErr:
			switch {
			case err == nil:
				err = errors.New("the server closed the stream")
			case errors.Is(err, io.ErrUnexpectedEOF):
				// The connection closed with the stream unfinished (its
				// last chunk never came): Go's "unexpected EOF" said
				// nothing of that to the reader of the line.
				err = errors.New("the stream broke off: the server stopped, or something on the way cut the connection")
			}
			return connected, err
		case <-activity:
			idle.Reset(l.cfg.IdleTimeout)
		case <-idle.C:
			return connected, fmt.Errorf("nothing from the server for %s", l.cfg.IdleTimeout)
		case m := <-msgs:
			switch m.event {
			case EventReady:
				var r Ready
				_ = json.Unmarshal([]byte(m.data), &r)
				if !connected {
					l.onReady(ctx, r)
				}
				connected = true
			case EventWebhook:
				var msg Message
				if err := json.Unmarshal([]byte(m.data), &msg); err != nil || msg.ID == "" {
					l.printf("%s  (a message of the server was not an event, and was skipped)\n", stamp(time.Now()))
					continue
				}
				if !ids.Valid(ids.Event, msg.ID) || !l.wants(msg.Type) {
					// Forwarded, it would reach the handler as an event of a
					// type not asked for; its id would become the cursor,
					// and a bad one failed every reconnection.
					l.printf("%s  (the server sent %s %s, which is not an event this session asked for; skipped)\n", stamp(time.Now()), Printable(msg.Type), Printable(msg.ID))
					continue
				}
				l.handle(ctx, msg)
			}
			idle.Reset(l.cfg.IdleTimeout)
		}
	}
}

func (l *Listener) onReady(ctx context.Context, r Ready) {
	if l.lastID != "" || r.Replayed > 0 || r.Truncated {
		note := ""
		if r.Replayed > 0 {
			note = fmt.Sprintf("; replaying %d event(s) missed meanwhile", r.Replayed)
		}
		if r.Truncated {
			note += fmt.Sprintf(" (more was missed than the last %s / %d events that are replayed)", ReplayWindow, ReplayLimit)
		}
		l.printf("%s  Connected%s\n", stamp(time.Now()), note)
	} else {
		l.printf("%s  Ready: waiting for events\n", stamp(time.Now()))
	}
	select { // the server is back: results waiting for it go now
	case l.kick <- struct{}{}:
	default:
	}
}

// maxSSEMessage bounds one message of the stream, its lines together: an
// event is a few kilobytes, and a server sending data lines without the
// blank line that ends a message grew the listener's memory without end.
const maxSSEMessage = 4 << 20

// events is what this listener forwards: the types asked for with
// --events, else the session's, else every type.
func (l *Listener) events() []string {
	switch {
	case len(l.cfg.Events) > 0:
		return l.cfg.Events
	case len(l.session.Events) > 0:
		return l.session.Events
	}
	return webhook.EventTypes
}

// wants reports whether events of type t are forwarded. What the user
// asked for decides, not only what the server says the session has.
func (l *Listener) wants(t string) bool {
	events := l.events()
	for _, e := range events {
		if e == t {
			return true
		}
	}
	return false
}

// readSSE parses the stream into msgs until it ends. Each line read
// signals activity.
func readSSE(r io.Reader, msgs chan<- sseMessage, activity chan<- struct{}, done <-chan struct{}) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxSSEMessage)
	var m sseMessage
	var data []string
	size := 0
	for sc.Scan() {
		select {
		case activity <- struct{}{}:
		default:
		}
		line := sc.Text()
		if line == "" {
			if len(data) > 0 || m.event != "" {
				m.data = strings.Join(data, "\n")
				select {
				case msgs <- m:
				case <-done:
					return nil
				}
			}
			m, data, size = sseMessage{}, nil, 0
			continue
		}
		if strings.HasPrefix(line, ":") {
			continue // comment: a ping
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "event":
			m.event = value
		case "data":
			if size += len(value) + 1; size > maxSSEMessage {
				return fmt.Errorf("the server sent a message of more than %d MiB", maxSSEMessage>>20)
			}
			data = append(data, value)
		case "id":
			m.id = value
		}
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return fmt.Errorf("the server sent a line of more than %d MiB", maxSSEMessage>>20)
	}
	return sc.Err()
}

// handle forwards one event (once per session), prints its line and
// reports the outcome.
func (l *Listener) handle(ctx context.Context, m Message) {
	if _, dup := l.seen[m.ID]; dup {
		return
	}
	l.remember(m.ID)
	if m.ID > l.lastID {
		l.lastID = m.ID
	}
	rep := l.forward(ctx, m)
	if ctx.Err() != nil && rep.Status == 0 {
		// Ctrl-C during the forward: the handler may have got the request
		// (or the connection was still being made), and no answer was
		// waited for. Printed and recorded like any other forward (the
		// results still held are sent at Ctrl-C).
		rep.Error, rep.ErrorKind = "not waited for: listen was stopped (Ctrl-C) before your handler answered", egress.KindOther
	}
	var result string
	switch {
	case rep.Status == 0:
		result = "[ERR] " + rep.Error
	case rep.Error != "" && rep.ErrorKind != egress.KindHTTPStatus && rep.ErrorKind != egress.KindRedirect:
		// A status arrived, then the attempt failed (its body did not
		// arrive in time): a failure, recorded as one.
		result = fmt.Sprintf("[%d ERR] %s", rep.Status, rep.Error)
	default:
		result = fmt.Sprintf("[%d]", rep.Status)
	}
	l.printf("%s  %-15s  %s  %s  %s\n", stamp(time.Now()), m.Type, m.ID, result, fmtLatency(rep.DurationMS))
	if !l.hinted {
		if hint := noPathHint(l.cfg.ForwardTo, rep.Status); hint != "" {
			l.hinted = true
			l.printf("%s\n", hint)
		}
	}
	l.report(rep)
}

// noPathHint says, for a handler that answered status to a --forward-to
// without a path, that the events go to "/" and which URL was most likely
// meant, or "". "--forward-to localhost:3000" (or http://localhost:3000)
// sent every event to "/", which the handler, served at
// /webhooks/esahayak, answered 404 (or 405, where "/" is a page), one
// "[404]" line after another with nothing to say why.
func noPathHint(forwardTo string, status int) string {
	if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
		return ""
	}
	u, err := url.Parse(egress.WithoutCredentials(forwardTo))
	if err != nil || (u.Path != "" && u.Path != "/") || u.Opaque != "" {
		return ""
	}
	at, meant := *u, *u
	at.Path, at.RawPath = "/", ""
	meant.Path, meant.RawPath, meant.RawQuery, meant.ForceQuery = "/webhooks/esahayak", "", "", false
	return fmt.Sprintf("  your handler answered %d at %s: --forward-to has no path, so every event is sent to /. Did you mean --forward-to %s? Stop with Ctrl-C and start listen again with the path your handler serves.",
		status, at.String(), meant.String())
}

func (l *Listener) remember(id string) {
	l.seen[id] = struct{}{}
	l.seenLog = append(l.seenLog, id)
	if len(l.seenLog) > maxSeen {
		delete(l.seen, l.seenLog[0])
		l.seenLog = l.seenLog[1:]
	}
}

// forward POSTs the event to the local URL exactly as a real delivery
// would be sent (see delivery/attempt.go), signed with the session secret.
func (l *Listener) forward(ctx context.Context, m Message) Report {
	start := time.Now()
	body := []byte(m.Payload)
	headers := map[string]string{
		"Content-Type":          "application/json",
		"User-Agent":            webhook.UserAgent,
		webhook.HeaderEvent:     m.Type,
		webhook.HeaderDelivery:  m.ID,
		webhook.HeaderAttempt:   "1",
		webhook.HeaderID:        m.ID,
		webhook.HeaderTimestamp: strconv.FormatInt(start.Unix(), 10),
		webhook.HeaderSignature: l.signer.Sign(m.ID, start, body),
	}
	rep := Report{EventID: m.ID, StartedAt: start.UTC().Format(time.RFC3339Nano), RequestHeaders: headers}
	var location string // of a redirect, which is not followed
	// When the answer was complete: what is read past the body's first
	// 64 KiB, only to keep the connection, is listen's wait, not the
	// handler's, and a delivery's duration ends before it too.
	var complete time.Time
	fctx, cancel := context.WithTimeout(ctx, l.cfg.ForwardTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(fctx, http.MethodPost, l.cfg.ForwardTo, bytes.NewReader(body))
	if err == nil {
		for k, v := range headers {
			req.Header[k] = []string{v}
		}
		var resp *http.Response
		// As a real delivery: a forward that met a kept-alive
		// connection the handler had closed just before (net/http's
		// "server closed idle connection": the handler never read it) is
		// sent again on another, where it failed.
		resp, err = egress.DoPastStaleConns(l.fwd, req, forwardMaxIdleConns)
		if err == nil {
			// As a real delivery (egress.Client.Do): complete once its
			// first 64 KiB have arrived, whatever follows them; a body
			// that breaks off or does not arrive in time before that
			// fails the attempt, whatever the status. The first bodyBytes
			// are kept.
			var b []byte
			var rerr error
			if resp.StatusCode != http.StatusSwitchingProtocols {
				// A 101's body is the raw connection, which the forward's
				// deadline no longer bounds: it is not read.
				b, _, complete, rerr = egress.ReadBody(resp.Body, egress.DefaultMaxResponseBytes, cancel)
				b = b[:min(len(b), bodyBytes)]
			}
			resp.Body.Close()
			rep.Status = resp.StatusCode
			rep.ResponseHeaders = egress.StoredHeaders(resp.Header)
			location = egress.RedirectTarget(l.cfg.ForwardTo, resp.Header.Get("Location"))
			rep.ResponseBody = noNUL(strings.ToValidUTF8(string(b), "\uFFFD"))
			if rerr != nil {
				// Worded as egress.Client.Do words it, so that
				// egress.PlainError says it as for a delivery.
				err = fmt.Errorf("reading response body: %w", rerr)
			}
		}
	}
	end := time.Now()
	if complete.After(start) {
		end = complete
	}
	rep.DurationMS = float64(end.Sub(start).Microseconds()) / 1000
	if req != nil {
		// As a real delivery's log: with the headers Go's client writes.
		headers["Host"] = req.URL.Host
		headers["Content-Length"] = strconv.Itoa(len(body))
	}
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			// Go's error names the URL with the user ("alice:***@"):
			// the recorded result and the terminal get it without.
			uerr.URL = egress.WithoutCredentials(uerr.URL)
		}
		// Said as a delivery to this handler would say it, in plain
		// words: Go's `Post "http://127.0.0.1:3000/hook": ` in front
		// repeated the URL listen printed when it started, and its
		// "context deadline exceeded" said neither whose deadline nor
		// how long it was.
		rep.Error, rep.ErrorKind = egress.ErrorText(egress.PlainError(err, l.cfg.ForwardTimeout)), egress.Classify(err)
		if errors.Is(fctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
			rep.Error += fmt.Sprintf("; %s is the attempt timeout, and a delivery to this handler fails the same way", l.cfg.ForwardTimeout)
		}
		// As a real delivery's error says why a 2xx whose body broke off
		// did not count, or names the failure any other status is.
		rep.Error += egress.UnfinishedAnswerNote(rep.Status, l.cfg.ForwardTimeout)
		if rep.Status != 0 {
			_, said := egress.StatusFailure(rep.Status, location)
			rep.Error += egress.FailedStatusNote(said)
		}
		if rep.ErrorKind == egress.KindCanceled {
			rep.ErrorKind = egress.KindOther // not one of the recorded kinds: the listener was stopping
		}
	} else {
		rep.ErrorKind, rep.Error = egress.StatusFailure(rep.Status, location)
	}
	return rep
}

// noNUL replaces NUL characters: the API refuses them in every string
// (422 invalid_characters), and a result refused with a 4xx is not sent
// again, so a handler answering "ok\x00" left no record of the forward.
func noNUL(s string) string { return strings.ReplaceAll(s, "\x00", "\uFFFD") }

// report hands one outcome to the reporter (reportLoop). Past maxPending
// results waiting, the oldest is dropped.
func (l *Listener) report(rep Report) {
	for {
		select {
		case l.reports <- rep:
			return
		default:
		}
		select {
		case old := <-l.reports:
			l.printf("%s  (the result of %s was dropped: too many results waiting for the server)\n", stamp(time.Now()), old.EventID)
		default:
		}
	}
}

// reportLoop records results in the order they came, one call at a time.
// A result the server cannot take at the moment (a 5xx, no answer) is
// kept, with those after it, and sent again every PendingRetry, or at once
// after a reconnection; one it refuses (a 4xx) is printed and dropped.
// When reports is closed (Ctrl-C) it sends what it holds until ctx ends.
func (l *Listener) reportLoop(ctx context.Context) {
	in := l.reports
	var pending []Report
	var retry <-chan time.Time
	failing := false
	closed := false
	defer func() {
		if len(pending) > 0 {
			l.printf("%s  (%d result(s) could not be recorded: the server did not take them)\n", stamp(time.Now()), len(pending))
		}
	}()
	for {
		for len(pending) > 0 && retry == nil && ctx.Err() == nil {
			cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			err := l.call(cctx, http.MethodPost, "/v1/listen_sessions/"+l.session.ID+"/results", pending[0], nil)
			cancel()
			var apiErr *APIError
			switch {
			case err == nil:
			case errors.As(err, &apiErr) && apiErr.Status < 500:
				l.printf("%s  (the result of %s was not recorded: %v)\n", stamp(time.Now()), pending[0].EventID, err)
			default:
				if closed {
					return // stopping: one last try each was all there was time for
				}
				if !failing && ctx.Err() == nil {
					l.printf("%s  (the result of %s could not be recorded yet: %v; sending it again shortly)\n", stamp(time.Now()), pending[0].EventID, err)
				}
				failing = true
				retry = time.After(l.cfg.PendingRetry)
				continue
			}
			pending = pending[1:]
			failing = false
		}
		if closed && (len(pending) == 0 || ctx.Err() != nil) {
			return
		}
		select {
		case rep, ok := <-in:
			if !ok {
				closed, in, retry = true, nil, nil // one last try for each
				continue
			}
			pending = append(pending, rep)
			if len(pending) > maxPending {
				l.printf("%s  (the result of %s was dropped: too many results waiting for the server)\n", stamp(time.Now()), pending[0].EventID)
				pending = pending[1:]
			}
		case <-retry:
			retry = nil
		case <-l.kick:
			retry = nil
		case <-ctx.Done():
			return
		}
	}
}

func (l *Listener) authorize(req *http.Request) {
	req.Header.Set("Authorization", "Bearer "+l.cfg.APIKey)
	req.Header.Set("User-Agent", l.cfg.UserAgent)
}

// call makes one JSON API call; out may be nil.
func (l *Listener) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, l.cfg.APIBase+path, body)
	if err != nil {
		return err
	}
	l.authorize(req)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := l.cfg.API.Do(req)
	if err != nil {
		return withoutRequest(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return readAPIError(resp, l.cfg.APIBase)
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, out); err != nil {
		// A 2xx that is not the API's JSON: another server (a catch-all,
		// a proxy's page) answered. Its decoding error ("EOF", "invalid
		// character '<'") would say nothing of that; the start of its
		// body, on one line, says which server it was.
		msg := fmt.Sprintf("HTTP %d without the API's answer (is --api-base an esahayak server?)", resp.StatusCode)
		if start := strings.Join(strings.Fields(string(b)), " "); start != "" {
			if len(start) > 200 {
				start = egress.CutUTF8(start, 200) + "…"
			}
			msg += ": " + Printable(start)
		}
		return errors.New(msg)
	}
	return nil
}

// withoutRequest is err, a failed call to the server, without the
// *url.Error net/http wraps it in: its `Post "URL": ` prefix named the
// request again in every line that already says which it was and where
// (the session's start at --api-base, the stream's connection, a
// result's record, the close), the whole session URL twice on a
// reconnection line. The cause keeps what errors.Is and errors.As look
// for (a timeout, a TLS error, a refused redirect). A connection closed
// before any answer is said in words: its cause alone read "EOF".
func withoutRequest(err error) error {
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("the server closed the connection before answering: %w", err)
	}
	return err
}

func readAPIError(resp *http.Response, base string) error {
	if resp.StatusCode == http.StatusSwitchingProtocols {
		// Its body is the raw connection, which no context ends: read,
		// a server that switched and went quiet held listen (and its
		// Ctrl-C) for minutes.
		return &APIError{Status: resp.StatusCode, Message: "the server switched protocols: --api-base is not an esahayak server"}
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var e struct {
		Error struct{ Code, Message string }
	}
	_ = json.Unmarshal(b, &e)
	out := &APIError{Status: resp.StatusCode, Code: e.Error.Code, Message: e.Error.Message}
	if out.Code == "" {
		out.hint = HTTPSHint(base, resp.StatusCode, b)
	}
	if n, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && n > 0 {
		out.RetryAfter = time.Duration(min(n, int(maxRetryAfter/time.Second))) * time.Second
	}
	return out
}

// printf prints a line of listen's output; what came from the server in
// it is shown, never obeyed by the terminal (Printable).
func (l *Listener) printf(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	body, nl := strings.CutSuffix(s, "\n")
	s = Printable(body)
	if nl {
		s += "\n"
	}
	l.outMu.Lock()
	defer l.outMu.Unlock()
	io.WriteString(l.cfg.Out, s)
}

func stamp(t time.Time) string { return t.Format("2006-01-02 15:04:05") }

func fmtLatency(ms float64) string {
	if ms < 10 {
		return strconv.FormatFloat(ms, 'f', 1, 64) + "ms"
	}
	return strconv.FormatFloat(ms, 'f', 0, 64) + "ms"
}
