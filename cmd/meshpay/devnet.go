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

// runDevnet dispatches "meshpay devnet up|status".
func runDevnet(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: meshpay devnet up|status [flags]")
	}
	switch args[0] {
	case "up":
		return devnetUp(args[1:], stdout, stderr)
	case "status":
		return devnetStatus(args[1:], stdout)
	}
	return fmt.Errorf("unknown devnet command %q (want up or status)", args[0])
}

func devnetUp(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("devnet up", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("datadir", defaultDevnetDir(), "data dir: chain, keys and devnet.json (env MESHPAY_DEVNET_DIR)")
	port := fs.Int("http-port", 8545, "JSON-RPC port on 127.0.0.1, HTTP and WebSocket (0: any free port)")
	period := fs.Duration("block-period", time.Second, "time between blocks")
	devices := fs.Int("devices", 10, "number of funded device accounts")
	verbose := fs.Bool("v", false, "log the devnet's progress")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: meshpay devnet up [flags]\n\nStarts the embedded dev chain in the foreground; Ctrl-C stops it and keeps its state.\n\nExample:\n  meshpay devnet up --datadir /tmp/devnet --http-port 0\n\nFlags:")
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
	d, err := devnet.Start(ctx, devnet.Config{
		DataDir: *dir, HTTPPort: *port, WSPort: *port, BlockPeriod: *period, Devices: *devices,
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
