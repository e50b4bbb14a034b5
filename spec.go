package assets

import _ "embed"

// OpenAPI is the OpenAPI 3.0.3 document, in YAML, that describes the Update
// Asset endpoint, its schemas, its errors and its rate-limit headers. The
// client in generated/ is generated from it.
//
//go:embed openapi.yaml
var OpenAPI []byte
