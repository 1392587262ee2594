package delivery

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/esahayak/esahayak/internal/backoff"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/webhook"
)

// StoredBodyBytes is how much of a response body the attempt log keeps.
const StoredBodyBytes = 4 << 10

// attempt sends one delivery and returns its outcome for the recorder.
func (e *Engine) attempt(w store.Work) resultItem {
	start := time.Now()
	// Work that cannot finish inside its lease is given back rather than
	// risk a second instance sending it at the same time.
	if start.Add(e.cfg.Timeout + time.Second).After(w.LeaseUntil) {
		return resultItem{res: store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: w.LeaseOwner, LeaseUntil: w.LeaseUntil,
			Outcome: store.OutcomeReleased, NextAttemptAt: start}, work: w}
	}
	if w.Attempt == 1 && e.cfg.Metrics != nil {
		if from := firstAttemptFrom(w); !from.IsZero() {
			// Not below 0: a delivery made by an instance whose clock is
			// ahead of this one's starts "before" it was made, and a
			// negative sample lowers the histogram's _sum, which rate()
			// reads as a counter reset.
			e.cfg.Metrics.CommitToSend.Observe(max(0, start.Sub(from).Seconds()))
		}
	}
	// Sized for all ten: the eight sent, the signature, and the two the
	// log adds after the send.
	reqHeaders := make(map[string]string, 10)
	reqHeaders["Content-Type"] = "application/json"
	reqHeaders["User-Agent"] = webhook.UserAgent
	reqHeaders[webhook.HeaderEvent] = w.EventType
	reqHeaders[webhook.HeaderDelivery] = w.EventID
	reqHeaders[webhook.HeaderAttempt] = strconv.Itoa(w.Attempt)
	reqHeaders[webhook.HeaderID] = w.EventID
	reqHeaders[webhook.HeaderTimestamp] = strconv.FormatInt(start.Unix(), 10)
	var resp *egress.Response
	var err error
	signer, serr := e.signer(w.Secrets)
	if serr != nil {
		err = fmt.Errorf("signing: %w", serr)
	} else {
		reqHeaders[webhook.HeaderSignature] = signer.Sign(w.EventID, start, w.Payload)
		resp, err = e.send(w, reqHeaders)
	}
	dur := time.Since(start)
	if resp != nil && !resp.Complete.IsZero() && resp.Complete.After(start) {
		// The answer was complete before the client finished reading
		// past the cap to keep the connection (egress.Response.Complete).
		dur = resp.Complete.Sub(start)
	}
	// The log shows the request as it went out: with the two headers that
	// Go's client writes itself.
	reqHeaders["Host"] = urlHost(w.URL)
	reqHeaders["Content-Length"] = strconv.Itoa(len(w.Payload))
	a := &store.Attempt{
		ID: ids.NewAt(ids.Attempt, start), DeliveryID: w.DeliveryID, AccountID: w.AccountID, EndpointID: w.EndpointID, EventID: w.EventID,
		Number: w.Attempt, StartedAt: start, Duration: dur, RequestHeaders: reqHeaders,
	}
	// A response comes with an error too when its headers arrived but its
	// body did not: the attempt fails (decide looks at err first) and its
	// log shows the status, the headers and the part of the body read.
	if resp != nil {
		a.ResponseStatus = resp.StatusCode
		a.ResponseHeaders = egress.StoredHeaders(resp.Header)
		a.ResponseBody = truncateUTF8(resp.Body, StoredBodyBytes)
	}
	res := e.decide(w, a, resp, err, start.Add(dur))
	e.observe(w, a, res)
	return resultItem{res: res, work: w}
}

// firstAttemptFrom is when esahayak_event_to_first_attempt_seconds
// counts a delivery's first attempt from: its creation, which is its
// event's (a fan-out stamps it with the event, store.FanOutTime), or the
// later time a recover with include_missed made it for an old event.
// Counted from the event, such a delivery read as a first attempt days
// late, and set off the latency alert of a server that kept up.
func firstAttemptFrom(w store.Work) time.Time {
	if w.CreatedAt.After(w.EventCreated) {
		return w.CreatedAt
	}
	return w.EventCreated
}

// urlHost is the Host header Go's client writes for an endpoint URL:
// host[:port], an internationalized name in its ASCII form. Plain ASCII
// URLs (nearly all) are cut without a parse: this runs for every attempt.
func urlHost(raw string) string {
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if !strings.ContainsRune(rest, '%') && isASCII(rest) {
		return rest
	}
	u, err := url.Parse(raw)
	if err != nil {
		return rest
	}
	host, port := u.Hostname(), u.Port()
	if a, err := idna.Lookup.ToASCII(host); err == nil {
		host = a
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		return host + ":" + port
	}
	return host
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (e *Engine) send(w store.Work, headers map[string]string) (*egress.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), e.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(w.Payload))
	if err != nil {
		return nil, fmt.Errorf("invalid endpoint URL: %w", err)
	}
	if req.URL.Scheme != "https" && !e.cfg.AllowInsecureURLs {
		return nil, &egress.InsecureURLError{URL: req.URL.Redacted()}
	}
	for k, v := range headers {
		// Set the map keys as written: the Standard Webhooks names are
		// lower-case by convention; Go canonicalises on the wire anyway.
		req.Header[k] = []string{v}
	}
	if e.cfg.Client.SendsConnectionClose(req.URL) {
		// Written by Go's client for an endpoint whose server closes
		// its connections right after answering (egress closingHosts);
		// the log shows it as the request went out.
		headers["Connection"] = "close"
	}
	// Not marked idempotent to net/http (an Idempotency-Key entry): it
	// then resends a request on every reused connection that fails before
	// an answer, with no cap, and a receiver whose handler runs and then
	// drops the connection (a panic, a write timeout) ran it up to 27
	// times in one logged attempt. Connections are closed on our side
	// before common servers' keep-alive timeouts instead (egress
	// idleConnTimeout), which keeps their close from racing our reuse.
	return e.cfg.Client.Do(ctx, req)
}

// decide is the one place that says what an attempt means: success, a
// retry at a given time, or the end of the schedule.
func (e *Engine) decide(w store.Work, a *store.Attempt, resp *egress.Response, err error, now time.Time) store.Result {
	res := store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: w.LeaseOwner, LeaseUntil: w.LeaseUntil,
		RoundAttempt: w.RoundAttempt, Attempt: a}
	switch {
	case err != nil:
		a.ErrorKind = egress.Classify(err)
		// The customer sees the attempt: it names neither our own
		// address nor the egress proxy's, and says the problem in words
		// rather than Go's.
		a.Error = e.cfg.Client.ErrorText(egress.PlainError(err, e.cfg.Timeout))
		if resp != nil {
			// A status whose body broke off: the log shows the status
			// beside the failure, and the error says it too: why a 2xx
			// did not count, or the failure any other status is.
			_, said := e.statusFailure(w, resp)
			a.Error = egress.CutErrorText(a.Error + egress.UnfinishedAnswerNote(resp.StatusCode, e.cfg.Timeout) + egress.FailedStatusNote(said))
		}
		if over := e.pausedFor(a); over > 0 {
			// Said first, so that the cut of a long error keeps it.
			a.Error = egress.CutErrorText(fmt.Sprintf("this server was paused or starved during the attempt (it took %s against a %s timeout): most likely not the endpoint's fault: %s",
				a.Duration.Round(time.Millisecond), e.cfg.Timeout, a.Error))
		}
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		a.Succeeded = true
		res.Outcome = store.OutcomeSucceeded
		return res
	default:
		a.ErrorKind, a.Error = e.statusFailure(w, resp)
	}
	next, ok := e.cfg.Schedule.Next(w.RoundAttempt, now, e.cfg.Rand)
	if !ok && err != nil && e.pausedFor(a) > 0 {
		// The schedule's last attempt, lost to a pause of this process:
		// the delivery is not given up for it, but tried once more now.
		next, ok = now, true
	}
	if !ok {
		res.Outcome = store.OutcomeFailed
		return res
	}
	if resp != nil && backoff.HonorsRetryAfter(resp.StatusCode) {
		if d, ok := backoff.RetryAfter(resp.Header.Get("Retry-After"), now); ok {
			next = backoff.Later(next, now, d, e.cfg.RetryAfterCap)
		}
	}
	res.Outcome, res.NextAttemptAt = store.OutcomeRetry, next
	return res
}

// statusFailure is what egress.StatusFailure says of resp's status, a
// redirect's Location resolved against the endpoint's URL, and one to
// plain http:// told to configure the final URL with https:// when the
// server sends to nothing else.
func (e *Engine) statusFailure(w store.Work, resp *egress.Response) (kind, message string) {
	target := egress.RedirectTarget(w.URL, resp.Header.Get("Location"))
	kind, message = egress.StatusFailure(resp.StatusCode, target)
	if kind == egress.KindRedirect && !e.cfg.AllowInsecureURLs && egress.RedirectsToPlainHTTP(target) {
		message += egress.PlainHTTPRedirectNote
	}
	return kind, message
}

// pauseSlack is how far past the attempt timeout an attempt may end
// before the time is taken for a pause of this process rather than the
// receiver's: the timeout covers the whole attempt, body read included,
// so only scheduling adds to it, and that by milliseconds.
const pauseSlack = 2 * time.Second

// pausedFor is how long a failed attempt ran past its timeout and
// pauseSlack (0 if it did not): the process was paused (SIGSTOP, a
// suspended VM) or starved meanwhile, and the receiver's answer, if it
// came, went unread.
func (e *Engine) pausedFor(a *store.Attempt) time.Duration {
	if e.cfg.Timeout <= 0 {
		return 0
	}
	if over := a.Duration - e.cfg.Timeout; over > pauseSlack {
		return over
	}
	return 0
}

// observe writes the attempt's metrics and its one wide log line.
func (e *Engine) observe(w store.Work, a *store.Attempt, res store.Result) {
	if !a.Succeeded && !w.LeaseUntil.IsZero() && a.StartedAt.Add(a.Duration).After(w.LeaseUntil) {
		// The attempt ended after its lease, which outlasts the attempt
		// timeout by at least 5 s: this process was paused (SIGSTOP, a
		// suspended VM) or starved, and its "timeout" is most likely not
		// the receiver's. Another instance may hold the delivery by now
		// and send it again. Counted as a receiver's failure it would
		// set off the failure alerts the README suggests.
		e.cfg.Log.LogAttrs(context.Background(), slog.LevelWarn, "delivery attempt outlived its lease (this process was paused or starved); not counted as a failed attempt",
			slog.String("delivery_id", w.DeliveryID), slog.String("endpoint_id", w.EndpointID), slog.Int("attempt", w.Attempt),
			slog.Float64("duration_ms", float64(a.Duration.Microseconds())/1000), slog.Time("lease_until", w.LeaseUntil),
			slog.String("error_kind", a.ErrorKind))
		return
	}
	if !a.Succeeded && e.pausedFor(a) > 0 {
		// Paused, but within the lease: the result stands (the delivery
		// is retried), and the receiver is not blamed for the pause.
		e.cfg.Log.LogAttrs(context.Background(), slog.LevelWarn, "delivery attempt outlived its timeout (this process was paused or starved); not counted as a failed attempt",
			slog.String("delivery_id", w.DeliveryID), slog.String("endpoint_id", w.EndpointID), slog.Int("attempt", w.Attempt),
			slog.Float64("duration_ms", float64(a.Duration.Microseconds())/1000), slog.Duration("timeout", e.cfg.Timeout),
			slog.String("error_kind", a.ErrorKind))
		return
	}
	if m := e.cfg.Metrics; m != nil {
		outcome := "failure"
		if a.Succeeded {
			outcome = "success"
		}
		m.Attempts.WithLabelValues(outcome, statusClass(a.ResponseStatus)).Inc()
		m.AttemptDuration.Observe(a.Duration.Seconds())
		if w.Attempt > 1 {
			m.Retries.Inc()
		}
		if res.Outcome == store.OutcomeFailed {
			m.GaveUp.Inc()
		}
	}
	level := slog.LevelInfo // a receiver's failure, retried: not the operator's
	switch {
	case a.Succeeded:
		level = slog.LevelDebug // at thousands a second, successes are for --log-level debug
	case res.Outcome == store.OutcomeFailed:
		level = slog.LevelWarn // given up: an event a customer will not get unless someone acts
	}
	if !e.cfg.Log.Enabled(context.Background(), level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("delivery_id", w.DeliveryID), slog.String("event_id", w.EventID), slog.String("event_type", w.EventType),
		slog.String("endpoint_id", w.EndpointID), slog.String("url", LogURL(w.URL)), slog.Int("attempt", w.Attempt),
		slog.Int("status", a.ResponseStatus), slog.Float64("duration_ms", float64(a.Duration.Microseconds())/1000),
		slog.String("outcome", outcomeName(res.Outcome)),
	}
	if a.Error != "" {
		attrs = append(attrs, slog.String("error", logError(w, a)), slog.String("error_kind", a.ErrorKind))
	}
	if res.Outcome == store.OutcomeRetry {
		attrs = append(attrs, slog.Time("next_attempt_at", res.NextAttemptAt))
	}
	e.cfg.Log.LogAttrs(context.Background(), level, "delivery attempt", attrs...)
}

// logError is an attempt's error as the operator's log shows it: the
// endpoint's URL and a redirect's Location as LogURL shows them (no query,
// no user, no inspector token), whichever spelling the error uses (Go's
// errors quote the URL re-encoded: "HTTP://h/ü" as "http://h/%C3%BC").
// The attempt log keeps the whole text: it is the account's own.
func logError(w store.Work, a *store.Attempt) string {
	text := a.Error
	if loc := a.ResponseHeaders["Location"]; loc != "" {
		// Resolved as the attempt's error resolves it: a relative
		// Location alone ("/v2/hook") left out the host it leads to.
		target := egress.RedirectTarget(w.URL, loc)
		if kind, msg := egress.StatusFailure(a.ResponseStatus, LogURL(target)); kind == egress.KindRedirect {
			if a.ErrorKind == egress.KindRedirect {
				if strings.HasSuffix(a.Error, egress.PlainHTTPRedirectNote) {
					msg += egress.PlainHTTPRedirectNote
				}
				return msg
			}
			// A redirect whose body broke off: its error names the
			// redirect after what broke (egress.FailedStatusNote).
			_, whole := egress.StatusFailure(a.ResponseStatus, target)
			text = strings.Replace(text, whole, msg, 1)
		}
	}
	safe := LogURL(w.URL)
	spellings := []string{w.URL}
	if u, err := url.Parse(w.URL); err == nil {
		spellings = append(spellings, u.String(), u.Redacted())
		if _, ok := u.User.Password(); ok {
			// Go's client errors write the password as "***".
			spellings = append(spellings, strings.Replace(u.Redacted(), ":xxxxx@", ":***@", 1))
		}
	}
	for _, sp := range spellings {
		if sp != "" {
			text = strings.ReplaceAll(text, sp, safe)
		}
	}
	return text
}

func outcomeName(o store.Outcome) string {
	switch o {
	case store.OutcomeSucceeded:
		return "succeeded"
	case store.OutcomeRetry:
		return "retrying"
	case store.OutcomeFailed:
		return "failed"
	case store.OutcomeParked:
		return "parked"
	case store.OutcomeReleased:
		return "released"
	}
	return "unknown"
}

func statusClass(code int) string {
	if code < 100 || code > 599 {
		return "none"
	}
	return strconv.Itoa(code/100) + "xx"
}

// truncateUTF8 keeps the longest start of b that is at most n bytes of
// valid UTF-8: each run of invalid bytes becomes one U+FFFD (three bytes,
// counted as such), and a character that would not fit whole is left out. The
// attempt log stays valid JSON text and the stored body never passes n.
func truncateUTF8(b []byte, n int) string {
	if len(b) <= n && utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, min(len(b), n))
	invalid := false // the previous byte was invalid: a run gets one U+FFFD, as bytes.ToValidUTF8 does
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			if !invalid {
				if len(out)+3 > n {
					break
				}
				out = append(out, "\uFFFD"...)
			}
			invalid = true
		} else {
			invalid = false
			if len(out)+size > n {
				break
			}
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return string(out)
}

// LogURL is an endpoint URL as the operator's logs show it: without its
// query string, which often carries a token (a receiver's shared secret)
// that the logs' readers need not see, and without the token of a request
// inspector's capture URL (/inspect/TOKEN, the dashboard's), which is all
// that keeps the captures private.
//
// A user and password go too, read from the text as
// egress.WithoutCredentials reads them: a redirect's Location is the
// receiver's to write, and a "/", "?" or "#" typed in its user info
// ("https://u/x:pw@h/") ends the host early for url.Parse, which then
// showed the password as part of the path.
func LogURL(raw string) string {
	u, err := url.Parse(egress.WithoutCredentials(raw))
	if err != nil {
		return "(unparsable URL)"
	}
	u.User = nil
	inspector := false
	if before, after, ok := strings.Cut(u.Path, "/inspect/"); ok && after != "" {
		u.Path, u.RawPath, inspector = before+"/inspect/", "", true
	}
	query := u.RawQuery != "" || u.ForceQuery
	fragment := u.Fragment != "" || u.RawFragment != ""
	// A fragment (a redirect's "#access_token=…") is left out like a
	// query: endpoint URLs have none, a Location may.
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	out := u.String()
	if inspector {
		out += "…"
	}
	if query {
		out += "?…"
	}
	if fragment {
		out += "#…"
	}
	return out
}
