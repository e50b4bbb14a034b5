package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progressState is the input of the progress line of bulk: row counts and elapsed time.
type progressState struct {
	// Total counts the rows to send; Done those that ended, of which Applied
	// were applied, Failed failed and NotSent were never sent.
	Total, Done, Applied, Failed, NotSent int

	// Elapsed is the time since the first row was sent.
	Elapsed time.Duration
}

// progressBarWidth is the number of cells in the bar, small enough that the
// line fits in 80 columns for runs of up to a few thousand rows. A longer
// line wraps, and then the redraw leaves copies of it behind.
const progressBarWidth = 20

// renderProgress returns the progress line for s, such as
// "[#####---------------] 10/40 applied 9 failed 1 2.5/s ETA 12s".
// The rate is rows ended per second so far, and the ETA assumes it holds.
func renderProgress(s progressState) string {
	var b strings.Builder

	filled := 0
	if s.Total > 0 {
		filled = min(s.Done*progressBarWidth/s.Total, progressBarWidth)
	}
	fmt.Fprintf(&b, "[%s%s] %*d/%d applied %d failed %d",
		strings.Repeat("#", filled), strings.Repeat("-", progressBarWidth-filled),
		len(fmt.Sprint(s.Total)), s.Done, s.Total, s.Applied, s.Failed)
	if s.NotSent > 0 {
		fmt.Fprintf(&b, " not sent %d", s.NotSent)
	}

	seconds := s.Elapsed.Seconds()
	if s.Done == 0 || seconds <= 0 {
		b.WriteString(" --/s ETA --")
		return b.String()
	}
	rate := float64(s.Done) / seconds
	eta := time.Duration(float64(s.Total-s.Done) / rate * float64(time.Second))
	fmt.Fprintf(&b, " %.1f/s ETA %v", rate, eta.Round(time.Second))
	return b.String()
}

// isTerminal reports whether w is a character device, such as a terminal,
// that can redraw a line in place.
func isTerminal(w io.Writer, lookupEnv func(string) (string, bool)) bool {
	file, ok := w.(*os.File)
	if !ok {
		return false
	}
	if term, _ := lookupEnv("TERM"); term == "dumb" {
		return false
	}
	info, err := file.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// bulkDisplay shows the progress of a bulk run on stderr. On a terminal it
// redraws one progress line in place and prints a line above it for each
// failed or skipped row. Elsewhere it prints one plain line per finished row.
// It is safe for concurrent use, and as an io.Writer it takes log records,
// which it prints above the progress line.
type bulkDisplay struct {
	out      io.Writer
	terminal bool
	now      func() time.Time

	mu        sync.Mutex
	state     progressState
	start     time.Time
	lineShown bool // a progress line is on the screen
}

func newBulkDisplay(out io.Writer, terminal bool) *bulkDisplay {
	return &bulkDisplay{out: out, terminal: terminal, now: time.Now}
}

// begin starts the clock of the rate and ETA for total rows to send.
func (d *bulkDisplay) begin(total int) {
	d.mu.Lock()
	defer d.mu.Unlock()

	d.state = progressState{Total: total}
	d.start = d.now()
	d.redraw()
}

// rowFinished shows a row that ended, and the new counts.
func (d *bulkDisplay) rowFinished(row reportRow, state progressState) {
	d.mu.Lock()
	defer d.mu.Unlock()

	d.state = state
	if !d.terminal || row.Outcome == outcomeFailed || row.Outcome == outcomeSkipped {
		d.printLine(describeRow(row))
	}
	d.redraw()
}

// note prints a message on its own line.
func (d *bulkDisplay) note(message string) {
	d.mu.Lock()
	defer d.mu.Unlock()

	d.printLine(message)
	d.redraw()
}

// Write prints log records above the progress line.
func (d *bulkDisplay) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()

	d.clear()
	n, err := d.out.Write(p)
	d.redraw()
	return n, err
}

// tick redraws the progress line, so that the rate and ETA move while rows
// wait for the rate limit.
func (d *bulkDisplay) tick() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.redraw()
}

// end leaves the last progress line on the screen and moves below it.
func (d *bulkDisplay) end() {
	d.mu.Lock()
	defer d.mu.Unlock()

	if d.lineShown {
		fmt.Fprintln(d.out)
		d.lineShown = false
	}
	d.terminal = false // later notes need no clearing
}

func (d *bulkDisplay) printLine(line string) {
	d.clear()
	fmt.Fprintln(d.out, line)
}

// clear erases the progress line, if one is shown, and returns the cursor
// to the start of the line.
func (d *bulkDisplay) clear() {
	if d.lineShown {
		fmt.Fprint(d.out, "\r\x1b[K")
		d.lineShown = false
	}
}

func (d *bulkDisplay) redraw() {
	if !d.terminal || d.start.IsZero() || d.state.Total == 0 {
		return
	}
	state := d.state
	state.Elapsed = d.now().Sub(d.start)
	fmt.Fprint(d.out, "\r\x1b[K"+renderProgress(state))
	d.lineShown = true
}

// describeRow returns the line that reports a finished row, such as
// "row 4, asset 6650b2f1c4a9e3001f2d7a41: failed: webflow: update asset ...: 404 ...".
func describeRow(row reportRow) string {
	var b strings.Builder

	fmt.Fprintf(&b, "row %d", row.Row)
	if row.AssetID != "" {
		fmt.Fprintf(&b, ", asset %s", row.AssetID)
	}
	fmt.Fprintf(&b, ": %s", strings.ReplaceAll(string(row.Outcome), "_", " "))
	if row.ErrorMessage != "" && row.Outcome != outcomeNotSent {
		fmt.Fprintf(&b, ": %s", oneLine(row.ErrorMessage))
	}
	return b.String()
}
