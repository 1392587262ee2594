package main_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFirstStartSaysWhereMoreKeysComeFrom: the first start's printout said
// "Keep the key: it is stored hashed and shown only now. Make more with
// 'esahayak accounts create NAME'", but that command makes another account,
// whose key sees none of the development account's orders and endpoints; a
// user who lost the key, or wanted a second one, was sent to an empty
// account. The printout now says that more keys for this account come from
// the dashboard's Settings → API Access, and that accounts create makes
// another account. Followed as printed (sign in with the printed user, make
// a key there), the new key sees the order made with the printed one.
func TestFirstStartSaysWhereMoreKeysComeFrom(t *testing.T) {
	p := startServe(t, "--db", "sqlite:"+filepath.Join(t.TempDir(), "e.db"))
	out := p.output()
	field := func(name string) string {
		m := regexp.MustCompile(`(?m)^\s+` + name + `:\s+(\S+)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no %s in the first start's printout:\n%s", name, out)
		}
		return m[1]
	}
	key, email, password := field("api_key"), field("email"), field("password")
	if strings.Contains(out, "Make more with 'esahayak accounts create") {
		t.Errorf("the printout sends a user who wants more keys to accounts create, which makes another account:\n%s", out)
	}
	if !strings.Contains(out, "Settings → API Access") || !strings.Contains(out, "another account") {
		t.Errorf("the printout does not say where more keys for this account come from (Settings → API Access) and what accounts create makes (another account):\n%s", out)
	}

	var order struct{ ID string }
	if err := json.Unmarshal(mustCall(t, p.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false), 201), &order); err != nil {
		t.Fatal(err)
	}

	// Settings → API Access, signed in as the printed user: Create API key.
	d := signInDashboard(t, p.base, email, password)
	_, page, err := d.do("GET", "/dashboard/settings/api-access", nil, nil)
	once := regexp.MustCompile(`name="once" value="([^"]+)"`).FindStringSubmatch(page)
	if err != nil || once == nil {
		t.Fatalf("Settings → API Access: %v %.300s", err, page)
	}
	st, page, err := d.do("POST", "/dashboard/settings/api-keys", url.Values{"csrf": {d.csrf}, "once": {once[1]}, "name": {"second"}}, nil)
	newKey := regexp.MustCompile(`esk_[A-Za-z0-9_-]{20,}`).FindString(page)
	if err != nil || newKey == "" || newKey == key {
		t.Fatalf("Create API key: %d %v, no new key on the page: %.500s", st, err, page)
	}
	if b := mustCall(t, p.base, "GET", "/v1/orders", newKey, "", 200); !strings.Contains(string(b), order.ID) {
		t.Errorf("the key made under Settings → API Access does not see the order %s made with the printed key: %s", order.ID, b)
	}
}
