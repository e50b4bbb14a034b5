package main

import "testing"

func TestCutQuotedLabel(t *testing.T) {
	cases := []struct {
		name   string
		s      string
		label  string
		want   string
		wantOK bool
	}{
		{"plain value", `invalid address "x:1": the host must be loopback`, "invalid address ", "the host must be loopback", true},
		{"escaped quote and colon in the value", `base URL "a\": b": no host`, "base URL ", "no host", true},
		{"empty value", `base URL "": no scheme`, "base URL ", "no scheme", true},
		{"other label", `parse "x": invalid port`, "base URL ", `parse "x": invalid port`, false},
		{"unquoted value", `base URL x: no host`, "base URL ", `base URL x: no host`, false},
		{"unterminated quote", `base URL "x: no host`, "base URL ", `base URL "x: no host`, false},
		{"no colon after the value", `base URL "x" has no host`, "base URL ", `base URL "x" has no host`, false},
	}

	for _, tc := range cases {
		got, ok := cutQuotedLabel(tc.s, tc.label)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: cutQuotedLabel(%q, %q) = %q, %v, want %q, %v", tc.name, tc.s, tc.label, got, ok, tc.want, tc.wantOK)
		}
	}
}
