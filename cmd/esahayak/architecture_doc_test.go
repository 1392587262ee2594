package main

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestArchitectureTableNamesEveryPackage holds docs/architecture.md's
// package table, which says "the package list reads like the
// architecture", to the packages there are: every package of cmd/,
// internal/ and webhook/ has a row (or, a package inside another, is
// named in its parent's row, as internal/testenv's row names loopback),
// every row is a package that exists, and cmd/esahayak's row names every
// subcommand. internal/lograte and internal/suggest had no row, and the
// subcommands left out version, so a reader of the table did not learn
// that they exist.
func TestArchitectureTableNamesEveryPackage(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{} // package → what its row says it owns
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9/]+)` \\| (.*) \\|$")
	for _, m := range row.FindAllStringSubmatch(string(doc), -1) {
		rows[m[1]] = m[2]
	}
	if len(rows) == 0 {
		t.Fatal("docs/architecture.md has no package table")
	}

	var pkgs []string
	for _, top := range []string{"cmd", "internal", "webhook"} {
		err := filepath.WalkDir(filepath.Join("../..", top), func(file string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(file, ".go") || strings.HasSuffix(file, "_test.go") {
				return nil
			}
			rel, err := filepath.Rel(filepath.Join("..", ".."), filepath.Dir(file))
			if err != nil {
				return err
			}
			pkg := filepath.ToSlash(rel)
			if !slices.Contains(pkgs, pkg) {
				pkgs = append(pkgs, pkg)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, pkg := range pkgs {
		if _, ok := rows[pkg]; ok {
			continue
		}
		parent, base := path.Dir(pkg), path.Base(pkg)
		if owns, ok := rows[parent]; ok && strings.Contains(owns, "`"+base+"`") {
			continue
		}
		t.Errorf("docs/architecture.md's package table has no row for %s (nor names it in its parent's row)", pkg)
	}
	for pkg := range rows {
		if !slices.Contains(pkgs, pkg) {
			t.Errorf("docs/architecture.md's package table has a row for %s, which is no package", pkg)
		}
	}
	for _, c := range commands() {
		if !strings.Contains(rows["cmd/esahayak"], "`"+c.name+"`") {
			t.Errorf("docs/architecture.md's row for cmd/esahayak does not name the subcommand %s: %s", c.name, rows["cmd/esahayak"])
		}
	}
}
