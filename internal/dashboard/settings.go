package dashboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/plural"
	"github.com/esahayak/esahayak/internal/store"
)

// The Settings → API Access page: the guide's "API keys" and "Webhook
// Configuration" sections.

// maxListedEndpoints is how many endpoints the pages list and chart.
const maxListedEndpoints = 100

// maxAccountEndpoints bounds accountEndpoints: the overview's totals, the
// monitoring table and the duplicate-URL check look at this many.
const maxAccountEndpoints = 1000

// accountEndpoints pages through the account's endpoints, newest first, up
// to maxAccountEndpoints; more reports that there were others past that.
func (d *Dashboard) accountEndpoints(ctx context.Context, accountID string) (eps []store.Endpoint, more bool, err error) {
	after := ""
	for len(eps) < maxAccountEndpoints {
		page, hasMore, err := d.st.ListEndpoints(ctx, store.ListParams{AccountID: accountID, Limit: maxListedEndpoints, StartingAfter: after})
		if err != nil {
			return nil, false, err
		}
		eps = append(eps, page...)
		if !hasMore || len(page) == 0 {
			return eps, false, nil
		}
		after = page[len(page)-1].ID
	}
	return eps[:maxAccountEndpoints], true, nil
}

// sameURL reports whether two endpoint URLs name the same address, as a
// receiver sees it: the scheme and host compare without regard to case, a
// host in the ASCII form clients look it up and send in Host (exämple.com
// is xn--exmple-cua.com, full-width letters are ASCII ones), a
// port is a number (leading zeros are nothing) and a default port is none, an empty path is "/", and percent-escapes are
// normalised as RFC 3986 §6.2.2 does (hex digits in upper case, an escaped
// unreserved character written plainly: %73 is "s", and receivers decode
// it so); the rest compares exactly.
func sameURL(a, b string) bool {
	if a == b {
		return true
	}
	ca, okA := canonicalURL(a)
	cb, okB := canonicalURL(b)
	return okA && okB && ca == cb
}

// canonicalURL is sameURL's form of an endpoint URL.
func canonicalURL(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if a, err := idna.Lookup.ToASCII(host); err == nil {
		host = a
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		// ::ffff:127.0.0.1 is 127.0.0.1 to a client; 2001:DB8::1 and
		// 2001:db8:0::1 are one address.
		host = ip.Unmap().String()
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6
	}
	// The port as a number: 022801 and 22801 are one port to a client.
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err == nil {
			port = strconv.Itoa(n)
		}
		if !(scheme == "http" && port == "80") && !(scheme == "https" && port == "443") {
			host += ":" + port
		}
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/" // what a client sends for no path
	}
	return scheme + "://" + u.User.String() + "@" + host + removeDotSegments(normalizeEscapes(path)) + "?" + normalizeEscapes(u.RawQuery), true
}

// removeDotSegments resolves the "." and ".." segments of a path as RFC
// 3986 (section 5.2.4) does, and as servers do before routing: /a/../dup
// and /./dup are /dup. Empty segments stay (/a//b is not /a/b).
func removeDotSegments(p string) string {
	if !strings.Contains(p, ".") {
		return p
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, seg := range segs {
		last := i == len(segs)-1
		switch seg {
		case ".":
			if last {
				out = append(out, "") // "/a/." is "/a/"
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, seg)
		}
	}
	return strings.Join(out, "/")
}

// normalizeEscapes writes the hex digits of s's percent-escapes in upper
// case (%c3%bc and %C3%BC are the same bytes) and an escaped unreserved
// character (letters, digits, "-", ".", "_", "~") as itself.
func normalizeEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			if c := unhex(s[i+1])<<4 | unhex(s[i+2]); isUnreserved(c) {
				b = append(b, c)
			} else {
				b = append(b, '%', upperHex(s[i+1]), upperHex(s[i+2]))
			}
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// storedURL is rawURL as the API would store it (it percent-encodes the
// non-ASCII characters of the query: ?k=ü is kept as ?k=%C3%BC), so that
// a posted URL is compared with what was saved, not with what was typed.
// A URL the API refuses is returned as is: the API gives its reason.
func (d *Dashboard) storedURL(rawURL string) string {
	body, err := json.Marshal(map[string]string{"url": rawURL})
	if err != nil {
		return rawURL
	}
	req, err := api.ParseEndpointRequest(body, true, d.cfg.AllowInsecureURLs)
	if err != nil || req.URL == nil {
		return rawURL
	}
	return *req.URL
}

// uniqueURL is r carrying a store.URLCheck by sameURL, for an API call
// that creates an endpoint or changes its URL: the store refuses a URL
// another endpoint of the account has in the write's own step (for every
// instance on the database), and chk.Dup then names that endpoint. The
// API's 409 conflict for it is not shown: the page says which endpoint.
func uniqueURL(r *http.Request) (*store.URLCheck, *http.Request) {
	chk := &store.URLCheck{Same: sameURL}
	return chk, r.WithContext(store.WithURLCheck(r.Context(), chk))
}

// duplicateOf finds another endpoint of the account with the same URL
// (except). A second endpoint for one URL would receive every event
// twice, which is never what a double click or a paste meant.
func (d *Dashboard) duplicateOf(ctx context.Context, accountID, rawURL, except string) (string, error) {
	eps, _, err := d.accountEndpoints(ctx, accountID)
	if err != nil {
		return "", fmt.Errorf("list endpoints: %w", err)
	}
	posted := d.storedURL(rawURL)
	for _, e := range eps {
		if e.ID != except && sameURL(e.URL, posted) {
			return e.ID, nil
		}
	}
	return "", nil
}

type apiAccessData struct {
	Keys []store.APIKey
	// HiddenRevoked counts revoked keys past listedRevokedKeys, not listed.
	HiddenRevoked int
	NewKey        string // a key just created: shown this once
	NewKeyName    string
	KeyError      string
	KeyName       string // the name posted with a refused key, shown again
	Endpoints     []store.Endpoint
	// EndpointsAfter is where the listed page of endpoints starts ("" for
	// the newest); OlderEndpoints, when there are more, is the last listed,
	// for the link to the next page.
	EndpointsAfter string
	OlderEndpoints string
	NewEndpoint    string // id of the endpoint just saved, highlighted
	Form           webhookForm
	AllowInsecure  bool
	AnswerWithin   string // the attempt timeout in words: "10 seconds"
}

// webhookForm is the endpoint form as posted, kept to show it again with
// the API's message when the API refuses it.
type webhookForm struct {
	URL         string
	Description string
	Events      []string
	Error       string // the message (fieldMessage words the API's)
	Param       string // the field it is about: url, events, description, or ""
	Dup         string // the endpoint that has this URL already, linked from the message
}

func (f webhookForm) ErrorFor(param string) string {
	if f.Param == param {
		return f.Error
	}
	return ""
}

func (f webhookForm) OtherError() string {
	switch f.Param {
	case "url", "events", "description":
		return ""
	}
	return f.Error
}

func (d *Dashboard) apiAccess(w http.ResponseWriter, r *http.Request, s *session) error {
	return d.renderAPIAccess(w, r, s, http.StatusOK, func(a *apiAccessData) {
		a.NewEndpoint = r.URL.Query().Get("new")
	})
}

func (d *Dashboard) renderAPIAccess(w http.ResponseWriter, r *http.Request, s *session, status int, edit func(*apiAccessData)) error {
	keys, err := d.st.ListAPIKeys(r.Context(), s.AccountID)
	if err != nil {
		return err
	}
	// Endpoints are listed maxListedEndpoints at a time, newest first:
	// past them an account's older endpoints were listed nowhere, and
	// their pages could not be reached to edit or delete them. A form's
	// answer (a POST) lists the newest.
	after := ""
	if r.Method == http.MethodGet {
		if a := r.URL.Query().Get("endpoints_after"); ids.Valid(ids.Endpoint, a) {
			after = a
		}
	}
	eps, more, err := d.st.ListEndpoints(r.Context(), store.ListParams{AccountID: s.AccountID, Limit: maxListedEndpoints, StartingAfter: after})
	if err != nil {
		return err
	}
	keys, hidden := listedKeys(keys)
	data := &apiAccessData{Keys: keys, HiddenRevoked: hidden, Endpoints: eps, EndpointsAfter: after, AllowInsecure: d.cfg.AllowInsecureURLs, AnswerWithin: inWords(d.cfg.AttemptTimeout),
		Form: webhookForm{Events: order.EventTypes}}
	if more && len(eps) > 0 {
		data.OlderEndpoints = eps[len(eps)-1].ID
	}
	if edit != nil {
		edit(data)
	}
	v := &view{Title: "API Access", Nav: "settings", Session: s, Notice: noticeFrom(r), Data: data}
	if r.Method != http.MethodGet {
		v.Canonical = "/dashboard/settings/api-access"
	}
	d.render(w, r, status, "apiaccess", v)
	return nil
}

// listedRevokedKeys is how many revoked keys the page lists, newest first:
// revoking and creating again, without end, must not grow the page without
// end (active keys are bounded by maxAPIKeysPerAccount).
const listedRevokedKeys = 20

// listedKeys keeps every active key and the newest listedRevokedKeys
// revoked ones (keys come newest first), and counts the rest.
func listedKeys(keys []store.APIKey) (listed []store.APIKey, hidden int) {
	revoked := 0
	for _, k := range keys {
		if k.RevokedAt != nil {
			if revoked++; revoked > listedRevokedKeys {
				hidden++
				continue
			}
		}
		listed = append(listed, k)
	}
	return listed, hidden
}

// postedEvents reads the event-type checkboxes. A form without them (the
// guide's URL-only flow) subscribes to every type; a form with them and
// none ticked is sent as is, for the API to refuse with its message.
func postedEvents(r *http.Request) []string {
	if ev := r.PostForm["events"]; len(ev) > 0 || r.PostForm.Get("events_shown") != "" {
		if ev == nil {
			ev = []string{}
		}
		return ev
	}
	return order.EventTypes
}

// saveWebhook is the guide's "Save Webhook": it creates an endpoint for
// the URL, through the API.
func (d *Dashboard) saveWebhook(w http.ResponseWriter, r *http.Request, s *session) error {
	form := webhookForm{URL: strings.TrimSpace(r.PostForm.Get("url")), Description: strings.TrimSpace(r.PostForm.Get("description")),
		Events: postedEvents(r)}
	body := map[string]any{"url": form.URL, "events": form.Events}
	if form.Description != "" {
		body["description"] = form.Description
	}
	fail := func(msg, param string) error {
		form.Error, form.Param = msg, param
		return d.renderAPIAccess(w, r, s, http.StatusUnprocessableEntity, func(a *apiAccessData) { a.Form = form })
	}
	// The form sent twice (a double click): the second post leads where
	// the first did, to the webhook it saved, once the first has answered.
	// Only as it was sent: brought back (Back) and changed, another URL,
	// description or event types are not what was saved.
	once := r.PostForm.Get("once")
	made, first := d.madeForms.begin(s.CSRFToken, once, form.URL+"\n"+form.Description+"\n"+strings.Join(form.Events, " "), d.now())
	if !first {
		select {
		case <-made.done:
		case <-r.Context().Done():
			return r.Context().Err()
		}
		if id := d.madeForms.madeID(made); id != "" {
			redirect(w, r, "/dashboard/settings/api-access", "webhook_saved", "new", id)
			return nil
		}
		// The first post made nothing: this one is answered on its own
		// (and is not what a third waits for).
		made = nil
	}
	savedID := ""
	defer func() { d.madeForms.finish(s.CSRFToken, once, made, savedID) }()
	// One URL once (duplicateOf). The check here names the endpoint at
	// once; the store checks again in the create's own step (uniqueURL),
	// for a double click, or two instances, sending both at once.
	if form.URL != "" {
		dup, err := d.duplicateOf(r.Context(), s.AccountID, form.URL, "")
		if err != nil {
			return err
		}
		if dup != "" {
			form.Dup = dup
			return fail(duplicateMessage(dup), "url")
		}
	}
	var created apiEndpoint
	chk, ur := uniqueURL(r)
	if err := d.callAPI(ur, s, http.MethodPost, "/v1/webhook_endpoints", body, &created); err != nil {
		if chk.Dup != "" {
			form.Dup = chk.Dup
			return fail(duplicateMessage(chk.Dup), "url")
		}
		var ae *apiError
		if errors.As(err, &ae) && ae.Status < 500 {
			return fail(urlFieldMessage(ae, form.URL, d.cfg.AllowInsecureURLs), ae.Param)
		}
		return err
	}
	savedID = created.ID
	redirect(w, r, "/dashboard/settings/api-access", "webhook_saved", "new", created.ID)
	return nil
}

// maxAPIKeysPerAccount bounds an account's active API keys: the page lists
// every one on each load (16,000 keys made it 13 MB).
const maxAPIKeysPerAccount = 100

func (d *Dashboard) createAPIKey(w http.ResponseWriter, r *http.Request, s *session) error {
	name := strings.TrimSpace(r.PostForm.Get("name"))
	if name == "" {
		name = "dashboard"
	}
	if utf8.RuneCountInString(name) > 100 {
		return d.renderAPIAccess(w, r, s, http.StatusUnprocessableEntity, func(a *apiAccessData) {
			a.KeyError = "The key name must be at most 100 characters."
			a.KeyName = name // to shorten, not to type again
		})
	}
	// Refused as an account's name refuses them (api.HiddenInName): the
	// list shows a name without its controls, so "a\u202eb" was listed as
	// "ab", another name than the one typed; "deploy" with a zero-width
	// space (U+200B), a word joiner or a byte-order mark in it was listed
	// as a second "deploy"; a name of such characters alone, as nothing.
	if c, at, hidden := api.HiddenInName(name); hidden {
		return d.renderAPIAccess(w, r, s, http.StatusUnprocessableEntity, func(a *apiAccessData) {
			a.KeyError = fmt.Sprintf("The key name must not contain invisible, control or bidirectional formatting characters (U+%04X at character %d); remove it.", c, at)
			a.KeyName = name
		})
	}
	if !api.NameVisible(name) {
		return d.renderAPIAccess(w, r, s, http.StatusUnprocessableEntity, func(a *apiAccessData) {
			a.KeyError = "The key name has no visible character; give a name people can read, or leave it empty for \"dashboard\"."
			a.KeyName = name
		})
	}
	once := r.PostForm.Get("once")
	if !d.onceForms.take(s.CSRFToken, once, d.now()) {
		return d.renderAPIAccess(w, r, s, http.StatusConflict, func(a *apiAccessData) {
			a.KeyError = "This form created a key already; it was sent again (a reload?) and did nothing. " +
				"That key was shown once: if you did not copy it, revoke it below and create another."
		})
	}
	// The store counts and inserts in one step, for every instance on
	// the database: creates at the same moment cannot pass the limit
	// together (a lock of this instance's let two instances through).
	key, row, err := api.NewAPIKey(s.AccountID, name, d.now())
	if err == nil {
		err = d.st.CreateAPIKey(r.Context(), row, maxAPIKeysPerAccount)
	}
	if errors.Is(err, store.ErrAPIKeyLimit) {
		d.onceForms.giveBack(s.CSRFToken, once)
		return d.renderAPIAccess(w, r, s, http.StatusUnprocessableEntity, func(a *apiAccessData) {
			a.KeyError = fmt.Sprintf("An account may have at most %d active API keys. Revoke one first.", maxAPIKeysPerAccount)
			a.KeyName = name
		})
	}
	if err != nil {
		d.onceForms.giveBack(s.CSRFToken, once)
		return err
	}
	d.keysChanged(s.AccountID)
	// Rendered in answer to the POST, never redirected with: the key must
	// not end up in a URL, a log or the browser history.
	return d.renderAPIAccess(w, r, s, http.StatusOK, func(a *apiAccessData) { a.NewKey, a.NewKeyName = key, name })
}

// errAPIKeyMissing answers Revoke of a key id of the right shape that names
// none of the account's keys: one revoked and since pruned (a revoked key
// goes once the server's retention has passed), pressed on a page left
// open, or another account's. It said "There is nothing here: the page
// does not exist", of the Settings page the button was on.
var errAPIKeyMissing = &linkedError{&httpError{http.StatusNotFound, "This API key does not exist: a revoked key is removed once the server's retention period has passed (30 days by default), or it belongs to another account. Nothing was changed; your API keys are listed in Settings."},
	"/dashboard/settings/api-access#api-keys", "Your API keys, in Settings"}

func (d *Dashboard) revokeAPIKey(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	if !ids.Valid(ids.APIKey, id) {
		return notAnID("API key", ids.APIKey, id, "/dashboard/settings/api-access#api-keys", "Your API keys, in Settings")
	}
	if !confirmed(r) {
		keys, err := d.st.ListAPIKeys(r.Context(), s.AccountID)
		if err != nil {
			return fmt.Errorf("list API keys: %w", err)
		}
		for _, k := range keys {
			if k.ID == id && k.RevokedAt != nil {
				// The list is not live: a tab opened before the key
				// was revoked elsewhere still offers Revoke, and its
				// click answered "There is nothing here".
				redirect(w, r, "/dashboard/settings/api-access", "key_revoked_already")
				return nil
			}
			if k.ID == id {
				return d.askConfirmation(w, r, s, "settings", confirmation{
					Question: "Revoke the API key “" + withoutBidiControls(k.Name) + "” (" + k.Prefix + "…)?",
					Detail:   "Requests with it will be refused from now on. This cannot be undone.",
					Action:   "/dashboard/settings/api-keys/" + k.ID + "/revoke", Button: "Revoke key", Cancel: "/dashboard/settings/api-access#api-keys"})
			}
		}
		return errAPIKeyMissing // another account's, or none
	}
	if err := d.st.RevokeAPIKey(r.Context(), s.AccountID, id, d.now()); err != nil {
		if !isNotFound(err) {
			return err
		}
		// Revoked already (a double click, or another tab): said so,
		// not "nothing here", nor "revoked from now on" as if this
		// click had done it.
		keys, lerr := d.st.ListAPIKeys(r.Context(), s.AccountID)
		if lerr != nil {
			return fmt.Errorf("list API keys: %w", lerr)
		}
		if !slices.ContainsFunc(keys, func(k store.APIKey) bool { return k.ID == id && k.RevokedAt != nil }) {
			return errAPIKeyMissing
		}
		redirect(w, r, "/dashboard/settings/api-access", "key_revoked_already")
		return nil
	}
	d.keysChanged(s.AccountID)
	redirect(w, r, "/dashboard/settings/api-access", "key_revoked")
	return nil
}

// keysChanged tells the account's open Settings pages (this instance's)
// that a key was created or revoked: their list showed a key revoked in
// another tab as active, with Revoke, until a reload.
func (d *Dashboard) keysChanged(accountID string) {
	if d.engine != nil {
		d.engine.APIKeysChanged(accountID)
	}
}

// inWords says a timeout as the settings page does: "10 seconds" (when
// unset too), "1 second", or Go's spelling for anything else ("2.5s").
func inWords(d time.Duration) string {
	switch {
	case d <= 0:
		return "10 seconds"
	case d%time.Second == 0 && d <= 2*time.Minute:
		return plural.Count(int(d/time.Second), "second", "seconds")
	}
	return d.String()
}
