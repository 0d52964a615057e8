// Command meshpay is the one binary of meshpay: the device daemon, the
// operator CLI and the local devnet.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/meshpay/meshpay/node"
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
		"devnet":  {"start (up), stop (down) or show (status) the embedded dev chain", runDevnet},
		"init":    {"create the node's key in its data dir", runInit},
		"node":    {"run the device node (run) or describe the running one (info)", runNode},
		"peer":    {"list the node's peers or connect to one (list, connect)", peerGroup().run},
		"offer":   {"list service offers or publish one (list, publish)", offerGroup().run},
		"channel": {"open, pay over, close and watch channels (list, show, open, pay, ...)", channelGroup().run},
		"payment": {"list, export or total the channels' payments (list, export, totals)", paymentGroup().run},
		"session": {"inspect metered service sessions (list, show)", sessionGroup().run},
		"alert":   {"list spending anomalies (list)", alertGroup().run},
		"demo":    {"run the three-device demo on the embedded devnet (car, toll gate, EV charger)", runDemo},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	node.Version = version
	cmds := commands()
	if len(args) == 2 && args[0] == "help" {
		args = []string{args[1], "-h"}
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout, cmds)
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "meshpay: unknown command %q (see 'meshpay help')\n", args[0])
		return 2
	}
	err := c.run(args[1:], stdout, stderr)
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelp), errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "meshpay %s: %v\n", args[0], err)
		return 2
	}
	fmt.Fprintf(stderr, "meshpay %s: %v\n", args[0], err)
	return 1
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
	fmt.Fprintln(w, "\nRun 'meshpay <command> -h' for a command's help and examples. Commands that talk to\na running node find it from --datadir (env MESHPAY_DATADIR, default ~/.meshpay/node),\nor --api and --token-file; -o json prints the control API's JSON for scripts.")
}
