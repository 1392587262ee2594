package postgres

import (
	"testing"

	"github.com/esahayak/esahayak/internal/store/storetest"
)

// sqlKeywords are the words a statement of the driver starts with.
var sqlKeywords = []string{
	"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "CREATE", "DROP", "BEGIN",
	"ALTER", "SET", "LISTEN", "NOTIFY", "LOCK", "ANALYZE",
}

// TestEverySQLStatementIsInQueriesGo keeps the promise queries.go makes:
// no string literal in another non-test file of the package looks like an
// SQL statement. It reads the source only; it needs no PostgreSQL.
func TestEverySQLStatementIsInQueriesGo(t *testing.T) {
	for _, s := range storetest.SQLOutsideQueriesGo(t, ".", sqlKeywords) {
		t.Errorf("SQL outside queries.go: %s", s)
	}
}

func TestLooksLikeSQL(t *testing.T) {
	for s, want := range map[string]bool{
		"SELECT 1":                        true,
		"  select id FROM t":              true,
		"\nWITH u AS (":                   true,
		"LISTEN esahayak":                 true,
		"ANALYZE":                         true,
		"settle order":                    false,
		"update order %s: %w":             true, // flagged unless it is an error message
		"postgres: store closed":          false,
		"deleted":                         false,
		"Selected":                        false,
		"interval '15 seconds'":           false,
		"token_hash, user_id, account_id": false,
	} {
		if got := storetest.LooksLikeSQL(s, sqlKeywords); got != want {
			t.Errorf("looksLikeSQL(%q) = %v, want %v", s, got, want)
		}
	}
}
