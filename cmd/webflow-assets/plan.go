package main

import (
	"fmt"
	"maps"
	"os"
	"slices"
)

// bulkPlan divides the input rows by what the run does with them.
type bulkPlan struct {
	carried []reportRow // applied by an earlier run, copied into the new report
	skipped []reportRow // bad rows and duplicates of earlier rows, not sent
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

// resumeMismatch returns the error for an earlier report whose applied rows
// are not rows of the input, with the ways forward.
func resumeMismatch(reportName, inputName, detail string) *inputError {
	return &inputError{fmt.Sprintf("--resume %s does not match %s: %s. The report names rows by their line in the input, "+
		"so when you edit %s between runs, keep each row on its line. To send every row again instead, run without --resume: "+
		"an update sets absolute values, so sending an applied row again leaves the asset as it is",
		reportName, inputName, detail, inputName)}
}

// newBulkPlan divides rows into those an earlier report lists as applied,
// rows to skip and rows to send. Every applied row of the earlier report must
// match a row of the input with the same asset ID; otherwise the report
// belongs to another file, or the input was edited so that rows moved, and
// newBulkPlan returns an *inputError.
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
			return bulkPlan{}, resumeMismatch(reportName, inputName, fmt.Sprintf("it lists row %d (asset %s) as applied, but %s has no record starting on line %d",
				number, done.AssetID, inputName, number))
		}
		if row.AssetID != done.AssetID {
			return bulkPlan{}, resumeMismatch(reportName, inputName, fmt.Sprintf("its row %d is asset %q, but row %d of %s is asset %q",
				number, done.AssetID, number, inputName, row.AssetID))
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
