package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/plural"
	"github.com/esahayak/esahayak/internal/suggest"
)

// MaxBodyBytes is the largest request body accepted (1 MiB).
const MaxBodyBytes = 1 << 20

// readBody reads the whole body, refusing more than MaxBodyBytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	tooLarge := &Error{Status: http.StatusRequestEntityTooLarge, Type: typeInvalidRequest, Code: "body_too_large",
		Message: fmt.Sprintf("request body exceeds %d bytes", MaxBodyBytes)}
	if r.ContentLength > MaxBodyBytes {
		return nil, tooLarge // said so up front: no need to wait for it
	}
	for _, line := range r.Header.Values("Content-Encoding") {
		for _, ce := range strings.Split(line, ",") {
			if ce = strings.TrimSpace(ce); ce != "" && !strings.EqualFold(ce, "identity") {
				// Read as JSON, a gzip body would be refused as "not valid
				// UTF-8", and a JSON body labelled gzip accepted: name the
				// real problem.
				return nil, &Error{Status: http.StatusUnsupportedMediaType, Type: typeInvalidRequest, Code: "unsupported_content_encoding",
					Message: "Content-Encoding " + quote(ce) + " is not accepted; send the JSON body uncompressed", Param: "Content-Encoding"}
			}
		}
	}
	began := time.Now()
	body, err := io.ReadAll(LimitBody(w, r, MaxBodyBytes))
	restartDeadline(r, began)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge
		}
		return nil, BodyReadError(r, err)
	}
	if r.ContentLength != 0 {
		// The key was checked before the body arrived; it may have been
		// revoked since. (A chunked body, even an empty one, can take as
		// long.)
		if err := keyStillValid(r); err != nil {
			return nil, err
		}
	}
	return body, nil
}

// BodyReadError is the answer to a request whose body could not be read,
// err being what reading it returned (other than a size limit's
// *http.MaxBytesError, which each reader answers with its own limit): 408
// request_timeout for a body that stopped arriving before the server's
// read deadline (60 s, or 2 s once the server is stopping), else 400
// body_unreadable saying what the client can mend (errBodyUnreadable).
// The dashboard's request inspector answers its capture URLs' bodies
// with it too, so that a sender there is told what the API would tell it.
func BodyReadError(r *http.Request, err error) *Error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &Error{Status: http.StatusRequestTimeout, Type: typeInvalidRequest, Code: "request_timeout",
			Message: "the request body did not arrive in time"}
	}
	return errBodyUnreadable(r, err)
}

// errBodyUnreadable is the 400 body_unreadable for a body whose read
// failed with err, saying what the client can mend: a chunked body's
// broken framing, a chunked body that ended before its last chunk, or a
// body shorter than its Content-Length. Every failure was answered as the
// last, so a client with a faulty chunked encoder was told of a
// Content-Length it never sent. The error's own text names sockets and
// Go's parser, and is not shown.
func errBodyUnreadable(r *http.Request, err error) *Error {
	chunked := slices.Contains(r.TransferEncoding, "chunked")
	msg := "could not read the request body (the connection failed)"
	switch {
	case chunked && brokenFraming(err):
		msg = "could not read the request body: its chunked encoding is malformed (a chunk size that is not hexadecimal, a chunk-size line over 4 KiB, a line not ended by CRLF, a malformed trailer, or chunk extensions far longer than the data they frame)"
	case chunked && errors.Is(err, io.ErrUnexpectedEOF):
		msg = "could not read the request body: the connection ended before the chunked body's last (zero-size) chunk"
	case errors.Is(err, io.ErrUnexpectedEOF):
		msg = "could not read the request body: it was shorter than its Content-Length"
	}
	return errBadRequest("body_unreadable", msg, "")
}

// decodeBody reads the request body (at most MaxBodyBytes) and decodes it
// strictly into dst, as decodeJSON does.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any, allowEmpty bool) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	return decodeJSON(body, dst, allowEmpty)
}

// decodeJSON parses body strictly into dst: one JSON object, no unknown
// fields, nothing after it. An empty body decodes as {} when allowEmpty.
func decodeJSON(body []byte, dst any, allowEmpty bool) error {
	return decodeJSONAt(body, dst, allowEmpty, "")
}

// decodeJSONAt is decodeJSON for a nested object: prefix ("stamp_request.")
// is put before field names in errors.
func decodeJSONAt(body []byte, dst any, allowEmpty bool, prefix string) error {
	// JSON's own whitespace only: bytes.TrimSpace would also take \v, \f,
	// U+00A0 or U+3000 for nothing and run the action with the defaults.
	if len(bytes.Trim(body, jsonSpace)) == 0 {
		if allowEmpty {
			return nil
		}
		return errBadRequest("invalid_json", "request body is empty; send a JSON object", "")
	}
	if utf16Body(body) {
		return errBadRequest("invalid_json", "request body is UTF-16 text (as Windows PowerShell's Out-File and > write a file); JSON is sent in UTF-8: send the body in UTF-8", "")
	}
	if string(bytes.Trim(body, jsonSpace)) == "null" {
		// encoding/json leaves a struct untouched for null, so it would
		// pass as {}: a PATCH of nothing, a session with every default.
		// It is not an object, as [] and "x" are not.
		return errBadRequest("invalid_json", "request body must be a JSON object", "")
	}
	if !utf8.Valid(body) {
		// Where, and which byte: text in Latin-1 or Windows-1252 (as
		// Windows PowerShell 5 sends a string body) looks right in the
		// editor it came from.
		at := invalidUTF8At(body)
		return errBadRequest("invalid_json", fmt.Sprintf("request body is not valid UTF-8: the byte 0x%02X at byte %d starts no UTF-8 character there (text in Latin-1 or Windows-1252 reads so); send the body in UTF-8", body[at], at), "")
	}
	if bytes.HasPrefix(bytes.TrimLeft(body, jsonSpace), []byte(byteOrderMark)) {
		// JSON has no byte-order mark (RFC 8259); the decoder's own words
		// would name its first byte as the character 'ï'.
		return errBadRequest("invalid_json", "request body starts with a byte-order mark (U+FEFF); send the JSON without it", "")
	}
	if at := loneSurrogate(body); at >= 0 {
		// encoding/json would store U+FFFD in its place: refused, like
		// invalid UTF-8, rather than changed.
		return errBadRequest("invalid_json", fmt.Sprintf("request body has a lone UTF-16 surrogate escape at byte %d (%s without its pair); send valid Unicode", at, body[at:at+6]), "")
	}
	if err := checkKeys(body, reflect.TypeOf(dst), prefix); err != nil {
		// checkKeys stops at the first key it refuses; a body that is not
		// JSON at all (cut short, trailing data, nested too deep) says so
		// first, as it does without that key.
		if !json.Valid(body) {
			var v any
			if jerr := json.Unmarshal(body, &v); jerr != nil {
				return jsonError(jerr, body, prefix)
			}
		}
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err, body, prefix)
	}
	if dec.More() {
		return errBadRequest("invalid_json", "request body has data after the JSON object", "")
	}
	if _, err := dec.Token(); err != io.EOF {
		return errBadRequest("invalid_json", "request body has data after the JSON object", "")
	}
	return nil
}

// invalidUTF8At is the offset of the first byte of b that starts no valid
// UTF-8 character; b must hold one.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}

// utf16Body reports whether body is UTF-16 text: it starts with a UTF-16
// byte-order mark, or its first two characters are each an ASCII byte and
// a NUL (little-endian) or a NUL and an ASCII byte (big-endian). No JSON
// in UTF-8 has a NUL among its first two bytes. Such a body (a file
// Windows PowerShell wrote, sent with curl --data-binary @file) was told
// it was not valid UTF-8, or of a syntax error at byte 2, "invalid
// character '\x00'", which read as a fault in the JSON.
func utf16Body(b []byte) bool {
	switch {
	case len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF):
		return true
	case len(b) >= 4 && b[0] != 0 && b[0] < utf8.RuneSelf && b[1] == 0 && b[2] != 0 && b[2] < utf8.RuneSelf && b[3] == 0:
		return true
	case len(b) >= 4 && b[0] == 0 && b[1] != 0 && b[1] < utf8.RuneSelf && b[2] == 0 && b[3] != 0 && b[3] < utf8.RuneSelf:
		return true
	}
	return false
}

// jsonSpace is the whitespace JSON allows around a value (RFC 8259).
const jsonSpace = " \t\r\n"

// byteOrderMark is U+FEFF in UTF-8.
const byteOrderMark = "\uFEFF"

// formName is the start of a form-encoded body: a field name, then "=".
var formName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\[\]-]*=`)

// formBody names the kind of form body is ("form-encoded (name=value&…)",
// "multipart form data (curl -F)"), or "" when it is neither: a body sent
// as a form, as many APIs take one (curl -d url=…, -F), was told of a
// JSON syntax error at its first byte, which read as a fault in JSON the
// client never meant to send.
func formBody(body []byte) string {
	b := bytes.TrimLeft(body, jsonSpace)
	switch {
	case formName.Match(b):
		return "form-encoded (name=value&…)"
	case bytes.HasPrefix(b, []byte("--")) && bytes.Contains(b, []byte("Content-Disposition: form-data")):
		return "multipart form data (curl -F)"
	}
	return ""
}

func jsonError(err error, body []byte, prefix string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var fieldErr *fieldDecodeError
	switch {
	case errors.As(err, &fieldErr):
		return errValidation(fieldErr.code, fieldErr.msg, fieldErr.field)
	case errors.As(err, &syn):
		// The decoder names a byte-order mark's first byte as the
		// character 'ï'. (Inside a string one is text, and no error.)
		if at := syn.Offset - 1; at >= 0 && at < int64(len(body)) && bytes.HasPrefix(body[at:], []byte(byteOrderMark)) {
			return errBadRequest("invalid_json", fmt.Sprintf("request body has a byte-order mark (U+FEFF) at byte %d, outside any string; send the JSON without it", at), "")
		}
		if prefix == "" && syn.Offset <= 2 {
			if form := formBody(body); form != "" {
				return errBadRequest("invalid_json", "request body is "+form+", not JSON; send the fields as a JSON object ({\"name\": value, …}): curl -d sends its argument as it is", "")
			}
		}
		if strings.HasSuffix(syn.Error(), " exceeded max depth") {
			// Go's decoder stops at 10,000 levels, and says so as
			// "invalid character '[' exceeded max depth", of JSON that
			// may be well formed.
			return errBadRequest("invalid_json", fmt.Sprintf("JSON nested more than %d levels deep (at byte %d); no request of this API nests more than a few levels", decoderMaxDepth, syn.Offset), "")
		}
		return errBadRequest("invalid_json", fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, syn.Error()), "")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errBadRequest("invalid_json", "malformed JSON: unexpected end of input", "")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return errBadRequest("invalid_json", "request body must be a JSON object", "")
		}
		f := prefix + typ.Field
		return errValidation("invalid_type", fmt.Sprintf("%s must be a JSON %s, not %s", f, jsonKind(typ.Type.Kind().String()), typ.Value), f)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := prefix + strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errBadRequest("unknown_field", fmt.Sprintf("unknown field %q", order.Excerpt(f)), f)
	default:
		return errBadRequest("invalid_json", "malformed JSON: "+err.Error(), "")
	}
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "struct", "map":
		return "object"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "integer"
	default:
		return "number"
	}
}

// fieldDecodeError lets custom field decoders report a 422 on their field.
type fieldDecodeError struct{ field, code, msg string }

func (e *fieldDecodeError) Error() string { return e.field + ": " + e.msg }

// wholeNumber accepts only a bare JSON integer literal: not 1000.5, not
// 1e3, not "1000". Amounts are money; guessing is worse than refusing.
type wholeNumber struct {
	set   bool
	value int64
	field string
}

func (n *wholeNumber) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	// A string, boolean, array or object is a value of the wrong kind, as
	// for every other field (invalid_type); a number that is not a whole
	// number of rupees is a bad amount.
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		kind := map[byte]string{'"': "string", 't': "boolean", 'f': "boolean", '[': "array", '{': "object"}[s[0]]
		if kind == "" {
			kind = "value of another kind"
		}
		return &fieldDecodeError{field: n.field, code: "invalid_type", msg: n.field + " must be a JSON number, not " + kind}
	}
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		// A fraction or an exponent: 1000.0 (Python's json.dumps of a
		// float) and 1e3 are whole numbers of rupees, and were told to be
		// one; they are told to be written as an integer, and which.
		v, whole, small := decimalValue(s)
		switch {
		case whole && small && v >= 1 && v <= order.MaxAmount:
			// plural: 1.0 and 10e-1 were said to be "1 rupees".
			return &fieldDecodeError{field: n.field, code: "invalid_amount", msg: fmt.Sprintf("%s must be a bare JSON integer, without a decimal point or exponent: %s is %s; send %d", n.field, order.Excerpt(s), plural.Count(int(v), "rupee", "rupees"), v)}
		case whole:
			return n.outOfRange(s)
		}
		return &fieldDecodeError{field: n.field, code: "invalid_amount", msg: fmt.Sprintf("%s must be a whole number of rupees (such as 1000), not %s", n.field, order.Excerpt(s))}
	}
	if len(digits) > 18 {
		// A whole number, too large to hold: out of the range, as one
		// that fits is.
		return n.outOfRange(s)
	}
	var v int64
	for _, c := range digits {
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	if v < 1 || v > order.MaxAmount {
		// Refused here, where the number is still as sent (-0 is not 0),
		// rather than by order.ValidateStampRequest, which has its value.
		return n.outOfRange(s)
	}
	n.set, n.value = true, v
	return nil
}

// outOfRange refuses the whole number lit, which is not from 1 to
// order.MaxAmount, repeating it as sent: 0, -5 and 1e400 were told the
// range alone, and a client whose amount was computed looked for the
// value the server had read.
func (n *wholeNumber) outOfRange(lit string) error {
	return &fieldDecodeError{field: n.field, code: "invalid_amount",
		msg: fmt.Sprintf("%s must be a whole number of rupees from 1 to %d, not %s", n.field, order.MaxAmount, order.Excerpt(lit))}
}

// decimalValue reads the JSON number lit exactly, as decimal digits (not
// as a float64, which reads 1000.0000000000000001 as 1000): whole reports
// whether it is an integer, small whether that integer has at most 18
// digits, and then v is it. An exponent of any size costs nothing (no
// power of ten is computed past 18 digits).
func decimalValue(lit string) (v int64, whole, small bool) {
	neg := strings.HasPrefix(lit, "-")
	lit = strings.TrimPrefix(lit, "-")
	mant, exp, _ := strings.Cut(strings.ToLower(lit), "e")
	ip, fp, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(ip+fp, "0")
	if digits == "" {
		return 0, true, true // zero, whatever its exponent
	}
	shift := -len(fp) // the value is digits × 10^shift
	expNeg := strings.HasPrefix(exp, "-")
	exp = strings.TrimLeft(strings.TrimLeft(exp, "+-"), "0")
	if len(exp) > 9 {
		// More than a billion places either way: no integer of 18 digits
		// (a positive exponent), or a fraction (a negative one).
		return 0, !expNeg, false
	}
	if exp != "" {
		e, _ := strconv.Atoi(exp)
		if expNeg {
			e = -e
		}
		shift += e
	}
	for strings.HasSuffix(digits, "0") {
		digits, shift = digits[:len(digits)-1], shift+1
	}
	if shift < 0 {
		return 0, false, false
	}
	if len(digits)+shift > 18 {
		return 0, true, false
	}
	for _, c := range digits + strings.Repeat("0", shift) {
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true, true
}

// checkKeys walks the JSON object in body against the struct type t and
// refuses what encoding/json would let through: keys that match a field
// only case-insensitively ("URL" for "url"), duplicated keys (where the
// last would silently win), NUL characters in strings — each named by its
// path — array elements of the wrong kind, named as such, and nesting
// deeper than maxNesting. Syntax errors are left for the decoder to
// report.
func checkKeys(body []byte, t reflect.Type, prefix string) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	// Numbers are read as written: as float64s, a valid 1e400 was an
	// error that ended the walk there, unchecked past it, and a second
	// stamp_request after a [1e400] one made an order.
	dec.UseNumber()
	w := &keyWalker{dec: dec, prefix: prefix}
	err := w.value(t, 0)
	if _, ok := err.(*Error); ok {
		return err
	}
	return nil
}

// maxNesting bounds how deep objects and arrays may nest in a request
// body. No request of the API needs more than a few levels; without a
// bound, a megabyte of "[" was a megabyte of recursion.
const maxNesting = 32

// decoderMaxDepth is how deep encoding/json lets a value nest, past which
// it refuses the body as a syntax error ("exceeded max depth").
const decoderMaxDepth = 10000

// maxValues bounds how many JSON tokens (values, keys, brackets) the walk
// reads. The largest request of the API (a listen result with 100 headers
// each way) holds under 500; without a bound, a megabyte of short keys or
// array elements cost a second of CPU in the walk and the decoding after
// it, and a few such requests in parallel held every request past its
// deadline.
const maxValues = 10000

// errTooManyValues refuses a body whose walk passed maxValues in name
// (the field being read then; "" for the body's own members).
func errTooManyValues(name string) *Error {
	in := name
	if in == "" {
		in = "the request body"
	}
	return errBadRequest("invalid_json", fmt.Sprintf("JSON holds more than %d values (in %s); no request of this API needs so many", maxValues, order.Excerpt(in)), name)
}

// isTooManyValues reports whether e is errTooManyValues' refusal.
func isTooManyValues(e *Error) bool {
	return e.Code == "invalid_json" && strings.HasPrefix(e.Message, fmt.Sprintf("JSON holds more than %d values", maxValues))
}

var rawMessageType = reflect.TypeOf(json.RawMessage(nil))

// keyWalker is checkKeys' walk. path holds the keys from the top to the
// value being read; names are joined only for an error, so a deep body
// costs no string per level.
type keyWalker struct {
	dec    *json.Decoder
	prefix string
	path   []string
	tokens int // read so far, up to maxValues
	// ownsNUL: the value about to be read is of a field whose own check
	// refuses control characters, U+0000 among them, with the field's
	// code and the character's position (an endpoint's url and
	// description, a session's forward_to: the `nul:"checked"` tag).
	ownsNUL bool
	// elemKind is the kind of the array element value is about to read,
	// when it must be a JSON value of that kind (not null, nor another
	// kind); reflect.Invalid otherwise.
	elemKind reflect.Kind
}

// name is the current value's name in errors: prefix + "a.b.c".
func (w *keyWalker) name() string {
	if len(w.path) == 0 {
		return strings.TrimSuffix(w.prefix, ".")
	}
	return w.prefix + strings.Join(w.path, ".")
}

// token reads the next token (a value, a key, a bracket) within the
// walk's budget; past it, the body is refused, naming the field being
// read: a value skipped (of the wrong kind) counts too, or one such value
// would switch the bound off for the rest of the body.
func (w *keyWalker) token() (json.Token, error) {
	if w.tokens++; w.tokens > maxValues {
		return nil, errTooManyValues(w.name())
	}
	return w.dec.Token()
}

// value consumes one value; t is its Go type (nil when unknown), depth
// the number of objects and arrays around it.
func (w *keyWalker) value(t reflect.Type, depth int) error {
	ownsNUL := w.ownsNUL
	w.ownsNUL = false
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawMessageType {
		// Decoded (and checked, under its own prefix) later by its own
		// decodeJSONAt: checking it here too would report its mistakes
		// under the wrong rules.
		return w.skipValue()
	}
	tok, err := w.token()
	if err != nil {
		return err
	}
	if k := w.elemKind; k != reflect.Invalid {
		w.elemKind = reflect.Invalid
		// Named here, not by the decoder: it would say "events must be a
		// JSON string, not number" of ["x", 1], as if the array were the
		// mistake.
		if got := tokenKind(tok); !elemHolds(k, got) {
			name := w.name()
			return errValidation("invalid_type", order.Excerpt(name)+" must hold JSON "+jsonKind(k.String())+"s, not "+got, name)
		}
	}
	if t != nil && (!fits(t, tok) || decodesItself(t)) {
		// A value of the wrong kind, or one whose type reads it itself
		// (an amount): the decoder names the mistake (invalid_type, or
		// the field's own code), not what is inside, however deep.
		if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
			return w.skipRest()
		}
		if !fits(t, tok) {
			return nil
		}
	}
	switch v := tok.(type) {
	case string:
		if !ownsNUL && strings.ContainsRune(v, 0) {
			name := w.name()
			return errValidation("invalid_characters", order.Excerpt(name)+" must not contain NUL (\\u0000) characters", name)
		}
	case json.Delim:
		if depth >= maxNesting {
			// Named by its field, so that a caller that relabels a bare
			// invalid_json (a nested object of the wrong kind) does not.
			name := w.name()
			return errBadRequest("invalid_json", fmt.Sprintf("JSON nested more than %d levels deep (in %s)", maxNesting, order.Excerpt(name)), name)
		}
		switch v {
		case '[':
			var elem reflect.Type
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				elem = t.Elem()
			}
			for w.dec.More() {
				if elem != nil && elem.Kind() != reflect.Pointer && elem.Kind() != reflect.Interface && !decodesItself(elem) {
					// An element cannot be null where the Go decoder would
					// make it a zero value ("" for ["x", null]) that the
					// checks after it would misname.
					w.elemKind = elem.Kind()
				}
				if err := w.value(elem, depth+1); err != nil {
					return err
				}
			}
			_, err = w.token()
			return err
		case '{':
			fields := structFields(t)
			var elem reflect.Type // of a map's values
			if t != nil && t.Kind() == reflect.Map {
				elem = t.Elem()
			}
			seen := map[string]bool{}
			for w.dec.More() {
				kt, err := w.token()
				if err != nil {
					return err
				}
				key, _ := kt.(string)
				w.path = append(w.path, key)
				if seen[key] {
					name := w.name()
					return errBadRequest("invalid_json", fmt.Sprintf("field %q appears twice", order.Excerpt(name)), name)
				}
				seen[key] = true
				ft := elem
				if fields != nil {
					f, ok := fields[key]
					if !ok {
						name := w.name()
						msg := fmt.Sprintf("unknown field %q", order.Excerpt(name)) + order.NotASCIINote(name)
						if near := nearestField(key, fields); near != "" && strings.HasSuffix(name, key) {
							msg += fmt.Sprintf(" (did you mean %q?)", strings.TrimSuffix(name, key)+near)
						} else if in := holderOf(t, key); in != "" && strings.HasSuffix(name, key) {
							// {"state": "Assam", …} for {"stamp_request":
							// {"state": …}}: the field of an object the body
							// left out.
							at := strings.TrimSuffix(name, key)
							msg += fmt.Sprintf(" (did you mean %q? it goes inside the %s object)", at+in+"."+key, in)
						}
						return errBadRequest("unknown_field", msg, name)
					}
					ft = f
					w.ownsNUL = checksOwnNUL(t, key)
				} else if strings.ContainsRune(key, 0) {
					// Keys of free-form objects are stored too.
					w.path = w.path[:len(w.path)-1]
					name := w.name()
					return errValidation("invalid_characters", "keys in "+order.Excerpt(name)+" must not contain NUL (\\u0000) characters", name)
				}
				if err := w.value(ft, depth+1); err != nil {
					return err
				}
				w.path = w.path[:len(w.path)-1]
			}
			_, err = w.token()
			return err
		}
	}
	return nil
}

// tokenKind names the kind of JSON value tok starts, in the words of the
// decoder's own type errors.
func tokenKind(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "bool"
	case json.Delim:
		if v == '{' {
			return "object"
		}
		return "array"
	default:
		return "number"
	}
}

// elemHolds reports whether an array element of kind k can be read from a
// JSON value of kind got (tokenKind).
func elemHolds(k reflect.Kind, got string) bool {
	switch want := jsonKind(k.String()); want {
	case "integer":
		return got == "number"
	case "boolean":
		return got == "bool"
	default:
		return got == want
	}
}

// fits reports whether a JSON token can start a value of Go type t.
// Types that decode themselves (json.Unmarshaler) and interfaces take
// anything.
func fits(t reflect.Type, tok json.Token) bool {
	if t.Kind() == reflect.Interface || reflect.PointerTo(t).Implements(unmarshalerType) {
		return true
	}
	switch v := tok.(type) {
	case string:
		return t.Kind() == reflect.String
	case json.Delim:
		switch v {
		case '{':
			return t.Kind() == reflect.Struct || t.Kind() == reflect.Map
		case '[':
			return t.Kind() == reflect.Slice || t.Kind() == reflect.Array
		}
	}
	return true
}

var unmarshalerType = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

// decodesItself reports whether t reads its JSON itself (json.Unmarshaler).
func decodesItself(t reflect.Type) bool {
	return t.Kind() != reflect.Interface && reflect.PointerTo(t).Implements(unmarshalerType)
}

// skipRest consumes the rest of an object or array whose opening
// delimiter has been read, within the walk's budget.
func (w *keyWalker) skipRest() error {
	depth := 1
	for depth > 0 {
		tok, err := w.token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// skipValue consumes one value without looking at it.
func (w *keyWalker) skipValue() error {
	tok, err := w.token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		return w.skipRest()
	}
	return nil
}

// structFields maps the exact JSON names of t's fields to their types, or
// returns nil when t is not a plain struct (then keys are not checked here).
func structFields(t reflect.Type) map[string]reflect.Type {
	if t == nil || t.Kind() != reflect.Struct || reflect.PointerTo(t).Implements(reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()) {
		return nil
	}
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		ft := f.Type
		m[name] = ft
	}
	return m
}

// innerFielder is a request body with a field it decodes later itself
// (a json.RawMessage, as an order's stamp_request): innerFields gives that
// field's own fields, so a refusal can name them.
type innerFielder interface {
	innerFields() map[string]map[string]reflect.Type
}

// holderOf names the field of struct t that is an object holding a field
// key, when exactly one is: "stamp_request" for "state" in an order's
// body. "" when none or several are.
func holderOf(t reflect.Type, key string) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return ""
	}
	inner := map[string]map[string]reflect.Type{}
	if f, ok := reflect.New(t).Interface().(innerFielder); ok {
		inner = f.innerFields()
	}
	for name, ft := range structFields(t) {
		for ft != nil && ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if _, ok := inner[name]; !ok {
			inner[name] = structFields(ft)
		}
	}
	found := ""
	for name, fields := range inner {
		if _, ok := fields[key]; ok {
			if found != "" {
				return ""
			}
			found = name
		}
	}
	return found
}

// checksOwnNUL reports whether the field of struct t named key in JSON is
// tagged `nul:"checked"`: its validation refuses U+0000 with its own code
// (invalid_url, invalid_description), as the API documents, where any
// other string's NUL is invalid_characters.
func checksOwnNUL(t reflect.Type, key string) bool {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return false
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == key {
			return f.Tag.Get("nul") == "checked"
		}
	}
	return false
}

// nearestField is the field of fields that key, which none is, was most
// likely meant to be: the same name in other case ("State"), one within an
// edit per three letters and at most two ("event" for "events",
// "article-code"), or else the only field that begins with it ("delivery"
// for "delivery_requested"); "" when none is, or two are as near. The refusal
// names it, as the CLI names a misspelt flag: "unknown field" alone left
// the caller to find the spelling in the docs.
func nearestField(key string, fields map[string]reflect.Type) string {
	if len(key) > 64 {
		// No field is near: and the distance costs the key's length
		// times each name's, for a key of up to the body's 1 MiB.
		return ""
	}
	want := strings.ToLower(key)
	return suggest.Nearest(want, min(2, len(want)/3), true, func(yield func(string, string) bool) {
		for name := range fields {
			if !yield(name, name) {
				return
			}
		}
	})
}

// loneSurrogate is the offset of the first \uD800–\uDFFF escape in a JSON
// string of body that is not half of a surrogate pair, or -1. Malformed
// escapes are left to the decoder.
func loneSurrogate(body []byte) int {
	if !bytes.Contains(body, []byte(`\u`)) {
		return -1
	}
	inString := false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '"':
			inString = !inString
		case c == '\\' && inString && i+1 < len(body):
			if body[i+1] != 'u' {
				i++ // \" \\ \n …: the next byte is escaped
				continue
			}
			r, ok := hex4(body, i+2)
			if !ok {
				i++
				continue
			}
			switch {
			case r >= 0xD800 && r < 0xDC00:
				if i+11 < len(body) && body[i+6] == '\\' && body[i+7] == 'u' {
					if lo, ok := hex4(body, i+8); ok && lo >= 0xDC00 && lo <= 0xDFFF {
						i += 11
						continue
					}
				}
				return i
			case r >= 0xDC00 && r <= 0xDFFF:
				return i
			}
			i += 5
		}
	}
	return -1
}

// hex4 reads the four hex digits at body[at:], as a \u escape holds.
func hex4(body []byte, at int) (rune, bool) {
	if at+4 > len(body) {
		return 0, false
	}
	var r rune
	for _, c := range body[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
