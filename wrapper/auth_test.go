package wrapper

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

type staticSource string

func (s staticSource) Token() (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: string(s)}, nil
}

func TestTokenFromEnv(t *testing.T) {
	t.Setenv(TokenEnv, "  s3cret-token\n")
	got, err := TokenFromEnv()
	if err != nil || got != "s3cret-token" {
		t.Errorf("TokenFromEnv = %q, %v; want the trimmed token", got, err)
	}

	for _, blank := range []string{"", " \n"} {
		t.Setenv(TokenEnv, blank)
		_, err = TokenFromEnv()
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "WEBFLOW_API_TOKEN is empty") {
			t.Errorf("TokenFromEnv with %q = %v, want it to say WEBFLOW_API_TOKEN is empty", blank, err)
		}
	}

	os.Unsetenv(TokenEnv)
	_, err = TokenFromEnv()
	if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "WEBFLOW_API_TOKEN is not set") {
		t.Errorf("TokenFromEnv without the variable = %v, want it to say WEBFLOW_API_TOKEN is not set", err)
	}

	t.Setenv(TokenEnv, "s3cret token")
	_, err = NewClientFromEnv()
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("NewClientFromEnv with a token containing a space = %v, want an error without the token", err)
	}
}

func TestBearerTokenFromSource(t *testing.T) {
	if tokenType, got, err := bearerToken(staticSource("abc\n")); err != nil || got != "abc" || tokenType != "Bearer" {
		t.Errorf("bearerToken = %q, %q, %v; want \"Bearer\", \"abc\"", tokenType, got, err)
	}
	if _, _, err := bearerToken(staticSource("")); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("bearerToken of an empty token = %v, want ErrInvalidInput", err)
	}
	failing := oauth2.ReuseTokenSource(nil, failingSource{})
	if _, _, err := bearerToken(failing); err == nil || !strings.Contains(err.Error(), "token source failed") {
		t.Errorf("bearerToken of a failing source = %v, want it to say the source failed", err)
	}
}

type failingSource struct{}

func (failingSource) Token() (*oauth2.Token, error) { return nil, errors.New("refresh refused") }
