package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestKnownEnvCoversTheRepository: every ESAHAYAK_* name written anywhere
// in the repository (code, tests, docs, examples) is in knownEnv, so that
// no variable something reads is warned about as unknown. A name ending
// in "_" is a prefix ("ESAHAYAK_BENCH_<FLAG>"), not a variable; nor is
// one quoted in the warning ("unknown environment variable ESAHAYAK_ADRR").
func TestKnownEnvCoversTheRepository(t *testing.T) {
	name := regexp.MustCompile(`(unknown environment variable )?ESAHAYAK_[A-Z0-9_]+`)
	// The tests of the warning, whose misspelt names are meant to be unknown.
	misspelt := []string{"env_test.go", "env_process_test.go"}
	found := map[string]string{}
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Dir(path) == filepath.Join("..", "..", "cmd", "esahayak") && slices.Contains(misspelt, d.Name()) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range name.FindAllStringSubmatch(string(b), -1) {
			if m[1] == "" && !strings.HasSuffix(m[0], "_") {
				found[m[0]] = path
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 20 {
		t.Fatalf("found only %d names: is the walk reading the repository?", len(found))
	}
	for n, path := range found {
		if !slices.Contains(knownEnv, n) {
			t.Errorf("%s (in %s) is not in knownEnv: it would be warned about as unknown", n, path)
		}
	}
}

func TestUnknownEnv(t *testing.T) {
	got := unknownEnv([]string{
		"ESAHAYAK_ADDR=127.0.0.1:1", "ESAHAYAK_FORWARD_TO=http://localhost:1", "PATH=/bin", "ESAHAYAK_TEST_POSTGRES=x",
		"ESAHAYAK_ADRR=127.0.0.1:1", "ESAHAYAK_DBB=", "ESAHAYAK_addr=x", "ESAHAYAK_NOTHING_LIKE_IT=1",
		"ESAHAYAK_BENCH_EVENT=5", "ESAHAYK_DB=x", "Esahayak_DB=x", "ESA_DB=x", "HAYAK_DB=x",
	})
	want := []string{
		"unknown environment variable ESAHAYAK_ADRR (did you mean ESAHAYAK_ADDR?)",
		"unknown environment variable ESAHAYAK_DBB (did you mean ESAHAYAK_DB?)",
		"unknown environment variable ESAHAYAK_addr (did you mean ESAHAYAK_ADDR?)",
		"unknown environment variable ESAHAYAK_NOTHING_LIKE_IT",
		"unknown environment variable ESAHAYAK_BENCH_EVENT (did you mean ESAHAYAK_BENCH_EVENTS?)",
		"unknown environment variable ESAHAYK_DB (did you mean ESAHAYAK_DB?)",
		"unknown environment variable Esahayak_DB (did you mean ESAHAYAK_DB?)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("unknownEnv:\n got %q\nwant %q", got, want)
	}
}
