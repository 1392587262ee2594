package main_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRaceSkippedTestsRunInCI: CI runs every test with the race detector,
// and a test that skips itself under it (if raceEnabled { t.Skip(…) }) ran
// nowhere: TestAccountEndpointStatsHoldsOneEndpointAtATime never ran in CI.
// scripts/test.sh runs those tests again without -race; each must be named
// in that pass, with its package.
func TestRaceSkippedTestsRunInCI(t *testing.T) {
	script, err := os.ReadFile("../../scripts/test.sh")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)\ngo test -count=1 [^\n]*\\\n\s*-run '\^\(([^)]*)\)\$' \\\n\s*"\$@" ([^\n]*)\n`).FindSubmatch(script)
	if m == nil {
		t.Fatal("scripts/test.sh has no pass without -race for the tests that skip under it")
	}
	listed := map[string]bool{}
	for _, name := range strings.Split(string(m[1]), "|") {
		listed[name] = true
	}
	pkgs := map[string]bool{}
	for _, p := range strings.Fields(string(m[2])) {
		pkgs[p] = true
	}
	found := 0
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Body == nil || !skipsUnderRace(fn.Body) {
				continue
			}
			found++
			pkg := "./" + filepath.ToSlash(strings.TrimPrefix(filepath.Dir(path), "../../"))
			if !listed[fn.Name.Name] || !pkgs[pkg] {
				t.Errorf("%s (%s) skips under the race detector, and scripts/test.sh's pass without -race does not run it: it runs nowhere in CI", fn.Name.Name, pkg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("found no test that skips under the race detector: the search is broken")
	}
}

// skipsUnderRace reports whether body holds `if raceEnabled { … }`.
func skipsUnderRace(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if is, ok := n.(*ast.IfStmt); ok {
			if id, ok := is.Cond.(*ast.Ident); ok && id.Name == "raceEnabled" {
				found = true
			}
		}
		return !found
	})
	return found
}
