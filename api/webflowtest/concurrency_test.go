package webflowtest_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
)

// sendConcurrently sends every call at once and returns the statuses, in
// the order of calls. A transport error gives status 0.
func sendConcurrently(t *testing.T, srv *webflowtest.Server, calls []call) []int {
	t.Helper()

	statuses := make([]int, len(calls))
	var wg sync.WaitGroup
	for i, c := range calls {
		wg.Go(func() {
			statuses[i] = c.send(t, srv).status
		})
	}
	wg.Wait()
	return statuses
}

func countStatus(statuses []int, status int) int {
	n := 0
	for _, s := range statuses {
		if s == status {
			n++
		}
	}
	return n
}

func TestConcurrentRequestsRespectLimitExactly(t *testing.T) {
	const limit, perToken = 20, 50
	srv := webflowtest.NewServer(t,
		webflowtest.WithRateLimit(limit, time.Hour),
		webflowtest.WithToken("second", "assets:write"))

	var calls []call
	for i := range perToken {
		calls = append(calls,
			call{body: rename(fmt.Sprintf("first-%d.png", i))},
			call{token: "second", path: "/assets/" + webflowtest.DocumentAssetID, body: rename(fmt.Sprintf("second-%d.pdf", i))})
	}

	statuses := sendConcurrently(t, srv, calls)

	if got, want := countStatus(statuses, http.StatusOK), 2*limit; got != want {
		t.Errorf("200 responses = %d, want %d (limit %d for each of 2 tokens)", got, want, limit)
	}
	if got, want := countStatus(statuses, http.StatusTooManyRequests), 2*(perToken-limit); got != want {
		t.Errorf("429 responses = %d, want %d", got, want)
	}
	for _, id := range []string{webflowtest.ImageAssetID, webflowtest.DocumentAssetID} {
		if got := srv.UpdateCount(id); got != limit {
			t.Errorf("UpdateCount(%s) = %d, want %d", id, got, limit)
		}
	}
	if got := srv.RequestCount(); got != len(calls) {
		t.Errorf("RequestCount = %d, want %d", got, len(calls))
	}
}

func TestConcurrentUpdatesAreNotLost(t *testing.T) {
	const perAsset = 100
	srv := webflowtest.NewServer(t, webflowtest.WithRateLimit(10*perAsset, time.Hour))

	var calls []call
	names := make(map[string]bool)
	for i := range perAsset {
		name := fmt.Sprintf("image-%d.png", i)
		names[name] = true
		calls = append(calls,
			call{body: rename(name)},
			call{path: "/assets/" + webflowtest.DocumentAssetID, body: `{"localeId":"de","displayName":"dokument.pdf"}`})
	}

	statuses := sendConcurrently(t, srv, calls)

	if got := countStatus(statuses, http.StatusOK); got != len(calls) {
		t.Fatalf("200 responses = %d, want %d", got, len(calls))
	}
	for _, id := range []string{webflowtest.ImageAssetID, webflowtest.DocumentAssetID} {
		if got := srv.UpdateCount(id); got != perAsset {
			t.Errorf("UpdateCount(%s) = %d, want %d", id, got, perAsset)
		}
	}
	if image, _ := srv.Asset(webflowtest.ImageAssetID); !names[image.DisplayName] {
		t.Errorf("image displayName = %q, want one of the names sent", image.DisplayName)
	}
	if localized, _ := srv.LocalizedAsset(webflowtest.DocumentAssetID, "de"); localized.DisplayName != "dokument.pdf" {
		t.Errorf("localized displayName = %q, want dokument.pdf", localized.DisplayName)
	}
}

func TestConcurrentRequestsTakeEachFaultOnce(t *testing.T) {
	const faults, requests = 10, 30
	srv := webflowtest.NewServer(t)
	for range faults {
		srv.Enqueue(webflowtest.Status(http.StatusServiceUnavailable))
	}

	calls := make([]call, requests)
	for i := range calls {
		calls[i] = call{body: rename(fmt.Sprintf("n-%d.png", i))}
	}
	statuses := sendConcurrently(t, srv, calls)

	if got := countStatus(statuses, http.StatusServiceUnavailable); got != faults {
		t.Errorf("503 responses = %d, want %d", got, faults)
	}
	if got := countStatus(statuses, http.StatusOK); got != requests-faults {
		t.Errorf("200 responses = %d, want %d", got, requests-faults)
	}
	if got := srv.PendingFaults(); got != 0 {
		t.Errorf("PendingFaults = %d, want 0", got)
	}

	marked := 0
	for _, r := range srv.Requests() {
		if r.Fault {
			marked++
		}
	}
	if marked != faults {
		t.Errorf("requests marked Fault = %d, want %d", marked, faults)
	}
}
