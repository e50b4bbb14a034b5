package webflowtest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/webflowkit/assets/api/webflowtest"
)

// result is what a client saw of one request.
type result struct {
	status int
	header http.Header
	body   []byte

	// err is the error of the round trip or of reading the body.
	err error
}

// call describes a request to the fake server. Zero fields get the values
// of a valid Update Asset request.
type call struct {
	method      string
	path        string // relative to Server.URL
	token       string // "-" sends no Authorization header
	contentType string
	body        string
}

func (c call) send(t *testing.T, srv *webflowtest.Server) result {
	t.Helper()

	if c.method == "" {
		c.method = http.MethodPatch
	}
	if c.path == "" {
		c.path = "/assets/" + webflowtest.ImageAssetID
	}
	if c.token == "" {
		c.token = srv.Token
	}
	if c.contentType == "" {
		c.contentType = "application/json"
	}

	req, err := http.NewRequest(c.method, srv.URL+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatalf("build request %s %s: %v", c.method, c.path, err)
	}
	if c.token != "-" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("Content-Type", c.contentType)

	resp, err := srv.Client().Do(req)
	if err != nil {
		return result{err: err}
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(resp.Body)
	return result{status: resp.StatusCode, header: resp.Header, body: body, err: err}
}

// rename returns the body of an Update Asset request that sets displayName.
func rename(name string) string {
	return `{"displayName":` + quote(name) + `}`
}

func quote(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}

// errorBody is the error envelope as a client decodes it.
type errorBody struct {
	Code              string            `json:"code"`
	Message           string            `json:"message"`
	ExternalReference *string           `json:"externalReference"`
	Details           []json.RawMessage `json:"details"`
}

// decodeError decodes an error envelope and checks that it has all four
// fields, with externalReference null.
func decodeError(t *testing.T, name string, body []byte) errorBody {
	t.Helper()

	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		t.Fatalf("%s: body is not a JSON object: %v\n%s", name, err, body)
	}
	for _, key := range []string{"code", "message", "externalReference", "details"} {
		if _, ok := fields[key]; !ok {
			t.Errorf("%s: error envelope has no %q field: %s", name, key, body)
		}
	}

	var envelope errorBody
	if err := json.Unmarshal(body, &envelope); err != nil {
		t.Fatalf("%s: decode error envelope: %v\n%s", name, err, body)
	}
	if envelope.ExternalReference != nil {
		t.Errorf("%s: externalReference = %q, want null", name, *envelope.ExternalReference)
	}
	return envelope
}

// decodeAsset decodes an asset response into a generic map, so that tests
// see the JSON as a client would.
func decodeAsset(t *testing.T, name string, body []byte) map[string]any {
	t.Helper()

	var asset map[string]any
	decoder := json.NewDecoder(bytes.NewReader(body))
	decoder.UseNumber()
	if err := decoder.Decode(&asset); err != nil {
		t.Fatalf("%s: decode asset: %v\n%s", name, err, body)
	}
	return asset
}
