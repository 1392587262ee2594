package sqlite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sqlStarts are the words a string literal that holds SQL, or a piece of
// it, begins with: statements, and the pieces dynamic SQL is built from.
var sqlStarts = []string{
	"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "PRAGMA", "CREATE", "DROP", "BEGIN", "ALTER", "VACUUM",
	"SAVEPOINT", "RELEASE", "ROLLBACK", "WHERE", "AND", "ORDER BY", "FROM", "EXISTS",
}

// looksLikeSQL reports whether s, trimmed (and without an opening
// parenthesis), begins with one of sqlStarts as a word, in any case.
func looksLikeSQL(s string) bool {
	s = strings.TrimLeft(strings.TrimSpace(s), "( \t\n")
	for _, w := range sqlStarts {
		if len(s) < len(w) || !strings.EqualFold(s[:len(w)], w) {
			continue
		}
		if rest := s[len(w):]; rest == "" || strings.ContainsRune(" \t\n(", rune(rest[0])) {
			return true
		}
	}
	return false
}

// isMessage reports whether call makes an error: its text is words for a
// person ("delete endpoint: %w"), not SQL.
func isMessage(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	return pkg.Name == "fmt" && sel.Sel.Name == "Errorf" || pkg.Name == "errors" && sel.Sel.Name == "New"
}

// sqlOutsideQueries lists the string literals of the package's non-test
// files, other than queries.go, that look like SQL, with their positions.
func sqlOutsideQueries(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var found []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || filepath.Base(name) == "queries.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		messages := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && isMessage(call) && len(call.Args) > 0 {
				ast.Inspect(call.Args[0], func(n ast.Node) bool {
					if lit, ok := n.(*ast.BasicLit); ok {
						messages[lit] = true
					}
					return true
				})
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING || messages[lit] {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			if looksLikeSQL(s) {
				found = append(found, fset.Position(lit.Pos()).String()+": "+firstLine(s))
			}
			return true
		})
	}
	return found
}

// TestEverySQLStatementIsInQueriesGo holds the driver to "SQL lives in one
// place": a statement written anywhere but queries.go fails it.
func TestEverySQLStatementIsInQueriesGo(t *testing.T) {
	for _, s := range sqlOutsideQueries(t, ".") {
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
		if got := looksLikeSQL(s); got != want {
			t.Errorf("looksLikeSQL(%q) = %v, want %v", s, got, want)
		}
	}
}
