package main

import (
	"fmt"
	"strings"
)

// printSummary prints the counts, where the report is and, when rows are
// left, how to send them.
func (c *cli) printSummary(f *bulkFlags, rows []reportRow, carried int, interrupted bool) {
	counts := make(map[outcome]int)
	for _, row := range rows {
		counts[row.Outcome]++
	}

	fmt.Fprintf(c.stdout, "Applied %d of %s", counts[outcomeApplied], plural(len(rows), "row", "rows"))
	if carried > 0 {
		fmt.Fprintf(c.stdout, " (%d in an earlier run)", carried)
	}
	fmt.Fprintf(c.stdout, "; %d failed, %d skipped, %d not sent.\n", counts[outcomeFailed], counts[outcomeSkipped], counts[outcomeNotSent])
	fmt.Fprintf(c.stdout, "Report: %s\n", f.reportPath())

	left := len(rows) - counts[outcomeApplied]
	switch {
	case interrupted && left == 0:
		fmt.Fprintln(c.stdout, "Interrupted after every row was applied.")
	case interrupted:
		fmt.Fprintf(c.stdout, "Interrupted. To send %s, run:\n  %s\n", rowsNotApplied(left), f.resumeCommand())
	case left > 0:
		fmt.Fprintf(c.stdout, "To retry %s, run the command below. If you fix rows first, keep each row on its line, because --resume matches rows by line number:\n  %s\n",
			rowsNotApplied(left), f.resumeCommand())
	}
}

// rowsNotApplied returns "the row that was not applied" or "the 3 rows that
// were not applied".
func rowsNotApplied(n int) string {
	if n == 1 {
		return "the row that was not applied"
	}
	return fmt.Sprintf("the %d rows that were not applied", n)
}

// plural returns n followed by the singular or plural noun, such as "1 row"
// or "3 rows".
func plural(n int, singular, pluralNoun string) string {
	if n == 1 {
		return "1 " + singular
	}
	return fmt.Sprintf("%d %s", n, pluralNoun)
}

// resumeCommand returns the command line that resumes this run from its
// report, with the other flags as they were given.
func (f *bulkFlags) resumeCommand() string {
	words := []string{programName, "bulk", "--from", shellQuote(f.from), "--resume", shellQuote(f.reportPath())}
	for _, fl := range f.setFlags {
		switch fl.Name {
		case "from", "resume", "report":
			continue
		}
		if isBoolFlag(fl) {
			if fl.Value.String() == "true" {
				words = append(words, flagName(fl.Name))
			}
			continue
		}
		words = append(words, flagName(fl.Name), shellQuote(fl.Value.String()))
	}
	return strings.Join(words, " ")
}

func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// shellQuote quotes s for a POSIX shell when it contains anything but
// letters, digits and the punctuation of ordinary paths.
func shellQuote(s string) string {
	plain := s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@+,%", r))
	})
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
