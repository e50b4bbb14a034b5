package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/webflowkit/assets/wrapper"
)

// outcome is the result of one row of the input, as the report states it.
type outcome string

// Outcomes of a row. A failed row whose request got no response may still
// have been applied by Webflow. Sending it again is safe, because Update
// Asset sets absolute values.
const (
	outcomeApplied outcome = "applied"  // Webflow applied the update
	outcomeFailed  outcome = "failed"   // the update failed, or no response arrived
	outcomeSkipped outcome = "skipped"  // the row is bad and was not sent
	outcomeNotSent outcome = "not_sent" // the run was interrupted before the row was sent
)

var outcomes = []outcome{outcomeApplied, outcomeFailed, outcomeSkipped, outcomeNotSent}

// reportHeader is the first line of every report.
var reportHeader = []string{"row", "asset_id", "outcome", "error_code", "error_message"}

// reportRow is one line of the report.
type reportRow struct {
	Row          int
	AssetID      string
	Outcome      outcome
	ErrorCode    string
	ErrorMessage string
}

func (r reportRow) record() []string {
	return []string{strconv.Itoa(r.Row), r.AssetID, string(r.Outcome), r.ErrorCode, oneLine(r.ErrorMessage)}
}

// resultRow turns the result of a sent row into its line of the report.
func resultRow(row inputRow, result wrapper.BulkResult) reportRow {
	line := reportRow{Row: row.Row, AssetID: row.AssetID, ErrorCode: errorCode(result.Err)}
	if result.Err != nil {
		line.ErrorMessage = result.Err.Error()
	}

	switch {
	case result.Applied():
		line.Outcome = outcomeApplied
	case errors.Is(result.Err, wrapper.ErrNotSent):
		line.Outcome = outcomeNotSent
	default:
		line.Outcome = outcomeFailed
	}
	return line
}

// Error codes of the report for errors that carry no code from Webflow.
const (
	codeNotSent         = "not_sent"
	codeInvalidResponse = "invalid_response" // applied, but the body did not match the schema
	codeInvalidInput    = "invalid_input"    // rejected by the client before sending
	codeTimeout         = "timeout"          // --timeout or an attempt timeout ran out
	codeInterrupted     = "interrupted"      // Ctrl-C during a wait before a retry
	codeRequestFailed   = "request_failed"   // no response, such as a refused connection
	codeRateLimited     = "too_many_requests"
)

// errorCode returns the report's error_code for err: Webflow's code for an
// error response, http_STATUS when the response had none, or one of the
// codes above.
func errorCode(err error) string {
	var (
		requestErr *wrapper.RequestError
		invalid    *wrapper.InvalidResponseError
		apiErr     *wrapper.APIError
	)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, wrapper.ErrNotSent):
		return codeNotSent
	case errors.As(err, &invalid):
		return codeInvalidResponse
	case errors.As(err, &requestErr):
		return requestErrorCode(err)
	case errors.As(err, &apiErr) && apiErr.Code != "":
		return string(apiErr.Code)
	case apiErr != nil:
		return fmt.Sprintf("http_%d", apiErr.StatusCode)
	case errors.Is(err, wrapper.ErrInvalidInput):
		return codeInvalidInput
	}
	return codeRequestFailed
}

func requestErrorCode(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return codeTimeout
	case errors.Is(err, context.Canceled):
		return codeInterrupted
	case wrapper.IsRateLimited(err):
		return codeRateLimited
	}
	return codeRequestFailed
}

// defaultReportPath returns the report's path beside the input:
// renames.csv gives renames.report.csv.
func defaultReportPath(inputPath string) string {
	return strings.TrimSuffix(inputPath, filepath.Ext(inputPath)) + ".report.csv"
}

// readReport reads a report that an earlier run wrote and returns its rows
// by row number. An error about the content is an *inputError, a usage
// error; one about opening the file is not.
func readReport(path string) (map[int]reportRow, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the report to resume: %w", err)
	}
	defer file.Close()

	reader := csv.NewReader(file)
	header, err := reader.Read()
	if err != nil || !slices.Equal(header, reportHeader) {
		return nil, &inputError{fmt.Sprintf("--resume %s is not a report of %s: its first line must be %s", path, programName, strings.Join(reportHeader, ","))}
	}

	rows := make(map[int]reportRow)
	for {
		record, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, &inputError{fmt.Sprintf("--resume %s is not a usable report: %v", path, err)}
		}

		row, err := parseReportRecord(record)
		if err != nil {
			line, _ := reader.FieldPos(0)
			return nil, &inputError{fmt.Sprintf("--resume %s, line %d: %v", path, line, err)}
		}
		// A row reported twice counts as applied if either run applied it.
		if earlier, ok := rows[row.Row]; !ok || earlier.Outcome != outcomeApplied {
			rows[row.Row] = row
		}
	}
}

func parseReportRecord(record []string) (reportRow, error) {
	number, err := strconv.Atoi(record[0])
	if err != nil || number < 2 {
		return reportRow{}, fmt.Errorf("the row %q is not a line number of 2 or more", record[0])
	}
	row := reportRow{Row: number, AssetID: record[1], Outcome: outcome(record[2]), ErrorCode: record[3], ErrorMessage: record[4]}
	if !slices.Contains(outcomes, row.Outcome) {
		return reportRow{}, fmt.Errorf("unknown outcome %q; expected one of %q", record[2], outcomes)
	}
	return row, nil
}

// reportJournal writes the report while the rows finish: each row is
// appended and flushed at once, so that a run that is killed still leaves a
// report of what it did. finish rewrites the report in row order.
type reportJournal struct {
	path string

	mu       sync.Mutex
	file     *os.File
	writer   *csv.Writer
	rows     []reportRow
	writeErr error // the first failed append, after which appends stop
}

// createJournal starts the report at path with the rows of an earlier run
// that are carried over. It writes them to a temporary file and renames it
// over path, so that an earlier report at path, which may be the one being
// resumed, is replaced only by a report that contains its applied rows.
func createJournal(path string, carried []reportRow) (*reportJournal, error) {
	j := &reportJournal{path: path}

	if err := writeReportFile(path, carried); err != nil {
		return nil, err
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, fmt.Errorf("opening the report %s: %w", path, err)
	}
	j.file = file
	j.writer = csv.NewWriter(file)
	j.rows = slices.Clone(carried)
	return j, nil
}

// append writes row to the report and flushes it to the file.
func (j *reportJournal) append(row reportRow) {
	j.mu.Lock()
	defer j.mu.Unlock()

	j.rows = append(j.rows, row)
	if j.writeErr != nil {
		return
	}
	if err := j.writer.Write(row.record()); err != nil {
		j.writeErr = err
		return
	}
	j.writer.Flush()
	j.writeErr = j.writer.Error()
}

// finish rewrites the report in row order, through a temporary file that
// replaces it, and returns the rows in that order. The rewrite makes the
// report complete even when an earlier append failed.
func (j *reportJournal) finish() ([]reportRow, error) {
	j.mu.Lock()
	defer j.mu.Unlock()

	j.file.Close()
	slices.SortStableFunc(j.rows, func(a, b reportRow) int { return cmp.Compare(a.Row, b.Row) })

	return j.rows, writeReportFile(j.path, j.rows)
}

// writeReportFile writes a report with rows to a temporary file beside path,
// syncs it and renames it to path, so that path always holds a whole report.
func writeReportFile(path string, rows []reportRow) error {
	file, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("creating the report %s: %w", path, err)
	}
	defer os.Remove(file.Name()) // fails harmlessly after the rename

	writer := csv.NewWriter(file)
	writer.Write(reportHeader)
	for _, row := range rows {
		writer.Write(row.record())
	}
	writer.Flush()

	err = errors.Join(writer.Error(), file.Chmod(0o644), file.Sync())
	if closeErr := file.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(file.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("writing the report %s: %w", path, err)
	}
	return nil
}
