package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ConfigFile is the optional per-node config file in the data dir: a JSON
// object whose keys are the long flag names of 'meshpay node run'.
const ConfigFile = "meshpay.json"

// envName is the environment variable of a flag: MESHPAY_ and the flag in
// upper snake case (--metrics-addr: MESHPAY_METRICS_ADDR).
func envName(flagName string) string {
	return "MESHPAY_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyLayers fills every flag not given on the command line from, in this
// order, its environment variable and the config file; defaults come last.
func applyLayers(flags *flag.FlagSet, configPath string) error {
	set := map[string]bool{}
	flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	file := map[string]any{}
	if configPath != "" {
		b, err := os.ReadFile(configPath)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return fmt.Errorf("config file: %w", err)
		default:
			dec := json.NewDecoder(strings.NewReader(string(b)))
			dec.UseNumber()
			if err := dec.Decode(&file); err != nil {
				return fmt.Errorf("config file %s: %w", configPath, err)
			}
		}
	}
	for k := range file {
		if flags.Lookup(k) == nil {
			return fmt.Errorf("config file %s: unknown option %q", configPath, k)
		}
	}
	var errs []error
	flags.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if err := flags.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", envName(f.Name), err))
			}
			return
		}
		if v, ok := file[f.Name]; ok {
			s := fmt.Sprint(v)
			if list, ok := v.([]any); ok {
				parts := make([]string, len(list))
				for i, e := range list {
					parts[i] = fmt.Sprint(e)
				}
				s = strings.Join(parts, ",")
			}
			if err := flags.Set(f.Name, s); err != nil {
				errs = append(errs, fmt.Errorf("config file %s: %s: %w", configPath, f.Name, err))
			}
		}
	})
	return errors.Join(errs...)
}

// listFlag is a comma-separated list flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	*l = nil
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

func defaultNodeDir() string {
	if d := os.Getenv("MESHPAY_DATADIR"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ".meshpay/node"
	}
	return filepath.Join(home, ".meshpay", "node")
}

// dataDirFrom finds --datadir among args before the full parse, so the
// config file in it can be read.
func dataDirFrom(args []string) string {
	for i, a := range args {
		for _, p := range []string{"--datadir=", "-datadir="} {
			if strings.HasPrefix(a, p) {
				return strings.TrimPrefix(a, p)
			}
		}
		if (a == "--datadir" || a == "-datadir") && i+1 < len(args) {
			return args[i+1]
		}
	}
	return defaultNodeDir()
}
