package api

import (
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Lint rule names, as found in [LintError.Rule].
const (
	// RuleVersion requires the openapi field to be 3.0.x, such as 3.0.3.
	RuleVersion = "openapi-version"

	// RuleOpenAPI31 rejects syntax that only OpenAPI 3.1 and later define,
	// which has no meaning in the 3.0 document that RuleVersion requires.
	RuleOpenAPI31 = "openapi-3.1-syntax"

	// RuleDuplicateEnum rejects an enum that lists a value twice.
	RuleDuplicateEnum = "duplicate-enum-value"

	// RuleDescription requires a description on every schema under
	// components/schemas, every property, every response and every header,
	// because the generated Go doc comments are made from them. A $ref needs
	// none.
	RuleDescription = "description-required"

	// RuleParse reports a document that kin-openapi cannot decode, so that no
	// other rule could run.
	RuleParse = "parse"
)

// LintError is one finding of [Lint].
type LintError struct {
	// Pointer is the JSON pointer (RFC 6901) to the offending value, such as
	// /components/schemas/Asset/properties/id. It is empty for RuleParse.
	Pointer string

	// Rule is the name of the broken rule, one of the Rule constants.
	Rule string

	// Message describes the problem and how to fix it.
	Message string
}

// Error returns the pointer, the message and the rule name.
func (e *LintError) Error() string {
	if e.Pointer == "" {
		return fmt.Sprintf("%s [%s]", e.Message, e.Rule)
	}
	return fmt.Sprintf("%s: %s [%s]", e.Pointer, e.Message, e.Rule)
}

// Lint checks an OpenAPI document in YAML or JSON for what kin-openapi lets
// through and returns one *LintError per finding, or nil when there is none:
//
//   - the openapi field must be 3.0.x;
//   - no OpenAPI 3.1 syntax: a type list, type "null", a numeric
//     exclusiveMinimum or exclusiveMaximum, any JSON Schema 2020-12 keyword
//     that 3.0 does not define (such as const, examples inside a schema,
//     $schema, $defs and prefixItems), and the top-level webhooks and
//     jsonSchemaDialect;
//   - no enum lists a value twice;
//   - every schema under components/schemas, every property, every response
//     and every header has a description, unless it is a $ref.
//
// Lint reads the document as kin-openapi decodes it, without validating it,
// so run [Parse] as well. A document that cannot be decoded gives a single
// RuleParse finding.
func Lint(doc []byte) []error {
	tree, err := decodeTree(doc)
	if err != nil {
		return []error{&LintError{Rule: RuleParse, Message: err.Error()}}
	}

	var l linter
	l.document(tree)
	return l.findings
}

// decodeTree decodes a document with kin-openapi and returns it as generic
// JSON values, with each $ref kept in place of its target.
//
// NOTE: kin-openapi drops values that decode to their zero value and turns a
// one-entry type list into a single type, so Lint does not see `const: null`,
// an empty map such as `$defs: {}` or `webhooks: {}`, or `type: [string]`.
// Parse still rejects the empty webhooks map.
func decodeTree(doc []byte) (map[string]any, error) {
	parsed, err := openapi3.NewLoader().LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("failed to decode the OpenAPI document: %w", err)
	}

	data, err := json.Marshal(parsed)
	if err != nil {
		return nil, fmt.Errorf("failed to encode the decoded OpenAPI document as JSON: %w", err)
	}

	var tree map[string]any
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil, fmt.Errorf("failed to decode the OpenAPI document from JSON: %w", err)
	}
	return tree, nil
}

// linter walks an OpenAPI 3.0 document, given as generic JSON values, along
// the places where schemas, responses and headers can appear.
type linter struct {
	findings []error
}

func (l *linter) report(pointer, rule, format string, args ...any) {
	l.findings = append(l.findings, &LintError{
		Pointer: pointer,
		Rule:    rule,
		Message: fmt.Sprintf(format, args...),
	})
}

var openAPI30 = regexp.MustCompile(`^3\.0\.\d+$`)

func (l *linter) document(root map[string]any) {
	version, _ := root["openapi"].(string)
	if !openAPI30.MatchString(version) {
		l.report("/openapi", RuleVersion,
			"openapi is %q; write a 3.0.x version such as 3.0.3", version)
	}

	for _, field := range []string{"webhooks", "jsonSchemaDialect"} {
		if _, ok := root[field]; ok {
			l.report(pointerTo("", field), RuleOpenAPI31,
				"%s is OpenAPI 3.1 syntax; remove it", field)
		}
	}

	for path, item := range sortedObject(root["paths"]) {
		l.pathItem(pointerTo("/paths", path), item)
	}
	l.components(root["components"])
}

func (l *linter) components(value any) {
	components, _ := value.(map[string]any)

	for name, schema := range sortedObject(components["schemas"]) {
		pointer := pointerTo("/components/schemas", name)
		l.requireDescription(pointer, schema, "schema")
		l.schema(pointer, schema)
	}
	for name, response := range sortedObject(components["responses"]) {
		l.response(pointerTo("/components/responses", name), response)
	}
	for name, header := range sortedObject(components["headers"]) {
		l.header(pointerTo("/components/headers", name), header)
	}
	for name, parameter := range sortedObject(components["parameters"]) {
		l.parameter(pointerTo("/components/parameters", name), parameter)
	}
	for name, body := range sortedObject(components["requestBodies"]) {
		l.content(pointerTo("/components/requestBodies", name), body)
	}
	for name, callback := range sortedObject(components["callbacks"]) {
		l.callback(pointerTo("/components/callbacks", name), callback)
	}
}

// operationMethods are the fields of an OpenAPI 3.0 path item that hold an
// operation.
var operationMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func (l *linter) pathItem(pointer string, value any) {
	item, ok := value.(map[string]any)
	if !ok || isRef(item) {
		return
	}

	l.parameters(pointer+"/parameters", item["parameters"])
	for _, method := range operationMethods {
		if operation, ok := item[method].(map[string]any); ok {
			l.operation(pointer+"/"+method, operation)
		}
	}
}

func (l *linter) operation(pointer string, operation map[string]any) {
	l.parameters(pointer+"/parameters", operation["parameters"])
	l.content(pointer+"/requestBody", operation["requestBody"])

	for status, response := range sortedObject(operation["responses"]) {
		l.response(pointerTo(pointer+"/responses", status), response)
	}
	for name, callback := range sortedObject(operation["callbacks"]) {
		l.callback(pointerTo(pointer+"/callbacks", name), callback)
	}
}

func (l *linter) callback(pointer string, value any) {
	callback, ok := value.(map[string]any)
	if !ok || isRef(callback) {
		return
	}
	for expression, item := range sortedObject(callback) {
		l.pathItem(pointerTo(pointer, expression), item)
	}
}

func (l *linter) parameters(pointer string, value any) {
	list, _ := value.([]any)
	for i, parameter := range list {
		l.parameter(pointer+"/"+strconv.Itoa(i), parameter)
	}
}

// parameter checks a parameter object, which, like a header, has either a
// schema or a content map.
func (l *linter) parameter(pointer string, value any) {
	parameter, ok := value.(map[string]any)
	if !ok || isRef(parameter) {
		return
	}
	if schema, ok := parameter["schema"]; ok {
		l.schema(pointer+"/schema", schema)
	}
	l.content(pointer, parameter)
}

func (l *linter) response(pointer string, value any) {
	l.requireDescription(pointer, value, "response")

	response, ok := value.(map[string]any)
	if !ok || isRef(response) {
		return
	}
	for name, header := range sortedObject(response["headers"]) {
		l.header(pointerTo(pointer+"/headers", name), header)
	}
	l.content(pointer, response)
}

func (l *linter) header(pointer string, value any) {
	l.requireDescription(pointer, value, "header")
	l.parameter(pointer, value)
}

// content checks the media types under the content field of a request body,
// response, parameter or header.
func (l *linter) content(pointer string, value any) {
	owner, ok := value.(map[string]any)
	if !ok || isRef(owner) {
		return
	}

	for mediaType, media := range sortedObject(owner["content"]) {
		mediaPointer := pointerTo(pointer+"/content", mediaType)
		fields, _ := media.(map[string]any)
		if schema, ok := fields["schema"]; ok {
			l.schema(mediaPointer+"/schema", schema)
		}
		for property, encoding := range sortedObject(fields["encoding"]) {
			encodingFields, _ := encoding.(map[string]any)
			for name, header := range sortedObject(encodingFields["headers"]) {
				l.header(pointerTo(pointerTo(mediaPointer+"/encoding", property)+"/headers", name), header)
			}
		}
	}
}

// requireDescription reports an object without a non-blank description,
// unless it is a $ref.
func (l *linter) requireDescription(pointer string, value any, kind string) {
	object, ok := value.(map[string]any)
	if !ok || isRef(object) {
		return
	}
	description, _ := object["description"].(string)
	if strings.TrimSpace(description) == "" {
		l.report(pointer, RuleDescription,
			"%s has no description; add one, because the generated Go doc comment is made from it", kind)
	}
}

// isRef reports whether an object is a Reference Object. In OpenAPI 3.0 the
// fields next to $ref are ignored, so nothing else in it is checked.
func isRef(object map[string]any) bool {
	_, ok := object["$ref"]
	return ok
}

// sortedObject iterates over the fields of a JSON object in key order, so
// that findings come out in the same order on every run. Anything other than
// an object yields nothing.
func sortedObject(value any) iter.Seq2[string, any] {
	object, _ := value.(map[string]any)
	return func(yield func(string, any) bool) {
		for _, key := range slices.Sorted(maps.Keys(object)) {
			if !yield(key, object[key]) {
				return
			}
		}
	}
}

// pointerTo appends one reference token to a JSON pointer, escaping "~" and
// "/" as RFC 6901 requires.
func pointerTo(pointer, token string) string {
	token = strings.ReplaceAll(token, "~", "~0")
	token = strings.ReplaceAll(token, "/", "~1")
	return pointer + "/" + token
}
