package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

func TestUsersCreate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "u.db")
	db := "sqlite:" + path
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	acct, _, err := api.CreateAccount(ctx, st, "Acme", time.Now().UTC())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	err = usersCreate(ctx, []string{"--account", acct.ID, "--email", "Ops@Acme.example", "--db", db}, strings.NewReader("a long passphrase\r\nignored\n"), &out)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got) != 3 {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	if !strings.HasPrefix(got["user_id"], "user_") || got["account_id"] != acct.ID || got["email"] != "ops@acme.example" {
		t.Fatalf("output = %v", got)
	}
	// In the order docs/dashboard.md shows, as accounts create and list
	// print theirs (a map printed its keys sorted: account_id first).
	if !regexp.MustCompile(`^\{"user_id":"user_[^"]+","account_id":"acct_[^"]+","email":"[^"]+"\}\n$`).Match(out.Bytes()) {
		t.Errorf("output %s; want user_id, account_id, email", out.Bytes())
	}
	st, _ = sqlite.Open(ctx, path, sqlite.Options{})
	u, err := st.UserByEmail(ctx, "ops@acme.example")
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := dashboard.CheckPassword(u.PasswordHash, "a long passphrase"); !ok || strings.Contains(u.PasswordHash, "passphrase") {
		t.Fatalf("stored hash %q does not check the password (the line's \\r\\n must be dropped)", u.PasswordHash)
	}

	cases := []struct {
		name, stdin, want string
		args              []string
		usage             bool
	}{
		{"short password", "too short\n", "at least 10 characters", []string{"--account", acct.ID, "--email", "b@acme.example", "--db", db}, true},
		{"no password", "", "no password on stdin", []string{"--account", acct.ID, "--email", "b@acme.example", "--db", db}, true},
		{"bad email", "a long passphrase\n", "not an email address", []string{"--account", acct.ID, "--email", "nope", "--db", db}, true},
		{"missing flags", "a long passphrase\n", "needs --account and --email", []string{"--db", db}, true},
		// The one missing is named, not both.
		{"missing email", "a long passphrase\n", "users create needs --email, the address the user signs in with; usage:", []string{"--account", acct.ID, "--db", db}, true},
		{"empty email", "a long passphrase\n", `--email "" is empty: give it a value, or leave the flag out`, []string{"--account", acct.ID, "--email", "", "--db", db}, true},
		{"missing account", "a long passphrase\n", "users create needs --account, the account the user belongs to", []string{"--email", "b@acme.example", "--db", db}, true},
		{"unknown account", "a long passphrase\n", "no account", []string{"--account", "acct_01m8mqdwrza3ppmdfzpecc7hc3", "--email", "b@acme.example", "--db", db}, true},
		{"taken email", "a long passphrase\n", "already exists", []string{"--account", acct.ID, "--email", "OPS@acme.example", "--db", db}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := usersCreate(ctx, c.args, strings.NewReader(c.stdin), &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			var ue usageError
			if errors.As(err, &ue) != c.usage {
				t.Fatalf("usage error = %v, want %v (%v)", !c.usage, c.usage, err)
			}
		})
	}
	if err := runUsers(ctx, []string{"delete"}); err == nil || !strings.Contains(err.Error(), "users create") {
		t.Fatalf("users delete: %v", err)
	}
}

func TestFirstStartUser(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "f.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acct, _, err := api.CreateAccount(ctx, st, "Development", time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	dev, pw, uerr := newDevUser()
	lines := devUserLines(pw, uerr)
	if err := storeDevUser(ctx, st, acct.ID, dev, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	var password string
	for _, l := range strings.Split(lines, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "password:"); ok {
			password = strings.TrimSpace(v)
		}
	}
	if !strings.Contains(lines, "dev@localhost") || len(password) < 20 || strings.HasSuffix(lines, "\n") {
		t.Fatalf("banner lines = %q", lines)
	}
	u, err := st.UserByEmail(ctx, "dev@localhost")
	if err != nil || u.AccountID != acct.ID {
		t.Fatalf("user = %+v, %v", u, err)
	}
	if ok, _ := dashboard.CheckPassword(u.PasswordHash, password); !ok {
		t.Fatal("the printed password does not sign in")
	}
	// A second one (impossible on a real first start) is refused.
	if err := storeDevUser(ctx, st, acct.ID, dev, time.Now().UTC()); err == nil {
		t.Fatal("a second dev@localhost user was stored")
	}
	if lines := devUserLines("", errors.New("no randomness")); !strings.Contains(lines, "no user was created (no randomness)") {
		t.Fatalf("lines for a user that could not be made = %q", lines)
	}
}

// TestAccountsCreateOneName: a second word is refused, not dropped (an
// unquoted name with a space would otherwise lose its second half).
func TestAccountsCreateOneName(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "a.db")
	for _, args := range [][]string{{"create", "Acme", "Stamps", "--db", db}, {"create", "--db", db, "Acme", "Stamps"}} {
		err := runAccounts(context.Background(), args)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), `"Stamps"`) {
			t.Errorf("accounts %v: err = %v, want a usage error naming the extra word", args, err)
		}
	}
}

// TestUsersAloneNamesWhatIsMissing: `esahayak users` alone answered
// "usage: esahayak users create …" and nothing else, where `accounts`
// alone says it needs a subcommand; a new user could not tell whether
// the command was wrong or only its arguments.
func TestUsersAloneNamesWhatIsMissing(t *testing.T) {
	err := runUsers(context.Background(), nil)
	var usage usageError
	if !errors.As(err, &usage) {
		t.Fatalf("users alone: %v; want a usage error (exit status 2)", err)
	}
	if want := "users needs a subcommand, create; usage: esahayak " + usersUsage; usage.msg != want {
		t.Errorf("users alone: %q, want %q", usage.msg, want)
	}
}
