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
	"syscall"
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
	// the process at once with the status its default action gives to a
	// shell. Restoring the default action instead is not enough: a
	// script's background job starts with SIGINT ignored, and restoring
	// gives the ignoring back.
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-signals
		cancel()
		os.Exit(128 + signalNumber(<-signals))
	}()
	if err := run(ctx, os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		if errors.As(err, new(loggedError)) {
			os.Exit(exitStatus(err))
		}
		var ue usageError
		if errors.As(err, &ue) {
			if !ue.printed {
				fmt.Fprintf(os.Stderr, "esahayak: %s\n", withEnvNames(ue.msg))
			}
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "esahayak: %v\n", err)
		os.Exit(1)
	}
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
// means the message is already on stderr (the flag package prints it,
// with the flags).
type usageError struct {
	msg     string
	printed bool
}

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		usage(os.Stderr)
		return usageError{msg: "no command", printed: true}
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 && args[0] == "help" {
			// `esahayak help serve` is `esahayak serve --help`.
			for _, c := range commands() {
				if c.name == args[1] {
					return c.run(ctx, []string{"--help"})
				}
			}
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
	return usageError{msg: fmt.Sprintf("unknown command %q; run 'esahayak help' to see the commands", args[0])}
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
}

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
