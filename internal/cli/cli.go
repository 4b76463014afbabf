// Package cli is opsreport's command line: one pflag FlagSet per command,
// usage text, and exit codes (0 success, 1 input errors, 2 usage).
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
	"github.com/opsreport/opsreport/internal/sitefs"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitInput = 1
	ExitUsage = 2
)

// env is what a command may touch besides the file system.
type env struct {
	stdout, stderr io.Writer
}

// command is one subcommand.
type command struct {
	name    string
	aliases []string // other names it answers to (Hugo's, for its users' habits)
	summary string
	usage   string                          // after "opsreport NAME"
	more    func(c *command, e *env) string // more help after the flags, for a command with two forms
	run     func(ctx context.Context, c *command, e *env, args []string) error
}

var commands []command

func init() {
	commands = []command{buildCmd, checkCmd, figuresCmd, serveCmd, newCmd, closeCmd, pullCmd, pdfCmd, versionCmd}
}

// errUsage marks a usage mistake (exit 2); its message is already printed.
var errUsage = errors.New("usage")

// errInput marks input errors whose diagnostics are already printed (exit 1).
var errInput = errors.New("input errors")

// Main runs the command line args and returns the exit code. No panic
// escapes it: a bug is reported in one line, never a stack trace.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "opsreport: internal error: %v\nplease report it with the command you ran\n", r)
			code = ExitInput
		}
	}()
	e := &env{stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w := stdout
		if len(args) == 0 {
			w = stderr
		}
		mainUsage(w)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	for _, c := range commands {
		if c.name == args[0] || slices.Contains(c.aliases, args[0]) {
			return exitCode(c.run(ctx, &c, e, args[1:]), stderr)
		}
	}
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	fmt.Fprintf(stderr, "opsreport: unknown command %q%s\nRun 'opsreport -h' for the commands.\n", args[0], diag.DidYouMean(args[0], names))
	return ExitUsage
}

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, errHelp):
		return ExitOK
	case errors.Is(err, errUsage):
		return ExitUsage
	case errors.Is(err, errInput):
		return ExitInput
	}
	fmt.Fprintf(stderr, "opsreport: %v\n", err)
	return ExitInput
}

func mainUsage(w io.Writer) {
	fmt.Fprintln(w, "opsreport builds operating reviews and board reports from KPI spreadsheets and markdown.")
	fmt.Fprintln(w, "\nUsage: opsreport COMMAND [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s%s\n", c.name, c.summary, alsoNamed(&c))
	}
	fmt.Fprintln(w, "\nRun 'opsreport COMMAND -h' for a command's flags.")
}

// flags makes a command's FlagSet with its usage text.
func flags(c *command, e *env) *pflag.FlagSet {
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args; -h prints usage (exit 0), a bad flag prints the error
// and a hint (exit 2).
func parse(c *command, e *env, fs *pflag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintf(e.stdout, "Usage: opsreport %s %s\n\n%s%s\n\nFlags:\n%s", c.name, c.usage, c.summary, alsoNamed(c), fs.FlagUsages())
		if c.more != nil {
			fmt.Fprint(e.stdout, c.more(c, e))
		}
		return errHelp
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "opsreport %s: %v\nRun 'opsreport %s -h' for its flags.\n", c.name, err, c.name)
		return errUsage
	}
	return nil
}

// alsoNamed is " (also: server)" for a command with other names.
func alsoNamed(c *command) string {
	if len(c.aliases) == 0 {
		return ""
	}
	return " (also: " + strings.Join(c.aliases, ", ") + ")"
}

// errHelp ends a command after -h with exit 0.
var errHelp = errors.New("help shown")

// usageErrorf prints a usage mistake and returns errUsage.
func usageErrorf(c *command, e *env, format string, args ...any) error {
	fmt.Fprintf(e.stderr, "opsreport %s: %s\nRun 'opsreport %s -h' for its flags.\n", c.name, fmt.Sprintf(format, args...), c.name)
	return errUsage
}

var versionCmd = command{
	name:    "version",
	summary: "print the version, commit and Go version",
	run: func(ctx context.Context, c *command, e *env, args []string) error {
		fs := flags(c, e)
		if err := parse(c, e, fs, args); err != nil {
			return err
		}
		version, commit, goVersion := "(devel)", "unknown", "unknown"
		if info, ok := debug.ReadBuildInfo(); ok {
			goVersion = info.GoVersion
			if info.Main.Version != "" {
				version = info.Main.Version
			}
			for _, s := range info.Settings {
				if s.Key == "vcs.revision" {
					commit = s.Value
				}
			}
		}
		fmt.Fprintf(e.stdout, "opsreport %s (commit %s, %s)\n", version, commit, goVersion)
		return nil
	},
}

// siteFS opens the site folder, which must exist.
func siteFS(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("site folder %s: %w", dir, errors.Unwrap(err))
	}
	if !fi.IsDir() {
		return fmt.Errorf("site folder %s is not a folder", dir)
	}
	return nil
}

// openSite opens the site folder for reading: only its own regular files
// (see sitefs).
func openSite(dir string) (*sitefs.FS, error) {
	if err := siteFS(dir); err != nil {
		return nil, err
	}
	return sitefs.Open(dir)
}

// loadSite loads the site folder dir with its drafts, for commands that
// read its data and narratives but show no closed review (close,
// figures); on input errors it prints them and "nothing <done>".
func loadSite(e *env, dir, done string) (*site.Site, error) {
	fsys, err := openSite(dir)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	var d diag.List
	// Neither close nor figures shows a closed review: its snapshot's
	// other months are not read, nor checked.
	s := site.Load(fsys, site.Options{Look: opsreport.Builtin, Drafts: true, SnapshotsInPart: true}, &d)
	d.Print(e.stderr)
	if d.HasErrors() {
		fmt.Fprintf(e.stderr, "%s; nothing %s\n", diag.Plural(d.Errors(), "error"), done)
		return nil, errInput
	}
	return s, nil
}
