package main

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/webflowkit/assets/wrapper"
)

func TestErrorCode(t *testing.T) {
	notFound := &wrapper.APIError{AssetID: "a1", StatusCode: 404, Code: "resource_not_found"}
	badGateway := &wrapper.APIError{AssetID: "a1", StatusCode: 502}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"no error", nil, ""},
		{"not sent", fmt.Errorf("%w: %w", wrapper.ErrNotSent, context.Canceled), codeNotSent},
		{"invalid response", &wrapper.InvalidResponseError{AssetID: "a1", StatusCode: 200, Err: errors.New("truncated")}, codeInvalidResponse},
		{"timeout", &wrapper.RequestError{AssetID: "a1", Attempts: 1, Err: context.DeadlineExceeded}, codeTimeout},
		{"interrupted", &wrapper.RequestError{AssetID: "a1", Attempts: 1, Err: context.Canceled}, codeInterrupted},
		{"request error after an error response", &wrapper.RequestError{AssetID: "a1", Attempts: 2, Err: errors.New("connection refused"), Last: badGateway}, codeRequestFailed},
		{"rate limited at the last attempt", &wrapper.RequestError{AssetID: "a1", Attempts: 3, Err: errors.New("gave up"), Last: &wrapper.APIError{StatusCode: 429, Code: "too_many_requests"}}, codeRateLimited},
		{"Webflow's code", notFound, "resource_not_found"},
		{"Webflow's code, wrapped", fmt.Errorf("row 2: %w", notFound), "resource_not_found"},
		{"status without a code", badGateway, "http_502"},
		{"status without a code, wrapped", fmt.Errorf("row 2: %w", badGateway), "http_502"},
		{"invalid input", fmt.Errorf("%w: empty asset ID", wrapper.ErrInvalidInput), codeInvalidInput},
		{"other", errors.New("dial tcp: connection refused"), codeRequestFailed},
	}

	for _, tc := range cases {
		if got := errorCode(tc.err); got != tc.want {
			t.Errorf("%s: errorCode(%v) = %q, want %q", tc.name, tc.err, got, tc.want)
		}
	}
}
