package api

import (
	"context"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/webflowkit/assets"
)

// Load parses the module's OpenAPI document, [assets.OpenAPI], and validates
// it with kin-openapi, examples included. The error names what is invalid,
// and lists several problems where kin-openapi can collect them. Lint is a
// separate step because it applies rules that kin-openapi does not have.
func Load() (*openapi3.T, error) {
	return Parse(assets.OpenAPI)
}

// Parse parses an OpenAPI 3 document in YAML or JSON and validates it like
// [Load]. References must point inside the document: Parse reads no files and
// no URLs.
func Parse(data []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false

	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("parse OpenAPI document: %w", err)
	}

	err = doc.Validate(context.Background(),
		openapi3.EnableExamplesValidation(),
		openapi3.EnableSchemaDefaultsValidation(),
		openapi3.EnableSchemaPatternValidation(),
		openapi3.EnableMultiError(),
	)
	if err != nil {
		return nil, fmt.Errorf("invalid OpenAPI document: %w", err)
	}
	return doc, nil
}
