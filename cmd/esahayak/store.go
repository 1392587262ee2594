package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/postgres"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

const defaultDB = "sqlite:esahayak.db"

// dbForms are the values a --db takes, as a refusal lists them; bench's
// --db takes one more (benchDBForms).
const dbForms = "sqlite:PATH or postgres://USER@HOST:PORT/DB"

// openStore opens the database named by --db: "sqlite:PATH" (the default,
// embedded) or "postgres://…".
func openStore(ctx context.Context, db string, sqliteOpts sqlite.Options, log *slog.Logger) (store.Store, error) {
	st, err := openStoreAs(ctx, db, sqliteOpts, postgres.Options{}, log)
	if errors.Is(err, store.ErrNoSchema) {
		// Another program's database (a SQLite file of its own tables,
		// or any database holding a schema_migrations of its own):
		// nothing was made in it.
		return nil, fmt.Errorf("%s; give esahayak a database of its own", noSchema(db, err))
	}
	return st, err
}

// noSchema says, for a store.ErrNoSchema from opening db, which --db is
// not esahayak's and why, without the driver's wrapping.
func noSchema(db string, err error) string {
	what := err.Error()
	if i := strings.Index(what, store.ErrNoSchema.Error()); i >= 0 {
		what = what[i:]
	}
	if path := sqlitePath(db); path != "" {
		abs, _ := filepath.Abs(path)
		return fmt.Sprintf("--db %s: %s is not an esahayak database: %s", db, abs, strings.TrimPrefix(what, store.ErrNoSchema.Error()+": "))
	}
	return fmt.Sprintf("--db %s: %s", redactDB(db), what)
}

// openExistingStore opens, for accounts list and users create, the
// database of a server: one that holds esahayak's tables. Another
// program's database (a SQLite file of its tables, a PostgreSQL database
// or search_path without schema_migrations: a typo, or the database
// named for the wrong program) was given esahayak's tables, and the
// command answered "no accounts" or "no account has this id". It is a
// usage error now, and nothing is created in it.
func openExistingStore(ctx context.Context, db string, log *slog.Logger) (store.Store, error) {
	st, err := openStoreAs(ctx, db, sqlite.Options{}, postgres.Options{Existing: true}, log)
	if errors.Is(err, store.ErrNoSchema) {
		if sqlitePath(db) != "" || errors.Is(err, store.ErrForeignMigrations) {
			// Another program's database: no server is to be started on it.
			return nil, usageError{msg: noSchema(db, err) + "; give the --db the server runs with"}
		}
		return nil, usageError{msg: noSchema(db, err) + "; give the --db the server runs with, or start `esahayak serve` on this database once to create them"}
	}
	return st, err
}

func openStoreAs(ctx context.Context, db string, sqliteOpts sqlite.Options, pgOpts postgres.Options, log *slog.Logger) (store.Store, error) {
	if err := checkDB(db); err != nil {
		return nil, err
	}
	if isPostgres(db) {
		pgOpts.Log, pgOpts.DSNName = log, dbName()
		s, err := postgres.Open(ctx, db, pgOpts)
		var dsnErr *postgres.DSNError
		if errors.As(err, &dsnErr) {
			return nil, usageError{msg: "--db: " + dsnErr.Error()}
		}
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL: %w", err)
		}
		return s, nil
	}
	sqliteOpts.Log = log
	s, err := sqlite.Open(ctx, sqlitePath(db), sqliteOpts)
	if errors.Is(err, sqlite.ErrNotDatabaseFile) {
		// A text file, a directory or a pipe given as the database: the
		// value is wrong, and no retry changes it (exit status 1 said "try
		// again", without naming --db).
		return nil, usageError{msg: fmt.Sprintf("--db %s: %s", db, err)}
	}
	return s, err
}

// dbName is what the user set the database with, as advice names it:
// ESAHAYAK_DB when the value came from it (the person typed no --db), else
// --db.
func dbName() string {
	if env, ok := setFromEnv["db"]; ok {
		return env
	}
	return "--db"
}

func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// checkDB refuses, as a usage error and before anything is opened or
// asked for, a --db that cannot name the database meant: a PostgreSQL
// DSN without a database (PostgreSQL would use the user's name, and the
// tables went there), a SQLite in-memory database (empty again on every
// start, and one per pooled connection: the first start failed with "no
// such table") or a file: URI (its options are not read; the path was
// taken as a file name).
func checkDB(db string) error {
	switch {
	case isPostgres(db):
		if err := postgres.CheckDSN(db); err != nil {
			return usageError{msg: "--db: " + err.Error()}
		}
		return nil
	case strings.HasPrefix(db, "file:"):
		// SQLite's own URI, as other programs take it: the advice of the
		// next case, sqlite:file:…, is refused below in turn.
		if path, ok := fileURIPath(db); ok {
			return fileURIError(db, path)
		}
		return usageError{msg: fmt.Sprintf("--db %q: use %s", redactDB(db), dbForms)}
	case !strings.HasPrefix(db, "sqlite:") && !strings.Contains(db, "=") && looksLikeSQLiteFile(db):
		// A file's path alone, as other programs take it: the scheme is
		// what is missing, and "use sqlite:PATH" left the user to find that.
		return usageError{msg: fmt.Sprintf("--db %q: a SQLite file is written with sqlite: before its path: sqlite:%s", db, db)}
	case !strings.HasPrefix(db, "sqlite:"):
		return usageError{msg: fmt.Sprintf("--db %q: use %s", redactDB(db), dbForms)}
	}
	switch path := sqlitePath(db); {
	case strings.TrimSpace(path) == "":
		return usageError{msg: "--db sqlite: needs a file path, e.g. sqlite:esahayak.db"}
	case strings.HasPrefix(path, ":memory:") || strings.HasPrefix(path, "file:"): // ":memory:?cache=shared" too
		if file, ok := fileURIPath(path); ok {
			return fileURIError(db, file)
		}
		return usageError{msg: fmt.Sprintf("--db %s: give the database file's path, e.g. sqlite:esahayak.db (an in-memory database or a file: URI is not accepted)", db)}
	}
	if err := strayWhiteSpace(db); err != nil {
		return err
	}
	return unexpandedTilde(db)
}

// fileURIPath is the path of the file a SQLite file: URI names
// (file:app.db?cache=shared is app.db, file:///var/lib/app.db is
// /var/lib/app.db), and false when it names none: an in-memory database,
// or no URI that can be read.
func fileURIPath(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.Query().Get("mode") == "memory" {
		return "", false
	}
	path := u.Path
	if u.Opaque != "" {
		if path, err = url.PathUnescape(u.Opaque); err != nil {
			return "", false
		}
	}
	// A path that would be refused in turn (file:file:x.db), or read as
	// another after sqlite: (sqlite://x.db is x.db), is no advice to give.
	if strings.TrimSpace(path) == "" || strings.HasPrefix(path, ":memory:") || strings.HasPrefix(path, "file:") || strings.HasPrefix(path, "//") {
		return "", false
	}
	return path, true
}

// fileURIError refuses a --db given as a SQLite file: URI, naming the
// value to give instead: its options would not be read, and the path was
// taken as a file name (a file called "file:app.db?cache=shared").
func fileURIError(db, path string) error {
	return usageError{msg: fmt.Sprintf("--db %q: a file: URI is not accepted (its options are not read): give the database file's path, sqlite:%s", db, path)}
}

// strayWhiteSpace refuses a SQLite path that begins or ends with white
// space, unless a file of that name exists. It is a stray character (an
// environment file's trailing space, the \r of one saved with Windows line
// ends, a space after "sqlite:"), and the path was taken as written: serve
// made a new, empty database beside the real one, printed a development
// account, and answered every customer's key 401.
func strayWhiteSpace(db string) error {
	path := sqlitePath(db)
	begins := strings.TrimLeftFunc(path, unicode.IsSpace) != path
	ends := strings.TrimRightFunc(path, unicode.IsSpace) != path
	where := "ends"
	switch {
	case !begins && !ends:
		return nil
	case begins && ends:
		where = "begins and ends"
	case begins:
		where = "begins"
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil // a file of that very name: used as before
	}
	return usageError{msg: fmt.Sprintf("--db %q: the path %s with white space, most likely a stray character (an environment file's trailing space, or the \\r of a Windows line end), and there is no such file; write it without, e.g. sqlite:%s",
		db, where, strings.TrimSpace(path))}
}

// unexpandedTilde refuses a SQLite path that begins with a ~ directory
// that is not there. A shell expands ~ only at the start of a word, so
// "--db sqlite:~/esahayak.db" arrives as written (so does a ~ in a
// systemd or Docker environment file), and opening it said "the directory
// of ~/esahayak.db does not exist (create it, …)": the advice made a
// directory named ~ in the working directory. A directory of that name
// that exists is used as before.
func unexpandedTilde(db string) error {
	path := sqlitePath(db)
	first, rest, ok := strings.Cut(path, "/")
	if !ok || !strings.HasPrefix(first, "~") {
		return nil
	}
	if _, err := os.Stat(first); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	fix := "with the home directory's path in place of " + first
	if first == "~" {
		fix = "e.g. --db sqlite:$HOME/" + rest
	}
	return usageError{msg: fmt.Sprintf("--db %s: %s is not expanded after sqlite: (a shell expands it only at the start of a word), and there is no directory %s here; write the path out, %s", db, first, first, fix)}
}

// sqlitePath is the file of a sqlite: --db, "" for another store.
func sqlitePath(db string) string {
	if !strings.HasPrefix(db, "sqlite:") {
		return ""
	}
	return strings.TrimPrefix(strings.TrimPrefix(db, "sqlite:"), "//")
}

// existingDatabase refuses a SQLite file that does not exist, for the
// commands that read or add to a database a server uses: opened, it was
// created empty, and a typo in --db (or a command run from another
// directory) answered "no accounts" instead of naming the mistake.
func existingDatabase(db string) error {
	if err := checkDB(db); err != nil {
		return err
	}
	path := sqlitePath(db)
	if path == "" {
		return nil
	}
	fi, err := os.Stat(path)
	abs, _ := filepath.Abs(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		where := abs
		if dest, lerr := os.Readlink(path); lerr == nil {
			// A dangling link: "no database at" the link, which ls shows,
			// sent the user looking at the wrong file.
			where = fmt.Sprintf("%s (a symbolic link to %s, which does not exist)", abs, dest)
		}
		return usageError{msg: fmt.Sprintf("--db %s: there is no database at %s; give the --db the server runs with (start `esahayak serve` once to create one)", db, where)}
	case err == nil && fi.Mode().IsRegular() && fi.Size() == 0 && !serverLockBeside(path):
		// An empty file (touched, or a mistyped name made earlier) was
		// given a schema and listed as a database with no accounts. One
		// with a server's lock beside it is a server's database whose
		// first start was stopped before it wrote anything: it is set up
		// here as that server would have.
		return usageError{msg: fmt.Sprintf("--db %s: %s is an empty file, not an esahayak database; give the --db the server runs with", db, abs)}
	}
	return nil
}

// serverLockBeside reports whether `esahayak serve` has run on the SQLite
// file at path: it leaves its lock file (sqlite.lockServer) beside the
// file the path resolves to.
func serverLockBeside(path string) bool {
	real := path
	if r, err := filepath.EvalSymlinks(path); err == nil {
		real = r
	}
	if abs, err := filepath.Abs(real); err == nil {
		real = abs
	}
	fi, err := os.Stat(real + ".lock")
	return err == nil && fi.Mode().IsRegular()
}

// stderrLog is the log of the one-shot commands (accounts, users): what
// opening the database did, on standard error, away from their output.
func stderrLog() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}
