package api_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/webflowkit/assets/api"
	"github.com/webflowkit/assets/generated"
)

// contractErrorCodes are the values of `code` in Webflow's error envelope, as
// Webflow's reference for Update Asset lists them.
var contractErrorCodes = []string{
	"bad_request",
	"collection_not_found",
	"conflict",
	"duplicate_collection",
	"duplicate_user_email",
	"ecommerce_not_enabled",
	"forbidden",
	"forms_require_republish",
	"incompatible_webhook_filter",
	"internal_error",
	"invalid_auth_version",
	"invalid_credentials",
	"invalid_domain",
	"invalid_user_email",
	"item_not_found",
	"missing_scopes",
	"no_domains",
	"not_authorized",
	"not_enterprise_plan_site",
	"not_enterprise_plan_workspace",
	"order_not_found",
	"resource_not_found",
	"too_many_requests",
	"unsupported_version",
	"unsupported_webhook_trigger_type",
	"user_limit_reached",
	"user_not_found",
	"users_not_enabled",
	"validation_error",
}

func loadDocument(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := api.Load()
	if err != nil {
		t.Fatalf("Load() error: %v", err)
	}
	return doc
}

func TestErrorCodeEnumMatchesContract(t *testing.T) {
	if len(contractErrorCodes) != 29 {
		t.Fatalf("contractErrorCodes has %d codes, want the 29 of the contract", len(contractErrorCodes))
	}
	doc := loadDocument(t)

	var got []string
	for _, value := range doc.Components.Schemas["ErrorCode"].Value.Enum {
		got = append(got, fmt.Sprint(value))
	}
	slices.Sort(got)

	if !slices.Equal(got, contractErrorCodes) {
		t.Errorf("ErrorCode enum =\n%q\nwant\n%q", got, contractErrorCodes)
	}
	for _, code := range contractErrorCodes {
		if !generated.ErrorCode(code).Valid() {
			t.Errorf("generated.ErrorCode(%q).Valid() = false, want true; run go generate ./...", code)
		}
	}
}

func TestFixturesMatchSchemas(t *testing.T) {
	doc := loadDocument(t)
	fixtures, err := filepath.Glob("webflowtest/testdata/*.json")
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures in webflowtest/testdata (err %v)", err)
	}

	for _, path := range fixtures {
		schemaName := "Asset"
		if strings.HasPrefix(filepath.Base(path), "error-") {
			schemaName = "Error"
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}

			if err := validateAgainst(doc, schemaName, data); err != nil {
				t.Errorf("%s does not match schema %s: %v", path, schemaName, err)
			}
		})
	}
}

// TestFixtureCheckRejectsBadValues shows that the schema check behind
// TestFixturesMatchSchemas can fail.
func TestFixtureCheckRejectsBadValues(t *testing.T) {
	doc := loadDocument(t)
	tests := []struct {
		name   string
		schema string
		body   string
	}{
		{"asset without id", "Asset", `{"contentType":"image/png","size":1,"siteId":"s","hostedUrl":"u","originalFileName":"a","displayName":"a","lastUpdated":"2026-03-02T14:09:01Z","createdOn":"2026-03-02T14:09:01Z","variants":[],"altText":null}`},
		{"asset with a bad timestamp", "Asset", `{"id":"a","contentType":"image/png","size":1,"siteId":"s","hostedUrl":"u","originalFileName":"a","displayName":"a","lastUpdated":"yesterday","createdOn":"2026-03-02T14:09:01Z","variants":[],"altText":null}`},
		{"error with an unknown code", "Error", `{"code":"teapot","message":"m","externalReference":null,"details":[]}`},
		{"error with a numeric detail", "Error", `{"code":"bad_request","message":"m","externalReference":null,"details":[42]}`},
	}

	for _, tt := range tests {
		if err := validateAgainst(doc, tt.schema, []byte(tt.body)); err == nil {
			t.Errorf("%s: validation against %s passed, want an error", tt.name, tt.schema)
		}
	}
}

func validateAgainst(doc *openapi3.T, schemaName string, data []byte) error {
	var value any
	if err := json.Unmarshal(data, &value); err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	schema := doc.Components.Schemas[schemaName].Value
	return schema.VisitJSON(value, openapi3.MultiErrors(), openapi3.EnableFormatValidation(), openapi3.VisitAsResponse())
}

func TestDocumentDescribesUpdateAsset(t *testing.T) {
	doc := loadDocument(t)

	if got, want := doc.Servers[0].URL, "https://api.webflow.com/v2"; got != want {
		t.Errorf("servers[0].url = %q, want %q", got, want)
	}

	item := doc.Paths.Value("/assets/{asset_id}")
	if item == nil || item.Patch == nil {
		t.Fatal("PATCH /assets/{asset_id} is missing")
	}
	operation := item.Patch
	if operation.OperationID != "UpdateAsset" {
		t.Errorf("operationId = %q, want UpdateAsset", operation.OperationID)
	}
	if other := item.Operations(); len(other) != 1 {
		t.Errorf("/assets/{asset_id} has %d operations, want only PATCH", len(other))
	}

	parameter := operation.Parameters.GetByInAndName("path", "asset_id")
	if parameter == nil || !parameter.Required {
		t.Errorf("path parameter asset_id = %+v, want a required parameter", parameter)
	}

	body := operation.RequestBody.Value.Content.Get("application/json")
	if body == nil {
		t.Fatal("request body has no application/json content")
	}
	for _, field := range []string{"displayName", "localeId"} {
		if body.Schema.Value.Properties[field] == nil {
			t.Errorf("request body schema has no property %s", field)
		}
	}

	if !hasScope(operation, "assets:write") {
		t.Errorf("security of UpdateAsset = %+v, want a requirement with scope assets:write", operation.Security)
	}
}

func TestResponsesCarryContractHeaders(t *testing.T) {
	doc := loadDocument(t)
	responses := doc.Paths.Value("/assets/{asset_id}").Patch.Responses
	rateLimit := []string{"X-RateLimit-Limit", "X-RateLimit-Remaining"}

	tests := []struct {
		status      string
		wantSchema  string
		wantHeaders []string
	}{
		{"200", "Asset", rateLimit},
		{"400", "Error", rateLimit},
		{"401", "Error", rateLimit},
		{"404", "Error", rateLimit},
		{"429", "Error", append(slices.Clone(rateLimit), "Retry-After")},
		{"500", "Error", rateLimit},
	}

	for _, tt := range tests {
		ref := responses.Value(tt.status)
		if ref == nil {
			t.Errorf("response %s is missing", tt.status)
			continue
		}
		response := ref.Value

		media := response.Content.Get("application/json")
		if media == nil {
			t.Errorf("response %s has no application/json content", tt.status)
		} else if got := media.Schema.Ref; got != "#/components/schemas/"+tt.wantSchema {
			t.Errorf("response %s schema = %q, want #/components/schemas/%s", tt.status, got, tt.wantSchema)
		}

		for _, name := range tt.wantHeaders {
			header := response.Headers[name]
			if header == nil {
				t.Errorf("response %s has no header %s", tt.status, name)
				continue
			}
			if !header.Value.Required || !header.Value.Schema.Value.Type.Is("integer") {
				t.Errorf("response %s header %s = %+v, want a required integer", tt.status, name, header.Value)
			}
		}
	}
}

func hasScope(operation *openapi3.Operation, scope string) bool {
	for _, requirement := range *operation.Security {
		for _, scopes := range requirement {
			if slices.Contains(scopes, scope) {
				return true
			}
		}
	}
	return false
}
