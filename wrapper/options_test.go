package wrapper

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestRequestURLKeepsBasePath(t *testing.T) {
	tests := []struct {
		baseURL string
		assetID string
		want    string
	}{
		{"https://api.webflow.com/v2", "6650b2f1c4a9e3001f2d7a41", "https://api.webflow.com/v2/assets/6650b2f1c4a9e3001f2d7a41"},
		{"https://api.webflow.com/v2/", "6650b2f1c4a9e3001f2d7a41", "https://api.webflow.com/v2/assets/6650b2f1c4a9e3001f2d7a41"},
		{"http://127.0.0.1:8080/proxy/webflow/v2", "abc", "http://127.0.0.1:8080/proxy/webflow/v2/assets/abc"},
		{"http://localhost:8080/proxy/webflow/v2/", "abc", "http://localhost:8080/proxy/webflow/v2/assets/abc"},
		{"https://proxy.example", "abc", "https://proxy.example/assets/abc"},
		{"https://api.webflow.com/v2", "caf%C3%A9", "https://api.webflow.com/v2/assets/caf%25C3%25A9"},
		{"https://api.webflow.com/v2", "ünï", "https://api.webflow.com/v2/assets/%C3%BCn%C3%AF"},
	}
	for _, tt := range tests {
		client, err := NewClient("token", WithBaseURL(tt.baseURL))
		if err != nil {
			t.Fatalf("NewClient(WithBaseURL(%q)): %v", tt.baseURL, err)
		}
		req, _, err := client.newRequest(context.Background(), client.defaults, tt.assetID, []byte(`{}`))
		if err != nil {
			t.Fatalf("newRequest(%q): %v", tt.assetID, err)
		}
		if got := req.URL.String(); got != tt.want {
			t.Errorf("base %q, asset %q: URL = %q, want %q", tt.baseURL, tt.assetID, got, tt.want)
		}
	}
}

func TestNewClientRejectsBaseURL(t *testing.T) {
	tests := []struct {
		baseURL string
		wantErr string
	}{
		{"api.webflow.com/v2", "must start with https://"},
		{"ftp://api.webflow.com/v2", "must start with https://"},
		{"https:///v2", "has no host"},
		{"https://user:secret@api.webflow.com/v2", "must not carry credentials"},
		{"https://api.webflow.com/v2?x=1", "must not have a query"},
		{"https://api.webflow.com/v2#frag", "must not have a query or fragment"},
		{"https://api.webflow.com/v2?", "must not have a query"},
		{"https://api.webflow.com/v2#", "must not have a query or fragment"},
		{"https://api.webflow.com:0/v2", `the port "0" is not a number from 1 to 65535`},
		{"https://api.webflow.com:99999/v2", `the port "99999" is not a number`},
		{"http://api.webflow.com/v2", "plain http://"},
		{"http://10.0.0.5:8080/v2", "plain http://"},
		{"://bad", "missing protocol scheme"},
		{"ftp://user:secret@api.webflow.com/v2", "must start with https://"},
		{"https://user:secret@api.webflow.com:x/v2", "invalid port"},
		{`https://user:"secret@api.webflow.com:x/v2`, "invalid port"},
		{"https://api.webflow.com/v2 ", "contains whitespace"},
		{" https://api.webflow.com/v2", "contains whitespace"},
		{"https://api.webflow.com/v2\u00a0", "contains whitespace"},
	}
	for _, tt := range tests {
		_, err := NewClient("token", WithBaseURL(tt.baseURL))
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("WithBaseURL(%q): NewClient error = %v, want one containing %q", tt.baseURL, err, tt.wantErr)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("WithBaseURL(%q): the error %q shows the URL's password", tt.baseURL, err)
		}
		if _, ok := errors.AsType[*BaseURLError](err); !ok {
			t.Errorf("WithBaseURL(%q): the error %T is not a *BaseURLError", tt.baseURL, err)
		}
		if !errors.Is(err, ErrInvalidOption) {
			t.Errorf("WithBaseURL(%q): the error %v does not wrap ErrInvalidOption", tt.baseURL, err)
		}
		if got := ValidateBaseURL(tt.baseURL, false); got == nil || got.Error() != err.Error() {
			t.Errorf("ValidateBaseURL(%q) = %v, want the error of NewClient, %v", tt.baseURL, got, err)
		}
		if plain := errors.Is(err, ErrPlainHTTP); plain != strings.Contains(tt.wantErr, "plain http://") {
			t.Errorf("WithBaseURL(%q): errors.Is(err, ErrPlainHTTP) = %v", tt.baseURL, plain)
		}
	}
}

func TestNewClientAllowsPlainHTTP(t *testing.T) {
	tests := []struct {
		baseURL string
		opts    []Option
	}{
		{"http://127.0.0.1:8080/v2", nil},
		{"http://127.8.9.10/v2", nil},
		{"http://[::1]:8080/v2", nil},
		{"http://localhost:8080/v2", nil},
		{"http://assets.localhost/v2", nil},
		{"http://10.0.0.5:8080/v2", []Option{WithInsecureHTTP()}},
	}
	for _, tt := range tests {
		if _, err := NewClient("token", append(tt.opts, WithBaseURL(tt.baseURL))...); err != nil {
			t.Errorf("WithBaseURL(%q): %v, want no error", tt.baseURL, err)
		}
		if err := ValidateBaseURL(tt.baseURL, len(tt.opts) > 0); err != nil {
			t.Errorf("ValidateBaseURL(%q) = %v, want nil", tt.baseURL, err)
		}
	}
}

func TestOptionsRejectBadValues(t *testing.T) {
	tests := []struct {
		name    string
		opt     Option
		wantErr string
	}{
		{"nil HTTP client", WithHTTPClient(nil), "WithHTTPClient(nil)"},
		{"nil token source", WithTokenSource(nil), "WithTokenSource(nil)"},
		{"zero rate window", WithRateWindow(0), "WithRateWindow(0s)"},
		{"tiny response cap", WithMaxResponseBytes(10), "WithMaxResponseBytes(10)"},
		{"user agent with newline", WithUserAgent("x\ny"), "WithUserAgent"},
		{"empty user agent", WithUserAgent(" "), "WithUserAgent"},
		{"zero attempts", WithMaxAttempts(0), "WithMaxAttempts(0)"},
		{"backoff below zero", WithBackoff(-time.Second, time.Second), "WithBackoff(-1s, 1s)"},
		{"backoff max below initial", WithBackoff(time.Second, time.Millisecond), "maxDelay at least initial"},
		{"negative retry wait", WithMaxRetryWait(-1), "WithMaxRetryWait"},
		{"zero attempt timeout", WithAttemptTimeout(0), "WithAttemptTimeout(0s)"},
		{"zero timeout", WithTimeout(0), "WithTimeout(0s)"},
		{"authorization header", WithHeader("authorization", "Bearer x"), "sets this header itself"},
		{"user agent header", WithHeader("User-Agent", "x"), "use WithUserAgent"},
		{"header name with space", WithHeader("X Bad", "x"), "HTTP token"},
		{"header value with newline", WithHeader("X-Trace", "a\r\nX-Evil: 1"), "control character"},
	}
	for _, tt := range tests {
		_, err := NewClient("token", tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: NewClient error = %v, want one containing %q", tt.name, err, tt.wantErr)
			continue
		}
		if !errors.Is(err, ErrInvalidOption) {
			t.Errorf("%s: the error does not wrap ErrInvalidOption", tt.name)
		}
	}
}

func TestCallOptionsOverrideDefaultsForOneCall(t *testing.T) {
	client, err := NewClient("token", WithMaxAttempts(5), WithHeader("X-Client", "1"))
	if err != nil {
		t.Fatal(err)
	}

	cfg, err := client.callConfig([]CallOption{WithMaxAttempts(1), WithTimeout(time.Second), WithHeader("X-Call", "2")})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.maxAttempts != 1 || cfg.timeout != time.Second {
		t.Errorf("call config = %+v, want maxAttempts 1 and timeout 1s", cfg)
	}
	if cfg.header.Get("X-Client") != "1" || cfg.header.Get("X-Call") != "2" {
		t.Errorf("call headers = %v, want X-Client and X-Call", cfg.header)
	}

	if client.defaults.maxAttempts != 5 || client.defaults.header.Get("X-Call") != "" {
		t.Errorf("a call option changed the client's defaults: %+v", client.defaults)
	}
}

func TestNewClientToken(t *testing.T) {
	if _, err := NewClient(""); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("NewClient(\"\") = %v, want an error wrapping ErrInvalidInput", err)
	}
	client, err := NewClient("tok3n\n")
	if err != nil || client.token != "tok3n" {
		t.Errorf("NewClient(\"tok3n\\n\") kept token %q, err %v; want \"tok3n\"", client.token, err)
	}
	if _, err := NewClient("tok3n", WithTokenSource(staticSource("x"))); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("a token with WithTokenSource = %v, want an error wrapping ErrInvalidInput", err)
	}
}

func TestRedirectPolicyDropsTokenForOtherOrigins(t *testing.T) {
	base, _ := url.Parse("https://api.webflow.com/v2/")
	tests := []struct {
		to       string
		keepAuth bool
	}{
		{"https://api.webflow.com/v2/assets/b", true},
		{"https://API.webflow.com:443/v2/assets/b", true},
		{"https://api.webflow.com:8443/v2/assets/b", false},
		{"http://api.webflow.com/v2/assets/b", false},
		{"https://evil.example/v2/assets/b", false},
		{"https://cdn.api.webflow.com/v2/assets/b", false},
	}
	for _, tt := range tests {
		policy := redirectPolicy(base, nil)
		req, _ := http.NewRequest(http.MethodPatch, tt.to, nil)
		req.Header.Set("Authorization", "Bearer secret")
		if err := policy(req, []*http.Request{{Method: http.MethodPatch}}); err != nil {
			t.Fatalf("redirect to %s: %v", tt.to, err)
		}
		if got := req.Header.Get("Authorization") != ""; got != tt.keepAuth {
			t.Errorf("redirect to %s: kept Authorization = %v, want %v", tt.to, got, tt.keepAuth)
		}
	}
}

func TestRedirectPolicyStopsLongChains(t *testing.T) {
	base, _ := url.Parse("https://api.webflow.com/v2/")
	req, _ := http.NewRequest(http.MethodPatch, "https://api.webflow.com/v2/assets/b", nil)
	err := redirectPolicy(base, nil)(req, make([]*http.Request, maxRedirects))
	var redirect *redirectError
	if !errors.As(err, &redirect) {
		t.Errorf("after %d redirects: %v, want a redirectError", maxRedirects, err)
	}
}

func TestRedirectPolicyCallsCallersPolicy(t *testing.T) {
	base, _ := url.Parse("https://api.webflow.com/v2/")
	stop := errors.New("no redirects here")
	req, _ := http.NewRequest(http.MethodPatch, "https://api.webflow.com/v2/assets/b", nil)
	via := []*http.Request{{Method: http.MethodPatch}}
	if err := redirectPolicy(base, func(*http.Request, []*http.Request) error { return stop })(req, via); !errors.Is(err, stop) {
		t.Errorf("policy = %v, want the caller's error", err)
	}
}

func TestRedactedURL(t *testing.T) {
	tests := map[string]string{
		"https://deploy:hunter2@api.webflow.com/v2":   "https://deploy:xxxxx@api.webflow.com/v2",
		"https://deploy:hunter2@api.webflow.com:x/v2": "https://deploy:xxxxx@api.webflow.com:x/v2",
		"https://deploy:a@b@api.webflow.com":          "https://deploy:xxxxx@api.webflow.com",
		"https://deploy@api.webflow.com/v2":           "https://deploy@api.webflow.com/v2",
		"https://api.webflow.com/v2?u=a:b@c":          "https://api.webflow.com/v2?u=a:b@c",
		"https://api.webflow.com/a:b@c":               "https://api.webflow.com/a:b@c",
		"api.webflow.com/v2":                          "api.webflow.com/v2",
		"":                                            "",
	}
	for input, want := range tests {
		if got := redactedURL(input); got != want {
			t.Errorf("redactedURL(%q) = %q, want %q", input, got, want)
		}
	}
}
