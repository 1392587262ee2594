package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/plural"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/webhook"
)

const triggerUsage = "trigger stamp.uploaded|stamp.failed|order.delivered|order.cancelled [--api-base URL] [--api-key KEY] [--operator-token TOKEN]"

// runTrigger creates a fixture order through the public API and drives it
// with the operator routes until it emits the event asked for: a real
// event, delivered to the account's endpoints and `esahayak listen`
// sessions like any other.
func runTrigger(ctx context.Context, args []string) error {
	f := newFlags("trigger", triggerUsage)
	f.refuseRepeats = true
	typeIsAWord := "the event type is a word, not a flag: esahayak trigger " + strings.Join(webhook.EventTypes, "|")
	f.notFlags = map[string]string{"event": typeIsAWord, "type": typeIsAWord, "event-type": typeIsAWord, "events": typeIsAWord}
	base := f.str("api-base", defaultAPIBase, "the esahayak server's URL")
	key := f.raw("api-key", "", "your account's API key (esk_…)")
	op := f.raw("operator-token", "", "the server's operator token, for the upload, fail and deliver moves")
	f.offWhenEmpty = map[string]bool{"operator-token": true}
	// The event type before, after or among the flags.
	words, err := f.parseWords(args)
	if err != nil {
		return err
	}
	var typ string
	if len(words) > 0 {
		typ = words[0]
	}
	if len(words) > 1 {
		return usageError{msg: fmt.Sprintf("trigger takes one event type (got %q too); usage: esahayak %s", words[1], triggerUsage)}
	}
	if len(words) == 0 {
		// Named, as the other commands name what they lack: the usage
		// alone left the person to find what was missing.
		return usageError{msg: "trigger needs an event type; usage: esahayak " + triggerUsage}
	}
	if strings.TrimSpace(typ) == "" {
		return usageError{msg: fmt.Sprintf("trigger: the event type is empty (%q); trigger one of %s", typ, strings.Join(webhook.EventTypes, ", "))}
	}
	if isHelpWord(typ) {
		// `trigger help` was told "unknown event type \"help\"".
		return usageError{msg: fmt.Sprintf("trigger: %q is no event type; for its flags and event types, run 'esahayak trigger -h'", typ)}
	}
	if !slices.Contains(webhook.EventTypes, typ) {
		return usageError{msg: fmt.Sprintf("unknown event type %q%s; trigger one of %s", typ, meantType(typ), strings.Join(webhook.EventTypes, ", "))}
	}
	// As the server reads them: a key or token from a file ends in a newline.
	*key, *op = strings.TrimSpace(*key), strings.TrimSpace(*op)
	if *key == "" {
		return usageError{msg: "trigger needs your API key: --api-key esk_… or ESAHAYAK_API_KEY"}
	}
	if typ != webhook.EventOrderCancelled && *op == "" {
		return usageError{msg: fmt.Sprintf("trigger %s needs the server's operator token (the fulfilment side makes that move): --operator-token or ESAHAYAK_OPERATOR_TOKEN", typ)}
	}
	if inQuotes(*key) {
		return usageError{msg: quotedMistake("--api-key")}
	}
	if inQuotes(*op) {
		return usageError{msg: quotedMistake("--operator-token")}
	}
	if msg := apiBaseMistake(*base); msg != "" {
		return usageError{msg: msg}
	}
	c := &apiClient{base: serverBase(*base), http: &http.Client{Timeout: 30 * time.Second,
		// The API key and the operator token go with every call: Go's client
		// sends them on to a redirect's target on the same host (another
		// port, or http:// after https://), and a 307 would repeat the
		// order's POST there. esahayak's API never redirects.
		CheckRedirect: func(req *http.Request, _ []*http.Request) error { return &redirectedError{to: req.URL.Redacted()} }}}
	// A reader of its output that went away (`trigger … | true`, `| head
	// -1`) ended trigger by SIGPIPE at its next line: the first is written
	// once the order exists, so the order was left half-moved (PROCESSING,
	// without the event asked for). Asked for, SIGPIPE becomes an EPIPE from
	// the write instead, which fmt.Fprintf drops: trigger makes every move,
	// its lines lost, and exits as it would have.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	err = trigger(ctx, c, os.Stdout, typ, *key, *op)
	if stop := (stopSignal{}); err != nil && errors.As(context.Cause(ctx), &stop) {
		// Ctrl-C or SIGTERM while trigger waited for the server: said so,
		// not blamed on --api-base ("is `esahayak serve` running
		// there?"), and main ends the process as the signal would, so
		// that a script running trigger stops too.
		return interruptedError{msg: fmt.Sprintf("trigger %s: %s before it finished; the event may not have been emitted (a \"Created order\" line above names the order it made)", typ, stop)}
	}
	return err
}

// apiBaseMistake is the refusal of an --api-base that is no server URL,
// or "" for one that is. The API's paths are appended to it: no query or
// fragment. An empty port ("http://127.0.0.1:") was taken as the scheme's
// default, 80, and trigger or listen then blamed a server not running
// there rather than the value; so was a port out of range (0, 99999).
func apiBaseMistake(raw string) string {
	if inQuotes(raw) {
		return quotedMistake("--api-base")
	}
	shown := egress.WithoutCredentials(raw)
	if strings.TrimSpace(raw) != raw {
		// Pasted with a space, or read from an env file with its line
		// break (a Windows one's \r): "use the server's URL" of a URL that
		// looked right left the user to find what was wrong with it.
		return fmt.Sprintf("--api-base %q has a space or line break at its start or end; give the URL alone, e.g. --api-base %s", shown, strings.TrimSpace(shown))
	}
	plain := raw // without a user name and password, as typed (shown re-encodes a host)
	if start, end, ok := egress.Userinfo(raw); ok {
		plain = raw[:start] + raw[end+1:]
	}
	if c, pos, ok := firstNonASCIIAuthority(plain); ok {
		// A host typed with an input method's full-width letters
		// ("ｌｏｃａｌｈｏｓｔ"), or another non-ASCII one, was taken: Go's
		// client maps the first to ASCII, or looks the name up as its
		// xn-- form, while every message quoted the host
		// percent-encoded (%EF%BD%8C…), which no reader recognised, as
		// --forward-to did. Nothing is looked up: the character is
		// named, and the ASCII URL given when folding the full-width
		// characters spells one.
		msg := fmt.Sprintf("--api-base %q: its scheme, host or port holds %q (U+%04X), a non-ASCII character, at character %d", plain, string(c), c, pos)
		if foldWidth(c) == c {
			return msg + "; type the server's URL in ASCII (an internationalised host name in its xn-- form)"
		}
		msg += " (full-width, from an input method?)"
		if fixed, _ := foldFullWidthAuthority(plain); apiBaseMistake(fixed) == "" {
			return msg + "; type it in ASCII: --api-base " + fixed
		}
		return msg + "; type the server's URL in ASCII, e.g. " + defaultAPIBase
	}
	u, err := url.Parse(raw)
	// An empty fragment too ("http://127.0.0.1:8080#"): the paths after it
	// were no part of the URL requested, and every call went to "/".
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		return fmt.Sprintf("--api-base %q: use the server's URL, e.g. %s%s", shown, defaultAPIBase, userinfoHint(raw))
	}
	if u.Hostname() == "" {
		// "http://:8080" was dialled as ":8080", which Go takes for this
		// machine, and the failure quoted "dial tcp :8080" with no word
		// of the missing host; --forward-to refuses it so.
		return fmt.Sprintf("--api-base %q has no host; give the server's host and port, e.g. --api-base %s://127.0.0.1%s", shown, u.Scheme, strings.TrimPrefix(shown, u.Scheme+"://"))
	}
	if u.Port() == "" && strings.HasSuffix(u.Host, ":") {
		return fmt.Sprintf("--api-base %q has a \":\" but no port; give the server's port, e.g. --api-base %s://%s8080", shown, u.Scheme, u.Host)
	}
	if p := u.Port(); p != "" && !validPort(p) {
		// Dialled, it failed as a server not running there.
		return fmt.Sprintf("--api-base %q: port %s is out of range (1 to 65535)", shown, p)
	}
	return ""
}

// serverBase is the server's root URL from --api-base, which may also be
// given as the API's own address (serve prints "API: http://…/v1"). Only a
// path's last "/v1" is the API's: a host named v1 ("http://v1") lost its
// "/v1" and became "http:/", which no call could reach.
func serverBase(s string) string {
	s = strings.TrimRight(s, "/")
	if u, err := url.Parse(s); err == nil && strings.HasSuffix(u.Path, "/v1") {
		s = strings.TrimSuffix(s, "/v1")
	}
	return s
}

// Each plan is the moves that lead a new order to the event (the last move
// emits it), as the customer (key) or the operator.
type triggerStep struct {
	move, body string
	operator   bool
}

func triggerPlan(typ, suffix string) (delivery bool, steps []triggerStep) {
	switch typ {
	case webhook.EventStampUploaded:
		return false, []triggerStep{{"upload", "", true}}
	case webhook.EventStampFailed:
		return false, []triggerStep{{"fail", `{"error": {"code": "PORTAL_UNAVAILABLE", "message": "The government stamp portal did not respond (fixture order from esahayak trigger)"}}`, true}}
	case webhook.EventOrderDelivered:
		return true, []triggerStep{{"upload", "", true},
			{"deliver", `{"delivery": {"partner": "BlueDart", "tracking_id": "TRG-` + suffix + `"}}`, true}}
	default: // order.cancelled: the customer cancels
		return false, []triggerStep{{"cancel", `{"reason": "Cancelled with esahayak trigger (fixture order)"}`, false}}
	}
}

func trigger(ctx context.Context, c *apiClient, out io.Writer, typ, key, op string) error {
	var b [6]byte
	rand.Read(b[:])
	suffix := hex.EncodeToString(b[:])
	delivery, steps := triggerPlan(typ, suffix)
	if slices.ContainsFunc(steps, func(s triggerStep) bool { return s.operator }) {
		if err := checkOperatorToken(ctx, c, op); err != nil {
			return err
		}
	}
	body := fmt.Sprintf(`{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": %v}`, delivery)
	var o struct {
		ID           string `json:"id"`
		StampRequest struct {
			ID          string `json:"id"`
			State       string `json:"state"`
			Amount      int64  `json:"amount"`
			ArticleCode string `json:"article_code"`
			Provider    string `json:"provider"`
		} `json:"stamp_request"`
	}
	if err := c.do(ctx, http.MethodPost, "/v1/orders", key, body, map[string]string{"Idempotency-Key": "trigger-" + suffix}, &o); err != nil {
		return keyRefused(err, c.base)
	}
	if !ids.Valid("order_", o.ID) {
		// JSON, but not an order: {} or {"received": true} from another server.
		return errors.New("POST /v1/orders: the answer holds no order id (is --api-base an esahayak server?)")
	}
	// What the server sends is printed with relay.Printable, as listen
	// prints it: an --api-base that is not the user's server (or anyone on
	// a plain http:// path to it) could otherwise retitle, clear or
	// rewrite the terminal.
	p := relay.Printable
	sr := o.StampRequest
	fmt.Fprintf(out, "Created order %s (stamp request %s: %s, ₹%d, %s, %s)\n", o.ID, p(sr.ID), p(sr.State), sr.Amount, p(sr.ArticleCode), p(sr.Provider))
	// The sessions open just before the moves are those their events
	// reach (a session is sent only events made after it started). Not
	// knowing them does not undo the event: it is said, not an error.
	sessions, listErr := openListenSessions(ctx, c, key)
	var last struct{ ID, Type string }
	for _, s := range steps {
		cred := key
		if s.operator {
			cred = op
		}
		var res struct {
			Status string `json:"status"`
			Event  *struct {
				ID         string `json:"id"`
				Type       string `json:"type"`
				Deliveries int    `json:"deliveries"`
			} `json:"event"`
		}
		if err := c.do(ctx, http.MethodPost, "/v1/orders/"+o.ID+"/"+s.move, cred, s.body, nil, &res); err != nil {
			return err
		}
		if res.Event == nil {
			return fmt.Errorf("%s of %s emitted no event (order is %s)", s.move, o.ID, p(res.Status))
		}
		fmt.Fprintf(out, "  %-8s → %-15s  %s  (order %s; %s; %s)\n", s.move, p(res.Event.Type), p(res.Event.ID), p(res.Status),
			plural.Count(res.Event.Deliveries, "webhook endpoint delivery", "webhook endpoint deliveries"),
			listenersOf(sessions, listErr, res.Event.Type))
		last.ID, last.Type = p(res.Event.ID), p(res.Event.Type)
	}
	fmt.Fprintf(out, "Triggered %s: event %s for order %s\n", last.Type, last.ID, o.ID)
	if listErr == nil && takers(sessions, last.Type) == 0 {
		if len(sessions) == 0 {
			fmt.Fprintf(out, "No listen session is open, so no `esahayak listen` terminal shows it: start `esahayak listen --forward-to …` before triggering.\n")
		} else {
			fmt.Fprintf(out, "The account's %s not take %s (started with --events without it): start `esahayak listen` without --events, or with --events %s.\n",
				plural.Count(len(sessions), "open listen session does", "open listen sessions do"), last.Type, last.Type)
		}
	}
	return nil
}

// maxSessionPages bounds the pages openListenSessions reads (100 open
// sessions each): a server whose has_more never ends does not hold
// trigger up.
const maxSessionPages = 100

// openListenSessions lists the account's open listen sessions. An open one
// may be old (sessions do not expire), so every page is read; the server
// filters them (?status=open), as reading the closed ones too made every
// trigger read each session of the retention period (30 days), 100 a
// call, and an account past maxSessionPages of them was told its open
// sessions were not counted.
func openListenSessions(ctx context.Context, c *apiClient, key string) ([]relay.Session, error) {
	var open []relay.Session
	after := ""
	for range maxSessionPages {
		path := "/v1/listen_sessions?status=open&limit=100"
		if after != "" {
			path += "&starting_after=" + url.QueryEscape(after)
		}
		var page struct {
			Data    []relay.Session `json:"data"`
			HasMore bool            `json:"has_more"`
		}
		if err := c.do(ctx, http.MethodGet, path, key, "", nil, &page); err != nil {
			return nil, err
		}
		for _, s := range page.Data {
			if s.Status == relay.SessionOpen {
				open = append(open, s)
			}
		}
		if !page.HasMore || len(page.Data) == 0 || page.Data[len(page.Data)-1].ID == after {
			return open, nil
		}
		after = page.Data[len(page.Data)-1].ID
	}
	return nil, fmt.Errorf("more than %d open listen sessions", maxSessionPages*100)
}

// takers counts the sessions sent events of type typ: those that asked
// for it, or for every type (no events).
func takers(sessions []relay.Session, typ string) int {
	n := 0
	for _, s := range sessions {
		if len(s.Events) == 0 || slices.Contains(s.Events, typ) {
			n++
		}
	}
	return n
}

// listenersOf words, for a step's line, how many open listen sessions
// take its event: the user's `listen` terminal shows it only if one does.
func listenersOf(sessions []relay.Session, listErr error, typ string) string {
	if listErr != nil {
		return "open listen sessions not counted: " + relay.Printable(listErr.Error())
	}
	if n := takers(sessions, typ); n > 0 {
		return plural.Count(n, "open listen session takes it", "open listen sessions take it")
	}
	return "no open listen session takes " + relay.Printable(typ)
}

// keyRefused words the server's refusal of the API key as the refusal of
// a flag: named as the flag, or as the variable it came from (a key left
// over in ESAHAYAK_API_KEY was refused as if typed), with where a key
// comes from. The key is the only credential of the requests it is given
// the errors of, so each of the API's refusals of a credential is the
// key's: invalid_api_key (unknown or revoked), invalid_authorization (no
// key could be it: the README's esk_… pasted as written) and
// account_key_required (the operator token given as the key). Other
// errors are err.
func keyRefused(err error, base string) error {
	var he *httpError
	var ae *relay.APIError
	var msg, code string
	switch {
	case errors.As(err, &he) && isKeyRefusal(he.status, he.code):
		msg, code = he.message, he.code
	case errors.As(err, &ae) && isKeyRefusal(ae.Status, ae.Code):
		msg, code = ae.Message, ae.Code
	default:
		return err
	}
	return fmt.Errorf("%s: the server at %s refused the key: %s (%s); give a key of your account: 'esahayak accounts create' prints one, and the dashboard's Settings → API Access makes more",
		withEnvNames("--api-key"), egress.WithoutCredentials(base), relay.Printable(msg), relay.Printable(code))
}

// isKeyRefusal reports whether an API answer refuses the credential sent,
// by the codes of docs/api.md's 401 and 403 rows that an API key can get.
func isKeyRefusal(status int, code string) bool {
	switch {
	case status == http.StatusUnauthorized:
		return code == "invalid_api_key" || code == "invalid_authorization" || code == "missing_api_key"
	case status == http.StatusForbidden:
		return code == "account_key_required"
	}
	return false
}

// checkOperatorToken tries the operator token on an operator route with an
// order id that cannot exist, before any order is made: a valid token gets
// 404, a wrong one 401 (which would otherwise come after the fixture order
// was created, and read as if the API key were wrong).
func checkOperatorToken(ctx context.Context, c *apiClient, op string) error {
	err := c.do(ctx, http.MethodPost, "/v1/orders/order_00000000000000000000000000/upload", op, "", nil, nil)
	var he *httpError
	var ne *net.OpError
	var redirect *redirectedError
	switch {
	case errors.As(err, &redirect):
		// Not the made-up order's path: the user never made that order.
		return fmt.Errorf("checking the operator token at %s: %w", egress.WithoutCredentials(c.base), redirect)
	case errors.As(err, &he) && he.code == "":
		// The API's errors name their code (its 404 too): another server.
		return fmt.Errorf("checking the operator token at %s: %s", egress.WithoutCredentials(c.base), he.notTheAPI())
	case errors.As(err, &he) && he.status == http.StatusNotFound:
		return nil
	case errors.As(err, &he) && (he.status == http.StatusUnauthorized || he.code == "operator_token_required"):
		return fmt.Errorf("the server refused the operator token (%s): set --operator-token or ESAHAYAK_OPERATOR_TOKEN to the token `esahayak serve` was started with", he.code)
	case errors.As(err, &he) && he.code != "":
		// Not the made-up order's path: the user never made that order.
		return fmt.Errorf("checking the operator token: %s (HTTP %d: %s)", he.message, he.status, he.code)
	case err == nil:
		// A 2xx for an order that cannot exist: no esahayak server answers
		// so, and going on would report the other server's answers as orders.
		return fmt.Errorf("checking the operator token at %s: a 2xx answer to a move of an order that cannot exist (is --api-base an esahayak server?)", egress.WithoutCredentials(c.base))
	case errors.As(err, &ne):
		// Not the made-up order's path either.
		return fmt.Errorf("could not reach %s: %v (%s)", egress.WithoutCredentials(c.base), ne, reachHint(c.base, ne))
	default:
		return err
	}
}

// reachHint is the advice for err, a call to the server at base that got
// no answer: what was wrong with its TLS when that failed (a server that
// is running, and answered), else where to look for the server.
func reachHint(base string, err error) string {
	if hint := relay.TLSHint(base, err); hint != "" {
		return hint
	}
	return "is `esahayak serve` running there? set --api-base"
}

// httpError is an API call's answer outside 2xx.
type httpError struct {
	method, path, code, message string
	status                      int
	body                        []byte
	// hint, for an answer without the API's error, is relay.HTTPSHint's
	// advice, which then replaces "is --api-base an esahayak server?".
	hint string
}

func (e *httpError) Error() string {
	if e.code != "" {
		return fmt.Sprintf("%s %s: %s (HTTP %d: %s)", e.method, e.path, e.message, e.status, e.code)
	}
	return e.method + " " + e.path + ": " + e.notTheAPI()
}

// notTheAPI words an answer without the API's JSON error: another server
// (or a proxy) answered. The start of its body, on one line, says which.
func (e *httpError) notTheAPI() string {
	start := strings.Join(strings.Fields(string(e.body)), " ")
	if len(start) > 200 {
		start = egress.CutUTF8(start, 200) + "…"
	}
	what := "error"
	if e.status >= 200 && e.status <= 299 {
		what = "answer" // a 2xx whose body is not the API's JSON
	}
	hint := e.hint
	if hint == "" {
		hint = "is --api-base an esahayak server?"
	}
	msg := fmt.Sprintf("HTTP %d without the API's %s (%s)", e.status, what, hint)
	if start != "" {
		msg += ": " + relay.Printable(start)
	}
	return msg
}

// redirectedError is an API answer that redirects: --api-base is not the
// server's own address, and the redirect is not followed (see runTrigger).
type redirectedError struct{ to string }

func (e *redirectedError) Error() string {
	return "the server redirected to " + e.to + ", which was not followed (the API key and operator token would go with it); give the server's own address as --api-base"
}

// apiClient makes the JSON calls of the CLI's client commands.
type apiClient struct {
	base string
	http *http.Client
}

func (c *apiClient) do(ctx context.Context, method, path, token, body string, headers map[string]string, out any) error {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("User-Agent", "esahayak-cli/"+buildVersion())
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if redirect := (*redirectedError)(nil); errors.As(err, &redirect) {
		return fmt.Errorf("%s %s: %w", method, egress.WithoutCredentials(c.base+path), redirect)
	}
	if err != nil {
		if uerr := (*url.Error)(nil); errors.As(err, &uerr) {
			// Go's error repeats the method and the URL this message
			// begins with ("POST http://…/v1/orders: Post \"http://…/v1/
			// orders\": dial tcp …"): its cause alone, which names no URL
			// (Go's names it without the password it read, not without one
			// typed with a "/", "?" or "#" as is).
			err = uerr.Err
		}
		return fmt.Errorf("%s %s: %w (%s)", method, egress.WithoutCredentials(c.base+path), err, reachHint(c.base, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusSwitchingProtocols {
		// Its body is the raw connection, which no context ends.
		return &httpError{method: method, path: path, status: resp.StatusCode, body: []byte("the server switched protocols: --api-base is not an esahayak server")}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var e struct {
			Error struct{ Code, Message string }
		}
		he := &httpError{method: method, path: path, status: resp.StatusCode, body: b}
		if json.Unmarshal(b, &e) == nil && e.Error.Code != "" {
			// Printed in every message of the error: escapes shown, not
			// obeyed (see trigger).
			he.code, he.message = relay.Printable(e.Error.Code), relay.Printable(e.Error.Message)
		} else {
			he.hint = relay.HTTPSHint(c.base, resp.StatusCode, b)
		}
		return he
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			// Another server (a catch-all, a proxy's page) answered 2xx.
			return &httpError{method: method, path: path, status: resp.StatusCode, body: b}
		}
	}
	return nil
}
