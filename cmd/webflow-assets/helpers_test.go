package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

// cliResult is what one in-process run of the command line produced.
type cliResult struct {
	code   int
	stdout string
	stderr string
}

// syncBuffer is a bytes.Buffer that the command may write to from several
// goroutines, as bulk does with its display and logs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// envLookup returns a lookup function, like os.LookupEnv, for env as the
// whole environment.
func envLookup(env map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		value, ok := env[name]
		return value, ok
	}
}

// runCLI runs the command line in-process with env as its whole environment.
func runCLI(ctx context.Context, env map[string]string, stdin string, args ...string) cliResult {
	var stdout, stderr syncBuffer
	code := run(ctx, args, envLookup(env), strings.NewReader(stdin), &stdout, &stderr)
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// runningCLI is a run of the command line in the background, whose output a
// test can read while it runs.
type runningCLI struct {
	stdout, stderr *syncBuffer
	done           chan struct{} // closed when the run ends
	code           int           // the exit code, set before done is closed
}

// startCLI starts the command line in-process in a goroutine, with env as
// its whole environment and empty standard input.
func startCLI(ctx context.Context, env map[string]string, args ...string) *runningCLI {
	r := &runningCLI{stdout: new(syncBuffer), stderr: new(syncBuffer), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.code = run(ctx, args, envLookup(env), strings.NewReader(""), r.stdout, r.stderr)
	}()
	return r
}

// ended reports whether the run has ended.
func (r *runningCLI) ended() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// wait returns the exit code, and fails the test after a generous bound
// that only catches a hang.
func (r *runningCLI) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.done:
		return r.code
	case <-time.After(30 * time.Second):
		t.Fatalf("the command did not return; stderr:\n%s", r.stderr.String())
		return -1
	}
}

// waitFor polls cond until it holds, and fails the test after a generous
// bound that only catches a hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// tokenEnv returns an environment with the server's token.
func tokenEnv(server *webflowtest.Server) map[string]string {
	return map[string]string{wrapper.TokenEnv: server.Token}
}

// testAssetID returns the ID of the i-th asset that newAssets makes.
func testAssetID(i int) string {
	return fmt.Sprintf("%024x", 0xa55e7000+i)
}

// newAssets returns n assets shaped like the default image asset, with the
// IDs testAssetID(1) to testAssetID(n).
func newAssets(n int) []wrapper.Asset {
	template := webflowtest.DefaultAssets()[0]
	assets := make([]wrapper.Asset, n)
	for i := range assets {
		asset := template
		asset.ID = testAssetID(i + 1)
		asset.DisplayName = fmt.Sprintf("original-%d.png", i+1)
		asset.Variants = nil
		assets[i] = asset
	}
	return assets
}

// writeFile writes content to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// readReportFile returns the records of a report, header included.
func readReportFile(t *testing.T, path string) [][]string {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatalf("opening the report: %v", err)
	}
	defer file.Close()

	records, err := csv.NewReader(file).ReadAll()
	if err != nil {
		t.Fatalf("reading the report %s: %v", path, err)
	}
	return records
}

// outcomesByAsset returns the outcome of each asset in a report.
func outcomesByAsset(t *testing.T, path string) map[string]string {
	t.Helper()
	outcomes := make(map[string]string)
	for _, record := range readReportFile(t, path)[1:] {
		outcomes[record[1]] = record[2]
	}
	return outcomes
}

// checkNoSecret fails when secret appears in the output of a run.
func checkNoSecret(t *testing.T, name string, res cliResult, secret string) {
	t.Helper()
	if strings.Contains(res.stdout, secret) || strings.Contains(res.stderr, secret) {
		t.Errorf("%s: the token %q appears in the output:\nstdout: %s\nstderr: %s", name, secret, res.stdout, res.stderr)
	}
}

// bulkInput returns a CSV input with a header and one row per asset, each
// setting the display name renamed-N.png.
func bulkInput(n int) string {
	var b strings.Builder
	b.WriteString("asset_id,display_name\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%s,renamed-%d.png\n", testAssetID(i), i)
	}
	return b.String()
}
