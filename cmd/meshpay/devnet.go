package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/meshpay/meshpay/devnet"
)

func defaultDevnetDir() string {
	if d := os.Getenv("MESHPAY_DEVNET_DIR"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ".meshpay/devnet"
	}
	return filepath.Join(home, ".meshpay", "devnet")
}

// PIDFile is the file in the devnet's data dir that holds the process ID of
// the running 'meshpay devnet up', locked while it runs.
const PIDFile = "devnet.pid"

// runDevnet dispatches "meshpay devnet up|down|status".
func runDevnet(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: meshpay devnet up|down|status [flags]")
	}
	if isHelp(args[0]) {
		fmt.Fprintln(stdout, "Usage: meshpay devnet up|down|status [flags]\n\n  up      start the embedded dev chain in the foreground\n  down    stop the 'devnet up' running on the data dir\n  status  check the devnet of the data dir\n\nRun 'meshpay devnet <command> -h' for its flags.")
		return errHelp
	}
	switch args[0] {
	case "up":
		return devnetUp(args[1:], stdout, stderr)
	case "down":
		return devnetDown(args[1:], stdout, stderr)
	case "status":
		return devnetStatus(args[1:], stdout)
	}
	return fmt.Errorf("unknown devnet command %q (want up, down or status)", args[0])
}

func devnetUp(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("devnet up", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("datadir", defaultDevnetDir(), "data dir: chain, keys and devnet.json (env MESHPAY_DEVNET_DIR)")
	host := fs.String("host", devnet.DefaultHost, "interface the JSON-RPC servers listen on (0.0.0.0 in a container: other containers reach it by name)")
	port := fs.Int("http-port", 8545, "JSON-RPC port on --host, HTTP and WebSocket (0: any free port)")
	period := fs.Duration("block-period", time.Second, "time between blocks")
	devices := fs.Int("devices", 10, "number of funded device accounts")
	verbose := fs.Bool("v", false, "log the devnet's progress")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: meshpay devnet up [flags]\n\nStarts the embedded dev chain in the foreground; Ctrl-C (or 'meshpay devnet down'\nin another terminal) stops it and keeps its state. Its process ID is in\n<datadir>/"+PIDFile+" while it runs.\n\nExample:\n  meshpay devnet up --datadir /tmp/devnet --http-port 0\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The pid file is locked before the chain starts, so a second 'up' on
	// the same dir fails fast, and after the signal handler is in place, so
	// 'down' cannot kill the process unhandled.
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		return err
	}
	release, err := lockPIDFile(filepath.Join(*dir, PIDFile))
	if err != nil {
		return err
	}
	defer release()
	d, err := devnet.Start(ctx, devnet.Config{
		DataDir: *dir, Host: *host, HTTPPort: *port, WSPort: *port, BlockPeriod: *period, Devices: *devices,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	})
	if err != nil {
		return err
	}
	desc := d.Descriptor()
	fmt.Fprintf(stdout, "devnet up: chain %d at %s (ws %s)\nChannelManager %s, token %s (%s)\ndescriptor %s\nCtrl-C stops it.\n",
		desc.ChainID, d.HTTPURL(), d.WSURL(), desc.ChannelManager, desc.Token, desc.TokenSymbol, filepath.Join(*dir, "devnet.json"))
	<-ctx.Done()
	fmt.Fprintln(stdout, "stopping devnet")
	return d.Close()
}

func devnetStatus(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("devnet status", flag.ContinueOnError)
	dir := fs.String("datadir", defaultDevnetDir(), "devnet data dir (env MESHPAY_DEVNET_DIR)")
	output := fs.String("o", "table", "output: table or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path := filepath.Join(*dir, "devnet.json")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rep, err := devnet.Status(ctx, path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("no devnet at %s: start one with 'meshpay devnet up'", *dir)
	}
	if err != nil {
		return fmt.Errorf("devnet at %s: %w", path, err)
	}
	if *output == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "rpc\t%s\nchain id\t%d (matches descriptor: %v)\nhead\t%d at %s\n", rep.RPC, rep.ChainID, rep.ChainIDMatches, rep.Head, rep.HeadTime.Format(time.RFC3339))
	fmt.Fprintf(tw, "ChannelManager\t%s (code: %v)\ntoken\t%s %s (code: %v)\n", rep.ChannelManager.Address, rep.ChannelManager.HasCode, rep.Token.Address, rep.TokenSymbol, rep.Token.HasCode)
	fmt.Fprintf(tw, "devices\t%d\n", len(rep.Devices))
	return tw.Flush()
}

func devnetDown(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("devnet down", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("datadir", defaultDevnetDir(), "devnet data dir (env MESHPAY_DEVNET_DIR)")
	timeout := fs.Duration("timeout", 30*time.Second, "how long to wait for it to stop")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: meshpay devnet down [flags]\n\nStops the 'meshpay devnet up' running on the data dir, as Ctrl-C would (SIGTERM\nto the process in <datadir>/"+PIDFile+"), and waits until it has stopped; the\nchain's state is kept.\n\nExample:\n  meshpay devnet down --datadir /tmp/devnet\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	pid, err := stopDevnet(filepath.Join(*dir, PIDFile), *timeout)
	if err != nil {
		return fmt.Errorf("devnet at %s: %w", *dir, err)
	}
	_, err = fmt.Fprintf(stdout, "devnet stopped (pid %d)\n", pid)
	return err
}
