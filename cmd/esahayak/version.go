package main

import (
	"runtime/debug"
	"strings"
)

// buildVersion is version with the commit the binary was built from, as
// semantic-version build metadata ("0.1.0-dev+7345518", "+….modified"
// when the tree had uncommitted changes). Every build between releases
// says the same version; the commit is what tells an operator whether a
// binary has a given fix (README's "Rolling back" names one). go build
// records it from the checkout; go run and builds outside one do not, and
// then it is version alone.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || strings.Contains(version, "+") {
		return version
	}
	return withCommit(version, info.Settings)
}

func withCommit(v string, settings []debug.BuildSetting) string {
	var revision string
	modified := false
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision == "" {
		return v
	}
	if len(revision) > 7 {
		revision = revision[:7]
	}
	v += "+" + revision
	if modified {
		v += ".modified"
	}
	return v
}
