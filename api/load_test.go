package api_test

import (
	"strings"
	"testing"

	"github.com/webflowkit/assets/api"
)

func TestLoadRealDocument(t *testing.T) {
	doc, err := api.Load()
	if err != nil {
		t.Fatalf("Load() error: %v", err)
	}

	if got, want := doc.OpenAPI, "3.0.3"; got != want {
		t.Errorf("Load() openapi = %q, want %q", got, want)
	}
}

func TestParseRejectsInvalidDocuments(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // a part of the error message
	}{
		{
			name: "YAML syntax error",
			doc:  "openapi: [3.0.3\n",
			want: "parse OpenAPI document",
		},
		{
			name: "missing info",
			doc:  "openapi: 3.0.3\npaths: {}\n",
			want: "info",
		},
		{
			name: "example that does not match its schema",
			doc: header + `paths: {}
components:
  schemas:
    Size:
      description: A size in bytes.
      type: integer
      example: large
`,
			want: "Size",
		},
		{
			name: "named example that does not match its schema",
			doc: header + `paths:
  /assets/{asset_id}:
    patch:
      parameters:
        - name: asset_id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: Updated.
          content:
            application/json:
              schema:
                type: object
                required: [id]
                properties:
                  id:
                    type: string
              examples:
                broken:
                  value:
                    name: no id
`,
			want: "broken",
		},
		{
			name: "reference to a missing component",
			doc: header + `paths: {}
components:
  schemas:
    Asset:
      $ref: "#/components/schemas/Missing"
`,
			want: "Missing",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := api.Parse([]byte(tt.doc))

			if err == nil {
				t.Fatalf("Parse(%s) error = nil, want one that contains %q", tt.name, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%s) error = %q, want it to contain %q", tt.name, err, tt.want)
			}
		})
	}
}
