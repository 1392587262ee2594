package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
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
	misspelt := []string{"env_test.go", "env_process_test.go", "flagedges_test.go"}
	found := map[string]string{}
	err := repositoryFiles(t, "../..", func(path string) error {
		if filepath.Dir(path) == filepath.Join("..", "..", "cmd", "esahayak") && slices.Contains(misspelt, filepath.Base(path)) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0 {
			// A binary (an untracked build in the checkout, such as
			// "go build -o es ./cmd/esahayak"): it holds every name the
			// code reads, run together, and none of it is the repository's.
			return nil
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

// repositoryFiles calls fn with the path of each file of the repository at
// root: what git tracks or would add (git ls-files), or, outside a git
// checkout, every file but .git and node_modules (walkFiles). What .gitignore leaves
// out is not the repository's: a binary from "go build ./cmd/esahayak" in
// the checkout (/esahayak) holds every name the code reads, run together,
// and the walk failed on them after minutes of matching 30 MB under the
// race detector; screenshots and logs of test runs are no better.
func repositoryFiles(t *testing.T, root string, fn func(path string) error) error {
	t.Helper()
	if _, err := os.Stat(filepath.Join(root, ".git")); err == nil {
		out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
		if err != nil {
			// No git here (or it refuses the checkout): the walk below.
			t.Logf("git ls-files: %v; reading every file", err)
			return walkFiles(root, fn)
		}
		for _, rel := range bytes.Split(bytes.TrimSuffix(out, []byte{0}), []byte{0}) {
			path := filepath.Join(root, string(rel))
			if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
				continue // deleted in the work tree, or a link
			}
			if err := fn(path); err != nil {
				return err
			}
		}
		return nil
	}
	return walkFiles(root, fn)
}

func walkFiles(root string, fn func(path string) error) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		return fn(path)
	})
}
