package main_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestListenRefusesFullWidthHost: a host typed with an input method's
// full-width letters or digits ("ｌｏｃａｌｈｏｓｔ", "１２７.０.０.１")
// was taken, sent to the server as the session's forward_to and shown
// back, and in every failed line, percent-encoded
// (http://%EF%BD%8C%EF%BD%8F…). It is refused as the flag is read, named,
// with the URL in ASCII to type instead; nothing is looked up or dialled
// (the API base is a port nobody listens on). A full-width character in
// the path is the handler's and left alone.
func TestListenRefusesFullWidthHost(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{"http://ｌｏｃａｌｈｏｓｔ:8080/", "--forward-to http://localhost:8080/"},
		{"ｌｏｃａｌｈｏｓｔ:3000/webhooks", "--forward-to localhost:3000/webhooks"},
		{"http://１２７.０.０.１:3000/x", "--forward-to http://127.0.0.1:3000/x"},
		{"http://127。0。0。1:3000/x", "--forward-to http://127.0.0.1:3000/x"},
		{"http://localhost：３０００/x", "--forward-to http://localhost:3000/x"},
		{"localhost:３０００/x", "--forward-to localhost:3000/x"},
		{"ｈｔｔｐ://localhost:3000/ｘ", "--forward-to http://localhost:3000/ｘ"},
	} {
		cmd := exec.Command(binary, "listen", "--forward-to", c.value, "--api-base", "http://127.0.0.1:1")
		cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY=esk_x")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || len(lines) != 1 || !strings.Contains(lines[0], "full-width") || !strings.Contains(lines[0], c.want) {
			t.Errorf("listen --forward-to %s: %v\n%s\nwant exit status 2 and one line naming the full-width characters and %q", c.value, err, out, c.want)
		}
	}
	// Neither is a password's full-width character shown, nor taken for
	// the host's.
	cmd := exec.Command(binary, "listen", "--forward-to", "http://u:ｐｗsecret@ｌｏｃａｌｈｏｓｔ:3000/x", "--api-base", "http://127.0.0.1:1")
	cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY=esk_x")
	if out, _ := cmd.CombinedOutput(); strings.Contains(string(out), "secret") || !strings.Contains(string(out), "--forward-to http://localhost:3000/x") {
		t.Errorf("a full-width host after a password: %s", out)
	}
}

// TestAPIBaseRefusesFullWidthHost: trigger and listen took an --api-base
// whose host was typed in full-width characters ("ｌｏｃａｌｈｏｓｔ") and
// dialled it, quoting it percent-encoded when the server was not there.
// Both refuse it as the flag is read, as --forward-to is refused: exit
// status 2, one line naming the character and its position, and the
// ASCII URL to type; from ESAHAYAK_API_BASE, named so. Each host maps to
// loopback in Go's client (run against a binary without the refusal,
// nothing else is dialled or looked up) and the port is one nobody
// listens on; the hosts that do not map are apiBaseMistake's test.
func TestAPIBaseRefusesFullWidthHost(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  []string
		want string
	}{
		{[]string{"trigger", "order.cancelled", "--api-base", "http://ｌｏｃａｌｈｏｓｔ:1"}, nil,
			`esahayak: --api-base "http://ｌｏｃａｌｈｏｓｔ:1": its scheme, host or port holds "ｌ" (U+FF4C), a non-ASCII character, at character 8 (full-width, from an input method?); type it in ASCII: --api-base http://localhost:1`},
		{[]string{"trigger", "order.cancelled", "--api-base=http://１２７.０.０.１:1/v1"}, nil, `at character 8 (full-width, from an input method?); type it in ASCII: --api-base http://127.0.0.1:1/v1`},
		{[]string{"listen", "--forward-to", "http://localhost:3000/x", "--api-base", "http://127。0。0。1:1"}, nil, `holds "。" (U+3002), a non-ASCII character, at character 11 (full-width, from an input method?); type it in ASCII: --api-base http://127.0.0.1:1`},
		{[]string{"listen", "--forward-to", "http://localhost:3000/x"}, []string{"ESAHAYAK_API_BASE=http://ｌｏｃａｌｈｏｓｔ:1"}, `--api-base (from ESAHAYAK_API_BASE) "http://ｌｏｃａｌｈｏｓｔ:1": its scheme, host or port holds "ｌ"`},
	} {
		stdout, stderr, code := runBinary(t, t.TempDir(), append([]string{"ESAHAYAK_API_KEY=esk_x"}, c.env...), "", c.args...)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("esahayak %q: exit %d, want 2 and one line on stderr holding %q\nstdout: %s\nstderr: %s", c.args, code, c.want, stdout, stderr)
		}
	}
}
