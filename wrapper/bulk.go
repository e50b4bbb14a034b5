package wrapper

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrNotSent is wrapped by the error of a BulkResult whose update was never
// sent: the context ended first, its deadline came too close to wait for the
// item's turn under the rate limit, or an earlier 429 asked for a longer wait
// than WithMaxRetryWait allows. The error also wraps that cause.
var ErrNotSent = errors.New("not sent")

// DefaultBulkConcurrency is how many updates UpdateAssets keeps in flight
// when BulkOptions.Concurrency is 0. The pacer, not concurrency, keeps the
// rate within the limit; a few requests in flight hide the network latency.
const DefaultBulkConcurrency = 4

// BulkItem is one update for UpdateAssets.
type BulkItem struct {
	AssetID string
	Update  UpdateAssetRequest
}

// BulkResult is the outcome of one BulkItem.
type BulkResult struct {
	// Index is the item's position in the slice given to UpdateAssets.
	Index int

	// AssetID is the item's asset ID.
	AssetID string

	// Asset is the asset after the update, or nil if Err is not nil.
	Asset *Asset

	// Err is the failure: an *APIError, *InvalidResponseError or
	// *RequestError as UpdateAsset returns them, an error that wraps
	// ErrInvalidInput for an item rejected before sending, or one that wraps
	// ErrNotSent and its cause for an item never sent.
	Err error

	// Sent reports whether at least one request was sent for the item.
	Sent bool
}

// Applied reports whether Webflow applied the update: the call succeeded, or
// the server responded with 2xx and a body that did not match the schema.
func (r BulkResult) Applied() bool {
	var invalid *InvalidResponseError
	return r.Err == nil || errors.As(r.Err, &invalid)
}

// BulkProgress is passed to BulkOptions.OnProgress after each item ends.
type BulkProgress struct {
	// Total is the number of items; Done counts those that ended, of which
	// Applied were applied, Failed failed and NotSent were never sent.
	Total, Done, Applied, Failed, NotSent int

	// Result is the outcome of the item that just ended.
	Result BulkResult
}

// BulkOptions configures UpdateAssets. The zero value uses the defaults.
type BulkOptions struct {
	// Concurrency is how many updates are in flight at once; 0 means
	// DefaultBulkConcurrency.
	Concurrency int

	// OnProgress, if set, is called after each item ends, by one goroutine
	// at a time, in the order the items end.
	OnProgress func(BulkProgress)

	// CallOptions apply to every update, as in UpdateAsset.
	CallOptions []CallOption
}

// UpdateAssets applies many updates, at most opts.Concurrency at a time,
// under the client's rate-limit pacing, and returns one result per item, in
// the order of items. A failed item does not stop the others.
//
// When ctx ends, UpdateAssets sends nothing more. Requests already sent
// complete, bounded by the attempt timeout, so that their results are known.
// Waits for pacing or for a retry end at once, and the items never sent get
// an error that wraps ErrNotSent. A bad option value fails every item.
func (c *Client) UpdateAssets(ctx context.Context, items []BulkItem, opts BulkOptions) []BulkResult {
	results := make([]BulkResult, len(items))
	progress := newProgressReporter(len(items), opts.OnProgress)

	cfg, err := c.callConfig(opts.CallOptions)
	if err != nil {
		for i, item := range items {
			results[i] = BulkResult{Index: i, AssetID: item.AssetID, Err: err}
			progress.report(results[i])
		}
		return results
	}

	workers := opts.Concurrency
	if workers <= 0 {
		workers = DefaultBulkConcurrency
	}

	indexes := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(items)) {
		wg.Go(func() {
			for i := range indexes {
				results[i] = c.updateItem(ctx, i, items[i], cfg)
				progress.report(results[i])
			}
		})
	}

	dispatched := dispatch(ctx, len(items), indexes)
	wg.Wait()

	for i := dispatched; i < len(items); i++ {
		results[i] = notSent(i, items[i].AssetID, ctx.Err())
		progress.report(results[i])
	}
	return results
}

// dispatch sends the indexes 0 to n-1 until ctx ends, and returns how many it sent.
func dispatch(ctx context.Context, n int, indexes chan<- int) int {
	defer close(indexes)

	for i := range n {
		if ctx.Err() != nil {
			return i
		}
		select {
		case indexes <- i:
		case <-ctx.Done():
			return i
		}
	}
	return n
}

// updateItem applies one item. Its requests run under a context that the
// caller's cancellation does not reach, so that a sent request completes.
func (c *Client) updateItem(ctx context.Context, index int, item BulkItem, cfg callConfig) BulkResult {
	result := BulkResult{Index: index, AssetID: item.AssetID}

	if err := validateCall(item.AssetID, item.Update); err != nil {
		result.Err = err
		return result
	}
	if err := ctx.Err(); err != nil {
		return notSent(index, item.AssetID, err)
	}

	result.Asset, result.Err = c.update(ctx, context.WithoutCancel(ctx), item.AssetID, item.Update, cfg)

	// A *RequestError without attempts comes from a wait before the first
	// request that did not end in sending it.
	if requestErr, ok := errors.AsType[*RequestError](result.Err); ok && requestErr.Attempts == 0 {
		return notSent(index, item.AssetID, requestErr.Err)
	}
	result.Sent = true
	return result
}

func notSent(index int, assetID string, cause error) BulkResult {
	return BulkResult{
		Index:   index,
		AssetID: assetID,
		Err:     fmt.Errorf("webflow: update asset %s: %w: %w", assetID, ErrNotSent, cause),
	}
}

// progressReporter counts outcomes and calls the callback one at a time.
type progressReporter struct {
	mu       sync.Mutex
	state    BulkProgress
	callback func(BulkProgress)
}

func newProgressReporter(total int, callback func(BulkProgress)) *progressReporter {
	return &progressReporter{state: BulkProgress{Total: total}, callback: callback}
}

func (p *progressReporter) report(result BulkResult) {
	p.mu.Lock()
	defer p.mu.Unlock()

	p.state.Done++
	switch {
	case result.Applied():
		p.state.Applied++
	case errors.Is(result.Err, ErrNotSent):
		p.state.NotSent++
	default:
		p.state.Failed++
	}
	p.state.Result = result

	if p.callback != nil {
		p.callback(p.state)
	}
}
