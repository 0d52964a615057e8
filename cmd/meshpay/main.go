// Command meshpay is the one binary of meshpay: the device daemon, the
// operator CLI and the local devnet.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// command is one subcommand: its one-line summary and what it runs.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"version": {"print the version", func(_ []string, out, _ io.Writer) error {
			_, err := fmt.Fprintln(out, "meshpay", version)
			return err
		}},
		"devnet": {"start the embedded dev chain (up) or show it (status)", runDevnet},
		"demo": {"run the three-device demo (not yet available)", func(_ []string, out, _ io.Writer) error {
			_, err := fmt.Fprintln(out, "meshpay demo: not yet: the device demo lands with the node and CLI issues")
			return err
		}},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout, cmds)
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "meshpay: unknown command %q (see 'meshpay help')\n", args[0])
		return 2
	}
	if err := c.run(args[1:], stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "meshpay %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "meshpay: payment channels for machines\n\nUsage: meshpay <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
}
