package wrapper

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/oauth2"
)

// TokenEnv is the environment variable that TokenFromEnv and
// NewClientFromEnv read the API token from.
const TokenEnv = "WEBFLOW_API_TOKEN"

// TokenFromEnv returns the API token in the WEBFLOW_API_TOKEN environment
// variable, trimmed of surrounding whitespace, or an error that explains how
// to set it. The error never contains the token.
func TokenFromEnv() (string, error) {
	value, ok := os.LookupEnv(TokenEnv)
	if !ok {
		return "", fmt.Errorf("webflow: %w: %s is not set; export a site token or OAuth2 access token with the scope assets:write, for example with: export %s=<token>", ErrInvalidInput, TokenEnv, TokenEnv)
	}
	if strings.TrimSpace(value) == "" {
		return "", fmt.Errorf("webflow: %w: %s is empty; export a site token or OAuth2 access token with the scope assets:write, for example with: export %s=<token>", ErrInvalidInput, TokenEnv, TokenEnv)
	}
	return normalizeToken(value)
}

// NewClientFromEnv returns a client that authenticates with the token in the
// WEBFLOW_API_TOKEN environment variable.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	token, err := TokenFromEnv()
	if err != nil {
		return nil, err
	}
	return NewClient(token, opts...)
}

// bearerToken returns the token type, "Bearer" unless the token sets
// another, and the access token to send, from the token source, checked so
// that it cannot break the header.
func bearerToken(source oauth2.TokenSource) (tokenType, accessToken string, err error) {
	token, err := source.Token()
	if err != nil {
		return "", "", fmt.Errorf("token source failed: %w", err)
	}
	if token == nil {
		return "", "", fmt.Errorf("token source returned no token")
	}

	accessToken, err = normalizeToken(token.AccessToken)
	if err != nil {
		return "", "", err
	}
	tokenType = token.Type()
	if strings.ContainsFunc(tokenType, func(r rune) bool { return !isTokenChar(r) }) {
		return "", "", fmt.Errorf("webflow: %w: the token source returned the token type %q, which is not an HTTP token", ErrInvalidInput, tokenType)
	}
	return tokenType, accessToken, nil
}
