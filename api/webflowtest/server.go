package webflowtest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/webflowkit/assets/generated"
)

// basePath is the path of Webflow's Data API v2 under its host, the path of
// the document's server URL https://api.webflow.com/v2.
const basePath = "/v2"

// Server is a fake Webflow Data API v2 that serves Update Asset on a
// loopback address. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the API, such as http://127.0.0.1:41231/v2,
	// without a trailing slash. Update Asset is at URL + "/assets/{asset_id}".
	URL string

	// Token is a bearer token that the server accepts: DefaultToken.
	Token string

	http     *httptest.Server
	contract *contract
	tokens   tokens
	limiter  *limiter
	store    *store
	hook     func(Request)

	faults     faultQueue
	requests   requestLog
	violations violationLog

	// closing is closed when Close starts, to end DelayHeaders waits.
	closing   chan struct{}
	closeOnce sync.Once

	// handlers counts running handlers, including those that hijacked their
	// connection, which httptest.Server.Close does not wait for.
	handlers sync.WaitGroup
}

// NewServer starts a Server on 127.0.0.1 and registers tb.Cleanup to close
// it. At cleanup it reports with tb.Errorf every response of its own that
// violated the OpenAPI document (see Violations). It also reports the queued
// faults that no request used, because a test that queues more faults than
// the code sends requests is usually wrong. An invalid option fails the test
// with tb.Fatalf.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()

	s, err := Start(opts...)
	if err != nil {
		tb.Fatalf("webflowtest: %v", err)
	}

	tb.Cleanup(func() {
		s.Close()
		for _, violation := range s.Violations() {
			tb.Errorf("webflowtest: %v", violation)
		}
		// A skipped or failed test may stop before its requests, so
		// unused faults add nothing to what it reports.
		if unused := s.faults.names(); len(unused) > 0 && !tb.Skipped() && !tb.Failed() {
			tb.Errorf("webflowtest: queued faults that no request used: %s; the code under test sent fewer requests than the test queued faults for",
				strings.Join(unused, ", "))
		}
	})
	return s
}

// Start starts a Server on 127.0.0.1 outside a test. The caller must call
// Close. Start fails when an option is invalid or the port cannot be opened.
func Start(opts ...Option) (*Server, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	contract, err := loadContract()
	if err != nil {
		return nil, fmt.Errorf("load the OpenAPI document: %w", err)
	}

	s := &Server{
		Token:    DefaultToken,
		contract: contract,
		tokens:   cfg.tokens,
		limiter:  newLimiter(cfg.limit, cfg.window),
		store:    newStore(cfg.assets),
		hook:     cfg.hook,
		closing:  make(chan struct{}),
	}

	s.http, err = startHTTP(http.HandlerFunc(s.serveHTTP), cfg.address)
	if err != nil {
		return nil, err
	}
	s.URL = s.http.URL + basePath
	return s, nil
}

// startHTTP starts an httptest.Server on address, or on a free port of
// 127.0.0.1 when address is "". httptest.NewUnstartedServer panics when it
// cannot listen, so that panic becomes an error.
func startHTTP(handler http.Handler, address string) (srv *httptest.Server, err error) {
	if address != "" {
		listener, err := net.Listen("tcp", address)
		if err != nil {
			return nil, fmt.Errorf("start the fake Webflow server on %s: %w", address, err)
		}
		srv = &httptest.Server{Listener: listener, Config: &http.Server{Handler: handler}}
		srv.Start()
		return srv, nil
	}

	defer func() {
		if recovered := recover(); recovered != nil {
			srv, err = nil, fmt.Errorf("start the fake Webflow server: %v", recovered)
		}
	}()
	srv = httptest.NewServer(handler)
	return srv, nil
}

// Close shuts the server down and blocks until the requests in flight have
// finished, scripted faults and request hooks included. A DelayHeaders fault
// stops waiting and responds at once. Close may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.http.Close()
		s.handlers.Wait()
	})
}

// Client returns an HTTP client for the server. Close closes its idle
// connections.
func (s *Server) Client() *http.Client {
	return s.http.Client()
}

// Asset returns a copy of the asset with id, with its display name in the
// primary locale.
func (s *Server) Asset(id string) (generated.Asset, bool) {
	return s.store.get(id, "")
}

// LocalizedAsset returns a copy of the asset with id as Update Asset returns
// it for localeID: with the display name of that locale, or the primary
// display name when none was set for it.
func (s *Server) LocalizedAsset(id, localeID string) (generated.Asset, bool) {
	return s.store.get(id, localeID)
}

// PutAsset stores a copy of asset under asset.ID, replacing an asset with
// that ID and its localized display names. UpdateCount keeps counting.
// PutAsset panics when asset.ID is empty.
func (s *Server) PutAsset(asset generated.Asset) {
	if asset.ID == "" {
		panic("webflowtest: PutAsset of an asset with an empty ID; set ID to Webflow's 24 hexadecimal characters")
	}
	s.store.put(asset)
}

// Requests returns a copy of every request received so far, in the order
// the server received them, scripted faults and rejected requests included.
func (s *Server) Requests() []Request {
	return s.requests.snapshot()
}

// RequestCount returns how many requests the server has received.
func (s *Server) RequestCount() int {
	return s.requests.len()
}

// UpdateCount returns how many updates the server applied to the asset with
// assetID. A rejected request applies none, and neither does a request that a
// fault without ApplyFirst responded to.
func (s *Server) UpdateCount(assetID string) int {
	return s.store.updateCount(assetID)
}

// Violations returns the self-check findings so far: one error per response
// that did not match the OpenAPI document. Responses of scripted faults are
// not checked, except DelayHeaders, which sends the normal response.
func (s *Server) Violations() []error {
	return s.violations.snapshot()
}
