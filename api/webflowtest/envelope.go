package webflowtest

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/webflowkit/assets/generated"
)

// Messages that Webflow's Data API v2 sends with its error codes.
const (
	messageNotAuthorized   = "Request not authorized"
	messageMissingScopes   = "OAuthForbidden: You are missing the following scopes - " + ScopeAssetsWrite
	messageAssetNotFound   = "Requested resource not found: The asset cannot be found"
	messageTooManyRequests = "Too Many Requests"
	messageInternal        = "We had a problem with our server. Try again later."
)

// jsonContentType is the Content-Type that Webflow sends with JSON bodies.
const jsonContentType = "application/json; charset=utf-8"

// apiError is an error response before it is written: its status and the
// fields of Webflow's error envelope.
type apiError struct {
	status  int
	code    generated.ErrorCode
	message string
	details []any
	header  http.Header
}

// envelope is the body of every error response. Unlike generated.Error it
// always writes externalReference, as null, and details, as a list.
type envelope struct {
	Code              generated.ErrorCode `json:"code"`
	Message           string              `json:"message"`
	ExternalReference *string             `json:"externalReference"`
	Details           []any               `json:"details"`
}

func (e *apiError) body() []byte {
	details := e.details
	if details == nil {
		details = []any{}
	}
	data, err := json.Marshal(envelope{Code: e.code, Message: e.message, Details: details})
	if err != nil {
		// Details hold only strings and maps of strings.
		panic(fmt.Sprintf("webflowtest: encode error envelope: %v", err))
	}
	return data
}

func errNotAuthorized() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: generated.ErrorCodeNotAuthorized, message: messageNotAuthorized}
}

func errMissingScopes() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: generated.ErrorCodeMissingScopes, message: messageMissingScopes}
}

func errAssetNotFound() *apiError {
	return &apiError{status: http.StatusNotFound, code: generated.ErrorCodeResourceNotFound, message: messageAssetNotFound}
}

func errTooManyRequests() *apiError {
	return &apiError{status: http.StatusTooManyRequests, code: generated.ErrorCodeTooManyRequests, message: messageTooManyRequests}
}

func errRouteNotFound(method, path string) *apiError {
	return &apiError{
		status: http.StatusNotFound,
		code:   generated.ErrorCodeResourceNotFound,
		message: fmt.Sprintf("Requested resource not found: no route for %s %s; Update Asset is PATCH %s%s",
			method, path, basePath, operationPath),
	}
}

func errMethodNotAllowed(method, path string) *apiError {
	return &apiError{
		status:  http.StatusMethodNotAllowed,
		code:    generated.ErrorCodeBadRequest,
		message: fmt.Sprintf("Method Not Allowed: %s %s; Update Asset accepts only PATCH", method, path),
		header:  http.Header{"Allow": {http.MethodPatch}},
	}
}

func errValidation(details []any, first string) *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		code:    generated.ErrorCodeValidationError,
		message: "Validation Error: " + first,
		details: details,
	}
}

func errBadRequest(message string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: generated.ErrorCodeBadRequest, message: message}
}

// errForStatus returns the envelope that fits an error status, for the
// Status fault. Webflow's ErrorCode enum has no code for 408, 405 or 422,
// so every 4xx status without its own code gets bad_request.
func errForStatus(status int) *apiError {
	e := &apiError{status: status, code: generated.ErrorCodeBadRequest, message: http.StatusText(status)}
	if e.message == "" {
		e.message = fmt.Sprintf("HTTP status %d", status)
	}
	switch {
	case status == http.StatusUnauthorized:
		e.code, e.message = generated.ErrorCodeNotAuthorized, messageNotAuthorized
	case status == http.StatusForbidden:
		e.code = generated.ErrorCodeForbidden
	case status == http.StatusNotFound:
		e.code, e.message = generated.ErrorCodeResourceNotFound, messageAssetNotFound
	case status == http.StatusConflict:
		e.code = generated.ErrorCodeConflict
	case status == http.StatusTooManyRequests:
		e.code, e.message = generated.ErrorCodeTooManyRequests, messageTooManyRequests
	case status >= 500:
		e.code, e.message = generated.ErrorCodeInternalError, messageInternal
	}
	return e
}
