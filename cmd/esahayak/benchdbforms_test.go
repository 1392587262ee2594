package main_test

import "testing"

// TestBenchDBRefusalNamesItsForms: bench's --db takes sqlite alone (a
// temporary file per run, its default) beside sqlite:PATH and a
// postgres:// URL, but a --db it refused was told "use sqlite:PATH or
// postgres://…", serve's forms, and an empty one "leave the flag out for
// its default, sqlite", leaving the person to guess what sqlite alone
// meant and what else it takes. Both name the bench's three forms now.
func TestBenchDBRefusalNamesItsForms(t *testing.T) {
	t.Parallel()
	const forms = "sqlite (a temporary file per run, the default), sqlite:PATH (a new file, deleted after) or postgres://USER@HOST:PORT/DB"
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"--db", "mysql://x"}, `esahayak: bench: --db "mysql://x": use ` + forms + "\n"},
		{[]string{"ESAHAYAK_BENCH_DB=mysql://x"}, nil, `esahayak: bench: --db (from ESAHAYAK_BENCH_DB) "mysql://x": use ` + forms + "\n"},
		{nil, []string{"--db="}, `esahayak: --db "" is empty: give it a value, ` + forms + ", or leave the flag out for its default, sqlite\nrun 'esahayak bench -h' for the flags\n"},
	} {
		dir := t.TempDir()
		args := append([]string{"bench", "--scenario", "single", "--events", "1"}, c.args...)
		stdout, stderr, code := runBinary(t, dir, append(c.env, "TMPDIR="+dir), "", args...)
		if code != 2 || stderr != c.want || stdout != "" {
			t.Errorf("esahayak %q with %q: exit %d, stdout %q, stderr:\n%s\nwant 2 and:\n%s", args, c.env, code, stdout, stderr, c.want)
		}
	}
}
