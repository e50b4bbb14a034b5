package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// libraryPrefix starts the errors of the wrapper package. A line that starts
// with it already names the source of the error, so errorLine does not put
// the program's name in front of it.
const libraryPrefix = "webflow:"

// errorLine returns message on one line, after "prefix: " unless the message
// starts with libraryPrefix. Every error line of the program goes through it.
func errorLine(prefix, message string) string {
	message = oneLine(message)
	if strings.HasPrefix(message, libraryPrefix) {
		return message
	}
	return prefix + ": " + message
}

// usageFailure prints an error in the syntax of the command line, such as an
// unknown flag or a missing argument, with the command's usage text, and
// returns exitUsage.
func (c *cli) usageFailure(cmd *command, format string, args ...any) int {
	fmt.Fprintf(c.stderr, "%s\n\n%s", errorLine(programName+" "+cmd.name, fmt.Sprintf(format, args...)), cmd.usage)
	return exitUsage
}

// Topics of the help hint that inputFailure prints.
const (
	topicUsage      = "the usage"
	topicFlags      = "the flags"
	topicFileFormat = "the file format"
)

// inputFailure prints an error about a value, such as a flag's value, an
// asset ID or the content of a file, on one line, followed by a line that
// points to the command's help on topic, and returns exitUsage. The value is
// wrong, not the syntax, so the whole usage text would only bury the error.
func (c *cli) inputFailure(cmd *command, topic string, err error) int {
	fmt.Fprintln(c.stderr, errorLine(programName+" "+cmd.name, err.Error()))
	fmt.Fprintf(c.stderr, "Run %q for %s.\n", programName+" help "+cmd.name, topic)
	return exitUsage
}

// failure prints err on one line of stderr and returns exitFailed.
func (c *cli) failure(err error) int {
	fmt.Fprintln(c.stderr, failureLine(err))
	return exitFailed
}

// failureLine returns the line that reports err.
func failureLine(err error) string {
	return errorLine(programName, err.Error())
}

// oneLine replaces line breaks, which a server's message may contain, so
// that every failure is one line.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
}

// callFailure prints the error of a call on one line and returns its exit
// code: exitInterrupted when ctx was cancelled, exitFailed otherwise.
func (c *cli) callFailure(ctx context.Context, err error) int {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		fmt.Fprintln(c.stderr, failureLine(err)+" (interrupted)")
		return exitInterrupted
	}
	return c.failure(err)
}

// cutQuotedLabel returns s without a leading label, a Go-quoted value and
// ": ", such as `invalid address "x": ` for the label "invalid address ",
// and true. A library quotes the offending value so, and a command that
// names the value in its own terms drops that part. When s does not start
// so, cutQuotedLabel returns s and false.
func cutQuotedLabel(s, label string) (string, bool) {
	afterLabel, ok := strings.CutPrefix(s, label)
	if !ok {
		return s, false
	}

	quoted, err := strconv.QuotedPrefix(afterLabel)
	if err != nil {
		return s, false
	}
	rest, ok := strings.CutPrefix(afterLabel[len(quoted):], ": ")
	if !ok {
		return s, false
	}
	return rest, true
}
