package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
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
Every row must have as many cells as the header: an empty cell leaves that
field unset, and a missing cell is a wrong field count. A row needs an
asset_id and a display_name. Bad rows (a missing asset_id or display_name, an
asset_id with '/', '?', '#' or whitespace inside, a wrong number of fields, a
bad quote) are reported and skipped; the other rows still go out. Of the rows
that are not bad, those that update the same asset in the same locale as an
earlier one are skipped too: rows go out concurrently, so the name would
depend on which update Webflow applied last.

A row is numbered by the line of the file where its record starts: the header
is line 1, so the first record is usually row 2. --resume matches rows by that
number, so when you edit the file between runs, keep each row on its line. To
drop a row, such as a duplicate, delete the text of its line but not the line
break: blank lines are not rows, so the rows after it keep their numbers.

The report is a CSV file with the header row,asset_id,outcome,error_code,error_message
and one line per row of the input. The outcome is applied, failed, skipped (a
bad or duplicate row) or not_sent (the run was interrupted first). The
error_code is empty for an applied row, except invalid_response. This program
writes these codes:
  missing_asset_id    skipped: the asset_id cell is empty
  invalid_asset_id    skipped: the asset_id contains '/', '?', '#', whitespace
                      or a control character, or is . or ..
  nothing_to_update   skipped: the display_name cell is empty
  wrong_field_count   skipped: the row has more or fewer cells than the header
  bad_quote           skipped: a quote is missing or out of place
  malformed_csv       skipped: another CSV syntax error
  duplicate_row       skipped: an earlier row updates the same asset and locale
  not_sent            not_sent: the run was interrupted before the row was sent
  interrupted         failed: the run was interrupted while the row waited for
                      a retry
  timeout             failed: --timeout, or the 60s bound of an attempt, ran out
  invalid_response    applied: Webflow applied the update, but its response did
                      not match the Asset schema
  invalid_input       failed: the client rejected the update before sending it
  request_failed      failed: no response arrived, such as a refused connection
  too_many_requests   failed: Webflow still answered 429 (rate limited) at the
                      last attempt, or asked to wait longer than the client waits
  http_NNN            failed: an error response with the HTTP status NNN and no
                      Webflow error code, such as http_502 from a proxy
Any other code, such as resource_not_found or validation_error, is Webflow's
own, from its error response.

Rows are added to the report as they finish, and at the end it is rewritten
in row order. An existing file at the report's path is replaced.

Ctrl-C or SIGTERM stops sending, waits for the requests in flight, writes the
report, prints how to resume and exits with 130. A second Ctrl-C exits at once.
When the process crashes, is killed with kill -9 or gets a second Ctrl-C, the
report lists every row that finished. The rows that were in flight or not yet
sent are missing from it, and --resume sends them. Webflow may have applied a
row that was in flight, but sending it again is harmless, because an update
sets absolute values.

Flags:
  --from FILE            the input CSV file; - reads standard input
  --report FILE          where to write the report (default: beside the input,
                         renames.csv gives renames.report.csv; with --resume, REPORT)
  --resume REPORT        send only the rows that the earlier report REPORT does not
                         list as applied; the new report keeps those applied rows,
                         and bad and duplicate rows are skipped again
  --concurrency N        the number of requests in flight at once (default ` + fmt.Sprint(wrapper.DefaultBulkConcurrency) + `)
  --timeout DURATION     bound each row from its first request, retries and waits
                         included, such as 2m (default: no bound beyond 60s per
                         attempt); the wait for its turn under the rate limit does
                         not count
` + clientFlagsUsage + `
A summary goes to stdout. The exit code is 1 when a row failed, was skipped
or was not sent, and 2 when the command line, a flag value or the header of
the input or of REPORT is invalid; then nothing is sent.
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
	if err := f.checkArgs(positional); err != nil {
		return c.usageFailure(cmd, "%v", err)
	}
	if err := f.checkValues(); err != nil {
		return c.inputFailure(cmd, topicFlags, err)
	}

	plan, err := c.planBulk(&f)
	var inputErr *inputError
	switch {
	case errors.As(err, &inputErr):
		return c.inputFailure(cmd, topicFileFormat, err)
	case err != nil:
		return c.failure(err)
	}

	display := newBulkDisplay(c.stderr, isTerminal(c.stderr, c.lookupEnv))
	client, code := c.buildClient(&f.client, display, display.note)
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

// checkArgs returns a usage error for positional arguments or a missing --from.
func (f *bulkFlags) checkArgs(positional []string) error {
	switch {
	case len(positional) > 0:
		return fmt.Errorf("unexpected arguments %q; name the input with --from FILE", positional)
	case f.from == "":
		return errors.New("missing --from FILE, the CSV file of updates")
	}
	return nil
}

// checkValues returns an error for a flag value that is out of range or that
// does not fit the other flags.
func (f *bulkFlags) checkValues() error {
	switch {
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

// callOptions returns the options of each row's call: --timeout, when
// given, bounds a row from its first request.
func (f *bulkFlags) callOptions() []wrapper.CallOption {
	if f.client.timeout == 0 {
		return nil
	}
	return []wrapper.CallOption{wrapper.WithTimeout(f.client.timeout)}
}

func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
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
		CallOptions: f.callOptions(),
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
