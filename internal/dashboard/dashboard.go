package dashboard

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/lograte"
	"github.com/esahayak/esahayak/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Engine is the delivery engine as the dashboard sees it: a stream of
// delivery changes of one account.
type Engine interface {
	Subscribe(accountID string) (<-chan delivery.Change, func())
	// APIKeysChanged tells the account's open pages that a key was
	// created or revoked.
	APIKeysChanged(accountID string)
}

// API is the JSON API as the dashboard uses it: every change is made by
// serving a request through the API's own handlers on behalf of the
// signed-in account (api.Server implements it).
type API interface {
	ServeAccount(w http.ResponseWriter, r *http.Request, accountID string)
}

// Mux is where the dashboard registers its routes: api.Server, which also
// serves the capture URLs as they came (HandleVerbatim).
type Mux interface {
	Handle(pattern string, h http.Handler)
	// HandleVerbatim serves every path under prefix as it came, without
	// the mux's cleaning redirects (the capture URLs take any path).
	HandleVerbatim(prefix string, h http.Handler)
}

// Config tunes the dashboard. Zero values take the defaults in parentheses.
type Config struct {
	// AllowInsecureURLs mirrors the server's --allow-insecure-urls, so the
	// pages can say whether an http:// URL will be accepted.
	AllowInsecureURLs bool
	// AttemptTimeout mirrors the server's --attempt-timeout (10s, the
	// guide's promise), so the pages tell customers the time they really
	// have to answer.
	AttemptTimeout time.Duration
	// SessionIdle ends a session not used for this long (12h).
	SessionIdle time.Duration
	// SessionMax ends a session this long after sign-in, used or not (7 days).
	SessionMax time.Duration
	// SignInFailures failed sign-ins per email and client address (an
	// IPv4 address or an IPv6 /64: clientNetwork) within SignInWindow (5
	// in 15 minutes) refuse further attempts until the oldest leaves the
	// window. One address may fail 10 times as often across emails, and
	// one email 4 times as often across addresses (signInsPerEmail).
	SignInFailures int
	SignInWindow   time.Duration
	Inspector      InspectorLimits
	// RecoverMissedFor is how long one "Recover failed since…" with the
	// missed box ticked goes on calling the API again from its next_since
	// (5s): each call reads a bounded number of events, a busy account's
	// take several, and the page must still answer promptly. Tests
	// shorten it.
	RecoverMissedFor time.Duration
	// StreamHeartbeat is how often a live stream sends a keep-alive and
	// checks that its session still stands (20s). Tests shorten it.
	StreamHeartbeat time.Duration
	Log             *slog.Logger
	// Now is the clock (time.Now); tests move it to expire sessions.
	Now func() time.Time
}

// Dashboard serves the pages; see the package documentation.
type Dashboard struct {
	cfg    Config
	st     store.Store
	api    API
	engine Engine
	log    *slog.Logger

	unavailableLogs *lograte.Limiter // the "database unavailable" warning

	pages         map[string]*pageTemplate
	staticVersion string
	emailLimiter  *failureLimiter // per email and client network
	ipLimiter     *failureLimiter // per client network, across emails
	// accountLimiter counts one email's failures from every network but
	// those it signed in from lately (knownClients).
	accountLimiter *failureLimiter
	knownClients   *knownClients
	inspectors     *inspectors
	shutdown       shutdownWatch

	streamsMu sync.Mutex
	streams   map[string]int // open live streams per account (openStream)

	// onceForms refuses a Create API key or Rotate secret form sent again.
	onceForms onceForms
	// madeForms leads a Save Webhook form sent again to what it made.
	madeForms madeForms
}

// New builds the dashboard. engine may be nil (no live updates).
func New(cfg Config, st store.Store, api API, engine Engine) (*Dashboard, error) {
	if cfg.SessionIdle <= 0 {
		cfg.SessionIdle = 12 * time.Hour
	}
	if cfg.SessionMax <= 0 {
		cfg.SessionMax = 7 * 24 * time.Hour
	}
	if cfg.SignInFailures <= 0 {
		cfg.SignInFailures = 5
	}
	if cfg.SignInWindow <= 0 {
		cfg.SignInWindow = 15 * time.Minute
	}
	if cfg.RecoverMissedFor <= 0 {
		cfg.RecoverMissedFor = 5 * time.Second
	}
	if cfg.StreamHeartbeat <= 0 {
		cfg.StreamHeartbeat = heartbeat
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Inspector = cfg.Inspector.withDefaults()
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	version, err := staticHash()
	if err != nil {
		return nil, err
	}
	d := &Dashboard{
		cfg: cfg, st: st, api: api, engine: engine, log: cfg.Log, pages: pages, staticVersion: version,
		emailLimiter:   newFailureLimiter(cfg.SignInFailures, cfg.SignInWindow),
		ipLimiter:      newFailureLimiter(10*cfg.SignInFailures, cfg.SignInWindow),
		accountLimiter: newFailureLimiter(signInsPerEmail*cfg.SignInFailures, cfg.SignInWindow),
		knownClients:   newKnownClients(knownClientFor),
		inspectors:     newInspectors(cfg.Inspector),

		unavailableLogs: lograte.New(unavailableLogInterval),
	}
	return d, nil
}

// unavailableLogInterval is how often a database outage is logged while
// pages keep failing on it.
const unavailableLogInterval = 10 * time.Second

// signInsPerEmail times SignInFailures is how many failed sign-ins one
// email may have from all client networks together within SignInWindow
// (20 in 15 minutes by default) before attempts for it from any network it
// has not signed in from lately are refused until the oldest failure
// leaves the window. Without it, every new address (a botnet's, or any of
// the 2^64 of one IPv6 /64 before those were counted as one) brought five
// fresh guesses. A person mistyping is stopped by the per-address limit
// long before: reaching 20 takes the failures of at least four networks.
// A guesser who keeps it full gets 20 guesses per window (about 1,900 a
// day) however many addresses they have, and cannot lock the user out of
// the networks they signed in from (knownClients).
const signInsPerEmail = 4

// knownClientFor is how long after a successful sign-in its network stays
// exempt from the per-email limit.
const knownClientFor = 30 * 24 * time.Hour

func (d *Dashboard) now() time.Time { return d.cfg.Now().UTC() }

// Mount registers the dashboard's routes: / (a redirect), /dashboard and
// everything under /dashboard/, and the inspector's capture URLs under
// /inspect/. It leaves /v1, /healthz and /metrics alone.
//
// The dashboard routes its paths with a mux of its own, which m hands
// them to whole (HandleVerbatim), behind secure: m's mux answered
// /dashboard with its redirect to /dashboard/, and a path it cleans
// (/dashboard//x, /dashboard/./x) with one to the clean path, before any
// handler of ours, so those answers had none of the pages' headers.
func (d *Dashboard) Mount(m Mux) {
	// mux holds every route. Its fallbacks (/dashboard and /dashboard/,
	// any method) tell a path served for other methods (405) from one
	// not served at all (404) by asking it for the routes of methods, the
	// methods the routes name.
	mux := http.NewServeMux()
	var methods []string
	h := func(pattern string, fn http.HandlerFunc) {
		mux.Handle(pattern, fn)
		if method, _, ok := strings.Cut(pattern, " "); ok && !slices.Contains(methods, method) {
			methods = append(methods, method)
		}
	}
	m.Handle("GET /{$}", d.secure(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/dashboard/", http.StatusSeeOther)
	}))
	// /dashboard leads to the overview as / does, its query kept (the
	// mux's 307 kept it too).
	h("GET /dashboard", func(w http.ResponseWriter, r *http.Request) {
		to := "/dashboard/"
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	})
	h("GET /dashboard/static/{file}", d.static)

	h("GET /dashboard/signin", d.signInPage)
	h("POST /dashboard/signin", d.signIn)
	h("POST /dashboard/signout", d.action(d.signOut))

	h("GET /dashboard/{$}", d.page(d.overview))
	h("GET /dashboard/live", d.page(d.liveDeliveries))

	// Settings is one page: both its addresses lead there in one redirect
	// (/dashboard/settings went through the mux's 307 to its slashed
	// form first), signed in or not: the page itself asks to sign in,
	// and sign-in then returns to it, not to another redirect.
	toSettings := func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/dashboard/settings/api-access", http.StatusSeeOther)
	}
	h("GET /dashboard/settings", toSettings)
	h("GET /dashboard/settings/{$}", toSettings)
	h("GET /dashboard/settings/api-access", d.page(d.apiAccess))
	h("POST /dashboard/settings/api-keys", d.action(d.createAPIKey))
	h("POST /dashboard/settings/api-keys/{id}/revoke", d.action(d.revokeAPIKey))
	h("POST /dashboard/settings/webhooks", d.action(d.saveWebhook))

	h("GET /dashboard/endpoints/{id}", d.page(d.endpointPage))
	h("POST /dashboard/endpoints/{id}", d.action(d.updateEndpoint))
	h("POST /dashboard/endpoints/{id}/status", d.action(d.setEndpointStatus))
	h("POST /dashboard/endpoints/{id}/delete", d.action(d.deleteEndpoint))
	h("POST /dashboard/endpoints/{id}/secret", d.action(d.revealSecret))
	h("POST /dashboard/endpoints/{id}/rotate", d.action(d.rotateSecret))
	h("POST /dashboard/endpoints/{id}/test", d.action(d.sendTest))
	h("POST /dashboard/endpoints/{id}/recover", d.action(d.recoverEndpoint))

	h("GET /dashboard/deliveries", d.page(d.deliveriesPage))
	h("GET /dashboard/deliveries/{id}", d.page(d.deliveryPage))
	h("POST /dashboard/deliveries/{id}/resend", d.action(d.resend))

	h("GET /dashboard/monitoring", d.page(d.monitoring))

	h("GET /dashboard/orders", d.page(d.ordersPage))
	h("GET /dashboard/orders/{id}", d.page(d.orderPage))

	h("GET /dashboard/inspector", d.page(d.inspectorsPage))
	h("POST /dashboard/inspector", d.action(d.createInspector))
	h("GET /dashboard/inspector/{id}", d.page(d.inspectorPage))
	h("GET /dashboard/inspector/{id}/live", d.page(d.inspectorLive))
	h("POST /dashboard/inspector/{id}/verify", d.action(d.setInspectorVerify))
	h("POST /dashboard/inspector/{id}/endpoint", d.action(d.inspectorEndpoint))
	h("POST /dashboard/inspector/{id}/delete", d.action(d.deleteInspector))

	// Signed in, a 404 or 405 keeps the navigation and Sign out, as on a
	// real page whose object is not found.
	sessionOf := func(r *http.Request) *session {
		s, err := d.session(r)
		if err != nil {
			return nil
		}
		return s
	}
	fallback := func(w http.ResponseWriter, r *http.Request) {
		s := sessionOf(r)
		// Signed out too: a signed-out GET of any page already answers
		// otherwise than an unknown path does (a redirect to sign-in, not
		// a 404), so the 405 tells no more about which paths exist.
		if allow := allowedMethods(mux, methods, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			// A form's address opened as a page (a bookmark, the history,
			// a link copied from the address bar of the page that answered
			// the form): "does not take a GET request, only POST" was
			// protocol talk, with the overview the only way on. It says
			// what the address is, and leads to the page of its form.
			if s != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) && len(allow) == 1 && allow[0] == http.MethodPost {
				err := &httpError{http.StatusMethodNotAllowed,
					"This address is where a form is sent when you press its button, and it has no page of its own to show: nothing was done. " +
						"(A browser opens an address with GET; this one takes only POST.)"}
				if page := pageOf(r.URL.EscapedPath()); page != r.URL.EscapedPath() && safeNext(page) == page && page != "/dashboard/" {
					d.renderError(w, r, s, &linkedError{err, page, "Go to the page with that form"})
					return
				}
				d.renderError(w, r, s, err)
				return
			}
			d.renderError(w, r, s, &httpError{http.StatusMethodNotAllowed,
				fmt.Sprintf("This address does not take a %s request, only %s.", r.Method, strings.Join(allow, ", "))})
			return
		}
		d.renderError(w, r, s, errNotFound)
	}
	mux.HandleFunc("/dashboard", fallback)
	mux.HandleFunc("/dashboard/", fallback)

	all := d.secure(func(w http.ResponseWriter, r *http.Request) {
		// A path that cleans to one outside the dashboard
		// (/dashboard/../v1/orders, or with %2e%2e) was answered with
		// the mux's redirect there: not the dashboard's to send a
		// browser on, with a session's cookies, to whatever it names. It
		// is not found, as the API answers its own unclean paths.
		if c := path.Clean(r.URL.Path); c != "/dashboard" && !strings.HasPrefix(c, "/dashboard/") {
			d.renderError(w, r, sessionOf(r), errNotFound)
			return
		}
		mux.ServeHTTP(w, r)
	})
	m.Handle("/dashboard", all)
	m.HandleVerbatim("/dashboard/", all)
	m.HandleVerbatim(capturePrefix, http.HandlerFunc(d.capture))
}

// allowedMethods lists which of methods routes serves r's path with, as
// an Allow header names them: none when the path is not one of its
// routes'. Only a route for the method counts, not a fallback (a pattern
// without a method); the redirect of /a to a route of /a/ does (the mux
// answers that method on that path with it).
func allowedMethods(routes *http.ServeMux, methods []string, r *http.Request) []string {
	var allow []string
	for _, method := range methods {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, pattern := routes.Handler(probe); strings.HasPrefix(pattern, method+" ") {
			allow = append(allow, method)
			if method == http.MethodGet {
				allow = append(allow, http.MethodHead) // served by every GET route
			}
		}
	}
	return allow
}

// secure sets the headers every dashboard response carries: nothing may be
// loaded from elsewhere, framed, sniffed or cached (but a static file,
// which sets its own Cache-Control). Mount puts it in front of every
// route, the mux's own redirects and the fallback's 404 and 405 too.
func (d *Dashboard) secure(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Cache-Control", "no-store")
		h(w, r)
	})
}

// writeAPIError answers in the API's error shape, all four keys present
// and in the API's order (a map wrote them code, message, param, type),
// for the dashboard's machine-facing answers (captures).
func writeAPIError(w http.ResponseWriter, status int, code, message string) {
	typ := "invalid_request_error"
	if status == http.StatusNotFound {
		typ = "not_found_error" // as the API answers every 404
	}
	api.WriteError(w, &api.Error{Status: status, Type: typ, Code: code, Message: message})
}

func (d *Dashboard) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, err := fs.ReadFile(staticFS, "static/"+name)
	if err != nil {
		// The dashboard's 404 page, as every other unknown path under
		// /dashboard/ answers (/dashboard/static/ and /dashboard/static/a/b
		// too), and as a wrong method on a file answers its 405.
		s, err := d.session(r)
		if err != nil {
			s = nil
		}
		d.renderError(w, r, s, errNotFound)
		return
	}
	switch {
	case len(name) > 4 && name[len(name)-4:] == ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case len(name) > 3 && name[len(name)-3:] == ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	default:
		w.Header().Set("Content-Type", http.DetectContentType(b))
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == d.staticVersion {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Write(b)
}

// staticHash names the current static files, for cache-busting URLs.
func staticHash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(staticFS, "static", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		b, err := fs.ReadFile(staticFS, p)
		h.Write([]byte(p))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("dashboard: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// shutdownWatch tells long-lived responses (event streams) that their
// server is shutting down, so that a graceful shutdown does not wait for
// open dashboard tabs: http.Server.Shutdown waits for active requests, and
// a stream is active until the browser goes away.
type shutdownWatch struct {
	mu    sync.Mutex
	chans map[*http.Server]chan struct{}
}

// done returns a channel closed when the server serving r starts shutting
// down (nil, never closed, when r did not come from an http.Server).
func (s *shutdownWatch) done(r *http.Request) <-chan struct{} {
	srv, _ := r.Context().Value(http.ServerContextKey).(*http.Server)
	if srv == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chans == nil {
		s.chans = map[*http.Server]chan struct{}{}
	}
	ch, ok := s.chans[srv]
	if !ok {
		ch = make(chan struct{})
		s.chans[srv] = ch
		srv.RegisterOnShutdown(func() { close(ch) })
	}
	return ch
}

// httpError is an error with the status and message a page shows.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

// linkedError is an httpError whose page leads, besides the overview, to
// where its message says to go: "Create another under Inspector" linked
// only to the overview.
type linkedError struct {
	*httpError
	href, text string
}

func (e *linkedError) Unwrap() error { return e.httpError }

// notAnID answers an address whose id (in its path, or in its query as
// Monitoring's endpoint=) is not of the shape the dashboard hands out: a
// link cut short, mistyped, or with a space or a character pasted in. It
// said "There is nothing here: the page does not exist", of a page that
// does, and led only to the overview; it now names the id as the address
// holds it (quoted, so that an invisible or bidi character is seen as an
// escape), says what such an id looks like, and leads to where the
// object's kind is listed. Still a 404, as the API answers such an id.
func notAnID(what, prefix, id, href, text string) error {
	return &linkedError{&httpError{http.StatusNotFound, fmt.Sprintf(
		"This address names the %s %s, which is not an id of one: %s ids are %s followed by 26 lower-case letters and digits. The link may have been cut short or mistyped.",
		what, shownFormText(id), what, prefix)}, href, text}
}

var (
	errNotFound   = &httpError{http.StatusNotFound, "There is nothing here: the page does not exist, or it belongs to another account."}
	errBadRequest = &httpError{http.StatusBadRequest, "The request could not be read."}
	// errFormTimeout answers a form whose body stopped arriving before the
	// server's read deadline (60 s, or 2 s at shutdown): "could not be
	// read" told the person nothing to act on. A 400, not a 408, which
	// some browsers answer by sending the request again by themselves.
	errFormTimeout = &httpError{http.StatusBadRequest, "The form did not arrive in time: the connection was too slow or stopped sending. Nothing was saved; send it again."}
)

// readForm parses a form posted to the dashboard, of at most limit bytes.
// A body announced larger is refused before any of it is read, as the API
// refuses one (413): waiting for megabytes only to refuse them held the
// request for as long as the client took to send them.
func readForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	tooLarge := &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("The form is too large: at most %d KiB. Go back, shorten what you entered and send it again.", limit>>10)}
	if r.ContentLength > limit {
		return tooLarge
	}
	if ce := contentEncoding(r); ce != "" {
		// ParseForm reads the body as it came: a gzip body was read as a
		// form of garbage (refused as unreadable, or its fields lost), and
		// a plain form labelled gzip accepted. Refused, as the API refuses
		// it (415, in the same words).
		shown := egress.CutUTF8(ce, 64)
		if shown != ce {
			shown += "…"
		}
		return &httpError{http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Encoding %q is not accepted; send the form uncompressed.", shown)}
	}
	if err := formContentType(r); err != nil {
		return err
	}
	if err := addressError(r.URL.RawQuery); err != nil {
		return err
	}
	r.Body = api.LimitBody(w, r, limit)
	if err := r.ParseForm(); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return tooLarge
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return errFormTimeout
		}
		return formError(err)
	}
	if err := uncleanForm(r); err != nil {
		return err
	}
	return repeatedField(r.PostForm)
}

// formContentType refuses a form body that is not
// application/x-www-form-urlencoded, the one encoding the dashboard's
// forms (and its script) send, before any of it is read. ParseForm reads
// no other: a multipart/form-data, text/plain or JSON body, or one without
// a Content-Type, was read as a form without fields, so that with its
// token in X-CSRF-Token Create API key made a key without the name it
// gave, and Save Webhook was told "Enter the URL of your endpoint." of the
// URL it held. A post without a body needs no Content-Type; one that is
// not a media type is ParseForm's to refuse (formError).
func formContentType(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		if r.ContentLength == 0 {
			return nil
		}
		return &httpError{http.StatusUnsupportedMediaType,
			"The form is sent without a Content-Type: send it as application/x-www-form-urlencoded, as the dashboard's pages do. Nothing was saved."}
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt == "application/x-www-form-urlencoded" {
		return nil
	}
	shown := mt // a token: printable ASCII without spaces
	if len(shown) > 64 {
		shown = shownFormText(mt)
	}
	return &httpError{http.StatusUnsupportedMediaType, fmt.Sprintf(
		"The form is sent as %s, which the dashboard does not read: send it as application/x-www-form-urlencoded, as its pages do. Nothing was saved.", shown)}
}

// repeatableFields are the fields a dashboard form sends more than once
// by design: the event-type checkboxes (partials.html) and the endpoint
// form's hidden copy of the types it showed (endpoint.html).
var repeatableFields = map[string]bool{"events": true, "was_events": true}

// repeatedField refuses a form that gives a field more than once, naming
// it, unless the field is one of repeatableFields. The handlers read a
// field's first value, so status=disabled&status=enabled disabled the
// endpoint and email=a&email=b signed in as a, without a word; the API
// refuses a repeated query parameter, and the dashboard's pages one they
// read (queryError). A csrf field given twice is told as this too: "This
// form has expired" sent the person to reload a form that was never out
// of date. A form's names are a map, so the first repeated name in
// sorted order is the one named, as uncleanForm names its field.
func repeatedField(form url.Values) error {
	names := make([]string, 0, len(form))
	for name, vs := range form {
		if len(vs) > 1 && !repeatableFields[name] {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	name := slices.Min(names)
	return &httpError{http.StatusBadRequest, fmt.Sprintf(
		"The form gives the field %s %d times; it takes one value, so give it once. Nothing was saved.", shownFormText(name), len(form[name]))}
}

// addressError says what makes the query of the address a form was sent
// to unreadable, or nil. ParseForm reads that query with the body, and
// its fault was told as the form's ("The form could not be read: its
// field "x" holds bytes that are not UTF-8"), of a field the form does
// not have: a link or a script that added ?x=caf%E9 to a form's action.
// None of the dashboard's forms has a query; it is still refused (a 400,
// nothing done), in words that name the address.
func addressError(rawQuery string) error {
	const prefix = "The address this form was sent to could not be read: "
	const suffix = " Nothing was saved; send the form from its page."
	q, err := url.ParseQuery(rawQuery)
	var esc url.EscapeError
	switch {
	case errors.As(err, &esc):
		return &httpError{http.StatusBadRequest, prefix + shownFormText(string(esc)) + " is not a percent-escape (a % is sent as %25)." + suffix}
	case err != nil && strings.Contains(err.Error(), "semicolon"):
		return &httpError{http.StatusBadRequest, prefix + "its parameters are separated by \";\" (a ; in a value is sent as %3B)." + suffix}
	case err != nil:
		return &httpError{http.StatusBadRequest, prefix + "its query is malformed." + suffix}
	}
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range q[name] {
			switch {
			case strings.ContainsRune(v, 0):
				return &httpError{http.StatusBadRequest, prefix + "its parameter " + shownFormText(name) + " holds a NUL character (%00)." + suffix}
			case !utf8.ValidString(v):
				return &httpError{http.StatusBadRequest, prefix + "its parameter " + shownFormText(name) + " holds bytes that are not UTF-8." + suffix}
			}
		}
	}
	return nil
}

// formError says what made a form unreadable, where it said only "The
// request could not be read.": a bad percent-escape, a ";" between
// fields, a Content-Type that is no media type. Browsers send none of
// them; a form made by hand or by a script does.
func formError(err error) error {
	var esc url.EscapeError
	switch {
	case errors.As(err, &esc):
		return &httpError{http.StatusBadRequest, fmt.Sprintf(
			"The form could not be read: %s is not a percent-escape (a %% is sent as %%25). Nothing was saved.", shownFormText(string(esc)))}
	case strings.Contains(err.Error(), "semicolon"):
		// url.ParseQuery's "invalid semicolon separator in query".
		return &httpError{http.StatusBadRequest,
			"The form could not be read: its fields are separated by \";\" (a ; in a value is sent as %3B). Nothing was saved."}
	case strings.Contains(err.Error(), "mime:"):
		return &httpError{http.StatusBadRequest,
			"The form could not be read: its Content-Type is not a media type; send it as application/x-www-form-urlencoded. Nothing was saved."}
	}
	return errBadRequest
}

// uncleanForm refuses a form with a value that is not valid UTF-8 or
// holds a NUL, naming the field (see cleanForm).
func uncleanForm(r *http.Request) error {
	if cleanForm(r) {
		return nil
	}
	names := make([]string, 0, len(r.Form))
	for name := range r.Form {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range r.Form[name] {
			what := ""
			switch {
			case strings.ContainsRune(v, 0):
				what = "a NUL character (%00)"
			case !utf8.ValidString(v):
				what = "bytes that are not UTF-8"
			default:
				continue
			}
			return &httpError{http.StatusBadRequest, fmt.Sprintf(
				"The form could not be read: its field %s holds %s, which cannot be saved as text. Nothing was saved.", shownFormText(name), what)}
		}
	}
	return errBadRequest
}

// shownFormText quotes a piece of a refused form for its message: Go
// syntax, so that a NUL or a byte that is not UTF-8 is seen as an escape,
// and cut to 64 bytes.
func shownFormText(s string) string {
	if len(s) <= 64 {
		return strconv.Quote(s)
	}
	n := 64
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strconv.Quote(s[:n]) + "…"
}

// contentEncoding is the first coding of the request's Content-Encoding
// other than identity; "" when the body is sent as it is.
func contentEncoding(r *http.Request) string {
	for _, line := range r.Header.Values("Content-Encoding") {
		for _, ce := range strings.Split(line, ",") {
			if ce = strings.TrimSpace(ce); ce != "" && !strings.EqualFold(ce, "identity") {
				return ce
			}
		}
	}
	return ""
}

// errCSRF is the answer to a form post without the session's token.
var errCSRF = &httpError{http.StatusForbidden, "This form has expired or did not come from this dashboard. Reload the page and try again."}

// msgCSRFPage is errCSRF answered as a page, which stands at the form's
// address: "Reload the page" there sent the same expired form again, and
// was refused again. The page links to the one the form was on, which
// gets a fresh token. (The script shows errCSRF on that page itself.)
const msgCSRFPage = "This form has expired or did not come from this dashboard. Nothing was changed: go back to the page you were on (the link below opens it afresh) and try again."

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// detach gives background work (a session touch) a context that outlives
// the request but not by much.
func detach(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
}
