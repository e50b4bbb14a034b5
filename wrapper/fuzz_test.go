package wrapper

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addFixtures adds the test kit's payloads, shaped like Webflow's, to the
// seed corpus.
func addFixtures(f *testing.F, pattern string) {
	paths, err := filepath.Glob(filepath.Join("..", "api", "webflowtest", "testdata", pattern))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no fixtures match %s: %v", pattern, err)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add("application/json; charset=utf-8", data)
	}
}

// FuzzDecodeAsset checks that no body makes decodeAsset panic, and that an
// asset it accepts has the fields it promises.
func FuzzDecodeAsset(f *testing.F) {
	addFixtures(f, "asset*.json")
	f.Add("application/json", []byte(`{"asset":{"id":"x"}}`))
	f.Add("text/html", []byte("<html></html>"))
	f.Add("", []byte(`{"id":"x","createdOn":"2026-01-01T00:00:00Z","lastUpdated":"2026-01-01T00:00:00.5+02:00"}`))
	f.Add("Application/JSON", []byte(`null`))

	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		asset, err := decodeAsset(contentType, body)
		if err != nil {
			if asset != nil {
				t.Errorf("decodeAsset returned both an asset and the error %v", err)
			}
			return
		}
		if asset.ID == "" || asset.CreatedOn.IsZero() || asset.LastUpdated.IsZero() {
			t.Errorf("decodeAsset accepted an asset without id or timestamps: %+v", asset)
		}
	})
}

// FuzzNewAPIError checks that no error body makes newAPIError panic, that
// the raw body is kept, and that the message stays on one line.
func FuzzNewAPIError(f *testing.F) {
	addFixtures(f, "error-*.json")
	f.Add("application/json", []byte(`{"code":404,"message":["x"],"details":{"a":1}}`))
	f.Add("text/html", []byte("<html>\n<h1>502 Bad Gateway</h1>\n</html>"))
	f.Add("application/json", []byte(`{"code":"x\ny","message":"line one\nline two"}`))
	f.Add("", []byte{})

	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		header := http.Header{"Content-Type": {contentType}}
		apiErr := newAPIError("6650b2f1c4a9e3001f2d7a41", attemptResult{status: 500, header: header, body: body}, 1)

		if want := body[:min(len(body), maxBodyExcerpt)]; string(apiErr.Body) != string(want) {
			t.Errorf("Body = %q, want the start of the raw body %q", apiErr.Body, want)
		}
		if msg := apiErr.Error(); strings.ContainsAny(msg, "\n\r") {
			t.Errorf("Error() spans several lines: %q", msg)
		}
	})
}
