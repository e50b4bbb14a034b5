package main

import (
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
	outcomeSkipped outcome = "skipped"  // the row is bad or a duplicate and was not sent
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
		line.ErrorMessage = reportMessage(row.AssetID, result.Err)
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

// reportMessage returns the error_message of the report for err: its text
// without the prefix "webflow: update asset ID: ", because the asset_id
// column already names the asset, or without "webflow: " when the error is
// not about one asset's update. What remains starts with the HTTP status and
// Webflow's code and message for an error response, or the cause otherwise.
func reportMessage(assetID string, err error) string {
	text := err.Error()
	if rest, ok := strings.CutPrefix(text, libraryPrefix+" update asset "+assetID+": "); ok {
		return rest
	}
	if rest, ok := strings.CutPrefix(text, libraryPrefix+" "); ok {
		return rest
	}
	return text
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
	case errors.As(err, &apiErr):
		return apiErrorCode(apiErr)
	case errors.Is(err, wrapper.ErrInvalidInput):
		return codeInvalidInput
	}
	return codeRequestFailed
}

// apiErrorCode returns Webflow's code of an error response, or http_STATUS
// when the response had none, such as the HTML page of a proxy.
func apiErrorCode(apiErr *wrapper.APIError) string {
	if apiErr.Code != "" {
		return string(apiErr.Code)
	}
	return fmt.Sprintf("http_%d", apiErr.StatusCode)
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
