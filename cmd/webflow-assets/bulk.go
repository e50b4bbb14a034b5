package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/webflowkit/assets/wrapper"
)

var bulkCommand = &command{
	name:    "bulk",
	summary: "Change the display names of many assets from a CSV file",
	usage: `Usage:
  webflow-assets bulk --from FILE.csv [--report FILE] [--resume REPORT] [--concurrency N] [flags]

Reads the updates from a CSV file and sends them, at most --concurrency at a
time, within the token's rate limit. The file starts with a header that names
the columns asset_id, display_name and, optionally, locale_id, in any order.
An empty cell leaves that field unset, so a row needs an asset_id and a
display_name. Bad rows (a missing asset_id or display_name, a wrong number of
fields, a bad quote) are reported and skipped; the other rows still go out.

A row is numbered by the line of the file where its record starts: the header
is line 1, so the first record is usually row 2.

The report is a CSV file with the header row,asset_id,outcome,error_code,error_message
and one line per row of the input. The outcome is applied, failed, skipped (a
bad row) or not_sent (the run was interrupted first). Rows are added to the
report as they finish, so a run that is killed leaves a usable report; at the
end it is rewritten in row order. An existing file at the report's path is
replaced.

Ctrl-C or SIGTERM stops sending, waits for the requests in flight, writes the
report, prints how to resume and exits with 130. A second Ctrl-C exits at once.

Flags:
  --from FILE            the input CSV file; - reads standard input
  --report FILE          where to write the report (default: beside the input,
                         renames.csv gives renames.report.csv; with --resume, REPORT)
  --resume REPORT        send only the rows that the earlier report REPORT does not
                         list as applied; the new report keeps those applied rows
  --concurrency N        the number of requests in flight at once (default ` + fmt.Sprint(wrapper.DefaultBulkConcurrency) + `)
  --timeout DURATION     bound each row from its first request, retries and waits
                         included, such as 2m (default: no bound beyond 60s per
                         attempt); the wait for its turn under the rate limit does
                         not count
` + clientFlagsUsage + `
A summary goes to stdout. The exit code is 1 when a row failed, was skipped
or was not sent.
`,
	run: runBulk,
}

type bulkFlags struct {
	client      clientFlags
	from        string
	report      string
	resume      string
	concurrency int

	// setFlags are the flags on the command line, for the resume command.
	setFlags []*flag.Flag
}

func runBulk(ctx context.Context, c *cli, cmd *command, args []string) int {
	var f bulkFlags
	fs := f.flagSet()
	positional, code := c.parseFlags(cmd, fs, args)
	if code >= 0 {
		return code
	}
	fs.Visit(func(fl *flag.Flag) { f.setFlags = append(f.setFlags, fl) })
	if err := f.check(positional); err != nil {
		return c.usageFailure(cmd, "%v", err)
	}

	plan, err := c.planBulk(&f)
	var inputErr *inputError
	switch {
	case errors.As(err, &inputErr):
		return c.usageFailure(cmd, "%v", err)
	case err != nil:
		return c.failure(err)
	}

	display := newBulkDisplay(c.stderr, isTerminal(c.stderr, c.lookupEnv))
	client, code := c.newClient(cmd, &f.client, display)
	if client == nil {
		return code
	}

	journal, err := createJournal(f.reportPath(), plan.carried)
	if err != nil {
		return c.failure(err)
	}
	return c.runPlan(ctx, &f, client, plan, journal, display)
}

func (f *bulkFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("bulk", flag.ContinueOnError)
	f.client.register(fs)
	fs.StringVar(&f.from, "from", "", "")
	fs.StringVar(&f.report, "report", "", "")
	fs.StringVar(&f.resume, "resume", "", "")
	fs.IntVar(&f.concurrency, "concurrency", wrapper.DefaultBulkConcurrency, "")
	return fs
}

// check returns a usage error for a missing or bad flag value.
func (f *bulkFlags) check(positional []string) error {
	switch {
	case len(positional) > 0:
		return fmt.Errorf("unexpected arguments %q; name the input with --from FILE", positional)
	case f.from == "":
		return errors.New("missing --from FILE, the CSV file of updates")
	case f.concurrency < 1:
		return fmt.Errorf("--concurrency %d: pass 1 or more", f.concurrency)
	case f.from == "-" && f.report == "" && f.resume == "":
		return errors.New("--from - reads standard input, so the report needs a path: pass --report FILE")
	}
	if err := f.client.validate(); err != nil {
		return err
	}

	if f.from != "-" && sameFile(f.from, f.reportPath()) {
		return fmt.Errorf("the report %s would overwrite the input %s; pass another --report FILE", f.reportPath(), f.from)
	}
	return nil
}

// reportPath returns where the report goes: --report, else the report being
// resumed, else beside the input.
func (f *bulkFlags) reportPath() string {
	switch {
	case f.report != "":
		return f.report
	case f.resume != "":
		return f.resume
	}
	return defaultReportPath(f.from)
}

func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

// bulkPlan divides the input rows by what the run does with them.
type bulkPlan struct {
	carried []reportRow // applied by an earlier run, copied into the new report
	skipped []reportRow // bad rows
	send    []inputRow
}

// planBulk reads the input and, with --resume, the earlier report, and
// returns what to send. Errors about the content of either file are
// *inputError values.
func (c *cli) planBulk(f *bulkFlags) (bulkPlan, error) {
	rows, err := c.readInputFile(f.from)
	if err != nil {
		return bulkPlan{}, err
	}

	var earlier map[int]reportRow
	if f.resume != "" {
		if earlier, err = readReport(f.resume); err != nil {
			return bulkPlan{}, err
		}
	}
	return newBulkPlan(rows, earlier, f.from, f.resume)
}

func (c *cli) readInputFile(path string) ([]inputRow, error) {
	if path == "-" {
		return readInput(c.stdin, "standard input")
	}

	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the input: %w", err)
	}
	defer file.Close()
	return readInput(file, path)
}

// newBulkPlan divides rows into those an earlier report lists as applied,
// bad rows and rows to send. Every applied row of the earlier report must
// match a row of the input with the same asset ID; otherwise the report
// belongs to another file, and newBulkPlan returns an *inputError.
func newBulkPlan(rows []inputRow, earlier map[int]reportRow, inputName, reportName string) (bulkPlan, error) {
	var plan bulkPlan
	byRow := make(map[int]inputRow, len(rows))
	for _, row := range rows {
		byRow[row.Row] = row
	}

	for _, number := range slices.Sorted(maps.Keys(earlier)) {
		done := earlier[number]
		if done.Outcome != outcomeApplied {
			continue
		}
		row, ok := byRow[number]
		if !ok {
			return bulkPlan{}, &inputError{fmt.Sprintf("--resume %s belongs to another file: it lists row %d (asset %s) as applied, but %s has no record starting on line %d",
				reportName, number, done.AssetID, inputName, number)}
		}
		if row.AssetID != done.AssetID {
			return bulkPlan{}, &inputError{fmt.Sprintf("--resume %s belongs to another file: its row %d is asset %q, but row %d of %s is asset %q",
				reportName, number, done.AssetID, number, inputName, row.AssetID)}
		}
		plan.carried = append(plan.carried, done)
	}

	for _, row := range rows {
		switch done, ok := earlier[row.Row]; {
		case ok && done.Outcome == outcomeApplied:
		case row.Problem != nil:
			plan.skipped = append(plan.skipped, reportRow{
				Row: row.Row, AssetID: row.AssetID, Outcome: outcomeSkipped,
				ErrorCode: row.Problem.Code, ErrorMessage: row.Problem.Message,
			})
		default:
			plan.send = append(plan.send, row)
		}
	}
	return plan, nil
}

// runPlan sends the rows of plan, writes the report and prints the summary.
func (c *cli) runPlan(ctx context.Context, f *bulkFlags, client *wrapper.Client, plan bulkPlan, journal *reportJournal, display *bulkDisplay) int {
	for _, row := range plan.skipped {
		journal.append(row)
		display.rowFinished(row, progressState{})
	}

	display.begin(len(plan.send))
	stopTicker := startTicker(display)
	stopNote := context.AfterFunc(ctx, func() {
		display.note("Interrupted: sending no more rows, waiting for the requests in flight, then writing the report. Press Ctrl-C again to exit at once.")
	})

	client.UpdateAssets(ctx, bulkItems(plan.send), wrapper.BulkOptions{
		Concurrency: f.concurrency,
		OnProgress: func(p wrapper.BulkProgress) {
			row := resultRow(plan.send[p.Result.Index], p.Result)
			journal.append(row)
			display.rowFinished(row, progressState{Total: p.Total, Done: p.Done, Applied: p.Applied, Failed: p.Failed, NotSent: p.NotSent})
		},
	})

	stopNote()
	stopTicker()
	display.end()

	rows, err := journal.finish()
	if err != nil {
		c.failure(err)
	}
	interrupted := ctx.Err() != nil
	c.printSummary(f, rows, len(plan.carried), interrupted)

	switch {
	case interrupted:
		return exitInterrupted
	case err != nil || slices.ContainsFunc(rows, func(r reportRow) bool { return r.Outcome != outcomeApplied }):
		return exitFailed
	}
	return exitOK
}

// startTicker redraws a terminal's progress line twice a second until the
// returned function is called.
func startTicker(display *bulkDisplay) (stop func()) {
	if !display.terminal {
		return func() {}
	}

	ticker := time.NewTicker(500 * time.Millisecond)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-ticker.C:
				display.tick()
			case <-done:
				return
			}
		}
	}()

	return func() {
		ticker.Stop()
		close(done)
		<-stopped
	}
}

func bulkItems(rows []inputRow) []wrapper.BulkItem {
	items := make([]wrapper.BulkItem, len(rows))
	for i, row := range rows {
		items[i] = wrapper.BulkItem{AssetID: row.AssetID, Update: row.Update}
	}
	return items
}

// printSummary prints the counts, where the report is and, when rows are
// left, how to send them.
func (c *cli) printSummary(f *bulkFlags, rows []reportRow, carried int, interrupted bool) {
	counts := make(map[outcome]int)
	for _, row := range rows {
		counts[row.Outcome]++
	}

	fmt.Fprintf(c.stdout, "Applied %d of %d rows", counts[outcomeApplied], len(rows))
	if carried > 0 {
		fmt.Fprintf(c.stdout, " (%d in an earlier run)", carried)
	}
	fmt.Fprintf(c.stdout, "; %d failed, %d skipped, %d not sent.\n", counts[outcomeFailed], counts[outcomeSkipped], counts[outcomeNotSent])
	fmt.Fprintf(c.stdout, "Report: %s\n", f.reportPath())

	left := len(rows) - counts[outcomeApplied]
	switch {
	case interrupted:
		fmt.Fprintf(c.stdout, "Interrupted. To send the %d rows that were not applied, run:\n  %s\n", left, f.resumeCommand())
	case left > 0:
		fmt.Fprintf(c.stdout, "To retry the %d rows that were not applied, fix them if needed and run:\n  %s\n", left, f.resumeCommand())
	}
}

// resumeCommand returns the command line that resumes this run from its
// report, with the other flags as they were given.
func (f *bulkFlags) resumeCommand() string {
	words := []string{programName, "bulk", "--from", shellQuote(f.from), "--resume", shellQuote(f.reportPath())}
	for _, fl := range f.setFlags {
		switch fl.Name {
		case "from", "resume", "report":
			continue
		}
		if boolFlag, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && boolFlag.IsBoolFlag() {
			if fl.Value.String() == "true" {
				words = append(words, flagName(fl.Name))
			}
			continue
		}
		words = append(words, flagName(fl.Name), shellQuote(fl.Value.String()))
	}
	return strings.Join(words, " ")
}

func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// shellQuote quotes s for a POSIX shell when it contains anything but
// letters, digits and the punctuation of ordinary paths.
func shellQuote(s string) string {
	plain := s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@+,%", r))
	})
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
