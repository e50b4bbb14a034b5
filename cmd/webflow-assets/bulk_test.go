package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/webflowkit/assets/api/webflowtest"
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
		"too,many," + testAssetID(4) + ",fields",     // 6: five fields for three columns
		`"bad"quote,` + testAssetID(5) + ",",         // 7: text after a closing quote
		"ghost.png,000000000000000000000000,",        // 8: 404
		"\"two\nlines.png\"," + testAssetID(6) + ",", // 9 and 10: applied, a quoted line break
		"last.png, " + testAssetID(7) + " ,",         // 11: applied, the ID trimmed
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
		{"6", "", "skipped", codeWrongFieldCount},
		{"7", "", "skipped", codeBadQuote},
		{"8", "000000000000000000000000", "failed", "resource_not_found"},
		{"9", testAssetID(6), "applied", ""},
		{"11", testAssetID(7), "applied", ""},
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

	wantSummary := "Applied 4 of 9 rows; 1 failed, 4 skipped, 0 not sent.\n"
	if !strings.HasPrefix(res.stdout, wantSummary) {
		t.Errorf("stdout starts %q, want %q", res.stdout, wantSummary)
	}
	wantResume := fmt.Sprintf("webflow-assets bulk --from %s --resume %s --base-url %s", from, report, server.URL)
	if !strings.Contains(res.stdout, wantResume) {
		t.Errorf("stdout %q, want the resume command %q", res.stdout, wantResume)
	}
	if got := strings.Count(res.stderr, "\n"); got != 9 {
		t.Errorf("stderr has %d lines, want one per row (9):\n%s", got, res.stderr)
	}
	if !strings.Contains(res.stderr, "row 8, asset 000000000000000000000000: failed: webflow: update asset 000000000000000000000000: 404 resource_not_found") {
		t.Errorf("stderr lacks the line of the failed row 8:\n%s", res.stderr)
	}
	checkNoSecret(t, "bulk", res, server.Token)
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
	cases := []struct {
		name    string
		input   string // written to in.csv when set
		args    []string
		wantMsg string
	}{
		{name: "no --from", args: []string{"bulk"}, wantMsg: "missing --from FILE"},
		{name: "positional argument", args: []string{"bulk", good}, wantMsg: "unexpected arguments"},
		{name: "zero concurrency", args: []string{"bulk", "--from", good, "--concurrency", "0"}, wantMsg: "--concurrency 0"},
		{name: "stdin without report", args: []string{"bulk", "--from", "-"}, wantMsg: "pass --report FILE"},
		{name: "report over input", args: []string{"bulk", "--from", good, "--report", good}, wantMsg: "would overwrite the input"},
		{name: "unknown columns", input: "asset_id,display_name,alt_text,notes\n", wantMsg: `unknown columns "alt_text", "notes"`},
		{name: "no asset_id column", input: "display_name,locale_id\n", wantMsg: "no column asset_id"},
		{name: "no display_name column", input: "asset_id\n", wantMsg: "no column display_name"},
		{name: "column twice", input: "asset_id,display_name,asset_id\n", wantMsg: "names the column asset_id twice"},
		{name: "empty file", input: "", wantMsg: "is empty"},
		{name: "header with a bad quote", input: "asset_id,\"display_name\n", wantMsg: "the header of"},
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
			firstLine, _, _ := strings.Cut(res.stderr, "\n")
			if !strings.Contains(firstLine, tc.wantMsg) {
				t.Errorf("%s: first line of stderr %q, want it to contain %q", tc.name, firstLine, tc.wantMsg)
			}
			if !strings.Contains(res.stderr, "Usage:\n  webflow-assets bulk --from") {
				t.Errorf("%s: stderr lacks the usage of bulk:\n%s", tc.name, res.stderr)
			}
		})
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
		name    string
		report  string
		wantMsg string
	}{
		{
			name:    "other asset in an applied row",
			report:  "row,asset_id,outcome,error_code,error_message\n2," + testAssetID(1) + ",applied,,\n3," + testAssetID(9) + ",applied,,\n",
			wantMsg: fmt.Sprintf("belongs to another file: its row 3 is asset %q, but row 3 of %s is asset %q", testAssetID(9), from, testAssetID(2)),
		},
		{
			name:    "applied row beyond the input",
			report:  "row,asset_id,outcome,error_code,error_message\n9," + testAssetID(1) + ",applied,,\n",
			wantMsg: "belongs to another file: it lists row 9",
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
			if firstLine, _, _ := strings.Cut(res.stderr, "\n"); !strings.Contains(firstLine, tc.wantMsg) {
				t.Errorf("%s: first line of stderr %q, want it to contain %q", tc.name, firstLine, tc.wantMsg)
			}
			if data, _ := os.ReadFile(report); string(data) != tc.report {
				t.Errorf("%s: the rejected report was changed to %q", tc.name, data)
			}
		})
	}
}
