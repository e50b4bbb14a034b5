package webflowtest

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Enqueue queues faults in order. Each fault responds to exactly one later
// request to Update Asset, in the order the server receives them.
// Enqueue panics on a zero Fault, which no constructor returns.
func (s *Server) Enqueue(faults ...Fault) {
	for _, f := range faults {
		if f.name == "" {
			panic("webflowtest: Enqueue of a zero Fault; build faults with Status, RateLimited, Respond or another constructor")
		}
	}
	s.faults.push(faults)
}

// PendingFaults returns how many queued faults have not been used yet.
// A Server from NewServer fails the test at cleanup when it is not 0.
func (s *Server) PendingFaults() int {
	return s.faults.len()
}

// runFault responds to a request with a fault.
func (s *Server) runFault(x *exchange, f Fault) {
	var in faultInput
	if f.applyFirst {
		if handled := s.handle(x.r, x.assetID, x.body); handled.status == http.StatusOK {
			in.asset = handled.body
		}
	}
	if in.asset == nil {
		in.asset = s.storedAssetJSON(x.assetID)
	}
	in.quota = s.peekQuota(x.r)

	s.requests.setStatus(x.index, f.status)
	f.write(x.w, in)
}

// storedAssetJSON returns the asset with id as JSON, or the 404 envelope
// when no asset has that id.
func (s *Server) storedAssetJSON(assetID string) []byte {
	asset, ok := s.store.get(assetID, "")
	if !ok {
		return errAssetNotFound().body()
	}
	return assetResponse(asset, quota{}).body
}

// wait returns after d, when ctx ends or when Close starts.
func (s *Server) wait(ctx context.Context, d time.Duration) {
	timer := time.NewTimer(d)
	defer timer.Stop()

	select {
	case <-timer.C:
	case <-ctx.Done():
	case <-s.closing:
	}
}

// faultQueue contains the faults that will respond to the next requests.
type faultQueue struct {
	mu      sync.Mutex
	pending []Fault
}

func (q *faultQueue) push(faults []Fault) {
	q.mu.Lock()
	defer q.mu.Unlock()

	q.pending = append(q.pending, faults...)
}

func (q *faultQueue) next() (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()

	if len(q.pending) == 0 {
		return Fault{}, false
	}
	f := q.pending[0]
	q.pending = q.pending[1:]
	return f, true
}

// names returns the names of the faults still queued, such as "Status(503)".
func (q *faultQueue) names() []string {
	q.mu.Lock()
	defer q.mu.Unlock()

	names := make([]string, len(q.pending))
	for i, f := range q.pending {
		names[i] = f.String()
	}
	return names
}

func (q *faultQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()

	return len(q.pending)
}
