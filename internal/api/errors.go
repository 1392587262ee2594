package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/plural"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/suggest"
)

// Error is the one error shape of the API:
// {"error": {"type": "…", "code": "…", "message": "…", "param": "…"}}.
// Every error has all four keys, so clients can read them without checking
// which exist; param is "" when no one field, parameter or header is at
// fault.
type Error struct {
	Status  int    `json:"-"`
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Error types, by the kind of mistake.
const (
	typeInvalidRequest = "invalid_request_error"
	typeAuthentication = "authentication_error"
	typePermission     = "permission_error"
	typeNotFound       = "not_found_error"
	typeConflict       = "conflict_error"
	typeAPI            = "api_error"
)

func errBadRequest(code, msg, param string) *Error {
	return &Error{Status: http.StatusBadRequest, Type: typeInvalidRequest, Code: code, Message: msg, Param: param}
}

func errValidation(code, msg, param string) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Type: typeInvalidRequest, Code: code, Message: msg, Param: param}
}

// errUnknownEventType refuses an event type, naming the ones there are:
// wherever a type is taken (an endpoint's events, a test event, the list
// filters), the answer says what to send instead. A type one slip from a
// known one ("order.canceled", "STAMP_UPLOADED") is named too, as trigger,
// listen and webhook.Handler.On name it: the list of four alone left the
// caller comparing spellings letter by letter.
func errUnknownEventType(typ, param string) *Error {
	msg := "unknown event type " + quote(typ) + order.NotASCIINote(typ) +
		commaListNote(typ, param, func(v string) bool { return slices.Contains(order.EventTypes, v) })
	// No type is near a long one, and the distance costs its length times
	// each type's, for a type of up to the body's 1 MiB.
	if len(typ) <= 64 {
		if meant := suggest.EventType(typ, order.EventTypes...); meant != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", meant)
		}
	}
	return errValidation("unknown_event_type", msg+"; known types: "+strings.Join(order.EventTypes, ", "), param)
}

// errNotOneOf refuses v, which is none of values, with the 422 code and
// msg that state the rule, then what errUnknownEventType says of a type:
// the first character of v that is not ASCII ("pеnding" with a Cyrillic
// е reads as a value of the list), and the value meant when one is a slip
// away ("retring", "24H"), compared in any ASCII case.
func errNotOneOf(code, param, msg, v string, values []string) *Error {
	// The value is repeated, as a limit's is: ?status=done was told the
	// list alone, and its sender looked for what the server had read.
	msg += ", not " + quote(v) + order.NotASCIINote(v) + commaListNote(v, param, func(part string) bool {
		return slices.ContainsFunc(values, func(name string) bool { return order.LowerASCII(name) == order.LowerASCII(part) })
	})
	// No value is near a long one, and the distance costs its length.
	if len(v) <= 64 {
		key := order.LowerASCII(strings.TrimSpace(v))
		// An edit per four characters, at least one and at most two, as
		// a state's: "closd", "PROCESING", "7д".
		bound := min(2, max(1, utf8.RuneCountInString(key)/4))
		keyed := func(yield func(string, string) bool) {
			for _, name := range values {
				if !yield(order.LowerASCII(name), name) {
					return
				}
			}
		}
		if meant := suggest.Nearest(key, bound, true, keyed); meant != "" && meant != v {
			msg += fmt.Sprintf(" (did you mean %q?)", meant)
		}
	}
	return errValidation(code, msg, param)
}

// commaListNote is what a refusal of v, given for param, adds when v is
// several values that known takes, joined by commas (white space around
// each aside), or "": ?type=stamp.uploaded,stamp.failed, as other APIs
// take a filter's values, was told it was an unknown type and given the
// list of types, the very ones it held. An endpoint's events is a JSON
// array: each type is its own string there.
func commaListNote(v, param string, known func(string) bool) string {
	if len(v) > 1024 || !strings.Contains(v, ",") {
		return ""
	}
	parts := strings.Split(v, ",")
	for _, p := range parts {
		if !known(strings.TrimSpace(p)) {
			return ""
		}
	}
	if param == "events" {
		return fmt.Sprintf("; it holds %d types separated by commas: give each as its own string of the list", len(parts))
	}
	return fmt.Sprintf("; it holds %d values separated by commas, and %s takes one", len(parts), param)
}

func errNotFound(what string) *Error {
	return &Error{Status: http.StatusNotFound, Type: typeNotFound, Code: "resource_missing", Message: "no such " + what}
}

// errNotFoundID is errNotFound for a path id that is not of the form of a
// what's id (prefix and 26 letters and digits). The docs write ids as
// order_…, dlv_…, we_…, and a new user who ran the tour's curl as printed
// was told only "no such order", as if the order they had just made were
// gone. An id holding "…" is named as that placeholder; any other keeps
// the bare message. Nothing is looked up for either, so neither tells
// anything of another account's objects. A whole id of another kind (the
// order's stamp_request.id on an order's route, an order's id on an
// event's) says whose it is, as it was answered "no such order" as if the
// object just made were gone.
func errNotFoundID(what, prefix, id string) *Error {
	e := errNotFound(what)
	switch {
	case !strings.Contains(id, "…"):
		takes := "; this route takes " + article(what) + " " + what + " id (" + prefix + " and 26 letters and digits)"
		for _, k := range idKinds {
			if k.prefix != prefix && ids.Valid(k.prefix, id) {
				e.Message += ": " + quote(id) + " is the id of " + k.one + ", not of " + article(what) + " " + what + takes
				return e
			}
		}
		// An id in upper case (a spreadsheet's, a careless client's) or
		// with a look-alike letter (a Cyrillic о in оrder_…) reads as
		// the id it is not; so does one with white space around it.
		if trimmed, ok := idWithoutSpace(id, prefix); ok {
			e.Message += ": " + quote(id) + spaceNote + quote(trimmed)
		} else if inner, ok := idWithoutQuotes(id, prefix); ok {
			e.Message += ": " + quote(id) + quotesNote + quote(inner)
		} else if lower := order.LowerASCII(id); lower != id && ids.Valid(prefix, lower) {
			e.Message += ": " + quote(id) + " has upper-case letters; ids are lower case, as the API gives them: " + quote(lower)
		} else if before, _, ok := strings.Cut(id, "?"); ok && ids.Valid(prefix, before) {
			// A client that escaped a path given with its query sent the
			// ? as %3F: the id and the query read as one id.
			e.Message += ": " + quote(id) + " holds a ? written as %3F, which makes what follows it part of the id: a query string starts with a plain ?"
		} else if before, _, ok := strings.Cut(id, "/"); ok && ids.Valid(prefix, before) {
			// A path id is one segment: a / in it was sent as %2F, by a
			// client that escaped a path or an id given with a route's
			// tail (order_…/cancel).
			e.Message += ": " + quote(id) + " holds a / written as %2F, which makes what follows it part of the id: the path's segments are separated by a plain /"
		} else if note := order.NotASCIINote(id); note != "" {
			e.Message += ": " + quote(id) + note + takes
		} else if note := idShapeNote(id, prefix); note != "" {
			e.Message += ": " + quote(id) + note + takes
		}
	case strings.HasPrefix(id, prefix):
		e.Message += ": " + prefix + "… is the documentation's placeholder; put in the whole id (" + prefix +
			" and 26 letters and digits) that the API gave you"
	default:
		// Another kind's placeholder (an event's evt_… on a delivery's
		// route): named as sent, not as the placeholder of this route's
		// kind, which the request never held.
		e.Message += ": " + quote(id) + " is a placeholder of the documentation, and not of " + article(what) + " " + what +
			" id; put in the whole id (" + prefix + " and 26 letters and digits) that the API gave you"
	}
	return e
}

// idValueNote is what the refusal of an id given as a value (a list's
// endpoint_id, event_id or order_id filter, a cursor, Last-Event-ID, a
// listen result's event_id) adds to "… must be an event id (evt_…)", as
// errNotFoundID words a path's id, or "". README.md and docs/receiving.md
// write ?endpoint_id=ls_… and ?event_id=evt_…, and a new user who ran
// them as printed was told the id must be "(ls_…)", which is what they
// had sent. takes are the prefixes the value may have. Nothing is looked
// up.
func idValueNote(v string, takes ...string) string {
	if strings.Contains(v, "…") {
		for _, p := range takes {
			if strings.HasPrefix(v, p) {
				return "; " + p + "… is the documentation's placeholder; put in the whole id (" + p +
					" and 26 letters and digits) that the API gave you"
			}
		}
		return "; " + quote(v) + " is a placeholder of the documentation; put in the whole id that the API gave you"
	}
	for _, k := range idKinds {
		if !slices.Contains(takes, k.prefix) && ids.Valid(k.prefix, v) {
			return "; " + quote(v) + " is the id of " + k.one
		}
	}
	for _, p := range takes {
		if trimmed, ok := idWithoutSpace(v, p); ok {
			return "; " + quote(v) + spaceNote + quote(trimmed)
		}
		if inner, ok := idWithoutQuotes(v, p); ok {
			return "; " + quote(v) + quotesNote + quote(inner)
		}
	}
	if lower := order.LowerASCII(v); lower != v {
		for _, p := range takes {
			if ids.Valid(p, lower) {
				return "; ids are lower case, as the API gives them: " + quote(lower)
			}
		}
	}
	if note := order.NotASCIINote(v); note != "" {
		return note
	}
	for _, p := range takes {
		// Whether v lacks its prefix is said only where one kind is
		// taken: the rule names the kinds, and v may have meant either.
		if strings.HasPrefix(v, p) || len(takes) == 1 {
			if note := idShapeNote(v, p); note != "" {
				return "; " + quote(v) + note
			}
		}
	}
	// Nothing more to say of it: the value is repeated, as a limit's
	// is (?endpoint_id=foo was told the rule alone).
	return "; " + quote(v) + " is not one"
}

// idShapeNote says what in id, which is not of the form of an id with
// prefix, no such id has, to follow the quoted id, or "": a prefix left
// out or misspelt, a character outside the ids' alphabet and its place,
// or the number of letters and digits after the prefix. An id cut short
// when copied, or typed with a hyphen for its underscore, was answered
// "no such order" alone, as an id of the right form that names nothing
// is, and its sender looked for the order rather than at the id.
func idShapeNote(id, prefix string) string {
	if !strings.HasPrefix(id, prefix) {
		if ids.Valid(prefix, prefix+id) {
			return " has no " + prefix + " before it: " + quote(prefix+id)
		}
		return " does not start with " + prefix
	}
	rest := id[len(prefix):]
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !strings.ContainsRune(idAlphabet, rune(c)) {
			return fmt.Sprintf(" has %q at character %d, which no id has (ids are digits and lower-case letters other than i, l, o and u)",
				string(c), utf8.RuneCountInString(id[:len(prefix)+i])+1)
		}
	}
	switch n := len(rest); {
	case n < 26:
		// plural: "evt_x" was said to have "1 letters and digits".
		return fmt.Sprintf(" has %s after %s, not 26 (was it cut short when copied?)", plural.Count(n, "letter or digit", "letters and digits"), prefix)
	case n > 26:
		return fmt.Sprintf(" has %d letters and digits after %s, not 26", n, prefix)
	case rest[0] > '7':
		return fmt.Sprintf(" has %q after %s, and no id does: the first of its 26 letters and digits is 0 to 7", rest[:1], prefix)
	}
	return ""
}

// idAlphabet is the characters of an id after its prefix (ids.Valid):
// Crockford's base 32, in lower case.
const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// spaceNote is what a refusal says of an id with white space around it,
// before the id alone.
const spaceNote = " has white space at its start or end (a space or line break copied with it); send the id alone: "

// idWithoutSpace is id without the white space at its start and end, and
// whether that is an id of the kind prefix while id is not: read from a
// file with its line break, or pasted with a space, and percent-encoded
// by the client, it was answered as an id that does not exist.
func idWithoutSpace(id, prefix string) (string, bool) {
	trimmed := strings.TrimSpace(id)
	return trimmed, trimmed != id && ids.Valid(prefix, trimmed)
}

// quotesNote is what a refusal says of an id in quotes, before the id
// alone.
const quotesNote = " is in quotes, which are taken as part of it (jq prints a string with its quotes unless given -r); send the id alone: "

// idWithoutQuotes is id without the matching quotes (" or ') around it,
// and whether that is an id of the kind prefix: an id taken from an
// answer with ID=$(… | jq .id), which keeps its JSON quotes, was answered
// as an id that does not exist ("no such order" for the order just made).
func idWithoutQuotes(id, prefix string) (string, bool) {
	if len(id) < 2 || (id[0] != '"' && id[0] != '\'') || id[len(id)-1] != id[0] {
		return "", false
	}
	inner := id[1 : len(id)-1]
	return inner, ids.Valid(prefix, inner)
}

// idKinds are the kinds of id the API and the server show, by prefix, as
// errNotFoundID names the kind of an id given where another kind's is
// taken: one is the kind with its article ("an API key").
var idKinds = []struct{ prefix, one string }{
	{ids.Order, "an order"}, {ids.Stamp, "a stamp request"}, {ids.Event, "an event"}, {ids.Endpoint, "a webhook endpoint"},
	{ids.Delivery, "a delivery"}, {ids.Attempt, "a delivery attempt"}, {relay.SessionPrefix, "a listen session"},
	{ids.Account, "an account"}, {ids.APIKey, "an API key"}, {ids.User, "a dashboard user"},
}

// errNoRoute is the 404 of a path the API does not serve: a not_found_error
// like every other 404, so a client can tell 404s apart by code alone.
// It points at what the client can fetch from this server, the OpenAPI
// description (served without a key): it pointed at docs/api.md, a file
// of the repository, which a deployed server's clients do not have. The
// path is named as the request line had it: %2F is no slash to the mux,
// and the decoded path could name a route that exists.
func errNoRoute(r *http.Request) *Error {
	return &Error{Status: http.StatusNotFound, Type: typeNotFound, Code: "route_not_found",
		Message: "no route " + quotedRequest(r) + "; the routes are described at GET /openapi.json"}
}

// quotedRequest is r's method and escaped path as an error message names
// them, each cut by cutEchoed: whole, they made a 60 KB path (or method)
// a 60 KB message.
func quotedRequest(r *http.Request) string {
	return cutEchoed(r.Method) + " " + cutEchoed(r.URL.EscapedPath())
}

// echoLimit is the most bytes of a request's method, path or host that an
// error message quotes: more than any route's path with an id (about 70
// bytes) and a slip in it, so such a path is still named whole.
const echoLimit = 256

// cutEchoed is s, a method, an escaped path or a host, as an error message
// quotes it: whole when it is at most echoLimit bytes, else its longest
// start of at most that which ends on a whole character, written or
// percent-escaped ("%E0%A4%A6", one letter, is never cut inside), then
// "…", as order.Excerpt quotes a refused value.
func cutEchoed(s string) string {
	if len(s) <= echoLimit {
		return s
	}
	i := echoLimit
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	// Back off an escape cut short ("%E" of "%E0"), then the escapes of a
	// character cut short ("%E0%A4" of "%E0%A4%A6").
	if j := strings.LastIndexByte(s[:i], '%'); j >= 0 && i-j < 3 {
		i = j
	}
	start := i
	for start >= 3 && s[start-3] == '%' && isHex(s[start-2]) && isHex(s[start-1]) {
		start -= 3
	}
	if start < i {
		tail, err := url.PathUnescape(s[start:i])
		if err == nil {
			k := len(tail) - 1
			for k > 0 && !utf8.RuneStart(tail[k]) {
				k--
			}
			if k >= 0 && utf8.RuneStart(tail[k]) && !utf8.FullRuneInString(tail[k:]) {
				i = start + 3*k
			}
		}
	}
	return s[:i] + "…"
}

// errNoRouteMeant is errNoRoute naming the route the path was one slip
// away from (routeMeant), and why when that needs saying.
func errNoRouteMeant(r *http.Request, meant, why string) *Error {
	e := errNoRoute(r)
	hint := "did you mean " + cutEchoed(meant) + "?"
	if why != "" {
		hint = why + "; " + hint
	}
	e.Message = "no route " + quotedRequest(r) + " (" + hint + "); the routes are described at GET /openapi.json"
	return e
}

func errConflict(code, msg string) *Error {
	return &Error{Status: http.StatusConflict, Type: typeConflict, Code: code, Message: msg}
}

func errForbidden(code, msg string) *Error {
	return &Error{Status: http.StatusForbidden, Type: typePermission, Code: code, Message: msg}
}

func errUnauthorized(code, msg string) *Error {
	return &Error{Status: http.StatusUnauthorized, Type: typeAuthentication, Code: code, Message: msg}
}

// writeError answers with err as the API's error shape. Unknown errors are
// logged and answered 500 without their text, which may hold internals.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var apiErr *Error
	var fe *order.FieldError
	var te *order.TransitionError
	switch {
	case errors.As(err, &apiErr):
	case errors.As(err, &fe):
		apiErr = errValidation(fe.Code, fe.Message, fe.Field)
	case errors.As(err, &te):
		msg := te.Error()
		if te.Reason != "" {
			msg = fmt.Sprintf("%s (current status: %s)", msg, te.From) // the reason need not name it
		}
		apiErr = errConflict("invalid_transition", msg)
	case errors.Is(err, store.ErrNotFound):
		apiErr = errNotFound("object")
	case errors.Is(err, store.ErrIdempotencyMismatch):
		// The order holding the key is named, so that the client can
		// fetch it: the refusal said only that the key was used, and a
		// client whose first answer was lost could not find its order.
		msg := "this Idempotency-Key was already used with a different request"
		if me := (*store.IdempotencyMismatchError)(nil); errors.As(err, &me) && me.OrderID != "" {
			msg += ", which created order " + me.OrderID + ": fetch it with GET /v1/orders/" + me.OrderID +
				", or send this request with a new key"
		}
		apiErr = errValidation("idempotency_key_reused", msg, "Idempotency-Key")
	case errors.Is(err, store.ErrConflict):
		apiErr = errConflict("conflict", "the object was changed concurrently; retry the request")
	case errors.Is(err, context.DeadlineExceeded):
		// A database that stops answering is an outage too, and the only
		// sign of it in the log: logged as one, held to the same line per
		// interval and counted with its other failures.
		s.logUnavailable(r, err)
		apiErr = &Error{Status: http.StatusServiceUnavailable, Type: typeAPI, Code: "unavailable", Message: "the database did not answer in time; retry shortly"}
	case errors.Is(err, r.Context().Err()) && r.Context().Err() != nil:
		apiErr = &Error{Status: 499, Type: typeAPI, Code: "request_cancelled", Message: "the request was cancelled"}
	case errors.Is(err, errUnavailable) || s.store.Unavailable(err):
		s.logUnavailable(r, err)
		apiErr = &Error{Status: http.StatusServiceUnavailable, Type: typeAPI, Code: "unavailable", Message: "the database is unavailable; retry shortly"}
	default:
		s.log.ErrorContext(r.Context(), "request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
		apiErr = &Error{Status: http.StatusInternalServerError, Type: typeAPI, Code: "internal_error", Message: "an internal error occurred; it has been logged"}
	}
	if apiErr.Status == http.StatusTooManyRequests || apiErr.Status == http.StatusServiceUnavailable {
		// When to try again, in the header clients (and `esahayak listen`)
		// read: a stream slot or the database may be back by then.
		w.Header().Set("Retry-After", retryAfterSeconds)
	}
	if apiErr.Status == http.StatusUnauthorized {
		// RFC 9110 §11.6.1: a 401 names the scheme that would be accepted.
		w.Header().Set("WWW-Authenticate", `Bearer realm="esahayak"`)
	}
	writeJSON(w, apiErr.Status, map[string]*Error{"error": apiErr})
}

// WriteError answers e in the API's error shape, its keys in the API's
// order (type, code, message, param), for an answer of another package
// in the API's words: the dashboard's capture URLs.
func WriteError(w http.ResponseWriter, e *Error) {
	writeJSON(w, e.Status, map[string]*Error{"error": e})
}

// logUnavailable logs a request failed by the database, one line per
// interval: an outage fails every request alike.
func (s *Server) logUnavailable(r *http.Request, err error) {
	if ok, withheld := s.unavailableLogs.Allow(time.Now()); ok {
		s.log.WarnContext(r.Context(), "database unavailable", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err),
			slog.Int("also_failed_since_last_warning", withheld))
	}
}

// databaseAnswered is told that a request succeeded, and the database
// with it. Once an interval has passed since the last "database
// unavailable" line, the failures held back since that line are logged
// (recovered=true): they would otherwise wait for the next outage's first
// line, and an outage that ended within its interval logged one failed
// request where there were hundreds. Outside an outage it takes no lock.
func (s *Server) databaseAnswered(r *http.Request) {
	if ok, withheld := s.unavailableLogs.Settled(time.Now()); ok {
		s.log.InfoContext(r.Context(), "database unavailable", slog.Bool("recovered", true), slog.Int("also_failed_since_last_warning", withheld))
	}
}

// FlushLogs logs the requests the "database unavailable" warning held
// back since its last line (stopping=true): no later line would count
// them. Call it as the server stops, once http.Server.Shutdown has
// returned and requests are no longer failing.
func (s *Server) FlushLogs() {
	if n := s.unavailableLogs.Flush(); n > 0 {
		s.log.Warn("database unavailable", slog.Bool("stopping", true), slog.Int("also_failed_since_last_warning", n))
	}
}

var errUnavailable = errors.New("store unavailable")

// retryAfterSeconds is the Retry-After of a 429 or a 503.
const retryAfterSeconds = "5"

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeRaw(w, http.StatusInternalServerError, []byte(`{"error":{"type":"api_error","code":"internal_error","message":"response encoding failed","param":""}}`))
		return
	}
	writeRaw(w, status, b)
}

func writeRaw(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	// Said up front, so that an answer flushed before its handler ends
	// (guardUnreadBody) is complete at once, not chunked and waiting.
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}
