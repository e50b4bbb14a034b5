package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestReadInputMarksDuplicates(t *testing.T) {
	const secondLocale = "65427cf400e02b306eaa04a1"
	idA, idB := testAssetID(1), testAssetID(2)
	cases := []struct {
		name  string
		lines []string // records after the header asset_id,display_name,locale_id
		want  map[int]string
	}{
		{
			name:  "same asset and primary locale",
			lines: []string{idA + ",a.png,", idA + ",b.png,"},
			want:  map[int]string{3: "row 3 updates the same asset and locale as row 2; keep one of them"},
		},
		{
			name:  "same asset and locale",
			lines: []string{idA + ",a.png," + testLocaleID, idA + ",b.png," + testLocaleID},
			want:  map[int]string{3: "row 3 updates the same asset and locale as row 2; keep one of them"},
		},
		{
			name:  "identical rows",
			lines: []string{idA + ",a.png,", idA + ",a.png,"},
			want:  map[int]string{3: "row 3 updates the same asset and locale as row 2; keep one of them"},
		},
		{
			name:  "every later row names the first",
			lines: []string{idA + ",a.png,", idB + ",b.png,", idA + ",c.png,", idA + ",d.png,"},
			want: map[int]string{
				4: "row 4 updates the same asset and locale as row 2; keep one of them",
				5: "row 5 updates the same asset and locale as row 2; keep one of them",
			},
		},
		{
			name:  "cells compared after trimming",
			lines: []string{idA + ",a.png," + testLocaleID, " " + idA + " ,b.png, " + testLocaleID + " "},
			want:  map[int]string{3: "row 3 updates the same asset and locale as row 2; keep one of them"},
		},
		{
			name:  "other locales",
			lines: []string{idA + ",a.png,", idA + ",b.png," + testLocaleID, idA + ",c.png," + secondLocale},
			want:  map[int]string{},
		},
		{
			name:  "other assets",
			lines: []string{idA + ",a.png,", idB + ",a.png,"},
			want:  map[int]string{},
		},
		{
			name:  "bad first row does not count",
			lines: []string{idA + ",,", idA + ",b.png,", idA + ",c.png,"},
			want: map[int]string{
				2: "the display_name cell is empty, so there is nothing to update",
				4: "row 4 updates the same asset and locale as row 3; keep one of them",
			},
		},
		{
			name:  "wrong field count does not count",
			lines: []string{idA + ",a.png", idA + ",b.png,"},
			want:  map[int]string{2: "the record has 2 fields, but the header has 3; write an empty cell, with its comma, for a column to leave unset"},
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			input := "asset_id,display_name,locale_id\n" + strings.Join(tc.lines, "\n") + "\n"

			rows, err := readInput(strings.NewReader(input), "in.csv")

			if err != nil {
				t.Fatalf("%s: readInput: %v", tc.name, err)
			}
			if len(rows) != len(tc.lines) {
				t.Fatalf("%s: readInput returned %d rows, want %d", tc.name, len(rows), len(tc.lines))
			}
			for _, row := range rows {
				got := ""
				if row.Problem != nil {
					got = row.Problem.Message
				}
				if want := tc.want[row.Row]; got != want {
					t.Errorf("%s: row %d has the problem %q, want %q", tc.name, row.Row, got, want)
				}
				if row.Problem != nil && strings.HasPrefix(got, "row ") && row.Problem.Code != codeDuplicateRow {
					t.Errorf("%s: row %d has the code %q, want %q", tc.name, row.Row, row.Problem.Code, codeDuplicateRow)
				}
			}
		})
	}
}

func TestReadInputBlankLineKeepsRowNumbers(t *testing.T) {
	input := "asset_id,display_name\n" + testAssetID(1) + ",a.png\n\n" + testAssetID(2) + ",b.png\n"

	rows, err := readInput(strings.NewReader(input), "in.csv")

	if err != nil {
		t.Fatalf("readInput: %v", err)
	}
	var numbers []int
	for _, row := range rows {
		numbers = append(numbers, row.Row)
	}
	if want := []int{2, 4}; !slices.Equal(numbers, want) {
		t.Errorf("row numbers %v, want %v: the blank line 3 is no row, and the row after it keeps its line number", numbers, want)
	}
}

func TestReadInputKeepsAssetIDOfWrongFieldCount(t *testing.T) {
	id := testAssetID(1)
	cases := []struct {
		name   string
		header string
		record string
		want   string
	}{
		{"too few, asset_id present", "asset_id,display_name,locale_id", id + ",a.png", id},
		{"too few, asset_id absent", "display_name,locale_id,asset_id", "a.png,", ""},
		{"too many", "asset_id,display_name", id + ",dusk, harbour.png", id},
		{"too many, trimmed", "display_name,asset_id", "a.png, " + id + " ,extra", id},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := readInput(strings.NewReader(tc.header+"\n"+tc.record+"\n"), "in.csv")

			if err != nil || len(rows) != 1 {
				t.Fatalf("%s: readInput returned %d rows and the error %v, want 1 row", tc.name, len(rows), err)
			}
			row := rows[0]
			if row.Problem == nil || row.Problem.Code != codeWrongFieldCount {
				t.Errorf("%s: problem %+v, want the code %s", tc.name, row.Problem, codeWrongFieldCount)
			}
			if row.AssetID != tc.want {
				t.Errorf("%s: asset ID %q, want %q", tc.name, row.AssetID, tc.want)
			}
		})
	}
}

func TestReadInputBadQuoteHasNoAssetID(t *testing.T) {
	input := fmt.Sprintf("asset_id,display_name\n%s,\"bad\"quote.png\n", testAssetID(1))

	rows, err := readInput(strings.NewReader(input), "in.csv")

	if err != nil || len(rows) != 1 {
		t.Fatalf("readInput returned %d rows and the error %v, want 1 row", len(rows), err)
	}
	if rows[0].Problem == nil || rows[0].Problem.Code != codeBadQuote {
		t.Errorf("problem %+v, want the code %s", rows[0].Problem, codeBadQuote)
	}
	if rows[0].AssetID != "" {
		t.Errorf("asset ID %q, want none, because the cells of a record with a bad quote are cut short", rows[0].AssetID)
	}
}
