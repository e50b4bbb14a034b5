package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/webflowkit/assets/wrapper"
)

// Exit codes of the command.
const (
	exitOK          = 0
	exitFailed      = 1   // a request or a row failed
	exitUsage       = 2   // the command line is invalid
	exitInterrupted = 130 // SIGINT or SIGTERM, as shells report 128+SIGINT
)

const programName = "webflow-assets"

// cli is the environment and the standard streams of a command, passed in so
// that tests can run commands in-process.
type cli struct {
	lookupEnv func(string) (string, bool)
	stdin     io.Reader
	stdout    io.Writer
	stderr    io.Writer
}

// command is a subcommand such as "update".
type command struct {
	name    string
	summary string
	usage   string
	run     func(ctx context.Context, c *cli, cmd *command, args []string) int
}

// commands lists the subcommands in the order that help shows them. It is
// filled in by init, because help refers to it.
var commands []*command

func init() {
	commands = []*command{updateCommand, bulkCommand, demoCommand, fakeCommand, helpCommand, versionCommand}
}

func findCommand(name string) *command {
	for _, cmd := range commands {
		if cmd.name == name {
			return cmd
		}
	}
	return nil
}

// run runs the command line args (without the program name) and returns the
// exit code. Cancelling ctx interrupts the command as SIGINT does.
func run(ctx context.Context, args []string, lookupEnv func(string) (string, bool), stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{lookupEnv: lookupEnv, stdin: stdin, stdout: stdout, stderr: stderr}

	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage())
		return exitUsage
	}

	switch name := args[0]; name {
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, mainUsage())
		return exitOK
	case "-version", "--version":
		return versionCommand.run(ctx, c, versionCommand, args[1:])
	default:
		cmd := findCommand(name)
		if cmd == nil {
			fmt.Fprintf(stderr, "%s: unknown command %q\n\n%s", programName, name, mainUsage())
			return exitUsage
		}
		return cmd.run(ctx, c, cmd, args[1:])
	}
}

func mainUsage() string {
	var b strings.Builder

	fmt.Fprintf(&b, "%s changes the display names of Webflow assets through the Data API v2\n", programName)
	b.WriteString("(PATCH https://api.webflow.com/v2/assets/{asset_id}).\n\n")
	fmt.Fprintf(&b, "Usage:\n  %s COMMAND [ARGUMENTS]\n\nCommands:\n", programName)
	for _, cmd := range commands {
		fmt.Fprintf(&b, "  %-8s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintf(&b, "\nThe API token is read from %s, or from the file that --token-file names.\n", wrapper.TokenEnv)
	b.WriteString("Exit codes: 0 success, 1 a request or row failed, 2 invalid command line or input file, 130 interrupted.\n")
	fmt.Fprintf(&b, "Run %q for the flags of a command.\n", programName+" help COMMAND")
	return b.String()
}

// parseCommandLine parses the flags of fs wherever they stand among the
// positional arguments, and returns the positional arguments. The standard
// flag package stops at the first positional argument, so the flags are
// moved in front of the positional ones first. "--" ends the flags.
//
// It returns flag.ErrHelp for -h and --help, and otherwise an error that
// names the flag.
func parseCommandLine(fs *flag.FlagSet, args []string) ([]string, error) {
	flagArgs, positional := splitArgs(fs, args)
	if err := fs.Parse(flagArgs); err != nil {
		return nil, err
	}
	return append(fs.Args(), positional...), nil
}

// splitArgs separates flags, with their values, from positional arguments.
// A flag that is not a boolean takes the next argument as its value unless
// it is written as --name=value, as the flag package does.
func splitArgs(fs *flag.FlagSet, args []string) (flagArgs, positional []string) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		switch {
		case arg == "--":
			return flagArgs, append(positional, args[i+1:]...)
		case len(arg) < 2 || arg[0] != '-':
			positional = append(positional, arg)
			continue
		}

		flagArgs = append(flagArgs, arg)
		name, _, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if !hasValue && takesValue(fs, name) && i+1 < len(args) {
			i++
			flagArgs = append(flagArgs, args[i])
		}
	}
	return flagArgs, positional
}

// takesValue reports whether the flag name expects a value in the next
// argument. An unknown flag does not; fs.Parse then rejects it.
func takesValue(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && !isBoolFlag(f)
}

// isBoolFlag reports whether f is a boolean flag, which takes no value in
// the next argument, as the flag package defines it.
func isBoolFlag(f *flag.Flag) bool {
	boolFlag, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && boolFlag.IsBoolFlag()
}

// parseFlagsOnly parses args for a cmd that takes flags and no positional
// arguments. It returns -1, or the exit code when the command should stop.
func (c *cli) parseFlagsOnly(cmd *command, fs *flag.FlagSet, args []string) int {
	positional, code := c.parseFlags(cmd, fs, args)
	if code >= 0 {
		return code
	}
	if len(positional) > 0 {
		return c.usageFailure(cmd, "expected no arguments, got %q", positional)
	}
	return -1
}

// parseFlags parses args for cmd. It returns the positional arguments and
// -1, or the exit code when the command should stop: exitOK after printing
// the usage for -h, exitUsage after a flag error.
func (c *cli) parseFlags(cmd *command, fs *flag.FlagSet, args []string) ([]string, int) {
	fs.SetOutput(io.Discard)
	positional, err := parseCommandLine(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(c.stdout, cmd.usage)
		return nil, exitOK
	case err != nil:
		return nil, c.usageFailure(cmd, "%v", err)
	}
	return positional, -1
}

var helpCommand = &command{
	name:    "help",
	summary: "Print the usage of the program or of one command",
	usage: `Usage:
  webflow-assets help [COMMAND]

Prints the list of commands, or the usage and flags of COMMAND.
`,
	run: runHelp,
}

func runHelp(_ context.Context, c *cli, cmd *command, args []string) int {
	switch len(args) {
	case 0:
		fmt.Fprint(c.stdout, mainUsage())
		return exitOK
	case 1:
		topic := findCommand(args[0])
		if topic == nil {
			return c.usageFailure(cmd, "unknown command %q", args[0])
		}
		fmt.Fprint(c.stdout, topic.usage)
		return exitOK
	default:
		return c.usageFailure(cmd, "expected at most one command name, got %d arguments", len(args))
	}
}

var versionCommand = &command{
	name:    "version",
	summary: "Print the version of the client",
	usage: `Usage:
  webflow-assets version

Prints the version of the webflowkit assets client that this program is built from.
`,
	run: runVersion,
}

func runVersion(_ context.Context, c *cli, cmd *command, args []string) int {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	if code := c.parseFlagsOnly(cmd, fs, args); code >= 0 {
		return code
	}

	fmt.Fprintf(c.stdout, "%s %s\n", programName, wrapper.Version)
	return exitOK
}
