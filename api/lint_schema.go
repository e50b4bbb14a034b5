package api

import (
	"encoding/json"
	"strconv"
)

// openAPI31Keywords are the schema keywords of JSON Schema 2020-12 that
// OpenAPI 3.1 allows and OpenAPI 3.0 does not define.
var openAPI31Keywords = []string{
	"$anchor", "$comment", "$defs", "$dynamicAnchor", "$dynamicRef", "$id", "$schema",
	"const", "contains", "contentEncoding", "contentMediaType", "contentSchema",
	"dependentRequired", "dependentSchemas", "else", "examples", "if",
	"maxContains", "minContains", "patternProperties", "prefixItems",
	"propertyNames", "then", "unevaluatedItems", "unevaluatedProperties",
}

// schema checks a schema object and the schemas nested in it.
func (l *linter) schema(pointer string, value any) {
	schema, ok := value.(map[string]any)
	if !ok || isRef(schema) {
		return
	}

	l.schemaType(pointer, schema)
	l.schemaKeywords(pointer, schema)
	l.enum(pointer, schema)

	for name, property := range sortedObject(schema["properties"]) {
		propertyPointer := pointerTo(pointer+"/properties", name)
		l.requireDescription(propertyPointer, property, "property")
		l.schema(propertyPointer, property)
	}
	for _, field := range []string{"items", "not", "additionalProperties"} {
		if nested, ok := schema[field]; ok {
			l.schema(pointer+"/"+field, nested)
		}
	}
	for _, field := range []string{"allOf", "anyOf", "oneOf"} {
		list, _ := schema[field].([]any)
		for i, nested := range list {
			l.schema(pointer+"/"+field+"/"+strconv.Itoa(i), nested)
		}
	}
}

func (l *linter) schemaType(pointer string, schema map[string]any) {
	switch typ := schema["type"].(type) {
	case []any:
		l.report(pointer+"/type", RuleOpenAPI31,
			"type is a list, which is OpenAPI 3.1 syntax; write a single type and set nullable: true to allow null")
	case string:
		if typ == "null" {
			l.report(pointer+"/type", RuleOpenAPI31,
				`type "null" is OpenAPI 3.1 syntax; set nullable: true on the schema that may be null`)
		}
	}
}

func (l *linter) schemaKeywords(pointer string, schema map[string]any) {
	for _, keyword := range openAPI31Keywords {
		if _, ok := schema[keyword]; ok {
			l.report(pointerTo(pointer, keyword), RuleOpenAPI31,
				"%s is OpenAPI 3.1 syntax; remove it or use the OpenAPI 3.0 equivalent%s",
				keyword, openAPI30Equivalent(keyword))
		}
	}

	for _, keyword := range []string{"exclusiveMinimum", "exclusiveMaximum"} {
		if _, ok := schema[keyword].(float64); ok {
			l.report(pointer+"/"+keyword, RuleOpenAPI31,
				"a numeric %s is OpenAPI 3.1 syntax; write the bound in %s and set %s: true",
				keyword, boundFor(keyword), keyword)
		}
	}
}

func openAPI30Equivalent(keyword string) string {
	switch keyword {
	case "const":
		return " (an enum with one value)"
	case "examples":
		return " (a single example)"
	case "$defs":
		return " (components/schemas)"
	case "prefixItems":
		return " (items)"
	}
	return ""
}

func boundFor(keyword string) string {
	if keyword == "exclusiveMinimum" {
		return "minimum"
	}
	return "maximum"
}

// enum reports each value that repeats an earlier one. Values are compared by
// their JSON encoding, so 1 and 1.0 are the same value.
func (l *linter) enum(pointer string, schema map[string]any) {
	values, _ := schema["enum"].([]any)
	first := make(map[string]int, len(values))

	for i, value := range values {
		encoded, err := json.Marshal(value)
		if err != nil {
			continue
		}
		key := string(encoded)
		if j, seen := first[key]; seen {
			l.report(pointer+"/enum/"+strconv.Itoa(i), RuleDuplicateEnum,
				"enum value %s repeats %s/enum/%d; remove the repeat", key, pointer, j)
			continue
		}
		first[key] = i
	}
}
