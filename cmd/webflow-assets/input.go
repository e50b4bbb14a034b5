package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/webflowkit/assets/wrapper"
)

// Columns of the input CSV of bulk.
const (
	columnAssetID     = "asset_id"
	columnDisplayName = "display_name"
	columnLocaleID    = "locale_id"
)

var inputColumns = []string{columnAssetID, columnDisplayName, columnLocaleID}

// Error codes of the report for rows that are skipped: bad rows and duplicates.
const (
	codeMissingAssetID  = "missing_asset_id"
	codeInvalidAssetID  = "invalid_asset_id" // rejected by wrapper.ValidateAssetID
	codeNothingToUpdate = "nothing_to_update"
	codeWrongFieldCount = "wrong_field_count"
	codeBadQuote        = "bad_quote"
	codeMalformedCSV    = "malformed_csv"
	codeDuplicateRow    = "duplicate_row"
)

// inputRow is one record of the input CSV.
type inputRow struct {
	// Row is the line of the file where the record starts; the header is line 1.
	Row     int
	AssetID string
	Update  wrapper.UpdateAssetRequest

	// Problem is the reason the row is skipped, or nil for a row to send.
	Problem *rowProblem
}

// rowProblem is the error code and message of a bad row, as the report states them.
type rowProblem struct {
	Code    string
	Message string
}

// inputError is a problem with the content of a file that bulk reads: the
// header of the input, or an earlier report that does not fit the input.
// The command reports it as a usage error.
type inputError struct {
	msg string
}

func (e *inputError) Error() string { return e.msg }

// inputHeader is the position of each column in the records.
type inputHeader struct {
	index map[string]int // position of each known column, or -1
	width int            // number of fields in the header
}

// readInput reads the input CSV of bulk. A bad header returns a
// *inputError. Bad records do not stop the reading: each becomes a row with
// a Problem, so that the good rows still go out. So does every good row
// that repeats the asset and locale of an earlier good row.
func readInput(r io.Reader, name string) ([]inputRow, error) {
	reader := csv.NewReader(r)
	headerRecord, err := reader.Read()
	var parseErr *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return nil, &inputError{fmt.Sprintf("%s is empty; its first line must be a header such as %s", name, strings.Join(inputColumns, ","))}
	case errors.As(err, &parseErr):
		return nil, &inputError{fmt.Sprintf("the header of %s is malformed: %v", name, err)}
	case err != nil:
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}

	columns, err := parseHeader(headerRecord, name)
	if err != nil {
		return nil, err
	}

	var rows []inputRow
	for {
		record, err := reader.Read()
		if errors.Is(err, io.EOF) {
			markDuplicates(rows)
			return rows, nil
		}
		row, fatal := columns.row(reader, record, err)
		if fatal != nil {
			return rows, fmt.Errorf("reading %s: %w", name, fatal)
		}
		rows = append(rows, row)
	}
}

// parseHeader checks the header and returns where each column is.
func parseHeader(header []string, name string) (inputHeader, error) {
	columns := inputHeader{index: make(map[string]int), width: len(header)}
	for _, column := range inputColumns {
		columns.index[column] = -1
	}

	var unknown []string
	for i, cell := range header {
		column := strings.TrimSpace(cell)
		if i == 0 {
			column = strings.TrimPrefix(column, "\uFEFF") // the byte order mark that spreadsheets write
		}
		index, known := columns.index[column]
		switch {
		case !known:
			unknown = append(unknown, fmt.Sprintf("%q", column))
		case index >= 0:
			return inputHeader{}, &inputError{fmt.Sprintf("the header of %s names the column %s twice", name, column)}
		default:
			columns.index[column] = i
		}
	}

	if len(unknown) > 0 {
		return inputHeader{}, &inputError{fmt.Sprintf("the header of %s has unknown columns %s; the columns are %s (%s optional)",
			name, strings.Join(unknown, ", "), strings.Join(inputColumns, ","), columnLocaleID)}
	}
	for _, required := range []string{columnAssetID, columnDisplayName} {
		if columns.index[required] < 0 {
			return inputHeader{}, &inputError{fmt.Sprintf("the header of %s has no column %s; the columns are %s (%s optional)",
				name, required, strings.Join(inputColumns, ","), columnLocaleID)}
		}
	}
	return columns, nil
}

// row turns what reader.Read returned into a row. It returns an error only
// when reading cannot go on, such as a failing reader.
func (header inputHeader) row(reader *csv.Reader, record []string, readErr error) (inputRow, error) {
	var parseErr *csv.ParseError
	if readErr != nil && !errors.As(readErr, &parseErr) {
		return inputRow{}, readErr
	}
	if parseErr != nil {
		row := inputRow{Row: parseErr.StartLine, Problem: csvProblem(parseErr, len(record), header.width)}
		if errors.Is(parseErr.Err, csv.ErrFieldCount) {
			// encoding/csv returns the whole record with ErrFieldCount, so
			// its asset_id cell is kept for the report. An unquoted comma
			// before that cell shifts it, which the message for too many
			// fields points out. The cells of a record with a bad quote are
			// cut short, so only the row number identifies that row.
			row.AssetID = header.cell(record, columnAssetID)
		}
		return row, nil
	}

	line, _ := reader.FieldPos(0)
	row := inputRow{Row: line, AssetID: header.cell(record, columnAssetID)}
	if displayName := header.rawCell(record, columnDisplayName); displayName != "" {
		row.Update.DisplayName = new(displayName)
	}
	if localeID := header.cell(record, columnLocaleID); localeID != "" {
		row.Update.LocaleID = new(localeID)
	}

	switch idErr := wrapper.ValidateAssetID(row.AssetID); {
	case row.AssetID == "":
		row.Problem = &rowProblem{codeMissingAssetID, "the asset_id cell is empty"}
	case idErr != nil:
		row.Problem = &rowProblem{codeInvalidAssetID, reportMessage(row.AssetID, idErr)}
	case row.Update.DisplayName == nil:
		row.Problem = &rowProblem{codeNothingToUpdate, "the display_name cell is empty, so there is nothing to update"}
	}
	return row, nil
}

// cell returns the trimmed value of a column, or "" when the column is
// absent or the record is too short.
func (header inputHeader) cell(record []string, column string) string {
	return strings.TrimSpace(header.rawCell(record, column))
}

// rawCell returns the value of a column as written. Display names keep
// their spaces.
func (header inputHeader) rawCell(record []string, column string) string {
	index := header.index[column]
	if index < 0 || index >= len(record) {
		return ""
	}
	return record[index]
}

// csvProblem describes a record that encoding/csv rejected. fields is the
// number of fields it read, and width that of the header.
func csvProblem(err *csv.ParseError, fields, width int) *rowProblem {
	switch {
	case errors.Is(err.Err, csv.ErrFieldCount) && fields > width:
		return &rowProblem{codeWrongFieldCount, fmt.Sprintf("the record has %s, but the header has %d; quote a cell that contains a comma, such as \"dusk, harbour.png\"",
			plural(fields, "field", "fields"), width)}
	case errors.Is(err.Err, csv.ErrFieldCount):
		return &rowProblem{codeWrongFieldCount, fmt.Sprintf("the record has %s, but the header has %d; write an empty cell, with its comma, for a column to leave unset",
			plural(fields, "field", "fields"), width)}
	case errors.Is(err.Err, csv.ErrQuote), errors.Is(err.Err, csv.ErrBareQuote):
		message := fmt.Sprintf("%v, on line %d, column %d", err.Err, err.Line, err.Column)
		if err.Line > err.StartLine {
			message += fmt.Sprintf("; a quoted field runs from line %d to line %d, so those lines are all part of this bad row", err.StartLine, err.Line)
		}
		return &rowProblem{codeBadQuote, message}
	}
	return &rowProblem{codeMalformedCSV, err.Error()}
}

// updateTarget identifies the display name that a row changes: that of one
// asset in one locale, where "" is the site's primary locale.
type updateTarget struct {
	assetID  string
	localeID string
}

func (row inputRow) target() updateTarget {
	target := updateTarget{assetID: row.AssetID}
	if row.Update.LocaleID != nil {
		target.localeID = *row.Update.LocaleID
	}
	return target
}

// markDuplicates gives a duplicate_row Problem to every row without a
// Problem that updates the same asset in the same locale as an earlier row
// without a Problem. bulk sends rows concurrently, so two updates of one
// name would leave whichever Webflow applied last. Keeping the first makes
// the result the same in every run. rows must be in row order, as readInput
// returns them.
//
// NOTE: a row whose locale_id is the primary locale's ID and a row without
// a locale_id may change the same name, but telling them apart needs the
// site's locales from Webflow, so both rows of such a pair are sent.
func markDuplicates(rows []inputRow) {
	firstRow := make(map[updateTarget]int)
	for i, row := range rows {
		if row.Problem != nil {
			continue
		}
		first, seen := firstRow[row.target()]
		if !seen {
			firstRow[row.target()] = row.Row
			continue
		}
		rows[i].Problem = &rowProblem{codeDuplicateRow,
			fmt.Sprintf("row %d updates the same asset and locale as row %d; keep one of them", row.Row, first)}
	}
}
