package wrapper

import "github.com/webflowkit/assets/generated"

// The models below are aliases of the types generated from openapi.yaml, so
// that callers import only this package and a value of either name fits both.

// Asset is a file uploaded to a Webflow site, as Update Asset returns it.
// AltText is nil when Webflow sends null.
type Asset = generated.Asset

// AssetVariant is a resized or recompressed copy of an image asset. Height and
// Error are nil when Webflow sends null or leaves them out.
type AssetVariant = generated.AssetVariant

// UpdateAssetRequest is the body of Update Asset. A nil field is left out of
// the request and keeps its value on the server; a pointer to "" is sent as "".
// Go 1.26's new(expr) makes a field in one step:
//
//	wrapper.UpdateAssetRequest{DisplayName: new("harbour-at-dusk.png")}
type UpdateAssetRequest = generated.UpdateAssetRequest

// ErrorCode is the machine-readable code of a Webflow error response.
// Compare it with the constants below; a code Webflow adds later still
// arrives as its string.
type ErrorCode = generated.ErrorCode

// The error codes of Webflow's Data API v2, as the contract of Update Asset
// lists them.
const (
	ErrorCodeBadRequest                    = generated.ErrorCodeBadRequest
	ErrorCodeCollectionNotFound            = generated.ErrorCodeCollectionNotFound
	ErrorCodeConflict                      = generated.ErrorCodeConflict
	ErrorCodeDuplicateCollection           = generated.ErrorCodeDuplicateCollection
	ErrorCodeDuplicateUserEmail            = generated.ErrorCodeDuplicateUserEmail
	ErrorCodeEcommerceNotEnabled           = generated.ErrorCodeEcommerceNotEnabled
	ErrorCodeForbidden                     = generated.ErrorCodeForbidden
	ErrorCodeFormsRequireRepublish         = generated.ErrorCodeFormsRequireRepublish
	ErrorCodeIncompatibleWebhookFilter     = generated.ErrorCodeIncompatibleWebhookFilter
	ErrorCodeInternalError                 = generated.ErrorCodeInternalError
	ErrorCodeInvalidAuthVersion            = generated.ErrorCodeInvalidAuthVersion
	ErrorCodeInvalidCredentials            = generated.ErrorCodeInvalidCredentials
	ErrorCodeInvalidDomain                 = generated.ErrorCodeInvalidDomain
	ErrorCodeInvalidUserEmail              = generated.ErrorCodeInvalidUserEmail
	ErrorCodeItemNotFound                  = generated.ErrorCodeItemNotFound
	ErrorCodeMissingScopes                 = generated.ErrorCodeMissingScopes
	ErrorCodeNoDomains                     = generated.ErrorCodeNoDomains
	ErrorCodeNotAuthorized                 = generated.ErrorCodeNotAuthorized
	ErrorCodeNotEnterprisePlanSite         = generated.ErrorCodeNotEnterprisePlanSite
	ErrorCodeNotEnterprisePlanWorkspace    = generated.ErrorCodeNotEnterprisePlanWorkspace
	ErrorCodeOrderNotFound                 = generated.ErrorCodeOrderNotFound
	ErrorCodeResourceNotFound              = generated.ErrorCodeResourceNotFound
	ErrorCodeTooManyRequests               = generated.ErrorCodeTooManyRequests
	ErrorCodeUnsupportedVersion            = generated.ErrorCodeUnsupportedVersion
	ErrorCodeUnsupportedWebhookTriggerType = generated.ErrorCodeUnsupportedWebhookTriggerType
	ErrorCodeUserLimitReached              = generated.ErrorCodeUserLimitReached
	ErrorCodeUserNotFound                  = generated.ErrorCodeUserNotFound
	ErrorCodeUsersNotEnabled               = generated.ErrorCodeUsersNotEnabled
	ErrorCodeValidationError               = generated.ErrorCodeValidationError
)
