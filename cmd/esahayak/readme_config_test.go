package main_test

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestReadmeConfigurationMatchesServe: the README's Configuration table
// lists every flag of `esahayak serve` with its variable and default, as
// `serve -h` gives them, and no flag serve does not take; a range the
// table gives a flag ("1 to 10,000") serve -h gives too (it gave none for
// --per-endpoint-concurrency and --max-in-flight, which, unlike the
// per-account limits beside them, take no 0 for "no limit").
// valueRange is a range of numbers as the README's table writes one.
var valueRange = regexp.MustCompile(`\b[0-9][0-9,]* to [0-9][0-9,]*[0-9]\b`)

func TestReadmeConfigurationMatchesServe(t *testing.T) {
	out, err := exec.Command(binary, "serve", "-h").Output()
	if err != nil {
		t.Fatalf("serve -h: %v", err)
	}
	type flagDoc struct{ env, def, usage string }
	help := map[string]flagDoc{}
	// "  --addr  [ESAHAYAK_ADDR]\n        usage (default 127.0.0.1:8080)"
	for _, m := range regexp.MustCompile(`(?m)^  --([a-z-]+)  \[([A-Z_]+)\]\n {8}(.*)$`).FindAllStringSubmatch(string(out), -1) {
		def := ""
		if d := regexp.MustCompile(`\(default ([^)]*)\)$`).FindStringSubmatch(m[3]); d != nil {
			def = d[1]
		}
		help[m[1]] = flagDoc{m[2], def, m[3]}
	}
	if len(help) < 10 {
		t.Fatalf("read only %d flags from serve -h:\n%s", len(help), out)
	}

	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "\n| flag | env | default | meaning |\n|---|---|---|---|\n")
	if !ok {
		t.Fatal("README.md has no Configuration table")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	code := regexp.MustCompile("`([^`]*)`")
	readme := map[string]flagDoc{}
	for _, row := range strings.Split(table, "\n") {
		cells := strings.Split(row, " | ")
		if len(cells) < 4 {
			t.Fatalf("README Configuration row with fewer than four cells: %s", row)
		}
		var names, envs, defs []string
		for _, m := range code.FindAllStringSubmatch(cells[0], -1) {
			names = append(names, strings.TrimPrefix(m[1], "--"))
		}
		for _, m := range code.FindAllStringSubmatch(cells[1], -1) {
			envs = append(envs, m[1])
		}
		if ms := code.FindAllStringSubmatch(cells[2], -1); len(ms) == len(names) {
			for _, m := range ms {
				defs = append(defs, m[1])
			}
		} else {
			defs = []string{cells[2]}
		}
		if len(envs) != len(names) || len(defs) != len(names) {
			t.Errorf("README Configuration row %q: %d flags, %d variables, %d defaults", cells[0], len(names), len(envs), len(defs))
			continue
		}
		for i, name := range names {
			env := envs[i]
			if rest, ok := strings.CutPrefix(env, "…_"); ok && i > 0 {
				// `ESAHAYAK_LOG_LEVEL`, `…_FORMAT`
				env = envs[0][:strings.LastIndex(envs[0], "_")+1] + rest
			}
			readme[name] = flagDoc{env, defs[i], cells[3]}
		}
	}

	// sameDefault: the README writes a default for people ("60s", "(none)",
	// "0 (no limit)"), serve -h as Go prints it ("1m0s", "", "0").
	sameDefault := func(readme, help string) bool {
		readme = strings.TrimSpace(readme)
		if readme == help {
			return true
		}
		if help == "" {
			return strings.HasPrefix(readme, "(") || readme == "false" || strings.Contains(readme, "random")
		}
		if first, _, ok := strings.Cut(readme, " ("); ok && first == help {
			return true
		}
		r, err1 := time.ParseDuration(readme)
		h, err2 := time.ParseDuration(help)
		return err1 == nil && err2 == nil && r == h
	}
	for name, h := range help {
		r, ok := readme[name]
		switch {
		case !ok:
			t.Errorf("serve takes --%s [%s], which the README's Configuration table does not list", name, h.env)
		case r.env != h.env:
			t.Errorf("--%s: the README gives the variable %s, serve -h %s", name, r.env, h.env)
		case !sameDefault(r.def, h.def):
			t.Errorf("--%s: the README gives the default %q, serve -h %q", name, r.def, h.def)
		}
		if rg := valueRange.FindString(r.usage); ok && rg != "" && !strings.Contains(h.usage, strings.ReplaceAll(rg, ",", "")) {
			t.Errorf("--%s: the README gives the range %q, serve -h does not: %s", name, rg, h.usage)
		}
	}
	for name := range readme {
		if _, ok := help[name]; !ok {
			t.Errorf("the README's Configuration table lists --%s, which serve does not take", name)
		}
	}
}
