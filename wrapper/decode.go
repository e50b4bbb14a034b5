package wrapper

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// isJSON reports whether a Content-Type names JSON, whatever its case and
// parameters: "Application/JSON; charset=UTF-8" and "application/problem+json"
// both do.
func isJSON(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	mediaType = strings.TrimSpace(mediaType)
	if strings.EqualFold(mediaType, "application/json") {
		return true
	}
	return len(mediaType) > len("+json") && strings.EqualFold(mediaType[len(mediaType)-len("+json"):], "+json")
}

// decodeAsset decodes a 2xx body into an Asset. Beyond what encoding/json
// checks, it requires every property that openapi.yaml marks as required, of
// the asset and of each variant. So a body of another shape, such as an asset
// wrapped in another object, is rejected instead of decoded into zero
// values. A required property other than variants may be null: the schema's
// nullable properties decode to nil, and encoding/json leaves the others at
// their zero value.
func decodeAsset(contentType string, body []byte) (*Asset, error) {
	if contentType != "" && !isJSON(contentType) {
		return nil, fmt.Errorf("the Content-Type %q is not JSON", contentType)
	}
	if len(body) == 0 {
		return nil, errors.New("the body is empty")
	}

	var asset Asset
	if err := json.Unmarshal(body, &asset); err != nil {
		return nil, fmt.Errorf("decoding the JSON body: %w", err)
	}

	switch missing := missingAssetKeys(body); len(missing) {
	case 0:
	case 1:
		return nil, fmt.Errorf("the required property %s is missing", missing[0])
	default:
		return nil, fmt.Errorf("the required properties %s are missing", strings.Join(missing, ", "))
	}
	if asset.ID == "" {
		return nil, errors.New(`the required property "id" is empty`)
	}
	return &asset, nil
}

// newAPIError builds the error for a non-2xx response. It takes from Webflow's
// envelope whatever fields have the expected types, so that an HTML page, an
// empty body or a numeric code still yields an *APIError with the raw body.
func newAPIError(assetID string, res attemptResult, attempts int) *APIError {
	redact := redactor{token: res.token}
	res = redact.response(res)
	apiErr := &APIError{
		AssetID:    assetID,
		StatusCode: res.status,
		RateLimit:  res.rate,
		RequestID:  res.header.Get("X-Request-Id"),
		Header:     res.header,
		Attempts:   attempts,
		Body:       res.body[:min(len(res.body), maxBodyExcerpt)],
	}
	if wait, ok := parseRetryAfter(res.header, time.Now()); ok {
		apiErr.RetryAfter = wait
	}
	if isJSON(res.header.Get("Content-Type")) || res.header.Get("Content-Type") == "" {
		readEnvelope(apiErr, res.body)
		redact.envelope(apiErr)
	}
	return apiErr
}

// readEnvelope copies the fields of Webflow's error envelope that decode
// into apiErr, and ignores the others.
func readEnvelope(apiErr *APIError, body []byte) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return
	}

	apiErr.Code = ErrorCode(stringField(fields, "code"))
	apiErr.Message = stringField(fields, "message")
	apiErr.ExternalReference = stringField(fields, "externalReference")

	var details []any
	if json.Unmarshal(fields["details"], &details) == nil {
		apiErr.Details = details
	}
}

// stringField returns the named field if it is a JSON string, or "".
func stringField(fields map[string]json.RawMessage, name string) string {
	var text string
	if json.Unmarshal(fields[name], &text) != nil {
		return ""
	}
	return text
}
