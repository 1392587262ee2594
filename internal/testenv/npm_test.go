package testenv

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeRegistry serves one package, esahayak-fake 1.0.0, as the npm
// registry does (its packument and its tarball), on loopback.
func fakeRegistry(t *testing.T) (srv *httptest.Server, integrity string) {
	t.Helper()
	var tgz bytes.Buffer
	zw := gzip.NewWriter(&tgz)
	tw := tar.NewWriter(zw)
	pkg := []byte(`{"name":"esahayak-fake","version":"1.0.0","main":"index.js"}`)
	index := []byte("module.exports = 42;\n")
	for _, f := range []struct {
		name string
		body []byte
	}{{"package/package.json", pkg}, {"package/index.js", index}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.body)), ModTime: time.Unix(499162500, 0)}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	sum := sha512.Sum512(tgz.Bytes())
	integrity = "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/esahayak-fake":
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{
				"name":      "esahayak-fake",
				"dist-tags": map[string]string{"latest": "1.0.0"},
				"versions": map[string]any{"1.0.0": map[string]any{
					"name": "esahayak-fake", "version": "1.0.0",
					"dist": map[string]string{"tarball": "http://" + r.Host + "/esahayak-fake/-/esahayak-fake-1.0.0.tgz", "integrity": integrity},
				}},
			})
		case "/esahayak-fake/-/esahayak-fake-1.0.0.tgz":
			w.Header().Set("Content-Type", "application/octet-stream")
			_, _ = w.Write(tgz.Bytes())
		case "/-/ping":
			_, _ = w.Write([]byte("{}"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, integrity
}

// npmProject writes a package.json and package-lock.json pinning
// esahayak-fake, with no "resolved" URL (as the repository's are): npm
// asks the registry for the package, as it does for the interop tests'.
func npmProject(t *testing.T, integrity string) string {
	t.Helper()
	dir := t.TempDir()
	pkg := `{"name":"npm-test","private":true,"dependencies":{"esahayak-fake":"1.0.0"}}`
	lock := `{"name":"npm-test","lockfileVersion":3,"requires":true,"packages":{` +
		`"":{"name":"npm-test","dependencies":{"esahayak-fake":"1.0.0"}},` +
		`"node_modules/esahayak-fake":{"version":"1.0.0","integrity":"` + integrity + `"}}}`
	for name, body := range map[string]string{"package.json": pkg, "package-lock.json": lock} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// npmEnv points npm at registry, with a cache of its own.
func npmEnv(t *testing.T, registry, cache string) {
	t.Setenv("npm_config_registry", registry)
	t.Setenv("npm_config_cache", cache)
	t.Setenv("npm_config_noproxy", "127.0.0.1")
	t.Setenv("npm_config_update_notifier", "false")
}

// TestNodeModules: the interop tests install their Node.js packages with
// NodeModules. A registry that answers installs them; a machine that
// cannot reach the registry installs them from npm's cache when it holds
// them, and otherwise gets, within seconds, an error that names the
// registry and says it cannot be reached, not npm killed after five
// minutes or a minute of npm's retries.
func TestNodeModules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs npm; skipped with -short")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Fatalf("npm is required but was not found in PATH (%v); install Node.js with npm (scripts/test.sh does), or run with -short to skip", err)
	}
	reg, integrity := fakeRegistry(t)
	cache := t.TempDir()
	npmEnv(t, reg.URL+"/", cache)

	dir := npmProject(t, integrity)
	if err := NodeModules(dir, "esahayak-fake"); err != nil {
		t.Fatalf("with the registry answering: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "esahayak-fake", "index.js")); err != nil {
		t.Fatalf("with the registry answering, the package is not installed: %v", err)
	}

	// The registry gone (its port refuses), the packages in npm's cache.
	reg.Close()
	t.Run("cached", func(t *testing.T) {
		dir := npmProject(t, integrity)
		start := time.Now()
		if err := NodeModules(dir, "esahayak-fake"); err != nil {
			t.Fatalf("with the packages in npm's cache and no registry: %v", err)
		}
		if took := time.Since(start); took > 30*time.Second {
			t.Errorf("installing from npm's cache with no registry took %v, want well under 30 s", took.Round(time.Second))
		}
	})

	unreachable := func(t *testing.T, registry string) {
		npmEnv(t, registry, t.TempDir()) // an empty cache
		dir := npmProject(t, integrity)
		start := time.Now()
		err := NodeModules(dir, "esahayak-fake")
		took := time.Since(start)
		if err == nil {
			t.Fatal("no registry and an empty cache, and no error")
		}
		msg := err.Error()
		t.Logf("after %v: %s", took.Round(time.Second), msg)
		for _, want := range []string{"npm registry " + registry + " cannot be reached", "esahayak-fake", dir} {
			if !strings.Contains(msg, want) {
				t.Errorf("error does not say %q:\n%s", want, msg)
			}
		}
		if took > 90*time.Second {
			t.Errorf("the error came after %v, want it within 90 s", took.Round(time.Second))
		}
		// A second test of the same run is told at once.
		start = time.Now()
		if err2 := NodeModules(dir, "esahayak-fake"); err2 == nil || err2.Error() != msg {
			t.Errorf("second call: %v, want the first one's error again", err2)
		} else if took := time.Since(start); took > 5*time.Second {
			t.Errorf("the second call took %v, want the first one's answer at once", took.Round(time.Second))
		}
	}
	t.Run("refused", func(t *testing.T) {
		unreachable(t, reg.URL+"/") // closed above: connections are refused
	})
	t.Run("silent", func(t *testing.T) {
		// A registry that takes connections and never answers, as a
		// firewall that drops packets looks to npm once connected.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var conns []net.Conn
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				mu.Lock()
				conns = append(conns, c)
				mu.Unlock()
			}
		}()
		t.Cleanup(func() {
			_ = ln.Close()
			mu.Lock()
			defer mu.Unlock()
			for _, c := range conns {
				_ = c.Close()
			}
		})
		unreachable(t, "http://"+ln.Addr().String()+"/")
	})
}
