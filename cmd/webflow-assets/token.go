package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/webflowkit/assets/wrapper"
)

// token returns the API token from --token-file or from the environment,
// trimmed of surrounding whitespace. As with wrapper.TokenFromEnv, an unset
// variable "is not set", and one that is set but empty or blank "is empty".
// The errors never contain the token.
//
// wrapper.TokenFromEnv reads the process environment itself, so the command
// checks the variable through lookupEnv, which tests replace.
func (f *clientFlags) token(lookupEnv func(string) (string, bool)) (string, error) {
	if f.tokenFile != "" {
		return readTokenFile(f.tokenFile)
	}

	value, ok := lookupEnv(wrapper.TokenEnv)
	token := strings.TrimSpace(value)
	switch {
	case !ok:
		return "", fmt.Errorf("%s is not set; export a Webflow site token or OAuth2 access token with the scope assets:write (export %s=...), or pass --token-file PATH",
			wrapper.TokenEnv, wrapper.TokenEnv)
	case value == "":
		return "", fmt.Errorf("%s is empty; export a Webflow site token or OAuth2 access token with the scope assets:write (export %s=...), or pass --token-file PATH",
			wrapper.TokenEnv, wrapper.TokenEnv)
	case token == "":
		return "", fmt.Errorf("%s is empty: it contains only whitespace; export a Webflow site token or OAuth2 access token with the scope assets:write (export %s=...), or pass --token-file PATH",
			wrapper.TokenEnv, wrapper.TokenEnv)
	}
	return token, nil
}

func readTokenFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading the API token from --token-file: %w", err)
	}

	token := strings.TrimSpace(string(data))
	if token == "" {
		return "", fmt.Errorf("--token-file %s is empty; write a Webflow site token or OAuth2 access token with the scope assets:write into it, or unset --token-file to read %s",
			path, wrapper.TokenEnv)
	}
	return token, nil
}
