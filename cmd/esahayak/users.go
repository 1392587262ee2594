package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/store"
	"golang.org/x/term"
)

const usersUsage = "users create --account ACCOUNT_ID --email EMAIL [--db DB]   (the password is read from stdin, one line)"

// runUsers manages dashboard users: `users create` makes one, reading its
// password from stdin so that it never appears in the process list or the
// shell history.
func runUsers(ctx context.Context, args []string) error {
	if isHelp(args) {
		// `users create`'s own help, flags and variables included: the
		// top-level help sends people here for "a command's flags".
		_ = usersCreate(ctx, []string{"--help"}, os.Stdin, os.Stdout)
		return nil
	}
	if len(args) == 0 {
		// Named, as `accounts` alone is: "usage: …" by itself did not
		// say what was wrong with the command typed.
		return usageError{msg: "users needs a subcommand, create; usage: esahayak " + usersUsage}
	}
	if args[0] != "create" {
		return unknownSubcommand("users", args[0], []string{"create"}, "esahayak "+usersUsage)
	}
	return usersCreate(ctx, args[1:], os.Stdin, os.Stdout)
}

// usersCreate is `users create`, reading the password from stdin and
// printing the user as JSON to stdout.
func usersCreate(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	f := newFlags("users create", usersUsage)
	f.refuseRepeats = true
	f.notFlags = map[string]string{"password": "the password is read from stdin, never from a flag (whose value the process list and the shell history show): pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | esahayak users create …, or type it when asked"}
	account := f.str("account", "", "the account the user belongs to (acct_…)")
	email := f.str("email", "", "the user's email address, used to sign in")
	db := f.dbFlag("db", defaultDB, "database: sqlite:PATH or postgres://…")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		if isHelpWord(f.Arg(0)) {
			return usageError{msg: fmt.Sprintf("users create takes no arguments (got %q); for its flags, run 'esahayak users create -h'", f.Arg(0))}
		}
		return usageError{msg: fmt.Sprintf("users create takes no arguments (got %q); usage: esahayak %s", f.Arg(0), usersUsage)}
	}
	// The one missing is named: "needs --account and --email" to a
	// command that had one of them sent the person looking at both.
	switch {
	case *account == "" && *email == "":
		return usageError{msg: "users create needs --account and --email; usage: esahayak " + usersUsage}
	case *account == "":
		return usageError{msg: "users create needs --account, the account the user belongs to (acct_…; 'esahayak accounts list' shows them); usage: esahayak " + usersUsage}
	case *email == "":
		return usageError{msg: "users create needs --email, the address the user signs in with; usage: esahayak " + usersUsage}
	}
	if strings.Contains(*account, "…") {
		// The README's `users create --account acct_… …` run as printed
		// was told "no account has this id" after the database was
		// opened, as if the account had gone.
		return usageError{msg: fmt.Sprintf("--account %q is the documentation's placeholder; put in the account's whole id (acct_ and 26 letters and digits): 'esahayak accounts list' shows them", *account)}
	}
	addr, err := dashboard.NormalizeEmail(*email)
	if err != nil {
		return usageError{msg: "--email: " + err.Error()}
	}
	if err := existingDatabase(*db); err != nil {
		return err // before the password is asked for
	}
	if stdout == io.Writer(os.Stdout) && stdoutClosedAtStart() {
		// Its one line, the new user's id, would be written nowhere and
		// the command exit 0; a second try is refused as a user that
		// exists. Before the password is asked for, and nothing made.
		return errors.New("users create: its standard output is closed, so the new user could not be shown: no user created; run it with its output open")
	}
	st, err := openExistingStore(ctx, *db, stderrLog())
	if err != nil && ctx.Err() != nil {
		return errNoUserCreated // not "open sqlite …: context canceled"
	}
	if err != nil {
		return err
	}
	defer st.Close()
	// The account too, before the password is typed for nothing. Named
	// with its variable when it came from one: an ESAHAYAK_ACCOUNT left
	// over in the shell was refused as if typed. A mistake in the command
	// line (exit status 2), as a --db that holds no esahayak tables is:
	// exit status 1 told a script to try again what only a fix can mend.
	if _, err := st.GetAccount(ctx, *account); errors.Is(err, store.ErrNotFound) {
		return usageError{msg: fmt.Sprintf("--account %q: no account has this id; 'esahayak accounts list' shows them", *account)}
	} else if err != nil && ctx.Err() != nil {
		return errNoUserCreated
	} else if err != nil {
		return fmt.Errorf("look up the account: %w", err)
	}
	password, err := readPassword(ctx, stdin)
	if err != nil {
		return err
	}
	if err := dashboard.ValidatePassword(password); err != nil {
		return usageError{msg: err.Error()}
	}
	// A reader of the output that went away (`users create … | true`)
	// ended the command by SIGPIPE at its one line, after the user was
	// saved: exit status 141 and not a word of it. Asked for, SIGPIPE
	// becomes an EPIPE from the write instead, answered below.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	u, err := dashboard.CreateUser(ctx, st, *account, addr, password, time.Now().UTC())
	if errors.Is(err, dashboard.ErrUserExists) {
		return fmt.Errorf("%s: %w", withEnvNames("--email"), err)
	}
	if err != nil {
		return err
	}
	// A struct, not a map, so that the fields come in the documented order
	// (docs/dashboard.md), as accounts create and list print theirs.
	if err := json.NewEncoder(stdout).Encode(struct {
		UserID    string `json:"user_id"`
		AccountID string `json:"account_id"`
		Email     string `json:"email"`
	}{u.ID, u.AccountID, u.Email}); err != nil {
		// The password was the operator's own, so nothing secret is
		// lost; what was lost is the word that the user exists, and a
		// second try would be refused as a user that exists already.
		return fmt.Errorf("users create: its output could not be written (%v): user %s (%s) was created in account %s and signs in with the password given", err, u.ID, u.Email, u.AccountID)
	}
	return nil
}

// readPassword reads the password: typed at a terminal with echo off (as
// passwd and sudo do: a password on screen is a password in a screen share
// or a terminal recording), else the first line of a pipe.
func readPassword(ctx context.Context, stdin io.Reader) (string, error) {
	f, ok := stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return readPasswordLine(ctx, stdin)
	}
	fd := int(f.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return "", fmt.Errorf("read the terminal's settings: %w", err)
	}
	fmt.Fprint(os.Stderr, "Password (at least 10 characters, then Enter; not shown as you type): ")
	type read struct {
		typed []byte
		err   error
	}
	done := make(chan read, 1)
	go func() {
		typed, err := term.ReadPassword(fd)
		done <- read{typed, err}
	}()
	var typed []byte
	select {
	case r := <-done:
		typed, err = r.typed, r.err
	case <-ctx.Done():
		// Ctrl-C: the read would go on and take the next line typed (a
		// command meant for the shell) as the password. The echo comes
		// back, and the command ends.
		_ = term.Restore(fd, state)
		fmt.Fprintln(os.Stderr)
		return "", errNoUserCreated
	}
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", fmt.Errorf("read the password from the terminal: %w", err)
	}
	if len(typed) > dashboard.MaxPasswordLength {
		return "", usageError{msg: fmt.Sprintf("the password must be at most %d bytes", dashboard.MaxPasswordLength)}
	}
	if len(typed) == 0 {
		return "", usageError{msg: "no password typed: type it and press Enter, or pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | esahayak users create …"}
	}
	return string(typed), nil
}

// errNoUserCreated ends users create stopped by Ctrl-C or SIGTERM.
var errNoUserCreated = errors.New("interrupted: no user created")

// readPasswordLine reads the first line of r (without its line ending),
// or stops at ctx's end: a pipe whose writer had not written held the
// command through Ctrl-C and SIGTERM until the writer ended, and the
// command then said "no password on stdin", exit status 2.
func readPasswordLine(ctx context.Context, r io.Reader) (string, error) {
	type read struct {
		line string
		err  error
	}
	done := make(chan read, 1)
	go func() {
		line, err := bufio.NewReaderSize(io.LimitReader(r, dashboard.MaxPasswordLength+2), dashboard.MaxPasswordLength+2).ReadString('\n')
		done <- read{line, err}
	}()
	var line string
	var err error
	select {
	case r := <-done:
		line, err = r.line, r.err
	case <-ctx.Done():
		return "", errNoUserCreated
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from stdin: %w", err)
	}
	if !strings.HasSuffix(line, "\n") && len(line) > dashboard.MaxPasswordLength {
		return "", usageError{msg: fmt.Sprintf("the password must be at most %d bytes", dashboard.MaxPasswordLength)}
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", usageError{msg: "no password on stdin: pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | esahayak users create …"}
	}
	return line, nil
}
