package main_test

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestMisspeltSubcommandSaysWhatWasMeant: a subcommand mistyped
// (`accounts lst`, `users crate`) or written as other tools spell it
// (`accounts ls`) is named with the one meant, as a misspelt command is;
// one near none (`accounts delete`) is refused as before, without a guess.
func TestMisspeltSubcommandSaysWhatWasMeant(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"accounts", "lst"}, `accounts: unknown subcommand "lst" (did you mean list? accounts has create and list)`},
		{[]string{"accounts", "ls"}, `(did you mean list?`},
		{[]string{"accounts", "LIST"}, `(did you mean list?`},
		{[]string{"accounts", "creat", "Acme"}, `(did you mean create?`},
		{[]string{"accounts", "new", "Acme"}, `(did you mean create?`},
		{[]string{"users", "crate"}, `users: unknown subcommand "crate" (did you mean create? users has create)`},
		{[]string{"users", "add"}, `(did you mean create?`},
		{[]string{"accounts", "delete"}, `accounts: unknown subcommand "delete" (accounts has create and list)`},
	} {
		out, err := exec.Command(binary, c.args...).CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), c.want) {
			t.Errorf("%q: %v\n%s\nwant exit status 2 and %q", c.args, err, out, c.want)
		}
	}
}
