package testenv

import (
	"os"
	"strings"
	"testing"
)

// ReadmeSection returns the text of the README section headed
// "## heading" (up to the next "## "), from the README.md at path. The
// tests that hold the README's tour to the product (the API's curl
// commands, the example receiver's log line) each read the section with a
// copy of this; a heading renamed now fails them both the same way.
func ReadmeSection(t testing.TB, path, heading string) string {
	t.Helper()
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## "+heading+"\n")
	if !ok {
		t.Fatalf("%s has no %q section", path, "## "+heading)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return section
}
