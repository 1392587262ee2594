package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestAPIDocListsEveryErrorCode: docs/api.md's error table gives, per
// status, the codes a client can get. Every code the API's source can
// answer with is listed there under its status, and every code listed is
// one the source has, so that a new refusal is documented with it.
func TestAPIDocListsEveryErrorCode(t *testing.T) {
	// The codes in the source, with their status.
	byHelper := map[string]int{"errBadRequest": 400, "errUnauthorized": 401, "errForbidden": 403,
		"errConflict": 409, "errValidation": 422, "errUnknownEventType": 422, "errNotOneOf": 422}
	helper := regexp.MustCompile(`\b(err[A-Za-z]+)\("([a-z_]+)"`)
	literal := regexp.MustCompile(`Status: *(http\.Status[A-Za-z]+|\d+), *Type: *[A-Za-z]+, *Code: *"([a-z_]+)"`)
	constCode := regexp.MustCompile(`const code = "([a-z_]+)"`)                                                                    // relay.go's event_not_streamed, given to errValidation
	fieldErr := regexp.MustCompile(`(?:FieldError\{[^,]+, *"|fieldDecodeError\{[^}]*code: *"|TextField\{[^}]*Code: *")([a-z_]+)"`) // 422s of the order's fields
	statusOf := map[string]int{"http.StatusBadRequest": 400, "http.StatusNotFound": 404, "http.StatusMethodNotAllowed": 405,
		"http.StatusRequestTimeout": 408, "http.StatusRequestEntityTooLarge": 413, "http.StatusUnsupportedMediaType": 415,
		"http.StatusTooManyRequests": 429, "http.StatusInternalServerError": 500, "http.StatusServiceUnavailable": 503}
	source := map[string]int{}
	add := func(code string, status int, where string) {
		if prev, ok := source[code]; ok && prev != status {
			t.Errorf("%s: code %s with status %d and %d", where, code, prev, status)
		}
		source[code] = status
	}
	files, _ := filepath.Glob("*.go")
	more, _ := filepath.Glob("../order/*.go")
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, m := range helper.FindAllStringSubmatch(s, -1) {
			if st, ok := byHelper[m[1]]; ok {
				add(m[2], st, f)
			}
		}
		for _, m := range literal.FindAllStringSubmatch(s, -1) {
			st, ok := statusOf[m[1]]
			if !ok {
				st, _ = strconv.Atoi(m[1])
			}
			add(m[2], st, f)
		}
		for _, m := range constCode.FindAllStringSubmatch(s, -1) {
			add(m[1], 422, f)
		}
		for _, m := range fieldErr.FindAllStringSubmatch(s, -1) {
			add(m[1], 422, f)
		}
	}
	// request_cancelled (499) is listed too: a client that half-closes its
	// connection after its request (nc -N, socat) has not gone, and reads it.
	if len(source) < 40 {
		t.Fatalf("found only %d codes in the source: %v", len(source), source)
	}

	// The codes of docs/api.md's table, by status.
	b, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "| status | when | example codes |\n|---|---|---|\n")
	if !ok {
		t.Fatal("docs/api.md has no error table")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	documented := map[string]int{}
	code := regexp.MustCompile("`([a-z_]+)`")
	aside := regexp.MustCompile(`\([^()]*\)`) // "(a listen result's `status` outside 0–999)" names a field, not a code
	for _, row := range strings.Split(table, "\n") {
		cells := strings.Split(strings.Trim(row, "| "), " | ")
		st, err := strconv.Atoi(cells[0])
		if err != nil || len(cells) != 3 {
			t.Fatalf("docs/api.md error table row: %s", row)
		}
		codes := cells[2]
		for aside.MatchString(codes) {
			codes = aside.ReplaceAllString(codes, "")
		}
		for _, m := range code.FindAllStringSubmatch(codes, -1) {
			documented[m[1]] = st
		}
	}

	for c, st := range source {
		switch got, ok := documented[c]; {
		case !ok:
			t.Errorf("the API answers %d %s, which docs/api.md's error table does not list", st, c)
		case got != st:
			t.Errorf("docs/api.md lists %s under %d; the API answers it with %d %s", c, got, st, http.StatusText(st))
		}
	}
	for c, st := range documented {
		if _, ok := source[c]; !ok {
			t.Errorf("docs/api.md lists %s under %d, which the API's source never answers", c, st)
		}
	}
}
