package webflowtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/webflowkit/assets/api"
)

// operationPath is the path of Update Asset in the OpenAPI document,
// relative to the server URL.
const operationPath = "/assets/{asset_id}"

// contract holds the routes that requests and responses are validated
// against. It is read-only once loaded, so all servers share it.
type contract struct {
	// operation is PATCH /assets/{asset_id}.
	operation *routers.Route

	// offRoute checks responses to requests outside the operation (404 for
	// another path, 405 for another method). Its only response is the
	// document's NotFound response as the default: the error envelope with
	// the rate-limit headers.
	offRoute *routers.Route
}

var loadContract = sync.OnceValues(func() (*contract, error) {
	doc, err := api.Load()
	if err != nil {
		return nil, err
	}

	item := doc.Paths.Value(operationPath)
	if item == nil || item.Patch == nil {
		return nil, fmt.Errorf("the OpenAPI document has no operation PATCH %s", operationPath)
	}
	notFound := doc.Components.Responses["NotFound"]
	if notFound == nil {
		return nil, errors.New("the OpenAPI document has no response NotFound under components/responses")
	}

	offRouteOperation := openapi3.NewOperation()
	offRouteOperation.Responses = openapi3.NewResponses(openapi3.WithName("default", notFound.Value))

	return &contract{
		operation: &routers.Route{
			Spec:      doc,
			Server:    doc.Servers[0],
			Path:      operationPath,
			PathItem:  item,
			Method:    http.MethodPatch,
			Operation: item.Patch,
		},
		offRoute: &routers.Route{
			Spec:      doc,
			Path:      "*",
			PathItem:  &openapi3.PathItem{},
			Method:    "*",
			Operation: offRouteOperation,
		},
	}, nil
})

// validateRequest validates an Update Asset request with openapi3filter: the
// path parameter, the Content-Type and the body. It returns nil when the
// request is valid, or the 400 validation_error that lists each problem.
func (c *contract) validateRequest(r *http.Request, assetID string, body []byte) *apiError {
	input := &openapi3filter.RequestValidationInput{
		Request:    requestWithBody(r, body),
		PathParams: map[string]string{"asset_id": assetID},
		Route:      c.operation,
		Options: &openapi3filter.Options{
			MultiError: true,
			// The handler has already checked the bearer token and its scope.
			AuthenticationFunc: func(context.Context, *openapi3filter.AuthenticationInput) error { return nil },
		},
	}

	// The handler keeps going after the client has gone away, which
	// DelayHeaders relies on, so validation ignores the cancellation.
	err := openapi3filter.ValidateRequest(context.WithoutCancel(r.Context()), input)
	if err == nil {
		return nil
	}

	var problems []problem
	collectProblems(err, &problems)
	details := make([]any, len(problems))
	for i, p := range problems {
		details[i] = p.detail()
	}
	return errValidation(details, problems[0].String())
}

// problem is one reason why a request is invalid. Its param is empty when the
// problem concerns the request as a whole.
type problem struct {
	param       string
	description string
}

// detail returns the problem as an entry of the envelope's details: an
// object {"param", "description"} for a parameter or body field, and a
// sentence otherwise.
func (p problem) detail() any {
	if p.param == "" {
		return p.description
	}
	return map[string]string{"param": p.param, "description": p.description}
}

func (p problem) String() string {
	if p.param == "" {
		return p.description
	}
	return p.param + ": " + p.description
}

// collectProblems flattens the errors of openapi3filter.ValidateRequest into
// problems, one per schema error.
func collectProblems(err error, problems *[]problem) {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, inner := range e {
			collectProblems(inner, problems)
		}
	case *openapi3filter.RequestError:
		collectRequestError(e, problems)
	default:
		*problems = append(*problems, problem{description: err.Error()})
	}
}

func collectRequestError(err *openapi3filter.RequestError, problems *[]problem) {
	var schemaErrs []*openapi3.SchemaError
	collectSchemaErrors(err.Err, &schemaErrs)

	switch {
	case err.Parameter != nil && len(schemaErrs) == 0:
		*problems = append(*problems, problem{param: err.Parameter.Name, description: requestErrorReason(err)})
	case err.Parameter != nil:
		for _, schemaErr := range schemaErrs {
			*problems = append(*problems, problem{param: err.Parameter.Name, description: schemaErr.Reason})
		}
	case len(schemaErrs) == 0:
		*problems = append(*problems, problem{description: "request body: " + requestErrorReason(err)})
	default:
		for _, schemaErr := range schemaErrs {
			*problems = append(*problems, bodyProblem(schemaErr))
		}
	}
}

// bodyProblem names a body field by its path, such as displayName, and the
// body itself as "request body".
func bodyProblem(err *openapi3.SchemaError) problem {
	field := strings.Join(err.JSONPointer(), ".")
	if field == "" {
		return problem{description: "request body: " + err.Reason}
	}
	return problem{param: field, description: err.Reason}
}

func collectSchemaErrors(err error, found *[]*openapi3.SchemaError) {
	if multi, ok := err.(openapi3.MultiError); ok {
		for _, e := range multi {
			collectSchemaErrors(e, found)
		}
		return
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) {
		*found = append(*found, schemaErr)
	}
}

// requestErrorReason returns the reason of a RequestError without the
// parameter or body prefix that its Error method adds.
func requestErrorReason(err *openapi3filter.RequestError) string {
	switch {
	case err.Err == nil:
		return err.Reason
	case err.Reason == "" || err.Reason == err.Err.Error():
		return err.Err.Error()
	default:
		return err.Reason + ": " + err.Err.Error()
	}
}

// checkResponse validates a response that the server is about to send with
// openapi3filter.ValidateResponse, headers included. A status that the
// document does not list for the operation is a violation.
func (c *contract) checkResponse(r *http.Request, route *routers.Route, resp response) error {
	options := &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true}
	options.WithCustomSchemaErrorFunc(shortSchemaError)

	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, Route: route},
		Status:                 resp.status,
		Header:                 resp.header,
		Options:                options,
	}
	input.SetBodyBytes(resp.body)

	return openapi3filter.ValidateResponse(r.Context(), input)
}

// shortSchemaError leaves the schema and the value out of a schema error,
// which kin-openapi prints over many lines.
func shortSchemaError(err *openapi3.SchemaError) string {
	return fmt.Sprintf("value at /%s: %s", strings.Join(err.JSONPointer(), "/"), err.Reason)
}

// requestWithBody returns a shallow copy of r that reads body, because the
// handler has already read r.Body.
func requestWithBody(r *http.Request, body []byte) *http.Request {
	clone := r.Clone(r.Context())
	clone.Body = io.NopCloser(bytes.NewReader(body))
	clone.ContentLength = int64(len(body))
	return clone
}
