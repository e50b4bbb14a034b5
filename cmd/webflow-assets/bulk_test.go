package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

func TestBulkReportsEveryRow(t *testing.T) {
	server := webflowtest.NewServer(t, webflowtest.WithAssets(newAssets(7)...))
	dir := t.TempDir()
	// Each comment gives the line, which is the row number in the report.
	input := strings.Join([]string{
		"display_name,asset_id,locale_id",                    // 1: header, columns in another order
		"new-1.png," + testAssetID(1) + ",",                  // 2: applied
		"hafen-2.png," + testAssetID(2) + "," + testLocaleID, // 3: applied in a locale
		"orphan.png,,",                               // 4: no asset_id
		"," + testAssetID(3) + ",",                   // 5: no display_name
		"too-few.png," + testAssetID(4),              // 6: two fields for three columns
		`"bad"quote,` + testAssetID(5) + ",",         // 7: text after a closing quote
		"ghost.png,000000000000000000000000,",        // 8: 404
		"\"two\nlines.png\"," + testAssetID(6) + ",", // 9 and 10: applied, a quoted line break
		"last.png, " + testAssetID(7) + " ,",         // 11: applied, the ID trimmed
		"slash.png,a/b,",                             // 12: an ID that would change the URL
		"space.png,x y,",                             // 13: an ID with a space inside
		"lonely",                                     // 14: one field for three columns
		"too,many," + testAssetID(5) + ",fields",     // 15: four fields for three columns
		"again.png," + testAssetID(1) + ",",          // 16: the asset and locale of row 2 again
	}, "\n") + "\n"
	from := writeFile(t, dir, "renames.csv", input)

	res := runCLI(t.Context(), tokenEnv(server), "", "bulk", "--from", from, "--base-url", server.URL)

	if res.code != exitFailed {
		t.Errorf("exit code %d, want %d; stderr:\n%s", res.code, exitFailed, res.stderr)
	}
	report := filepath.Join(dir, "renames.report.csv")
	records := readReportFile(t, report)
	if !slices.Equal(records[0], reportHeader) {
		t.Errorf("report header %q, want %q", records[0], reportHeader)
	}
	want := [][]string{ // row, asset_id, outcome, error_code
		{"2", testAssetID(1), "applied", ""},
		{"3", testAssetID(2), "applied", ""},
		{"4", "", "skipped", codeMissingAssetID},
		{"5", testAssetID(3), "skipped", codeNothingToUpdate},
		{"6", testAssetID(4), "skipped", codeWrongFieldCount},
		{"7", "", "skipped", codeBadQuote},
		{"8", "000000000000000000000000", "failed", "resource_not_found"},
		{"9", testAssetID(6), "applied", ""},
		{"11", testAssetID(7), "applied", ""},
		{"12", "a/b", "skipped", codeInvalidAssetID},
		{"13", "x y", "skipped", codeInvalidAssetID},
		{"14", "", "skipped", codeWrongFieldCount},
		{"15", "many", "skipped", codeWrongFieldCount}, // the cell in the asset_id column, shifted by an unquoted comma
		{"16", testAssetID(1), "skipped", codeDuplicateRow},
	}
	got := records[1:]
	if len(got) != len(want) {
		t.Fatalf("report has %d rows, want %d:\n%q", len(got), len(want), got)
	}
	for i, w := range want {
		if !slices.Equal(got[i][:4], w) {
			t.Errorf("report line %d: got %q, want %q", i+2, got[i][:4], w)
		}
		if hasMessage := got[i][4] != ""; hasMessage != (w[2] != "applied") {
			t.Errorf("report line %d (%s): error_message %q, want one exactly when the row was not applied", i+2, w[2], got[i][4])
		}
	}

	wantNames := map[string]string{testAssetID(1): "new-1.png", testAssetID(6): "two\nlines.png", testAssetID(7): "last.png"}
	for id, name := range wantNames {
		if asset, _ := server.Asset(id); asset.DisplayName != name {
			t.Errorf("asset %s has display name %q, want %q", id, asset.DisplayName, name)
		}
	}
	if asset, _ := server.LocalizedAsset(testAssetID(2), testLocaleID); asset.DisplayName != "hafen-2.png" {
		t.Errorf("asset %s in locale %s has display name %q, want hafen-2.png", testAssetID(2), testLocaleID, asset.DisplayName)
	}
	for _, i := range []int{3, 4, 5} {
		if n := server.UpdateCount(testAssetID(i)); n != 0 {
			t.Errorf("asset %s of a bad row was updated %d times, want 0", testAssetID(i), n)
		}
	}

	checkReportMessages(t, got)

	wantSummary := "Applied 4 of 14 rows; 1 failed, 9 skipped, 0 not sent.\n"
	if !strings.HasPrefix(res.stdout, wantSummary) {
		t.Errorf("stdout starts %q, want %q", res.stdout, wantSummary)
	}
	wantResume := fmt.Sprintf("webflow-assets bulk --from %s --resume %s --base-url %s", from, report, server.URL)
	if !strings.Contains(res.stdout, wantResume) {
		t.Errorf("stdout %q, want the resume command %q", res.stdout, wantResume)
	}
	if got := strings.Count(res.stderr, "\n"); got != 14 {
		t.Errorf("stderr has %d lines, want one per row (14):\n%s", got, res.stderr)
	}
	if !strings.Contains(res.stderr, "\nrow 8, asset 000000000000000000000000: failed: 404 resource_not_found: ") {
		t.Errorf("stderr lacks the line of the failed row 8, which names the asset once:\n%s", res.stderr)
	}
	if got := server.RequestCount(); got != 5 {
		t.Errorf("the server got %d requests, want 5, one per row without a problem", got)
	}
	checkNoSecret(t, "bulk", res, server.Token)
}

// checkReportMessages checks the error_message column of the report that
// TestBulkReportsEveryRow writes, keyed by row.
func checkReportMessages(t *testing.T, records [][]string) {
	t.Helper()
	messages := make(map[string]string)
	for _, record := range records {
		messages[record[0]] = record[4]
		if strings.HasPrefix(record[4], "webflow:") {
			t.Errorf("row %s: error_message %q starts with the library's prefix, which the other columns already give", record[0], record[4])
		}
	}

	want := map[string]string{
		"12": strings.TrimPrefix(wrapper.ValidateAssetID("a/b").Error(), "webflow: "),
		"13": strings.TrimPrefix(wrapper.ValidateAssetID("x y").Error(), "webflow: "),
		"6":  "the record has 2 fields, but the header has 3; write an empty cell, with its comma, for a column to leave unset",
		"14": "the record has 1 field, but the header has 3; write an empty cell, with its comma, for a column to leave unset",
		"15": `the record has 4 fields, but the header has 3; quote a cell that contains a comma, such as "dusk, harbour.png"`,
		"16": "row 16 updates the same asset and locale as row 2; keep one of them",
	}
	for row, message := range want {
		if messages[row] != message {
			t.Errorf("row %s: error_message %q, want %q", row, messages[row], message)
		}
	}
	if message := messages["8"]; !strings.HasPrefix(message, "404 resource_not_found: ") || strings.Contains(message, "update asset") {
		t.Errorf("row 8: error_message %q, want the status, code and Webflow's message without the prefix \"webflow: update asset ID: \"", message)
	}
}

func TestBulkAllAppliedExitsZero(t *testing.T) {
	server := webflowtest.NewServer(t, webflowtest.WithAssets(newAssets(5)...))
	dir := t.TempDir()
	from := writeFile(t, dir, "renames.csv", bulkInput(5))
	report := filepath.Join(dir, "out", "report.csv")
	if err := os.Mkdir(filepath.Dir(report), 0o755); err != nil {
		t.Fatal(err)
	}

	res := runCLI(t.Context(), tokenEnv(server), "", "bulk", "--concurrency", "2", "--from", from, "--report", report, "--base-url", server.URL)

	if res.code != exitOK {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", res.code, exitOK, res.stderr)
	}
	if want := "Applied 5 of 5 rows; 0 failed, 0 skipped, 0 not sent.\nReport: " + report + "\n"; res.stdout != want {
		t.Errorf("stdout %q, want %q", res.stdout, want)
	}
	for i := 1; i <= 5; i++ {
		if n := server.UpdateCount(testAssetID(i)); n != 1 {
			t.Errorf("asset %d was updated %d times, want 1", i, n)
		}
	}
	outcomes := outcomesByAsset(t, report)
	if len(outcomes) != 5 {
		t.Errorf("report has %d assets, want 5", len(outcomes))
	}
	if _, err := os.Stat(filepath.Join(dir, "renames.report.csv")); !os.IsNotExist(err) {
		t.Errorf("a report was written beside the input although --report named another path (stat error %v)", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "out", ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left beside the report: %q", leftovers)
	}
}

// TestBulkTimeoutBoundsEachRow checks that --timeout reaches each row's
// call: the first row's response is held back for a minute, and without
// the bound the attempt would wait 60s before failing.
func TestBulkTimeoutBoundsEachRow(t *testing.T) {
	server := webflowtest.NewServer(t, webflowtest.WithAssets(newAssets(2)...))
	server.Enqueue(webflowtest.DelayHeaders(time.Minute))
	dir := t.TempDir()
	from := writeFile(t, dir, "renames.csv", bulkInput(2))
	report := filepath.Join(dir, "report.csv")

	running := startCLI(t.Context(), tokenEnv(server), "bulk", "--from", from, "--report", report, "--base-url", server.URL,
		"--concurrency", "1", "--timeout", "200ms")
	code := running.wait(t)

	if code != exitFailed {
		t.Errorf("exit code %d, want %d; stderr:\n%s", code, exitFailed, running.stderr.String())
	}
	records := readReportFile(t, report)
	want := [][]string{ // row, asset_id, outcome, error_code
		{"2", testAssetID(1), "failed", codeTimeout},
		{"3", testAssetID(2), "applied", ""},
	}
	if len(records) != len(want)+1 {
		t.Fatalf("report has %d rows, want %d:\n%q", len(records)-1, len(want), records)
	}
	for i, wantRow := range want {
		if got := records[i+1][:4]; !slices.Equal(got, wantRow) {
			t.Errorf("report row %d: %q, want %q", i+1, got, wantRow)
		}
	}
}

func TestBulkReadsStandardInput(t *testing.T) {
	server := webflowtest.NewServer(t, webflowtest.WithAssets(newAssets(2)...))
	report := filepath.Join(t.TempDir(), "report.csv")

	res := runCLI(t.Context(), tokenEnv(server), bulkInput(2), "bulk", "--from", "-", "--report", report, "--base-url", server.URL)

	if res.code != exitOK {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", res.code, exitOK, res.stderr)
	}
	if got := outcomesByAsset(t, report); got[testAssetID(1)] != "applied" || got[testAssetID(2)] != "applied" {
		t.Errorf("report outcomes %v, want both assets applied", got)
	}
}

func TestBulkUsageErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.csv", bulkInput(1))
	const (
		usage      = "" // the whole usage text follows the error
		flags      = `Run "webflow-assets help bulk" for the flags.`
		fileFormat = `Run "webflow-assets help bulk" for the file format.`
	)
	cases := []struct {
		name     string
		input    string // written to in.csv when set
		args     []string
		wantMsg  string
		wantHelp string // the line after the error, or usage
	}{
		{name: "no --from", args: []string{"bulk"}, wantMsg: "missing --from FILE", wantHelp: usage},
		{name: "positional argument", args: []string{"bulk", good}, wantMsg: "unexpected arguments", wantHelp: usage},
		{name: "unknown flag", args: []string{"bulk", "--from", good, "--resum", "r.csv"}, wantMsg: "flag provided but not defined: -resum", wantHelp: usage},
		{name: "zero concurrency", args: []string{"bulk", "--from", good, "--concurrency", "0"}, wantMsg: "--concurrency 0", wantHelp: flags},
		{name: "stdin without report", args: []string{"bulk", "--from", "-"}, wantMsg: "pass --report FILE", wantHelp: flags},
		{name: "report over input", args: []string{"bulk", "--from", good, "--report", good}, wantMsg: "would overwrite the input", wantHelp: flags},
		{name: "unknown columns", input: "asset_id,display_name,alt_text,notes\n", wantMsg: `unknown columns "alt_text", "notes"`, wantHelp: fileFormat},
		{name: "no asset_id column", input: "display_name,locale_id\n", wantMsg: "no column asset_id", wantHelp: fileFormat},
		{name: "no display_name column", input: "asset_id\n", wantMsg: "no column display_name", wantHelp: fileFormat},
		{name: "column twice", input: "asset_id,display_name,asset_id\n", wantMsg: "names the column asset_id twice", wantHelp: fileFormat},
		{name: "empty file", input: "", wantMsg: "is empty", wantHelp: fileFormat},
		{name: "header with a bad quote", input: "asset_id,\"display_name\n", wantMsg: "the header of", wantHelp: fileFormat},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if args == nil {
				args = []string{"bulk", "--from", writeFile(t, t.TempDir(), "in.csv", tc.input)}
			}

			res := runCLI(t.Context(), map[string]string{}, "", args...)

			if res.code != exitUsage {
				t.Errorf("%s: exit code %d, want %d; stderr:\n%s", tc.name, res.code, exitUsage, res.stderr)
			}
			checkUsageError(t, tc.name, res.stderr, "webflow-assets bulk: ", tc.wantMsg, tc.wantHelp, "Usage:\n  webflow-assets bulk --from")
		})
	}
}

// checkUsageError checks the stderr of a run that exits with exitUsage. The
// first line starts with prefix and contains wantMsg. With wantHelp "", the
// usage text, which starts with usageStart, follows; otherwise wantHelp is
// the second and last line.
func checkUsageError(t *testing.T, name, stderr, prefix, wantMsg, wantHelp, usageStart string) {
	t.Helper()

	firstLine, rest, _ := strings.Cut(stderr, "\n")
	if !strings.HasPrefix(firstLine, prefix) || !strings.Contains(firstLine, wantMsg) {
		t.Errorf("%s: first line of stderr %q, want it to start with %q and contain %q", name, firstLine, prefix, wantMsg)
	}
	switch {
	case wantHelp == "" && !strings.HasPrefix(rest, "\n"+usageStart):
		t.Errorf("%s: stderr lacks the usage text after the error:\n%s", name, stderr)
	case wantHelp != "" && rest != wantHelp+"\n":
		t.Errorf("%s: stderr after the error line is %q, want only %q", name, rest, wantHelp+"\n")
	}
}

func TestBulkInputMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.csv")

	res := runCLI(t.Context(), map[string]string{}, "", "bulk", "--from", path)

	if res.code != exitFailed {
		t.Errorf("exit code %d, want %d", res.code, exitFailed)
	}
	if strings.Count(res.stderr, "\n") != 1 || !strings.Contains(res.stderr, path) {
		t.Errorf("stderr %q, want one line naming %s", res.stderr, path)
	}
}

func TestBulkMissingToken(t *testing.T) {
	from := writeFile(t, t.TempDir(), "in.csv", bulkInput(1))

	res := runCLI(t.Context(), map[string]string{}, "", "bulk", "--from", from)

	if res.code != exitFailed {
		t.Errorf("exit code %d, want %d", res.code, exitFailed)
	}
	if !strings.Contains(res.stderr, "WEBFLOW_API_TOKEN is not set") {
		t.Errorf("stderr %q, want it to say WEBFLOW_API_TOKEN is not set", res.stderr)
	}
}

func TestBulkResumeRejectsReportOfAnotherFile(t *testing.T) {
	dir := t.TempDir()
	from := writeFile(t, dir, "in.csv", bulkInput(3))
	cases := []struct {
		name       string
		report     string
		wantMsg    string
		wantAdvice bool // the error explains how to go on
	}{
		{
			name:       "other asset in an applied row",
			wantAdvice: true,
			report:     "row,asset_id,outcome,error_code,error_message\n2," + testAssetID(1) + ",applied,,\n3," + testAssetID(9) + ",applied,,\n",
			wantMsg:    fmt.Sprintf("does not match %s: its row 3 is asset %q, but row 3 of %s is asset %q", from, testAssetID(9), from, testAssetID(2)),
		},
		{
			name:       "applied row beyond the input",
			wantAdvice: true,
			report:     "row,asset_id,outcome,error_code,error_message\n9," + testAssetID(1) + ",applied,,\n",
			wantMsg:    fmt.Sprintf("does not match %s: it lists row 9", from),
		},
		{
			name:    "not a report",
			report:  "asset_id,display_name\n",
			wantMsg: "is not a report of webflow-assets",
		},
		{
			name:    "unknown outcome",
			report:  "row,asset_id,outcome,error_code,error_message\n2," + testAssetID(1) + ",done,,\n",
			wantMsg: `line 2: unknown outcome "done"`,
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			report := writeFile(t, t.TempDir(), "in.report.csv", tc.report)

			res := runCLI(t.Context(), map[string]string{}, "", "bulk", "--from", from, "--resume", report)

			if res.code != exitUsage {
				t.Errorf("%s: exit code %d, want %d; stderr:\n%s", tc.name, res.code, exitUsage, res.stderr)
			}
			checkUsageError(t, tc.name, res.stderr, "webflow-assets bulk: ", tc.wantMsg, `Run "webflow-assets help bulk" for the file format.`, "")
			for _, advice := range []string{"keep each row on its line", "run without --resume", "sets absolute values"} {
				if got := strings.Contains(res.stderr, advice); got != tc.wantAdvice {
					t.Errorf("%s: stderr contains %q: %v, want %v:\n%s", tc.name, advice, got, tc.wantAdvice, res.stderr)
				}
			}
			if data, _ := os.ReadFile(report); string(data) != tc.report {
				t.Errorf("%s: the rejected report was changed to %q", tc.name, data)
			}
		})
	}
}
