// Command esahayak runs the eSahayak webhook service and its tools.
//
//	esahayak serve                 run the API, the delivery engine and the dashboard
//	esahayak accounts create NAME  create an account and print its API key as JSON
//	esahayak accounts list         print every account as JSON lines
//
// Run "esahayak help" or "esahayak COMMAND -h" for the flags of each.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/esahayak/esahayak/internal/suggest"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the API, the delivery engine and the dashboard", runServe},
		{"accounts", "manage accounts: accounts create NAME, accounts list", runAccounts},
		{"users", "manage dashboard users: users create --account ID --email EMAIL (password on stdin)", runUsers},
		{"listen", "receive your account's events on a local URL, no tunnel needed", runListen},
		{"trigger", "create a fixture order and drive it to emit an event", runTrigger},
		{"bench", "measure throughput and latency of the whole system", runBench},
		{"version", "print the version (also esahayak --version)", runVersion},
	}
}

func main() {
	// The first Ctrl-C (or SIGTERM) stops gracefully; a second one, while
	// that waits (listen's last results, serve's attempts in flight), ends
	// the process at once.
	stopping := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		// A closed terminal or ssh session: Go's default ended the
		// process at once, as kill -9 would, without a word in its log.
		// Under nohup it stays ignored (Notify would end the ignoring).
		stopping = append(stopping, syscall.SIGHUP)
	}
	ignoredAtStart := map[os.Signal]bool{}
	for _, sig := range stopping {
		ignoredAtStart[sig] = signal.Ignored(sig) // before Notify, which ends the ignoring
	}
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, stopping...)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	go func() {
		sig := <-signals
		first := time.Now()
		cancel(stopSignal{sig})
		for sig := range signals {
			if time.Since(first) < sameStop {
				// The same stop reaching the process twice: `timeout`, and
				// supervisors that end a process group, signal both the
				// process and its group. Taken for a second Ctrl-C, it
				// killed listen before it closed its session (and serve
				// before its attempts in flight were recorded).
				continue
			}
			if sig == syscall.SIGHUP {
				// A hangup is never a person's second press: a closed
				// terminal sends one to the foreground group and its
				// shell another to each of its jobs as it exits, well
				// apart, and the stop under way must not be cut short.
				continue
			}
			if f := secondSignal.Load(); f != nil {
				(*f)(sig)
			}
			dieOf(sig, ignoredAtStart)
		}
	}()
	if err := run(ctx, os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		var ie interruptedError
		if errors.As(err, &ie) {
			// Cleaned up and interrupted: end as the signal would.
			stderrf("esahayak: %s\n", ie.msg)
			var stop stopSignal
			if errors.As(context.Cause(ctx), &stop) {
				dieOf(stop.sig, ignoredAtStart)
			}
			os.Exit(1)
		}
		if errors.As(err, new(loggedError)) {
			os.Exit(exitStatus(err))
		}
		var ue usageError
		if errors.As(err, &ue) {
			if !ue.printed {
				stderrf("esahayak: %s\n", withEnvNames(ue.msg))
			}
			if ue.hint != "" {
				stderrf("%s\n", ue.hint)
			}
			os.Exit(2)
		}
		stderrf("esahayak: %s\n", withEnvSources(err.Error()))
		os.Exit(1)
	}
}

// stderrf writes a command's last words to standard error, waiting at
// most stderrWait: a reader that stopped reading (a full pipe to a stuck
// log shipper) held the process there for good, so a supervisor that
// restarts it on exit never did.
func stderrf(format string, a ...any) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fmt.Fprintf(os.Stderr, format, a...)
	}()
	t := time.NewTimer(stderrWait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// stderrWait bounds stderrf's write.
const stderrWait = 2 * time.Second

// secondSignal, when set, says in the command's own log that a second
// stopping signal ends the process at once: the log otherwise ends at the
// graceful stop's first line, and a stop cut short (whose attempts in
// flight are sent again) reads like one that is still finishing.
var secondSignal atomic.Pointer[func(os.Signal)]

// onSecondSignal sets what main does, before it ends the process, at a
// second stopping signal.
func onSecondSignal(f func(os.Signal)) { secondSignal.Store(&f) }

// stopSignal is the cause of main's context when a stopping signal ended it.
type stopSignal struct{ sig os.Signal }

func (s stopSignal) Error() string { return "stopped by " + s.sig.String() }

// interruptedError is a command stopped by a signal before it finished
// (bench during a run), once it has cleaned up: main prints msg and ends
// the process as the signal would (see dieOf), so that a script running
// the command stops too rather than taking exit status 1 as a failure it
// may go on from.
type interruptedError struct{ msg string }

func (e interruptedError) Error() string { return e.msg }

// sameStop is how soon after the first stopping signal another is the
// same one delivered again, not a second Ctrl-C: those copies come within
// microseconds, and a person's second press, later.
const sameStop = 200 * time.Millisecond

// dieOf ends the process as sig's default action does: killed by it, so
// that a shell script running this command stops too (bash carries on
// after a child that exits 130 itself, taking the interrupt as handled).
// A signal ignored when the process started (a script's background job
// starts with SIGINT ignored) would be ignored again once its default is
// restored; the process then exits with 128 + its number, as a shell
// reports a process killed by it.
func dieOf(sig os.Signal, ignoredAtStart map[os.Signal]bool) {
	if n, ok := sig.(syscall.Signal); ok && !ignoredAtStart[sig] {
		signal.Reset(sig)
		if killSelf(n) {
			time.Sleep(time.Second) // the signal is on its way; this is only a fallback
		}
	}
	os.Exit(128 + signalNumber(sig))
}

// signalNumber is sig's number (SIGINT 2, SIGTERM 15).
func signalNumber(sig os.Signal) int {
	if n, ok := sig.(syscall.Signal); ok {
		return int(n)
	}
	return int(syscall.SIGINT)
}

// exitStatus is 2 for a usage error, else 1.
func exitStatus(err error) int {
	if errors.As(err, new(usageError)) {
		return 2
	}
	return 1
}

// usageError is a mistake in the command line: exit status 2. printed
// means the message is already on stderr; hint, a line printed after it,
// says where to look (the flags' help).
type usageError struct {
	msg     string
	printed bool
	hint    string
}

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		usage(os.Stderr)
		return usageError{msg: "no command", printed: true}
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			// `esahayak help serve` is `esahayak serve --help`, and so are
			// `esahayak --help serve` and `-h serve` (as `git --help
			// commit`), which printed the commands.
			for _, c := range commands() {
				if c.name != args[1] {
					continue
				}
				if len(args) > 2 {
					return helpExtra(ctx, c, args[2:])
				}
				return c.run(ctx, []string{"--help"})
			}
			// `esahayak help user` printed the commands and exited 0, as if
			// the help asked for had been given.
			if args[1] != "help" && !strings.HasPrefix(args[1], "-") {
				return unknownCommand(args[1:])
			}
		}
		if len(args) > 2 {
			// `esahayak help help extra`: no command to help with, so the
			// extra word is refused as the commands refuse theirs.
			return usageError{msg: fmt.Sprintf("help takes one command (got %q too); usage: esahayak help [COMMAND]", args[2])}
		}
		usage(os.Stdout) // asked for: to stdout, so that it pipes into a pager
		return nil
	}
	if args[0] == "--version" || args[0] == "-version" || args[0] == "-v" {
		return runVersion(ctx, args[1:])
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:])
		}
	}
	return unknownCommand(args)
}

// helpSubcommands are the subcommands that `esahayak help COMMAND SUB`
// gives the help of (`help accounts list` is `accounts list --help`).
var helpSubcommands = map[string][]string{"accounts": {"create", "list"}, "users": {"create"}}

// helpExtra answers `esahayak help COMMAND` followed by more words (extra):
// a subcommand of c gets its own help; anything else is refused, named,
// with exit status 2. `esahayak help serve extra` printed serve's help
// and exited 0, so a script's typo (or a word meant for the command)
// passed as if the help had been all that was asked for.
func helpExtra(ctx context.Context, c command, extra []string) error {
	usage := "esahayak help " + c.name
	subs := helpSubcommands[c.name]
	if len(subs) > 0 {
		usage += " [" + strings.Join(subs, "|") + "]"
	}
	if len(extra) == 1 && isHelp(extra) {
		return c.run(ctx, []string{"--help"}) // `help serve -h`: asked twice, answered once
	}
	if name, _, _ := strings.Cut(extra[0], "="); strings.HasPrefix(name, "-") {
		// Only the flag's name: its value, after it, can be a secret.
		return usageError{msg: fmt.Sprintf("help %s takes no flags (got %s); usage: %s", c.name, name, usage)}
	}
	if slices.Contains(subs, extra[0]) {
		if len(extra) > 1 {
			return usageError{msg: fmt.Sprintf("help %s %s takes no more words (got %q too); usage: %s", c.name, extra[0], extra[1], usage)}
		}
		return c.run(ctx, []string{extra[0], "--help"})
	}
	if len(subs) > 0 {
		return usageError{msg: fmt.Sprintf("help %s: %q is not a subcommand of %s (it has %s); usage: %s", c.name, extra[0], c.name, strings.Join(subs, " and "), usage)}
	}
	return usageError{msg: fmt.Sprintf("help takes one command (got %q too); usage: %s", extra[0], usage)}
}

// unknownCommand refuses args, whose first word names no command, saying
// what was most likely meant: a flag given before its command (`esahayak
// --operator-token op-secret serve`, answered `unknown command
// "--operator-token"`, which is no command at all) goes after it; a
// command misspelt (`user`, `server`) is named. A flag's value is never
// repeated: it can be a secret.
func unknownCommand(args []string) error {
	const see = "run 'esahayak help' to see the commands"
	if flag, _, _ := strings.Cut(args[0], "="); strings.HasPrefix(flag, "-") {
		for i, a := range args[1:] {
			for _, c := range commands() {
				if c.name != a {
					continue
				}
				cmd := c.name // and its subcommand or event type: accounts list, trigger stamp.uploaded
				if i+2 < len(args) && !strings.HasPrefix(args[i+2], "-") {
					cmd += " " + args[i+2]
				}
				return usageError{msg: fmt.Sprintf("%s is a flag of a command: put it after the command, as in esahayak %s %s …", flag, cmd, flag)}
			}
		}
		return usageError{msg: fmt.Sprintf("%s is a flag, not a command: flags go after their command (esahayak COMMAND %s …); %s", flag, flag, see)}
	}
	best, bestDist, tie := "", 3, false
	for _, c := range commands() {
		d := suggest.Distance(strings.ToLower(args[0]), c.name)
		if len(args[0]) >= 3 && strings.HasPrefix(c.name, strings.ToLower(args[0])) {
			d = min(d, 1) // "user" for users, "acc" for accounts
		}
		switch {
		case d < bestDist:
			best, bestDist, tie = c.name, d, false
		case d == bestDist:
			tie = true
		}
	}
	if best != "" && !tie && bestDist < len(args[0]) {
		return usageError{msg: fmt.Sprintf("unknown command %q (did you mean %s?); %s", args[0], best, see)}
	}
	return usageError{msg: fmt.Sprintf("unknown command %q; %s", args[0], see)}
}

// unknownSubcommand refuses word, given to cmd where one of its
// subcommands (subs) goes: named, with the subcommands there are, where
// "usage: …" alone left the person to spot what was wrong. A flag there
// means the subcommand was left out or put after it.
func unknownSubcommand(cmd, word string, subs []string, usage string) error {
	if strings.HasPrefix(word, "-") {
		// Only the flag's name: its value, after it, can be a secret.
		return usageError{msg: fmt.Sprintf("%s: the subcommand (%s) goes before its flags; usage: %s", cmd, strings.Join(subs, " or "), usage)}
	}
	meant := ""
	if near := nearestSubcommand(word, subs); near != "" {
		meant = "did you mean " + near + "? "
	}
	return usageError{msg: fmt.Sprintf("%s: unknown subcommand %q (%s%s has %s); usage: %s", cmd, word, meant, cmd, strings.Join(subs, " and "), usage)}
}

// subcommandAliases are other tools' words for a subcommand: `accounts
// ls` and `users add` were refused without a word of what was meant.
var subcommandAliases = map[string]string{"ls": "list", "new": "create", "add": "create"}

// nearestSubcommand is the one of subs that word, which is none of them,
// was most likely meant to be (a typo, a case, another tool's word), or "".
func nearestSubcommand(word string, subs []string) string {
	w := strings.ToLower(strings.TrimSpace(word))
	if alias, ok := subcommandAliases[w]; ok && slices.Contains(subs, alias) {
		return alias
	}
	return suggest.Nearest(w, min(2, len(w)/3), true, suggest.Names(subs...))
}

// isHelp reports a request for help in place of a subcommand.
func isHelp(args []string) bool {
	return len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help")
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "esahayak: webhooks for eSahayak stamp orders\n\nUsage: esahayak COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'esahayak COMMAND -h' for a command's flags. A flag shown with an environment variable in\nbrackets also reads it when the flag is not given.")
	fmt.Fprint(w, exitStatuses)
}

// exitStatuses is what a script can tell from a command's exit status:
// whether to fix the command line (2) or to try again (1). main's exits
// and the README's "Exit status" say the same.
const exitStatuses = `
Exit status:
  0  done (listen: stopped by Ctrl-C or SIGTERM, its session closed, or left open and named with the
     command that closes it when the server could not be reached then)
  1  failed: the server or the database could not be reached, opened or made, or refused the request,
     a key was refused, the output of listen, bench, accounts create or users create was closed,
     bench saw deliveries missing
  2  a mistake in the command line: an unknown command or flag, a value refused, a SQLite file or
     database of esahayak's that accounts list or users create needs and does not find, an --account
     of users create that the database does not hold, a SQLite --db that is no database file (a
     text file, a directory)
  killed by the signal: trigger or bench stopped by Ctrl-C or SIGTERM, or any command by a second one
`

func runVersion(_ context.Context, args []string) error {
	if isHelp(args) {
		fmt.Println("Usage: esahayak version\n\nPrints the version of this binary.")
		return nil
	}
	if len(args) > 0 {
		return usageError{msg: fmt.Sprintf("version takes no arguments (got %q)", args[0])}
	}
	fmt.Println(buildVersion())
	return nil
}
