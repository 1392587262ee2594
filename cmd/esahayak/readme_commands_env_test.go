package main_test

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestReadmeNamesEveryCommandsVariables: the README's Configuration table
// is serve's (TestReadmeConfigurationMatchesServe); the paragraph above it
// names the variables the other commands read, command by command. Each
// variable a command's -h shows is named there for that command, and none
// it does not read, so a flag added to listen or users create is not
// left out of it.
func TestReadmeNamesEveryCommandsVariables(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, para, ok := strings.Cut(string(b), "The other commands read\ntheir flags the same way")
	if !ok {
		t.Fatal("README.md: no paragraph on the variables of the other commands (\"The other commands read their flags the same way\")")
	}
	para, _, _ = strings.Cut(para, "; `bench` prefixes")
	// "`listen` reads `A`, `B` …; `trigger` `C` …; `accounts` and `users` `D`, and `users create` `E` and `F`"
	said := map[string][]string{}
	var cmds []string
	for _, tok := range regexp.MustCompile("`([^`]+)`|;|, and").FindAllStringSubmatch(para, -1) {
		switch name := tok[1]; {
		case tok[0] == ";" || tok[0] == ", and":
			cmds = nil
		case strings.HasPrefix(name, "ESAHAYAK_"):
			for _, c := range cmds {
				said[c] = append(said[c], name)
			}
		case !strings.HasPrefix(name, "esahayak "):
			cmds = append(cmds, name)
		}
	}
	// accounts and users are read for both their subcommands: what
	// `accounts` and `users` read, `users create` reads as well.
	said["users create"] = append(said["users create"], said["users"]...)
	for _, c := range []struct{ name, help string }{
		{"listen", "listen"}, {"trigger", "trigger"}, {"accounts", "accounts"}, {"users create", "users create"},
	} {
		out, err := exec.Command(binary, append(strings.Fields(c.help), "-h")...).Output()
		if err != nil {
			t.Fatalf("%s -h: %v", c.help, err)
		}
		var shown []string
		for _, m := range regexp.MustCompile(`(?m)^  --[a-z-]+  \[([A-Z_]+)\]$`).FindAllStringSubmatch(string(out), -1) {
			if !slices.Contains(shown, m[1]) {
				shown = append(shown, m[1])
			}
		}
		if len(shown) == 0 {
			t.Fatalf("%s -h shows no variables:\n%s", c.help, out)
		}
		slices.Sort(shown)
		readme := slices.Clone(said[c.name])
		slices.Sort(readme)
		if !slices.Equal(shown, readme) {
			t.Errorf("%s: -h shows the variables %v, the README's Configuration names %v for it", c.name, shown, readme)
		}
	}
}
