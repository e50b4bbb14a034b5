package wrapper

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestValidateAssetID(t *testing.T) {
	tests := []struct {
		id      string
		wantErr string // a part of the message; "" for a valid ID
	}{
		{"6650b2f1c4a9e3001f2d7a41", ""},
		{"ABC-not-hex_but_allowed", ""},
		{"", "is empty"},
		{"   ", "is empty"},
		{"a/b", `contains '/'`},
		{"a?b", `contains '?'`},
		{"a#b", `contains '#'`},
		{"a b", "contains whitespace"},
		{"a\tb", "contains whitespace"},
		{"6650b2f1c4a9e3001f2d7a41\n", "contains whitespace"},
		{"a\x00b", "contains a control character"},
		{"a\x7fb", "contains a control character"},
		{".", "would change the request path"},
		{"..", "would change the request path"},
	}
	for _, tt := range tests {
		err := ValidateAssetID(tt.id)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("ValidateAssetID(%q) = %v, want nil", tt.id, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ValidateAssetID(%q) = %v, want an error containing %q", tt.id, err, tt.wantErr)
			continue
		}
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("ValidateAssetID(%q) does not wrap ErrInvalidInput", tt.id)
		}
		if !strings.Contains(err.Error(), "List Assets") {
			t.Errorf("ValidateAssetID(%q) = %v, want it to say where valid IDs come from", tt.id, err)
		}
	}
}

func TestValidateUpdate(t *testing.T) {
	tests := []struct {
		name    string
		update  UpdateAssetRequest
		wantErr bool
	}{
		{"display name", UpdateAssetRequest{DisplayName: new("a.png")}, false},
		{"empty display name", UpdateAssetRequest{DisplayName: new("")}, false},
		{"display name in a locale", UpdateAssetRequest{DisplayName: new("a.png"), LocaleID: new("65427cf400e02b306eaa04a0")}, false},
		{"nothing", UpdateAssetRequest{}, true},
		{"only a locale", UpdateAssetRequest{LocaleID: new("65427cf400e02b306eaa04a0")}, true},
	}
	for _, tt := range tests {
		err := validateUpdate("a1", tt.update)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: validateUpdate = %v, want error: %v", tt.name, err, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: validateUpdate error does not wrap ErrInvalidInput", tt.name)
		}
	}
}

// validateUpdate lists the fields that change an asset. When openapi.yaml adds a
// field to the request, this test fails so that validateUpdate learns it.
func TestUpdateRequestFieldsAreKnown(t *testing.T) {
	var fields []string
	for field := range reflect.TypeFor[UpdateAssetRequest]().Fields() {
		fields = append(fields, field.Name)
	}
	want := []string{"DisplayName", "LocaleID"}
	if !reflect.DeepEqual(fields, want) {
		t.Errorf("UpdateAssetRequest has fields %v, want %v; update validateUpdate for the new ones", fields, want)
	}
}

func TestNormalizeToken(t *testing.T) {
	const secret = "wf_5ecretT0ken"
	tests := []struct {
		name    string
		token   string
		want    string
		wantErr string
	}{
		{"plain", secret, secret, ""},
		{"trailing newline from a file", secret + "\n", secret, ""},
		{"CRLF and spaces", "  " + secret + "\r\n", secret, ""},
		{"empty", "", "", "is empty"},
		{"blank", " \n", "", "is empty"},
		{"inner space", "wf_5ecret T0ken", "", "whitespace or a control character"},
		{"inner newline", "wf_5ecret\nT0ken", "", "whitespace or a control character"},
		{"control character", "wf_5ecret\x01T0ken", "", "whitespace or a control character"},
	}
	for _, tt := range tests {
		got, err := normalizeToken(tt.token)
		if tt.wantErr == "" {
			if err != nil || got != tt.want {
				t.Errorf("%s: normalizeToken = %q, %v; want %q", tt.name, got, err, tt.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: normalizeToken error = %v, want one containing %q", tt.name, err, tt.wantErr)
			continue
		}
		for _, part := range []string{"5ecret", "T0ken"} {
			if strings.Contains(err.Error(), part) {
				t.Errorf("%s: the error %q contains part of the token", tt.name, err)
			}
		}
	}
}
