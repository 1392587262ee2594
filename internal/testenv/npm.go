package testenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// npmTimeout bounds npm ci, as the interop tests always have.
const npmTimeout = 5 * time.Minute

var (
	npmMu     sync.Mutex
	npmFailed = map[string]error{} // by absolute dir: what the first try in this run said
)

// NodeModules makes sure dir/node_modules holds pkgs, the packages dir's
// package-lock.json pins, running npm ci in dir when one is missing. The
// Node.js interop tests call it; it returns why the packages cannot be
// had, for them to fail or skip with.
//
// Installed once, they stay: no npm and no network are needed again. To
// install them, npm's cache is tried first, with no network (npm ci
// --offline: the lockfile's integrity hashes still hold). Failing that,
// npm needs its registry: npm ping asks it once, without retries, and if
// it cannot be reached (refused, no answer in 20 s, a name that does not
// resolve) the error says so, naming the registry, at once. Otherwise npm
// ci runs as it always did: a registry that answers installs the same
// packages as before. A failure is not tried again in the same run (the
// next test of the package gets the same error at once: npm's retries can
// take minutes).
func NodeModules(dir string, pkgs ...string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	npmMu.Lock()
	defer npmMu.Unlock()
	if nodeModulesHold(abs, pkgs) {
		return nil
	}
	if err, ok := npmFailed[abs]; ok {
		return err
	}
	err = installNodeModules(abs, pkgs)
	if err != nil {
		npmFailed[abs] = err
	}
	return err
}

func nodeModulesHold(dir string, pkgs []string) bool {
	for _, pkg := range pkgs {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg, "package.json")); err != nil {
			return false
		}
	}
	return true
}

func installNodeModules(abs string, pkgs []string) error {
	what := fmt.Sprintf("%s (for %s)", strings.Join(pkgs, ", "), filepath.Join(abs, "node_modules"))
	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("npm is required to install %s but was not found in PATH (%v); install Node.js with npm (scripts/test.sh does)", what, err)
	}
	run := func(timeout time.Duration, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, args...)
		cmd.Dir = abs
		out, err := cmd.CombinedOutput()
		if ctx.Err() != nil {
			err = fmt.Errorf("did not finish within %v and was stopped", timeout)
		}
		return strings.TrimSpace(string(out)), err
	}
	ci := []string{"ci", "--no-audit", "--no-fund", "--loglevel=error"}

	// npm's cache, no network.
	if _, err := run(2*time.Minute, append(ci, "--offline")...); err == nil && nodeModulesHold(abs, pkgs) {
		return nil
	}

	// Is the registry there? One request, no retries.
	if out, err := run(time.Minute, "ping", "--fetch-retries=0", "--fetch-timeout=20000"); err != nil {
		if cause, ok := npmNetworkError(out, err); ok {
			registry, _ := run(30*time.Second, "config", "get", "registry")
			if registry == "" {
				registry = "(npm config get registry)"
			}
			return fmt.Errorf("the npm registry %s cannot be reached (npm ping: %s), and npm's cache does not hold %s: "+
				"let npm reach a registry (its registry, proxy and https-proxy settings, or npm_config_registry), "+
				"or run npm ci in %s once where it can", registry, cause, what, abs)
		}
	}

	out, err := run(npmTimeout, ci...)
	if err == nil && !nodeModulesHold(abs, pkgs) {
		err = errors.New("it succeeded, but node_modules does not hold them")
	}
	if err != nil {
		return fmt.Errorf("npm ci in %s could not install %s: %v\n%s", abs, strings.Join(pkgs, ", "), err, out)
	}
	return nil
}

// npmErrorCode is npm's "npm error code X" line.
var npmErrorCode = regexp.MustCompile(`(?m)^npm (?:error|ERR!) code (\S+)`)

// npmNetworkError says whether npm failed to reach its registry at all (as
// against a registry that answered with an error), and how: the error
// code npm printed, and its line saying what it tried.
func npmNetworkError(out string, err error) (string, bool) {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return err.Error(), true // did not finish: no answer
	}
	code := ""
	if m := npmErrorCode.FindStringSubmatch(out); m != nil {
		code = m[1]
	}
	var detail string
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, "request to "); i >= 0 {
			detail = line[i:]
			break
		}
		if i := strings.Index(line, "network timeout"); i >= 0 {
			detail = line[i:]
			break
		}
	}
	switch code {
	case "ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ESOCKETTIMEDOUT",
		"EHOSTUNREACH", "ENETUNREACH", "ENETDOWN", "EPIPE", "ERR_SOCKET_TIMEOUT", "FETCH_ERROR":
	default:
		if detail == "" || !strings.Contains(detail, "network timeout") {
			return "", false
		}
	}
	if detail == "" {
		return code, true
	}
	return code + ": " + detail, true
}
