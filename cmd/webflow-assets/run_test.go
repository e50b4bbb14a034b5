package main

import (
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/webflowkit/assets/wrapper"
)

func TestRunHelpAndVersion(t *testing.T) {
	cases := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string // a substring; "" means stdout must be empty
		wantStderr string // a substring; "" means stderr must be empty
	}{
		{name: "no arguments", args: nil, wantCode: exitUsage, wantStderr: "Commands:\n  update"},
		{name: "-h", args: []string{"-h"}, wantCode: exitOK, wantStdout: "Commands:\n  update"},
		{name: "help", args: []string{"help"}, wantCode: exitOK, wantStdout: "Exit codes: 0 success"},
		{name: "help bulk", args: []string{"help", "bulk"}, wantCode: exitOK, wantStdout: "the header\nis line 1"},
		{name: "help lists fake", args: []string{"help"}, wantCode: exitOK, wantStdout: "\n  fake     Run a fake Webflow server"},
		{name: "help fake", args: []string{"help", "fake"}, wantCode: exitOK, wantStdout: "Usage:\n  webflow-assets fake [--addr HOST:PORT]"},
		{name: "help unknown", args: []string{"help", "rename"}, wantCode: exitUsage, wantStderr: `unknown command "rename"`},
		{name: "update -h", args: []string{"update", "-h"}, wantCode: exitOK, wantStdout: "Usage:\n  webflow-assets update ASSET_ID"},
		{name: "bulk --help", args: []string{"bulk", "--help"}, wantCode: exitOK, wantStdout: "Usage:\n  webflow-assets bulk --from"},
		{name: "version", args: []string{"version"}, wantCode: exitOK, wantStdout: "webflow-assets " + wrapper.Version + "\n"},
		{name: "--version", args: []string{"--version"}, wantCode: exitOK, wantStdout: "webflow-assets " + wrapper.Version + "\n"},
		{name: "version with argument", args: []string{"version", "x"}, wantCode: exitUsage, wantStderr: "expected no arguments"},
		{name: "unknown command", args: []string{"rename"}, wantCode: exitUsage, wantStderr: `unknown command "rename"`},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := runCLI(t.Context(), map[string]string{}, "", tc.args...)

			if res.code != tc.wantCode {
				t.Errorf("%s: exit code %d, want %d", tc.name, res.code, tc.wantCode)
			}
			checkStream(t, tc.name, "stdout", res.stdout, tc.wantStdout)
			checkStream(t, tc.name, "stderr", res.stderr, tc.wantStderr)
		})
	}
}

func checkStream(t *testing.T, name, stream, got, want string) {
	t.Helper()
	switch {
	case want == "" && got != "":
		t.Errorf("%s: %s %q, want nothing", name, stream, got)
	case !strings.Contains(got, want):
		t.Errorf("%s: %s %q, want it to contain %q", name, stream, got, want)
	}
}

func TestUsageNamesEveryFlag(t *testing.T) {
	cases := []struct {
		cmd *command
		fs  *flag.FlagSet
	}{
		{updateCommand, new(updateFlags).flagSet()},
		{bulkCommand, new(bulkFlags).flagSet()},
		{fakeCommand, new(fakeFlags).flagSet()},
	}

	for _, tc := range cases {
		tc.fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(tc.cmd.usage, flagName(f.Name)+" ") {
				t.Errorf("the usage of %s does not describe the flag %s", tc.cmd.name, flagName(f.Name))
			}
		})
	}
}

func TestParseCommandLine(t *testing.T) {
	cases := []struct {
		name           string
		args           []string
		wantPositional []string
		wantName       string
		wantVerbose    bool
	}{
		{"flags first", []string{"-v", "--name", "n", "id"}, []string{"id"}, "n", true},
		{"flags last", []string{"id", "--name", "n", "-v"}, []string{"id"}, "n", true},
		{"flags around", []string{"--name=n", "id", "-v"}, []string{"id"}, "n", true},
		{"value that looks like a flag", []string{"id", "--name", "-v"}, []string{"id"}, "-v", false},
		{"double dash ends flags", []string{"--name", "n", "--", "-v", "id"}, []string{"-v", "id"}, "n", false},
		{"boolean with value", []string{"-v=false", "id"}, []string{"id"}, "", false},
		{"lone dash is positional", []string{"-", "--name", "n"}, []string{"-"}, "n", false},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			name := fs.String("name", "", "")
			verbose := fs.Bool("v", false, "")

			positional, err := parseCommandLine(fs, tc.args)

			if err != nil {
				t.Fatalf("%s: parseCommandLine(%q): %v", tc.name, tc.args, err)
			}
			if !slices.Equal(positional, tc.wantPositional) {
				t.Errorf("%s: positional %q, want %q", tc.name, positional, tc.wantPositional)
			}
			if *name != tc.wantName {
				t.Errorf("%s: --name %q, want %q", tc.name, *name, tc.wantName)
			}
			if *verbose != tc.wantVerbose {
				t.Errorf("%s: -v %v, want %v", tc.name, *verbose, tc.wantVerbose)
			}
		})
	}
}

func TestDefaultReportPath(t *testing.T) {
	cases := map[string]string{
		"renames.csv":          "renames.report.csv",
		"dir/renames.csv":      "dir/renames.report.csv",
		"renames":              "renames.report.csv",
		"renames.2026-03.csv":  "renames.2026-03.report.csv",
		"/tmp/a.b/renames.tsv": "/tmp/a.b/renames.report.csv",
	}
	for input, want := range cases {
		if got := defaultReportPath(input); got != want {
			t.Errorf("defaultReportPath(%q) = %q, want %q", input, got, want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	cases := map[string]string{
		"renames.csv":           "renames.csv",
		"/tmp/dir/renames.csv":  "/tmp/dir/renames.csv",
		"http://127.0.0.1:1/v2": "http://127.0.0.1:1/v2",
		"my renames.csv":        "'my renames.csv'",
		"it's.csv":              `'it'\''s.csv'`,
		"":                      "''",
		"$HOME/renames.csv":     "'$HOME/renames.csv'",
	}
	for input, want := range cases {
		if got := shellQuote(input); got != want {
			t.Errorf("shellQuote(%q) = %q, want %q", input, got, want)
		}
	}
}
