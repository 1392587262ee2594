package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeArgumentHint: a word given to serve is refused with the flag
// it was likely meant for, and that suggestion is itself accepted. Every
// word was answered "did you mean --db WORD?": wrong for a port or
// "help", and refused in turn for a file name (it lacks "sqlite:").
func TestServeArgumentHint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "existing"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// Each run is refused before anything is opened; were one not, its
	// database is in a directory that does not exist, so it fails rather
	// than serves, and port 0 keeps it off any port in use.
	noDB := "sqlite:" + filepath.Join(dir, "nonexistent", "x.db")
	for _, c := range []struct {
		arg     string
		hint    string   // the end of the message
		suggest []string // the flags the hint suggests, which serve must accept
		hidden  string   // what must not be shown
	}{
		{arg: "help", hint: "for its flags, run 'esahayak serve -h'"},
		{arg: "HELP", hint: "for its flags, run 'esahayak serve -h'"},
		{arg: "usage", hint: "for its flags, run 'esahayak serve -h'"},
		{arg: "8080", hint: "did you mean --addr 127.0.0.1:8080 (or --addr :8080, on every interface)?", suggest: []string{"--addr", "127.0.0.1:8080"}},
		{arg: "127.0.0.1:40449", hint: "did you mean --addr 127.0.0.1:40449?", suggest: []string{"--addr", "127.0.0.1:40449"}},
		{arg: ":8080", hint: "did you mean --addr :8080?", suggest: []string{"--addr", ":8080"}},
		{arg: "[::1]:8080", hint: "did you mean --addr [::1]:8080?", suggest: []string{"--addr", "[::1]:8080"}},
		{arg: "mydb.db", hint: "did you mean --db sqlite:mydb.db?", suggest: []string{"--db", "sqlite:mydb.db"}},
		{arg: "data/app", hint: "did you mean --db sqlite:data/app?", suggest: []string{"--db", "sqlite:data/app"}},
		{arg: "existing", hint: "did you mean --db sqlite:existing?", suggest: []string{"--db", "sqlite:existing"}},
		{arg: "sqlite:mydb.db", hint: "did you mean --db sqlite:mydb.db?", suggest: []string{"--db", "sqlite:mydb.db"}},
		{arg: "postgres://postgres@127.0.0.1:1/esahayak", hint: "did you mean --db postgres://postgres@127.0.0.1:1/esahayak?", suggest: []string{"--db", "postgres://postgres@127.0.0.1:1/esahayak"}},
		{arg: "postgres://u:DBSECRET@127.0.0.1:1/esahayak", hint: "did you mean --db postgres://u:xxxxx@127.0.0.1:1/esahayak?", hidden: "DBSECRET"},
		{arg: "99999", hint: "its settings are flags: run 'esahayak serve -h' to see them"},
		{arg: "bogus", hint: "its settings are flags: run 'esahayak serve -h' to see them"},
		{arg: "http://127.0.0.1:8080", hint: "its settings are flags: run 'esahayak serve -h' to see them"},
	} {
		stderr, code := runIn(t, dir, "serve", "--addr", "127.0.0.1:0", "--db", noDB, "--", c.arg)
		shown := c.arg
		if c.hidden != "" {
			shown = strings.ReplaceAll(c.arg, c.hidden, "xxxxx")
		}
		want := `esahayak: serve takes no arguments (got "` + shown + `"); ` + c.hint + "\n"
		if code != 2 || stderr != want {
			t.Errorf("serve %q: exit %d, stderr:\n%s\nwant exit 2 and:\n%s", c.arg, code, stderr, want)
		}
		if c.hidden != "" && strings.Contains(stderr, c.hidden) {
			t.Errorf("serve %q: the password is shown:\n%s", c.arg, stderr)
		}
		if c.suggest == nil {
			continue
		}
		// The suggestion followed, with a word after it again: refused
		// for that word only, so every flag before it was accepted.
		args := append(append([]string{"serve", "--addr", "127.0.0.1:0", "--db", noDB}, c.suggest...), "zzz")
		if stderr, code := runIn(t, dir, args...); code != 2 || !strings.Contains(stderr, `(got "zzz")`) {
			t.Errorf("serve %q, as suggested: exit %d, want 2 and a refusal of the extra word only:\n%s", args[1:], code, stderr)
		}
	}
}

// runIn runs the binary in dir and returns its stderr and exit status.
func runIn(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	_, stderr, code := runBinary(t, dir, nil, "", args...)
	return stderr, code
}
