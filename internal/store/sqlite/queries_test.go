package sqlite

import (
	"testing"

	"github.com/esahayak/esahayak/internal/store/storetest"
)

// sqlStarts are the words a string literal that holds SQL, or a piece of
// it, begins with: statements, and the pieces dynamic SQL is built from.
var sqlStarts = []string{
	"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "PRAGMA", "CREATE", "DROP", "BEGIN", "ALTER", "VACUUM",
	"SAVEPOINT", "RELEASE", "ROLLBACK", "WHERE", "AND", "ORDER BY", "FROM", "EXISTS",
}

// TestEverySQLStatementIsInQueriesGo holds the driver to "SQL lives in one
// place": a statement written anywhere but queries.go fails it.
func TestEverySQLStatementIsInQueriesGo(t *testing.T) {
	for _, s := range storetest.SQLOutsideQueriesGo(t, ".", sqlStarts) {
		t.Errorf("SQL outside queries.go (move it there as a qXxx constant or builder): %s", s)
	}
}

func TestLooksLikeSQL(t *testing.T) {
	for s, want := range map[string]bool{
		"SELECT 1":                             true,
		"\n  select id FROM x":                 true,
		"(SELECT MAX(version) FROM t)":         true,
		"PRAGMA wal_checkpoint(":               true,
		" AND id < ?":                          true,
		"WITH RECURSIVE e(id) AS (":            true,
		"SAVEPOINT op":                         true,
		"Updated endpoint":                     false,
		"selection":                            false,
		"sqlite: statement not prepared: ":     false,
		"deleted":                              false,
		"the database file is gone":            false,
		"busy_timeout(%d)":                     false,
		"with_prefix":                          false,
		"and-so-on":                            false,
		"":                                     false,
		"   ":                                  false,
		"ORDER BY id":                          true,
		"order":                                false,
		"journal_mode(WAL)":                    false,
		"update endpoint: %w (outside Errorf)": true,
	} {
		if got := storetest.LooksLikeSQL(s, sqlStarts); got != want {
			t.Errorf("looksLikeSQL(%q) = %v, want %v", s, got, want)
		}
	}
}
