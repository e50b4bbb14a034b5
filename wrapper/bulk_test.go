package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/generated"
	"github.com/webflowkit/assets/wrapper"
)

// seededAssets returns n assets with distinct IDs, built from the test kit's
// image asset.
func seededAssets(n int) []generated.Asset {
	image := webflowtest.DefaultAssets()[0]
	assets := make([]generated.Asset, n)
	for i := range assets {
		assets[i] = image
		assets[i].ID = fmt.Sprintf("6650b2f1c4a9e3001f2d%04x", i)
		assets[i].Variants = nil
	}
	return assets
}

func TestUpdateAssetsReportsEachItem(t *testing.T) {
	assets := seededAssets(6)
	srv := webflowtest.NewServer(t, webflowtest.WithAssets(assets...))
	client := newClient(t, srv)

	items := []wrapper.BulkItem{
		{AssetID: assets[0].ID, Update: rename("zero.png")},
		{AssetID: "", Update: rename("no-id.png")},
		{AssetID: assets[2].ID, Update: wrapper.UpdateAssetRequest{}},
		{AssetID: unknownID, Update: rename("unknown.png")},
		{AssetID: assets[4].ID, Update: rename("four.png")},
		{AssetID: assets[5].ID, Update: rename("five.png")},
	}
	var progress []wrapper.BulkProgress
	results := client.UpdateAssets(context.Background(), items, wrapper.BulkOptions{
		Concurrency: 3,
		OnProgress:  func(p wrapper.BulkProgress) { progress = append(progress, p) },
	})

	if len(results) != len(items) {
		t.Fatalf("got %d results, want %d", len(results), len(items))
	}
	wantApplied := []bool{true, false, false, false, true, true}
	wantSent := []bool{true, false, false, true, true, true}
	for i, result := range results {
		if result.Index != i || result.AssetID != items[i].AssetID {
			t.Errorf("result %d is for index %d, asset %q; want the item's own", i, result.Index, result.AssetID)
		}
		if result.Applied() != wantApplied[i] || result.Sent != wantSent[i] {
			t.Errorf("result %d: applied %v, sent %v (err %v); want %v, %v", i, result.Applied(), result.Sent, result.Err, wantApplied[i], wantSent[i])
		}
		if result.Applied() && result.Asset.DisplayName != *items[i].Update.DisplayName {
			t.Errorf("result %d: DisplayName %q, want %q", i, result.Asset.DisplayName, *items[i].Update.DisplayName)
		}
	}
	if !errors.Is(results[1].Err, wrapper.ErrInvalidInput) || !errors.Is(results[2].Err, wrapper.ErrInvalidInput) {
		t.Errorf("bad items got %v and %v, want ErrInvalidInput", results[1].Err, results[2].Err)
	}
	if !wrapper.IsNotFound(results[3].Err) {
		t.Errorf("unknown asset got %v, want a 404", results[3].Err)
	}

	if len(progress) != len(items) {
		t.Fatalf("OnProgress was called %d times, want %d", len(progress), len(items))
	}
	last := progress[len(progress)-1]
	if last.Done != 6 || last.Applied != 3 || last.Failed != 3 || last.NotSent != 0 || last.Total != 6 {
		t.Errorf("final progress = %+v, want 6 done: 3 applied, 3 failed", last)
	}
	for i, p := range progress {
		if p.Done != i+1 {
			t.Errorf("progress call %d has Done %d, want %d", i, p.Done, i+1)
		}
	}
}

func TestUpdateAssetsBoundsConcurrency(t *testing.T) {
	const concurrency = 3
	asset := fixtureAsset(t)
	var inFlight, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(asset))
	}))
	t.Cleanup(srv.Close)
	client, err := wrapper.NewClient("token", wrapper.WithBaseURL(srv.URL+"/v2"))
	if err != nil {
		t.Fatal(err)
	}

	items := make([]wrapper.BulkItem, 20)
	for i := range items {
		items[i] = wrapper.BulkItem{AssetID: imageID, Update: rename("x.png")}
	}
	results := client.UpdateAssets(context.Background(), items, wrapper.BulkOptions{Concurrency: concurrency})

	for _, result := range results {
		if result.Err != nil {
			t.Fatalf("item %d: %v", result.Index, result.Err)
		}
	}
	if got := most.Load(); got > concurrency || got < 2 {
		t.Errorf("at most %d requests were in flight, want between 2 and %d", got, concurrency)
	}
}

func TestUpdateAssetsStopsSendingWhenCancelled(t *testing.T) {
	assets := seededAssets(30)
	srv := webflowtest.NewServer(t, webflowtest.WithAssets(assets...), webflowtest.WithRateLimit(4, time.Minute))
	client := newClient(t, srv)
	items := make([]wrapper.BulkItem, len(assets))
	for i, asset := range assets {
		items[i] = wrapper.BulkItem{AssetID: asset.ID, Update: rename(fmt.Sprintf("renamed-%d.png", i))}
	}

	// The pacer lets 4 requests through, then waits a minute; cancel once
	// those 4 have ended.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	results := client.UpdateAssets(ctx, items, wrapper.BulkOptions{
		Concurrency: 2,
		OnProgress: func(p wrapper.BulkProgress) {
			if p.Applied == 4 {
				once.Do(cancel)
			}
		},
	})

	applied, notSent := 0, 0
	for _, result := range results {
		switch {
		case result.Applied():
			applied++
			if srv.UpdateCount(result.AssetID) != 1 {
				t.Errorf("%s is reported applied, but the server applied it %d times", result.AssetID, srv.UpdateCount(result.AssetID))
			}
		case errors.Is(result.Err, wrapper.ErrNotSent):
			notSent++
			if !errors.Is(result.Err, context.Canceled) || result.Sent {
				t.Errorf("not-sent item %d: err %v, sent %v; want context.Canceled and not sent", result.Index, result.Err, result.Sent)
			}
			if srv.UpdateCount(result.AssetID) != 0 {
				t.Errorf("%s is reported not sent, but the server applied it", result.AssetID)
			}
		default:
			t.Errorf("item %d: %v, want applied or not sent", result.Index, result.Err)
		}
	}
	if applied != 4 || notSent != len(items)-4 {
		t.Errorf("%d applied and %d not sent, want 4 and %d", applied, notSent, len(items)-4)
	}
}

func TestUpdateAssetsLetsRequestInFlightFinish(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.DelayHeaders(300 * time.Millisecond))
	client := newClient(t, srv)

	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for srv.RequestCount() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	results := client.UpdateAssets(ctx, []wrapper.BulkItem{
		{AssetID: imageID, Update: rename("in-flight.png")},
		{AssetID: documentID, Update: rename("never-sent.pdf")},
	}, wrapper.BulkOptions{Concurrency: 1})

	if !results[0].Applied() || results[0].Asset.DisplayName != "in-flight.png" {
		t.Errorf("in-flight item: %v, want it applied despite the cancellation", results[0].Err)
	}
	if !errors.Is(results[1].Err, wrapper.ErrNotSent) {
		t.Errorf("second item: %v, want ErrNotSent", results[1].Err)
	}
	if srv.UpdateCount(imageID) != 1 || srv.UpdateCount(documentID) != 0 {
		t.Errorf("server applied %d and %d updates, want 1 and 0", srv.UpdateCount(imageID), srv.UpdateCount(documentID))
	}
}

func TestUpdateAssetsCountsInvalidResponseAsApplied(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.TruncatedJSON().ApplyFirst())
	client := newClient(t, srv)

	results := client.UpdateAssets(context.Background(), []wrapper.BulkItem{{AssetID: imageID, Update: rename("x.png")}}, wrapper.BulkOptions{})

	if !results[0].Applied() || results[0].Err == nil {
		t.Errorf("result: applied %v, err %v; want applied with an *InvalidResponseError", results[0].Applied(), results[0].Err)
	}
}

func TestUpdateAssetsWithBadOptionFailsEveryItem(t *testing.T) {
	srv := webflowtest.NewServer(t)
	client := newClient(t, srv)

	results := client.UpdateAssets(context.Background(), []wrapper.BulkItem{
		{AssetID: imageID, Update: rename("a.png")},
		{AssetID: documentID, Update: rename("b.pdf")},
	}, wrapper.BulkOptions{CallOptions: []wrapper.CallOption{wrapper.WithTimeout(-time.Second)}})

	for _, result := range results {
		if result.Err == nil || !strings.Contains(result.Err.Error(), "WithTimeout") {
			t.Errorf("item %d: %v, want the option's error", result.Index, result.Err)
		}
	}
	if srv.RequestCount() != 0 {
		t.Errorf("server received %d requests, want none", srv.RequestCount())
	}
}

func fixtureAsset(t *testing.T) string {
	t.Helper()
	return fixture(t, "asset.json")
}

func TestUpdateAssetsTimeoutStartsAtFirstRequest(t *testing.T) {
	const limit, window = 2, time.Second
	assets := seededAssets(6)
	srv := webflowtest.NewServer(t, webflowtest.WithAssets(assets...), webflowtest.WithRateLimit(limit, window))
	client := newClient(t, srv, wrapper.WithRateWindow(window))
	items := make([]wrapper.BulkItem, len(assets))
	for i, asset := range assets {
		items[i] = wrapper.BulkItem{AssetID: asset.ID, Update: rename("timed.png")}
	}

	// The later items wait about a window for their turn, longer than the
	// timeout; the timeout must not count that wait.
	results := client.UpdateAssets(context.Background(), items, wrapper.BulkOptions{
		Concurrency: 2,
		CallOptions: []wrapper.CallOption{wrapper.WithTimeout(window / 2)},
	})

	for _, result := range results {
		if !result.Applied() {
			t.Errorf("item %d: %v, want applied", result.Index, result.Err)
		}
	}
}

func TestUpdateAssetsMarksItemsPastDeadlineNotSent(t *testing.T) {
	assets := seededAssets(5)
	srv := webflowtest.NewServer(t, webflowtest.WithAssets(assets...), webflowtest.WithRateLimit(2, time.Minute))
	client := newClient(t, srv)
	items := make([]wrapper.BulkItem, len(assets))
	for i, asset := range assets {
		items[i] = wrapper.BulkItem{AssetID: asset.ID, Update: rename("x.png")}
	}

	// Two items fit in the limit; the others would wait a minute, past the
	// deadline, so they are never sent.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var last wrapper.BulkProgress
	results := client.UpdateAssets(ctx, items, wrapper.BulkOptions{Concurrency: 1, OnProgress: func(p wrapper.BulkProgress) { last = p }})

	for _, result := range results[2:] {
		if !errors.Is(result.Err, wrapper.ErrNotSent) || !errors.Is(result.Err, context.DeadlineExceeded) || result.Sent {
			t.Errorf("item %d: err %v, sent %v; want ErrNotSent wrapping context.DeadlineExceeded", result.Index, result.Err, result.Sent)
		}
	}
	if last.Applied != 2 || last.NotSent != 3 || last.Failed != 0 {
		t.Errorf("final progress = %+v, want 2 applied and 3 not sent", last)
	}
}
