package webflowtest

import (
	"net/http"
	"slices"
	"sync"
	"time"
)

// Request is a request that the server received, as the request log and the
// request hook report it.
type Request struct {
	// Method is the HTTP method, such as PATCH.
	Method string

	// Path is the decoded URL path, such as /v2/assets/6650b2f1c4a9e3001f2d7a41.
	Path string

	// RawPath is the URL path as the client sent it, with its escapes.
	RawPath string

	// Header holds the request headers, Authorization included.
	Header http.Header

	// Body is the request body, up to 1 MiB.
	Body []byte

	// AssetID is the decoded asset_id of a request to Update Asset, whatever
	// its method, or "" for a request to another path.
	AssetID string

	// Status is the HTTP status of the response. The server records it
	// before it writes the response, so a client that has its response
	// finds it here. It is 0 before that, and for a CloseBeforeHeaders
	// fault, which sends no status.
	Status int

	// Received is when the server started to handle the request.
	Received time.Time

	// Fault reports whether a scripted fault produced the response.
	Fault bool

	// FaultName is the name of the scripted fault that produced the
	// response, such as "Status(503)", or "" when Fault is false.
	FaultName string
}

// clone returns a copy that shares no memory with r.
func (r Request) clone() Request {
	r.Header = r.Header.Clone()
	r.Body = slices.Clone(r.Body)
	return r
}

// requestLog records every request in the order the server received them.
type requestLog struct {
	mu      sync.Mutex
	entries []Request
}

// add records a request and returns its index in the log.
func (l *requestLog) add(r Request) int {
	l.mu.Lock()
	defer l.mu.Unlock()

	l.entries = append(l.entries, r)
	return len(l.entries) - 1
}

// setStatus records the status of the response to a request.
func (l *requestLog) setStatus(index, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()

	l.entries[index].Status = status
}

// markFault records that a scripted fault produces the response to a
// request.
func (l *requestLog) markFault(index int, fault Fault) {
	l.mu.Lock()
	defer l.mu.Unlock()

	l.entries[index].Fault = true
	l.entries[index].FaultName = fault.String()
}

// get returns a copy of a request's entry.
func (l *requestLog) get(index int) Request {
	l.mu.Lock()
	defer l.mu.Unlock()

	return l.entries[index].clone()
}

func (l *requestLog) snapshot() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()

	requests := make([]Request, len(l.entries))
	for i, entry := range l.entries {
		requests[i] = entry.clone()
	}
	return requests
}

func (l *requestLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()

	return len(l.entries)
}

// violationLog collects the responses that failed the self-check.
type violationLog struct {
	mu     sync.Mutex
	errors []error
}

func (l *violationLog) add(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()

	l.errors = append(l.errors, err)
}

func (l *violationLog) snapshot() []error {
	l.mu.Lock()
	defer l.mu.Unlock()

	return slices.Clone(l.errors)
}
