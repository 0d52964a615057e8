package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"github.com/meshpay/meshpay/node/control"
)

// Output formats of -o.
const (
	outputTable = "table"
	outputJSON  = "json"
)

// apiOptions are the flags of every command that talks to a running node.
type apiOptions struct {
	dataDir, api, tokenFile, output string
}

// register adds --datadir, --api, --token-file and, with output, -o.
func (o *apiOptions) register(fs *flag.FlagSet, output bool) {
	fs.StringVar(&o.dataDir, "datadir", defaultNodeDir(), "node data dir: its control socket and token are used (env MESHPAY_DATADIR)")
	fs.StringVar(&o.api, "api", os.Getenv("MESHPAY_API"), "control API endpoint instead of the data dir's: http://127.0.0.1:7420, 127.0.0.1:7420 or unix:///path/control.sock (env MESHPAY_API)")
	fs.StringVar(&o.tokenFile, "token-file", os.Getenv("MESHPAY_TOKEN_FILE"), "control API token file (default <datadir>/control.token; env MESHPAY_TOKEN_FILE)")
	if output {
		fs.StringVar(&o.output, "o", outputTable, "output: table (for people) or json (for scripts: the control API's types)")
	}
}

func (o *apiOptions) json() bool { return o.output == outputJSON }

// checkOutput validates -o before anything is sent.
func (o *apiOptions) checkOutput() error {
	if o.output != "" && o.output != outputTable && o.output != outputJSON {
		return fmt.Errorf("invalid output %q: want table or json", o.output)
	}
	return nil
}

// nodeConn is a client of one running node, with what the error messages
// need to name it.
type nodeConn struct {
	*control.Client
	where     string // the socket path or URL, for messages
	tokenPath string
}

// connect finds the node: --api or the data dir's socket (else the TCP
// address the node wrote there), and the token.
func (o *apiOptions) connect() (*nodeConn, error) {
	if err := o.checkOutput(); err != nil {
		return nil, err
	}
	c := &nodeConn{tokenPath: o.tokenFile}
	if c.tokenPath == "" {
		c.tokenPath = filepath.Join(o.dataDir, control.TokenFile)
	}
	var endpoint string
	if o.api != "" {
		var err error
		if endpoint, err = apiEndpoint(o.api); err != nil {
			return nil, err
		}
		c.where = o.api
	} else {
		sock := filepath.Join(o.dataDir, control.SocketFile)
		c.where = sock
		if fi, err := os.Stat(sock); err == nil && fi.Mode()&fs.ModeSocket != 0 {
			abs, err := filepath.Abs(sock)
			if err != nil {
				return nil, err
			}
			endpoint = "unix://" + filepath.ToSlash(abs)
		} else if b, err := os.ReadFile(filepath.Join(o.dataDir, control.AddrFile)); err == nil {
			endpoint = strings.TrimSpace(string(b))
			c.where = endpoint
		} else {
			return nil, errNotRunning(sock)
		}
	}
	token, err := control.ReadToken(c.tokenPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("no token file %s for the node at %s: give --token-file", c.tokenPath, c.where)
	case errors.Is(err, control.ErrInvalidArgument):
		return nil, fmt.Errorf("wrong token for the node at %s: %s is not a control token (64 hex digits)", c.where, c.tokenPath)
	case err != nil:
		return nil, fmt.Errorf("token for the node at %s: %w", c.where, err)
	}
	if c.Client, err = control.NewClient(endpoint, token); err != nil {
		return nil, fmt.Errorf("--api %q: %w", o.api, err)
	}
	return c, nil
}

// apiEndpoint turns --api into a client endpoint: a URL as is, an absolute
// path as a unix socket, host:port as http.
func apiEndpoint(s string) (string, error) {
	switch {
	case strings.HasPrefix(s, "http://"), strings.HasPrefix(s, "https://"), strings.HasPrefix(s, "unix://"):
		return s, nil
	case filepath.IsAbs(s):
		return "unix://" + filepath.ToSlash(s), nil
	case strings.Contains(s, ":") && !strings.Contains(s, "/"):
		return "http://" + s, nil
	}
	return "", fmt.Errorf("--api %q: want http://host:port, host:port or unix:///path/to/control.sock", s)
}

func errNotRunning(where string) error {
	return fmt.Errorf("node not running at %s: start it with 'meshpay node run'", where)
}

// cliError is an error rewritten for the operator; it still matches what it
// wraps with errors.Is.
type cliError struct {
	msg string
	err error
}

func (e *cliError) Error() string { return e.msg }
func (e *cliError) Unwrap() error { return e.err }

// explain turns an error of the control client into one line for the
// operator.
func (c *nodeConn) explain(err error) error {
	if err == nil {
		return nil
	}
	var ae *control.APIError
	switch {
	case errors.As(err, &ae) && ae.Status == http.StatusUnauthorized:
		return &cliError{fmt.Sprintf("wrong token for the node at %s (from %s): use the node's %s or --token-file", c.where, c.tokenPath, control.TokenFile), err}
	case errors.As(err, &ae):
		return &cliError{fmt.Sprintf("%s (%s)", ae.Message, ae.Code), err}
	case errors.Is(err, control.ErrUnavailable):
		return &cliError{errNotRunning(c.where).Error(), err}
	case errors.Is(err, context.DeadlineExceeded):
		return &cliError{fmt.Sprintf("the node at %s did not answer in time", c.where), err}
	}
	return err
}

// writeJSON prints v indented, for scripts.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeList prints a list command's answer: with -o json the object
// {key: items} (an empty list, never null); else none when there are no
// items, or the table that table writes.
func writeList[T any](o *apiOptions, w io.Writer, key string, items []T, none string, table func(tw io.Writer)) error {
	if o.json() {
		if items == nil {
			items = []T{}
		}
		return writeJSON(w, map[string][]T{key: items})
	}
	if len(items) == 0 {
		_, err := fmt.Fprintln(w, none)
		return err
	}
	tw := newTable(w)
	table(tw)
	return tw.Flush()
}

// newTable is the aligned table every command prints for people.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

// printable makes text from peers (payment references, descriptions) safe
// for a terminal and a table: control characters and tabs are escaped.
func printable(s string) string {
	if s == "" {
		return "-"
	}
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
