package main

import (
	"strings"
	"testing"
)

// FuzzDBFileURI: a --db given as a SQLite file: URI, with or without
// sqlite: before it, is refused as a usage error, and when the refusal names
// a path to give instead (", sqlite:PATH" at its end), that advice is taken:
// it is no file: URI or in-memory database itself, so following it never
// meets the same refusal again, and it names the file the URI did.
func FuzzDBFileURI(f *testing.F) {
	for _, s := range []string{"app.db", "app.db?cache=shared&mode=rwc", "///var/lib/app.db", ":memory:", "::memory:?cache=shared",
		"x.db?mode=memory", "file:x.db", "////x.db", "//localhost/tmp/x.db", "a%20b.db", "a%zz.db", "", " ", "?", "#x", "x.db#frag"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, db := range []string{"file:" + s, "sqlite:file:" + s} {
			err := checkDB(db)
			if err == nil {
				t.Fatalf("--db %q was taken", db)
			}
			if _, ok := err.(usageError); !ok {
				t.Fatalf("--db %q: %v is no usage error", db, err)
			}
			msg := err.Error()
			i := strings.LastIndex(msg, ", sqlite:")
			if !strings.Contains(msg, "file: URI is not accepted (its options are not read)") || i < 0 {
				continue
			}
			advice := msg[i+len(", "):]
			if aerr := checkDB(advice); aerr != nil && (strings.Contains(aerr.Error(), "file: URI") || strings.Contains(aerr.Error(), "in-memory")) {
				t.Fatalf("--db %q advises %q, which is refused in turn: %v", db, advice, aerr)
			}
			if path := sqlitePath(advice); path != strings.TrimPrefix(advice, "sqlite:") {
				t.Fatalf("--db %q advises %q, which names the file %q", db, advice, path)
			}
		}
	})
}
