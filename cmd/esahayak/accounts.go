package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

const accountsUsage = "esahayak accounts create NAME [--db DB]\n       esahayak accounts list [--db DB]"

func runAccounts(ctx context.Context, args []string) error {
	if isHelp(args) {
		// Each subcommand's own help, flags and variables included: the
		// top-level help sends people here for "a command's flags".
		_ = runAccounts(ctx, []string{"create", "--help"})
		fmt.Println()
		_ = listAccounts(ctx, []string{"--help"})
		return nil
	}
	if len(args) > 0 && args[0] == "list" {
		return listAccounts(ctx, args[1:])
	}
	if len(args) == 0 {
		return usageError{msg: "usage: " + accountsUsage}
	}
	if args[0] != "create" {
		return unknownSubcommand("accounts", args[0], []string{"create", "list"}, accountsUsage)
	}
	f := newFlags("accounts create", "accounts create NAME [--db DB]")
	db := f.str("db", defaultDB, "database: sqlite:PATH or postgres://…")
	// The name before, after or among the flags.
	words, err := f.parseWords(args[1:])
	if err != nil {
		return err
	}
	var name string
	if len(words) > 0 {
		name = words[0]
	}
	if len(words) > 1 {
		return usageError{msg: fmt.Sprintf("accounts create takes one NAME (got %q too; quote a name with spaces); usage: esahayak accounts create NAME [--db DB]", words[1])}
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 200 {
		return usageError{msg: "usage: esahayak accounts create NAME [--db DB] (NAME: 1-200 characters)"}
	}
	// The name is shown on every dashboard page: text, the same on
	// either store (PostgreSQL refuses invalid UTF-8, SQLite kept it).
	if !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return usageError{msg: "accounts create: NAME must be UTF-8 text without control characters (tabs, newlines)"}
	}
	if err := checkVisibleName(name); err != nil {
		return err
	}
	created := existingDatabase(*db) != nil
	st, err := openStore(ctx, *db, sqlite.Options{}, stderrLog())
	if err != nil {
		return err
	}
	defer st.Close()
	acct, key, err := api.CreateAccount(ctx, st, name, time.Now().UTC())
	if err != nil {
		return err
	}
	if created {
		// Setting up before the first start is fine; a typo in --db, or
		// the wrong directory, gives a key the server does not know.
		abs, _ := filepath.Abs(sqlitePath(*db))
		fmt.Fprintf(os.Stderr, "esahayak: created a new database at %s; run serve with this %s for the key to work\n", abs, dbName())
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]string{"account_id": acct.ID, "api_key": key})
}

// listAccounts prints every account as one JSON object a line, oldest
// first: the ids that `users create --account` and the operator need.
func listAccounts(ctx context.Context, args []string) error {
	f := newFlags("accounts list", "accounts list [--db DB]")
	db := f.str("db", defaultDB, "database: sqlite:PATH or postgres://…")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		return usageError{msg: fmt.Sprintf("accounts list takes no arguments (got %q); usage: esahayak accounts list [--db DB]", f.Arg(0))}
	}
	if err := existingDatabase(*db); err != nil {
		return err
	}
	st, err := openStore(ctx, *db, sqlite.Options{}, stderrLog())
	if err != nil {
		return err
	}
	defer st.Close()
	accounts, err := st.ListAccounts(ctx)
	if err != nil {
		return fmt.Errorf("list accounts: %w", err)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, a := range accounts {
		// In the README's order, and with the API's time format.
		line := struct {
			AccountID string `json:"account_id"`
			Name      string `json:"name"`
			CreatedAt string `json:"created_at"`
		}{a.ID, a.Name, order.FormatTime(a.CreatedAt)}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}

// checkVisibleName refuses an account name that would not read as typed
// on the dashboard: a character that is not drawn or is drawn as nothing,
// as internal/api refuses them in endpoint URLs (api.InvisibleAt: Unicode
// Cf such as the bidi control U+202E, which turns the rest of the line
// around, and zero-width characters, but not the joiners of an emoji such
// as 👩‍💻; blanks such as U+00A0), or nothing visible at all.
func checkVisibleName(name string) error {
	for i := 0; i < len(name); {
		r, size, hidden := api.InvisibleAt(name, i)
		if hidden {
			return usageError{msg: fmt.Sprintf("accounts create: NAME must not contain invisible or direction-changing characters (U+%04X); type the name as it should be shown", r)}
		}
		i += size
	}
	if strings.IndexFunc(name, isVisible) < 0 {
		return usageError{msg: "accounts create: NAME has no visible character; give a name people can read"}
	}
	return nil
}

// isVisible reports a character that shows as something of its own: not
// a space, not one of the letters that render as nothing (the Hangul
// fillers), and not a mark (U+0301), which is drawn on the character
// before it: a name of marks alone sits on whatever precedes it.
func isVisible(r rune) bool {
	return unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) &&
		!unicode.IsMark(r)
}
