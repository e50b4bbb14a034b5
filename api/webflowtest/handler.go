package webflowtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/routers"

	"github.com/webflowkit/assets/generated"
)

// maxBodyBytes is the largest request body the server reads.
const maxBodyBytes = 1 << 20

// response is a response before it is checked and written.
type response struct {
	status int
	header http.Header
	body   []byte
}

// exchange is one request on its way through the handler.
type exchange struct {
	w       http.ResponseWriter
	r       *http.Request
	body    []byte
	assetID string

	// index is the position of the request in the request log.
	index int
}

// serveHTTP handles one request in these steps: record it and route it,
// let a scripted fault respond, then authenticate, count the request against
// the rate limit, validate it and apply the update.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.handlers.Add(1)
	defer s.handlers.Done()

	received := time.Now()
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	assetID, routeErr := matchRoute(r)
	x := &exchange{w: w, r: r, body: body, assetID: assetID}
	x.index = s.requests.add(Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawPath:  r.URL.EscapedPath(),
		Header:   r.Header.Clone(),
		Body:     body,
		AssetID:  assetID,
		Received: received,
	})

	s.dispatch(x, readErr, routeErr)

	if s.hook != nil {
		s.hook(s.requests.get(x.index))
	}
}

// dispatch responds to a recorded request.
func (s *Server) dispatch(x *exchange, readErr error, routeErr *apiError) {
	if routeErr != nil {
		s.reply(x, s.contract.offRoute, errorResponse(routeErr, s.peekQuota(x.r)))
		return
	}
	if readErr != nil {
		bad := errBadRequest(fmt.Sprintf("Bad Request: cannot read the request body: %v", readErr))
		s.reply(x, s.contract.operation, errorResponse(bad, s.peekQuota(x.r)))
		return
	}

	if fault, ok := s.faults.next(); ok {
		s.requests.markFault(x.index, fault)
		if fault.write != nil {
			s.runFault(x, fault)
			return
		}
		s.wait(x.r.Context(), fault.delay) // DelayHeaders, then the normal handling
	}
	s.reply(x, s.contract.operation, s.handle(x.r, x.assetID, x.body))
}

// matchRoute returns the asset id of a request to PATCH
// /v2/assets/{asset_id}, or the 404 or 405 error for any other request. The
// id may be empty, which request validation then rejects.
func matchRoute(r *http.Request) (string, *apiError) {
	const prefix = basePath + "/assets/"

	escaped := r.URL.EscapedPath()
	rest, found := strings.CutPrefix(escaped, prefix)
	if !found || strings.Contains(rest, "/") {
		return "", errRouteNotFound(r.Method, escaped)
	}

	assetID, err := url.PathUnescape(rest)
	if err != nil {
		return "", errRouteNotFound(r.Method, escaped)
	}
	if r.Method != http.MethodPatch {
		return assetID, errMethodNotAllowed(r.Method, escaped)
	}
	return assetID, nil
}

// handle runs Update Asset: it authenticates the request, counts it against
// the token's rate limit, validates it against the OpenAPI document and
// applies the update.
func (s *Server) handle(r *http.Request, assetID string, body []byte) response {
	now := time.Now()

	token, authErr := s.tokens.authenticate(r.Header.Get("Authorization"))
	if authErr != nil {
		return errorResponse(authErr, s.limiter.peek(token, now))
	}

	quota, ok := s.limiter.take(token, now)
	if !ok {
		return errorResponse(errTooManyRequests(), quota)
	}

	if invalid := s.contract.validateRequest(r, assetID, body); invalid != nil {
		return errorResponse(invalid, quota)
	}
	var update generated.UpdateAssetRequest
	if err := json.Unmarshal(body, &update); err != nil {
		// Validation has accepted the body as an object with string
		// fields, so this is a bug in the validation.
		return errorResponse(errBadRequest("Bad Request: "+err.Error()), quota)
	}

	asset, found := s.store.update(assetID, update, now)
	if !found {
		return errorResponse(errAssetNotFound(), quota)
	}
	return assetResponse(asset, quota)
}

// peekQuota returns the rate-limit state of the request's token without
// counting the request.
func (s *Server) peekQuota(r *http.Request) quota {
	token, _ := bearerToken(r.Header.Get("Authorization"))
	return s.limiter.peek(token, time.Now())
}

// reply checks a response against the OpenAPI document, records a
// violation, and writes the response. It logs the status first, so that a
// client that has its response finds it in the request log.
func (s *Server) reply(x *exchange, route *routers.Route, resp response) {
	checkRequest := x.r.WithContext(context.WithoutCancel(x.r.Context()))
	if err := s.contract.checkResponse(checkRequest, route, resp); err != nil {
		s.violations.add(fmt.Errorf("response %d to %s %s does not match the OpenAPI document: %w",
			resp.status, x.r.Method, x.r.URL.EscapedPath(), err))
	}

	s.requests.setStatus(x.index, resp.status)
	writeResponse(x.w, resp)
}

// writeResponse writes resp and flushes it, so that the client has the whole
// response before the request hook runs.
func writeResponse(w http.ResponseWriter, resp response) {
	header := w.Header()
	maps.Copy(header, resp.header)
	if _, ok := resp.header["Content-Type"]; !ok {
		// Without this, net/http would guess a Content-Type from the body.
		header["Content-Type"] = nil
	}
	_, hasLength := resp.header["Content-Length"]
	if !hasLength && resp.status != http.StatusNoContent && resp.status != http.StatusNotModified {
		// Without this, the flush below would switch to chunked encoding.
		header.Set("Content-Length", strconv.Itoa(len(resp.body)))
	}

	w.WriteHeader(resp.status)
	// Errors mean that the client has gone away. The request log still
	// shows the status that the server sent.
	_, _ = w.Write(resp.body)
	_ = http.NewResponseController(w).Flush()
}

func errorResponse(e *apiError, q quota) response {
	header := http.Header{"Content-Type": {jsonContentType}}
	maps.Copy(header, e.header)
	q.setHeaders(header)
	return response{status: e.status, header: header, body: e.body()}
}

func assetResponse(asset generated.Asset, q quota) response {
	body, err := marshalAsset(asset)
	if err != nil {
		// generated.Asset holds only strings, numbers and times.
		panic(fmt.Sprintf("webflowtest: %v", err))
	}

	header := http.Header{"Content-Type": {jsonContentType}}
	q.setHeaders(header)
	return response{status: http.StatusOK, header: header, body: body}
}
