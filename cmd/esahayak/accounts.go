package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// accountsUsage is the usage that accounts' refusals end with: on the
// refusal's line, as the other commands put theirs (a second line, with
// this on two, read as a second message).
const accountsUsage = "esahayak accounts create NAME [--db DB] or esahayak accounts list [--db DB]"

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
		return usageError{msg: "accounts needs a subcommand, create or list; usage: " + accountsUsage}
	}
	if args[0] != "create" {
		return unknownSubcommand("accounts", args[0], []string{"create", "list"}, accountsUsage)
	}
	f := newFlags("accounts create", "accounts create NAME [--db DB]")
	f.refuseRepeats = true
	f.notFlags = map[string]string{"name": "the NAME is a word, not a flag: esahayak accounts create NAME [--db DB]"}
	db := f.dbFlag("db", defaultDB, "database: sqlite:PATH or postgres://…")
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
	if len(words) == 0 {
		return usageError{msg: "accounts create needs a NAME; usage: esahayak accounts create NAME [--db DB]"}
	}
	if name == "help" {
		// Asked for help as `serve help` is, it made an account named
		// help, printed its new key and created the database if none was
		// there.
		return usageError{msg: "accounts create: \"help\" would be the new account's NAME, and no account was made; for its flags, run 'esahayak accounts create -h' (to name an account so, write it in another case: Help)"}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return usageError{msg: "accounts create: NAME is empty or only spaces; give a name people can read (1-200 characters)"}
	}
	if n := utf8.RuneCountInString(name); n > 200 {
		return usageError{msg: fmt.Sprintf("accounts create: NAME is %d characters long; use 1-200 characters", n)}
	}
	// The name is shown on every dashboard page: text, the same on
	// either store (PostgreSQL refuses invalid UTF-8, SQLite kept it).
	if !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return usageError{msg: "accounts create: NAME must be UTF-8 text without control characters (tabs, newlines)"}
	}
	if err := checkVisibleName(name); err != nil {
		return err
	}
	if stdoutClosedAtStart() {
		// Before anything is made: the key is shown only on that output,
		// and an account made for it would be left keyless.
		return errors.New("accounts create: its standard output is closed, so the new API key (shown only once) could not be shown: no account created; run it with its output open, e.g. esahayak accounts create NAME > acme-key.json")
	}
	created := existingDatabase(*db) != nil
	st, err := openStore(ctx, *db, sqlite.Options{}, stderrLog())
	if err != nil && ctx.Err() != nil {
		return errNoAccountCreated // not "open PostgreSQL: migrate postgres: context canceled"
	}
	if err != nil {
		return err
	}
	defer st.Close()
	// A reader of the output that went away (`accounts create … | true`)
	// ended the command by SIGPIPE at its one line, after the account and
	// its key were saved: a key that works and that nobody ever saw.
	// Asked for, SIGPIPE becomes an EPIPE from the write instead, which
	// keyNotShown answers.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	acct, key, err := api.CreateAccount(ctx, st, name, time.Now().UTC())
	if err != nil {
		return accountNotCreated(ctx, st, acct, err)
	}
	if created {
		// Setting up before the first start is fine; a typo in --db, or
		// the wrong directory, gives a key the server does not know.
		abs, _ := filepath.Abs(sqlitePath(*db))
		fmt.Fprintf(os.Stderr, "esahayak: created a new database at %s; run serve with this %s for the key to work\n", abs, dbName())
	}
	if err := json.NewEncoder(os.Stdout).Encode(map[string]string{"account_id": acct.ID, "api_key": key}); err != nil {
		return keyNotShown(ctx, st, acct, err)
	}
	return nil
}

// errNoAccountCreated ends accounts create stopped by Ctrl-C or SIGTERM
// before it made the account (as errNoUserCreated ends users create):
// waiting for a PostgreSQL that did not answer, or for another instance's
// migration, it said "open PostgreSQL: migrate postgres: context
// canceled", which reads as a failed migration.
var errNoAccountCreated = errors.New("interrupted: no account created")

// accountNotCreated answers api.CreateAccount's err. The account and its
// key are two writes: one that failed, or was stopped, after the first
// leaves the account without a key, which a bare "context canceled" did
// not mention, so the next try made a second account of that name. It
// names the account and how to get a key to it; when none was made, an
// interrupted command says so.
func accountNotCreated(ctx context.Context, st store.Store, acct store.Account, err error) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, gerr := st.GetAccount(rctx, acct.ID); gerr == nil {
		why := err.Error()
		if ctx.Err() != nil {
			why = "interrupted"
		}
		return fmt.Errorf("accounts create: account %s (%q) was created, but not its API key (%s): for a key to it, give it a dashboard user (esahayak users create --account %s --email EMAIL) and create one under Settings → API Access", acct.ID, acct.Name, why, acct.ID)
	}
	if ctx.Err() != nil {
		return errNoAccountCreated
	}
	return err
}

// keyNotShown answers a new account's line that could not be written
// (its reader gone, stdout closed): the key in it is shown only there, so
// it is revoked rather than left working unseen, and the error says what
// stays (the account, keyless: the store deletes no account) and how to
// get a key to it.
func keyNotShown(ctx context.Context, st store.Store, acct store.Account, werr error) error {
	// Ctrl-C may have been what closed the reader: the revoke still runs.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var revokeErr error
	var prefix string
	keys, err := st.ListAPIKeys(rctx, acct.ID)
	if err != nil {
		revokeErr = fmt.Errorf("list its keys: %w", err)
	}
	for _, k := range keys {
		prefix = k.Prefix
		if k.RevokedAt == nil && revokeErr == nil {
			if err := st.RevokeAPIKey(rctx, acct.ID, k.ID, time.Now().UTC()); err != nil {
				revokeErr = fmt.Errorf("revoke key %s: %w", k.ID, err)
			}
		}
	}
	getKey := fmt.Sprintf("for a key to it, give it a dashboard user (esahayak users create --account %s --email EMAIL) and create one under Settings → API Access", acct.ID)
	if revokeErr != nil {
		return fmt.Errorf("accounts create: its output could not be written (%v): account %s (%q) was created, and its API key %s… was never shown and could not be revoked (%v): revoke it under Settings → API Access; %s", werr, acct.ID, acct.Name, prefix, revokeErr, getKey)
	}
	return fmt.Errorf("accounts create: its output could not be written (%v): account %s (%q) was created, and its API key, never shown, is revoked; %s, or run accounts create again where its output is read", werr, acct.ID, acct.Name, getKey)
}

// listAccounts prints every account as one JSON object a line, oldest
// first: the ids that `users create --account` and the operator need.
func listAccounts(ctx context.Context, args []string) error {
	f := newFlags("accounts list", "accounts list [--db DB]")
	f.refuseRepeats = true
	db := f.dbFlag("db", defaultDB, "database: sqlite:PATH or postgres://…")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		if isHelpWord(f.Arg(0)) {
			return usageError{msg: fmt.Sprintf("accounts list takes no arguments (got %q); for its flags, run 'esahayak accounts list -h'", f.Arg(0))}
		}
		return usageError{msg: fmt.Sprintf("accounts list takes no arguments (got %q); usage: esahayak accounts list [--db DB]", f.Arg(0))}
	}
	if err := existingDatabase(*db); err != nil {
		return err
	}
	st, err := openExistingStore(ctx, *db, stderrLog())
	if err != nil && ctx.Err() != nil {
		return errAccountsListInterrupted
	}
	if err != nil {
		return err
	}
	defer st.Close()
	accounts, err := st.ListAccounts(ctx)
	if err != nil && ctx.Err() != nil {
		return errAccountsListInterrupted
	}
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

// errAccountsListInterrupted ends accounts list stopped by Ctrl-C or
// SIGTERM before it listed anything, in place of "context canceled".
var errAccountsListInterrupted = errors.New("interrupted: no accounts listed")

// checkVisibleName refuses an account name that would not read as typed
// on the dashboard: a character that is not drawn or is drawn as nothing,
// as internal/api refuses them in endpoint URLs (api.InvisibleAt: Unicode
// Cf such as the bidi control U+202E, which turns the rest of the line
// around, and zero-width characters, but not the joiners of an emoji such
// as 👩‍💻; blanks such as U+00A0), or nothing visible at all.
func checkVisibleName(name string) error {
	if r, _, hidden := api.HiddenInName(name); hidden {
		return usageError{msg: fmt.Sprintf("accounts create: NAME must not contain invisible or direction-changing characters (U+%04X); type the name as it should be shown", r)}
	}
	if !api.NameVisible(name) {
		return usageError{msg: "accounts create: NAME has no visible character; give a name people can read"}
	}
	return nil
}
