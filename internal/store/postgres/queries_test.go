package postgres

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sqlKeywords are the words a statement of the driver starts with.
var sqlKeywords = []string{
	"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "CREATE", "DROP", "BEGIN",
	"ALTER", "SET", "LISTEN", "NOTIFY", "LOCK", "ANALYZE",
}

// looksLikeSQL reports whether a string literal's value starts, after
// trimming, with an SQL keyword followed by a space, a line break or its end.
func looksLikeSQL(s string) bool {
	s = strings.TrimSpace(s)
	for _, kw := range sqlKeywords {
		if len(s) < len(kw) || !strings.EqualFold(s[:len(kw)], kw) {
			continue
		}
		if len(s) == len(kw) {
			return true
		}
		switch s[len(kw)] {
		case ' ', '\t', '\n', '\r', '(', ';':
			return true
		}
	}
	return false
}

// TestEverySQLStatementIsInQueriesGo keeps the promise queries.go makes:
// no string literal in another non-test file of the package looks like an
// SQL statement. It reads the source only; it needs no PostgreSQL.
func TestEverySQLStatementIsInQueriesGo(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if name == "queries.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		// The message of an error ("update order %s: %w") may start with
		// the word its statement starts with; it is not a statement.
		messages := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && isErrorConstructor(call.Fun) && len(call.Args) > 0 {
				if lit, ok := call.Args[0].(*ast.BasicLit); ok {
					messages[lit] = true
				}
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING || messages[lit] {
				return true
			}
			v, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Errorf("%s: %v", fset.Position(lit.Pos()), err)
				return true
			}
			if looksLikeSQL(v) {
				t.Errorf("%s: SQL outside queries.go: %.60q", fset.Position(lit.Pos()), v)
			}
			return true
		})
	}
	if checked < 5 {
		t.Fatalf("checked %d files; expected the driver's sources", checked)
	}
}

// isErrorConstructor reports whether fun is fmt.Errorf or errors.New.
func isErrorConstructor(fun ast.Expr) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	return pkg.Name == "fmt" && sel.Sel.Name == "Errorf" || pkg.Name == "errors" && sel.Sel.Name == "New"
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
		if got := looksLikeSQL(s); got != want {
			t.Errorf("looksLikeSQL(%q) = %v, want %v", s, got, want)
		}
	}
}
