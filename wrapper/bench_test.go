package wrapper_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/generated"
	"github.com/webflowkit/assets/wrapper"
)

// benchServerEnv makes TestBenchServerProcess serve instead of skipping.
const benchServerEnv = "WEBFLOWKIT_BENCH_SERVER"

// TestBenchServerProcess is the server of BenchmarkUpdateAsset, run in a
// separate process so that the benchmark's time and allocations belong to
// the client alone. It responds to Update Asset with a fixed asset, prints its
// address, and serves until its standard input closes.
func TestBenchServerProcess(t *testing.T) {
	if os.Getenv(benchServerEnv) != "1" {
		t.Skip("runs only as the server of BenchmarkUpdateAsset")
	}

	body := []byte(fixture(t, "asset.json"))
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		header := w.Header()
		header["Content-Type"] = []string{"application/json; charset=utf-8"}
		header["X-Ratelimit-Limit"] = []string{"120"}
		header["X-Ratelimit-Remaining"] = []string{"119"}
		header["Content-Length"] = []string{fmt.Sprint(len(body))}
		w.Write(body)
	})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go http.Serve(listener, handler)

	fmt.Printf("http://%s/v2\n", listener.Addr())
	io.Copy(io.Discard, os.Stdin)
}

// startBenchServer runs TestBenchServerProcess in a child process and
// returns its base URL.
func startBenchServer(b *testing.B) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestBenchServerProcess$")
	cmd.Env = append(os.Environ(), benchServerEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})

	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("the benchmark server did not start: %v", err)
	}
	return strings.TrimSpace(line)
}

const benchToken = "bench-token"

// BenchmarkUpdateAsset measures one update over loopback, from encoding the
// body to decoding the asset, for three clients of the same server: a
// minimal net/http and encoding/json call (the floor), the generated client
// with its response parser, and the wrapper. The wrapper runs without
// pacing, which would rightly hold the loop to the server's 120 requests a
// minute; BenchmarkPacerBookkeeping measures the pacer's own cost.
func BenchmarkUpdateAsset(b *testing.B) {
	baseURL := startBenchServer(b)
	update := wrapper.UpdateAssetRequest{DisplayName: new("harbour-at-dusk.png")}
	ctx := context.Background()

	b.Run("client=floor", func(b *testing.B) {
		httpClient := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := updateWithNetHTTP(ctx, httpClient, baseURL, imageID, update); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("client=generated", func(b *testing.B) {
		httpClient := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		client, err := generated.NewClientWithResponses(baseURL,
			generated.WithHTTPClient(httpClient),
			generated.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
				req.Header.Set("Authorization", "Bearer "+benchToken)
				return nil
			}))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			resp, err := client.UpdateAssetWithResponse(ctx, imageID, update)
			if err != nil || resp.JSON200 == nil {
				b.Fatalf("UpdateAssetWithResponse: %v, status %d", err, resp.StatusCode())
			}
		}
	})

	b.Run("client=wrapper", func(b *testing.B) {
		client, err := wrapper.NewClient(benchToken, wrapper.WithBaseURL(baseURL), wrapper.WithoutPacing())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.UpdateAsset(ctx, imageID, update); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// updateWithNetHTTP is the floor: the least code that sends the update
// correctly and decodes the asset.
func updateWithNetHTTP(ctx context.Context, client *http.Client, baseURL, assetID string, update wrapper.UpdateAssetRequest) (*wrapper.Asset, error) {
	body, err := json.Marshal(update)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPatch, baseURL+"/assets/"+assetID, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+benchToken)
	req.Header.Set("Content-Type", "application/json")

	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}

	var asset wrapper.Asset
	if err := json.NewDecoder(resp.Body).Decode(&asset); err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	return &asset, nil
}

// BenchmarkBulkPacing sends 600 updates through UpdateAssets to the fake
// server set to 100 requests per 2-second window, and reports the run's
// time against the floor of 600 / 100 × 2 s = 12 s, the 429 responses the
// server sent, and the items that failed.
func BenchmarkBulkPacing(b *testing.B) {
	const (
		items  = 600
		limit  = 100
		window = 2 * time.Second
	)
	floor := time.Duration(items/limit) * window

	for b.Loop() {
		srv, err := webflowtest.Start(webflowtest.WithRateLimit(limit, window))
		if err != nil {
			b.Fatal(err)
		}
		client, err := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL), wrapper.WithRateWindow(window))
		if err != nil {
			b.Fatal(err)
		}
		batch := make([]wrapper.BulkItem, items)
		for i := range batch {
			batch[i] = wrapper.BulkItem{AssetID: imageID, Update: wrapper.UpdateAssetRequest{DisplayName: new(fmt.Sprintf("paced-%d.png", i))}}
		}

		start := time.Now()
		results := client.UpdateAssets(context.Background(), batch, wrapper.BulkOptions{})
		elapsed := time.Since(start)
		srv.Close()

		failed := 0
		for _, result := range results {
			if !result.Applied() {
				failed++
			}
		}
		b.ReportMetric(elapsed.Seconds(), "s/run")
		b.ReportMetric(elapsed.Seconds()/floor.Seconds(), "x-floor")
		b.ReportMetric(float64(countStatus(srv, http.StatusTooManyRequests)), "429s")
		b.ReportMetric(float64(failed), "failed")
	}
}
