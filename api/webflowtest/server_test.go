package webflowtest_test

import (
	"encoding/json"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
)

// millisecondTimestamp is the form of lastUpdated after an update.
var millisecondTimestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func TestUpdateAssetPrimaryLocale(t *testing.T) {
	srv := webflowtest.NewServer(t)
	before := time.Now().UTC().Truncate(time.Millisecond)

	got := call{body: rename("harbour.png")}.send(t, srv)

	if got.err != nil || got.status != http.StatusOK {
		t.Fatalf("PATCH = %d, %v, want 200\n%s", got.status, got.err, got.body)
	}
	asset := decodeAsset(t, "200 response", got.body)
	if asset["displayName"] != "harbour.png" {
		t.Errorf("response displayName = %v, want harbour.png", asset["displayName"])
	}
	if asset["id"] != webflowtest.ImageAssetID {
		t.Errorf("response id = %v, want %s", asset["id"], webflowtest.ImageAssetID)
	}
	lastUpdated, _ := asset["lastUpdated"].(string)
	if !millisecondTimestamp.MatchString(lastUpdated) {
		t.Errorf("response lastUpdated = %q, want UTC with three fractional digits", lastUpdated)
	}
	if got, want := got.header.Get("Content-Type"), "application/json; charset=utf-8"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}

	stored, ok := srv.Asset(webflowtest.ImageAssetID)
	if !ok {
		t.Fatal("Asset(image) not found after the update")
	}
	if stored.DisplayName != "harbour.png" {
		t.Errorf("stored displayName = %q, want harbour.png", stored.DisplayName)
	}
	if stored.LastUpdated.Before(before) {
		t.Errorf("stored lastUpdated = %v, want at or after %v", stored.LastUpdated, before)
	}
	if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 1 {
		t.Errorf("UpdateCount = %d, want 1", n)
	}
}

func TestUpdateAssetLocalized(t *testing.T) {
	srv := webflowtest.NewServer(t)
	const locale = "65427cf400e02b306eaa04a0"
	original, _ := srv.Asset(webflowtest.ImageAssetID)

	got := call{body: `{"localeId":"` + locale + `","displayName":"hafen.png"}`}.send(t, srv)

	if got.err != nil || got.status != http.StatusOK {
		t.Fatalf("localized PATCH = %d, %v, want 200\n%s", got.status, got.err, got.body)
	}
	if name := decodeAsset(t, "localized response", got.body)["displayName"]; name != "hafen.png" {
		t.Errorf("localized response displayName = %v, want hafen.png", name)
	}
	if primary, _ := srv.Asset(webflowtest.ImageAssetID); primary.DisplayName != original.DisplayName {
		t.Errorf("primary displayName = %q after a localized update, want it unchanged: %q", primary.DisplayName, original.DisplayName)
	}
	if localized, _ := srv.LocalizedAsset(webflowtest.ImageAssetID, locale); localized.DisplayName != "hafen.png" {
		t.Errorf("LocalizedAsset displayName = %q, want hafen.png", localized.DisplayName)
	}

	got = call{body: rename("harbour.png")}.send(t, srv)

	if got.status != http.StatusOK {
		t.Fatalf("primary PATCH = %d, want 200\n%s", got.status, got.body)
	}
	if localized, _ := srv.LocalizedAsset(webflowtest.ImageAssetID, locale); localized.DisplayName != "hafen.png" {
		t.Errorf("LocalizedAsset displayName = %q after a primary update, want hafen.png", localized.DisplayName)
	}
	if other, _ := srv.LocalizedAsset(webflowtest.ImageAssetID, "other-locale"); other.DisplayName != "harbour.png" {
		t.Errorf("LocalizedAsset(other locale) displayName = %q, want the primary name harbour.png", other.DisplayName)
	}
	if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 2 {
		t.Errorf("UpdateCount = %d, want 2", n)
	}
}

func TestUpdateAssetWithoutFields(t *testing.T) {
	srv := webflowtest.NewServer(t)
	original, _ := srv.Asset(webflowtest.DocumentAssetID)

	got := call{path: "/assets/" + webflowtest.DocumentAssetID, body: `{}`}.send(t, srv)

	if got.status != http.StatusOK {
		t.Fatalf("PATCH {} = %d, want 200\n%s", got.status, got.body)
	}
	stored, _ := srv.Asset(webflowtest.DocumentAssetID)
	if stored.DisplayName != original.DisplayName {
		t.Errorf("displayName = %q after an empty update, want %q", stored.DisplayName, original.DisplayName)
	}
	if !stored.LastUpdated.After(original.LastUpdated) {
		t.Errorf("lastUpdated = %v, want later than the seed's %v", stored.LastUpdated, original.LastUpdated)
	}
}

func TestErrorResponses(t *testing.T) {
	tests := []struct {
		name        string
		options     []webflowtest.Option
		call        call
		wantStatus  int
		wantCode    string
		wantMessage string
		wantDetails []string // each detail as JSON, in order
		wantHeader  map[string]string
	}{
		{
			name:        "body field of the wrong type",
			call:        call{body: `{"displayName": 5, "localeId": true}`},
			wantStatus:  http.StatusBadRequest,
			wantCode:    "validation_error",
			wantMessage: "Validation Error: displayName: value must be a string",
			wantDetails: []string{
				`{"description":"value must be a string","param":"displayName"}`,
				`{"description":"value must be a string","param":"localeId"}`,
			},
		},
		{
			name:        "display name null",
			call:        call{body: `{"displayName": null}`},
			wantStatus:  http.StatusBadRequest,
			wantCode:    "validation_error",
			wantMessage: "Validation Error: displayName: Value is not nullable",
			wantDetails: []string{`{"description":"Value is not nullable","param":"displayName"}`},
		},
		{
			name:        "body that is not JSON",
			call:        call{body: `{displayName`},
			wantStatus:  http.StatusBadRequest,
			wantCode:    "validation_error",
			wantMessage: "Validation Error: request body: failed to decode request body: invalid character 'd' looking for beginning of object key string",
			wantDetails: []string{`"request body: failed to decode request body: invalid character 'd' looking for beginning of object key string"`},
		},
		{
			name:        "body that is a list",
			call:        call{body: `["harbour.png"]`},
			wantStatus:  http.StatusBadRequest,
			wantCode:    "validation_error",
			wantMessage: "Validation Error: request body: value must be an object",
			wantDetails: []string{`"request body: value must be an object"`},
		},
		{
			name:        "missing body",
			call:        call{body: ``},
			wantStatus:  http.StatusBadRequest,
			wantCode:    "validation_error",
			wantMessage: "Validation Error: request body: value is required but missing",
			wantDetails: []string{`"request body: value is required but missing"`},
		},
		{
			name:        "wrong content type",
			call:        call{contentType: "text/plain", body: rename("a.png")},
			wantStatus:  http.StatusBadRequest,
			wantCode:    "validation_error",
			wantMessage: `Validation Error: request body: header Content-Type has unexpected value "text/plain"`,
			wantDetails: []string{`"request body: header Content-Type has unexpected value \"text/plain\""`},
		},
		{
			name:        "empty asset id",
			call:        call{path: "/assets/", body: rename("a.png")},
			wantStatus:  http.StatusBadRequest,
			wantCode:    "validation_error",
			wantMessage: "Validation Error: asset_id: value is required but missing",
			wantDetails: []string{`{"description":"value is required but missing","param":"asset_id"}`},
		},
		{
			name:        "no token",
			call:        call{token: "-", body: rename("a.png")},
			wantStatus:  http.StatusUnauthorized,
			wantCode:    "not_authorized",
			wantMessage: "Request not authorized",
		},
		{
			name:        "unknown token",
			call:        call{token: "revoked", body: rename("a.png")},
			wantStatus:  http.StatusUnauthorized,
			wantCode:    "not_authorized",
			wantMessage: "Request not authorized",
		},
		{
			name:        "token without assets:write",
			options:     []webflowtest.Option{webflowtest.WithToken("reader", "assets:read", "sites:read")},
			call:        call{token: "reader", body: rename("a.png")},
			wantStatus:  http.StatusUnauthorized,
			wantCode:    "missing_scopes",
			wantMessage: "OAuthForbidden: You are missing the following scopes - assets:write",
		},
		{
			name:        "unknown asset",
			call:        call{path: "/assets/000000000000000000000000", body: rename("a.png")},
			wantStatus:  http.StatusNotFound,
			wantCode:    "resource_not_found",
			wantMessage: "Requested resource not found: The asset cannot be found",
		},
		{
			name:        "other path",
			call:        call{method: http.MethodGet, path: "/sites"},
			wantStatus:  http.StatusNotFound,
			wantCode:    "resource_not_found",
			wantMessage: "Requested resource not found: no route for GET /v2/sites; Update Asset is PATCH /v2/assets/{asset_id}",
		},
		{
			name:        "path below an asset",
			call:        call{path: "/assets/" + webflowtest.ImageAssetID + "/variants", body: rename("a.png")},
			wantStatus:  http.StatusNotFound,
			wantCode:    "resource_not_found",
			wantMessage: "Requested resource not found: no route for PATCH /v2/assets/" + webflowtest.ImageAssetID + "/variants; Update Asset is PATCH /v2/assets/{asset_id}",
		},
		{
			name:        "GET on the asset path",
			call:        call{method: http.MethodGet, path: "/assets/" + webflowtest.ImageAssetID},
			wantStatus:  http.StatusMethodNotAllowed,
			wantCode:    "bad_request",
			wantMessage: "Method Not Allowed: GET /v2/assets/" + webflowtest.ImageAssetID + "; Update Asset accepts only PATCH",
			wantHeader:  map[string]string{"Allow": "PATCH"},
		},
		{
			name:        "PUT on the asset path",
			call:        call{method: http.MethodPut, path: "/assets/" + webflowtest.ImageAssetID, body: rename("a.png")},
			wantStatus:  http.StatusMethodNotAllowed,
			wantCode:    "bad_request",
			wantMessage: "Method Not Allowed: PUT /v2/assets/" + webflowtest.ImageAssetID + "; Update Asset accepts only PATCH",
			wantHeader:  map[string]string{"Allow": "PATCH"},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := webflowtest.NewServer(t, tt.options...)

			got := tt.call.send(t, srv)

			if got.err != nil {
				t.Fatalf("%s: request failed: %v", tt.name, got.err)
			}
			if got.status != tt.wantStatus {
				t.Errorf("%s: status = %d, want %d\n%s", tt.name, got.status, tt.wantStatus, got.body)
			}
			envelope := decodeError(t, tt.name, got.body)
			if envelope.Code != tt.wantCode {
				t.Errorf("%s: code = %q, want %q", tt.name, envelope.Code, tt.wantCode)
			}
			if envelope.Message != tt.wantMessage {
				t.Errorf("%s: message = %q, want %q", tt.name, envelope.Message, tt.wantMessage)
			}
			if details := joinDetails(envelope.Details); details != strings.Join(tt.wantDetails, "\n") {
				t.Errorf("%s: details =\n%s\nwant\n%s", tt.name, details, strings.Join(tt.wantDetails, "\n"))
			}
			for name, want := range tt.wantHeader {
				if got := got.header.Get(name); got != want {
					t.Errorf("%s: header %s = %q, want %q", tt.name, name, got, want)
				}
			}
			if got, want := got.header.Get("Content-Type"), "application/json; charset=utf-8"; got != want {
				t.Errorf("%s: Content-Type = %q, want %q", tt.name, got, want)
			}
			if got.header.Get("X-RateLimit-Limit") != "60" || got.header.Get("X-RateLimit-Remaining") == "" {
				t.Errorf("%s: X-RateLimit-Limit = %q, X-RateLimit-Remaining = %q, want 60 and a number",
					tt.name, got.header.Get("X-RateLimit-Limit"), got.header.Get("X-RateLimit-Remaining"))
			}
			if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 0 {
				t.Errorf("%s: UpdateCount = %d after a rejected request, want 0", tt.name, n)
			}
		})
	}
}

func joinDetails(details []json.RawMessage) string {
	lines := make([]string, len(details))
	for i, detail := range details {
		lines[i] = string(detail)
	}
	return strings.Join(lines, "\n")
}

func TestRequestLog(t *testing.T) {
	srv := webflowtest.NewServer(t)
	start := time.Now()

	call{body: rename("harbour.png")}.send(t, srv)
	call{method: http.MethodPatch, path: "/assets/a%2Fb", body: rename("x.png")}.send(t, srv)

	requests := srv.Requests()
	if len(requests) != 2 || srv.RequestCount() != 2 {
		t.Fatalf("Requests() has %d entries, RequestCount() = %d, want 2 and 2", len(requests), srv.RequestCount())
	}

	first := requests[0]
	checks := []struct {
		field     string
		got, want any
	}{
		{"Method", first.Method, "PATCH"},
		{"Path", first.Path, "/v2/assets/" + webflowtest.ImageAssetID},
		{"AssetID", first.AssetID, webflowtest.ImageAssetID},
		{"Status", first.Status, 200},
		{"Body", string(first.Body), rename("harbour.png")},
		{"Authorization", first.Header.Get("Authorization"), "Bearer " + webflowtest.DefaultToken},
		{"Fault", first.Fault, false},
		{"FaultName", first.FaultName, ""},
		{"Received after start", !first.Received.Before(start), true},
		{"second RawPath", requests[1].RawPath, "/v2/assets/a%2Fb"},
		{"second Path", requests[1].Path, "/v2/assets/a/b"},
		{"second AssetID", requests[1].AssetID, "a/b"},
		{"second Status", requests[1].Status, 404},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("request log %s = %v, want %v", c.field, c.got, c.want)
		}
	}

	requests[0].Header.Set("Authorization", "changed")
	if got := srv.Requests()[0].Header.Get("Authorization"); got == "changed" {
		t.Error("changing a header returned by Requests changed the log; Requests must return copies")
	}
}

func TestRequestHook(t *testing.T) {
	seen := make(chan webflowtest.Request, 1)
	srv := webflowtest.NewServer(t, webflowtest.WithRequestHook(func(r webflowtest.Request) { seen <- r }))

	call{body: rename("harbour.png")}.send(t, srv)

	select {
	case r := <-seen:
		if r.Status != http.StatusOK || r.AssetID != webflowtest.ImageAssetID {
			t.Errorf("hook got status %d for asset %q, want 200 for %s", r.Status, r.AssetID, webflowtest.ImageAssetID)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the request hook was not called within 10s")
	}
}

func TestRequestHookRunsAfterResponse(t *testing.T) {
	release := make(chan struct{})
	srv := webflowtest.NewServer(t, webflowtest.WithRequestHook(func(webflowtest.Request) { <-release }))
	t.Cleanup(func() { close(release) }) // runs before the server's cleanup

	results := make(chan result, 1)
	go func() { results <- call{body: rename("a.png")}.send(t, srv) }()

	select {
	case got := <-results:
		if got.err != nil || got.status != http.StatusOK {
			t.Errorf("client got %d, %v while the hook was blocked, want 200", got.status, got.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the client got no response within 10s while the request hook was blocked")
	}
}

func TestRequestBodyTooLarge(t *testing.T) {
	srv := webflowtest.NewServer(t)
	body := `{"displayName":"` + strings.Repeat("a", 1<<20) + `"}`

	got := call{body: body}.send(t, srv)

	if got.err != nil || got.status != http.StatusBadRequest {
		t.Fatalf("PATCH with a body over 1 MiB = %d, %v, want 400", got.status, got.err)
	}
	envelope := decodeError(t, "body over 1 MiB", got.body)
	if want := "Bad Request: cannot read the request body: http: request body too large"; envelope.Code != "bad_request" || envelope.Message != want {
		t.Errorf("envelope = %q %q, want bad_request %q", envelope.Code, envelope.Message, want)
	}
	if n := len(srv.Requests()[0].Body); n != 1<<20 {
		t.Errorf("logged body has %d bytes, want the first 1 MiB", n)
	}
}

func TestPutAssetReplacesAsset(t *testing.T) {
	srv := webflowtest.NewServer(t, webflowtest.WithAssets())
	asset := webflowtest.DefaultAssets()[1]
	asset.ID = "0123456789abcdef01234567"

	if _, ok := srv.Asset(asset.ID); ok {
		t.Fatal("Asset found before PutAsset on a server started with WithAssets()")
	}
	srv.PutAsset(asset)

	got := call{path: "/assets/" + asset.ID, body: rename("prices.pdf")}.send(t, srv)

	if got.status != http.StatusOK {
		t.Fatalf("PATCH put asset = %d, want 200\n%s", got.status, got.body)
	}
	if stored, _ := srv.Asset(asset.ID); stored.DisplayName != "prices.pdf" {
		t.Errorf("displayName = %q, want prices.pdf", stored.DisplayName)
	}
}

func TestInvalidOptions(t *testing.T) {
	asset := webflowtest.DefaultAssets()[0]
	noID := asset
	noID.ID = ""

	tests := []struct {
		name    string
		option  webflowtest.Option
		wantErr string
	}{
		{"empty token", webflowtest.WithToken(""), "WithToken: token \"\" is empty"},
		{"token with a space", webflowtest.WithToken("a b", "assets:write"), "contains white space"},
		{"zero limit", webflowtest.WithRateLimit(0, time.Minute), "WithRateLimit: limit 0 is below 1"},
		{"zero window", webflowtest.WithRateLimit(1, 0), "WithRateLimit: window 0s is not positive"},
		{"nil hook", webflowtest.WithRequestHook(nil), "WithRequestHook: hook is nil"},
		{"asset without id", webflowtest.WithAssets(noID), "WithAssets: asset 0 has an empty ID"},
		{"duplicate asset", webflowtest.WithAssets(asset, asset), "appears twice"},
	}

	for _, tt := range tests {
		srv, err := webflowtest.Start(tt.option)
		if err == nil {
			srv.Close()
			t.Errorf("Start(%s) error = nil, want one containing %q", tt.name, tt.wantErr)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Start(%s) error = %q, want it to contain %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestWithAddress(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	listener.Close()

	srv := webflowtest.NewServer(t, webflowtest.WithAddress(address))
	if want := "http://" + address + "/v2"; srv.URL != want {
		t.Errorf("URL = %q, want %q", srv.URL, want)
	}
	if got := (call{path: "/assets/" + webflowtest.ImageAssetID, body: rename("a.png")}).send(t, srv).status; got != http.StatusOK {
		t.Errorf("update on %s got status %d, want 200", address, got)
	}

	for _, bad := range []string{"10.0.0.1:8080", "example.com:80", "127.0.0.1", "127.0.0.1:99999", "127.0.0.1:http"} {
		if _, err := webflowtest.Start(webflowtest.WithAddress(bad)); err == nil {
			t.Errorf("Start(WithAddress(%q)) succeeded, want an error", bad)
		}
	}
	if _, err := webflowtest.Start(webflowtest.WithAddress(address)); err == nil {
		t.Errorf("Start on the address already in use succeeded, want an error")
	}
}
