package wrapper

import (
	"fmt"
	"strings"
	"unicode"
)

// ValidateAssetID returns the error that UpdateAsset would return for
// assetID before sending anything, or nil. It rejects an ID that is empty or
// that would change the request URL: one with '/', '?', '#', whitespace or
// control characters, and "." or "..". Webflow's IDs are 24 lowercase
// hexadecimal characters, but IDs of another shape pass, so that the server
// decides about them. Programs that read IDs from a file can use it to
// report bad ones early.
func ValidateAssetID(assetID string) error {
	if strings.TrimSpace(assetID) == "" {
		return fmt.Errorf("webflow: %w: asset ID %q is empty; pass the asset's 24-character ID, as Webflow's List Assets endpoint returns it", ErrInvalidInput, assetID)
	}
	if assetID == "." || assetID == ".." {
		return fmt.Errorf("webflow: %w: asset ID %q would change the request path; pass the asset's 24-character ID, as Webflow's List Assets endpoint returns it", ErrInvalidInput, assetID)
	}
	for _, r := range assetID {
		if reason := assetIDCharProblem(r); reason != "" {
			return fmt.Errorf("webflow: %w: asset ID %q contains %s; pass the asset's 24-character ID, as Webflow's List Assets endpoint returns it", ErrInvalidInput, assetID, reason)
		}
	}
	return nil
}

func assetIDCharProblem(r rune) string {
	switch {
	case r == '/' || r == '?' || r == '#':
		return fmt.Sprintf("%q, which would change the request URL", r)
	case unicode.IsSpace(r):
		return "whitespace"
	case unicode.IsControl(r):
		return "a control character"
	}
	return ""
}

// validateCall returns the error for an asset ID or an update that
// UpdateAsset and UpdateAssets reject before sending, or nil.
func validateCall(assetID string, update UpdateAssetRequest) error {
	if err := ValidateAssetID(assetID); err != nil {
		return err
	}
	return validateUpdate(assetID, update)
}

// validateUpdate rejects an update that would change nothing. LocaleID only
// selects the locale, so DisplayName is the one field that changes the asset.
// A test fails when the generated request gains a field, so that this check
// learns about it.
func validateUpdate(assetID string, update UpdateAssetRequest) error {
	if update.DisplayName == nil {
		return fmt.Errorf("webflow: %w: the update for asset %s sets no field; set DisplayName, and LocaleID too to change one locale only", ErrInvalidInput, assetID)
	}
	return nil
}

// normalizeToken trims the whitespace around a token, such as the newline
// at the end of a token file, and rejects one that is empty or has whitespace
// or control characters inside. Its errors never contain the token.
func normalizeToken(token string) (string, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return "", fmt.Errorf("webflow: %w: the API token is empty; pass a site token or an OAuth2 access token with the scope assets:write", ErrInvalidInput)
	}
	for _, r := range token {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return "", fmt.Errorf("webflow: %w: the API token (%d characters) contains whitespace or a control character; check that it was copied whole and alone", ErrInvalidInput, len(token))
		}
	}
	return token, nil
}
