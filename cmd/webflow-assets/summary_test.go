package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/webflowkit/assets/api/webflowtest"
)

func TestBulkSummaryCounts(t *testing.T) {
	cases := []struct {
		name        string
		input       string
		wantCode    int
		wantSummary string
		wantHint    string // "" means no hint
	}{
		{
			name:        "one row applied",
			input:       bulkInput(1),
			wantCode:    exitOK,
			wantSummary: "Applied 1 of 1 row; 0 failed, 0 skipped, 0 not sent.\n",
		},
		{
			name:        "one row failed",
			input:       "asset_id,display_name\n000000000000000000000000,ghost.png\n",
			wantCode:    exitFailed,
			wantSummary: "Applied 0 of 1 row; 1 failed, 0 skipped, 0 not sent.\n",
			wantHint:    "To retry the row that was not applied, run the command below. If you fix rows first, keep each row on its line",
		},
		{
			name:        "two rows failed",
			input:       "asset_id,display_name\n000000000000000000000000,ghost.png\n,orphan.png\n",
			wantCode:    exitFailed,
			wantSummary: "Applied 0 of 2 rows; 1 failed, 1 skipped, 0 not sent.\n",
			wantHint:    "To retry the 2 rows that were not applied, run the command below.",
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			server := webflowtest.NewServer(t, webflowtest.WithAssets(newAssets(1)...))
			dir := t.TempDir()
			from := writeFile(t, dir, "renames.csv", tc.input)

			res := runCLI(t.Context(), tokenEnv(server), "", "bulk", "--from", from, "--base-url", server.URL)

			if res.code != tc.wantCode {
				t.Errorf("%s: exit code %d, want %d; stderr:\n%s", tc.name, res.code, tc.wantCode, res.stderr)
			}
			if !strings.HasPrefix(res.stdout, tc.wantSummary) {
				t.Errorf("%s: stdout %q, want it to start with %q", tc.name, res.stdout, tc.wantSummary)
			}
			wantReport := "Report: " + filepath.Join(dir, "renames.report.csv") + "\n"
			if !strings.Contains(res.stdout, tc.wantSummary+wantReport) {
				t.Errorf("%s: stdout %q, want the report's path after the counts", tc.name, res.stdout)
			}
			switch {
			case tc.wantHint == "" && strings.Contains(res.stdout, "--resume"):
				t.Errorf("%s: stdout %q, want no resume command", tc.name, res.stdout)
			case tc.wantHint != "" && !strings.Contains(res.stdout, tc.wantHint):
				t.Errorf("%s: stdout %q, want it to contain %q", tc.name, res.stdout, tc.wantHint)
			}
		})
	}
}

func TestPlural(t *testing.T) {
	cases := []struct {
		n    int
		want string
	}{
		{0, "0 rows"},
		{1, "1 row"},
		{2, "2 rows"},
	}
	for _, tc := range cases {
		if got := plural(tc.n, "row", "rows"); got != tc.want {
			t.Errorf("plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
