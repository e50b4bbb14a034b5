package wrapper

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"
)

// referenceMissingKeys is missingAssetKeys written with encoding/json, to
// check the scanner against.
func referenceMissingKeys(body []byte) []string {
	var object map[string]json.RawMessage
	if json.Unmarshal(body, &object) != nil {
		object = nil
	}

	var missing []string
	for _, key := range requiredAssetKeys {
		value, ok := object[key]
		if key == "variants" {
			var variants []json.RawMessage
			if !ok || json.Unmarshal(value, &variants) != nil || variants == nil {
				missing = append(missing, strconv.Quote(key))
				continue
			}
			for i, raw := range variants {
				var variant map[string]json.RawMessage
				json.Unmarshal(raw, &variant)
				for _, variantKey := range requiredVariantKeys {
					if _, ok := variant[variantKey]; !ok {
						missing = append(missing, strconv.Quote("variants["+strconv.Itoa(i)+"]."+variantKey))
					}
				}
			}
			continue
		}
		if !ok {
			missing = append(missing, strconv.Quote(key))
		}
	}
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
