package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/store"
)

type deliveryResource struct {
	ID             string             `json:"id"`
	Object         string             `json:"object"`
	EventID        string             `json:"event_id"`
	EventType      string             `json:"event_type"`
	EndpointID     string             `json:"endpoint_id"`
	Status         string             `json:"status"`
	AttemptCount   int                `json:"attempt_count"`
	NextAttemptAt  *string            `json:"next_attempt_at"`
	LastAttemptAt  *string            `json:"last_attempt_at"`
	LastStatusCode *int               `json:"last_status_code"`
	LastError      string             `json:"last_error,omitempty"`
	Test           bool               `json:"test"`
	CreatedAt      string             `json:"created_at"`
	UpdatedAt      string             `json:"updated_at"`
	Attempts       *[]attemptResource `json:"attempts,omitempty"` // only in GET of one delivery: [] before the first
}

type attemptResource struct {
	ID         string           `json:"id"`
	Number     int              `json:"number"`
	StartedAt  string           `json:"started_at"`
	DurationMS float64          `json:"duration_ms"`
	Succeeded  bool             `json:"succeeded"`
	Request    attemptRequest   `json:"request"`
	Response   *attemptResponse `json:"response"`
	Error      string           `json:"error"`      // "" when it succeeded
	ErrorKind  string           `json:"error_kind"` // "" when it succeeded
}

type attemptRequest struct {
	Headers map[string]string `json:"headers"`
}

type attemptResponse struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

func timePtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := order.FormatTime(*t)
	return &s
}

// renderDeliveries renders ds as renderDelivery does, except that a
// retrying delivery whose webhook endpoint is disabled (or gone) shows no
// next_attempt_at: it is held, not scheduled, and the time it had is past
// or soon will be. Enabling the endpoint makes it due at once. The store's
// row does not say it is held (its due_at is not read), so the endpoint
// does; each distinct endpoint is read once.
func (s *Server) renderDeliveries(ctx context.Context, accountID string, ds []store.Delivery) ([]deliveryResource, error) {
	held := map[string]bool{}
	out := make([]deliveryResource, len(ds))
	for i, d := range ds {
		out[i] = renderDelivery(d)
		if out[i].NextAttemptAt == nil || !ids.Valid(ids.Endpoint, d.EndpointID) {
			continue
		}
		h, ok := held[d.EndpointID]
		if !ok {
			e, err := s.store.GetEndpoint(ctx, accountID, d.EndpointID)
			switch {
			case errors.Is(err, store.ErrNotFound):
				h = true // deleted: its waiting deliveries end failed, never sent
			case err != nil:
				return nil, err
			default:
				h = e.Status != store.EndpointEnabled
			}
			held[d.EndpointID] = h
		}
		if h {
			out[i].NextAttemptAt = nil
		}
	}
	return out, nil
}

func renderDelivery(d store.Delivery) deliveryResource {
	r := deliveryResource{ID: d.ID, Object: "delivery", EventID: d.EventID, EventType: d.EventType, EndpointID: d.EndpointID,
		Status: d.Status, AttemptCount: d.Attempts, NextAttemptAt: timePtr(d.NextAttemptAt), LastAttemptAt: timePtr(d.LastAttemptAt),
		LastError: d.LastError, Test: d.Test, CreatedAt: order.FormatTime(d.CreatedAt), UpdatedAt: order.FormatTime(d.UpdatedAt)}
	if d.Status != store.DeliveryRetrying {
		r.NextAttemptAt = nil
	}
	if d.LastStatusCode != 0 {
		c := d.LastStatusCode
		r.LastStatusCode = &c
	}
	return r
}

func renderAttempt(a store.Attempt) attemptResource {
	r := attemptResource{ID: a.ID, Number: a.Number, StartedAt: order.FormatTime(a.StartedAt),
		DurationMS: float64(a.Duration.Microseconds()) / 1000, Succeeded: a.Succeeded,
		Request: attemptRequest{Headers: a.RequestHeaders}, Error: a.Error, ErrorKind: a.ErrorKind}
	if a.ResponseStatus != 0 {
		r.Response = &attemptResponse{Status: a.ResponseStatus, Headers: a.ResponseHeaders, Body: a.ResponseBody}
		if r.Response.Headers == nil {
			r.Response.Headers = map[string]string{}
		}
	}
	if r.Request.Headers == nil {
		r.Request.Headers = map[string]string{}
	}
	return r
}

var deliveryStatuses = []string{store.DeliveryPending, store.DeliveryRetrying, store.DeliverySucceeded, store.DeliveryFailed}

func (s *Server) listDeliveries(w http.ResponseWriter, r *http.Request, accountID string) error {
	lp, err := listParams(r, accountID, ids.Delivery, "endpoint_id", "event_id", "status", "event_type")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := store.ListDeliveriesParams{ListParams: lp, EndpointID: q.Get("endpoint_id"), EventID: q.Get("event_id"),
		Status: q.Get("status"), EventType: q.Get("event_type")}
	if p.EndpointID != "" && !ids.Valid(ids.Endpoint, p.EndpointID) && !ids.Valid(relay.SessionPrefix, p.EndpointID) {
		return errValidation("invalid_endpoint_id", "endpoint_id must be a webhook endpoint id (we_…) or a listen session id (ls_…)"+
			idValueNote(p.EndpointID, ids.Endpoint, relay.SessionPrefix), "endpoint_id")
	}
	if p.EventID != "" && !ids.Valid(ids.Event, p.EventID) {
		return errValidation("invalid_event_id", "event_id must be an event id (evt_…)"+idValueNote(p.EventID, ids.Event), "event_id")
	}
	if p.Status != "" {
		// Any ASCII case, as for orders' ?status=.
		sent := p.Status
		p.Status = order.LowerASCII(p.Status)
		if !slices.Contains(deliveryStatuses, p.Status) {
			return errNotOneOf("invalid_status", "status", "status must be one of "+strings.Join(deliveryStatuses, ", "), sent, deliveryStatuses)
		}
	}
	if p.EventType != "" && !order.IsEventType(p.EventType) {
		return errUnknownEventType(p.EventType, "event_type")
	}
	ds, more, err := s.store.ListDeliveries(r.Context(), p)
	if err != nil {
		return err
	}
	out, err := s.renderDeliveries(r.Context(), accountID, ds)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list(out, more))
	return nil
}

func (s *Server) getDelivery(w http.ResponseWriter, r *http.Request, accountID string) error {
	id := r.PathValue("id")
	if !ids.Valid(ids.Delivery, id) {
		return errNotFoundID("delivery", ids.Delivery, id)
	}
	d, err := s.store.GetDelivery(r.Context(), accountID, id)
	if err != nil {
		return notFoundAs(err, "delivery")
	}
	atts, err := s.store.ListAttempts(r.Context(), accountID, id)
	if err != nil {
		return err
	}
	one, err := s.renderDeliveries(r.Context(), accountID, []store.Delivery{d})
	if err != nil {
		return err
	}
	res := one[0]
	rendered := make([]attemptResource, len(atts))
	for i, a := range atts {
		rendered[i] = renderAttempt(a)
	}
	res.Attempts = &rendered
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) retryDelivery(w http.ResponseWriter, r *http.Request, accountID string) error {
	id := r.PathValue("id")
	// Before the body, as every route with an id in its path: the 404
	// needs none of it, and comes at once rather than once the body has
	// arrived (or after the server's wait for one that never does).
	if !ids.Valid(ids.Delivery, id) {
		return errNotFoundID("delivery", ids.Delivery, id)
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	if err := decodeJSON(body, &struct{}{}, true); err != nil {
		return err
	}
	cur, err := s.store.GetDelivery(r.Context(), accountID, id)
	if err != nil {
		return notFoundAs(err, "delivery")
	}
	if IsListenSession(cur.EndpointID) {
		return errConflict("listen_delivery", "deliveries to an `esahayak listen` session cannot be resent by the server; trigger the event again while listening")
	}
	if err := s.requireEnabled(r, accountID, cur.EndpointID); err != nil {
		return err
	}
	d, err := s.store.RetryDelivery(r.Context(), accountID, id, s.now())
	if errors.Is(err, store.ErrInFlight) {
		return errConflict("delivery_in_flight", "an attempt of this delivery is in progress or queued to be sent now; retry it once that attempt has finished")
	}
	if err != nil {
		return notFoundAs(err, "delivery")
	}
	if s.deliverer != nil {
		s.deliverer.Submit(nil, true)
	}
	writeJSON(w, http.StatusAccepted, renderDelivery(d))
	return nil
}

// requireEnabled refuses to resend to an endpoint that would not receive it.
func (s *Server) requireEnabled(r *http.Request, accountID, endpointID string) error {
	e, err := s.store.GetEndpoint(r.Context(), accountID, endpointID)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errConflict("endpoint_deleted", "the delivery's webhook endpoint has been deleted")
		}
		return err
	}
	if e.Status != store.EndpointEnabled {
		return errConflict("endpoint_disabled", "the webhook endpoint is disabled; enable it first (PATCH status=enabled)")
	}
	return nil
}

type recoverRequest struct {
	Since *string `json:"since"`
	// IncludeMissed also sends the events since Since of the types the
	// endpoint takes now that it never got a delivery of: those made while
	// it was disabled, which failed deliveries alone would leave reachable
	// only by polling GET /v1/events, and, as nothing records when a type
	// was added, the older events of types added to it since.
	IncludeMissed *bool `json:"include_missed"`
}

// recoverResult is a recover's answer, its keys in the order docs/api.md
// and openapi.json write them (a map's came out sorted).
type recoverResult struct {
	EndpointID string `json:"endpoint_id"`
	Since      string `json:"since"`
	Recovered  int    `json:"recovered"`
	Missed     *int   `json:"missed,omitempty"` // with include_missed only
	NextSince  string `json:"next_since,omitempty"`
}

func (s *Server) recoverEndpoint(w http.ResponseWriter, r *http.Request, accountID string) error {
	id, err := s.endpointID(r)
	if err != nil {
		return err
	}
	var req recoverRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if req.Since == nil {
		return errValidation("missing_field", "since is required (an RFC 3339 time)", "since")
	}
	since, ok := readRFC3339(*req.Since)
	if !ok {
		return errValidation("invalid_since", "since must be an RFC 3339 time such as 2024-01-15T10:30:00Z"+rfc3339Note(*req.Since), "since")
	}
	if !writableYear(since) {
		// RFC 3339 writes a year 0000 (and an offset can move a time to
		// it or past 9999), and told it "must be an RFC 3339 time" its
		// sender looked for a typo.
		return errValidation("invalid_since", "since must be in the years 0001 to 9999 (in UTC): "+
			"from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z", "since")
	}
	// One read: an endpoint read twice (found, then checked enabled)
	// could be deleted between the reads, and the recover answered 409
	// endpoint_deleted, "the delivery's webhook endpoint", where a
	// deleted endpoint is 404 on every route of its own (as on test).
	if err := s.requireEnabled(r, accountID, id); err != nil {
		if e, ok := err.(*Error); ok && e.Code == "endpoint_deleted" {
			return errNotFound("webhook endpoint")
		}
		return err
	}
	// Times are shown to the millisecond, and the answer echoes since so:
	// the filter keeps that precision, or the echoed since would find
	// what a since of more digits, within its millisecond, did not.
	since = since.Truncate(time.Millisecond)
	now := s.now()
	n, err := s.store.RecoverEndpoint(r.Context(), accountID, id, since, now)
	if err != nil {
		return err
	}
	answer := recoverResult{EndpointID: id, Since: order.FormatTime(since), Recovered: n}
	missed := 0
	if req.IncludeMissed != nil && *req.IncludeMissed {
		var res store.MissedResult
		res, err = s.store.CreateMissedDeliveries(r.Context(), store.MissedParams{
			AccountID: accountID, EndpointID: id, Since: since, Now: now, Limit: s.cfg.MissedScanLimit,
		})
		missed = res.Made
		switch {
		case errors.Is(err, store.ErrEndpointDisabled):
			// Disabled between the check above and the write.
			return errConflict("endpoint_disabled", "the webhook endpoint is disabled; enable it first (PATCH status=enabled)")
		case errors.Is(err, store.ErrNotFound):
			return errNotFound("webhook endpoint")
		case err != nil:
			return err
		}
		answer.Missed = &missed
		// A walk cut short says where the next call goes on: one call
		// reads a bounded number of events, so that it answers within
		// the request's deadline however many the account has.
		if !res.NextSince.IsZero() {
			answer.NextSince = order.FormatTime(res.NextSince)
		}
	}
	if s.deliverer != nil && n+missed > 0 {
		s.deliverer.Submit(nil, true)
	}
	writeJSON(w, http.StatusAccepted, answer)
	return nil
}

var (
	rfc3339Date = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	// rfc3339Like is a date and a time as RFC 3339 writes them, with a T
	// or a space between them, followed by anything: the offset that
	// rfc3339Note reads.
	rfc3339Like = regexp.MustCompile(`^([0-9]{4}-[0-9]{2}-[0-9]{2})([Tt ])([0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?)(.*)$`)
	// unixSeconds and unixMillis are a Unix time written as a string, as
	// date +%s, time.time() and Date.now() give it, from 1973 on.
	unixSeconds     = regexp.MustCompile(`^([0-9]{9,11})(?:\.([0-9]{1,9}))?$`)
	unixMillis      = regexp.MustCompile(`^[0-9]{12,14}$`)
	offsetNoColon   = regexp.MustCompile(`^[+-][0-9]{4}$`)
	offsetNoMinutes = regexp.MustCompile(`^[+-][0-9]{2}$`)
)

// rfc3339Note says what in s, which readRFC3339 refused, RFC 3339 does
// not allow, for the slips of a time written as people and databases
// write it: a date alone, a space for the T, no UTC offset, an offset
// without its colon or minutes, a field out of range; that it is empty,
// or a Unix time (given in RFC 3339); "" for any other
// spelling. A refusal that stated the format alone ("2026-01-15
// 10:30:00" is "not an RFC 3339 time") left the sender comparing it to
// the example character by character.
func rfc3339Note(s string) string {
	// An empty value, or a Unix time, was told the format alone, as if
	// what was sent were a misspelt RFC 3339 time.
	if s == "" {
		return "; it is empty"
	}
	if m := unixSeconds.FindStringSubmatch(s); m != nil {
		sec, _ := strconv.ParseInt(m[1], 10, 64)
		nsec, _ := strconv.ParseInt((m[2] + "000000000")[:9], 10, 64)
		return "; " + quote(s) + " is a Unix time (seconds since 1970): write it as " + quote(time.Unix(sec, nsec).UTC().Format(time.RFC3339Nano))
	}
	if unixMillis.MatchString(s) {
		ms, _ := strconv.ParseInt(s, 10, 64)
		return "; " + quote(s) + " is a Unix time (milliseconds since 1970): write it as " + quote(time.UnixMilli(ms).UTC().Format(time.RFC3339Nano))
	}
	if rfc3339Date.MatchString(s) {
		return "; " + quote(s) + " is a date without a time: add the time and its UTC offset, such as " + quote(s+"T00:00:00Z")
	}
	m := rfc3339Like.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	date, sep, clock, offset := m[1], m[2], m[3], m[4]
	var problems []string
	if sep == " " {
		problems = append(problems, "a space between the date and the time, where RFC 3339 has a T")
	}
	switch {
	case offset == "":
		problems = append(problems, "no UTC offset: end it with Z for UTC ("+quote(date+"T"+clock+"Z")+") or with its time zone's offset, such as +05:30")
	case offsetNoColon.MatchString(offset):
		problems = append(problems, "a UTC offset without its colon: "+quote(date+"T"+clock+offset[:3]+":"+offset[3:]))
	case offsetNoMinutes.MatchString(offset):
		problems = append(problems, "a UTC offset without its minutes: "+quote(date+"T"+clock+offset+":00"))
	case sep == " ":
		problems[0] += ": " + quote(date+"T"+clock+offset)
	}
	if len(problems) > 0 {
		return "; " + quote(s) + " has " + strings.Join(problems, ", and ")
	}
	// The shape is RFC 3339's: a field is out of range.
	t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
	var pe *time.ParseError
	if errors.As(err, &pe) && strings.HasSuffix(pe.Message, " out of range") {
		return "; " + quote(s) + " has its " + strings.TrimPrefix(pe.Message, ": ")
	}
	if err == nil {
		if _, off := t.Zone(); off <= -24*3600 || off >= 24*3600 {
			return "; " + quote(s) + " has a UTC offset of 24 hours or more"
		}
	}
	return ""
}

// parseRFC3339 reads an RFC 3339 time strictly. Go's parser also takes
// offsets RFC 3339 does not allow (+24:00, +05:60) and a one-digit hour
// (T1:30:00Z), and a time whose UTC year falls outside 0001–9999 could
// not be written back as RFC 3339 in the answer.
func parseRFC3339(s string) (time.Time, bool) {
	t, ok := readRFC3339(s)
	return t, ok && writableYear(t)
}

// writableYear reports whether t's UTC year is one the API takes and
// writes back: 0001 to 9999.
func writableYear(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1 && y <= 9999
}

// readRFC3339 is parseRFC3339 without the check of the UTC year.
func readRFC3339(s string) (time.Time, bool) {
	if strings.Contains(s, ",") {
		return time.Time{}, false // Go takes a comma before the fraction; RFC 3339 does not
	}
	// RFC 3339 allows a lower-case t and z; Go's parser does not.
	if len(s) > 10 && s[10] == 't' {
		s = s[:10] + "T" + s[11:]
	}
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	if len(s) < 14 || s[13] != ':' {
		return time.Time{}, false // the hour is two digits, "2006-01-02T15:"
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	if n := len(s); s[n-1] != 'Z' && s[n-2:] >= "60" {
		return time.Time{}, false
	}
	if _, off := t.Zone(); off <= -24*3600 || off >= 24*3600 {
		return time.Time{}, false
	}
	return t, true
}

type testRequest struct {
	Type *string `json:"type"`
}

// testEventResult is a test event's answer, its keys in the order
// docs/api.md and openapi.json write them (a map's came out sorted).
type testEventResult struct {
	EventID  string            `json:"event_id"`
	Type     string            `json:"type"`
	Test     bool              `json:"test"`
	Delivery *deliveryResource `json:"delivery,omitempty"`
}

func (s *Server) testEndpoint(w http.ResponseWriter, r *http.Request, accountID string) error {
	id, err := s.endpointID(r)
	if err != nil {
		return err
	}
	var req testRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	typ := order.EventStampUploaded
	if req.Type != nil {
		typ = *req.Type
	}
	if !order.IsEventType(typ) {
		return errUnknownEventType(typ, "type")
	}
	if err := s.requireEnabled(r, accountID, id); err != nil {
		if e, ok := err.(*Error); ok && e.Code == "endpoint_deleted" {
			return errNotFound("webhook endpoint")
		}
		return err
	}
	ev, err := order.SampleEvent(accountID, typ, s.now())
	if err != nil {
		return err
	}
	var lease store.LeaseParams
	if s.deliverer != nil {
		lease = s.deliverer.Lease()
	}
	res, err := s.store.CreateTestEvent(r.Context(), ev, id, lease)
	if errors.Is(err, store.ErrEndpointDisabled) {
		// Disabled between the check above and the write.
		return errConflict("endpoint_disabled", "the webhook endpoint is disabled; enable it first (PATCH status=enabled)")
	}
	if err != nil {
		return notFoundAs(err, "webhook endpoint")
	}
	if s.deliverer != nil {
		s.deliverer.Submit(res.Work, res.Deliveries > len(res.Work))
	}
	ds, _, err := s.store.ListDeliveries(r.Context(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: accountID, Limit: 1}, EventID: ev.ID})
	if err != nil {
		return err
	}
	out := testEventResult{EventID: ev.ID, Type: typ, Test: true}
	if len(ds) == 1 {
		d := renderDelivery(ds[0])
		out.Delivery = &d
	}
	writeJSON(w, http.StatusAccepted, out)
	return nil
}

type statsResource struct {
	EndpointID     string  `json:"endpoint_id"`
	Window         string  `json:"window"`
	Since          string  `json:"since"`
	Attempts       int     `json:"attempts"`
	Succeeded      int     `json:"succeeded"`
	Failed         int     `json:"failed"`
	SuccessRate    float64 `json:"success_rate"`
	ErrorRate      float64 `json:"error_rate"`
	RetryAttempts  int     `json:"retry_attempts"`
	ResponseTimeMS struct {
		P50 float64 `json:"p50"`
		P95 float64 `json:"p95"`
		P99 float64 `json:"p99"`
	} `json:"response_time_ms"`
	Deliveries struct {
		Succeeded int `json:"succeeded"`
		Finished  int `json:"finished"`
	} `json:"deliveries"`
}

// sameWindow is the window of Windows that v spells as another period of
// the same length ("1d", "1 day", "60m", "168h", "1w", "P1D", "day"), or
// "". A spelling one edit from two windows ("1d" from 1h and 7d) got no
// hint from the edit distance, though it plainly meant 24h.
func sameWindow(v string) string {
	v = order.LowerASCII(strings.TrimSpace(v))
	if _, ok := Windows[v]; ok || len(v) == 0 || len(v) > 32 {
		// A window in another case or with spaces is a slip of its own
		// spelling, which errNotOneOf names.
		return ""
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		d = spelledPeriod(v)
	}
	for name, w := range Windows {
		if d == w {
			return name
		}
	}
	return ""
}

// periodUnits are the units a period is written with, by their spellings.
var periodUnits = map[string]time.Duration{
	"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour, "hourly": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour, "daily": 24 * time.Hour,
	"w": 7 * 24 * time.Hour, "wk": 7 * 24 * time.Hour, "wks": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour, "weekly": 7 * 24 * time.Hour,
}

// spelledPeriod reads v, in lower case, as a count and a unit ("1d",
// "7 days", "24hrs", a unit alone for one of it: "day"), or as an ISO 8601
// duration of one unit ("p1d", "pt24h", "p1w"); 0 when it is none of them.
func spelledPeriod(v string) time.Duration {
	if rest, ok := strings.CutPrefix(v, "p"); ok && rest != "" && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == 't') {
		v = strings.TrimPrefix(rest, "t")
	}
	digits := len(v) - len(strings.TrimLeft(v, "0123456789"))
	n := 1
	if digits > 0 {
		if digits > 6 {
			return 0
		}
		n, _ = strconv.Atoi(v[:digits])
	}
	unit, ok := periodUnits[strings.TrimSpace(v[digits:])]
	if !ok {
		return 0
	}
	return time.Duration(n) * unit
}

// Windows are the stats periods the API and dashboard offer.
var Windows = map[string]time.Duration{"1h": time.Hour, "24h": 24 * time.Hour, "7d": 7 * 24 * time.Hour}

func (s *Server) endpointStats(w http.ResponseWriter, r *http.Request, accountID string) error {
	// Parameters first, as on every route (queryError).
	if err := onlyParams(r, "window"); err != nil {
		return err
	}
	id, err := s.endpointID(r)
	if err != nil {
		return err
	}
	window := r.URL.Query().Get("window")
	if window == "" {
		window = "24h"
	}
	d, ok := Windows[window]
	if !ok {
		const rule = "window must be 1h, 24h or 7d"
		if same := sameWindow(window); same != "" && same != window {
			return errValidation("invalid_window", rule+", not "+quote(window)+fmt.Sprintf(" (did you mean %q, the same period?)", same), "window")
		}
		return errNotOneOf("invalid_window", "window", rule, window, []string{"1h", "24h", "7d"})
	}
	if _, err := s.store.GetEndpoint(r.Context(), accountID, id); err != nil {
		return notFoundAs(err, "webhook endpoint")
	}
	since := s.now().Add(-d)
	st, err := s.store.EndpointStats(r.Context(), accountID, id, since)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, RenderStats(id, window, since, st))
	return nil
}

// RenderStats turns store stats into the API's figures (rates as percentages).
func RenderStats(endpointID, window string, since time.Time, st store.Stats) statsResource {
	out := statsResource{EndpointID: endpointID, Window: window, Since: order.FormatTime(since), Attempts: st.Attempts,
		Succeeded: st.Succeeded, Failed: st.Failed, RetryAttempts: st.Retries}
	if st.Attempts > 0 {
		// Every attempt succeeded or failed, so the two rates are one
		// figure and its complement: each rounded on its own, 1 of 32
		// was 3.13 and 96.88, 100.01 in all. The success rate is rounded
		// (half up, in whole hundredths, so no float error moves it) and
		// the error rate is the rest.
		ok := (20000*int64(st.Succeeded) + int64(st.Attempts)) / (2 * int64(st.Attempts))
		out.SuccessRate = float64(ok) / 100
		out.ErrorRate = float64(10000-ok) / 100
	}
	out.ResponseTimeMS.P50 = ms(st.P50)
	out.ResponseTimeMS.P95 = ms(st.P95)
	out.ResponseTimeMS.P99 = ms(st.P99)
	out.Deliveries.Succeeded, out.Deliveries.Finished = st.DeliveriesOK, st.DeliveriesDone
	return out
}

// ms is d in milliseconds, rounded half up to hundredths in whole
// microseconds: rounded as a float, a duration that is a half hundredth
// (285 µs, 1.005 ms: about one in 170) was rounded down, as 285/1000·100
// is 28.499999999999996, and the p50 of one attempt of duration_ms 0.285
// read 0.28.
func ms(d time.Duration) float64 { return float64((d.Microseconds()+5)/10) / 100 }
