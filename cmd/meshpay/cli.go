package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// errHelp reports that help was asked for and printed: exit status 0.
var errHelp = errors.New("help printed")

// usageError is a command line the command cannot run: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// subcommand is one verb of a command group ("channel pay").
type subcommand struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

// group is a command with verbs, such as "channel".
type group struct {
	name, summary, footer string
	subs                  []subcommand
}

// run runs the verb in args[0]; no verb or help prints the group's usage.
func (g group) run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		g.usage(stderr)
		return usagef("missing %s command", g.name)
	}
	if isHelp(args[0]) {
		g.usage(stdout)
		return errHelp
	}
	for _, s := range g.subs {
		if s.name == args[0] {
			return s.run(args[1:], stdout, stderr)
		}
	}
	return usagef("unknown %s command %q (want %s)", g.name, args[0], g.names())
}

func (g group) names() string {
	names := make([]string, len(g.subs))
	for i, s := range g.subs {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}

func (g group) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: meshpay %s <command> [flags]\n\n%s\n\nCommands:\n", g.name, g.summary)
	for _, s := range g.subs {
		fmt.Fprintf(w, "  %-9s %s\n", s.name, s.summary)
	}
	fmt.Fprintf(w, "\nRun 'meshpay %s <command> -h' for its flags and examples.\n", g.name)
	if g.footer != "" {
		fmt.Fprintf(w, "\n%s\n", g.footer)
	}
}

func isHelp(a string) bool { return a == "-h" || a == "-help" || a == "--help" || a == "help" }

// newFlags is a verb's flag set; help is its text before the flags.
func newFlags(name, help string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, strings.TrimRight(help, "\n")+"\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses flags anywhere among the positional arguments
// ("channel pay 0xab… 1eth --reference x") and checks their number. Help
// goes to stdout.
func parseArgs(fs *flag.FlagSet, args []string, stdout io.Writer, minPos, maxPos int) ([]string, error) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return nil, errHelp
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, &usageError{err.Error()}
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	switch {
	case len(pos) < minPos:
		fs.Usage()
		return nil, usagef("%s: missing arguments", fs.Name())
	case maxPos >= 0 && len(pos) > maxPos:
		fs.Usage()
		return nil, usagef("%s: unexpected arguments %q", fs.Name(), pos[maxPos:])
	}
	return pos, nil
}
