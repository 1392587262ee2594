package dashboard

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/plural"
	"github.com/esahayak/esahayak/internal/store"
)

// Cookie names. The session cookie holds the session token; the sign-in
// cookie holds the CSRF token of the sign-in form (there is no session
// yet to hold it).
const (
	sessionCookie = "esahayak_session"
	signInCookie  = "esahayak_signin"
)

// touchEvery is how often a session's last use is written: a write per
// request would cost more than the request.
const touchEvery = time.Minute

// session is a signed-in request's session, user and account.
type session struct {
	store.DashboardSession
	User    store.User
	Account store.Account
}

type handler func(w http.ResponseWriter, r *http.Request, s *session) error

var errNoSession = errors.New("no session")

// errSessionUserGone is a live session whose user no longer exists:
// still no session, but the sign-in page says so rather than that the
// session ended, which sent people to sign in again as a user who could
// not.
var errSessionUserGone = fmt.Errorf("%w: its user no longer exists", errNoSession)

// errSessionAccountGone is a live session whose account no longer exists
// (its user may: nothing ties users to accounts in PostgreSQL). It was
// told that its user no longer existed, "sign in as another user", and
// signing in as that user worked and led straight back there.
var errSessionAccountGone = fmt.Errorf("%w: its account no longer exists", errNoSession)

// goneNotice is the sign-in page's word to a browser whose session's user
// or account no longer exists; "" for any other error.
func goneNotice(err error) string {
	switch {
	case errors.Is(err, errSessionAccountGone):
		return accountGoneNotice
	case errors.Is(err, errSessionUserGone):
		return userGoneNotice
	}
	return ""
}

// refreshHeader marks the page script's own fetches (a live table or an
// inspector catching up after a reconnect): like the live streams, they
// are not the user's activity and do not extend the session.
const refreshHeader = "X-Esahayak-Refresh"

// background reports a request made by an open tab on its own: a live
// stream (EventSource reconnects by itself) or a refresh fetch.
func background(r *http.Request) bool {
	return r.Header.Get(refreshHeader) != "" || strings.HasSuffix(r.URL.Path, "/live")
}

// maxSessionCookies bounds the session cookies a request's lookup tries.
const maxSessionCookies = 4

// sessionTokens are the values of the request's session cookies, in the
// order the browser sent them. A browser sends more than one when it
// holds several (another Path, or a parent domain's cookie of that
// name): a stale one first must not hide the valid one behind it, which
// sent the user to sign in, and back to sign in after it.
func sessionTokens(r *http.Request) []string {
	var tokens []string
	for _, c := range r.CookiesNamed(sessionCookie) {
		if c.Value == "" || len(c.Value) > 128 {
			continue
		}
		if tokens = append(tokens, c.Value); len(tokens) == maxSessionCookies {
			break
		}
	}
	return tokens
}

// session finds the request's session: the first of its session cookies
// that names one.
func (d *Dashboard) session(r *http.Request) (*session, error) {
	none := errNoSession
	for _, token := range sessionTokens(r) {
		s, err := d.sessionOf(r, token)
		if !errors.Is(err, errNoSession) {
			return s, err
		}
		if goneNotice(err) != "" {
			none = err
		}
	}
	return nil, none
}

// sessionOf finds the session of token, sliding its expiry unless the
// request is background work of an open tab.
func (d *Dashboard) sessionOf(r *http.Request, token string) (*session, error) {
	hash := sha256.Sum256([]byte(token))
	now := d.now()
	ds, err := d.st.DashboardSessionByHash(r.Context(), hash[:], now)
	if isNotFound(err) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(ds.LastSeenAt) >= touchEvery && !background(r) {
		exp := now.Add(d.cfg.SessionIdle)
		if limit := ds.CreatedAt.Add(d.cfg.SessionMax); exp.After(limit) {
			exp = limit
		}
		ctx, cancel := detach(r.Context())
		err := d.st.TouchDashboardSession(ctx, hash[:], now, exp)
		cancel()
		if isNotFound(err) {
			return nil, errNoSession // signed out meanwhile
		}
		if err != nil {
			d.log.Warn("touch dashboard session", "err", err)
		} else {
			ds.LastSeenAt, ds.ExpiresAt = now, exp
		}
	}
	u, err := d.st.GetUser(r.Context(), ds.UserID)
	if isNotFound(err) || (err == nil && u.AccountID != ds.AccountID) {
		return nil, errSessionUserGone
	}
	if err != nil {
		return nil, err
	}
	acct, err := d.st.GetAccount(r.Context(), ds.AccountID)
	if err != nil {
		if isNotFound(err) {
			return nil, errSessionAccountGone
		}
		return nil, err
	}
	return &session{DashboardSession: ds, User: u, Account: acct}, nil
}

// page wraps a handler of a signed-in GET: without a session it redirects
// to the sign-in page, which comes back here afterwards; a query the page
// would misread is refused (queryError).
func (d *Dashboard) page(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, err := d.session(r)
		// A live stream asked for by a page made for another user (the
		// browser's session is now someone else's: signed out and in again
		// as another user, in another tab, while this page's stream was
		// closed) is that page's session gone: it would fill the page with
		// the other account's deliveries.
		if err == nil && r.Header.Get("Accept") == "text/event-stream" && !pageUserIs(r, s) {
			err = errNoSession
		}
		if errors.Is(err, errNoSession) {
			if r.Header.Get("Accept") == "text/event-stream" {
				// A stream, not an error: EventSource retries errors for
				// ever, but stops at this event (app.js), and says so.
				w.Header().Set("Content-Type", "text/event-stream")
				w.Header().Set("Cache-Control", "no-store")
				w.WriteHeader(http.StatusOK)
				fmt.Fprint(w, "retry: 60000\nevent: signedout\ndata: {}\n\n")
				return
			}
			http.Redirect(w, r, "/dashboard/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if err != nil {
			d.renderError(w, r, nil, err)
			return
		}
		// After the session, as the API checks a query after the
		// credentials: signed out, every page answers alike.
		if err := queryError(r); err != nil {
			d.renderError(w, r, s, err)
			return
		}
		if err := h(w, r, s); err != nil {
			d.renderError(w, r, s, err)
			return
		}
		d.databaseAnswered()
	}
}

// pageUserIs says whether the page a live stream is for (its user=, the
// body's data-user) was made for s's user; a stream without user= (an
// older page's script) is taken as it comes, and one with user= given
// more than once is left to queryError, which refuses it.
func pageUserIs(r *http.Request, s *session) bool {
	us := r.URL.Query()["user"]
	return len(us) != 1 || us[0] == "" || us[0] == s.User.ID
}

// action wraps a handler of a signed-in POST: it needs the session and
// the session's CSRF token, and it must come from this origin.
func (d *Dashboard) action(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := readForm(w, r, 1<<20); err != nil {
			// Answered within the dashboard when signed in (its top bar, and
			// a way back to the form's page): a page without them looked
			// like being signed out, with the overview the only way on.
			s, _ := d.session(r)
			d.renderError(w, r, s, err)
			return
		}
		s, err := d.session(r)
		if errors.Is(err, errNoSession) {
			if wantsJSON(r) {
				writeJSON(w, http.StatusUnauthorized, asyncResult{Message: "You were signed out, so this was not done. Reload the page, sign in and try again."})
				return
			}
			if r.URL.Path == "/dashboard/signout" {
				// The cookie goes, as at any sign-out: kept, it made the
				// sign-in page say later that the session had ended.
				d.setCookie(w, r, sessionCookie, "", -1)
				http.Redirect(w, r, "/dashboard/signin?notice=signed_out", http.StatusSeeOther)
				return
			}
			// The form is not replayed (its token belonged to the ended
			// session, and a change made long after it was asked for may
			// no longer be wanted); the sign-in page says it was not done
			// and leads back to the page the form was on.
			http.Redirect(w, r, "/dashboard/signin?notice=session_ended&next="+url.QueryEscape(returnPage(r)), http.StatusSeeOther)
			return
		}
		if err != nil {
			d.renderError(w, r, nil, err)
			return
		}
		if !sameOrigin(r) || !validToken(csrfFrom(r), s.CSRFToken) {
			d.renderError(w, r, s, errCSRF)
			return
		}
		if err := h(w, r, s); err != nil {
			d.renderError(w, r, s, err)
			return
		}
		d.databaseAnswered()
	}
}

// cleanForm reports whether every form value is valid UTF-8 without NUL:
// nothing else can be stored as text on every database we support.
func cleanForm(r *http.Request) bool {
	for _, vs := range r.Form {
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return false
			}
		}
	}
	return true
}

// csrfFrom is the request's token: its X-CSRF-Token header, else its
// form's csrf field. A header given more than once is "" (no token,
// refused): a check of the first alone took X-CSRF-Token: VALID followed
// by X-CSRF-Token: anything. (A csrf field given twice is refused before,
// by readForm, naming the field.)
func csrfFrom(r *http.Request) string {
	switch vs := r.Header.Values("X-CSRF-Token"); {
	case len(vs) > 1:
		return ""
	case len(vs) == 1 && vs[0] != "":
		return vs[0]
	}
	return formCSRF(r)
}

// formCSRF is the form's one csrf value: "" (no token, refused) when it
// is given more than once, as a check of the first alone took
// csrf=VALID&csrf=anything. readForm refuses such a form first, in words
// that name the field (repeatedField); this stays so that the check
// holds for a form read some other way.
func formCSRF(r *http.Request) string {
	if len(r.PostForm["csrf"]) != 1 {
		return ""
	}
	return r.PostForm.Get("csrf")
}

func validToken(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// sameOrigin refuses requests a browser marks as coming from another
// origin: a second line of defence behind the CSRF token, and the only one
// against a sign-in form posted by an attacker who can plant the sign-in
// cookie (a sibling subdomain, by a cookie for the parent domain; a
// network attacker, by answering http:// for this host): such an attacker
// holds a valid cookie and token pair, minted by this server for them,
// and posts from another origin of the same site. So "Sec-Fetch-Site:
// same-site" is refused as cross-site is, and an Origin must name this
// host and port and, when the request came over HTTPS (overHTTPS), the
// https scheme: an http:// page of this host is not this site's HTTPS
// pages. (Over plain HTTP either scheme is taken: behind a TLS proxy that
// does not say so, the browser's Origin is https.) "Origin: null" is an
// opaque origin (a sandboxed frame, a data: or file: page), never this
// site: the dashboard's pages send their own origin (Referrer-Policy
// same-origin).
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return false
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			return false
		}
		if overHTTPS(r) && !strings.EqualFold(u.Scheme, "https") {
			return false
		}
	}
	return true
}

// overHTTPS reports whether r came over HTTPS: directly, or through a
// proxy that says so (X-Forwarded-Proto: https).
func overHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// secureCookies reports whether cookies set in answer to r get the Secure
// attribute: when the request came over HTTPS (directly, or through a proxy
// that says so) and when the host is loopback, which browsers treat as a
// secure context even over plain HTTP. Plain HTTP to any other host (a LAN
// address during development) gets cookies without it, or the browser
// would drop them.
func secureCookies(r *http.Request) bool {
	return overHTTPS(r) || isLoopbackHost(r.Host)
}

func isLoopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(strings.ToLower(host), "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// cookiePath scopes the dashboard's cookies to its own pages. Above all,
// browsers must not send them to /inspect/, whose captures show every
// header to the inspector's owner: with Path=/ a signed-in user who opened
// another account's capture URL handed over their session.
const cookiePath = "/dashboard"

func (d *Dashboard) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: cookiePath, MaxAge: maxAge, HttpOnly: true,
		Secure: secureCookies(r), SameSite: http.SameSiteLaxMode})
	if maxAge < 0 {
		// Also ends a cookie set with Path=/ by earlier versions. (Until
		// then the inspector drops it from captures: dropDashboardCookies.)
		http.SetCookie(w, &http.Cookie{Name: name, Path: "/", MaxAge: -1, HttpOnly: true,
			Secure: secureCookies(r), SameSite: http.SameSiteLaxMode})
	}
}

// clientNetwork is the client as the sign-in limits count it, from the
// TCP peer's address (r.RemoteAddr; a proxy's X-Forwarded-For is not
// trusted, so behind a proxy every client is the proxy): an IPv4 address
// as it is, and an IPv6 address by its /64. One IPv6 host usually has a
// whole /64 to itself and may take any of its 2^64 addresses, so counting
// each address apart gave one client unlimited guesses. An IPv4-mapped
// IPv6 address (::ffff:192.0.2.1, from a dual-stack listener) is its IPv4
// address. A RemoteAddr that is no IP address (not from TCP) is kept as
// it is.
func clientNetwork(remoteAddr string) string {
	host := remoteAddr
	if h, _, err := net.SplitHostPort(remoteAddr); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is4() {
		return ip.String()
	}
	return netip.PrefixFrom(ip, 64).Masked().String()
}

// limiterEmail is an email as the sign-in limits key it: its SHA-256,
// case-blind. The form takes up to 64 KiB, and the limits keep up to
// maxLimiterKeys keys each for their window: kept as sent, the emails of
// a guesser's failures (no user has one that long) held gigabytes.
func limiterEmail(email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(email)))
	return string(sum[:])
}

// safeNext keeps the post-sign-in redirect on the dashboard (no open redirect).
func safeNext(next string) string {
	// The fragment too: the redirect cleans the path with everything up to
	// a "?", so "/dashboard/x#/../../inspect/T" became "/inspect/T". A
	// fragment is kept only when it is a plain name ("#secret").
	if base, frag, ok := strings.Cut(next, "#"); ok && !plainFragment(frag) {
		next = base
	}
	p, _, _ := strings.Cut(next, "?")
	p, _, _ = strings.Cut(p, "#")
	// The path must stay under /dashboard/ once cleaned and decoded:
	// "/dashboard/../inspect/T" (or with %2e%2e) would leave it. A browser
	// drops tabs and newlines from a URL before resolving it, so
	// "/dashboard/.\t./" is "..": no control character or space is kept.
	decoded, err := url.PathUnescape(p)
	if !strings.HasPrefix(next, "/dashboard/") || strings.HasPrefix(next, "//") || strings.IndexFunc(next, unsafeInNext) >= 0 ||
		strings.HasPrefix(next, "/dashboard/signin") || err != nil || api.UncleanPath(decoded) || api.UncleanPath(p) {
		return "/dashboard/"
	}
	// Only a page: after sign-in, /dashboard/live or an inspector's …/live
	// left the browser on an endless event stream, /dashboard/signout (a
	// POST) on a 405, and a static file on a script's text.
	if page := pageOf(p); page != p {
		return page
	}
	if pageOf(decoded) != decoded {
		return "/dashboard/" // the same, written with escapes
	}
	// A notice in the page to return to would claim, after sign-in, that
	// something was done: a link to /dashboard/?notice=test_sent, opened
	// signed out, came back from the sign-in form (same-origin) saying so.
	if u, err := url.Parse(next); err == nil && (u.Query().Has("notice") || u.Query().Has("n") || u.Query().Has("m")) {
		q := u.Query()
		q.Del("notice")
		q.Del("n")
		q.Del("m")
		u.RawQuery = q.Encode()
		return u.String()
	}
	return next
}

// plainFragment reports whether a fragment is a name a page's element
// has: letters, digits, "-" and "_".
func plainFragment(frag string) bool { return frag != "" && onlyNameChars(frag) }

// onlyNameChars reports whether s holds only letters, digits, "-" and "_"
// (ASCII): an element's id, or a base64url token.
func onlyNameChars(s string) bool {
	for _, c := range []byte(s) {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// unsafeInNext reports the characters a return path may not hold: a
// backslash (read as a slash), spaces and ASCII control characters (a
// browser strips tabs and newlines, joining what they separate).
func unsafeInNext(r rune) bool {
	return r == '\\' || r <= ' ' || r == 0x7f
}

// returnPage is where a form posted without a session leads after
// sign-in: the page the form was on (its Referer, when it is this site's
// and a dashboard page), else the page of the action's path. Either way
// it passes safeNext, and loses the notice of an earlier change, which
// would claim this one was done.
func returnPage(r *http.Request) string {
	if ref, err := url.Parse(r.Referer()); err == nil && ref.IsAbs() && strings.EqualFold(ref.Host, r.Host) &&
		(ref.Scheme == "http" || ref.Scheme == "https") {
		page := pageOf(ref.EscapedPath())
		if page == ref.EscapedPath() {
			q := ref.Query()
			q.Del("notice")
			q.Del("n")
			q.Del("m")
			if len(q) > 0 {
				page += "?" + q.Encode()
			}
		}
		if next := safeNext(page); next != "/dashboard/" || ref.Path == "/dashboard/" {
			return next
		}
	}
	return safeNext(pageOf(r.URL.Path))
}

// pageOf is the page (a GET) that shows the form posting to p: p itself
// when it is a page, or, for an action's path (which a Referer is when
// the page answering a post was rendered without the script that names
// its own address), the page of the thing it acts on.
func pageOf(p string) string {
	parts := strings.Split(strings.TrimPrefix(p, "/dashboard/"), "/")
	switch parts[0] {
	case "signout", "live", "static":
		return "/dashboard/"
	case "settings":
		if len(parts) == 1 || parts[1] == "" || parts[1] == "api-access" {
			return p
		}
		return "/dashboard/settings/api-access"
	case "endpoints", "deliveries":
		if len(parts) > 2 {
			return "/dashboard/" + parts[0] + "/" + parts[1]
		}
	case "inspector":
		if len(parts) > 2 && parts[2] == "delete" {
			return "/dashboard/inspector"
		}
		if len(parts) > 2 {
			return "/dashboard/inspector/" + parts[1]
		}
	}
	return p
}

// sessionEndedNotice is the sign-in page's answer to a form posted after
// the session ended: the change was not made, and signing in does not
// make it.
const sessionEndedNotice = "You were signed out, so your last change was not saved. Sign in and try again."

// userGoneNotice is the sign-in page's word to a browser whose session's
// user no longer exists (errSessionUserGone).
const userGoneNotice = "You were signed out: the user this browser was signed in as no longer exists. Sign in as another user, or ask whoever runs eSahayak to create one for you."

// accountGoneNotice is the sign-in page's word to a browser whose
// session's account no longer exists (errSessionAccountGone).
const accountGoneNotice = "You were signed out: the account this browser was signed in to no longer exists, and none of its users can sign in. Sign in as a user of another account, or ask whoever runs eSahayak about it."

// msgAccountGone refuses the sign-in of a user whose account no longer
// exists. It is said only for the right password, so it tells no one who
// does not know it which emails have a user.
const msgAccountGone = "The account of this user no longer exists, so you cannot sign in as them. Ask whoever runs eSahayak about it."

type signInData struct {
	Email, Next, Token string
	// Warning is shown above the form: a change that was not made.
	Warning string
	// WrongPassword marks the password field invalid: the email may be
	// right, and saying which would tell who has an account.
	WrongPassword bool
}

func (d *Dashboard) signInPage(w http.ResponseWriter, r *http.Request) {
	if err := queryError(r); err != nil {
		d.renderError(w, r, nil, err) // which next to return to?
		return
	}
	s, err := d.session(r)
	if err == nil && s != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	notice, data := "", signInData{Next: r.URL.Query().Get("next")}
	switch r.URL.Query().Get("notice") {
	case "signed_out":
		notice = "You have signed out."
	case "session_ended":
		data.Warning = sessionEndedNotice
		notice = goneNotice(err) // "sign in and try again" cannot be done as that user

	default:
		// A session cookie that names no live session: the session ended
		// (Sign out deletes the cookie). Without a word, a person back at
		// an open tab after a night, who clicked a link, met a bare sign-in
		// form and could not tell why they had been signed out.
		switch {
		case goneNotice(err) != "":
			// Not "your session has ended": signing in again as that user
			// fails, and the person would try their password again and
			// again.
			notice = goneNotice(err)
		case errors.Is(err, errNoSession) && len(sessionTokens(r)) > 0:
			notice = "Your session has ended, so you were signed out: a session lasts " + inHours(d.cfg.SessionIdle) +
				" after its last use, and " + inDays(d.cfg.SessionMax) + " at most. Sign in again to go on."
		}
	}
	d.renderSignIn(w, r, http.StatusOK, data, notice, "")
}

func (d *Dashboard) renderSignIn(w http.ResponseWriter, r *http.Request, status int, data signInData, notice, errMsg string) {
	// One token per browser, not per page: a sign-in page opened in a
	// second tab (every tab of an ended session goes there) must not void
	// the form of the first.
	if c, err := r.Cookie(signInCookie); err == nil && isSignInToken(c.Value) {
		data.Token = c.Value
	} else {
		data.Token = randomToken(signInTokenBytes)
	}
	d.setCookie(w, r, signInCookie, data.Token, 3600)
	data.Next = safeNext(data.Next)
	d.render(w, r, status, "signin", &view{Title: "Sign in", Notice: notice, Error: errMsg, Data: data})
}

// signInTokenBytes is the size of the sign-in form's token.
const signInTokenBytes = 24

// isSignInToken says whether v is a token renderSignIn made: what else
// the cookie holds (set by a script or another site) is replaced.
func isSignInToken(v string) bool {
	if len(v) != base64.RawURLEncoding.EncodedLen(signInTokenBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil
}

func (d *Dashboard) signIn(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, 64<<10); err != nil {
		d.renderError(w, r, nil, err)
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	password := r.PostForm.Get("password")
	data := signInData{Email: email, Next: r.PostForm.Get("next")}
	if r.PostForm.Get("notice") == "session_ended" {
		data.Warning = sessionEndedNotice // still not saved: say so until signed in
	}
	c, _ := r.Cookie(signInCookie)
	if c == nil || !sameOrigin(r) || !validToken(formCSRF(r), c.Value) {
		if s, err := d.session(r); err == nil && s != nil && sameOrigin(r) && strings.EqualFold(s.User.Email, email) {
			// A sign-in form of a second tab, sent after the first signed
			// this browser in as the same user (the success clears the
			// form's cookie): "Your sign-in form expired" above a form, to
			// someone signed in already, asked for a sign-in that would
			// only replace the session. It goes where the form leads, as
			// the sign-in page itself does when signed in; no one is
			// signed in or out by it.
			http.Redirect(w, r, safeNext(data.Next), http.StatusSeeOther)
			return
		}
		d.renderSignIn(w, r, http.StatusForbidden, data, "", "Your sign-in form expired. Please sign in again.")
		return
	}
	if email == "" || password == "" {
		d.renderSignIn(w, r, http.StatusUnprocessableEntity, data, "", "Enter your email and password.")
		return
	}
	now := d.now()
	network := clientNetwork(r.RemoteAddr)
	accountKey := limiterEmail(email)
	key := accountKey + "\x00" + network
	ipKey := "\x00" + network
	// Each attempt counts as a failure until its password is found right
	// (take), so a burst of attempts cannot outrun the limits.
	tooMany := func(wait time.Duration) {
		mins := int(wait/time.Minute) + 1
		// Seconds, rounded up, as the page's minutes are.
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		d.renderSignIn(w, r, http.StatusTooManyRequests, data, "",
			"Too many failed sign-in attempts. Try again in "+plural.Count(mins, "minute", "minutes")+".")
	}
	if ok, wait := d.emailLimiter.take(key, now); !ok {
		tooMany(wait)
		return
	}
	if ok, wait := d.ipLimiter.take(ipKey, now); !ok {
		d.emailLimiter.giveBack(key, now)
		tooMany(wait)
		return
	}
	// The email's limit across networks, but for a network it signed in
	// from lately: a distributed guesser is held to it, and cannot lock
	// the user out there by keeping it full.
	perEmail := !d.knownClients.has(key, now)
	if perEmail {
		if ok, wait := d.accountLimiter.take(accountKey, now); !ok {
			d.emailLimiter.giveBack(key, now)
			d.ipLimiter.giveBack(ipKey, now)
			tooMany(wait)
			return
		}
	}
	giveBackAll := func() {
		d.emailLimiter.giveBack(key, now)
		d.ipLimiter.giveBack(ipKey, now)
		if perEmail {
			d.accountLimiter.giveBack(accountKey, now)
		}
	}
	u, err := d.st.UserByEmail(r.Context(), email)
	hash := dummyHash()
	if err == nil {
		hash = u.PasswordHash
	} else if !isNotFound(err) {
		giveBackAll() // the store failed, not the user
		d.renderError(w, r, nil, err)
		return
	}
	ok, cerr := checkPassword(r.Context(), hash, password)
	if ctxErr := r.Context().Err(); errors.Is(cerr, errHashBusy) || (ctxErr != nil && errors.Is(cerr, ctxErr)) {
		// Not checked: a flood of sign-ins, or the client went away
		// first. (One checked before it went away stays counted.)
		giveBackAll()
		w.Header().Set("Retry-After", "5")
		d.renderSignIn(w, r, http.StatusServiceUnavailable, data, "", "Too many sign-ins are being checked right now. Try again in a few seconds.")
		return
	}
	if cerr != nil {
		d.log.Error("dashboard user has an unreadable password hash", "user", u.ID, "err", cerr)
	}
	if err != nil || !ok {
		data.WrongPassword = true
		d.renderSignIn(w, r, http.StatusUnauthorized, data, "", "Incorrect email or password.")
		return // counted by take
	}
	// The other networks' failures for this email stay counted: they may
	// be a guesser's, still at work.
	d.emailLimiter.reset(key)
	d.ipLimiter.giveBack(ipKey, now)
	if perEmail {
		d.accountLimiter.giveBack(accountKey, now)
	}
	d.knownClients.add(key, now)

	// The right password for a user whose account is gone: a session would
	// open no page (each finds the account gone, and sends the browser back
	// here), so none is made, and the form says why.
	if _, err := d.st.GetAccount(r.Context(), u.AccountID); isNotFound(err) {
		d.renderSignIn(w, r, http.StatusForbidden, data, "", msgAccountGone)
		return
	} else if err != nil {
		d.renderError(w, r, nil, err)
		return
	}

	token := randomToken(32)
	hashed := sha256.Sum256([]byte(token))
	ds := store.DashboardSession{TokenHash: hashed[:], UserID: u.ID, AccountID: u.AccountID, CSRFToken: randomToken(32),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(d.cfg.SessionIdle)}
	if err := d.st.CreateDashboardSession(r.Context(), ds); err != nil {
		d.renderError(w, r, nil, err)
		return
	}
	if n, err := d.st.PruneDashboardSessions(r.Context(), now); err != nil {
		d.log.Warn("prune dashboard sessions", "err", err)
	} else if n > 0 {
		d.log.Debug("pruned expired dashboard sessions", "sessions", n)
	}
	for _, old := range sessionTokens(r) {
		// This browser's previous sessions (another user's, perhaps) end
		// here, not when they would have expired.
		oldHash := sha256.Sum256([]byte(old))
		if err := d.st.DeleteDashboardSession(r.Context(), oldHash[:]); err != nil {
			d.log.Warn("end the previous dashboard session", "err", err)
		}
	}
	d.setCookie(w, r, sessionCookie, token, 0)
	d.setCookie(w, r, signInCookie, "", -1)
	http.Redirect(w, r, safeNext(data.Next), http.StatusSeeOther)
}

func (d *Dashboard) signOut(w http.ResponseWriter, r *http.Request, s *session) error {
	if err := d.st.DeleteDashboardSession(r.Context(), s.TokenHash); err != nil {
		return err
	}
	d.setCookie(w, r, sessionCookie, "", -1)
	http.Redirect(w, r, "/dashboard/signin?notice=signed_out", http.StatusSeeOther)
	return nil
}
