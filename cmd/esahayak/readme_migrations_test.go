package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeNamesEveryIndexRebuild: a migration that drops an index and
// creates it again (a rebuild) holds its table for the build, and writes
// to it wait: the README's upgrade notes name each one, so that an
// operator of a large database plans the stop. PostgreSQL 0009 and SQLite
// 0011 rebuilt attempts_endpoint, the attempts' table, unnamed: the notes
// said only 0007 and 0009 held it.
func TestReadmeNamesEveryIndexRebuild(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	i := strings.Index(text, "Migrations that rebuild an index")
	if i < 0 {
		t.Fatal("README.md has no note on migrations that rebuild an index")
	}
	note := text[i:]
	if end := strings.Index(note, "On a large"); end >= 0 {
		note = note[:end]
	}
	drop := regexp.MustCompile(`(?i)^\s*DROP INDEX (?:IF EXISTS )?(\w+)`)
	create := regexp.MustCompile(`(?i)^\s*CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(\w+)`)
	for driver, dir := range map[string]string{"PostgreSQL": "postgres", "SQLite": "sqlite"} {
		files, err := filepath.Glob(filepath.Join("../../internal/store", dir, "migrations", "*.sql"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s migrations: %v", driver, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			dropped, created := map[string]bool{}, map[string]bool{}
			for _, line := range strings.Split(string(b), "\n") {
				if m := drop.FindStringSubmatch(line); m != nil {
					dropped[m[1]] = true
				}
				if m := create.FindStringSubmatch(line); m != nil {
					created[m[1]] = true
				}
			}
			for name := range dropped {
				if !created[name] {
					continue
				}
				version, _, _ := strings.Cut(filepath.Base(f), "_")
				if !regexp.MustCompile(driver + ` (?:[0-9]{4} and )?` + version).MatchString(note) {
					t.Errorf("%s migration %s rebuilds %s, and the README's note on rebuilds does not name it:\n%s", driver, filepath.Base(f), name, note)
				}
			}
		}
	}
}
