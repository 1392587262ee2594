package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// APIKeyPrefix starts every API key, so leaked keys are easy to recognise
// (and to scan for in repositories).
const APIKeyPrefix = "esk_"

// NewAPIKey makes a key for account and the row to store: only the key's
// SHA-256 is kept. The key itself is returned once and never again.
func NewAPIKey(accountID, name string, now time.Time) (key string, row store.APIKey, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", store.APIKey{}, err
	}
	key = APIKeyPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	sum := sha256.Sum256([]byte(key))
	row = store.APIKey{ID: ids.NewAt(ids.APIKey, now), AccountID: accountID, Name: name, Prefix: key[:12], Hash: sum[:], CreatedAt: now}
	return key, row, nil
}

// CreateAccount makes an account with one API key; used by the CLI and the first start.
func CreateAccount(ctx context.Context, st store.Store, name string, now time.Time) (store.Account, string, error) {
	acct := store.Account{ID: ids.NewAt(ids.Account, now), Name: name, CreatedAt: now}
	if err := st.CreateAccount(ctx, acct); err != nil {
		return acct, "", err
	}
	key, row, err := NewAPIKey(acct.ID, "default", now)
	if err != nil {
		return acct, "", err
	}
	if err := st.CreateAPIKey(ctx, row, 0); err != nil { // a new account's first key
		return acct, "", err
	}
	return acct, key, nil
}

type principalKind int

const (
	principalAccount principalKind = iota + 1
	principalOperator
)

type principal struct {
	kind      principalKind
	accountID string
	keyID     string
	keyHash   []byte // of the API key that made the request, for keyStillValid
}

// keyRecheckKey holds, in a request made with an API key, the check that
// the key still stands. The key is checked before the body is read, and a
// body may arrive up to a minute later: readBody asks again once it is in,
// so that a key revoked meanwhile changes nothing ("Revoke refuses the key
// from then on"). A leaked key's holder could otherwise open requests,
// wait for the revoke, then finish them.
type keyRecheckKey struct{}

// withKeyRecheck gives r the check readBody makes after the body.
func (s *Server) withKeyRecheck(r *http.Request, p principal) *http.Request {
	if p.keyHash == nil {
		return r
	}
	check := func(ctx context.Context) error {
		_, err := s.store.APIKeyByHash(ctx, p.keyHash)
		if errors.Is(err, store.ErrNotFound) {
			return errUnauthorized("invalid_api_key", "the API key was revoked while the request was being sent")
		}
		if err != nil {
			return errors.Join(errUnavailable, err)
		}
		return nil
	}
	return r.WithContext(context.WithValue(r.Context(), keyRecheckKey{}, check))
}

// keyStillValid runs the check withKeyRecheck set, if any.
func keyStillValid(r *http.Request) error {
	if check, ok := r.Context().Value(keyRecheckKey{}).(func(context.Context) error); ok {
		return check(r.Context())
	}
	return nil
}

type principalKey struct{}

func principalFrom(ctx context.Context) principal {
	p, _ := ctx.Value(principalKey{}).(principal)
	return p
}

// bearer extracts the token of an "Authorization: Bearer …" header.
//
// The header is read as RFC 7235 writes credentials: the scheme, in any
// case ("bearer" too), then one or more spaces, then the token, and
// nothing after it. Every key (base64url after "esk_") and every operator
// token serve takes is printable ASCII without spaces, so a token with a
// space, tab or any other byte outside '!'–'~' is a malformed header, not
// a key to look up: "Bearer esk_… extra" was hashed whole and answered
// invalid_api_key, telling a client whose key is right that it was wrong,
// and "Bearer \tesk_…" was trimmed and let in. Leading and trailing
// spaces and tabs never reach here: HTTP strips them from every header
// value.
func bearer(r *http.Request) (string, *Error) {
	if len(r.Header.Values("Authorization")) > 1 {
		// Which one would count is a guess a proxy and we might make
		// differently, an empty one among them too.
		return "", errUnauthorized("invalid_authorization", "send exactly one Authorization header")
	}
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", errUnauthorized("missing_api_key", "send your API key as 'Authorization: Bearer <key>'")
	}
	scheme, token, ok := strings.Cut(h, " ")
	token = strings.TrimLeft(token, " ")
	if ok && strings.EqualFold(scheme, "Bearer") && holdsNonASCII(token) && !strings.ContainsAny(token, " \t") {
		// The key as the documentation writes it, esk_… (or op-secret…
		// left with its …): "nothing after it" sent a new user looking
		// for a fault in a header they never wrote by hand.
		return "", errUnauthorized("invalid_authorization", "the key in the Authorization header holds a character that no API key or operator token has "+
			"(a non-ASCII one, such as the … of the documentation's esk_…): give the whole key as it was printed")
	}
	if ok && strings.EqualFold(scheme, "Bearer") && len(token) >= 2 && (token[0] == '"' || token[0] == '\'') && token[len(token)-1] == token[0] &&
		isTokenText(token) {
		// Bearer "esk_…", as a shell's quotes typed inside another pair
		// or an env file's kept quotes send it: no key or token is
		// wrapped in quotes (serve refuses such an operator token), and
		// "not valid or has been revoked" sent the client to a key that
		// was right.
		return "", errUnauthorized("invalid_authorization", "the key in the Authorization header is in quotes, which are taken as part of it: send 'Authorization: Bearer <key>' with the key alone")
	}
	if e := schemeMistake(h, scheme, token, ok); e != nil {
		return "", e
	}
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || !isTokenText(token) {
		return "", errUnauthorized("invalid_authorization", "the Authorization header must be 'Bearer <key>': the scheme, a space and the key, nothing after it")
	}
	return token, nil
}

// schemeMistake names the Authorization headers other APIs' habits send,
// which were told only that the header "must be 'Bearer <key>'": Basic
// credentials (curl -u esk_…:, as Stripe's documentation has it), the key
// with no scheme before it, another scheme (Token esk_…), and Bearer with
// no key. It returns nil for any other header; the credential itself is
// never quoted.
func schemeMistake(h, scheme, token string, spaced bool) *Error {
	switch {
	case !spaced && strings.EqualFold(h, "Bearer"):
		return errUnauthorized("invalid_authorization", "the Authorization header has the scheme Bearer but no key after it: send 'Authorization: Bearer <key>'")
	case !spaced && isTokenText(h):
		return errUnauthorized("invalid_authorization", "the Authorization header has no scheme before the key: send 'Authorization: Bearer <key>', with Bearer and a space before it")
	case spaced && token != "" && strings.EqualFold(scheme, "Basic"):
		return errUnauthorized("invalid_authorization", "the Authorization header holds Basic credentials (as curl -u sends them); this API takes the key as 'Authorization: Bearer <key>'")
	case spaced && token != "" && !strings.EqualFold(scheme, "Bearer") && scheme != "" && isTokenText(scheme) && isTokenText(token):
		return errUnauthorized("invalid_authorization", fmt.Sprintf("the Authorization header's scheme is %q; this API takes the key as 'Authorization: Bearer <key>'", order.Excerpt(scheme)))
	}
	return nil
}

// holdsNonASCII reports whether s has a byte outside ASCII.
func holdsNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// isTokenText reports whether s is all printable ASCII without spaces,
// the only bytes an API key or an operator token holds.
func isTokenText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '!' || s[i] > '~' {
			return false
		}
	}
	return true
}

func (s *Server) authenticate(r *http.Request) (principal, error) {
	if p := principalFrom(r.Context()); p.kind == principalAccount && p.accountID != "" {
		return p, nil // authenticated by the caller of ServeAccount
	}
	token, apiErr := bearer(r)
	if apiErr != nil {
		return principal{}, apiErr
	}
	// The token's hash is compared, not the token: ConstantTimeCompare
	// returns at once for inputs of different lengths, so comparing the
	// tokens themselves told a prober, by the answer's time, how long the
	// operator token is. The hash is the API key lookup's too.
	sum := sha256.Sum256([]byte(token))
	if s.cfg.OperatorToken != "" && subtle.ConstantTimeCompare(sum[:], s.operatorSum[:]) == 1 {
		return principal{kind: principalOperator}, nil
	}
	if !strings.HasPrefix(token, APIKeyPrefix) || len(token) > 200 {
		return principal{}, errUnauthorized("invalid_api_key", "the API key is not valid")
	}
	key, err := s.store.APIKeyByHash(r.Context(), sum[:])
	if errors.Is(err, store.ErrNotFound) {
		return principal{}, errUnauthorized("invalid_api_key", "the API key is not valid or has been revoked")
	}
	if err != nil {
		return principal{}, errors.Join(errUnavailable, err)
	}
	s.touch(key.ID)
	return principal{kind: principalAccount, accountID: key.AccountID, keyID: key.ID, keyHash: sum[:]}, nil
}

// touch records a key's last use at most once a minute, off the request
// path: a write per request would cost more than the request.
func (s *Server) touch(keyID string) {
	now := s.now()
	if !s.touchDue(keyID, now) {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = s.store.TouchAPIKey(ctx, keyID, now)
	}()
}

type touchState struct {
	touchMu sync.Mutex
	touched map[string]time.Time // key id → last use written
	swept   time.Time
}

// touchInterval is how often a key's last use is written at most.
const touchInterval = time.Minute

// touchDue reports whether keyID's use at now is to be written (none was
// within touchInterval), and records it if so. An entry older than
// touchInterval decides nothing, so such entries are dropped once an
// interval: the map holds the keys used lately, not every key used since
// the start (each key made, used and revoked stayed in it for good).
func (t *touchState) touchDue(keyID string, now time.Time) bool {
	t.touchMu.Lock()
	defer t.touchMu.Unlock()
	if last, ok := t.touched[keyID]; ok && now.Sub(last) < touchInterval {
		return false
	}
	if now.Sub(t.swept) >= touchInterval {
		for id, at := range t.touched {
			if now.Sub(at) >= touchInterval {
				delete(t.touched, id)
			}
		}
		t.swept = now
	}
	if t.touched == nil {
		t.touched = map[string]time.Time{}
	}
	t.touched[keyID] = now
	return true
}

// ServeAccount serves r as a request of accountID, whose caller has
// already authenticated it (the dashboard, with a sign-in session): the
// dashboard makes every change through the API's own handlers, so both
// apply the same validation, messages and side effects. Only code in this
// process can call it; requests from the network always need a key.
func (s *Server) ServeAccount(w http.ResponseWriter, r *http.Request, accountID string) {
	ctx := context.WithValue(r.Context(), principalKey{}, principal{kind: principalAccount, accountID: accountID})
	s.ServeHTTP(w, r.WithContext(ctx))
}

// customer wraps a handler that needs an account's API key.
func (s *Server) customer(h func(w http.ResponseWriter, r *http.Request, accountID string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if p.kind != principalAccount {
			s.writeError(w, r, errForbidden("account_key_required", "this route needs an account's API key, not the operator token"))
			return
		}
		if err := queryError(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := refuseReadBody(w, r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := h(w, s.withKeyRecheck(r, p), p.accountID); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.databaseAnswered(r)
	}
}

// operator wraps a handler that needs the operator token.
func (s *Server) operator(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.OperatorToken == "" {
			s.writeError(w, r, errForbidden("operator_disabled", "operator routes are disabled: start the server with --operator-token (ESAHAYAK_OPERATOR_TOKEN)"))
			return
		}
		p, err := s.authenticate(r)
		if err != nil {
			var e *Error
			if errors.As(err, &e) && e.Code == "invalid_api_key" {
				// Neither a key nor the operator token; here the caller
				// most likely meant the token.
				err = errUnauthorized(e.Code, "neither an API key nor the operator token: this route needs the token the server was started with (--operator-token)")
			}
			if errors.As(err, &e) && e.Code == "missing_api_key" {
				// "send your API key" sent the caller to a key, which
				// this route refuses (403 operator_token_required).
				err = errUnauthorized(e.Code, "send the operator token as 'Authorization: Bearer <token>': the token the server was started with (--operator-token)")
			}
			s.writeError(w, r, err)
			return
		}
		if p.kind != principalOperator {
			s.writeError(w, r, errForbidden("operator_token_required", "this route needs the operator token, not an API key"))
			return
		}
		if err := queryError(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.databaseAnswered(r)
	}
}

// either wraps a handler open to both kinds of credential.
func (s *Server) either(h func(w http.ResponseWriter, r *http.Request, p principal) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := queryError(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := h(w, s.withKeyRecheck(r, p), p); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.databaseAnswered(r)
	}
}

// refuseReadBody refuses a GET or HEAD of a /v1 route that has a body.
// Those routes read their query string alone, and a body was ignored: a
// list's filters sent as JSON, as a POST takes its fields
// (requests.get(url, json={"status": "FAILED"}), curl -X GET -d), were
// answered 200 with the list unfiltered, and a stats request with
// {"window": "1h"} with the default 24h, each read as what was asked. A
// chunked body that ends empty is none, as Content-Length: 0 is, and is
// read for at most unreadBodyGrace to know it (bodyEndsEmpty). A listen
// stream refuses a body itself (refuseStreamBody), in its own words.
func refuseReadBody(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead || strings.HasSuffix(r.Pattern, "/stream") {
		return nil
	}
	if r.ContentLength == 0 || r.ContentLength < 0 && bodyEndsEmpty(w, r) {
		return nil
	}
	return errBadRequest("body_not_allowed", fmt.Sprintf("a %s request has no body, and this route reads none: send its parameters in the query string (GET /v1/orders?status=FAILED&limit=5), not as JSON", r.Method), "")
}
