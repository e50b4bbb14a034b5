package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

// A rate limit of 5 requests per second makes a run of 20 rows last about
// four seconds, long enough to interrupt it halfway.
const (
	slowLimit  = 5
	slowWindow = time.Second
)

func TestBulkInterruptedThenResumed(t *testing.T) {
	const rows = 20
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var applied atomic.Int32
	server := webflowtest.NewServer(t,
		webflowtest.WithAssets(newAssets(rows)...),
		webflowtest.WithRateLimit(slowLimit, slowWindow),
		webflowtest.WithRequestHook(func(r webflowtest.Request) {
			// Interrupt the run once the first window's worth of rows is applied.
			if r.Status == 200 && applied.Add(1) == slowLimit {
				cancel()
			}
		}))
	dir := t.TempDir()
	from := writeFile(t, dir, "renames.csv", bulkInput(rows))
	report := filepath.Join(dir, "renames.report.csv")
	flags := []string{"--base-url", server.URL, "--rate-window", slowWindow.String(), "--concurrency", "2"}

	first := runCLI(ctx, tokenEnv(server), "", append([]string{"bulk", "--from", from}, flags...)...)

	if first.code != exitInterrupted {
		t.Fatalf("first run: exit code %d, want %d; stderr:\n%s", first.code, exitInterrupted, first.stderr)
	}
	outcomes := outcomesByAsset(t, report)
	count := countOutcomes(outcomes)
	if count["applied"] < slowLimit || count["not_sent"] == 0 || count["applied"]+count["not_sent"] != rows {
		t.Errorf("first run: report outcomes %v, want at least %d applied, some not_sent, and %d rows in all", count, slowLimit, rows)
	}
	for i := 1; i <= rows; i++ {
		id := testAssetID(i)
		if wantCount := map[bool]int{true: 1, false: 0}[outcomes[id] == "applied"]; server.UpdateCount(id) != wantCount {
			t.Errorf("first run: asset %s is %q in the report but was updated %d times", id, outcomes[id], server.UpdateCount(id))
		}
	}
	if !strings.Contains(first.stderr, "Interrupted: sending no more rows") {
		t.Errorf("first run: stderr lacks the interruption notice:\n%s", first.stderr)
	}
	resume := fmt.Sprintf("webflow-assets bulk --from %s --resume %s --base-url %s", from, report, server.URL)
	if !strings.Contains(first.stdout, "Interrupted. To send the") || !strings.Contains(first.stdout, resume) {
		t.Errorf("first run: stdout %q, want it to say how to resume with %q", first.stdout, resume)
	}

	second := runCLI(t.Context(), tokenEnv(server), "", append([]string{"bulk", "--from", from, "--resume", report}, flags...)...)

	if second.code != exitOK {
		t.Fatalf("resumed run: exit code %d, want %d; stderr:\n%s", second.code, exitOK, second.stderr)
	}
	checkAppliedOnce(t, server, report, rows)
	wantSummary := fmt.Sprintf("Applied %d of %d rows (%d in an earlier run)", rows, rows, count["applied"])
	if !strings.HasPrefix(second.stdout, wantSummary) {
		t.Errorf("resumed run: stdout %q, want it to start with %q", second.stdout, wantSummary)
	}
}

func TestBulkBinaryInterruptedBySignal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Process.Signal cannot send os.Interrupt on Windows")
	}
	const rows = 20
	binary := buildBinary(t)
	server := webflowtest.NewServer(t, webflowtest.WithAssets(newAssets(rows)...), webflowtest.WithRateLimit(slowLimit, slowWindow))
	dir := t.TempDir()
	from := writeFile(t, dir, "renames.csv", bulkInput(rows))
	report := filepath.Join(dir, "renames.report.csv")
	flags := []string{"--base-url", server.URL, "--rate-window", slowWindow.String()}

	cmd := binaryCommand(binary, server, append([]string{"bulk", "--from", from}, flags...)...)
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first rows to be applied", func() bool { return totalUpdates(server, rows) >= slowLimit })
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()

	if code := exitCode(err); code != exitInterrupted {
		t.Fatalf("interrupted run: exit code %d (%v), want %d; stderr:\n%s", code, err, exitInterrupted, stderr.String())
	}
	count := countOutcomes(outcomesByAsset(t, report))
	if count["applied"] < slowLimit || count["not_sent"] == 0 {
		t.Errorf("interrupted run: report outcomes %v, want at least %d applied and some not_sent", count, slowLimit)
	}
	if !strings.Contains(stdout.String(), "--resume "+report) {
		t.Errorf("interrupted run: stdout %q, want the resume command", stdout.String())
	}

	resumed := binaryCommand(binary, server, append([]string{"bulk", "--from", from, "--resume", report}, flags...)...)
	output, err := resumed.CombinedOutput()
	if code := exitCode(err); code != exitOK {
		t.Fatalf("resumed run: exit code %d (%v), want %d; output:\n%s", code, err, exitOK, output)
	}
	checkAppliedOnce(t, server, report, rows)
}

func TestBulkBinarySecondInterruptExitsAtOnce(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Process.Signal cannot send os.Interrupt on Windows")
	}
	binary := buildBinary(t)
	server := webflowtest.NewServer(t, webflowtest.WithAssets(newAssets(3)...))
	// The server responds to the first request at once and the second hangs, so the
	// first interrupt waits for it.
	server.Enqueue(webflowtest.DelayHeaders(0), webflowtest.DelayHeaders(time.Minute))
	dir := t.TempDir()
	from := writeFile(t, dir, "renames.csv", bulkInput(3))

	cmd := binaryCommand(binary, server, "bulk", "--from", from, "--base-url", server.URL, "--concurrency", "1")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// With one request at a time, row 2 is in the report before the second request goes out.
	waitFor(t, "the second request to reach the server", func() bool { return server.RequestCount() >= 2 })
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the interruption notice", func() bool { return strings.Contains(stderr.String(), "Interrupted:") })
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()

	if code := exitCode(err); code != exitInterrupted {
		t.Errorf("exit code %d (%v), want %d; stderr:\n%s", code, err, exitInterrupted, stderr.String())
	}
	if !strings.Contains(stderr.String(), "again; exiting at once") {
		t.Errorf("stderr lacks the notice of the second interrupt:\n%s", stderr.String())
	}
	records := readReportFile(t, filepath.Join(dir, "renames.report.csv"))
	want := [][]string{reportHeader, {"2", testAssetID(1), "applied", "", ""}}
	if !slices.EqualFunc(records, want, slices.Equal) {
		t.Errorf("report left by the killed run: got %q, want %q (the row that finished before the exit)", records, want)
	}
}

// buildBinary builds the command into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}

	binary := filepath.Join(t.TempDir(), "webflow-assets")
	build := exec.Command(goTool, "build", "-o", binary, ".")
	if output, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, output)
	}
	return binary
}

// binaryCommand returns the built binary with args and the server's token as its
// only environment.
func binaryCommand(binary string, server *webflowtest.Server, args ...string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{wrapper.TokenEnv + "=" + server.Token}
	cmd.Stdin = new(bytes.Buffer)
	return cmd
}

// exitCode returns the exit code of a finished command, or -1 when it did
// not exit normally.
func exitCode(err error) int {
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		return exitErr.ExitCode()
	}
	return -1
}

// totalUpdates returns the updates the server applied to the first n test assets.
func totalUpdates(server *webflowtest.Server, n int) int {
	total := 0
	for i := 1; i <= n; i++ {
		total += server.UpdateCount(testAssetID(i))
	}
	return total
}

func countOutcomes(outcomes map[string]string) map[string]int {
	count := make(map[string]int)
	for _, outcome := range outcomes {
		count[outcome]++
	}
	return count
}

// checkAppliedOnce checks that the report lists every one of the first n test
// assets as applied, in row order, and that the server applied each exactly once.
func checkAppliedOnce(t *testing.T, server *webflowtest.Server, report string, n int) {
	t.Helper()

	records := readReportFile(t, report)[1:]
	if len(records) != n {
		t.Errorf("report has %d rows, want %d", len(records), n)
	}
	for i, record := range records {
		wantRow, wantID := fmt.Sprint(i+2), testAssetID(i+1)
		if record[0] != wantRow || record[1] != wantID || record[2] != "applied" {
			t.Errorf("report line %d: got %q, want row %s, asset %s, applied", i+2, record[:3], wantRow, wantID)
		}
	}
	for i := 1; i <= n; i++ {
		if got := server.UpdateCount(testAssetID(i)); got != 1 {
			t.Errorf("asset %s was updated %d times, want exactly 1", testAssetID(i), got)
		}
	}
}

func TestBulkResumeSkipsDuplicatesAgain(t *testing.T) {
	idA, idB := testAssetID(1), testAssetID(2)
	server := webflowtest.NewServer(t, webflowtest.WithAssets(newAssets(2)...))
	// With one request at a time, rows go out in order, so the fault fails row 2.
	server.Enqueue(webflowtest.Status(500))
	dir := t.TempDir()
	from := writeFile(t, dir, "renames.csv", strings.Join([]string{
		"asset_id,display_name,locale_id",
		idA + ",a-first.png,",                // 2: fails in the first run
		idB + ",b-first.png,",                // 3: applied in the first run
		idA + ",a-second.png,",               // 4: the asset and locale of row 2
		idB + ",b-second.png,",               // 5: the asset and locale of row 3
		idA + ",a-local.png," + testLocaleID, // 6: another locale of asset A
	}, "\n")+"\n")
	report := filepath.Join(dir, "renames.report.csv")
	flags := []string{"--base-url", server.URL, "--concurrency", "1", "--max-attempts", "1"}
	wantSkipped := [][]string{
		{"4", idA, "skipped", codeDuplicateRow, "row 4 updates the same asset and locale as row 2; keep one of them"},
		{"5", idB, "skipped", codeDuplicateRow, "row 5 updates the same asset and locale as row 3; keep one of them"},
	}

	first := runCLI(t.Context(), tokenEnv(server), "", append([]string{"bulk", "--from", from}, flags...)...)

	if first.code != exitFailed {
		t.Fatalf("first run: exit code %d, want %d; stderr:\n%s", first.code, exitFailed, first.stderr)
	}
	records := readReportFile(t, report)[1:]
	wantOutcomes := []string{"failed", "applied", "skipped", "skipped", "applied"}
	checkReportRows(t, "first run", records, wantOutcomes, wantSkipped)
	if got := server.RequestCount(); got != 3 {
		t.Errorf("first run: the server got %d requests, want 3, for rows 2, 3 and 6", got)
	}

	second := runCLI(t.Context(), tokenEnv(server), "", append([]string{"bulk", "--from", from, "--resume", report}, flags...)...)

	if second.code != exitFailed {
		t.Fatalf("resumed run: exit code %d, want %d, because rows stay skipped; stderr:\n%s", second.code, exitFailed, second.stderr)
	}
	records = readReportFile(t, report)[1:]
	checkReportRows(t, "resumed run", records, []string{"applied", "applied", "skipped", "skipped", "applied"}, wantSkipped)
	if got := server.RequestCount(); got != 4 {
		t.Errorf("resumed run: the server got %d requests in both runs, want 4, with only row 2 sent again", got)
	}
	wantSummary := "Applied 3 of 5 rows (2 in an earlier run); 0 failed, 2 skipped, 0 not sent.\n"
	if !strings.HasPrefix(second.stdout, wantSummary) {
		t.Errorf("resumed run: stdout %q, want it to start with %q", second.stdout, wantSummary)
	}

	wantNames := map[string]string{idA: "a-first.png", idB: "b-first.png"}
	for id, name := range wantNames {
		if asset, _ := server.Asset(id); asset.DisplayName != name {
			t.Errorf("asset %s has display name %q, want %q from the first of its rows", id, asset.DisplayName, name)
		}
	}
	if asset, _ := server.LocalizedAsset(idA, testLocaleID); asset.DisplayName != "a-local.png" {
		t.Errorf("asset %s in locale %s has display name %q, want a-local.png", idA, testLocaleID, asset.DisplayName)
	}
}

// checkReportRows checks that the report has rows 2 to 6 in order with the
// outcomes wantOutcomes, and that the records in wantWhole appear as given.
func checkReportRows(t *testing.T, run string, records [][]string, wantOutcomes []string, wantWhole [][]string) {
	t.Helper()

	if len(records) != len(wantOutcomes) {
		t.Fatalf("%s: report has %d rows, want %d:\n%q", run, len(records), len(wantOutcomes), records)
	}
	for i, record := range records {
		if wantRow := fmt.Sprint(i + 2); record[0] != wantRow || record[2] != wantOutcomes[i] {
			t.Errorf("%s: report line %d: got row %s, %s, want row %s, %s", run, i+2, record[0], record[2], wantRow, wantOutcomes[i])
		}
	}
	for _, want := range wantWhole {
		if !slices.ContainsFunc(records, func(record []string) bool { return slices.Equal(record, want) }) {
			t.Errorf("%s: report lacks the line %q:\n%q", run, want, records)
		}
	}
}
