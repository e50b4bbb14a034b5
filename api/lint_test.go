package api_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/webflowkit/assets"
	"github.com/webflowkit/assets/api"
)

func TestLintRealDocumentClean(t *testing.T) {
	for _, err := range api.Lint(assets.OpenAPI) {
		t.Errorf("openapi.yaml: %v", err)
	}
}

// header starts every planted document except the ones about the version.
const header = `openapi: 3.0.3
info:
  title: Planted
  version: "1"
`

// operation is a path with one operation whose schemas and responses the
// cases fill in.
const operation = `paths:
  /assets/{asset_id}:
    patch:
      parameters:
        - name: asset_id
          in: path
          required: true
          schema:
            type: string
`

func TestLintPlantedViolations(t *testing.T) {
	tests := []struct {
		name        string
		doc         string
		wantRule    string
		wantPointer string
	}{
		{
			name:        "version 3.1",
			doc:         "openapi: 3.1.0\ninfo: {title: Planted, version: '1'}\npaths: {}\n",
			wantRule:    api.RuleVersion,
			wantPointer: "/openapi",
		},
		{
			name:        "version without patch",
			doc:         "openapi: '3.0'\ninfo: {title: Planted, version: '1'}\npaths: {}\n",
			wantRule:    api.RuleVersion,
			wantPointer: "/openapi",
		},
		{
			name: "type list",
			doc: header + `paths: {}
components:
  schemas:
    Name:
      description: A name.
      type: [string, "null"]
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Name/type",
		},
		{
			name: "type null",
			doc: header + `paths: {}
components:
  schemas:
    Nothing:
      description: Always null.
      type: "null"
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Nothing/type",
		},
		{
			name: "const",
			doc: header + `paths: {}
components:
  schemas:
    Kind:
      description: The kind.
      type: string
      const: asset
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Kind/const",
		},
		{
			name: "examples in a property schema",
			doc: header + `paths: {}
components:
  schemas:
    Asset:
      description: An asset.
      type: object
      properties:
        id:
          description: The id.
          type: string
          examples: [6650b2f1c4a9e3001f2d7a41]
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Asset/properties/id/examples",
		},
		{
			name: "$schema",
			doc: header + `paths: {}
components:
  schemas:
    Name:
      description: A name.
      $schema: https://json-schema.org/draft/2020-12/schema
      type: string
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Name/$schema",
		},
		{
			name: "$defs",
			doc: header + `paths: {}
components:
  schemas:
    Name:
      description: A name.
      type: string
      $defs:
        Inner:
          type: string
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Name/$defs",
		},
		{
			name: "prefixItems",
			doc: header + `paths: {}
components:
  schemas:
    Pair:
      description: A pair.
      type: array
      prefixItems:
        - type: string
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Pair/prefixItems",
		},
		{
			name: "unevaluatedProperties",
			doc: header + `paths: {}
components:
  schemas:
    Closed:
      description: A closed object.
      type: object
      unevaluatedProperties: false
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Closed/unevaluatedProperties",
		},
		{
			name: "dependentRequired",
			doc: header + `paths: {}
components:
  schemas:
    Request:
      description: A request.
      type: object
      dependentRequired:
        localeId: [displayName]
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Request/dependentRequired",
		},
		{
			name: "numeric exclusiveMinimum",
			doc: header + `paths: {}
components:
  schemas:
    Width:
      description: A width.
      type: integer
      exclusiveMinimum: 0
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Width/exclusiveMinimum",
		},
		{
			name: "numeric exclusiveMaximum",
			doc: header + `paths: {}
components:
  schemas:
    Quality:
      description: A quality.
      type: integer
      exclusiveMaximum: 101
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/components/schemas/Quality/exclusiveMaximum",
		},
		{
			name: "webhooks",
			doc: header + `paths: {}
webhooks:
  assetChanged:
    post:
      responses:
        "200":
          description: Received.
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/webhooks",
		},
		{
			name:        "jsonSchemaDialect",
			doc:         header + "paths: {}\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\n",
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/jsonSchemaDialect",
		},
		{
			name: "const in a request body schema",
			doc: header + operation + `      requestBody:
        content:
          application/json:
            schema:
              type: object
              const: {}
      responses:
        "200":
          description: Updated.
`,
			wantRule:    api.RuleOpenAPI31,
			wantPointer: "/paths/~1assets~1{asset_id}/patch/requestBody/content/application~1json/schema/const",
		},
		{
			name: "duplicate enum value",
			doc: header + `paths: {}
components:
  schemas:
    Code:
      description: A code.
      type: string
      enum: [bad_request, conflict, bad_request]
`,
			wantRule:    api.RuleDuplicateEnum,
			wantPointer: "/components/schemas/Code/enum/2",
		},
		{
			name: "duplicate numeric enum value",
			doc: header + `paths: {}
components:
  schemas:
    Quality:
      description: A quality.
      type: number
      enum: [1, 1.0]
`,
			wantRule:    api.RuleDuplicateEnum,
			wantPointer: "/components/schemas/Quality/enum/1",
		},
		{
			name: "component schema without description",
			doc: header + `paths: {}
components:
  schemas:
    Name:
      type: string
`,
			wantRule:    api.RuleDescription,
			wantPointer: "/components/schemas/Name",
		},
		{
			name: "property with a blank description",
			doc: header + `paths: {}
components:
  schemas:
    Asset:
      description: An asset.
      type: object
      properties:
        size:
          description: "  "
          type: integer
`,
			wantRule:    api.RuleDescription,
			wantPointer: "/components/schemas/Asset/properties/size",
		},
		{
			name: "nested property without description",
			doc: header + `paths: {}
components:
  schemas:
    Asset:
      description: An asset.
      type: object
      properties:
        variants:
          description: The variants.
          type: array
          items:
            type: object
            properties:
              width:
                type: integer
`,
			wantRule:    api.RuleDescription,
			wantPointer: "/components/schemas/Asset/properties/variants/items/properties/width",
		},
		{
			name: "component response without description",
			doc: header + `paths: {}
components:
  responses:
    NotFound:
      content:
        application/json:
          schema:
            type: object
`,
			wantRule:    api.RuleDescription,
			wantPointer: "/components/responses/NotFound",
		},
		{
			name: "operation response without description",
			doc: header + operation + `      responses:
        "200":
          content:
            application/json:
              schema:
                type: object
`,
			wantRule:    api.RuleDescription,
			wantPointer: "/paths/~1assets~1{asset_id}/patch/responses/200",
		},
		{
			name: "component header without description",
			doc: header + `paths: {}
components:
  headers:
    X-RateLimit-Limit:
      schema:
        type: integer
`,
			wantRule:    api.RuleDescription,
			wantPointer: "/components/headers/X-RateLimit-Limit",
		},
		{
			name: "response header without description",
			doc: header + operation + `      responses:
        "429":
          description: Too many requests.
          headers:
            Retry-After:
              schema:
                type: integer
`,
			wantRule:    api.RuleDescription,
			wantPointer: "/paths/~1assets~1{asset_id}/patch/responses/429/headers/Retry-After",
		},
		{
			name:     "document that does not decode",
			doc:      "openapi: [3.0.3\n",
			wantRule: api.RuleParse,
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			findings := api.Lint([]byte(tt.doc))

			if len(findings) != 1 {
				t.Fatalf("Lint(%s) returned %d findings, want 1:\n%s", tt.name, len(findings), joinErrors(findings))
			}
			var got *api.LintError
			if !errors.As(findings[0], &got) {
				t.Fatalf("Lint(%s) finding is %T, want *api.LintError", tt.name, findings[0])
			}
			if got.Rule != tt.wantRule {
				t.Errorf("Lint(%s) rule = %q, want %q (finding: %v)", tt.name, got.Rule, tt.wantRule, got)
			}
			if got.Pointer != tt.wantPointer {
				t.Errorf("Lint(%s) pointer = %q, want %q (finding: %v)", tt.name, got.Pointer, tt.wantPointer, got)
			}
			if !strings.Contains(got.Error(), tt.wantPointer) {
				t.Errorf("Lint(%s) error %q does not name the pointer %q", tt.name, got.Error(), tt.wantPointer)
			}
		})
	}
}

func TestLintEveryOpenAPI31Keyword(t *testing.T) {
	keywords := []string{
		"$anchor: a", "$comment: c", "$defs: {A: {type: string}}", "$dynamicAnchor: a", "$dynamicRef: '#a'",
		"$id: https://example.com/s", "$schema: https://json-schema.org/draft/2020-12/schema",
		"const: a", "contains: {type: string}", "contentEncoding: base64",
		"contentMediaType: image/png", "contentSchema: {type: string}",
		"dependentRequired: {a: [b]}", "dependentSchemas: {a: {type: string}}",
		"else: {type: string}", "examples: [a]", "if: {type: string}",
		"maxContains: 2", "minContains: 1", "patternProperties: {'^a': {type: string}}",
		"prefixItems: [{type: string}]", "propertyNames: {type: string}",
		"then: {type: string}", "unevaluatedItems: false", "unevaluatedProperties: false",
	}

	for _, keyword := range keywords {
		doc := header + "paths: {}\ncomponents:\n  schemas:\n    S:\n      description: A schema.\n      " + keyword + "\n"
		name, _, _ := strings.Cut(keyword, ":")

		findings := api.Lint([]byte(doc))

		want := "/components/schemas/S/" + name
		if len(findings) != 1 || !strings.HasPrefix(findings[0].Error(), want+":") {
			t.Errorf("Lint(schema with %s) = %s, want one finding at %s", name, joinErrors(findings), want)
		}
	}
}

func TestLintAcceptsWhatIsAllowed(t *testing.T) {
	doc := header + operation + `      responses:
        "200":
          $ref: "#/components/responses/Updated"
components:
  responses:
    Updated:
      description: Updated.
      headers:
        X-RateLimit-Limit:
          $ref: "#/components/headers/X-RateLimit-Limit"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Asset"
  headers:
    X-RateLimit-Limit:
      description: Requests allowed per minute.
      schema:
        type: integer
  schemas:
    Alias:
      $ref: "#/components/schemas/Asset"
    Asset:
      description: An asset.
      type: object
      properties:
        altText:
          description: Alternative text, or null.
          type: string
          nullable: true
        quality:
          description: Quality from 0 to 100, exclusive of 0.
          type: integer
          minimum: 0
          exclusiveMinimum: true
          enum: [1, 50, 100]
        variant:
          $ref: "#/components/schemas/Variant"
    Variant:
      description: A variant.
      type: object
      example: {const: 1}
      properties:
        const:
          description: A property that happens to be named like a 3.1 keyword.
          type: string
`

	for _, err := range api.Lint([]byte(doc)) {
		t.Errorf("Lint(allowed document): unexpected finding %v", err)
	}
}

func joinErrors(errs []error) string {
	if len(errs) == 0 {
		return "(none)"
	}
	lines := make([]string, len(errs))
	for i, err := range errs {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}
