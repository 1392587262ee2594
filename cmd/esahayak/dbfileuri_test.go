package main_test

import (
	"testing"
)

// TestDBFileURINamesThePath: a --db given as SQLite's file: URI, as other
// programs take one (--db file:app.db), was told to write
// sqlite:file:app.db, which the next start refused in turn ("a file: URI
// is not accepted"): two refusals, and the second one's advice was an
// example, not the user's file. Both now name the path to give.
func TestDBFileURINamesThePath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct {
		db, want string
	}{
		{"file:app.db", `esahayak: --db "file:app.db": a file: URI is not accepted (its options are not read): give the database file's path, sqlite:app.db` + "\n"},
		{"file:app.db?cache=shared&mode=rwc", `esahayak: --db "file:app.db?cache=shared&mode=rwc": a file: URI is not accepted (its options are not read): give the database file's path, sqlite:app.db` + "\n"},
		{"file:///var/lib/esahayak/app.db", `esahayak: --db "file:///var/lib/esahayak/app.db": a file: URI is not accepted (its options are not read): give the database file's path, sqlite:/var/lib/esahayak/app.db` + "\n"},
		{"sqlite:file:app.db", `esahayak: --db "sqlite:file:app.db": a file: URI is not accepted (its options are not read): give the database file's path, sqlite:app.db` + "\n"},
		// No file to name: as before.
		{"sqlite:file::memory:?cache=shared", `esahayak: --db sqlite:file::memory:?cache=shared: give the database file's path, e.g. sqlite:esahayak.db (an in-memory database or a file: URI is not accepted)` + "\n"},
		{"sqlite::memory:", `esahayak: --db sqlite::memory:: give the database file's path, e.g. sqlite:esahayak.db (an in-memory database or a file: URI is not accepted)` + "\n"},
	} {
		_, stderr, code := runBinary(t, dir, nil, "", "accounts", "list", "--db", c.db)
		if code != 2 || stderr != c.want {
			t.Errorf("--db %q: exit %d, stderr:\n%s\nwant exit 2 and:\n%s", c.db, code, stderr, c.want)
		}
	}
}
