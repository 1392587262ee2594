package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/suggest"
)

// flags is a flag.FlagSet whose every flag can also come from an
// ESAHAYAK_* environment variable (the flag wins when both are given).
type flags struct {
	*flag.FlagSet
	env map[string]string // flag name → env var
	// envPrefix starts the environment variables of the flags registered
	// after it is set: ESAHAYAK_ unless a command has names of its own.
	envPrefix string
	// logsEnvWarnings: the command logs the warnings about unknown
	// ESAHAYAK_* variables itself, once its log exists (serve); the others
	// print them on stderr as they read the environment.
	logsEnvWarnings bool
	// refuseRepeats: a flag given twice with different values is refused
	// (checkRepeats); given is what each flag was given first. serve and
	// bench leave it off: there the last value wins, so that a wrapper's
	// defaults can be overridden after them.
	refuseRepeats bool
	given         map[string]string
	// notFlags says, for a flag the command has not (by name, without
	// dashes), where what it would set is given instead: `users create
	// --password` and `trigger --event` were refused as any unknown flag,
	// leaving the person to guess that the password is read from stdin
	// and the event type is a word.
	notFlags map[string]string
	// offWhenEmpty names the flags whose empty value turns something off
	// (serve --egress-proxy "", --operator-token ""): the only ones an
	// empty value on the command line is taken for (see emptyValue).
	offWhenEmpty map[string]bool
	// valueForms says, for a flag whose values have a few forms (bench's
	// --db), what they are: a refusal of its empty value lists them, where
	// "give it a value" left the person to find them in -h.
	valueForms map[string]string
	// overridden lists, once the environment is read, the flags given on
	// the command line whose variable is set to another value, which the
	// flag wins over (see applyEnv).
	overridden []overriddenEnv
}

// overriddenEnv is a flag given on the command line while its variable
// was set to another value: value is the flag's, ignored the variable's.
type overriddenEnv struct {
	flag, env, value, ignored string
}

func newFlags(name, usage string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	f := &flags{FlagSet: fs, env: map[string]string{}, envPrefix: "ESAHAYAK_"}
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

func (f *flags) envName(flagName string) string {
	return f.envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// str is a text flag read without the ASCII white space around it, from
// the command line and from its variable alike: a level, an address, an
// id, a URL or a list never begins or ends with a space, and one pasted
// with the value, or kept from an env or compose file (a Windows one's
// \r), was refused as a value that looked right ("--log-level \"info \"")
// while numbers and durations had always been read without it. Space
// inside a value is left for the command to refuse.
func (f *flags) str(name, def, usage string) *string {
	f.env[name] = f.envName(name)
	v := &textValue{s: def, trim: trimText}
	f.Var(v, name, usage)
	return &v.s
}

// raw is a text flag taken exactly as given: a file's path, whose name may
// begin or end with a space (--cpuprofile-dir), and a secret, which its
// command trims itself and refuses when it is only white space, so that an
// operator token of spaces is not silently no token.
func (f *flags) raw(name, def, usage string) *string {
	f.env[name] = f.envName(name)
	return f.String(name, def, usage)
}

// dbFlag is --db: the white space before its scheme is trimmed, and after
// a PostgreSQL URL, which cannot end in one; a SQLite path's own is kept
// for checkDB, which refuses it unless a file of that very name exists.
func (f *flags) dbFlag(name, def, usage string) *string {
	f.env[name] = f.envName(name)
	v := &textValue{s: def, trim: trimDB}
	f.Var(v, name, usage)
	return &v.s
}

// asciiSpace is the white space str trims: what an env file, a compose
// file or a paste leaves around a value. Other spaces (a no-break space
// from a web page) are not trimmed: the command refuses them, quoted.
const asciiSpace = " \t\n\v\f\r"

func trimText(s string) string { return strings.Trim(s, asciiSpace) }

func trimDB(s string) string {
	s = strings.TrimLeft(s, asciiSpace)
	if isPostgres(s) || strings.TrimRight(s, asciiSpace) == "sqlite" { // bench's temporary file
		s = strings.TrimRight(s, asciiSpace)
	}
	return s
}

// textValue is a string flag whose value trim reads.
type textValue struct {
	s    string
	trim func(string) string
}

func (v *textValue) String() string { return v.s }
func (v *textValue) Set(s string) error {
	t := v.trim(s)
	if t == "" && s != "" {
		// Read as "" it would turn off what it sets (--egress-proxy,
		// --pprof-addr) or pick the default (--instance-id) without a
		// word, where an empty value was meant to be typed as one.
		return fmt.Errorf("%q is only white space: give a value, or leave it out", s)
	}
	v.s = t
	return nil
}

func (f *flags) boolean(name string, def bool, usage string) *bool {
	f.env[name] = f.envName(name)
	v := boolValue(def)
	f.Var(&v, name, usage)
	return (*bool)(&v)
}

func (f *flags) integer(name string, def int, usage string) *int {
	f.env[name] = f.envName(name)
	v := intValue(def)
	f.Var(&v, name, usage)
	return (*int)(&v)
}

func (f *flags) duration(name string, def time.Duration, usage string) *time.Duration {
	f.env[name] = f.envName(name)
	v := &durationValue{d: def}
	f.Var(v, name, usage)
	return &v.d
}

// isSet says whether the command line, or once read its environment
// variable, gave flag name a value, the default's too.
func (f *flags) isSet(name string) bool {
	set := false
	f.Visit(func(fl *flag.Flag) { set = set || fl.Name == name })
	return set
}

// written is flag name's value as the user wrote it, quoted, for a
// refusal: a duration is read into Go's form, and "--retention -1h0m0s"
// answered a user who typed -1h with a value they never wrote. A flag
// left at its default is that default as -h shows it.
func (f *flags) written(name string) string {
	fl := f.Lookup(name)
	if d, ok := fl.Value.(*durationValue); ok && d.typed != "" {
		return strconv.Quote(d.typed)
	}
	return strconv.Quote(fl.Value.String())
}

// intValue and durationValue are the flag package's, with errors that
// say what is expected: its own is a bare "parse error".
type intValue int

func (v *intValue) String() string { return strconv.Itoa(int(*v)) }
func (v *intValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if errors.Is(err, strconv.ErrRange) {
		// A whole number, far past what any flag takes: "not a whole number"
		// sent the user looking for a typo in the digits.
		return fmt.Errorf("%q is out of range", s)
	}
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	*v = intValue(n)
	return nil
}

// boolValue is a switch: --flag alone sets it; --flag=false (or 0) clears it.
type boolValue bool

func (v *boolValue) String() string   { return strconv.FormatBool(bool(*v)) }
func (v *boolValue) IsBoolFlag() bool { return true }
func (v *boolValue) Set(s string) error {
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not true or false (give true, false, 1 or 0)", s)
	}
	*v = boolValue(b)
	return nil
}

// durationValue keeps, beside the duration, the text it was read from
// (written quotes it).
type durationValue struct {
	d     time.Duration
	typed string // "" until Set
}

// durationShape is what time.ParseDuration reads: numbers, each with a
// unit. One it refuses nonetheless is too large.
var durationShape = regexp.MustCompile(`^[-+]?([0-9]+(\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h)|\.[0-9]+(ns|us|µs|μs|ms|s|m|h))+$`)

// String is the default -h shows: as people write it (720h, 1m, 1h30m),
// not Go's 720h0m0s, which the README never writes.
func (v *durationValue) String() string {
	s := v.d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
func (v *durationValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil && durationShape.MatchString(strings.TrimSpace(s)) {
		// Numbers with units, too many of them: Go holds at most about
		// 292 years either way.
		if strings.HasPrefix(strings.TrimSpace(s), "-") {
			return fmt.Errorf("%q is negative, and too large to hold", s)
		}
		return fmt.Errorf("%q is out of range: a duration is at most 2562047h", s)
	}
	if err != nil {
		if refused, hint := inHours(s); hint != "" {
			return fmt.Errorf("%q is not a duration: there is no %s unit (the units are h, m, s, ms, us and ns); %s", s, refused, hint)
		}
		return fmt.Errorf("%q is not a duration: give a number with a unit (h, m, s, ms, us or ns), e.g. 10s, 500ms or 2m", s)
	}
	v.d, v.typed = d, s
	return nil
}

// dayTerms is a duration written with days, weeks, months or years among
// its terms, as people write --retention and --auto-disable-after (30d,
// 5 days, 1d12h, 2w, 1y, 6 months): Go's durations stop at hours, and
// "give a number with a unit" did not say that d (or y) was the unit
// refused. A month is taken as 30 days and a year as 365, which the hint
// says.
var (
	dayTerms = regexp.MustCompile(`(?i)^\+?(?:[0-9]+(?:\.[0-9]+)? ?(?:years?|yrs?|y|months?|mo|d|days?|w|weeks?|ns|us|µs|μs|ms|s|m|h))+$`)
	dayTerm  = regexp.MustCompile(`(?i)([0-9]+(?:\.[0-9]+)?) ?(years?|yrs?|y|months?|mo|days?|d|weeks?|w|ns|us|µs|μs|ms|s|m|h)`)
)

// inHours says how to write s, a duration in days, weeks, months or years,
// in hours ("write 720h"), and which of those units it used ("day or
// week"), or "" twice when s is not one.
func inHours(s string) (refused, hint string) {
	s = strings.TrimSpace(s)
	if !dayTerms.MatchString(s) {
		return "", ""
	}
	var total time.Duration
	calendar, long, generic := false, false, "write it in hours, 24h a day (30 days: 720h)"
	for _, m := range dayTerm.FindAllStringSubmatch(s, -1) {
		u := strings.ToLower(m[2])
		switch {
		case strings.HasPrefix(u, "y"), strings.HasPrefix(u, "mo"):
			calendar, long = true, true
			generic = "write it in hours, 24h a day (365 days: 8760h)"
		case strings.HasPrefix(u, "d"), strings.HasPrefix(u, "w"):
			calendar = true
		}
	}
	if !calendar {
		return "", ""
	}
	refused = "day or week"
	if long {
		refused = "year, month, week or day"
	}
	for _, m := range dayTerm.FindAllStringSubmatch(s, -1) {
		n, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return refused, generic
		}
		var unit time.Duration
		switch u := strings.ToLower(m[2]); {
		case strings.HasPrefix(u, "y"):
			unit = 365 * 24 * time.Hour
		case strings.HasPrefix(u, "mo"):
			unit = 30 * 24 * time.Hour
		case strings.HasPrefix(u, "d"):
			unit = 24 * time.Hour
		case strings.HasPrefix(u, "w"):
			unit = 7 * 24 * time.Hour
		default:
			d, err := time.ParseDuration("1" + u)
			if err != nil {
				return refused, generic
			}
			unit = d
		}
		term := n * float64(unit)
		if term >= float64(1<<62) || float64(total)+term >= float64(1<<62) {
			return refused, generic
		}
		total += time.Duration(term)
	}
	hint = "write " + total.String()
	if total%time.Hour == 0 {
		hint = fmt.Sprintf("write %dh", total/time.Hour)
	}
	if long {
		hint += " (a year of 365 days, a month of 30, 24h a day)"
	}
	return refused, hint
}

// parse parses args, then fills unset flags from the environment.
func (f *flags) parse(args []string) error {
	if err := f.parseArgs(args); err != nil {
		return err
	}
	return f.applyEnv()
}

// parseArgs reads the flags of args (up to the first word), without the
// environment. A mistake is one message and a line on where the flags
// are: the whole help after it (45 lines for serve) hid the message.
// Help asked for goes to stdout, the message still to stderr.
func (f *flags) parseArgs(args []string) error {
	helpAsked := false
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			helpAsked = true
		}
	}
	// The flag package prints its message and the help itself; both are
	// held back here, and what is wanted of them printed below.
	if !helpAsked {
		if err := f.emptyValue(args); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	f.SetOutput(&buf)
	err := f.Parse(args)
	if err == nil {
		if rerr := f.checkRepeats(args[:len(args)-len(f.Args())]); rerr != nil {
			return rerr
		}
	}
	f.SetOutput(os.Stdout) // asked for: to stdout, so that it pipes into a pager
	if err != nil && err != flag.ErrHelp {
		if helpAsked {
			f.Usage()
		}
		// The flag package names a flag with one dash in its messages;
		// the help and the docs write two, which is what people type.
		msg := longFlags(err.Error())
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
			if instead, ok := f.notFlags[strings.ToLower(strings.TrimLeft(name, "-"))]; ok {
				msg += ": " + instead
			} else if near := f.nearestFlag(name); near != "" {
				msg += fmt.Sprintf(" (did you mean --%s?)", near)
			}
		}
		return usageError{msg: msg, hint: fmt.Sprintf("run 'esahayak %s -h' for the flags", f.Name())}
	}
	if err == nil {
		err = f.flagTakenAsValue(args[:len(args)-len(f.Args())])
	}
	if err == flag.ErrHelp {
		f.Usage()
	}
	if err == nil {
		return f.switchValueApart(args)
	}
	return err
}

// emptyValue refuses a flag given the empty string on the command line
// (--events "", --db=, what a script's unset "$VAR" leaves), unless an
// empty value turns that flag's feature off (offWhenEmpty). Each flag
// answered it in its own way, or not at all: --db "" "use sqlite:PATH or
// …", a duration or a number the flag parser's "invalid value", --events
// "" every event type and --instance-id "" a random id, in silence, where
// --events "," was refused. Every one says the same now, exit status 2:
// leaving the flag out is how to ask for its default. (An environment
// variable set to "" is unset, as before: it never reaches here.)
func (f *flags) emptyValue(args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			return nil
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		fl := f.Lookup(name)
		if fl == nil {
			return nil // the flag package refuses it, naming it
		}
		if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue // a switch: its value, if any, follows "="
		}
		if !hasValue {
			if i++; i >= len(args) {
				return nil // the flag package says it needs a value
			}
			value = args[i]
		}
		if value != "" || f.offWhenEmpty[name] {
			continue
		}
		leave := "leave the flag out"
		if fl.DefValue != "" {
			leave += " for its default, " + fl.DefValue
		}
		give := "give it a value"
		if forms := f.valueForms[name]; forms != "" {
			give += ", " + forms
		}
		return usageError{msg: fmt.Sprintf("--%s \"\" is empty: %s, or %s", name, give, leave),
			hint: fmt.Sprintf("run 'esahayak %s -h' for the flags", f.Name())}
	}
	return nil
}

// flagTakenAsValue refuses a flag given without its value before another
// flag ("--account --email ops@acme.example"): the flag package took the
// next flag for the value, and the command then refused what followed
// it as a word it did not expect ("users create takes no arguments (got
// \"ops@acme.example\")"; "serve takes no arguments (got
// \"127.0.0.1:9090\"); did you mean --addr 127.0.0.1:9090?" to a person who
// had typed --addr), or ran with that flag's name as the value. args are
// the flags the flag package read; a flag whose values are flags
// (bench's --server-arg) says so with takesFlags. A help flag so taken
// ("--forward-to --help") is help asked for: flag.ErrHelp.
func (f *flags) flagTakenAsValue(args []string) error {
	for i := 0; i+1 < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			return nil
		}
		name, _, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		fl := f.Lookup(name)
		if fl == nil {
			return nil
		}
		if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); hasValue || ok && b.IsBoolFlag() {
			continue
		}
		i++
		if v, ok := fl.Value.(interface{ takesFlags() bool }); ok && v.takesFlags() {
			continue // bench's --server-arg
		}
		next, ok := strings.CutPrefix(args[i], "-")
		if !ok {
			continue
		}
		next, _, _ = strings.Cut(strings.TrimPrefix(next, "-"), "=")
		switch {
		case next == "h" || next == "help":
			return flag.ErrHelp
		case next != "" && f.Lookup(next) != nil:
			return usageError{msg: fmt.Sprintf("--%s has no value: the word after it, %s, is a flag; give --%s its value before it", fl.Name, args[i], fl.Name),
				hint: fmt.Sprintf("run 'esahayak %s -h' for the flags", f.Name())}
		}
	}
	return nil
}

// checkRepeats refuses, when f.refuseRepeats, a flag that args (flags
// the flag package has read) give a value other than the one it was given
// before, in args or in an earlier part of the command line (parseWords
// reads it a part at a time). The flag package keeps the last in silence:
// `listen --events stamp.uploaded --events stamp.failed` forwarded
// stamp.failed alone, `users create --email a@… --email b@…` made only
// b@…. Values are compared without the white space str trims.
func (f *flags) checkRepeats(args []string) error {
	if !f.refuseRepeats {
		return nil
	}
	if f.given == nil {
		f.given = map[string]string{}
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		fl := f.Lookup(name)
		if fl == nil {
			break
		}
		if !hasValue {
			if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				value = "true"
			} else if i+1 < len(args) {
				i++
				value = args[i]
			}
		}
		value = trimText(value)
		if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if v, err := strconv.ParseBool(value); err == nil {
				value = strconv.FormatBool(v) // --x, --x=1 and --x=true agree
			}
		}
		first, seen := f.given[fl.Name]
		if !seen {
			f.given[fl.Name] = value
			continue
		}
		if first == value {
			continue
		}
		advice := "give it once"
		if fl.Name == "events" {
			advice = "list the event types in one, separated by commas: --events " + first + "," + value
		}
		return usageError{msg: fmt.Sprintf("--%s given twice (%q, then %q); %s", fl.Name, redactFlag(fl.Name, first), redactFlag(fl.Name, value), advice)}
	}
	return nil
}

// redactFlag is a flag's value as a message may quote it: a secret's
// (--api-key, --operator-token) as "xxxxx", a --db's without its password.
func redactFlag(name, value string) string {
	switch name {
	case "api-key", "operator-token":
		return "xxxxx"
	case "db":
		return redactDB(value)
	}
	return value
}

// switchValueApart refuses a switch given its value after a space
// ("--allow-insecure-urls false"): a switch takes none there, so the flag
// package set it and left "false" as an argument, which each command then
// refused as a word it did not expect ("bench takes no arguments (got
// \"false\"); did you mean --scenario false?"), leaving the person to
// find the flag it belonged to.
func (f *flags) switchValueApart(args []string) error {
	rest := f.Args()
	i := len(args) - len(rest) - 1
	if len(rest) == 0 || i < 0 {
		return nil
	}
	name, ok := strings.CutPrefix(args[i], "-")
	name = strings.TrimPrefix(name, "-")
	if !ok || name == "" || strings.Contains(name, "=") {
		return nil
	}
	fl := f.Lookup(name)
	if fl == nil {
		return nil
	}
	if b, isBool := fl.Value.(interface{ IsBoolFlag() bool }); !isBool || !b.IsBoolFlag() {
		return nil
	}
	if _, err := strconv.ParseBool(strings.TrimSpace(rest[0])); err != nil {
		return nil
	}
	return usageError{
		msg:  fmt.Sprintf("--%s takes its value after \"=\": --%s=%s (--%s alone is true); %q was read as an argument", fl.Name, fl.Name, strings.TrimSpace(rest[0]), fl.Name, rest[0]),
		hint: fmt.Sprintf("run 'esahayak %s -h' for the flags", f.Name()),
	}
}

// nearestFlag is the flag of f that name, which f does not define, was
// most likely meant to be, as unknownEnv names the variable a misspelt one
// was meant to be: the same name in other case or with underscores (its
// variable's spelling: --operator_token), one within an edit per three
// letters and at most two (--allow-insecure-url), or else the only flag
// that begins with it (--forward for --forward-to). It is "" when none is,
// or two are equally near.
func (f *flags) nearestFlag(name string) string {
	want := strings.ReplaceAll(strings.ToLower(name), "_", "-")
	var names []string
	f.VisitAll(func(fl *flag.Flag) { names = append(names, fl.Name) })
	return suggest.Nearest(want, min(2, len(want)/3), true, suggest.Names(names...))
}

// applyEnv fills each flag the command line did not set from its
// environment variable, once all the arguments are read.
func (f *flags) applyEnv() error {
	if len(f.env) > 0 && !f.logsEnvWarnings {
		warnUnknownEnv()
	}
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	for name, env := range f.env {
		if set[name] {
			if v := os.Getenv(env); v != "" && !sameFlagValue(f.Lookup(name), v) {
				f.overridden = append(f.overridden, overriddenEnv{flag: name, env: env,
					value: redactFlag(name, f.Lookup(name).Value.String()), ignored: redactFlag(name, v)})
			}
			continue
		}
		// An empty variable is unset: compose files and `docker run -e`
		// declare variables with empty values.
		if v := os.Getenv(env); v != "" {
			if inQuotes(v) {
				return usageError{msg: quotedMistake(fmt.Sprintf("--%s (from %s)", name, env))}
			}
			if err := f.Set(name, v); err != nil {
				// The flag too: the help and the docs list the flag,
				// with its variable beside it.
				return usageError{msg: fmt.Sprintf("invalid %s=%q (--%s): %v", env, v, name, err)}
			}
			setFromEnv[name] = env
		}
	}
	slices.SortFunc(f.overridden, func(a, b overriddenEnv) int { return strings.Compare(a.flag, b.flag) })
	return nil
}

// sameFlagValue reports whether v, a flag's variable, gives fl the value
// the command line gave it: read as fl reads it (1 and true, 60s and 1m,
// the white space str trims), so that a variable and a flag that agree
// are not told apart.
func sameFlagValue(fl *flag.Flag, v string) bool {
	switch cur := fl.Value.(type) {
	case *boolValue:
		var other boolValue
		return other.Set(v) == nil && other == *cur
	case *intValue:
		var other intValue
		return other.Set(v) == nil && other == *cur
	case *durationValue:
		var other durationValue
		return other.Set(v) == nil && other.d == cur.d
	case *textValue:
		return cur.trim(v) == cur.s
	}
	return v == fl.Value.String()
}

// parseWords parses args with flags anywhere among the positional words
// (Go's flag package stops at the first word, and would leave the flags
// after it unread) and returns the words, in order. After "--" every
// argument is a word.
func (f *flags) parseWords(args []string) ([]string, error) {
	var words []string
	for {
		if err := f.parseArgs(args); err != nil {
			return nil, err
		}
		rest := f.Args()
		if len(rest) == 0 {
			break
		}
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			words = append(words, rest...)
			break
		}
		words, args = append(words, rest[0]), rest[1:]
	}
	return words, f.applyEnv()
}

// setFromEnv names, for each flag this process took from an environment
// variable, that variable: a later complaint about "--addr" then says
// where the value came from ("--addr (from ESAHAYAK_ADDR)"), since the
// user typed no such flag. One command runs per process.
var setFromEnv = map[string]string{}

var flagFirst = regexp.MustCompile(`^(?:bench: )?--([a-z][a-z0-9-]*)`) // the bench's messages start "bench: "

// withEnvNames adds the variable after the flag a message is about (the
// one it starts with: "--addr \"x\": must be HOST:PORT") when its value
// came from one. A flag named later, as in a usage line, is left alone.
func withEnvNames(msg string) string {
	m := flagFirst.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	env, ok := setFromEnv[m[1]]
	if !ok {
		return msg
	}
	return m[0] + " (from " + env + ")" + msg[len(m[0]):]
}

// withEnvSources puts, in a failure's message (exit status 1), the
// variable a flag took its value from where the message names the flag:
// the advice of a failure found once the command ran ("is `esahayak
// serve` running there? set --api-base", "is --api-base an esahayak
// server?") sent a user who had set ESAHAYAK_API_BASE, and typed no flag,
// looking for a flag. A message that names the variable already is left
// as it is; so is a flag inside a word or a longer flag's name.
func withEnvSources(msg string) string {
	for name, env := range setFromEnv {
		if strings.Contains(msg, env) {
			continue
		}
		flag := "--" + name
		for from := 0; ; {
			i := strings.Index(msg[from:], flag)
			if i < 0 {
				break
			}
			i += from
			end := i + len(flag)
			before := i == 0 || strings.ContainsRune(" (`'\"", rune(msg[i-1]))
			after := end == len(msg) || !(msg[end] == '-' || msg[end] == '=' || msg[end] >= 'a' && msg[end] <= 'z' || msg[end] >= '0' && msg[end] <= '9')
			if before && after {
				msg = msg[:i] + env + msg[end:]
				end = i + len(env)
			}
			from = end
		}
	}
	return msg
}

// flagInMessage is a flag named with one dash in the flag package's
// messages ("flag provided but not defined: -x", "invalid value … for
// flag -x: …", "flag needs an argument: -x"). Any letter: a flag typed
// in full-width letters (--ｄｂ, from an input method) was named "-ｄｂ",
// not as typed. Not a digit, which begins a negative value there.
var flagInMessage = regexp.MustCompile(`(: |for flag |for )-(\pL)`)

func longFlags(msg string) string { return flagInMessage.ReplaceAllString(msg, "$1--$2") }
