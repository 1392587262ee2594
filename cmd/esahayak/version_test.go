package main

import (
	"runtime/debug"
	"testing"
)

// TestWithCommit: the version names the commit a binary was built from,
// and whether its tree had changes: every build between releases says
// 0.1.0-dev, so the version alone could not tell an operator whether a
// binary has a given fix.
func TestWithCommit(t *testing.T) {
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "2b52469c0ffee0000000000000000000000000aa"}
	for _, tc := range []struct {
		name     string
		settings []debug.BuildSetting
		want     string
	}{
		{"no VCS information (go run)", nil, "0.1.0-dev"},
		{"a clean tree", []debug.BuildSetting{rev, {Key: "vcs.modified", Value: "false"}}, "0.1.0-dev+2b52469"},
		{"a tree with changes", []debug.BuildSetting{rev, {Key: "vcs.modified", Value: "true"}}, "0.1.0-dev+2b52469.modified"},
	} {
		if got := withCommit("0.1.0-dev", tc.settings); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
