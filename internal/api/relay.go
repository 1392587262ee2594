package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/webhook"
	"golang.org/x/net/http/httpguts"
)

// The routes of `esahayak listen` (see package relay for the protocol).

// maxStreamsPerAccount bounds the open listen streams of one account on
// one instance: each polls the store every second.
const maxStreamsPerAccount = 20

type relayState struct {
	hub *relay.Hub
	// shutdown holds, per http.Server serving this API, a channel closed
	// when that server shuts down: streams never end on their own, and
	// http.Server.Shutdown waits for every request to end.
	mu       sync.Mutex
	shutdown map[*http.Server]chan struct{}
}

// relayRoutes registers the routes `esahayak listen` connects to.
func (s *Server) relayRoutes() {
	s.relay = &relayState{hub: relay.NewHub(), shutdown: map[*http.Server]chan struct{}{}}
	m := s.mux
	m.HandleFunc("POST /v1/listen_sessions", s.customer(s.createListenSession))
	m.HandleFunc("GET /v1/listen_sessions", s.customer(s.listListenSessions))
	m.HandleFunc("GET /v1/listen_sessions/{id}", s.customer(s.getListenSession))
	m.HandleFunc("DELETE /v1/listen_sessions/{id}", s.customer(s.closeListenSession))
	m.HandleFunc("GET /v1/listen_sessions/{id}/stream", s.customer(s.streamListenSession))
	m.HandleFunc("POST /v1/listen_sessions/{id}/results", s.customer(s.reportListenResult))
}

// eventWritten is called after an order event has been committed: it wakes
// this instance's streams of the account (other instances find the event
// with their next poll).
func (s *Server) eventWritten(ev store.Event) {
	s.relay.hub.Notify(ev.AccountID)
}

// IsListenSession reports whether a delivery's endpoint id names a listen
// session rather than a webhook endpoint.
func IsListenSession(endpointID string) bool {
	return strings.HasPrefix(endpointID, relay.SessionPrefix)
}

func renderListenSession(ls store.ListenSession) relay.Session {
	r := relay.Session{ID: ls.ID, Object: "listen_session", Events: ls.Events, ForwardTo: ls.ForwardTo, Status: relay.SessionOpen,
		StreamURL: "/v1/listen_sessions/" + ls.ID + "/stream", CreatedAt: order.FormatTime(ls.CreatedAt),
		LastSeenAt: timePtr(ls.LastSeenAt), ClosedAt: timePtr(ls.ClosedAt)}
	if ls.ClosedAt != nil {
		r.Status = relay.SessionClosed
	}
	if r.Events == nil {
		r.Events = []string{}
	}
	return r
}

type listenSessionRequest struct {
	Events    *[]string `json:"events"`
	ForwardTo *string   `json:"forward_to" nul:"checked"`
}

func (s *Server) createListenSession(w http.ResponseWriter, r *http.Request, accountID string) error {
	var req listenSessionRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return secretNotSettable(err, "the server makes a listen session's signing secret and this request's answer holds it: leave the field out")
	}
	// Omitted, events means all of them; an empty list is refused, as on
	// webhook endpoints: a session that receives nothing is a mistake.
	events := order.EventTypes
	if req.Events != nil {
		var err error
		if events, err = ValidateEvents(*req.Events); err != nil {
			return err
		}
	}
	forwardTo := ""
	if req.ForwardTo != nil {
		forwardTo = *req.ForwardTo
		if err := validateForwardTo(forwardTo); err != nil {
			return err
		}
	}
	secret, err := webhook.NewSecret()
	if err != nil {
		return err
	}
	now := s.now()
	ls := store.ListenSession{ID: ids.NewAt(relay.SessionPrefix, now), AccountID: accountID, Events: events, ForwardTo: forwardTo,
		Secret: secret, CreatedAt: now}
	if err := s.store.CreateListenSession(r.Context(), ls, s.cfg.MaxListenSessionsPerAccount); err != nil {
		if errors.Is(err, store.ErrListenSessionLimit) {
			return errConflict("listen_session_limit_reached", fmt.Sprintf(
				"this account has as many open listen sessions as the server allows (%d); close those no longer used with DELETE /v1/listen_sessions/{id} (GET /v1/listen_sessions?status=open lists them)",
				s.cfg.MaxListenSessionsPerAccount))
		}
		return err
	}
	res := renderListenSession(ls)
	res.Secret = secret
	writeJSON(w, http.StatusCreated, res)
	return nil
}

// validateForwardTo checks a session's forward_to: the local URL
// `esahayak listen` posts each event to. The server never connects to it
// (it is shown on the session), so a loopback or private host is what it
// usually is; it must still be an absolute http(s) URL with a host, as the
// listener requires, not javascript:x.
func validateForwardTo(raw string) error {
	const msg = "forward_to must be an absolute http:// or https:// URL of at most 2048 characters, such as http://localhost:3000/webhooks/esahayak"
	if raw == "" {
		return errValidation("invalid_forward_to", "forward_to is empty: leave it out (or null) for a session with none, or give an absolute http:// or https:// URL, such as http://localhost:3000/webhooks/esahayak", "forward_to")
	}
	if n := utf8.RuneCountInString(raw); n > MaxURLLength {
		return errValidation("invalid_forward_to", fmt.Sprintf("forward_to must be at most %d characters (this one has %d); shorten it", MaxURLLength, n), "forward_to")
	}
	// Shown on the session and in the dashboard as the endpoint's URL
	// is: the same characters are refused (a U+202E reads it as another),
	// control characters among them, named with their position (a BEL was
	// told the URL was not absolute, or too long).
	if err := refuseInvisible(raw, "forward_to", "invalid_forward_to"); err != nil {
		return err
	}
	if strings.IndexFunc(raw, unicode.IsControl) >= 0 {
		return errValidation("invalid_forward_to", msg, "forward_to")
	}
	// A space, as an endpoint's url refuses it and esahayak listen its
	// --forward-to: at the end or in the path it was taken and shown, a
	// URL the listener sends to another path (%20); at the start or in
	// the host it was told it was no absolute URL.
	if strings.Contains(raw, " ") && spaceInAbsoluteURL(raw) {
		return errValidation("invalid_forward_to", "forward_to must not contain whitespace; remove it, or write a space that belongs in the path or query as %20", "forward_to")
	}
	if what := urlWrapping(raw); what != "" {
		return errURLWrapped("forward_to", "invalid_forward_to", what)
	}
	// A host may be left out when a port is given: `esahayak listen
	// --forward-to :3000/hook` sends http://:3000/hook, which the listener
	// dials on its own machine.
	if HostWithoutScheme(raw) {
		// localhost:3000/webhooks, as one types a local handler's
		// address: Go reads "localhost" as its scheme.
		m := "forward_to must start with http:// or https:// before its host; it has no scheme"
		if utf8.RuneCountInString(raw) <= maxEchoedURL && !strings.ContainsFunc(raw, unicode.IsSpace) {
			m += ": write http://" + raw
		}
		return errValidation("invalid_forward_to", m, "forward_to")
	}
	u, err := url.Parse(raw)
	if err == nil && u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" && u.Opaque == "" && u.Host != "" {
		return errValidation("invalid_forward_to", fmt.Sprintf("forward_to must be an http:// or https:// URL; its scheme is %q", order.Excerpt(u.Scheme)), "forward_to")
	}
	if port, ok := refusedPort(err); ok {
		return errValidation("invalid_forward_to", invalidPortMessage("forward_to", port), "forward_to")
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Hostname() == "" && u.Port() == "") || strings.Contains(raw, " ") {
		return errValidation("invalid_forward_to", msg, "forward_to")
	}
	if h := u.Hostname(); h != "" && !validHost(h) {
		return errValidation("invalid_forward_to", fmt.Sprintf("forward_to's host %q is neither a host name nor an IP address", h), "forward_to")
	}
	if u.User != nil {
		// forward_to is shown on the session, to anyone with the
		// account's dashboard: no passwords in it (`esahayak listen`
		// keeps them to itself).
		return errValidation("invalid_forward_to", "forward_to must not hold credentials (user:password@)", "forward_to")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return errValidation("invalid_forward_to", invalidPortMessage("forward_to", p), "forward_to")
		}
	}
	return nil
}

func (s *Server) listenSession(r *http.Request, accountID string) (store.ListenSession, error) {
	id := r.PathValue("id")
	if !ids.Valid(relay.SessionPrefix, id) {
		return store.ListenSession{}, errNotFoundID("listen session", relay.SessionPrefix, id)
	}
	ls, err := s.store.GetListenSession(r.Context(), accountID, id)
	if err != nil {
		return ls, notFoundAs(err, "listen session")
	}
	return ls, nil
}

func (s *Server) getListenSession(w http.ResponseWriter, r *http.Request, accountID string) error {
	ls, err := s.listenSession(r, accountID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, renderListenSession(ls))
	return nil
}

// listenSessionStatuses are the values of GET /v1/listen_sessions'
// ?status=, the session's status field.
var listenSessionStatuses = []string{store.ListenSessionOpen, store.ListenSessionClosed}

func (s *Server) listListenSessions(w http.ResponseWriter, r *http.Request, accountID string) error {
	lp, err := listParams(r, accountID, relay.SessionPrefix, "status")
	if err != nil {
		return err
	}
	p := store.ListListenSessionsParams{ListParams: lp}
	if status := r.URL.Query().Get("status"); status != "" {
		// Any ASCII case, as the other lists' ?status=.
		p.Status = order.LowerASCII(status)
		if !slices.Contains(listenSessionStatuses, p.Status) {
			return errNotOneOf("invalid_status", "status", "status must be one of "+strings.Join(listenSessionStatuses, ", "), status, listenSessionStatuses)
		}
	}
	ss, more, err := s.store.ListListenSessions(r.Context(), p)
	if err != nil {
		return err
	}
	out := make([]relay.Session, len(ss))
	for i, ls := range ss {
		out[i] = renderListenSession(ls)
	}
	writeJSON(w, http.StatusOK, list(out, more))
	return nil
}

func (s *Server) closeListenSession(w http.ResponseWriter, r *http.Request, accountID string) error {
	id := r.PathValue("id")
	if !ids.Valid(relay.SessionPrefix, id) {
		return errNotFoundID("listen session", relay.SessionPrefix, id)
	}
	var req struct{} // none or {}, as deleteEndpoint reads it
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	ls, err := s.store.CloseListenSession(r.Context(), accountID, id, s.now())
	if err != nil {
		return notFoundAs(err, "listen session")
	}
	writeJSON(w, http.StatusOK, renderListenSession(ls))
	return nil
}

func (s *Server) streamListenSession(w http.ResponseWriter, r *http.Request, accountID string) error {
	// Parameters first, as on every route (queryError).
	if err := onlyParams(r, "last_event_id"); err != nil {
		return err
	}
	ls, err := s.listenSession(r, accountID)
	if err != nil {
		return err
	}
	if ls.ClosedAt != nil {
		return errConflict("listen_session_closed", "this listen session was closed; start a new one with `esahayak listen`")
	}
	// The cursor once: a second Last-Event-ID header, or a query
	// parameter naming another event than the header, was ignored, and
	// the stream replayed from whichever was read first, as a repeated
	// query parameter is refused rather than read as its first value.
	if len(r.Header.Values("Last-Event-ID")) > 1 {
		return errValidation("invalid_last_event_id", "Last-Event-ID must be sent once", "Last-Event-ID")
	}
	header, query := r.Header.Get("Last-Event-ID"), r.URL.Query().Get("last_event_id")
	// Each is read as an id before the two are compared: one in upper
	// case names the event the other does, and was told that the two
	// name different events rather than the lower-case id it reads as.
	for _, c := range []struct{ id, from string }{{header, "Last-Event-ID"}, {query, "last_event_id"}} {
		if c.id != "" && !ids.Valid(ids.Event, c.id) {
			// param names what was sent: the header, or the query parameter.
			return errValidation("invalid_last_event_id", c.from+" must be an event id (evt_…)"+idValueNote(c.id, ids.Event), c.from)
		}
	}
	if header != "" && query != "" && header != query {
		return errValidation("invalid_last_event_id", "Last-Event-ID and last_event_id name different events; send the last event id received once", "last_event_id")
	}
	last, from := header, "Last-Event-ID"
	if last == "" {
		last, from = query, "last_event_id"
	}
	if t, ok := relay.IDTime(ids.Event, last); ok && t.After(s.now().Add(reportMaxSkew)) {
		// The stream sends what comes after it: an id from the future
		// would silence it until then, on every reconnect.
		return errValidation("invalid_last_event_id", from+" names an event from the future; send the id of the last event received", from)
	}
	if err := refuseStreamBody(w, r); err != nil {
		return err
	}
	if r.Method == http.MethodHead {
		// The headers are the whole answer: no stream, no listener slot.
		// They are the stream's, no-store included (see Start below).
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		return nil
	}
	wake, unsubscribe, ok := s.relay.hub.Subscribe(accountID, maxStreamsPerAccount)
	if !ok {
		return &Error{Status: http.StatusTooManyRequests, Type: typeInvalidRequest, Code: "too_many_listeners",
			Message: "this account already has the most open listen streams on this server; stop one first"}
	}
	defer unsubscribe()
	if err := s.store.TouchListenSession(r.Context(), accountID, ls.ID, s.now()); err != nil {
		return notFoundAs(err, "listen session")
	}

	// The stream outlives the request's deadline (untimed), and ends when
	// the client goes away, the key or the session does, or the server
	// shuts down. Its first read (the replay) still has the deadline, and
	// the headers go out only once that read is done: a database that does
	// not answer gets the 503 any request gets.
	ctx, stop := untimed(r)
	defer stop()
	keyHash := streamKeyHash(ctx, r)
	go s.watchStream(ctx, stop, keyHash, accountID, ls.ID)
	started := false
	err = relay.Stream(ctx, relay.ResponseFlusher(w), relay.StreamConfig{
		Store: s.store, Session: ls, LastEventID: last, Wake: wake, Done: s.relay.shutdownOf(r), Log: s.log,
		Now: s.now, ReplayCtx: r.Context(), Allowed: s.keyStands(keyHash),
		Start: func() {
			started = true
			// The stream outlives the server's ReadTimeout, which would
			// otherwise end it: the request has no body left to read.
			_ = http.NewResponseController(w).SetReadDeadline(time.Time{})
			h := w.Header()
			h.Set("Content-Type", "text/event-stream")
			// The events are the account's data, as every /v1 answer is:
			// no-store, as ServeHTTP set it, not the no-cache of SSE
			// examples, which lets a cache keep them.
			h.Set("Cache-Control", "no-store")
			h.Set("X-Accel-Buffering", "no") // no buffering in nginx and the like
			w.WriteHeader(http.StatusOK)
		},
	})
	if !started && errors.Is(err, relay.ErrNotAllowed) {
		return errUnauthorized("invalid_api_key", "the API key is not valid or has been revoked")
	}
	if !started && err != nil {
		return err
	}
	if err != nil && ctx.Err() == nil {
		s.log.Debug("listen stream ended", slog.String("session", ls.ID), slog.Any("err", err))
	}
	return nil
}

// streamRecheck is how often an open listen stream checks that it may go
// on.
const streamRecheck = 2 * time.Second

// watchStream ends a listen stream (stop) once the API key that opened it
// has been revoked, or its session closed or gone: a stream outlives the
// request's authentication, and a revoked key must stop receiving events.
// The listener then reconnects and is refused.
//
// A stream with events to send asks first (keyStands): this check is for
// the streams that have none.
func (s *Server) watchStream(ctx context.Context, stop context.CancelFunc, keyHash []byte, accountID, sessionID string) {
	t := time.NewTicker(streamRecheck)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if keyHash != nil {
			if _, err := s.store.APIKeyByHash(ctx, keyHash); errors.Is(err, store.ErrNotFound) {
				stop()
				return
			}
		}
		ls, err := s.store.GetListenSession(ctx, accountID, sessionID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && ls.ClosedAt != nil) {
			stop()
			return
		}
	}
}

// streamKeyHash is the SHA-256 of the API key that opened a listen
// stream, nil when the dashboard's own call (ServeAccount) opened it.
func streamKeyHash(ctx context.Context, r *http.Request) []byte {
	if principalFrom(ctx).accountID != "" {
		return nil
	}
	token, apiErr := bearer(r)
	if apiErr != nil {
		return nil
	}
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// keyStands is a listen stream's relay.StreamConfig.Allowed: whether the
// key of keyHash is still active, asked before events are sent, so that
// a revoked key's stream is sent no event committed after the revoke.
func (s *Server) keyStands(keyHash []byte) func(context.Context) (bool, error) {
	if keyHash == nil {
		return nil
	}
	return func(ctx context.Context) (bool, error) {
		_, err := s.store.APIKeyByHash(ctx, keyHash)
		if errors.Is(err, store.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}
}

// shutdownOf returns a channel closed when the http.Server serving r shuts
// down (nil, never closed, when there is none, as under httptest).
func (st *relayState) shutdownOf(r *http.Request) <-chan struct{} {
	srv, _ := r.Context().Value(http.ServerContextKey).(*http.Server)
	if srv == nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, ok := st.shutdown[srv]
	if !ok {
		ch = make(chan struct{})
		st.shutdown[srv] = ch
		srv.RegisterOnShutdown(func() { close(ch) })
	}
	return ch
}

// Limits of a reported attempt, matching what a real attempt keeps.
const (
	maxReportHeaders     = 100
	maxReportHeaderBytes = 8 << 10
	maxReportError       = 1000
	// A listener reports an attempt as soon as it has made it, or after it
	// reconnects; started_at outside these bounds is a mistake.
	reportMaxAge  = 24 * time.Hour
	reportMaxSkew = 5 * time.Minute
)

// reportErrorKinds are the attempt error kinds of docs/api.md.
var reportErrorKinds = []string{"http_status", "redirect", "timeout", "dns", "tls", "connection_refused", "connection_reset", "blocked", "proxy", "other"}

func (s *Server) reportListenResult(w http.ResponseWriter, r *http.Request, accountID string) error {
	id := r.PathValue("id")
	if !ids.Valid(relay.SessionPrefix, id) {
		return errNotFoundID("listen session", relay.SessionPrefix, id)
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	// The session first: a closed one answers 409 whatever the report
	// says, as its stream does (docs/api.md).
	ls, err := s.listenSession(r, accountID)
	if err != nil {
		return err
	}
	if ls.ClosedAt != nil {
		return errClosedSessionResult()
	}
	var rep relay.Report
	if err := decodeJSON(body, &rep, false); err != nil {
		return headerValueError(body, reportNumberError(err))
	}
	for _, field := range []string{"request_headers", "response_headers"} {
		if err := nonStringHeader(body, field); err != nil {
			return err
		}
	}
	if err := emptyReportField(body, rep); err != nil {
		return err
	}
	a, err := parseReport(rep, s.now())
	if err != nil {
		return err
	}
	ev, err := s.store.GetEvent(r.Context(), accountID, rep.EventID)
	if err != nil {
		return notFoundAs(err, "event")
	}
	if err := streamable(ls, ev); err != nil {
		return err
	}
	// One report per event and session: a second (a listener sending its
	// report again after the answer to the first was lost) is answered
	// 200 with the delivery as the first recorded it, and adds nothing.
	d, added, err := s.store.RecordListenAttempt(r.Context(), store.ListenAttemptParams{SessionID: id, AccountID: accountID, EventID: rep.EventID,
		Attempt: a, Now: s.now()})
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound("listen session or event")
	}
	if errors.Is(err, store.ErrListenSessionClosed) {
		// Closed since it was read above (a DELETE racing the report).
		return errClosedSessionResult()
	}
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !added {
		status = http.StatusOK
	} else if s.deliverer != nil {
		s.deliverer.DeliveryRecorded(d) // live tables show it as they show the engine's
	}
	writeJSON(w, status, renderDelivery(d))
	return nil
}

// errClosedSessionResult refuses a result for a closed listen session.
func errClosedSessionResult() *Error {
	return errConflict("listen_session_closed", "this listen session was closed; its results can no longer be recorded")
}

// streamable refuses a report of an event the session's stream never
// sends (relay.Stream): a test event, one created before the session (its
// id at or below the floor of the session's creation, the stream's own
// bound, whatever Last-Event-ID and its lookback say), or one of a type
// the session did not ask for. Recording it would show a delivery that
// never happened.
func streamable(ls store.ListenSession, ev store.Event) error {
	const code = "event_not_streamed"
	switch {
	case ev.Test:
		return errValidation(code, "event "+ev.ID+" is a test event of a webhook endpoint; listen sessions are never sent test events", "event_id")
	case ev.ID <= ids.Floor(ids.Event, ls.CreatedAt):
		return errValidation(code, "event "+ev.ID+" was created before this listen session started; a session is sent only later events", "event_id")
	case len(ls.Events) > 0 && !slices.Contains(ls.Events, ev.Type): // no types: every type, as the stream reads it
		return errValidation(code, "event "+ev.ID+" is "+article(ev.Type)+" "+ev.Type+" event; this listen session receives only "+strings.Join(ls.Events, ", "), "event_id")
	}
	return nil
}

// Range errors of a listen result's numbers, as parseReport words them,
// each ending with the number sent (lit: as sent when the decoder could
// not hold it, else as read): a duration_ms of -1 or a status of 1000, as
// a listener computed them, was told the range alone.
func errReportDuration(lit string) *Error {
	return errValidation("invalid_duration_ms", "duration_ms must be from 0 to 3600000, not "+order.Excerpt(lit), "duration_ms")
}

func errReportStatus(lit string) *Error {
	return errValidation("invalid_status", "status must be from 0 to 999 (the three digits of the handler's status line, or 0 when no response arrived), not "+order.Excerpt(lit), "status")
}

// reportNumberError gives a number too large for the decoder to hold
// (a duration of 1e400, a status of twenty digits) its field's own range
// error, as a number it could hold but out of range gets, instead of an
// invalid_type that says "must be a JSON number, not number". A status
// with a fraction (200.5) stays invalid_type: it is not an integer.
func reportNumberError(err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Code != "invalid_type" {
		return err
	}
	_, lit, ok := strings.Cut(e.Message, ", not number ")
	if !ok {
		return err
	}
	switch {
	case e.Param == "duration_ms":
		return errReportDuration(lit)
	case e.Param == "status" && strings.Trim(lit, "-0123456789") == "":
		return errReportStatus(lit)
	}
	return err
}

// errHeadersTooLarge refuses a result's header map beyond what the engine
// records of a real attempt.
func errHeadersTooLarge(field string) *Error {
	return errValidation("headers_too_large", field+" must have at most 100 headers and 8 KiB", field)
}

// headerValueError names the header whose value is not a string in an
// invalid_type error about a whole header map ("request_headers", as the
// decoder gives it): the first such header, in the body's order, as any
// other field's error names the field however deeply it nests.
func headerValueError(body []byte, err error) error {
	var e *Error
	if errors.As(err, &e) && isTooManyValues(e) {
		// Thousands of headers: more than 100, as parseReport would say
		// had the body been read to the end.
		for _, field := range []string{"request_headers", "response_headers"} {
			if e.Param == field || strings.HasPrefix(e.Param, field+".") {
				return errHeadersTooLarge(field)
			}
		}
	}
	if !errors.As(err, &e) || e.Code != "invalid_type" || (e.Param != "request_headers" && e.Param != "response_headers") {
		return err
	}
	if named := nonStringHeader(body, e.Param); named != nil {
		return named
	}
	return err
}

// nonStringHeader refuses the first header of the map field of a JSON
// body whose value is not a string, null included (which decodes to "",
// a header never sent), in the body's order; nil when there is none.
func nonStringHeader(body []byte, field string) *Error {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil || fields[field] == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(fields[field]))
	dec.UseNumber() // a 1e400, past a float64's range, is a number all the same
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		k, kerr := dec.Token()
		key, _ := k.(string)
		var v any
		if kerr != nil || dec.Decode(&v) != nil {
			return nil
		}
		if _, ok := v.(string); !ok {
			if !httpguts.ValidHeaderFieldName(key) {
				return errHeaderName(field, key)
			}
			f := field + "." + key
			return errValidation("invalid_type", fmt.Sprintf("%s must be a JSON string, not %s", order.Excerpt(f), jsonValueKind(v)), f)
		}
	}
	return nil
}

// errHeaderName refuses a header name no HTTP message carries: the log
// shows it as a header that was sent or received. A long name is cut.
func errHeaderName(field, name string) *Error {
	shown := name
	if len(shown) > 40 {
		shown = strings.ToValidUTF8(shown[:40], "") + "…"
	}
	return errValidation("invalid_header_name", fmt.Sprintf("%s has a header named %q, which is no HTTP header name (letters, digits and !#$%%&'*+-.^_`|~)", field, shown), field)
}

// jsonValueKind names the kind of a value encoding/json decoded into any.
func jsonValueKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case float64, json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "value of another kind"
}

// emptyReportField refuses a result's event_id or started_at sent as "",
// in the order parseReport checks them. Read from a Report's strings, ""
// is a field left out, and parseReport said it "is required": a client
// that had sent the field was told it had left it out, where an
// endpoint's url and recover's since sent as "" are told they are empty.
// A field left out or null is still "required".
func emptyReportField(body []byte, rep relay.Report) error {
	var sent struct {
		EventID   *string `json:"event_id"`
		StartedAt *string `json:"started_at"`
	}
	if json.Unmarshal(body, &sent) != nil {
		return nil
	}
	switch {
	case rep.EventID == "" && sent.EventID != nil:
		return errValidation("invalid_event_id", "event_id is empty; send the id (evt_…) of the event the result is for", "event_id")
	case rep.EventID != "" && rep.StartedAt == "" && sent.StartedAt != nil:
		return errValidation("invalid_started_at", "started_at is empty; send when the request was sent to the local URL, an RFC 3339 time such as 2024-01-15T10:30:00Z", "started_at")
	}
	return nil
}

// parseReport checks a listener's report and makes it an attempt.
func parseReport(rep relay.Report, now time.Time) (store.Attempt, error) {
	// Left out or null, a required field is told it is required, as
	// an order's and an endpoint's are (sent as "", it is told it is
	// empty first, by emptyReportField): "must be an event id (evt_…)"
	// read as a value of the wrong form where none was sent.
	if rep.EventID == "" {
		return store.Attempt{}, errValidation("invalid_event_id", "event_id is required: the id (evt_…) of the event the result is for", "event_id")
	}
	if rep.StartedAt == "" {
		return store.Attempt{}, errValidation("invalid_started_at", "started_at is required: when the request was sent to the local URL, an RFC 3339 time", "started_at")
	}
	if !ids.Valid(ids.Event, rep.EventID) {
		return store.Attempt{}, errValidation("invalid_event_id", "event_id must be an event id (evt_…)"+idValueNote(rep.EventID, ids.Event), "event_id")
	}
	// A time of year 0000 (or past 9999 in UTC) is RFC 3339, and told
	// the range below (its UTC year is checked by it).
	started, ok := readRFC3339(rep.StartedAt)
	if !ok {
		return store.Attempt{}, errValidation("invalid_started_at", "started_at must be an RFC 3339 time"+rfc3339Note(rep.StartedAt), "started_at")
	}
	if started.Before(now.Add(-reportMaxAge)) || started.After(now.Add(reportMaxSkew)) {
		return store.Attempt{}, errValidation("invalid_started_at", "started_at must be within the last 24 hours (and at most 5 minutes ahead of the server's clock)", "started_at")
	}
	if rep.DurationMS < 0 || rep.DurationMS > float64(time.Hour/time.Millisecond) {
		return store.Attempt{}, errReportDuration(strconv.FormatFloat(rep.DurationMS, 'f', -1, 64))
	}
	// Any three digits a status line can carry, as the engine records
	// them for an endpoint: Go's client reads "HTTP/1.1 700 Weird" as 700
	// (and "042" as 42), and a listener reports what it read. Refused, a
	// handler answering 700 lost its result while a webhook endpoint
	// with the same handler had its 700 recorded.
	if rep.Status < 0 || rep.Status > 999 {
		return store.Attempt{}, errReportStatus(strconv.Itoa(rep.Status))
	}
	for _, h := range []struct {
		name string
		m    map[string]string
	}{{"request_headers", rep.RequestHeaders}, {"response_headers", rep.ResponseHeaders}} {
		n := 0
		for k, v := range h.m {
			n += len(k) + len(v)
		}
		if len(h.m) > maxReportHeaders || n > maxReportHeaderBytes {
			return store.Attempt{}, errHeadersTooLarge(h.name)
		}
		// In sorted order, so that the same request names the same header.
		for _, k := range slices.Sorted(maps.Keys(h.m)) {
			if !httpguts.ValidHeaderFieldName(k) && k != egress.HeadersCutKey {
				// egress.HeadersCutKey is listen's own mark of headers it
				// left out (more than 100, or 8 KiB), as the engine's log has.
				return store.Attempt{}, errHeaderName(h.name, k)
			}
			// Control characters (a line break, NUL) are in no HTTP
			// message's header value; bidi controls are shown escaped.
			if !httpguts.ValidHeaderFieldValue(h.m[k]) {
				f := h.name + "." + k
				return store.Attempt{}, errValidation("invalid_characters", f+" has a control character, which no HTTP header value carries", f)
			}
		}
	}
	if strings.TrimSpace(rep.Error) == "" {
		// A blank error is no error: kept as it came, a 2xx reported
		// with " " was a failure whose error read as nothing, and a
		// status of 0 with one had no word of what went wrong.
		rep.Error = ""
	}
	if n := utf8.RuneCountInString(rep.Error); n > maxReportError {
		return store.Attempt{}, errValidation("invalid_error", fmt.Sprintf("error must be at most %d characters (this one has %d); shorten it", maxReportError, n), "error")
	}
	if rep.ErrorKind != "" && !slices.Contains(reportErrorKinds, rep.ErrorKind) {
		return store.Attempt{}, errNotOneOf("invalid_error_kind", "error_kind", "error_kind must be one of "+strings.Join(reportErrorKinds, ", "), rep.ErrorKind, reportErrorKinds)
	}
	if rep.Status == 0 && rep.Error == "" {
		return store.Attempt{}, errValidation("missing_field", "error is required when status is 0 (no response arrived)", "error")
	}
	ok = rep.Status >= 200 && rep.Status < 300 && rep.Error == ""
	if ok && rep.ErrorKind != "" {
		// The log would show a succeeded attempt with a failure's kind.
		return store.Attempt{}, errValidation("invalid_error_kind", "error_kind must be empty for a successful attempt (a 2xx status and no error)", "error_kind")
	}
	a := store.Attempt{
		ID: ids.NewAt(ids.Attempt, now), StartedAt: started.UTC(), Duration: reportDuration(rep.DurationMS),
		RequestHeaders: oneEntryPerHeader(rep.RequestHeaders, false), ResponseStatus: rep.Status, ResponseHeaders: egress.CutStoredValues(oneEntryPerHeader(rep.ResponseHeaders, true)),
		ResponseBody: truncateBody(rep.ResponseBody), Error: egress.CutErrorText(rep.Error), ErrorKind: rep.ErrorKind, Succeeded: ok,
	}
	if a.RequestHeaders == nil {
		a.RequestHeaders = map[string]string{}
	}
	if !ok && a.Error == "" {
		a.ErrorKind, a.Error = egress.StatusFailure(rep.Status, a.ResponseHeaders["Location"])
	}
	if !ok && a.ErrorKind == "" {
		// A failure always has a kind: a 2xx reported with an error (its
		// body broke off, say) is one the kinds above do not name.
		a.ErrorKind = egress.KindOther
	}
	return a, nil
}

// reportDuration is a listen result's duration_ms to the microsecond, the
// precision listen reports and the attempt shows. Multiplied out to
// nanoseconds and cut, 1.001 ms was 1000999.9999999999 ns, and the attempt
// read 1 ms.
func reportDuration(ms float64) time.Duration {
	return time.Duration(math.Round(ms*1000)) * time.Microsecond
}

// oneEntryPerHeader merges the entries of a reported header map whose
// names differ only in case: header names are case-insensitive, so
// {"A": "1", "a": "2"} is one header sent twice, and the log shows it once,
// as the engine's log shows a response's repeated header: under its
// canonical name ("A"), the values joined with ", " (egress.StoredHeaders),
// in the order of the names as sent, sorted. canonical renames every entry
// so, as Go's client names a response's headers ("content-type" is
// "Content-Type"); otherwise a name that merges with none is kept as sent,
// as the engine logs the request headers it wrote ("webhook-id").
func oneEntryPerHeader(h map[string]string, canonical bool) map[string]string {
	if h == nil {
		return nil
	}
	names := map[string][]string{} // by canonical name, in sorted order
	for _, k := range slices.Sorted(maps.Keys(h)) {
		// egress.HeadersCutKey, no header name, is kept as it is.
		c := textproto.CanonicalMIMEHeaderKey(k)
		names[c] = append(names[c], k)
	}
	if !canonical && len(names) == len(h) {
		return h
	}
	out := make(map[string]string, len(names))
	for c, ks := range names {
		if len(ks) == 1 && !canonical {
			out[ks[0]] = h[ks[0]]
			continue
		}
		values := make([]string, len(ks))
		for i, k := range ks {
			values[i] = h[k]
		}
		out[c] = strings.Join(values, ", ")
	}
	return out
}

// truncateBody keeps the first 4 KiB of a reported response body (what a
// real attempt keeps), cut at a character boundary.
func truncateBody(b string) string {
	const limit = 4 << 10
	if len(b) > limit {
		i := limit
		for i > 0 && !utf8.RuneStart(b[i]) {
			i--
		}
		b = b[:i]
	}
	return strings.ToValidUTF8(b, "\uFFFD")
}

// refuseStreamBody refuses a stream request that has a body: a stream
// reads nothing from its request, and a body announced and never sent
// would keep the server from noticing the client left. A chunked body
// that ends at once with its zero-size chunk is no body, as Content-Length:
// 0 is not (a client library that always streams its request body sends
// one); it was refused all the same. So a chunked body is read for at most
// unreadBodyGrace: one that ends empty in that time lets the stream start,
// and one that holds a byte, or has not ended by then, is refused at once
// as before.
func refuseStreamBody(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength == 0 {
		return nil
	}
	if r.ContentLength < 0 && bodyEndsEmpty(w, r) {
		return nil
	}
	return errBadRequest("body_not_allowed", "a stream request has no body", "")
}

// bodyEndsEmpty reports whether r's body, of a length not announced,
// ends within unreadBodyGrace without a byte. The read's deadline is
// lifted when it ends so (Go's server lifts it too, once it reads the
// connection for the client's going away); one that did not end keeps
// it, so nothing more is read from a connection that is closing.
func bodyEndsEmpty(w http.ResponseWriter, r *http.Request) bool {
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Now().Add(unreadBodyGrace)); err != nil {
		return false
	}
	var b [1]byte
	if n, err := io.ReadFull(r.Body, b[:]); n != 0 || err != io.EOF {
		w.Header().Set("Connection", "close")
		return false
	}
	_ = rc.SetReadDeadline(time.Time{})
	return true
}
