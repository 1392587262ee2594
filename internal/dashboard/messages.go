package dashboard

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/api"
)

// The API's messages are written for programs and their authors ("PATCH
// status=enabled", "error_kind"); the dashboard's readers click buttons.
// The dashboard words the refusals it can meet itself, keyed on the API's
// stable error codes and on what was being done, and falls back to the
// API's message for the rest. Field errors (fieldMessage) are worded the
// same way: by code where the API's sentence is about its request body
// ("events must list…"), and otherwise as the API's sentence about the
// field, made a sentence about the page's field ("The URL must…").

// Actions whose refusals are worded here (an endpoint page's sections,
// and a delivery's Resend).
const (
	actionTest    = "test"
	actionRecover = "recover"
	actionResend  = "resend"
)

// refusals are the dashboard's words for API error codes, per action; the
// "" action is any other.
var refusals = map[string]map[string]string{
	"endpoint_disabled": {
		actionTest:    "This endpoint is disabled. Enable it to send a test event.",
		actionRecover: "This endpoint is disabled. Enable it to send its failed deliveries again.",
		actionResend:  "Its endpoint is disabled. Enable the endpoint to resend this delivery.",
		"":            "This endpoint is disabled. Enable it first.",
	},
	"delivery_in_flight": {
		"": "This delivery is being sent right now (or is about to be), so it was not queued again. " +
			"Its result shows here in a moment; resend it after that if you still need to.",
	},
	"endpoint_deleted": {
		"": "Its endpoint has been deleted, so this delivery cannot be resent.",
	},
	"listen_delivery": {
		"": "It went to an esahayak listen session, which the server cannot send to. Trigger the event again while listening.",
	},
}

// fieldMessages are the dashboard's words for the API's field errors,
// by code and then by field ("" for any field).
var fieldMessages = map[string]map[string]string{
	"missing_field":      {"url": "Enter the URL of your endpoint.", "since": "Enter a date and time (UTC), such as 2026-01-15 10:30."},
	"invalid_events":     {"": "Choose at least one event type."},
	"unknown_event_type": {"": "Choose event types from the list."},
	// invalid_description has no words of its own: the API refuses a
	// description too long or holding a control or bidi character (a tab,
	// a U+200F pasted with right-to-left text), and its message says which
	// ("The description must be at most 500 characters (this one has 501);
	// shorten it.").
}

// fieldNames are the page's names of the API's fields, as a sentence
// starts them.
var fieldNames = map[string]string{"url": "The URL", "url's": "The URL's", "description": "The description", "events": "The event types"}

// fieldMessage is what the page says under a field the API refused.
func fieldMessage(ae *apiError) string {
	if byField, ok := fieldMessages[ae.Code]; ok {
		if msg, ok := byField[ae.Param]; ok {
			return msg
		}
		if msg, ok := byField[""]; ok {
			return msg
		}
	}
	return sentence(ae.Message)
}

// urlFieldMessage is what the page says under a URL field the API
// refused, typed being the URL as the person typed it. A URL typed
// without its scheme but with a port (localhost:3000/webhooks/esahayak,
// the guide's local server on port 3000; your-domain.com:8443/hooks)
// reads as one whose scheme is its host, and the API's refusal said
// "(the localhost scheme is not supported)", a scheme nobody wrote: the
// page says what is missing and shows the URL with it.
func urlFieldMessage(ae *apiError, typed string, allowInsecure bool) string {
	if ae.Code != "url_not_https" || !api.HostWithoutScheme(typed) {
		return fieldMessage(ae)
	}
	if !allowInsecure && api.LocalHostWithoutScheme(typed) {
		// https://localhost:3000 would be refused next, as a private
		// address: the API's refusal says both and what to use instead.
		return sentence(ae.Message)
	}
	typed = visibleURL(typed) // as the field shows it: a bidi control pasted in is not obeyed
	if utf8.RuneCountInString(typed) > maxEchoedURL {
		if allowInsecure {
			return "The URL must start with https:// (or, on this server, http://): add it before the host."
		}
		return "The URL must start with https://: add it before the host."
	}
	if allowInsecure {
		return "The URL must start with https:// (or, on this server, http://): write https://" + typed + ", or http://" + typed + " for a receiver without TLS."
	}
	return "The URL must start with https://: write https://" + typed + "."
}

// maxEchoedURL is the longest typed URL urlFieldMessage repeats, in
// characters.
const maxEchoedURL = 100

// sentence turns the API's "url must use https://…" into "The URL must
// use https://….": the field named as the page names it, a capital, a
// full stop.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	msg = withoutCodeMarks(msg)
	if first, rest, ok := strings.Cut(msg, " "); ok {
		if name, ok := fieldNames[first]; ok {
			msg = name + " " + rest
		}
	}
	r, size := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[size:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// duplicateMessage refuses a second endpoint for one URL; the page links
// the endpoint's id and "its page" (webhookForm.Dup).
func duplicateMessage(id string) string {
	return "This URL is already configured as endpoint " + id + "; change its event types on its page."
}

// refusal is what the page says when the API refused action.
func refusal(ae *apiError, action string) string {
	if byAction, ok := refusals[ae.Code]; ok {
		if msg, ok := byAction[action]; ok {
			return msg
		}
		if msg, ok := byAction[""]; ok {
			return msg
		}
	}
	return withoutCodeMarks(ae.Message)
}

// withoutCodeMarks drops the backticks the API's messages put around
// flags and commands ("run `esahayak listen`"): the page shows words, not
// Markdown.
func withoutCodeMarks(msg string) string { return strings.ReplaceAll(msg, "`", "") }

// Problem says in words why the attempt failed, from its error kind (the
// stable classification; the error text is for the detail).
func (a attemptView) Problem() string {
	switch a.ErrorKind {
	case "http_status":
		status := strconv.Itoa(a.ResponseStatus)
		if t := http.StatusText(a.ResponseStatus); t != "" {
			status += " " + t
		}
		return "Your endpoint answered " + status + ". Only a 2xx status counts as delivered."
	case "redirect":
		return "Your endpoint answered with a redirect, which is not followed. Set the endpoint's URL to the final address."
	case "timeout":
		return "No complete answer came within " + a.answerWithin() + ": the attempt timed out. " +
			"Answer with a 2xx status as soon as the request is received and verified, and do slow work afterwards."
	case "dns":
		return "The endpoint's host name could not be found (DNS lookup failed)."
	case "tls":
		return "A secure connection (TLS) could not be set up, for example because the certificate is not trusted. " +
			"Serve a certificate from a public certificate authority that names the URL's host, with its intermediate certificates."
	case "connection_refused":
		return "The connection was refused: nothing is listening at that address and port. " +
			"Check that your receiver is running and that the endpoint's URL names its port."
	case "connection_reset":
		return "The connection was closed before a complete answer arrived."
	case "blocked":
		return "Not sent: this server does not send to that address (a private address, or not https://)."
	case "proxy":
		return "The outgoing proxy could not be reached, or it refused the connection."
	case "canceled":
		return "The attempt was cut short because the server was stopping."
	}
	return "The attempt failed."
}

// answerWithin is the attempt timeout in words, as the settings page says
// it ("10 seconds").
func (a attemptView) answerWithin() string { return inWords(a.AttemptTimeout) }

// Detail is the attempt's error text, when it says more than Problem: an
// error status is said whole by Problem and the response shown beside it.
func (a attemptView) Detail() string {
	if a.ErrorKind == "http_status" {
		return ""
	}
	return a.Error
}

// confirmation is the question a destructive action asks before it acts.
// With JavaScript the form's data-confirm asks it in a dialog and the
// script adds confirmed=1; a form posted without it (JavaScript off)
// gets this page, whose form posts again with confirmed=1. The first
// click never deletes, revokes or rotates by itself.
type confirmation struct {
	Question string
	// URL, when set, is the endpoint's URL the question ends with (Question
	// says what is done to it; "?" follows): written with its
	// right-to-left segments isolated (isolatedURL), as everywhere else.
	URL    string
	Detail string
	Action string // the form's address, posted again
	Button string
	Cancel string // the page the action came from
	Once   string // the form's onceForms token, carried to the confirmed form
}

// confirmed reports whether the form says its action was confirmed.
func confirmed(r *http.Request) bool { return r.PostForm.Get("confirmed") == "1" }

func (d *Dashboard) askConfirmation(w http.ResponseWriter, r *http.Request, s *session, nav string, c confirmation) error {
	d.render(w, r, http.StatusOK, "confirm", &view{Title: c.Button, Nav: nav, Session: s, Data: c})
	return nil
}
