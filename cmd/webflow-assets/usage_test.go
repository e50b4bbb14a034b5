package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestBulkUsageListsErrorCodes checks that the usage of bulk lists exactly
// the error codes that the program writes: every string constant named
// code... in the package, and http_NNN for error responses without a code.
func TestBulkUsageListsErrorCodes(t *testing.T) {
	want := errorCodeConstants(t)
	want["http_NNN"] = true

	_, list, found := strings.Cut(bulkCommand.usage, "This program\nwrites these codes:\n")
	list, _, foundEnd := strings.Cut(list, "Any other code")
	if !found || !foundEnd {
		t.Fatalf("the usage of bulk lacks the list of error codes:\n%s", bulkCommand.usage)
	}
	listed := make(map[string]bool)
	for _, match := range regexp.MustCompile(`(?m)^  ([a-z_N]+)  `).FindAllStringSubmatch(list, -1) {
		listed[match[1]] = true
	}

	for _, code := range slices.Sorted(maps.Keys(want)) {
		if !listed[code] {
			t.Errorf("the usage of bulk does not list the error code %s, which the program writes", code)
		}
	}
	for _, code := range slices.Sorted(maps.Keys(listed)) {
		if !want[code] {
			t.Errorf("the usage of bulk lists the error code %s, which no constant defines", code)
		}
	}
}

// errorCodeConstants returns the values of the string constants whose names
// start with "code" in the package's source files, tests excluded.
func errorCodeConstants(t *testing.T) map[string]bool {
	t.Helper()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	files := token.NewFileSet()
	var parsed []*ast.File
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(files, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, file)
	}

	codes := make(map[string]bool)
	for _, file := range parsed {
		ast.Inspect(file, func(node ast.Node) bool {
			spec, ok := node.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range spec.Names {
				literal, isString := valueAt(spec, i).(*ast.BasicLit)
				if !strings.HasPrefix(name.Name, "code") || !isString || literal.Kind != token.STRING {
					continue
				}
				value, err := strconv.Unquote(literal.Value)
				if err != nil {
					t.Fatalf("constant %s: %v", name.Name, err)
				}
				codes[value] = true
			}
			return true
		})
	}
	if len(codes) == 0 {
		t.Fatal("found no constants named code... in the package; the test no longer finds the error codes")
	}
	return codes
}

func valueAt(spec *ast.ValueSpec, i int) ast.Expr {
	if i >= len(spec.Values) {
		return nil
	}
	return spec.Values[i]
}

func TestBulkUsageStatesRowAndCrashRules(t *testing.T) {
	usage := strings.Join(strings.Fields(bulkCommand.usage), " ") // the same text however it is wrapped
	for _, want := range []string{
		"Every row must have as many cells as the header: an empty cell leaves that field unset, and a missing cell is a wrong field count",
		"those that update the same asset in the same locale as an earlier one are skipped too",
		"When the process crashes, is killed with kill -9 or gets a second Ctrl-C, the report lists every row that finished",
		"The rows that were in flight or not yet sent are missing from it, and --resume sends them",
		"sending it again is harmless, because an update sets absolute values",
		"Ctrl-C or SIGTERM stops sending, waits for the requests in flight",
		"To drop a row, such as a duplicate, delete the text of its line but not the line break",
	} {
		if !strings.Contains(usage, want) {
			t.Errorf("the usage of bulk lacks %q", want)
		}
	}
}
