package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

// badBaseURLs are --base-url values that the command rejects before it
// builds the client, with a part of the reason that each error must give.
var badBaseURLs = []struct {
	name       string
	baseURL    string
	wantReason string
}{
	{"no scheme", "api.webflow.com/v2", `the URL must start with https://, such as "https://api.webflow.com/v2"`},
	{"scheme-relative", "//api.webflow.com/v2", "the URL must start with https://"},
	{"empty", "", "the URL must start with https://"},
	{"ftp scheme", "ftp://api.webflow.com/v2", "the URL must start with https://"},
	{"mailto scheme", "mailto:team@example.com", "the URL must start with https://"},
	{"no host", "https:///v2", `the URL has no host; pass an absolute URL such as "https://api.webflow.com/v2"`},
	{"opaque", "https:api.webflow.com", "the URL has no host"},
	{"user and password", "https://deploy:hunter2-secret@api.webflow.com/v2", "the URL must not carry credentials; the token is sent in the Authorization header"},
	{"user only", "https://deploy@api.webflow.com/v2", "the URL must not carry credentials"},
	{"query", "https://api.webflow.com/v2?site=1", "the URL must not have a query or fragment"},
	{"fragment", "https://api.webflow.com/v2#assets", "the URL must not have a query or fragment"},
	{"lone question mark", "https://api.webflow.com/v2?", "the URL must not have a query or fragment"},
	{"lone hash", "https://api.webflow.com/v2#", "the URL must not have a query or fragment"},
	{"port zero", "https://api.webflow.com:0/v2", `the port "0" is not a number from 1 to 65535`},
	{"port too large", "https://api.webflow.com:99999/v2", `the port "99999" is not a number from 1 to 65535`},
	{"leading space", " https://api.webflow.com/v2", "the URL contains whitespace or a control character; remove it"},
	{"trailing space", "https://api.webflow.com/v2 ", "the URL contains whitespace or a control character; remove it"},
	{"trailing no-break space", "https://api.webflow.com/v2\u00a0", "the URL contains whitespace"},
	{"bad port", "https://api.webflow.com:https/v2", `invalid port ":https" after host; pass an absolute URL such as "https://api.webflow.com/v2"`},
	{"bad escape", "https://api.webflow.com/v2/%zz", `invalid URL escape "%zz"; pass an absolute URL`},
	{"password in unparsable URL", "https://deploy:hunter2-secret@api.webflow.com:x/v2", `invalid port ":x" after host`},
	{"password with a quote in unparsable URL", `https://deploy:"hunter2-secret@api.webflow.com:x/v2`, `invalid port ":x" after host`},
	{"password with a tab", "https://deploy:hunter2-secret\t@api.webflow.com/v2", "the URL contains whitespace or a control character"},
	{"plain http", "http://example.com/v2", "pass --allow-http to allow plain http:// to a host that is not loopback"},
}

func TestBaseURLRejectedInFlagTerms(t *testing.T) {
	const secret = "hunter2-secret"
	from := writeFile(t, t.TempDir(), "in.csv", bulkInput(1))

	for _, command := range []string{"update", "bulk"} {
		for _, tc := range badBaseURLs {
			t.Run(command+"/"+tc.name, func(t *testing.T) {
				report := filepath.Join(t.TempDir(), "report.csv")
				args := map[string][]string{
					"update": {"update", webflowtest.ImageAssetID, "--display-name", "x.png", "--base-url", tc.baseURL},
					"bulk":   {"bulk", "--from", from, "--report", report, "--base-url", tc.baseURL},
				}[command]

				res := runCLI(t.Context(), map[string]string{wrapper.TokenEnv: "token-for-base-url-tests"}, "", args...)

				if res.code != exitUsage {
					t.Errorf("%s --base-url %q: exit code %d, want %d; stderr: %s", command, tc.baseURL, res.code, exitUsage, res.stderr)
				}
				shown := tc.baseURL
				if rejected, ok := errors.AsType[*wrapper.BaseURLError](wrapper.ValidateBaseURL(tc.baseURL, false)); ok {
					shown = rejected.URL
				}
				wantStart := fmt.Sprintf("webflow-assets %s: invalid --base-url %q: ", command, shown)
				hint := fmt.Sprintf("Run \"webflow-assets help %s\" for the flags.", command)
				checkUsageError(t, command+" "+tc.name, res.stderr, wantStart, tc.wantReason, hint, "")
				for _, word := range []string{"WithBaseURL", "WithInsecureHTTP", "webflow:", "invalid option", `base URL "`, `parse "`, secret} {
					if strings.Contains(res.stderr, word) {
						t.Errorf("%s --base-url %q: stderr contains %q, which a command-line user should not see:\n%s", command, tc.baseURL, word, res.stderr)
					}
				}
				if _, err := os.Stat(report); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s --base-url %q: a report was written (stat error %v), want nothing done", command, tc.baseURL, err)
				}
			})
		}
	}
}

func TestValidateAcceptsBaseURL(t *testing.T) {
	cases := []struct {
		baseURL   string
		allowHTTP bool
	}{
		{wrapper.DefaultBaseURL, false},
		{"https://api.webflow.com/v2/", false},
		{"HTTPS://API.webflow.com/v2", false},
		{"https://api.webflow.com", false},
		{"https://api.webflow.com:8443/proxy/webflow/v2", false},
		{"http://127.0.0.1:8080/v2", false},
		{"http://localhost/v2", false},
		{"http://[::1]:9000", false},
		{"http://example.com/v2", true},
	}

	for _, tc := range cases {
		f := clientFlags{baseURL: tc.baseURL, allowHTTP: tc.allowHTTP, maxAttempts: 1, rateWindow: wrapper.DefaultRateWindow}
		if err := f.validate(); err != nil {
			t.Errorf("--base-url %q with allowHTTP %v: validate() = %v, want nil", tc.baseURL, tc.allowHTTP, err)
		}
	}
}

// TestAllowHTTPPassesValidation runs update with --allow-http and a plain
// http:// base URL on a host that is not loopback, but without a token, so
// that the run gets past the flags and stops before anything is sent.
func TestAllowHTTPPassesValidation(t *testing.T) {
	res := runCLI(t.Context(), map[string]string{}, "",
		"update", webflowtest.ImageAssetID, "--display-name", "x.png", "--base-url", "http://example.com/v2", "--allow-http")

	if res.code != exitFailed {
		t.Errorf("exit code %d, want %d for the missing token; stderr: %s", res.code, exitFailed, res.stderr)
	}
	if want := "webflow-assets: " + wrapper.TokenEnv + " is not set"; !strings.HasPrefix(res.stderr, want) {
		t.Errorf("stderr %q, want it to start with %q: --allow-http should let the base URL pass", res.stderr, want)
	}
}
