// Package api loads and checks the OpenAPI document of the Update Asset
// endpoint, the single source of the module's models, client and fake server.
//
// [Load] parses [github.com/webflowkit/assets.OpenAPI] with kin-openapi and validates it, examples
// included. [Lint] rejects what kin-openapi accepts but this module does not:
// OpenAPI 3.1 syntax in a 3.0 document, repeated enum values, and schemas,
// properties, responses or headers without a description. The tests of this
// package run both on the real document, and check it and the JSON fixtures
// in webflowtest/testdata against Webflow's published contract.
//
// Package [github.com/webflowkit/assets/api/webflowtest] is a fake Webflow
// server built on this package.
package api
