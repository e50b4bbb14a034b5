// Package assets is the root of a Go client for the Update Asset endpoint of
// Webflow's Data API v2 (PATCH /v2/assets/{asset_id}).
//
// Import [github.com/webflowkit/assets/wrapper] to call the API. This package
// only carries the OpenAPI document that the rest of the module is built from.
package assets

// The generator is pinned in tools/go.mod, so that programs importing this
// module do not inherit its dependencies.
//go:generate go tool -modfile=tools/go.mod oapi-codegen -config oapi-codegen.yaml openapi.yaml
