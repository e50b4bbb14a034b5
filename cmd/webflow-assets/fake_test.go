package main

import (
	"context"
	"net"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

// startFake starts the fake command with args and returns it once it has
// printed its commands, with a function that stops it. The test's cleanup
// stops it too and waits for it to end.
func startFake(t *testing.T, args ...string) (fake *runningCLI, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	fake = startCLI(ctx, map[string]string{}, append([]string{"fake"}, args...)...)
	t.Cleanup(func() {
		cancel()
		fake.wait(t)
	})

	waitFor(t, "the fake server's commands", func() bool {
		return strings.Contains(fake.stdout.String(), "Try, in another terminal:") || fake.ended()
	})
	if fake.ended() {
		t.Fatalf("fake %q ended with exit code %d; stderr:\n%s", args, fake.code, fake.stderr.String())
	}
	return fake, cancel
}

// printedCommand returns the printed command line that starts with prefix.
func printedCommand(t *testing.T, stdout, prefix string) string {
	t.Helper()
	for line := range strings.Lines(stdout) {
		if command, ok := strings.CutPrefix(strings.TrimSpace(line), prefix); ok {
			return prefix + command
		}
	}
	t.Fatalf("stdout lacks a command starting with %q:\n%s", prefix, stdout)
	return ""
}

func TestFakeServesUpdateUntilCancelled(t *testing.T) {
	fake, stop := startFake(t)
	stdout := fake.stdout.String()

	for _, want := range []string{
		"Fake Webflow server running at http://127.0.0.1:",
		"Token: " + webflowtest.DefaultToken + " ",
		"Rate limit: 60 requests a minute per token",
		webflowtest.ImageAssetID + "  " + webflowtest.DefaultAssets()[0].DisplayName + "\n",
		webflowtest.DocumentAssetID + "  " + webflowtest.DefaultAssets()[1].DisplayName + "\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}

	// Run the printed update command through the command's own code path.
	words := strings.Fields(printedCommand(t, stdout, wrapper.TokenEnv+"="))
	token := strings.TrimPrefix(words[0], wrapper.TokenEnv+"=")
	if words[1] != programName {
		t.Fatalf("the update command runs %q, want %s", words[1], programName)
	}
	update := runCLI(t.Context(), map[string]string{wrapper.TokenEnv: token}, "", words[2:]...)
	if update.code != exitOK {
		t.Fatalf("the printed update command %q: exit code %d, want %d; stderr:\n%s", words, update.code, exitOK, update.stderr)
	}
	if !strings.Contains(update.stdout, `"displayName": "`+demoDisplayName+`"`) {
		t.Errorf("the update's stdout lacks the new display name %q:\n%s", demoDisplayName, update.stdout)
	}
	wantLog := "msg=request method=PATCH path=/v2/assets/" + webflowtest.ImageAssetID + " status=200\n"
	waitFor(t, "the request's log line", func() bool { return strings.Contains(fake.stderr.String(), wantLog) })

	stop()
	code := fake.wait(t)

	if code != exitOK {
		t.Errorf("exit code after cancellation %d, want %d; stderr:\n%s", code, exitOK, fake.stderr.String())
	}
	stderr := fake.stderr.String()
	if !strings.Contains(stderr, `msg="fake Webflow server stopped" requests=1`) {
		t.Errorf("stderr lacks the stop with the request count:\n%s", stderr)
	}
	if strings.Contains(stderr, webflowtest.DefaultToken) {
		t.Errorf("the request log contains the token:\n%s", stderr)
	}
}

func TestFakeListensOnAddrWithRateLimit(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	listener.Close()

	fake, _ := startFake(t, "--addr", addr, "--rate-limit", "3", "--rate-window", "10s")
	stdout := fake.stdout.String()

	url := "http://" + addr + "/v2"
	if !strings.Contains(stdout, "running at "+url+" ") {
		t.Errorf("stdout does not give the URL %s:\n%s", url, stdout)
	}
	if !strings.Contains(stdout, "Rate limit: 3 requests per 10s per token") {
		t.Errorf("stdout does not give the rate limit:\n%s", stdout)
	}
	if update := printedCommand(t, stdout, wrapper.TokenEnv+"="); !strings.HasSuffix(update, " --base-url "+url+" --rate-window 10s") {
		t.Errorf("update command %q, want it to end with the base URL and the matching --rate-window", update)
	}

	res := runCLI(t.Context(), map[string]string{wrapper.TokenEnv: webflowtest.DefaultToken}, "",
		"update", "-v", webflowtest.ImageAssetID, "--display-name", "x.png", "--base-url", url)
	if res.code != exitOK {
		t.Fatalf("update: exit code %d, want %d; stderr:\n%s", res.code, exitOK, res.stderr)
	}
	if !strings.Contains(res.stderr, "ratelimit_limit=3 ratelimit_remaining=2") {
		t.Errorf("update -v: stderr lacks ratelimit_limit=3 ratelimit_remaining=2, the fake's limit of 3 and that less one:\n%s", res.stderr)
	}
}

func TestFakeBulkCommandRunsInShell(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the printed commands are for a POSIX shell")
	}
	shell, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh on PATH")
	}
	binary := buildBinary(t)
	fake, _ := startFake(t)
	bulk := printedCommand(t, fake.stdout.String(), "printf ")

	dir := t.TempDir()
	cmd := exec.Command(shell, "-c", bulk)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + filepath.Dir(binary)}
	output, err := cmd.CombinedOutput()

	if err != nil {
		t.Fatalf("the printed bulk command %q failed: %v\n%s", bulk, err, output)
	}
	outcomes := outcomesByAsset(t, filepath.Join(dir, "renames.report.csv"))
	for _, id := range []string{webflowtest.ImageAssetID, webflowtest.DocumentAssetID} {
		if outcomes[id] != "applied" {
			t.Errorf("asset %s: outcome %q in the report, want applied; output:\n%s", id, outcomes[id], output)
		}
	}
}

func TestFakeRejectsFlags(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		wantMsg string
	}{
		{"all interfaces", []string{"--addr", "0.0.0.0:8080"}, `--addr "0.0.0.0:8080": the host must be loopback, such as 127.0.0.1`},
		{"no host", []string{"--addr", ":8080"}, `--addr ":8080": the host must be loopback`},
		{"private address", []string{"--addr", "10.1.2.3:8080"}, `--addr "10.1.2.3:8080": the host must be loopback`},
		{"host name", []string{"--addr", "example.com:8080"}, `--addr "example.com:8080": the host must be loopback`},
		{"no port", []string{"--addr", "127.0.0.1"}, `--addr "127.0.0.1": address 127.0.0.1: missing port in address; pass host:port, such as 127.0.0.1:8080`},
		{"port out of range", []string{"--addr", "127.0.0.1:70000"}, `--addr "127.0.0.1:70000": the port must be a number from 0 to 65535`},
		{"port not a number", []string{"--addr", "localhost:http"}, `--addr "localhost:http": the port must be a number from 0 to 65535`},
		{"zero rate limit", []string{"--rate-limit", "0"}, "--rate-limit 0: pass 1 or more"},
		{"zero rate window", []string{"--rate-window", "0s"}, "--rate-window 0s: pass a positive duration"},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := runCLI(t.Context(), map[string]string{}, "", append([]string{"fake"}, tc.args...)...)

			if res.code != exitUsage {
				t.Errorf("%s: exit code %d, want %d; stderr:\n%s", tc.name, res.code, exitUsage, res.stderr)
			}
			checkUsageError(t, tc.name, res.stderr, "webflow-assets fake: ", tc.wantMsg, `Run "webflow-assets help fake" for the flags.`, "")
			for _, word := range []string{"invalid address", "WithAddress", "WithRateLimit"} {
				if strings.Contains(res.stderr, word) {
					t.Errorf("%s: stderr contains %q, which a command-line user should not see:\n%s", tc.name, word, res.stderr)
				}
			}
			if res.stdout != "" {
				t.Errorf("%s: stdout %q, want nothing: no server may start", tc.name, res.stdout)
			}
		})
	}
}
