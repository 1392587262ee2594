package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// flags is a flag.FlagSet whose every flag can also come from an
// ESAHAYAK_* environment variable (the flag wins when both are given).
type flags struct {
	*flag.FlagSet
	env map[string]string // flag name → env var
}

func newFlags(name, usage string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	f := &flags{FlagSet: fs, env: map[string]string{}}
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: esahayak %s\n\nFlags (environment variable in brackets):\n", usage)
		fs.VisitAll(func(fl *flag.Flag) {
			def := ""
			if fl.DefValue != "" && fl.DefValue != "false" {
				def = fmt.Sprintf(" (default %s)", fl.DefValue)
			}
			env := ""
			if v := f.env[fl.Name]; v != "" {
				env = "  [" + v + "]"
			}
			fmt.Fprintf(w, "  --%s%s\n        %s%s\n", fl.Name, env, fl.Usage, def)
		})
	}
	return f
}

func envName(flagName string) string {
	return "ESAHAYAK_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *flags) str(name, def, usage string) *string {
	f.env[name] = envName(name)
	return f.String(name, def, usage)
}

func (f *flags) boolean(name string, def bool, usage string) *bool {
	f.env[name] = envName(name)
	return f.Bool(name, def, usage)
}

func (f *flags) integer(name string, def int, usage string) *int {
	f.env[name] = envName(name)
	v := intValue(def)
	f.Var(&v, name, usage)
	return (*int)(&v)
}

func (f *flags) duration(name string, def time.Duration, usage string) *time.Duration {
	f.env[name] = envName(name)
	v := durationValue(def)
	f.Var(&v, name, usage)
	return (*time.Duration)(&v)
}

// intValue and durationValue are the flag package's, with errors that
// say what is expected: its own is a bare "parse error".
type intValue int

func (v *intValue) String() string { return strconv.Itoa(int(*v)) }
func (v *intValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	*v = intValue(n)
	return nil
}

type durationValue time.Duration

func (v *durationValue) String() string { return time.Duration(*v).String() }
func (v *durationValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not a duration: give a number with a unit, e.g. 10s, 500ms or 2m", s)
	}
	*v = durationValue(d)
	return nil
}

// parse parses args, then fills unset flags from the environment.
func (f *flags) parse(args []string) error {
	toStdout := false
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			f.SetOutput(os.Stdout) // asked for: to stdout, so that it pipes into a pager
			toStdout = true
		}
	}
	if err := f.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		// The flag package printed the message with the flags; on stderr
		// unless help was asked for too, and then stderr still gets it.
		return usageError{msg: err.Error(), printed: !toStdout}
	}
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	for name, env := range f.env {
		if set[name] {
			continue
		}
		if v, ok := os.LookupEnv(env); ok {
			if err := f.Set(name, v); err != nil {
				return usageError{msg: fmt.Sprintf("invalid %s=%q: %v", env, v, err)}
			}
		}
	}
	return nil
}
