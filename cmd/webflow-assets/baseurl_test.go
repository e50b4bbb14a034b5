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
	{"no scheme", "api.webflow.com/v2", "has no scheme; pass an absolute URL such as https://api.webflow.com/v2"},
	{"scheme-relative", "//api.webflow.com/v2", "has no scheme"},
	{"empty", "", "has no scheme"},
	{"ftp scheme", "ftp://api.webflow.com/v2", "the scheme ftp: is not supported; use https://"},
	{"mailto scheme", "mailto:team@example.com", "the scheme mailto: is not supported"},
	{"no host", "https:///v2", "has no host; pass an absolute URL"},
	{"opaque", "https:api.webflow.com", "has no host"},
	{"user and password", "https://deploy:hunter2-secret@api.webflow.com/v2", "contains a user name or password; remove it"},
	{"user only", "https://deploy@api.webflow.com/v2", "contains a user name or password"},
	{"query", "https://api.webflow.com/v2?site=1", "has a query or fragment; remove everything from the first ? or #"},
	{"fragment", "https://api.webflow.com/v2#assets", "has a query or fragment"},
	{"lone question mark", "https://api.webflow.com/v2?", "has a query or fragment"},
	{"lone hash", "https://api.webflow.com/v2#", "has a query or fragment"},
	{"port zero", "https://api.webflow.com:0/v2", "the port 0 is out of range"},
	{"port too large", "https://api.webflow.com:99999/v2", "the port 99999 is out of range"},
	{"leading space", " https://api.webflow.com/v2", "starts or ends with whitespace"},
	{"bad port", "https://api.webflow.com:https/v2", `invalid port ":https" after host; pass an absolute URL`},
	{"bad escape", "https://api.webflow.com/v2/%zz", `invalid URL escape "%zz"`},
	{"password in unparsable URL", "https://deploy:hunter2-secret@api.webflow.com:x/v2", "invalid port"},
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
				wantStart := fmt.Sprintf("webflow-assets %s: invalid --base-url %q: ", command, redactURL(tc.baseURL))
				hint := fmt.Sprintf("Run \"webflow-assets help %s\" for the flags.", command)
				checkUsageError(t, command+" "+tc.name, res.stderr, wantStart, tc.wantReason, hint, "")
				for _, word := range []string{"WithBaseURL", "webflow:", "invalid option", secret} {
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

// TestCheckBaseURLCoversClient checks that checkBaseURL rejects every base
// URL that the client rejects for a reason other than plain http://, so that
// no error of the client's option reaches the command line.
func TestCheckBaseURLCoversClient(t *testing.T) {
	good := []string{
		wrapper.DefaultBaseURL,
		"https://api.webflow.com/v2/",
		"HTTPS://API.webflow.com/v2",
		"https://api.webflow.com",
		"https://api.webflow.com:8443/proxy/webflow/v2",
		"http://127.0.0.1:8080/v2",
		"http://localhost/v2",
		"http://[::1]:9000",
		"http://example.com/v2", // plain http:// is left to the client
	}
	for _, baseURL := range good {
		if err := checkBaseURL(baseURL); err != nil {
			t.Errorf("checkBaseURL(%q) = %v, want nil", baseURL, err)
		}
	}

	for _, tc := range badBaseURLs {
		err := checkBaseURL(tc.baseURL)
		if err == nil || !errors.Is(err, errBadBaseURL) {
			t.Errorf("%s: checkBaseURL(%q) = %v, want an error that wraps errBadBaseURL", tc.name, tc.baseURL, err)
		}
	}

	for _, baseURL := range append(good, badBaseURLsList()...) {
		_, clientErr := wrapper.NewClient("token", wrapper.WithBaseURL(baseURL), wrapper.WithInsecureHTTP())
		if clientErr != nil && checkBaseURL(baseURL) == nil {
			t.Errorf("the client rejects %q (%v), but checkBaseURL accepts it", baseURL, clientErr)
		}
	}
}

func badBaseURLsList() []string {
	urls := make([]string, len(badBaseURLs))
	for i, tc := range badBaseURLs {
		urls[i] = tc.baseURL
	}
	return urls
}

func TestRedactURL(t *testing.T) {
	cases := map[string]string{
		"https://deploy:hunter2@api.webflow.com/v2":   "https://deploy:xxxxx@api.webflow.com/v2",
		"https://deploy:hunter2@api.webflow.com:x/v2": "https://deploy:xxxxx@api.webflow.com:x/v2",
		"https://deploy:a@b@api.webflow.com":          "https://deploy:xxxxx@api.webflow.com",
		"https://deploy@api.webflow.com/v2":           "https://deploy@api.webflow.com/v2",
		"https://api.webflow.com/v2?u=a:b@c":          "https://api.webflow.com/v2?u=a:b@c",
		"https://api.webflow.com/a:b@c":               "https://api.webflow.com/a:b@c",
		"api.webflow.com/v2":                          "api.webflow.com/v2",
		"":                                            "",
	}
	for input, want := range cases {
		if got := redactURL(input); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", input, got, want)
		}
	}
}

func TestClientReasonDropsOptionName(t *testing.T) {
	const baseURL = "https://api.webflow.com/v2"
	err := fmt.Errorf("webflow: %w: WithBaseURL(%q): the URL must use a new rule", wrapper.ErrInvalidOption, baseURL)

	if got, want := clientReason(err, baseURL), "the URL must use a new rule"; got != want {
		t.Errorf("clientReason(%q) = %q, want %q", err, got, want)
	}
}
