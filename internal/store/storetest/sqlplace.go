package storetest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// SQLOutsideQueriesGo holds a driver to "SQL lives in one place": it lists
// the string literals of dir's non-test files, other than queries.go, that
// look like SQL (LooksLikeSQL with starts), each with its position and
// first line. The text of an error (fmt.Errorf, errors.New) is words for a
// person ("update order %s: %w"), not SQL, and is left out. It reads the
// source only.
func SQLOutsideQueriesGo(t testing.TB, dir string, starts []string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var found []string
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || filepath.Base(name) == "queries.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		messages := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && makesError(call) && len(call.Args) > 0 {
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
			if LooksLikeSQL(s, starts) {
				line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
				found = append(found, fset.Position(lit.Pos()).String()+": "+line)
			}
			return true
		})
	}
	if checked < 5 {
		t.Fatalf("checked %d files in %s; expected a driver's sources", checked, dir)
	}
	return found
}

// LooksLikeSQL reports whether s, trimmed (and without an opening
// parenthesis), begins with one of starts as a word, in any case.
func LooksLikeSQL(s string, starts []string) bool {
	s = strings.TrimLeft(strings.TrimSpace(s), "( \t\n")
	for _, w := range starts {
		if len(s) < len(w) || !strings.EqualFold(s[:len(w)], w) {
			continue
		}
		if rest := s[len(w):]; rest == "" || strings.ContainsRune(" \t\n\r(;", rune(rest[0])) {
			return true
		}
	}
	return false
}

// makesError reports whether call is fmt.Errorf or errors.New.
func makesError(call *ast.CallExpr) bool {
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
