package wrapper

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/webflowkit/assets/api"
)

func TestIsJSON(t *testing.T) {
	tests := []struct {
		contentType string
		want        bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"Application/JSON; charset=UTF-8", true},
		{" application/json ;charset=utf-8", true},
		{"application/problem+json", true},
		{"text/html; charset=utf-8", false},
		{"text/plain", false},
		{"application/jsonp", false},
		{"+json", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isJSON(tt.contentType); got != tt.want {
			t.Errorf("isJSON(%q) = %v, want %v", tt.contentType, got, tt.want)
		}
	}
}

const validAsset = `{"id":"6650b2f1c4a9e3001f2d7a41","contentType":"image/png","size":1843221,
"siteId":"6650a0d8b7e1f2001c9e4b10","hostedUrl":"https://cdn.example/a.png","originalFileName":"a.png",
"displayName":"a.png","lastUpdated":"2026-03-02T14:07:55.412Z","createdOn":"2026-02-27T09:31:08Z",
"variants":[{"hostedUrl":"https://cdn.example/a-500.png","originalFileName":"a-500.png","displayName":"a-500.png",
"format":"png","width":500,"height":null,"quality":100,"error":null}],"altText":null}`

func TestDecodeAsset(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		wantErr     string
	}{
		{"valid", "application/json", validAsset, ""},
		{"valid, odd media type case", "Application/JSON; charset=UTF-8", validAsset, ""},
		{"valid, no content type", "", validAsset, ""},
		{"HTML", "text/html", "<html></html>", `Content-Type "text/html" is not JSON`},
		{"empty", "application/json", "", "the body is empty"},
		{"not JSON", "application/json", "Service Unavailable", "decoding the JSON body"},
		{"truncated", "application/json", validAsset[:100], "decoding the JSON body"},
		{"bad timestamp", "application/json", strings.Replace(validAsset, "2026-03-02T14:07:55.412Z", "yesterday", 1), "decoding the JSON body"},
		{"wrapped", "application/json", `{"asset":` + validAsset + `}`, `the required properties "id", "contentType", "size"`},
		{"no id", "application/json", strings.Replace(validAsset, `"id":"6650b2f1c4a9e3001f2d7a41",`, "", 1), `the required property "id" is missing`},
		{"empty id", "application/json", strings.Replace(validAsset, `"id":"6650b2f1c4a9e3001f2d7a41",`, `"id":"",`, 1), `"id" is empty`},
		{"no createdOn", "application/json", strings.Replace(validAsset, `"createdOn":"2026-02-27T09:31:08Z",`, "", 1), `the required property "createdOn" is missing`},
		{"no lastUpdated", "application/json", strings.Replace(validAsset, `"lastUpdated":"2026-03-02T14:07:55.412Z",`, "", 1), `the required property "lastUpdated" is missing`},
		{"no size or siteId", "application/json", strings.Replace(validAsset, `"size":1843221,
"siteId":"6650a0d8b7e1f2001c9e4b10",`, "", 1), `the required properties "size", "siteId" are missing`},
		{"no variants", "application/json", strings.Replace(validAsset, `"variants":[{`, `"variantz":[{`, 1), `the required property "variants" is missing`},
		{"null variants", "application/json", strings.Replace(validAsset, `"variants":[{"hostedUrl"`, `"variants":null,"x":[{"hostedUrl"`, 1), `the required property "variants" is missing`},
		{"escaped key", "application/json", strings.Replace(validAsset, `"siteId"`, `"site\u0049d"`, 1), ""},
		{"nested id only", "application/json", `{"meta":{"id":"x","createdOn":"2026-01-01T00:00:00Z"}}`, `the required properties "id"`},
		{"no altText", "application/json", strings.Replace(validAsset, `,"altText":null`, "", 1), `the required property "altText" is missing`},
		{"variant without width", "application/json", strings.Replace(validAsset, `"width":500,`, "", 1), `the required property "variants[0].width" is missing`},
		{"variant without height", "application/json", strings.Replace(validAsset, `"height":null,`, "", 1), ""},
		{"array", "application/json", "[" + validAsset + "]", "decoding the JSON body"},
		{"null", "application/json", "null", `the required properties "id"`},
		{"size as string", "application/json", strings.Replace(validAsset, "1843221", `"1843221"`, 1), "decoding the JSON body"},
	}
	for _, tt := range tests {
		asset, err := decodeAsset(tt.contentType, []byte(tt.body))
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%s: decodeAsset = %v, want nil", tt.name, err)
			} else if asset.ID != "6650b2f1c4a9e3001f2d7a41" || asset.AltText != nil || (len(asset.Variants) > 0 && asset.Variants[0].Height != nil) {
				t.Errorf("%s: decodeAsset = %+v, want the asset with null height and alt text", tt.name, asset)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: decodeAsset error = %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestNewAPIErrorReadsEnvelopeLeniently(t *testing.T) {
	jsonHeader := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	tests := []struct {
		name        string
		header      http.Header
		body        string
		wantCode    ErrorCode
		wantMessage string
		wantDetails int
	}{
		{
			"validation with mixed details", jsonHeader,
			`{"code":"validation_error","message":"Validation Error","externalReference":null,"details":["displayName must be a string",{"param":"displayName","description":"expected string"}]}`,
			ErrorCodeValidationError, "Validation Error", 2,
		},
		{"numeric code", jsonHeader, `{"code":404,"message":"Not here"}`, "", "Not here", 0},
		{"unknown code", jsonHeader, `{"code":"asset_locked","message":"Locked"}`, "asset_locked", "Locked", 0},
		{"null message", jsonHeader, `{"code":"conflict","message":null}`, ErrorCodeConflict, "", 0},
		{"details not an array", jsonHeader, `{"code":"conflict","details":"oops"}`, ErrorCodeConflict, "", 0},
		{"HTML", http.Header{"Content-Type": {"text/html"}}, `<html>{"code":"conflict"}</html>`, "", "", 0},
		{"empty", jsonHeader, ``, "", "", 0},
		{"no content type", http.Header{}, `{"code":"conflict","message":"Busy"}`, ErrorCodeConflict, "Busy", 0},
		{"odd media type case", http.Header{"Content-Type": {"Application/JSON"}}, `{"code":"conflict"}`, ErrorCodeConflict, "", 0},
	}
	for _, tt := range tests {
		apiErr := newAPIError("a1", attemptResult{status: 409, header: tt.header, body: []byte(tt.body)}, 1)
		if apiErr.Code != tt.wantCode || apiErr.Message != tt.wantMessage || len(apiErr.Details) != tt.wantDetails {
			t.Errorf("%s: got code %q, message %q, %d details; want %q, %q, %d",
				tt.name, apiErr.Code, apiErr.Message, len(apiErr.Details), tt.wantCode, tt.wantMessage, tt.wantDetails)
		}
		if string(apiErr.Body) != tt.body {
			t.Errorf("%s: Body = %q, want the raw body %q", tt.name, apiErr.Body, tt.body)
		}
	}
}

func TestNewAPIErrorCapsBody(t *testing.T) {
	body := strings.Repeat("x", 3*maxBodyExcerpt)
	apiErr := newAPIError("a1", attemptResult{status: 502, header: http.Header{}, body: []byte(body)}, 1)
	if len(apiErr.Body) != maxBodyExcerpt {
		t.Errorf("len(Body) = %d, want %d", len(apiErr.Body), maxBodyExcerpt)
	}
	if msg := apiErr.Error(); len(msg) > 300 {
		t.Errorf("Error() is %d bytes long, want a single short line", len(msg))
	}
}

func TestReadBody(t *testing.T) {
	tests := []struct {
		name          string
		body          string
		contentLength int64
		limit         int64
		want          string
		wantErr       error
	}{
		{"known length", "hello", 5, 100, "hello", nil},
		{"unknown length", "hello", -1, 100, "hello", nil},
		{"unknown length at the cap", "hello", -1, 5, "hello", nil},
		{"unknown length over the cap", "hello world", -1, 5, "hello", ErrResponseTooLarge},
		{"declared length over the cap", "hello world", 11, 5, "hello", ErrResponseTooLarge},
	}
	for _, tt := range tests {
		got, err := readBody(strings.NewReader(tt.body), tt.contentLength, tt.limit)
		if string(got) != tt.want || !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: readBody = %q, %v; want %q, %v", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestReadBodyShorterThanContentLength(t *testing.T) {
	got, err := readBody(strings.NewReader("hel"), 5, 100)
	if err == nil || string(got) != "hel" {
		t.Errorf("readBody = %q, %v; want the 3 bytes and an error", got, err)
	}
}

// TestRequiredKeysMatchSpec keeps the presence checks of decodeAsset in step
// with the required properties of openapi.yaml.
func TestRequiredKeysMatchSpec(t *testing.T) {
	doc, err := api.Load()
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		schema string
		keys   []string
	}{
		{"Asset", requiredAssetKeys},
		{"AssetVariant", requiredVariantKeys},
	}
	for _, tt := range tests {
		schema := doc.Components.Schemas[tt.schema]
		if schema == nil || schema.Value == nil {
			t.Fatalf("openapi.yaml has no schema %s", tt.schema)
		}
		want := slices.Sorted(slices.Values(schema.Value.Required))
		got := slices.Sorted(slices.Values(tt.keys))
		if !slices.Equal(got, want) {
			t.Errorf("%s: decodeAsset checks %v, but openapi.yaml requires %v", tt.schema, got, want)
		}
	}
}
