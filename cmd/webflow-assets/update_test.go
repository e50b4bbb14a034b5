package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

const testLocaleID = "65427cf400e02b306eaa04a0"

func TestUpdateSendsOnlyGivenFlags(t *testing.T) {
	id := webflowtest.ImageAssetID
	cases := []struct {
		name     string
		args     []string
		wantBody map[string]any
		locale   string
	}{
		{
			name:     "display name before id",
			args:     []string{"update", "--display-name", "harbour.png", id},
			wantBody: map[string]any{"displayName": "harbour.png"},
		},
		{
			name:     "display name after id",
			args:     []string{"update", id, "--display-name", "harbour.png"},
			wantBody: map[string]any{"displayName": "harbour.png"},
		},
		{
			name:     "equals form",
			args:     []string{"update", id, "--display-name=harbour.png"},
			wantBody: map[string]any{"displayName": "harbour.png"},
		},
		{
			name:     "empty display name is sent",
			args:     []string{"update", id, "--display-name", ""},
			wantBody: map[string]any{"displayName": ""},
		},
		{
			name:     "display name starting with a dash",
			args:     []string{"update", id, "--display-name", "-draft.png"},
			wantBody: map[string]any{"displayName": "-draft.png"},
		},
		{
			name:     "locale",
			args:     []string{"update", "--locale-id", testLocaleID, id, "--display-name", "hafen.png"},
			wantBody: map[string]any{"displayName": "hafen.png", "localeId": testLocaleID},
			locale:   testLocaleID,
		},
		{
			name:     "id after double dash",
			args:     []string{"update", "--display-name", "harbour.png", "-v", "--", id},
			wantBody: map[string]any{"displayName": "harbour.png"},
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			server := webflowtest.NewServer(t)
			args := slices.Concat(tc.args[:1], []string{"--base-url", server.URL}, tc.args[1:])

			res := runCLI(t.Context(), tokenEnv(server), "", args...)

			if res.code != exitOK {
				t.Fatalf("%s: exit code %d, want %d; stderr: %s", tc.name, res.code, exitOK, res.stderr)
			}
			requests := server.Requests()
			if len(requests) != 1 {
				t.Fatalf("%s: the server got %d requests, want 1", tc.name, len(requests))
			}
			got := requests[0]
			if got.Method != http.MethodPatch || got.Path != "/v2/assets/"+id {
				t.Errorf("%s: request %s %s, want PATCH /v2/assets/%s", tc.name, got.Method, got.Path, id)
			}
			var body map[string]any
			if err := json.Unmarshal(got.Body, &body); err != nil {
				t.Fatalf("%s: request body %q is not JSON: %v", tc.name, got.Body, err)
			}
			if !maps.Equal(body, tc.wantBody) {
				t.Errorf("%s: request body %s, want %v", tc.name, got.Body, tc.wantBody)
			}
			if ua := got.Header.Get("User-Agent"); !strings.HasPrefix(ua, "webflow-assets-cli/"+wrapper.Version+" ") {
				t.Errorf("%s: User-Agent %q, want it to start with webflow-assets-cli/%s", tc.name, ua, wrapper.Version)
			}
			checkPrintedAsset(t, tc.name, res.stdout, server, id, tc.locale)
			checkNoSecret(t, tc.name, res, server.Token)
		})
	}
}

// checkPrintedAsset checks that stdout is the asset as the server stores it,
// as indented JSON.
func checkPrintedAsset(t *testing.T, name, stdout string, server *webflowtest.Server, id, locale string) {
	t.Helper()

	want, ok := server.LocalizedAsset(id, locale)
	if !ok {
		t.Fatalf("%s: the server has no asset %s", name, id)
	}
	wantJSON, err := json.MarshalIndent(want, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if stdout != string(wantJSON)+"\n" {
		t.Errorf("%s: stdout is not the stored asset as indented JSON\ngot:\n%s\nwant:\n%s", name, stdout, wantJSON)
	}
}

func TestUpdateFailurePrintsOneLine(t *testing.T) {
	const otherToken = "token-without-write-scope"
	cases := []struct {
		name     string
		token    string
		fault    *webflowtest.Fault
		id       string
		extra    []string
		wantLine []string // substrings of the one stderr line
		requests int
	}{
		{
			name:     "unknown asset",
			id:       "000000000000000000000000",
			wantLine: []string{"404 resource_not_found", "000000000000000000000000"},
			requests: 1,
		},
		{
			name:     "unknown token",
			token:    "revoked-token-0123456789",
			wantLine: []string{"401 not_authorized", "Request not authorized"},
			requests: 1,
		},
		{
			name:     "token without assets:write",
			token:    otherToken,
			wantLine: []string{"401 missing_scopes", "assets:write"},
			requests: 1,
		},
		{
			name:     "rate limited without retries",
			fault:    new(webflowtest.RateLimited(60 * time.Second)),
			extra:    []string{"--max-attempts", "1"},
			wantLine: []string{"429 too_many_requests", "retry after 1m0s"},
			requests: 1,
		},
		{
			name:     "HTML 502 from a proxy",
			fault:    new(webflowtest.HTMLBadGateway()),
			extra:    []string{"--max-attempts", "1"},
			wantLine: []string{"502 Bad Gateway", "unexpected body"},
			requests: 1,
		},
		{
			name:     "2xx with a truncated body",
			fault:    new(webflowtest.TruncatedJSON()),
			wantLine: []string{"the update was applied (status 200)", "does not match the Asset schema"},
			requests: 1,
		},
		{
			name:     "whole call timed out",
			fault:    new(webflowtest.DelayHeaders(time.Minute)),
			extra:    []string{"--timeout", "200ms"},
			wantLine: []string{"context deadline exceeded", "; the --timeout of 200ms ran out"},
			requests: 1,
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			server := webflowtest.NewServer(t, webflowtest.WithToken(otherToken, "assets:read"))
			if tc.fault != nil {
				server.Enqueue(*tc.fault)
			}
			token := server.Token
			if tc.token != "" {
				token = tc.token
			}
			id := webflowtest.ImageAssetID
			if tc.id != "" {
				id = tc.id
			}
			args := append([]string{"update", id, "--display-name", "x.png", "--base-url", server.URL}, tc.extra...)

			res := runCLI(t.Context(), map[string]string{wrapper.TokenEnv: token}, "", args...)

			if res.code != exitFailed {
				t.Errorf("%s: exit code %d, want %d", tc.name, res.code, exitFailed)
			}
			if res.stdout != "" {
				t.Errorf("%s: stdout %q, want nothing", tc.name, res.stdout)
			}
			if n := strings.Count(res.stderr, "\n"); n != 1 || !strings.HasSuffix(res.stderr, "\n") {
				t.Errorf("%s: stderr has %d lines, want exactly one: %q", tc.name, n, res.stderr)
			}
			if !strings.HasPrefix(res.stderr, "webflow: update asset "+id+": ") {
				t.Errorf("%s: stderr %q, want the client's error alone, which starts with \"webflow: update asset %s: \"", tc.name, res.stderr, id)
			}
			for _, want := range tc.wantLine {
				if !strings.Contains(res.stderr, want) {
					t.Errorf("%s: stderr %q, want it to contain %q", tc.name, res.stderr, want)
				}
			}
			if got := server.RequestCount(); got != tc.requests {
				t.Errorf("%s: the server got %d requests, want %d", tc.name, got, tc.requests)
			}
			checkNoSecret(t, tc.name, res, token)
		})
	}
}

func TestUpdateUsageErrors(t *testing.T) {
	id := webflowtest.ImageAssetID
	const (
		usage = "" // the whole usage text follows the error
		flags = `Run "webflow-assets help update" for the flags.`
	)
	cases := []struct {
		name     string
		args     []string
		wantMsg  string
		wantHelp string // the line after the error, or usage
	}{
		{"no asset id", []string{"update", "--display-name", "x.png"}, "missing ASSET_ID", usage},
		{"two asset ids", []string{"update", id, id, "--display-name", "x.png"}, "expected one ASSET_ID", usage},
		{"nothing to update", []string{"update", id}, "nothing to update", usage},
		{"locale without display name", []string{"update", id, "--locale-id", testLocaleID}, "nothing to update", usage},
		{"unknown flag", []string{"update", id, "--display-nam", "x.png"}, "flag provided but not defined: -display-nam", usage},
		{"flag without value", []string{"update", id, "--display-name"}, "flag needs an argument", usage},
		{"bad duration", []string{"update", id, "--display-name", "x", "--timeout", "soon"}, `invalid value "soon"`, usage},
		{"zero max attempts", []string{"update", id, "--display-name", "x", "--max-attempts", "0"}, "--max-attempts 0", flags},
		{"negative timeout", []string{"update", id, "--display-name", "x", "--timeout", "-1s"}, "--timeout -1s", flags},
		{"zero rate window", []string{"update", id, "--display-name", "x", "--rate-window", "0s"}, "--rate-window 0s", flags},
		{"base URL without scheme", []string{"update", id, "--display-name", "x", "--base-url", "api.webflow.com/v2"}, "invalid --base-url", flags},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := runCLI(t.Context(), map[string]string{wrapper.TokenEnv: "token-for-usage-tests"}, "", tc.args...)

			if res.code != exitUsage {
				t.Errorf("%s: exit code %d, want %d; stderr: %s", tc.name, res.code, exitUsage, res.stderr)
			}
			checkUsageError(t, tc.name, res.stderr, "webflow-assets update: ", tc.wantMsg, tc.wantHelp, "Usage:\n  webflow-assets update ASSET_ID")
			if res.stdout != "" {
				t.Errorf("%s: stdout %q, want nothing", tc.name, res.stdout)
			}
			checkNoSecret(t, tc.name, res, "token-for-usage-tests")
		})
	}
}

func TestUpdateRejectsPlainHTTP(t *testing.T) {
	res := runCLI(t.Context(), map[string]string{wrapper.TokenEnv: "token-for-usage-tests"}, "",
		"update", webflowtest.ImageAssetID, "--display-name", "x", "--base-url", "http://example.com/v2")

	if res.code != exitUsage {
		t.Errorf("exit code %d, want %d; stderr: %s", res.code, exitUsage, res.stderr)
	}
	firstLine, _, _ := strings.Cut(res.stderr, "\n")
	want := `webflow-assets update: invalid --base-url "http://example.com/v2": pass --allow-http to allow plain http://`
	if !strings.HasPrefix(firstLine, want) {
		t.Errorf("first line of stderr %q, want it to start with %q", firstLine, want)
	}
	if strings.Contains(res.stderr, "WithInsecureHTTP") {
		t.Errorf("stderr %q names the Go option; a command-line user needs the flag", res.stderr)
	}
}

func TestUpdateRejectsInvalidAssetID(t *testing.T) {
	for _, id := range []string{"a/b", "x y", "6650b2f1/../x", "id?x=1", ""} {
		t.Run(id, func(t *testing.T) {
			server := webflowtest.NewServer(t)

			res := runCLI(t.Context(), tokenEnv(server), "", "update", id, "--display-name", "x.png", "--base-url", server.URL)

			if res.code != exitUsage {
				t.Errorf("ASSET_ID %q: exit code %d, want %d; stderr: %s", id, res.code, exitUsage, res.stderr)
			}
			wantStderr := wrapper.ValidateAssetID(id).Error() + "\n" + `Run "webflow-assets help update" for the usage.` + "\n"
			if res.stderr != wantStderr {
				t.Errorf("ASSET_ID %q: stderr %q, want the validator's message and the help hint %q", id, res.stderr, wantStderr)
			}
			if got := server.RequestCount(); got != 0 {
				t.Errorf("ASSET_ID %q: the server got %d requests, want 0", id, got)
			}
		})
	}
}

func TestUpdateMissingToken(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		wantMsg string
	}{
		{"unset", map[string]string{}, "WEBFLOW_API_TOKEN is not set"},
		{"empty", map[string]string{wrapper.TokenEnv: ""}, "WEBFLOW_API_TOKEN is empty; export"},
		{"whitespace only", map[string]string{wrapper.TokenEnv: " \t\n"}, "WEBFLOW_API_TOKEN is empty"},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			server := webflowtest.NewServer(t)

			res := runCLI(t.Context(), tc.env, "", "update", webflowtest.ImageAssetID, "--display-name", "x.png", "--base-url", server.URL)

			if res.code != exitFailed {
				t.Errorf("%s: exit code %d, want %d", tc.name, res.code, exitFailed)
			}
			if strings.Count(res.stderr, "\n") != 1 || !strings.HasPrefix(res.stderr, "webflow-assets: "+tc.wantMsg) {
				t.Errorf("%s: stderr %q, want one line starting with %q", tc.name, res.stderr, "webflow-assets: "+tc.wantMsg)
			}
			if got := server.RequestCount(); got != 0 {
				t.Errorf("%s: the server got %d requests, want 0", tc.name, got)
			}
		})
	}
}

func TestUpdateTokenFileEmpty(t *testing.T) {
	for name, content := range map[string]string{"empty": "", "blank lines": "\n  \r\n"} {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "token", content)
			env := map[string]string{wrapper.TokenEnv: "ignored-env-token"}

			res := runCLI(t.Context(), env, "", "update", "--token-file", path, webflowtest.ImageAssetID, "--display-name", "x.png")

			if res.code != exitFailed {
				t.Errorf("%s: exit code %d, want %d", name, res.code, exitFailed)
			}
			want := "webflow-assets: --token-file " + path + " is empty"
			if strings.Count(res.stderr, "\n") != 1 || !strings.HasPrefix(res.stderr, want) {
				t.Errorf("%s: stderr %q, want one line starting with %q", name, res.stderr, want)
			}
		})
	}
}

func TestUpdateTokenFile(t *testing.T) {
	const token = "token-from-a-file-0123456789"
	server := webflowtest.NewServer(t, webflowtest.WithToken(token, webflowtest.ScopeAssetsWrite))
	cases := []struct {
		name    string
		content string
	}{
		{"trailing newline", token + "\n"},
		{"trailing CRLF", token + "\r\n"},
		{"no newline", token},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "token", tc.content)
			env := map[string]string{wrapper.TokenEnv: "ignored-env-token"}

			res := runCLI(t.Context(), env, "", "update", "--token-file", path, webflowtest.ImageAssetID, "--display-name", "x.png", "--base-url", server.URL)

			if res.code != exitOK {
				t.Fatalf("%s: exit code %d, want %d; stderr: %s", tc.name, res.code, exitOK, res.stderr)
			}
			requests := server.Requests()
			if got := requests[len(requests)-1].Header.Get("Authorization"); got != "Bearer "+token {
				t.Errorf("%s: Authorization %q, want the token from the file", tc.name, got)
			}
			checkNoSecret(t, tc.name, res, token)
		})
	}
}

func TestUpdateTokenFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent")

	res := runCLI(t.Context(), map[string]string{}, "", "update", "--token-file", path, webflowtest.ImageAssetID, "--display-name", "x.png")

	if res.code != exitFailed {
		t.Errorf("exit code %d, want %d", res.code, exitFailed)
	}
	if strings.Count(res.stderr, "\n") != 1 || !strings.Contains(res.stderr, "--token-file") || !strings.Contains(res.stderr, path) {
		t.Errorf("stderr %q, want one line naming --token-file and %s", res.stderr, path)
	}
}

func TestUpdateVerboseLogsAttempts(t *testing.T) {
	server := webflowtest.NewServer(t)
	server.Enqueue(webflowtest.Status(http.StatusServiceUnavailable))

	res := runCLI(t.Context(), tokenEnv(server), "", "update", "-v", webflowtest.ImageAssetID, "--display-name", "x.png", "--base-url", server.URL)

	if res.code != exitOK {
		t.Fatalf("exit code %d, want %d; stderr: %s", res.code, exitOK, res.stderr)
	}
	if got := strings.Count(res.stderr, "webflow: attempt"); got != 2 {
		t.Errorf("stderr logs %d attempts, want 2 (a 503, then the retry):\n%s", got, res.stderr)
	}
	if !strings.Contains(res.stderr, "webflow: waiting") || !strings.Contains(res.stderr, "level=DEBUG") {
		t.Errorf("stderr lacks the debug record of the wait before the retry:\n%s", res.stderr)
	}
	checkNoSecret(t, "verbose", res, server.Token)
}

func TestUpdateInterrupted(t *testing.T) {
	server := webflowtest.NewServer(t)
	server.Enqueue(webflowtest.DelayHeaders(time.Minute))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	done := make(chan cliResult)
	go func() {
		done <- runCLI(ctx, tokenEnv(server), "", "update", webflowtest.ImageAssetID, "--display-name", "x.png", "--base-url", server.URL)
	}()
	waitFor(t, "the request to reach the server", func() bool { return server.RequestCount() > 0 })
	cancel()
	res := <-done

	if res.code != exitInterrupted {
		t.Errorf("exit code %d, want %d; stderr: %s", res.code, exitInterrupted, res.stderr)
	}
	if !strings.HasPrefix(res.stderr, "webflow: update asset ") || !strings.HasSuffix(res.stderr, " (interrupted)\n") {
		t.Errorf("stderr %q, want the client's error, marked as interrupted", res.stderr)
	}
}

func TestUpdateWithinNotesOnlyItsTimeout(t *testing.T) {
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	cases := []struct {
		name           string
		ctx            context.Context
		attemptTimeout time.Duration
		timeout        time.Duration
		wantErr        error
		wantNote       bool
	}{
		{"whole call timed out", t.Context(), wrapper.DefaultAttemptTimeout, 100 * time.Millisecond, context.DeadlineExceeded, true},
		{"attempt timed out first", t.Context(), 50 * time.Millisecond, time.Hour, context.DeadlineExceeded, false},
		{"attempt timed out without --timeout", t.Context(), 50 * time.Millisecond, 0, context.DeadlineExceeded, false},
		{"interrupted", cancelled, wrapper.DefaultAttemptTimeout, time.Hour, context.Canceled, false},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			server := webflowtest.NewServer(t)
			if tc.ctx.Err() == nil { // a call whose context has ended sends nothing
				server.Enqueue(webflowtest.DelayHeaders(time.Minute))
			}
			client, err := wrapper.NewClient(server.Token, wrapper.WithBaseURL(server.URL),
				wrapper.WithAttemptTimeout(tc.attemptTimeout), wrapper.WithMaxAttempts(1))
			if err != nil {
				t.Fatal(err)
			}

			_, err = updateWithin(tc.ctx, client, webflowtest.ImageAssetID, wrapper.UpdateAssetRequest{DisplayName: new("x.png")}, tc.timeout)

			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("%s: error %v, want one that wraps %v", tc.name, err, tc.wantErr)
			}
			text := err.Error()
			note := fmt.Sprintf("; the --timeout of %v ran out", tc.timeout)
			switch {
			case tc.wantNote && !strings.HasSuffix(text, note):
				t.Errorf("%s: error %q, want it to end with %q", tc.name, text, note)
			case !tc.wantNote && strings.Contains(text, "--timeout"):
				t.Errorf("%s: error %q names --timeout, which did not run out", tc.name, text)
			}
		})
	}
}
