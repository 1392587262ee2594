package main_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestMisspeltPostgresParameterIsAUsageError: a parameter of a PostgreSQL
// --db that pgx does not read itself is sent to the server as a setting,
// so `?sslmod=disable` (sslmode misspelt) was refused by the server at
// the first connection and reported as a failure to connect, exit status
// 1 (try again), with neither --db nor the parameter meant named. It is a
// mistake in the command line: exit status 2, naming --db (or ESAHAYAK_DB,
// where the value came from), the parameter and the one it is close to; a
// value the server refuses for a real setting likewise.
func TestMisspeltPostgresParameterIsAUsageError(t *testing.T) {
	db := testenv.PostgresURL(testenv.NewSchema(t)) // a schema of this test's: nothing else is touched
	misspelt := db + "&sslmod=disable"
	badValue := db + "&statement_timeout=soon"
	const unknown = `PostgreSQL does not know the parameter "sslmod" (did you mean sslmode?)`
	for _, c := range []struct {
		args []string
		env  []string
		want string
	}{
		{[]string{"accounts", "list", "--db", misspelt}, nil, "esahayak: --db: postgres: invalid connection string: " + unknown},
		{[]string{"accounts", "create", "Acme", "--db", misspelt}, nil, "esahayak: --db: postgres: invalid connection string: " + unknown},
		{[]string{"users", "create", "--account", "acct_x", "--email", "a@example.com", "--db", misspelt}, nil, "esahayak: --db: postgres: invalid connection string: " + unknown},
		{[]string{"serve", "--addr", "127.0.0.1:0"}, []string{"ESAHAYAK_DB=" + misspelt}, "esahayak: --db (from ESAHAYAK_DB): postgres: invalid connection string: " + unknown},
		{[]string{"accounts", "list"}, []string{"ESAHAYAK_DB=" + badValue}, `esahayak: --db (from ESAHAYAK_DB): postgres: invalid connection string: PostgreSQL refused a setting the connection string sends: invalid value for parameter "statement_timeout": "soon"`},
	} {
		stdin := ""
		if c.args[0] == "users" {
			stdin = "a long passphrase\n"
		}
		stdout, stderr, code := runBinary(t, t.TempDir(), c.env, stdin, c.args...)
		if code != 2 || !strings.HasPrefix(stderr, c.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("esahayak %q with %q: exit status %d, stdout %q, stderr:\n%s\nwant 2 and one line beginning:\n%s", c.args, c.env, code, stdout, stderr, c.want)
		}
	}
}
