// Package api is the JSON HTTP API under /v1, plus /healthz. It turns
// requests into store calls and store rows into the resources documented in
// docs/api.md; the order rules live in package order, delivery in package
// delivery.
package api

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/lograte"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/suggest"
)

// Deliverer is the delivery engine as the API sees it: new deliveries may be
// leased to it inside the writing transaction (Lease) and are handed to it
// after the commit (Submit), so an event is on its way without waiting for a
// claim.
type Deliverer interface {
	Lease() store.LeaseParams
	Submit(work []store.Work, unleased bool)
	// StopSending and ResumeSending follow an endpoint disabled or
	// deleted, and enabled again (after the store has committed it).
	StopSending(endpointID string)
	ResumeSending(endpointID string)
	// RefreshEndpoint follows a new URL or signing secret (after the store
	// has committed it): work queued with the old ones is claimed again.
	RefreshEndpoint(endpointID string)
	// DeliveryRecorded tells live watchers of the account (the dashboard)
	// of a delivery recorded outside the engine: an `esahayak listen`
	// session's result.
	DeliveryRecorded(d store.Delivery)
	// EndpointChanged tells live watchers of the account (the dashboard)
	// that the endpoint really changed (created, disabled, enabled or
	// deleted, or its URL, description or events edited), so that they
	// read again its deliveries and what they show of it.
	EndpointChanged(accountID, endpointID string)
}

// Config holds what the API needs from the command line.
type Config struct {
	OperatorToken     string
	AllowInsecureURLs bool
	Version           string
	// RotationOverlap is how long a rotated-out secret keeps signing (24h).
	RotationOverlap time.Duration
	// MaxEndpointsPerAccount bounds an account's endpoints (0: no limit):
	// every event fans out to each of them, and one account's thousands of
	// dead endpoints would hold every delivery slot of the server.
	MaxEndpointsPerAccount int
	// MaxListenSessionsPerAccount bounds an account's open listen sessions
	// (0: no limit). Sessions do not expire, so that a listener whose
	// connection was down for hours carries on with its own: without a
	// bound, a client could leave any number of rows open.
	MaxListenSessionsPerAccount int
	// RequestTimeout bounds each /v1 request (0: the RequestTimeout
	// constant, 20 s); tests shorten it.
	RequestTimeout time.Duration
	// ResponseWriteTimeout bounds the writing of each response (0: the
	// ResponseWriteTimeout constant, 10 s); tests shorten it.
	ResponseWriteTimeout time.Duration
	// MissedScanLimit bounds how many events one recover with
	// include_missed reads (0: store.MissedLimit, 50,000), so that it
	// answers within RequestTimeout; tests shorten it.
	MissedScanLimit int
	// OutageLogInterval is how often the "database unavailable" warning
	// is logged while requests keep failing on the database (0: 10 s);
	// tests shorten it.
	OutageLogInterval time.Duration
}

// Server is the API's http.Handler, made by New. Routes are added only
// before it serves (Handle, MountMetrics, HandleVerbatim).
type Server struct {
	cfg       Config
	store     store.Store
	deliverer Deliverer
	log       *slog.Logger
	now       func() time.Time
	mux       *http.ServeMux
	verbatim  []verbatimRoute // HandleVerbatim
	touchState
	relay    *relayState    // `esahayak listen` sessions (relay.go)
	arriving arrivingBodies // request bodies still arriving (unread.go)

	unavailableLogs *lograte.Limiter // the "database unavailable" warning

	// operatorSum is the operator token's SHA-256, which a presented
	// token's is compared with (see authenticate).
	operatorSum [sha256.Size]byte
}

// unavailableLogInterval is how often a database outage is logged while
// requests keep failing on it.
const unavailableLogInterval = 10 * time.Second

// New builds the API. deliverer may be nil (deliveries then wait for a claim).
func New(cfg Config, st store.Store, deliverer Deliverer, log *slog.Logger) *Server {
	if cfg.RotationOverlap == 0 {
		cfg.RotationOverlap = 24 * time.Hour
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = RequestTimeout
	}
	if cfg.ResponseWriteTimeout <= 0 {
		cfg.ResponseWriteTimeout = ResponseWriteTimeout
	}
	if cfg.OutageLogInterval <= 0 {
		cfg.OutageLogInterval = unavailableLogInterval
	}
	s := &Server{cfg: cfg, store: st, deliverer: deliverer, log: log, now: func() time.Time { return time.Now().UTC() }, mux: http.NewServeMux()}
	s.touched = map[string]time.Time{}
	s.operatorSum = sha256.Sum256([]byte(cfg.OperatorToken))
	s.unavailableLogs = lograte.New(cfg.OutageLogInterval)
	s.routes()
	return s
}

// StopReadingBodies gives the request bodies still arriving, and any that
// start arriving later, a moment to end: then they are answered 408 and
// their connections closed. Register it with http.Server.RegisterOnShutdown,
// so that a client sending slowly cannot hold a shutdown for its grace.
func (s *Server) StopReadingBodies() { s.arriving.stop() }

// Handle registers an extra route (metrics, dashboard) on the same mux.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// MountMetrics serves h (the Prometheus exposition) at GET /metrics, a
// route of the public surface that openapi.json documents; other methods
// get the API's 405.
func (s *Server) MountMetrics(h http.Handler) {
	s.Handle("GET /metrics", h)
	s.RefuseOtherMethods("/metrics")
}

type verbatimRoute struct {
	prefix string
	h      http.Handler
}

// HandleVerbatim sends every request whose escaped path starts with prefix
// to h as it came, any method, before the mux: the mux would redirect a
// path such as /inspect/T//a or /inspect/T/./a, and a webhook sender
// follows no redirects. Register before serving.
func (s *Server) HandleVerbatim(prefix string, h http.Handler) {
	s.verbatim = append(s.verbatim, verbatimRoute{prefix, h})
}

// ServeHTTP is the one way into every route, the dashboard's and the
// metrics' too: it marks every answer nosniff, bounds the writing of the
// answer and the reading of the body, turns a panic into the API's 500
// and a path the mux would redirect into the API's 404, gives /v1
// requests their deadline, and routes, verbatim prefixes before the mux.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// No answer of ours is to be read as anything but the type it says:
	// a browser sniffing a JSON error that echoes a request's text, or a
	// metrics page, could otherwise run it as HTML. Set here, once, so
	// that no route, error path or the mux's own 404 and 405 can
	// leave it out.
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if ambiguousFraming(r) {
		// Both Content-Length and Transfer-Encoding (framing.go): after
		// this answer, nothing more is read from the connection.
		w.Header().Set("Connection", "close")
	}
	// Every answer, the dashboard's and the metrics' included, has its
	// writing bounded (writebound.go); the guard wraps it so that a
	// stream's own deadline reaches it.
	bound := newWriteBound(w, s.cfg.ResponseWriteTimeout, s.cfg.RequestTimeout)
	defer bound.finish()
	w, r, finish := guardUnreadBody(bound, r, &s.arriving)
	defer finish()
	defer func() {
		// A panic must never become a dropped connection or a stack trace:
		// log it and answer the API's 500 shape.
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic in handler", slog.Any("panic", v), slog.String("path", r.URL.Path))
			writeJSON(w, http.StatusInternalServerError, map[string]*Error{"error": {Type: typeAPI, Code: "internal_error", Message: "an internal error occurred; it has been logged"}})
		}
	}()
	p := r.URL.EscapedPath()
	if r.Method == http.MethodConnect && p == "" {
		// CONNECT host:port: the mux answers it in plain text, and this
		// server is no proxy. (An absolute-form target without a path,
		// GET http://host, is for "/", as RFC 9110 says.)
		s.writeError(w, r, &Error{Status: http.StatusNotFound, Type: typeNotFound, Code: "route_not_found",
			Message: "no route " + cutEchoed(r.Method) + " " + cutEchoed(r.Host) + ": this server is no proxy; the routes are described at GET /openapi.json"})
		return
	}
	if r.RequestURI == "*" {
		// The asterisk form is OPTIONS's alone (RFC 9112 3.2.4), and Go's
		// server answers OPTIONS * itself; any other method with it (GET *,
		// or HTTP/2's cleartext preface PRI * HTTP/2.0, which Go hands to
		// the handler) got the mux's empty 400. Nothing after it is read:
		// a preface is followed by HTTP/2 frames, no request.
		w.Header().Set("Connection", "close")
		s.writeError(w, r, errNoRoute(r))
		return
	}
	for _, v := range s.verbatim {
		if strings.HasPrefix(p, v.prefix) {
			v.h.ServeHTTP(w, r)
			return
		}
	}
	if r.URL.Path == "/v1" || strings.HasPrefix(r.URL.Path, "/v1/") {
		// Answers hold secrets (an endpoint's signing secret, a listen
		// session's) and account data: no cache keeps them. Set before
		// the 404s below, which are /v1 answers too (/v1 itself, an
		// unclean /v1 path, one holding a fragment).
		w.Header().Set("Cache-Control", "no-store")
	}
	// The mux would answer an unclean path (//, /./) with an HTML
	// redirect: outside the dashboard, the API's JSON 404 instead. The
	// escaped path is what the mux cleans: %2F is not a slash.
	if (UncleanPath(p) && !strings.HasPrefix(p, "/dashboard/")) || p == "/v1" {
		// Naming the route the cleaned path is, if any: $API/ + /v1/orders
		// sent GET /v1//orders, and "no route" alone left the client
		// comparing it with the documentation's letter by letter.
		if meant, why := s.routeMeant(r); meant != "" {
			s.writeError(w, r, errNoRouteMeant(r, meant, why))
			return
		}
		s.writeError(w, r, errNoRoute(r))
		return
	}
	if frag, inPath := fragment(r.RequestURI); inPath && !strings.HasPrefix(p, "/dashboard/") {
		// Go's server keeps a "#" in the path: /v1/orders/ID#x was "no
		// such order" for an order that exists. A path with one is none
		// of the routes', as an unclean path is not.
		e := errNoRoute(r)
		e.Message = "no route " + quotedRequest(r) + ": the path holds a fragment, " + quote(frag) +
			", which is never sent to a server; leave it out, or write a # that belongs to the path as %23; the routes are described at GET /openapi.json"
		s.writeError(w, r, e)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/v1/") {
		// A query string that cannot be read is answered after the
		// credentials are checked (the wrappers in auth.go): whoever sends
		// no valid credential learns nothing about the route but 401.
		if qerr := checkQuery(r.URL.RawQuery); qerr != nil {
			r = r.WithContext(context.WithValue(r.Context(), queryErrorKey{}, qerr))
		}
		// Every API request has a deadline, so a database that stops
		// answering yields a 503 instead of a request that hangs. An event
		// stream has it too until it starts (authentication, the session's
		// reads and writes); then it leaves it (untimed).
		base := r.Context()
		rd := &requestDeadline{timeout: s.cfg.RequestTimeout}
		ctx, cancel := context.WithTimeout(context.WithValue(context.WithValue(base, untimedKey{}, base), requestDeadlineKey{}, rd), s.cfg.RequestTimeout)
		defer func() {
			cancel()
			for _, stop := range rd.stops {
				stop()
			}
		}()
		r = r.WithContext(ctx)
	}
	s.mux.ServeHTTP(w, r)
}

// requestDeadline is what restartDeadline needs of a request's deadline:
// its length, and the cancel functions of the contexts it made (ServeHTTP
// calls them when the request ends).
type requestDeadline struct {
	timeout time.Duration
	stops   []context.CancelFunc
}

type requestDeadlineKey struct{}

// slowBody is how long a request body may take to arrive before the
// request's deadline starts again once it has (restartDeadline).
const slowBody = time.Second

// restartDeadline gives r, whose body took since began to arrive, its
// whole RequestTimeout again from now when that took more than slowBody.
// The deadline is there for the database: a client slow to send its body
// is bounded by the server's read timeout (60 s), and one whose body took
// 22 s was answered 503 "the database did not answer in time" by a
// database that was never asked. r is changed in place, so the handler
// that read the body goes on with the new context.
func restartDeadline(r *http.Request, began time.Time) {
	rd, ok := r.Context().Value(requestDeadlineKey{}).(*requestDeadline)
	if !ok || time.Since(began) <= slowBody {
		return
	}
	ctx, stop := untimed(r)
	ctx, cancel := context.WithTimeout(ctx, rd.timeout)
	rd.stops = append(rd.stops, cancel, stop)
	*r = *r.WithContext(ctx)
}

// untimedKey holds, in a request's context, its context as it was before
// ServeHTTP gave it a deadline: ended only when the client goes away.
type untimedKey struct{}

// untimed returns a context with the values of r's but without its
// deadline, ended when the client goes away, for an answer that outlives
// RequestTimeout by design (an event stream). Call stop when done.
func untimed(r *http.Request) (ctx context.Context, stop context.CancelFunc) {
	base, ok := r.Context().Value(untimedKey{}).(context.Context)
	if !ok {
		base = r.Context()
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	unwatch := context.AfterFunc(base, cancel)
	return ctx, func() { unwatch(); cancel() }
}

// queryErrorKey holds, in a request's context, what checkQuery found wrong
// with its query string.
type queryErrorKey struct{}

// checkQuery refuses what Go's query parsing would silently get wrong: it
// drops a pair it cannot decode (?limit=%zz), which would turn a typo into
// the default or an unfiltered list. A parameter given twice (read as its
// first value, so that ?limit=5&limit=500 and ?limit=500&limit=5 would
// answer differently) is onlyParams' to refuse, in the order the query
// gives the names.
func checkQuery(raw string) *Error {
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		// Go's server keeps a fragment in the query (RFC 9112 has no "#"
		// in a request-target), so ?limit=5#frag was 422 invalid_limit,
		// ?type=order.cancelled#x an unknown event type, and ?#x an
		// unknown parameter "#x": none of them the mistake made.
		return &Error{Status: http.StatusBadRequest, Type: typeInvalidRequest, Code: "invalid_query",
			Message: "the query string holds a fragment, " + quote(raw[i:]) + ", which is never sent to a server; leave it out, or write a # that belongs to a value as %23"}
	}
	if n := strings.Count(raw, "&") + 1; n > maxQueryParams {
		// Go's parser refuses the whole query then, in words ("number of
		// URL query parameters exceeded limit") that the advice below,
		// to percent-encode, would only confuse.
		return &Error{Status: http.StatusBadRequest, Type: typeInvalidRequest, Code: "invalid_query",
			Message: fmt.Sprintf("the query string has %d parameters (counted by its & separators, empty ones too); at most %d are read, and no route takes more than a few", n, maxQueryParams)}
	}
	if _, err := url.ParseQuery(raw); err != nil {
		// Go's words first, then what to write: "percent-encode special
		// characters" named neither the & a ";" stands for nor how a
		// literal % is written.
		advice := "; percent-encode special characters"
		var esc url.EscapeError
		switch {
		case errors.As(err, &esc):
			advice = ": " + quote(string(esc)) + " is not a percent-escape (a % and two hexadecimal digits); write a literal % as %25"
		case strings.Contains(err.Error(), "semicolon"):
			// url.ParseQuery's "invalid semicolon separator in query".
			advice = `: its parameters are separated by "&", not ";"; write a ";" that belongs to a value as %3B`
		}
		return &Error{Status: http.StatusBadRequest, Type: typeInvalidRequest, Code: "invalid_query",
			Message: "the query string is malformed (" + err.Error() + ")" + advice}
	}
	return nil
}

// fragment is the fragment ("#…", to its end) of a request-target, and
// whether its "#" is in the path, not the query.
func fragment(target string) (frag string, inPath bool) {
	i := strings.IndexByte(target, '#')
	if i < 0 {
		return "", false
	}
	return target[i:], !strings.Contains(target[:i], "?")
}

// maxQueryParams is the most parameters a query string may have: Go's
// own limit (net/url's defaultMaxParams), counted as it counts them, by
// the & separators.
const maxQueryParams = 10000

// queryError is what checkQuery found wrong with r's query string, if
// anything, or a query parameter given to a route that takes none.
func queryError(r *http.Request) error {
	if e, ok := r.Context().Value(queryErrorKey{}).(*Error); ok {
		return e
	}
	if !takesQuery[r.Pattern] {
		// Ignored, ?type=order.cancelled on a test sent a stamp.uploaded
		// event, and ?a=1&a=2 was refused where ?a=1 was not.
		return onlyParams(r)
	}
	return nil
}

// takesQuery holds the routes that take query parameters (each handler
// checks its own with onlyParams); every other /v1 route takes none. The
// OpenAPI document lists the same (TestOnlyDocumentedRoutesTakeQueries).
var takesQuery = map[string]bool{
	"GET /v1/orders":                       true,
	"GET /v1/webhook_endpoints":            true,
	"GET /v1/webhook_endpoints/{id}/stats": true,
	"GET /v1/events":                       true,
	"GET /v1/deliveries":                   true,
	"GET /v1/listen_sessions":              true,
	"GET /v1/listen_sessions/{id}/stream":  true,
}

// UncleanPath reports a path with empty, "." or ".." segments: what the
// mux would redirect. A trailing slash is not unclean. The dashboard uses
// it to keep sign-in redirects inside /dashboard/.
func UncleanPath(p string) bool {
	if p == "" || p == "/" {
		return false
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		// As the mux keeps a trailing slash: "//" cleans to "/", not to
		// "//", which took it for clean and left it to the mux's HTML
		// redirect.
		c += "/"
	}
	return c != p
}

// RequestTimeout bounds every /v1 request (an event stream's until it starts).
const RequestTimeout = 20 * time.Second

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", s.health)

	m.HandleFunc("POST /v1/orders", s.customer(s.createOrder))
	m.HandleFunc("GET /v1/orders", s.customer(s.listOrders))
	m.HandleFunc("GET /v1/orders/{id}", s.customer(s.getOrder))
	m.HandleFunc("POST /v1/orders/{id}/cancel", s.either(s.cancelOrder))
	m.HandleFunc("POST /v1/orders/{id}/upload", s.operator(s.uploadOrder))
	m.HandleFunc("POST /v1/orders/{id}/fail", s.operator(s.failOrder))
	m.HandleFunc("POST /v1/orders/{id}/retry", s.operator(s.retryOrder))
	m.HandleFunc("POST /v1/orders/{id}/deliver", s.operator(s.deliverOrder))

	m.HandleFunc("POST /v1/webhook_endpoints", s.customer(s.createEndpoint))
	m.HandleFunc("GET /v1/webhook_endpoints", s.customer(s.listEndpoints))
	m.HandleFunc("GET /v1/webhook_endpoints/{id}", s.customer(s.getEndpoint))
	m.HandleFunc("PATCH /v1/webhook_endpoints/{id}", s.customer(s.updateEndpoint))
	m.HandleFunc("DELETE /v1/webhook_endpoints/{id}", s.customer(s.deleteEndpoint))
	m.HandleFunc("GET /v1/webhook_endpoints/{id}/secret", s.customer(s.getSecret))
	m.HandleFunc("POST /v1/webhook_endpoints/{id}/rotate_secret", s.customer(s.rotateSecret))
	m.HandleFunc("POST /v1/webhook_endpoints/{id}/recover", s.customer(s.recoverEndpoint))
	m.HandleFunc("POST /v1/webhook_endpoints/{id}/test", s.customer(s.testEndpoint))
	m.HandleFunc("GET /v1/webhook_endpoints/{id}/stats", s.customer(s.endpointStats))

	m.HandleFunc("GET /v1/events", s.customer(s.listEvents))
	m.HandleFunc("GET /v1/events/{id}", s.customer(s.getEvent))

	m.HandleFunc("GET /v1/deliveries", s.customer(s.listDeliveries))
	m.HandleFunc("GET /v1/deliveries/{id}", s.customer(s.getDelivery))
	m.HandleFunc("POST /v1/deliveries/{id}/retry", s.customer(s.retryDelivery))

	s.relayRoutes()
	s.openapiRoutes()

	m.HandleFunc("/v1/", s.noRoute)
	// Every other path no route takes, so a mistyped path outside /v1 gets
	// the API's JSON error too (http.ServeMux's own 404 is plain text).
	m.HandleFunc("/", s.noRoute)
	s.RefuseOtherMethods("/healthz")
	s.RefuseOtherMethods("/openapi.json")
}

// RefuseOtherMethods makes the methods that no route of path takes answer
// 405 with Allow in the API's error shape (http.ServeMux's own is plain
// text). Register it once per path that has routes outside /v1.
func (s *Server) RefuseOtherMethods(path string) { s.mux.HandleFunc(path, s.noRoute) }

// noRoute answers requests no route takes: 405 (with Allow) when the path
// exists for other methods, else 404 — both in the API's error shape, with
// the path as sent (errNoRoute says why).
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		// Only a route for that method counts, not a fallback such as
		// this one (patterns without a method).
		if _, pattern := s.mux.Handler(probe); strings.HasPrefix(pattern, m+" ") {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead) // served by every GET route
			}
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		// Methods are case-sensitive (RFC 9110 §9.1): "get is not
		// allowed …; allowed: GET" read as a contradiction.
		hint := ""
		if up := strings.ToUpper(r.Method); up != r.Method && slices.Contains(allow, up) {
			hint = " (methods are case-sensitive: did you mean " + up + "?)"
		} else if meant := s.slashEscaped(r); meant != "" {
			hint = " (" + slashEscapedWhy + ": did you mean " + cutEchoed(meant) + "?)"
		}
		s.writeError(w, r, &Error{Status: http.StatusMethodNotAllowed, Type: typeInvalidRequest, Code: "method_not_allowed",
			Message: cutEchoed(r.Method) + " is not allowed on " + cutEchoed(r.URL.EscapedPath()) + hint + "; allowed: " + strings.Join(allow, ", ")})
		return
	}
	if meant := s.slashEscaped(r); meant != "" {
		s.writeError(w, r, errNoRouteMeant(r, meant, slashEscapedWhy))
		return
	}
	if meant, why := s.routeMeant(r); meant != "" {
		s.writeError(w, r, errNoRouteMeant(r, meant, why))
		return
	}
	s.writeError(w, r, errNoRoute(r))
}

// slashEscapedWhy is what a 404 or 405 says of a path that slashEscaped
// finds a route for.
const slashEscapedWhy = "the path holds a / written as %2F, which the routes read as part of a segment"

// slashEscaped is the route, as "METHOD PATH", that the request's path
// names once its / written as %2F are plain ones, or "": a client that
// escapes the id it is given (given "order_…/cancel") or a whole path
// sent /v1/orders/order_…%2Fcancel, which the routes read as one id, and
// was told only that POST is not allowed there.
func (s *Server) slashEscaped(r *http.Request) string {
	if !strings.Contains(strings.ToUpper(r.URL.RawPath), "%2F") {
		return ""
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	probe := r.Clone(r.Context())
	probe.Method = method
	probe.URL = &url.URL{Path: r.URL.Path}
	if _, pattern := s.mux.Handler(probe); strings.HasPrefix(pattern, method+" ") {
		return method + " " + r.URL.Path
	}
	return ""
}

// routeWords are the fixed segments of the routes' paths, matched without
// case and with - for _ by routeMeant.
var routeWords = []string{"orders", "cancel", "upload", "fail", "retry", "deliver", "webhook_endpoints",
	"secret", "rotate_secret", "recover", "test", "stats", "events", "deliveries", "listen_sessions",
	"stream", "results", "healthz", "metrics", "openapi.json"}

// routeMeant is the route that a path no route takes was one slip away
// from, as "METHOD PATH", with why when the slip needs saying, or "": an
// empty, "." or ".." segment (an API base URL that ends in / before paths
// that start with one: $API/ + /v1/orders), /v1 twice (an API base URL
// given as the banner's …/v1, before paths that start with /v1: the
// README's tour writes $API/v1/…), /v1 left out or in upper case (/V1), a
// trailing slash, or a word of the path in another case or with - for _
// (webhook-endpoints). The route must take the request's method, or else
// any method. A path with escapes is left alone: what the mux reads of it
// is not what was sent (errNoRoute).
func (s *Server) routeMeant(r *http.Request) (meant, why string) {
	p := r.URL.Path
	if r.URL.RawPath != "" || !strings.HasPrefix(p, "/") {
		return "", ""
	}
	if meant, why := s.idLeftOut(r); meant != "" {
		return meant, why
	}
	if meant, why := s.queryInPath(r); meant != "" {
		return meant, why
	}
	var whys []string
	if UncleanPath(p) {
		if strings.Contains(p, "//") {
			whys = append(whys, "the path has an empty segment (//)")
		} else {
			whys = append(whys, `the path has a "." or ".." segment`)
		}
		p = path.Clean(p)
	}
	// The version in another case (/V1/orders), however many times.
	segs := strings.Split(p, "/")
	for i := 1; i < len(segs) && strings.EqualFold(segs[i], "v1"); i++ {
		segs[i] = "v1"
	}
	p = strings.Join(segs, "/")
	switch {
	case strings.HasPrefix(p, "/v1/v1/") || p == "/v1/v1":
		for strings.HasPrefix(p, "/v1/v1") {
			p = p[len("/v1"):]
		}
		whys = append(whys, "the path says /v1 twice: an API base URL that ends in /v1 needs paths without it")
	case !strings.HasPrefix(p, "/v1/") && !slices.Contains([]string{"/healthz", "/healthz/", "/metrics", "/metrics/", "/openapi.json", "/openapi.json/"}, strings.ToLower(p)):
		p = "/v1" + p
	}
	why = strings.Join(whys, "; ")
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	segs = strings.Split(p, "/")
	for i, seg := range segs {
		for _, w := range routeWords {
			if strings.EqualFold(strings.ReplaceAll(seg, "-", "_"), w) {
				segs[i] = w
			}
		}
	}
	p = strings.Join(segs, "/")
	if p == r.URL.Path {
		return "", ""
	}
	methods := []string{r.Method, http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete}
	if r.Method == http.MethodHead {
		methods[0] = http.MethodGet
	}
	for _, m := range methods {
		probe := r.Clone(r.Context())
		probe.Method = m
		probe.URL = &url.URL{Path: p}
		if _, pattern := s.mux.Handler(probe); strings.HasPrefix(pattern, m+" ") {
			return m + " " + p, why
		}
	}
	return "", ""
}

// queryInPath is the route whose query string a ? written as %3F made
// part of the path (/v1/webhook_endpoints/we_…/stats%3Fwindow=1h: a
// client that escaped a path it was given with its query), as "METHOD
// PATH?QUERY", and why, or "". The query is named as it was sent, its
// escapes kept: decoded, a %23 in it read as a fragment and a %25 as a
// broken escape, both refused. A /v1 route that takes no query is named
// without it, as its answer to one would be a refusal (POST
// /v1/orders?status=FAILED, unknown_parameter), and so is a route after
// whose %3F nothing follows ("…/cancel??" in the message).
func (s *Server) queryInPath(r *http.Request) (meant, why string) {
	p, _, ok := strings.Cut(r.URL.Path, "?")
	if !ok || p == "" {
		return "", ""
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	probe := r.Clone(r.Context())
	probe.Method = method
	probe.URL = &url.URL{Path: p}
	_, pattern := s.mux.Handler(probe)
	if !strings.HasPrefix(pattern, method+" ") {
		return "", ""
	}
	why = "the path holds a ? written as %3F, which makes what follows it part of the path: a query string starts with a plain ?"
	// routeMeant asks only of a path without escapes of its own, so its
	// escaped form is Go's, with that ? as %3F.
	escaped := r.URL.EscapedPath()
	i := strings.Index(escaped, "%3F")
	if i < 0 {
		return "", ""
	}
	switch query := escaped[i+len("%3F"):]; {
	case query == "":
		return method + " " + p, why
	case !takesQuery[pattern] && strings.HasPrefix(p, "/v1/"):
		// Outside /v1 (/healthz, /metrics) a query is ignored.
		return method + " " + p, why + ", and this route takes no query string"
	default:
		return method + " " + p + "?" + query, why
	}
}

// idLeftOut is the route whose id an empty segment of the path stands for
// (/v1/orders//upload: $API/v1/orders/$ID/upload with $ID empty), as
// "METHOD PATH" with {id} in that segment, and why, or "". Cleaning the
// segment away, as for $API/ + /v1/orders, named GET /v1/orders/upload
// there: a route that reads "upload" as an order id and answers 404. At
// the end of the path (DELETE /v1/webhook_endpoints/) only the request's
// method counts, and only where it has no route without the slash: GET
// /v1/orders/ is the list with a slash too many.
func (s *Server) idLeftOut(r *http.Request) (meant, why string) {
	segs := strings.Split(r.URL.Path, "/")
	i := slices.Index(segs[1:], "") + 1 // the first empty segment but the one before the leading /
	last := i == len(segs)-1
	if i < 2 || segs[i-1] == "" || (!last && segs[i+1] == "") {
		return "", ""
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	methods := []string{method, http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete}
	why = "the path has an empty segment (//) where an id goes: is the variable that holds it empty?"
	if last {
		probe := r.Clone(r.Context())
		probe.Method = method
		probe.URL = &url.URL{Path: strings.TrimSuffix(r.URL.Path, "/")}
		if _, pattern := s.mux.Handler(probe); strings.HasPrefix(pattern, method+" ") {
			return "", ""
		}
		methods = methods[:1]
		why = "the path ends in / where an id goes: is the variable that holds it empty?"
	}
	segs[i] = "{id}"
	p := strings.Join(segs, "/")
	for _, m := range methods {
		probe := r.Clone(r.Context())
		probe.Method = m
		probe.URL = &url.URL{Path: p}
		_, pattern := s.mux.Handler(probe)
		// Only a route with a wildcard there: one with a word there
		// would not take the id either.
		if rest, ok := strings.CutPrefix(pattern, m+" "); ok {
			if ps := strings.Split(rest, "/"); i < len(ps) && strings.HasPrefix(ps[i], "{") {
				return m + " " + p, why
			}
		}
	}
	return "", ""
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	// A struct, not a map, so that the keys come in the order docs/api.md
	// shows them (a map's are written sorted, database first).
	body := struct {
		Status    string `json:"status"`
		Timestamp string `json:"timestamp"`
		Version   string `json:"version"`
		Database  string `json:"database"`
		Error     string `json:"error,omitempty"`
	}{Status: "healthy", Timestamp: order.FormatTime(s.now()), Version: s.cfg.Version, Database: s.store.Driver()}
	if err := s.store.Ping(ctx); err != nil {
		body.Status = "unhealthy"
		body.Error = "database unreachable"
		if errors.Is(err, store.ErrTablesUnreadable) {
			// It answers: "unreachable" sent the operator to the
			// network and the server, not to what became of the schema.
			body.Error = "database tables unreadable"
		}
		w.Header().Set("Retry-After", retryAfterSeconds)
		writeJSON(w, http.StatusServiceUnavailable, body)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// onlyParams refuses a query parameter the route does not take: a typo
// such as ?stauts=FAILED would otherwise answer the unfiltered list.
func onlyParams(r *http.Request, names ...string) error {
	// In the order given, so that the same request always names the same
	// parameter (a map's order is random): the first one that is unknown
	// or given again.
	if r.URL.RawQuery == "" {
		return nil // every request without a query: nothing to allocate
	}
	seen := map[string]bool{}
	for _, pair := range strings.Split(r.URL.RawQuery, "&") {
		if pair == "" {
			continue
		}
		name, _, _ := strings.Cut(pair, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if seen[name] && slices.Contains(names, name) {
			return &Error{Status: http.StatusBadRequest, Type: typeInvalidRequest, Code: "invalid_query",
				Message: fmt.Sprintf("query parameter %q is given %d times; give it once", name, len(r.URL.Query()[name])), Param: name}
		}
		seen[name] = true
		if !slices.Contains(names, name) {
			takes := "no query parameters"
			if len(names) > 0 {
				takes = "only " + strings.Join(names, ", ")
			}
			if name == "" {
				return errBadRequest("unknown_parameter", "a query parameter has no name (\"?=…\"); this route takes "+takes, "")
			}
			// Quoted as a body's unknown field is (its first 64 bytes),
			// with the parameter meant named as the field meant is;
			// param names it in full.
			msg := fmt.Sprintf("unknown query parameter %q", order.Excerpt(name)) + order.NotASCIINote(name)
			if near := nearestParam(name, names); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			// param as the URL has it when the name is not UTF-8: JSON
			// would carry its bytes as U+FFFD, which the URL has not.
			param := name
			if !utf8.ValidString(name) {
				param = url.QueryEscape(name)
			}
			return errBadRequest("unknown_parameter", msg+"; this route takes "+takes, param)
		}
	}
	return nil
}

// nearestParam is the parameter of names that name, which none is, was
// most likely meant to be, by nearestField's rule: the same name in
// another case or with - for _ ("Limit", "event-type"), one within an
// edit per three characters and at most two ("stauts"), or else the only
// one that begins with it; "" when none is.
func nearestParam(name string, names []string) string {
	if len(name) > 64 {
		return "" // no parameter is near, and the distance costs its length
	}
	want := strings.ReplaceAll(strings.ToLower(name), "-", "_")
	return suggest.Nearest(want, min(2, utf8.RuneCountInString(want)/3), true, suggest.Names(names...))
}

// listParams reads limit and the cursor of every list (starting_after, or
// ending_before to page towards the newest), and refuses query parameters
// other than those and filters.
func listParams(r *http.Request, accountID, idPrefix string, filters ...string) (store.ListParams, error) {
	p := store.ListParams{AccountID: accountID, Limit: 10}
	if err := onlyParams(r, append([]string{"limit", "starting_after", "ending_before"}, filters...)...); err != nil {
		return p, err
	}
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" { // ?limit= is no limit given, as ?status= is no filter
		// Plain digits only: strconv.Atoi also takes a sign, so ?limit=%2B5
		// was 5 while ?limit=+5 (a space, once decoded) was refused.
		n, err := strconv.Atoi(v)
		if err != nil || strings.Trim(v, "0123456789") != "" || n < 1 || n > 100 {
			// The value is repeated: ?limit=0, or a limit=1000 a script
			// built, was told the rule alone, and its sender looked for the
			// value the server had read in their code.
			msg := "limit must be a whole number from 1 to 100, not " + quote(v)
			// ?limit=+5 and ?limit=5%20 (a value pasted with its space)
			// hold a number from 1 to 100 once decoded, and were told only
			// that they must be one, which they read as.
			if t := strings.TrimSpace(v); t != v && t != "" && strings.Trim(t, "0123456789") == "" {
				if n, err := strconv.Atoi(t); err == nil && n >= 1 && n <= 100 {
					msg += "; it has white space at its start or end (a + in a query string is read as a space); send the digits alone: " + t
				}
			}
			// A digit that is not ASCII (a full-width ５) or a byte that
			// is not UTF-8 (?limit=%FF) is named, as in a ?status=.
			return p, errValidation("invalid_limit", msg+order.NotASCIINote(v), "limit")
		}
		p.Limit = n
	}
	if v := q.Get("starting_after"); v != "" {
		if !ids.Valid(idPrefix, v) {
			// The kind of id the list takes is named: an event's id on
			// the orders list was told only that it was not "from the
			// previous page".
			return p, errValidation("invalid_cursor", "starting_after must be the id of an item of this list ("+idPrefix+"…): the last one of the previous page"+idValueNote(v, idPrefix), "starting_after")
		}
		p.StartingAfter = v
	}
	if v := q.Get("ending_before"); v != "" {
		if p.StartingAfter != "" {
			return p, errValidation("invalid_cursor", "give starting_after (older items) or ending_before (newer items), not both", "ending_before")
		}
		if !ids.Valid(idPrefix, v) {
			return p, errValidation("invalid_cursor", "ending_before must be the id of an item of this list ("+idPrefix+"…): the first one of a page you have, to read the newer items before it"+idValueNote(v, idPrefix), "ending_before")
		}
		p.EndingBefore = v
	}
	return p, nil
}

type listResponse[T any] struct {
	Object  string `json:"object"`
	Data    []T    `json:"data"`
	HasMore bool   `json:"has_more"`
}

func list[T any](items []T, more bool) listResponse[T] {
	if items == nil {
		items = []T{}
	}
	return listResponse[T]{Object: "list", Data: items, HasMore: more}
}
