package dashboard

import (
	"container/list"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/webhook"
)

// The request inspector: a temporary capture URL (/inspect/{token}) served
// by this server, so nobody needs webhook.site to see what is sent. Every
// request to it, whatever its method, is kept in memory and shown live on
// the inspector's page, with whether its Standard Webhooks signature
// verifies against a chosen endpoint's secret.
//
// Inspectors live in this process's memory: with several instances, a
// capture is seen on the instance that received it. They and their
// captures go when they expire or the process stops.

// InspectorLimits bound the inspector's memory. Zero values take the
// defaults in parentheses.
type InspectorLimits struct {
	TTL        time.Duration // an inspector and its captures expire this long after creation (24h)
	PerAccount int           // live inspectors per account (20)
	Captures   int           // captures kept per inspector; older ones are dropped (100)
	BodyBytes  int           // bytes of a body kept; the rest is cut (64 KiB)
	TotalBytes int           // bytes of captures (bodies, headers, paths) kept by the whole instance; past it, the oldest of the account holding the most go first (64 MiB)
}

func (l InspectorLimits) withDefaults() InspectorLimits {
	if l.TTL <= 0 {
		l.TTL = 24 * time.Hour
	}
	if l.PerAccount <= 0 {
		l.PerAccount = 20
	}
	if l.Captures <= 0 {
		l.Captures = 100
	}
	if l.BodyBytes <= 0 {
		l.BodyBytes = 64 << 10
	}
	if l.TotalBytes <= 0 {
		l.TotalBytes = 64 << 20
	}
	return l
}

// inspectorPrefix starts inspector ids (of the dashboard's URLs; the
// capture URL has a separate, longer token).
const inspectorPrefix = "insp_"

type inspectors struct {
	lim InspectorLimits

	mu      sync.Mutex
	byID    map[string]*inspector
	byToken map[string]*inspector
	all     *list.List // every kept capture, oldest first
	bytes   int        // the cost of all (capture.cost)
	// byAccount holds each account's kept captures, oldest first, and
	// their cost: past TotalBytes, the account holding the most loses its
	// oldest (add).
	byAccount map[string]*accountCaptures
	swept     time.Time
}

// accountCaptures are the kept captures of one account's inspectors.
type accountCaptures struct {
	list  *list.List // oldest first
	bytes int
}

type inspector struct {
	inspectorInfo
	// madeBy is the form that created it (its session and onceForms
	// token), "" for none: that form sent again gets this inspector.
	madeBy   string
	captures []*capture // oldest first
	subs     map[chan *capture]*captureSub
}

// inspectorInfo is an inspector as pages see it (a copy).
type inspectorInfo struct {
	ID, Token, AccountID string
	CreatedAt, ExpiresAt time.Time
	VerifyEndpoint       string // endpoint whose secret checks signatures ("" guesses, verifyNone: none)
	Kept                 int    // captures kept
	Received             int    // captures received in all
}

// capture is one request received; it never changes once made.
type capture struct {
	Seq         int
	ReceivedAt  time.Time
	Method      string
	Path        string
	RawQuery    string
	Proto       string
	RemoteAddr  string
	Headers     []header
	Body        []byte
	Size        int64 // bytes received (Body may be cut)
	SizeAtLeast bool  // Size is a lower bound: the rest was not read
	Truncated   bool
	header      http.Header
	owner       *inspector
	elem        *list.Element // in inspectors.all
	acctElem    *list.Element // in its account's accountCaptures
	cost        int           // bytes held for it, counted against TotalBytes
}

// memoryCost is what c holds, near enough: its body's buffer, its headers
// twice (the map kept for signature checks, and the joined values shown),
// and what Go spends on each header and value besides their bytes. A
// request with 64 KiB of headers and no body is counted at about a
// megabyte, as it weighs: counting bodies alone let header-heavy requests
// hold memory without bound.
func (c *capture) memoryCost() int {
	const perCapture, perHeader, perValue = 1024, 96, 48
	n := perCapture + cap(c.Body) + len(c.Method) + len(c.Path) + len(c.RawQuery) + len(c.Proto) + len(c.RemoteAddr)
	for name, vs := range c.header {
		n += perHeader + len(name)
		for _, v := range vs {
			n += perValue + len(v)
		}
	}
	for _, h := range c.Headers {
		n += perHeader + len(h.Name) + len(h.Value)
	}
	return n
}

func newInspectors(lim InspectorLimits) *inspectors {
	return &inspectors{lim: lim, byID: map[string]*inspector{}, byToken: map[string]*inspector{}, all: list.New(),
		byAccount: map[string]*accountCaptures{}}
}

var errTooManyInspectors = errors.New("too many inspectors")

func (s *inspectors) create(accountID string, now time.Time) (inspectorInfo, error) {
	return s.createFor(accountID, "", now)
}

// createFor creates an inspector for the form madeBy names (its session
// and onceForms token), or returns the one that form created already: a
// double click on Create inspector URL posts the form twice, and made two
// inspectors, one never shown and counted against the account's limit.
// Looked up and made under one lock, so that two posts at once make one.
func (s *inspectors) createFor(accountID, madeBy string, now time.Time) (inspectorInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked(now, true)
	n := 0
	for _, in := range s.byID {
		if in.AccountID == accountID {
			if madeBy != "" && in.madeBy == madeBy {
				return in.info(), nil
			}
			n++
		}
	}
	if n >= s.lim.PerAccount {
		return inspectorInfo{}, errTooManyInspectors
	}
	in := &inspector{inspectorInfo: inspectorInfo{ID: inspectorPrefix + randomToken(12), Token: randomToken(32), AccountID: accountID,
		CreatedAt: now, ExpiresAt: now.Add(s.lim.TTL)}, madeBy: madeBy, subs: map[chan *capture]*captureSub{}}
	s.byID[in.ID] = in
	s.byToken[in.Token] = in
	return in.info(), nil
}

func (in *inspector) info() inspectorInfo {
	i := in.inspectorInfo
	i.Kept = len(in.captures)
	return i
}

// get returns the account's inspector and its captures, newest first.
func (s *inspectors) get(accountID, id string, now time.Time) (inspectorInfo, []*capture, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.liveLocked(accountID, id, now)
	if in == nil {
		return inspectorInfo{}, nil, false
	}
	out := make([]*capture, len(in.captures))
	for i, c := range in.captures {
		out[len(out)-1-i] = c
	}
	return in.info(), out, true
}

func (s *inspectors) liveLocked(accountID, id string, now time.Time) *inspector {
	in := s.byID[id]
	if in == nil || in.AccountID != accountID {
		return nil
	}
	if !now.Before(in.ExpiresAt) {
		s.removeLocked(in)
		return nil
	}
	return in
}

// list returns the account's live inspectors, newest first.
func (s *inspectors) list(accountID string, now time.Time) []inspectorInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked(now, true)
	var out []inspectorInfo
	for _, in := range s.byID {
		if in.AccountID == accountID {
			out = append(out, in.info())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out
}

func (s *inspectors) delete(accountID, id string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.liveLocked(accountID, id, now)
	if in == nil {
		return false
	}
	s.removeLocked(in)
	return true
}

func (s *inspectors) setVerify(accountID, id, endpointID string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.liveLocked(accountID, id, now)
	if in == nil {
		return false
	}
	in.VerifyEndpoint = endpointID
	return true
}

// accountOf returns the account of the live inspector token names, and
// whether there is one. One found expired is removed: its open pages
// learn it at once.
func (s *inspectors) accountOf(token string, now time.Time) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.byToken[token]
	if in == nil {
		return "", false
	}
	if !now.Before(in.ExpiresAt) {
		s.removeLocked(in)
		return "", false
	}
	return in.AccountID, true
}

// removeAccount removes every inspector of the account, with its captures.
func (s *inspectors) removeAccount(accountID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, in := range s.byID {
		if in.AccountID == accountID {
			s.removeLocked(in)
		}
	}
}

// add keeps c for the inspector of token, dropping the oldest captures
// past the limits, and tells the inspector's watchers.
func (s *inspectors) add(token string, c *capture, now time.Time) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked(now, false)
	in := s.byToken[token]
	if in == nil || !now.Before(in.ExpiresAt) {
		return 0, false
	}
	in.Received++
	c.Seq, c.owner = in.Received, in
	in.captures = append(in.captures, c)
	c.elem = s.all.PushBack(c)
	c.cost = c.memoryCost()
	s.bytes += c.cost
	ac := s.byAccount[in.AccountID]
	if ac == nil {
		ac = &accountCaptures{list: list.New()}
		s.byAccount[in.AccountID] = ac
	}
	c.acctElem = ac.list.PushBack(c)
	ac.bytes += c.cost
	for len(in.captures) > s.lim.Captures {
		s.dropLocked(in.captures[0])
	}
	// Past the instance's budget, the account holding the most loses its
	// oldest capture, not whichever account's is oldest: anyone who knows
	// a capture URL can send to it, and one account's flood (or its
	// sender's) emptied every other account's inspectors.
	for s.bytes > s.lim.TotalBytes && s.all.Len() > 1 {
		s.dropLocked(s.heaviestOldestLocked(in.AccountID))
	}
	for ch, sub := range in.subs {
		// The only sender, under s.mu: the room seen is there. A slow
		// page misses captures, and the last slot is kept to tell it so
		// (missedCaptures): it then reads the inspector again. It was
		// never told, and showed 100 captures that were not the newest.
		// One mark at a time: a capture missed while a mark still waits
		// to be read is covered by it (the page reads everything after
		// it), where a mark per capture made a page fetch per capture.
		switch n := len(ch); {
		case n < cap(ch)-1:
			ch <- c
			sub.sent++
		case n == cap(ch)-1 && sub.mark <= sub.sent-n: // no mark waiting
			ch <- missedCaptures
			sub.sent++
			sub.mark = sub.sent
		}
	}
	return c.Seq, true
}

// missedCaptures, sent on a subscription, stands for captures its page
// missed (see add).
var missedCaptures = &capture{}

// captureSub is one subscription's count of what went into its channel,
// and the place in that count of its last missedCaptures.
type captureSub struct{ sent, mark int }

// heaviestOldestLocked is the oldest capture of the account whose
// captures cost the most, prefer's when it is one of those that cost as
// much. An account's oldest capture is its inspector's oldest.
func (s *inspectors) heaviestOldestLocked(prefer string) *capture {
	var heaviest *accountCaptures
	for id, ac := range s.byAccount {
		if heaviest == nil || ac.bytes > heaviest.bytes || ac.bytes == heaviest.bytes && id == prefer {
			heaviest = ac
		}
	}
	return heaviest.list.Front().Value.(*capture)
}

// dropLocked forgets a capture; it is always its inspector's oldest.
func (s *inspectors) dropLocked(c *capture) {
	in := c.owner
	if len(in.captures) > 0 && in.captures[0] == c {
		in.captures[0] = nil
		in.captures = in.captures[1:]
	}
	s.unlinkLocked(c)
}

// unlinkLocked takes c out of the instance's and its account's counts.
func (s *inspectors) unlinkLocked(c *capture) {
	s.all.Remove(c.elem)
	s.bytes -= c.cost
	id := c.owner.AccountID
	if ac := s.byAccount[id]; ac != nil {
		ac.list.Remove(c.acctElem)
		if ac.bytes -= c.cost; ac.list.Len() == 0 {
			delete(s.byAccount, id)
		}
	}
}

func (s *inspectors) removeLocked(in *inspector) {
	for _, c := range in.captures {
		s.unlinkLocked(c)
	}
	in.captures = nil
	for ch := range in.subs {
		delete(in.subs, ch)
		close(ch)
	}
	delete(s.byID, in.ID)
	delete(s.byToken, in.Token)
}

// sweepLocked removes expired inspectors, at most once a minute unless forced.
func (s *inspectors) sweepLocked(now time.Time, force bool) {
	if !force && now.Sub(s.swept) < time.Minute {
		return
	}
	s.swept = now
	for _, in := range s.byID {
		if !now.Before(in.ExpiresAt) {
			s.removeLocked(in)
		}
	}
}

// subscribe streams the inspector's new captures until cancel; the
// channel is closed when the inspector goes.
func (s *inspectors) subscribe(accountID, id string, now time.Time) (<-chan *capture, func(), time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.liveLocked(accountID, id, now)
	if in == nil {
		return nil, nil, time.Time{}, false
	}
	ch := make(chan *capture, 64)
	in.subs[ch] = &captureSub{}
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := in.subs[ch]; ok {
			delete(in.subs, ch)
			close(ch)
		}
	}, in.ExpiresAt, true
}

// maxCountedBody is how much of a cut body the inspector reads past what it
// keeps, only to count it.
const maxCountedBody = 256 << 20

// dropDashboardCookies removes the dashboard's own cookies from a
// capture's Cookie header: a browser signed in before cookies were scoped
// to /dashboard may still send them here, and the capture's owner (perhaps
// another account) must never see a session. Everything else in the
// header is kept exactly as sent.
func dropDashboardCookies(h http.Header) {
	vals := h.Values("Cookie")
	if len(vals) == 0 {
		return
	}
	var kept []string
	changed := false
	for _, v := range vals {
		var parts []string
		for _, part := range strings.Split(v, ";") {
			name, _, _ := strings.Cut(strings.TrimSpace(part), "=")
			if name == sessionCookie || name == signInCookie {
				changed = true
				continue
			}
			parts = append(parts, part)
		}
		if len(parts) > 0 {
			kept = append(kept, strings.TrimLeft(strings.Join(parts, ";"), " "))
		}
	}
	if !changed {
		return
	}
	h.Del("Cookie")
	for _, v := range kept {
		h.Add("Cookie", v)
	}
}

// capture answers every request to /inspect/{token}.
// capturePrefix starts every capture URL: /inspect/{token}, and any path
// below it.
const capturePrefix = "/inspect/"

// pathAsSent is r's path as the request line carried it: Go's escaped
// form would rewrite {x} as %7Bx%7D and a raw é as %C3%A9.
func pathAsSent(r *http.Request) string {
	if u := r.RequestURI; strings.HasPrefix(u, "/") {
		p, _, _ := strings.Cut(u, "?")
		return p
	}
	return r.URL.EscapedPath() // absolute form (through a proxy)
}

// captureToken is the token of a capture URL's escaped path, or "".
func captureToken(escapedPath string) string {
	rest, ok := strings.CutPrefix(escapedPath, capturePrefix)
	if !ok {
		return ""
	}
	token, _, _ := strings.Cut(rest, "/")
	return token
}

func (d *Dashboard) capture(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	token := captureToken(r.URL.EscapedPath())
	now := d.now()
	accountID, ok := "", false
	if len(token) == 43 {
		accountID, ok = d.inspectors.accountOf(token, now)
	}
	if !ok {
		writeAPIError(w, http.StatusNotFound, "inspector_not_found", d.captureGone())
		return
	}
	// An account removed from the database takes its inspectors with it:
	// they lived on in memory, recording what was sent to their capture
	// URLs (bodies, signatures, a sender's tokens) for an account no one
	// could sign in to any more to see or delete them. A lookup the store
	// cannot answer (an outage) captures as before: the inspector lives in
	// memory, and is what a developer uses while the database is out.
	if _, err := d.st.GetAccount(r.Context(), accountID); isNotFound(err) {
		d.inspectors.removeAccount(accountID)
		writeAPIError(w, http.StatusNotFound, "inspector_not_found", d.captureGone())
		return
	}
	limit := d.cfg.Inspector.BodyBytes
	body, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		// As the API answers it: a body that stopped arriving is 408
		// request_timeout, and a broken one says what broke (a chunked
		// framing, a body shorter than its Content-Length). Every failure
		// was 400 "could not read the request body", so a sender trying
		// its time-outs against the inspector was told its request was
		// malformed.
		api.WriteError(w, api.BodyReadError(r, err))
		return
	}
	c := &capture{ReceivedAt: now, Method: r.Method, Path: pathAsSent(r), RawQuery: r.URL.RawQuery, Proto: r.Proto,
		RemoteAddr: r.RemoteAddr, Body: body, Size: int64(len(body)), header: r.Header.Clone()}
	if len(body) > limit {
		c.Body, c.Truncated = body[:limit:limit], true
		// Count the rest (a chunked body has no Content-Length), up to a
		// bound, so the capture shows the size that was sent.
		rest, err := io.Copy(io.Discard, io.LimitReader(r.Body, maxCountedBody))
		c.Size, c.SizeAtLeast = int64(len(body))+rest, rest == maxCountedBody || err != nil
	}
	c.header.Set("Host", r.Host)
	dropDashboardCookies(c.header)
	for name, vs := range c.header {
		c.Headers = append(c.Headers, header{escapeNonUTF8(shownHeaderName(name)), escapeNonUTF8(strings.Join(vs, ", "))})
	}
	sort.Slice(c.Headers, func(i, j int) bool {
		return strings.ToLower(c.Headers[i].Name) < strings.ToLower(c.Headers[j].Name)
	})
	seq, ok := d.inspectors.add(token, c, now)
	if !ok {
		writeAPIError(w, http.StatusNotFound, "inspector_not_found", d.captureGone())
		return
	}
	writeJSON(w, http.StatusOK, captureAnswer{Received: true, Capture: seq})
}

// captureAnswer is what a capture URL answers, a struct rather than a map
// so that its keys come in the order docs/dashboard.md writes them
// ({"received": true, "capture": N}): a map's are marshalled sorted.
type captureAnswer struct {
	Received bool `json:"received"`
	Capture  int  `json:"capture"`
}

// webhookHeaderNames maps the canonical form of each header a webhook
// request carries beside the usual ones to the spelling eSahayak sends
// (webhook-id, X-eSahayak-Event), the one the guide and the attempt log
// show.
var webhookHeaderNames = func() map[string]string {
	m := make(map[string]string, 6)
	for _, name := range []string{webhook.HeaderID, webhook.HeaderTimestamp, webhook.HeaderSignature,
		webhook.HeaderEvent, webhook.HeaderDelivery, webhook.HeaderAttempt} {
		m[http.CanonicalHeaderKey(name)] = name
	}
	return m
}()

// shownHeaderName is how a capture names a header. Go's server keeps
// only the canonical form of a name (X-Esahayak-Event, Webhook-Id), a
// spelling eSahayak never sends: the inspector showed it where a customer
// checks what a webhook looks like against the guide. Names are
// case-insensitive and the spelling a request used is lost, so the
// webhook headers are shown as eSahayak sends them, and the others in
// their canonical form.
func shownHeaderName(canonical string) string {
	if name, ok := webhookHeaderNames[canonical]; ok {
		return name
	}
	return canonical
}

// verdict is whether a capture's signature verifies.
type verdict struct {
	Class string // ok, bad or none
	Text  string
}

// verify checks c's Standard Webhooks signature against e's secrets as
// they were when c arrived, with c's arrival as the clock: a capture
// looked at an hour later still verifies.
func verify(e *store.Endpoint, c *capture) verdict {
	if c.header.Get(webhook.HeaderSignature) == "" {
		return verdict{"none", "Not signed: the request has no webhook-signature header."}
	}
	if e == nil {
		return verdict{"none", "Signed. Choose an endpoint above, under Signature check, to check the signature against its secret."}
	}
	if c.Truncated {
		return verdict{"bad", "The body was longer than the inspector keeps, so the signature cannot be checked."}
	}
	at := c.ReceivedAt
	v, err := webhook.NewVerifier(e.Secrets(at), webhook.WithClock(func() time.Time { return at }))
	if err != nil {
		return verdict{"bad", "The endpoint's secret could not be read: " + err.Error()}
	}
	_, err = v.Verify(c.Body, c.header)
	// The webhook package's errors start "webhook: ", a program's prefix,
	// not the page's words.
	var detail string
	if err != nil {
		detail = strings.TrimPrefix(err.Error(), "webhook: ")
	}
	switch {
	case err == nil:
		return verdict{"ok", "Signature verified with the secret of " + isolatedText(shortURL(e.URL)) + "."}
	case errors.Is(err, webhook.ErrInvalidPayload):
		return verdict{"ok", "Signature verified with the secret of " + isolatedText(shortURL(e.URL)) + ", but the body is not an eSahayak event: " + detail}
	// These are checked before the signature is compared: the secret is
	// not what failed, and saying "does not verify with the secret of …"
	// sent people to rotate or recopy a secret that was right.
	case errors.Is(err, webhook.ErrMissingHeaders), errors.Is(err, webhook.ErrInvalidHeaders):
		return verdict{"bad", "A receiver refuses this request before it compares the signature: a signed request needs webhook-id, webhook-timestamp (Unix seconds) and webhook-signature headers, and this one's are not right (" + detail + ")."}
	case errors.Is(err, webhook.ErrTimestampTooOld), errors.Is(err, webhook.ErrTimestampTooNew):
		return verdict{"bad", "A receiver refuses this request before it compares the signature: its webhook-timestamp is too far from when the request arrived (" + detail + "), as a possible replay."}
	default:
		return verdict{"bad", "Signature does not verify with the secret of " + isolatedText(shortURL(e.URL)) + ": " + detail}
	}
}

// msgNotChecked is the verdict of a signed capture whose endpoint could
// not be looked up (verifyEndpoint's error) when it arrived on a live
// page.
const msgNotChecked = "The signature could not be checked: the database did not answer when this request arrived, so the endpoint's secret could not be read. Reload the page to check it."

// liveVerdict is verify's verdict on c for a live page, or, when the
// endpoint could not be looked up (err), one that says so: a request
// without a signature is still "Not signed".
func liveVerdict(e *store.Endpoint, err error, c *capture) verdict {
	if err != nil && c.header.Get(webhook.HeaderSignature) != "" {
		return verdict{"none", msgNotChecked}
	}
	return verify(e, c)
}

type captureView struct {
	*capture
	Verdict verdict
}

func (c captureView) BodyText() string {
	if c.BodyIsBinary() {
		return hexDump(c.Body[:min(len(c.Body), hexShown)])
	}
	return prettyJSON(c.Body)
}

// hexShown is how much of a binary body the page shows, as hex: four
// times its size on the page, for up to a hundred captures.
const hexShown = 4 << 10

// BodyIsBinary says the body is not text (not UTF-8, or holding control
// characters other than tabs and line ends): shown as text its bytes
// would be lost (each turned into U+FFFD), so it is shown as hex.
func (c captureView) BodyIsBinary() bool {
	b := c.Body
	if c.Truncated {
		// A cut may split a character: only the whole ones count.
		for i := 0; i < utf8.UTFMax && len(b) > 0 && !utf8.Valid(b); i++ {
			b = b[:len(b)-1]
		}
	}
	if !utf8.Valid(b) {
		return true
	}
	for _, r := range string(b) {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return true
		}
	}
	return false
}

// HexShown is how many bytes of a binary body the hex view shows.
func (c captureView) HexShown() int { return min(len(c.Body), hexShown) }

// hexDump is the classic view: offset, 16 bytes in hex, and those of
// them that are printable ASCII.
func hexDump(b []byte) string {
	var out strings.Builder
	const digits = "0123456789abcdef"
	for off := 0; off < len(b); off += 16 {
		line := b[off:min(off+16, len(b))]
		fmt.Fprintf(&out, "%08x  ", off)
		for i := 0; i < 16; i++ {
			if i < len(line) {
				out.WriteByte(digits[line[i]>>4])
				out.WriteByte(digits[line[i]&15])
				out.WriteByte(' ')
			} else {
				out.WriteString("   ")
			}
			if i == 7 {
				out.WriteByte(' ')
			}
		}
		out.WriteString(" |")
		for _, c := range line {
			if c >= 0x20 && c < 0x7f {
				out.WriteByte(c)
			} else {
				out.WriteByte('.')
			}
		}
		out.WriteString("|\n")
	}
	return out.String()
}

// escapeNonUTF8 writes the bytes of s that are not UTF-8 as \xNN: shown as
// they are, the page would turn each into U+FFFD and lose it.
func escapeNonUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			fmt.Fprintf(&out, "\\x%02x", s[i])
		} else {
			out.WriteString(s[i : i+n])
		}
		i += n
	}
	return out.String()
}

func (c captureView) Query() string {
	if c.RawQuery == "" {
		return ""
	}
	return "?" + c.RawQuery
}

// Target is the request's path and query as the page shows them: as
// sent, but with what would not be seen as itself (a bidi control, a
// zero-width space, a byte that is not UTF-8) percent-encoded (visibleURL).
// Anyone who has the capture URL writes them.
func (c captureView) Target() string { return visibleURL(c.Path + c.Query()) }

type inspectorsData struct {
	Inspectors []inspectorInfo
	Limits     InspectorLimits
	Error      string
}

func (d *Dashboard) inspectorsPage(w http.ResponseWriter, r *http.Request, s *session) error {
	return d.renderInspectors(w, r, s, http.StatusOK, "")
}

func (d *Dashboard) renderInspectors(w http.ResponseWriter, r *http.Request, s *session, status int, errMsg string) error {
	data := &inspectorsData{Inspectors: d.inspectors.list(s.AccountID, d.now()), Limits: d.cfg.Inspector, Error: errMsg}
	d.render(w, r, status, "inspectors", &view{Title: "Request inspector", Nav: "inspector", Session: s, Notice: noticeFrom(r), Data: data})
	return nil
}

func (d *Dashboard) createInspector(w http.ResponseWriter, r *http.Request, s *session) error {
	// The form's once token names it: sent twice (a double click), it
	// leads to the inspector it made the first time.
	madeBy := ""
	if once := r.PostForm.Get("once"); issuedShape(once) {
		madeBy = s.CSRFToken + " " + once
	}
	in, err := d.inspectors.createFor(s.AccountID, madeBy, d.now())
	if errors.Is(err, errTooManyInspectors) {
		return d.renderInspectors(w, r, s, http.StatusConflict,
			"You have "+itoa(d.cfg.Inspector.PerAccount)+" inspectors, the most an account can have at once. Delete one first.")
	}
	if err != nil {
		return err
	}
	redirect(w, r, "/dashboard/inspector/"+in.ID, "inspector_created")
	return nil
}

type inspectorData struct {
	Inspector  inspectorInfo
	CaptureURL string
	Captures   []captureView
	Endpoints  []store.Endpoint
	Verify     *store.Endpoint
	Guessed    bool // Verify was found by URL, not chosen
	// PointsHere: Verify's URL is this inspector's, so a test event sent
	// from its page arrives here (the page links to its form).
	PointsHere    bool
	Limits        InspectorLimits
	AllowInsecure bool
	Error         string
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if overHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// captureGone is the message of a capture URL's 404. It said only "it may
// have expired", while an inspector also goes when it is deleted and when
// the server restarts (inspectors live in its memory): a capture URL made
// minutes before a restart, as in a tour that restarts the server, was
// said to have expired, and whoever sent to it had no reason to think of
// the restart.
func (d *Dashboard) captureGone() string {
	return "no such inspector: an inspector expires " + inHours(d.cfg.Inspector.TTL) +
		" after it is created, goes when it is deleted, and lives in the memory of the server that made it, so a restart clears it; create another in the dashboard"
}

// inspectorGone is the answer for an inspector that is not there: a page
// bookmarked or left open a day earlier, or opened after a restart, said
// only "the page does not exist, or it belongs to another account", with
// nothing of why an inspector goes or what to do. Its page's buttons
// (Delete inspector, the verify choice, Create endpoint) pressed after
// it went answer the same.
func (d *Dashboard) inspectorGone() error {
	return &linkedError{&httpError{http.StatusNotFound, "There is no such inspector. An inspector and its requests are deleted " +
		inHours(d.cfg.Inspector.TTL) + " after it is created, and live in the memory of the server that made it: " +
		"a restart clears them. Create another under Inspector."}, "/dashboard/inspector", "Create another under Inspector"}
}

func (d *Dashboard) inspectorPage(w http.ResponseWriter, r *http.Request, s *session) error {
	return d.renderInspector(w, r, s, http.StatusOK, "")
}

func (d *Dashboard) renderInspector(w http.ResponseWriter, r *http.Request, s *session, status int, errMsg string) error {
	in, caps, ok := d.inspectors.get(s.AccountID, r.PathValue("id"), d.now())
	if !ok {
		return d.inspectorGone()
	}
	eps, _, err := d.st.ListEndpoints(r.Context(), store.ListParams{AccountID: s.AccountID, Limit: maxListedEndpoints})
	if err != nil {
		return err
	}
	data := &inspectorData{Inspector: in, CaptureURL: baseURL(r) + "/inspect/" + in.Token, Endpoints: eps,
		Limits: d.cfg.Inspector, AllowInsecure: d.cfg.AllowInsecureURLs, Error: errMsg}
	if data.Verify, data.Guessed, err = d.verifyEndpoint(r, s, in); err != nil {
		return err // verdicts made without the endpoint would be wrong
	}
	data.PointsHere = data.Verify != nil && pointsAt(data.Verify.URL, r.Host, in.Token)
	if v := data.Verify; v != nil && !slices.ContainsFunc(eps, func(e store.Endpoint) bool { return e.ID == v.ID }) {
		// Chosen among more than the newest maxListedEndpoints: an
		// option still, or the select says "No endpoint" beside
		// verdicts made with its secret.
		data.Endpoints = append(data.Endpoints, *v)
	}
	for _, c := range caps {
		data.Captures = append(data.Captures, captureView{capture: c, Verdict: verify(data.Verify, c)})
	}
	// The id tells apart the tabs (and the history entries) of several inspectors.
	v := &view{Title: "Inspector " + in.ID, Nav: "inspector", Session: s, Notice: noticeFrom(r), Data: data}
	if r.Method != http.MethodGet {
		v.Canonical = "/dashboard/inspector/" + in.ID
	}
	d.render(w, r, status, "inspector", v)
	return nil
}

// verifyNone is an inspector's VerifyEndpoint when "No endpoint" was
// chosen: "" guesses (an endpoint whose URL is the inspector's), so
// choosing No endpoint did nothing while there was one to guess.
const verifyNone = "none"

// verifyEndpoint is the endpoint whose secret checks the inspector's
// captures: the one chosen, or else one whose URL is the inspector's,
// unless No endpoint was chosen. An error is the store's, not the
// endpoint's absence: taken for that, a capture was shown "Choose an
// endpoint above" beside the endpoint chosen, or checked against the
// secret of another endpoint, which guessing found.
func (d *Dashboard) verifyEndpoint(r *http.Request, s *session, in inspectorInfo) (*store.Endpoint, bool, error) {
	if in.VerifyEndpoint == verifyNone {
		return nil, false, nil
	}
	if in.VerifyEndpoint != "" {
		e, err := d.st.GetEndpoint(r.Context(), s.AccountID, in.VerifyEndpoint)
		if err == nil {
			return &e, false, nil
		}
		if !isNotFound(err) {
			return nil, false, err
		}
	}
	// Every endpoint, a page at a time, not only the newest
	// maxListedEndpoints: the one pointing at the inspector may be older.
	after := ""
	for {
		eps, more, err := d.st.ListEndpoints(r.Context(), store.ListParams{AccountID: s.AccountID, Limit: maxListedEndpoints, StartingAfter: after})
		if err != nil {
			return nil, false, err
		}
		for _, e := range eps {
			if strings.Contains(e.URL, "/inspect/"+in.Token) {
				return &e, true, nil
			}
		}
		if !more || len(eps) == 0 {
			return nil, false, nil
		}
		after = eps[len(eps)-1].ID
	}
}

// inspectorOf is the account's live inspector an endpoint's URL points
// at on this server (pointsAt), "" for none: the endpoint's page links to
// it, where what the endpoint is sent arrives.
func (d *Dashboard) inspectorOf(r *http.Request, accountID, raw string) string {
	if !strings.Contains(raw, "/inspect/") {
		return ""
	}
	for _, in := range d.inspectors.list(accountID, d.now()) {
		if pointsAt(raw, r.Host, in.Token) {
			return in.ID
		}
	}
	return ""
}

func (d *Dashboard) setInspectorVerify(w http.ResponseWriter, r *http.Request, s *session) error {
	id, ep := r.PathValue("id"), r.PostForm.Get("endpoint")
	if _, ok := r.PostForm["endpoint"]; !ok {
		// A form without the field (made by a script: the page's select
		// always sends one) turned the check off, as No endpoint does.
		// An inspector gone is told first, as its page tells it.
		if _, _, ok := d.inspectors.get(s.AccountID, id, d.now()); !ok {
			return d.inspectorGone()
		}
		return &httpError{http.StatusBadRequest,
			"The form did not say which endpoint to check signatures against: its endpoint field must be an endpoint id, or empty for No endpoint, and it has none. Nothing was changed."}
	}
	if ep != "" {
		if !ids.Valid(ids.Endpoint, ep) {
			// Named, as an id in an address is (notAnID): "The request
			// could not be read." left a script's author to guess.
			return &httpError{http.StatusBadRequest, fmt.Sprintf(
				"The form's endpoint field, %s, is not an endpoint id: endpoint ids are %s followed by 26 lower-case letters and digits. Nothing was changed.",
				shownFormText(ep), ids.Endpoint)}
		}
		if _, err := d.st.GetEndpoint(r.Context(), s.AccountID, ep); err != nil {
			if !isNotFound(err) {
				return err
			}
			// Deleted since the page listed it (another tab, the API):
			// "There is nothing here: the page does not exist" was said
			// of the inspector's page itself.
			if _, _, ok := d.inspectors.get(s.AccountID, id, d.now()); !ok {
				return d.inspectorGone()
			}
			return &linkedError{&httpError{http.StatusNotFound, "The endpoint you chose does not exist any more: it was deleted, in another tab or through the API (or it belongs to another account). Nothing was changed; choose another."},
				"/dashboard/inspector/" + id, "Choose another"}
		}
	}
	notice := "inspector_verify"
	if ep == "" {
		ep, notice = verifyNone, "inspector_verify_none"
	}
	if !d.inspectors.setVerify(s.AccountID, id, ep, d.now()) {
		return d.inspectorGone()
	}
	redirect(w, r, "/dashboard/inspector/"+id, notice)
	return nil
}

// inspectorEndpoint creates an endpoint pointing at the inspector, through
// the API (so its URL rules apply: an http:// URL needs --allow-insecure-urls).
func (d *Dashboard) inspectorEndpoint(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	in, _, ok := d.inspectors.get(s.AccountID, id, d.now())
	if !ok {
		return d.inspectorGone()
	}
	captureURL := baseURL(r) + "/inspect/" + in.Token
	// A second click does not make a second endpoint (which would get
	// every event twice): the first one is used. The store checks again
	// in the create's own step (uniqueURL), so that a double click, or
	// two instances, make one.
	dup, err := d.duplicateOf(r.Context(), s.AccountID, captureURL, "")
	if err != nil {
		return err
	}
	if dup == "" {
		// The capture URL is built from the Host the page was reached
		// by: the endpoint made while browsing as localhost reads
		// http://localhost:…, which duplicateOf does not take for
		// http://127.0.0.1:…, and a click there made a second one.
		if dup, err = d.endpointAt(r, s.AccountID, in.Token); err != nil {
			return err
		}
	}
	if dup != "" {
		d.inspectors.setVerify(s.AccountID, id, dup, d.now())
		redirect(w, r, "/dashboard/inspector/"+id, "inspector_endpoint_exists")
		return nil
	}
	var created apiEndpoint
	body := map[string]any{"url": captureURL, "description": "Request inspector " + in.ID}
	chk, ur := uniqueURL(r)
	if err := d.callAPI(ur, s, http.MethodPost, "/v1/webhook_endpoints", body, &created); err != nil {
		if chk.Dup != "" {
			d.inspectors.setVerify(s.AccountID, id, chk.Dup, d.now())
			redirect(w, r, "/dashboard/inspector/"+id, "inspector_endpoint_exists")
			return nil
		}
		var ae *apiError
		if errors.As(err, &ae) && ae.Status < 500 {
			msg := fieldMessage(ae)
			if ae.Code == "url_not_https" {
				msg = "This server sends webhooks to https:// URLs only, and this inspector's URL is http://. To point an endpoint at it, run the server with --allow-insecure-urls (for local development)."
			}
			return d.renderInspector(w, r, s, ae.Status, msg)
		}
		return err
	}
	d.inspectors.setVerify(s.AccountID, id, created.ID, d.now())
	redirect(w, r, "/dashboard/inspector/"+id, "inspector_endpoint")
	return nil
}

// endpointAt is an endpoint of the account pointing at the inspector of
// token on this server (pointsAt), under any of the names it is reached by
// on loopback, "" for none.
func (d *Dashboard) endpointAt(r *http.Request, accountID, token string) (string, error) {
	eps, _, err := d.accountEndpoints(r.Context(), accountID)
	if err != nil {
		return "", fmt.Errorf("list endpoints: %w", err)
	}
	for _, e := range eps {
		if pointsAt(e.URL, r.Host, token) {
			return e.ID, nil
		}
	}
	return "", nil
}

// pointsAt reports an endpoint URL that the inspector of token captures on
// this server, reached at host: its capture URL or a path below it, under
// host or, when host is a loopback address, under any loopback name with
// the same port (127.0.0.1, localhost, [::1]).
func pointsAt(raw, host, token string) bool {
	u, err := url.Parse(raw)
	return err == nil && captureToken(u.EscapedPath()) == token && sameServer(u, host)
}

// sameServer reports whether u's host and port name the server reached at
// host (a request's Host). Ports compare as numbers, a missing one as its
// scheme's default: 127.0.0.1:08080 and hooks.example.com:443 reach the
// server at 127.0.0.1:8080 and https://hooks.example.com, as a client
// reads them (a comparison of the strings left such endpoints behind).
func sameServer(u *url.URL, host string) bool {
	h, p, err := net.SplitHostPort(host)
	if err != nil {
		h, p = host, ""
	}
	h = strings.Trim(h, "[]")
	if portNumber(u.Port(), u.Scheme) != portNumber(p, u.Scheme) {
		return false
	}
	return strings.EqualFold(u.Hostname(), h) || isLoopbackName(u.Hostname()) && isLoopbackName(h)
}

// portNumber is port as a number in decimal, without leading zeros, or
// scheme's default port when it is "".
func portNumber(port, scheme string) string {
	if port == "" {
		return map[bool]string{true: "443", false: "80"}[strings.EqualFold(scheme, "https")]
	}
	if n, err := strconv.Atoi(port); err == nil {
		return strconv.Itoa(n)
	}
	return port
}

func isLoopbackName(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.Unmap().IsLoopback()
}

func (d *Dashboard) deleteInspector(w http.ResponseWriter, r *http.Request, s *session) error {
	in, _, ok := d.inspectors.get(s.AccountID, r.PathValue("id"), d.now())
	if ok && !confirmed(r) {
		return d.askConfirmation(w, r, s, "inspector", confirmation{
			Question: "Delete this inspector?",
			Detail:   "The requests it captured, and the endpoints pointing at its URL, are deleted with it. This cannot be undone.",
			Action:   "/dashboard/inspector/" + in.ID + "/delete", Button: "Delete inspector", Cancel: "/dashboard/inspector/" + in.ID})
	}
	if !ok || !d.inspectors.delete(s.AccountID, in.ID, d.now()) {
		return d.inspectorGone()
	}
	// Endpoints pointing at its capture URL would fail with 404 from now
	// on: they go with it.
	eps, _, err := d.accountEndpoints(r.Context(), s.AccountID)
	if err != nil {
		return err
	}
	for _, e := range eps {
		if pointsAt(e.URL, r.Host, in.Token) {
			if err := d.callAPI(r, s, http.MethodDelete, "/v1/webhook_endpoints/"+e.ID, nil, nil); err != nil {
				return err
			}
		}
	}
	redirect(w, r, "/dashboard/inspector", "inspector_deleted")
	return nil
}
