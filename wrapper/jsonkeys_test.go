package wrapper

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"
)

// refAsset and refVariant receive the required properties as
// encoding/json matches them, with its case folding and last-key-wins rule,
// so that referenceMissingKeys can check the scanner against it.
type refAsset struct {
	ID               json.RawMessage `json:"id"`
	ContentType      json.RawMessage `json:"contentType"`
	Size             json.RawMessage `json:"size"`
	SiteID           json.RawMessage `json:"siteId"`
	HostedURL        json.RawMessage `json:"hostedUrl"`
	OriginalFileName json.RawMessage `json:"originalFileName"`
	DisplayName      json.RawMessage `json:"displayName"`
	LastUpdated      json.RawMessage `json:"lastUpdated"`
	CreatedOn        json.RawMessage `json:"createdOn"`
	Variants         json.RawMessage `json:"variants"`
	AltText          json.RawMessage `json:"altText"`
}

type refVariant struct {
	HostedURL        json.RawMessage `json:"hostedUrl"`
	OriginalFileName json.RawMessage `json:"originalFileName"`
	DisplayName      json.RawMessage `json:"displayName"`
	Format           json.RawMessage `json:"format"`
	Width            json.RawMessage `json:"width"`
	Quality          json.RawMessage `json:"quality"`
}

// referenceMissingKeys is missingAssetKeys written with encoding/json.
func referenceMissingKeys(body []byte) []string {
	var asset refAsset
	json.Unmarshal(body, &asset)

	var missing []string
	add := func(present bool, path string) {
		if !present {
			missing = append(missing, strconv.Quote(path))
		}
	}
	add(asset.ID != nil, "id")
	add(asset.ContentType != nil, "contentType")
	add(asset.Size != nil, "size")
	add(asset.SiteID != nil, "siteId")
	add(asset.HostedURL != nil, "hostedUrl")
	add(asset.OriginalFileName != nil, "originalFileName")
	add(asset.DisplayName != nil, "displayName")
	add(asset.LastUpdated != nil, "lastUpdated")
	add(asset.CreatedOn != nil, "createdOn")

	var variants []json.RawMessage
	if json.Unmarshal(asset.Variants, &variants) != nil || variants == nil {
		add(false, "variants")
	}
	for i, raw := range variants {
		var variant refVariant
		json.Unmarshal(raw, &variant)
		prefix := "variants[" + strconv.Itoa(i) + "]."
		add(variant.HostedURL != nil, prefix+"hostedUrl")
		add(variant.OriginalFileName != nil, prefix+"originalFileName")
		add(variant.DisplayName != nil, prefix+"displayName")
		add(variant.Format != nil, prefix+"format")
		add(variant.Width != nil, prefix+"width")
		add(variant.Quality != nil, prefix+"quality")
	}

	add(asset.AltText != nil, "altText")
	return missing
}

func TestMissingAssetKeys(t *testing.T) {
	complete := `{"id":"a","contentType":"image/png","size":1,"siteId":"s","hostedUrl":"h","originalFileName":"o",
		"displayName":"d","lastUpdated":"t","createdOn":"t","altText":null,"variants":[
		{"hostedUrl":"h","originalFileName":"o","displayName":"d","format":"png","width":1,"height":null,"quality":100}]}`
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"complete", complete, nil},
		{"whitespace everywhere", " {\n\t\"id\" : \"a\" ,\r\n \"size\":1 } ", nil},
		{"string values with braces and quotes", `{"id":"{\"}[","displayName":"a,b:c}"}`, nil},
		{"escaped key", `{"\u0069d":"a"}`, nil},
		{"nested keys do not count", `{"x":{"id":"a","size":1},"y":["siteId"]}`, nil},
		{"empty object", `{}`, nil},
		{"array", `[{"id":"a"}]`, nil},
		{"variants not an array", `{"variants":{"hostedUrl":"h"}}`, nil},
		{"variant that is not an object", `{"variants":[1,"x",{"width":1}]}`, nil},
		{"case-folded duplicate replaces variants", `{"variants":[],"VARIANTS":[{}]}`, nil},
		{"case-folded key counts", `{"DisplayName":"d","ſiteId":"s"}`, nil},
	}
	for _, tt := range tests {
		got := missingAssetKeys([]byte(tt.body))
		want := referenceMissingKeys([]byte(tt.body))
		if tt.want != nil {
			want = tt.want
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: missingAssetKeys = %v, want %v", tt.name, got, want)
		}
	}
}

func TestMissingAssetKeysAllocatesNothingForCompleteAsset(t *testing.T) {
	body := []byte(validAsset)
	if missing := missingAssetKeys(body); len(missing) != 0 {
		t.Fatalf("missingAssetKeys = %v, want none", missing)
	}
	if allocs := testing.AllocsPerRun(100, func() { missingAssetKeys(body) }); allocs != 0 {
		t.Errorf("missingAssetKeys allocated %v times per call, want 0", allocs)
	}
}

// FuzzMissingAssetKeys checks the scanner against encoding/json on every
// valid JSON document.
func FuzzMissingAssetKeys(f *testing.F) {
	addFixtures(f, "asset*.json")
	f.Add("", []byte(`{"id":"a","variants":[{"width":1},{}]}`))
	f.Add("", []byte(`{"\u0069d":"a","x":"\"}"}`))
	f.Add("", []byte(`{"variants":[{"width":1}],"Variants":null,"ALTTEXT":1}`))

	f.Fuzz(func(t *testing.T, _ string, body []byte) {
		if !json.Valid(body) {
			return
		}
		got := missingAssetKeys(body)
		want := referenceMissingKeys(body)
		if !slices.Equal(got, want) {
			t.Errorf("missingAssetKeys(%q) = %v, want %v", body, got, want)
		}
	})
}
