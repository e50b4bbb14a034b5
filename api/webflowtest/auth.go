package webflowtest

import (
	"slices"
	"strings"
)

// ScopeAssetsWrite is the OAuth scope that Update Asset requires.
const ScopeAssetsWrite = "assets:write"

// DefaultToken is a bearer token that every Server accepts, with the scope
// assets:write, unless WithToken gives it other scopes.
const DefaultToken = "webflowtest-token-assets-write"

// tokens maps each known bearer token to its scopes.
type tokens map[string][]string

// authenticate returns the bearer token of an Authorization header value,
// or the error that Webflow sends when the token is missing, unknown or
// lacks the scope assets:write. The token is returned even when it is
// rejected, so that the response can report its rate-limit state.
func (t tokens) authenticate(authorization string) (string, *apiError) {
	token, ok := bearerToken(authorization)
	if !ok {
		return "", errNotAuthorized()
	}

	scopes, known := t[token]
	if !known {
		return token, errNotAuthorized()
	}
	if !slices.Contains(scopes, ScopeAssetsWrite) {
		return token, errMissingScopes()
	}
	return token, nil
}

// bearerToken extracts the token from "Bearer <token>". The scheme is
// matched without regard to case, as RFC 9110 requires.
func bearerToken(authorization string) (string, bool) {
	scheme, token, found := strings.Cut(strings.TrimSpace(authorization), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
