package main

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

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
