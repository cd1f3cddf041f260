package emulator

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// A schema validator for the part of OpenAPI 3.0 that the Super SIM
// description uses. A general JSON Schema library would be a new module
// dependency for a few dozen lines of checks; and a keyword this validator
// does not implement is reported as a problem, so a newer description that
// needs more cannot pass unchecked.
//
// Values are JSON decoded with UseNumber, so integers are told apart from
// numbers with a fraction instead of both arriving as float64.

// understoodKeywords are the schema keywords the validator implements, or
// knows to be annotations only.
var understoodKeywords = map[string]bool{
	"$ref": true, "type": true, "nullable": true, "properties": true,
	"items": true, "enum": true, "format": true, "pattern": true,
	"minLength": true, "maxLength": true, "minimum": true, "maximum": true,
	// Annotations: they describe, they do not constrain.
	"description": true, "default": true, "title": true, "example": true,
	"x-twilio": true,
}

// maxRefHops bounds $ref chains, so a cycle is reported instead of looping.
const maxRefHops = 32

// schemaCheck validates one value; problems collects every mismatch with
// the JSON path where it was found, so one run lists them all.
type schemaCheck struct {
	doc      map[string]any
	problems []string
}

// validateAgainstSchema returns every way value departs from schema, whose
// $refs point into doc.
func validateAgainstSchema(doc map[string]any, schema, value any) []string {
	c := &schemaCheck{doc: doc}
	c.value(schema, value, "$")
	return c.problems
}

func (c *schemaCheck) fail(at, format string, args ...any) {
	c.problems = append(c.problems, at+": "+fmt.Sprintf(format, args...))
}

func (c *schemaCheck) value(rawSchema, v any, at string) {
	s, ok := c.resolve(rawSchema, at)
	if !ok {
		return
	}
	if unknown := unknownKeywords(s); len(unknown) > 0 {
		c.fail(at, "the schema uses %v, which this validator does not implement", unknown)
		return
	}
	if v == nil {
		c.null(s, at)
		return
	}
	if !c.typed(s, v, at) {
		return
	}
	c.enum(s, v, at)
	c.format(s, v, at)
}

// resolve follows $ref until a schema without one; in OpenAPI 3.0 keywords
// beside a $ref are ignored, so only the target counts.
func (c *schemaCheck) resolve(raw any, at string) (map[string]any, bool) {
	for range maxRefHops {
		s, ok := raw.(map[string]any)
		if !ok {
			c.fail(at, "the schema is %T, not an object", raw)
			return nil, false
		}
		ref, isRef := s["$ref"].(string)
		if !isRef {
			return s, true
		}
		if raw, ok = lookupPointer(c.doc, ref); !ok {
			c.fail(at, "the schema's $ref %q points nowhere in the document", ref)
			return nil, false
		}
	}
	c.fail(at, "more than %d $ref hops: a cycle?", maxRefHops)
	return nil, false
}

// lookupPointer resolves a local reference such as
// "#/components/schemas/supersim.v1.fleet" (a JSON Pointer after the #).
func lookupPointer(doc map[string]any, ref string) (any, bool) {
	pointer, local := strings.CutPrefix(ref, "#/")
	if !local {
		return nil, false
	}
	var n any = doc
	for _, token := range strings.Split(pointer, "/") {
		token = strings.NewReplacer("~1", "/", "~0", "~").Replace(token)
		m, ok := n.(map[string]any)
		if !ok {
			return nil, false
		}
		if n, ok = m[token]; !ok {
			return nil, false
		}
	}
	return n, true
}

func unknownKeywords(s map[string]any) []string {
	var unknown []string
	for k := range s {
		if !understoodKeywords[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	return unknown
}

// null accepts null where the schema is nullable, and where it declares no
// type at all (such as `items: {}`), which admits any value.
func (c *schemaCheck) null(s map[string]any, at string) {
	if s["nullable"] == true || s["type"] == nil {
		return
	}
	c.fail(at, "is null, but the schema (type %v) is not nullable", s["type"])
}

// typed checks the value's JSON type and what that type constrains; it
// reports whether the value had the declared type, as enum and format
// checks make no sense otherwise.
func (c *schemaCheck) typed(s map[string]any, v any, at string) bool {
	switch s["type"] {
	case nil:
		return true
	case "object":
		return c.object(s, v, at)
	case "array":
		return c.array(s, v, at)
	case "string":
		return c.str(s, v, at)
	case "integer":
		return c.integer(s, v, at)
	case "number":
		return c.number(s, v, at)
	case "boolean":
		return c.boolean(v, at)
	}
	c.fail(at, "the schema's type %v is not one this validator knows", s["type"])
	return false
}

// object requires every documented property, as the emulator always sends
// every field (null when unset), and refuses properties the schema does not
// document. An object schema without properties is free-form.
func (c *schemaCheck) object(s map[string]any, v any, at string) bool {
	obj, ok := v.(map[string]any)
	if !ok {
		c.fail(at, "is %s, the schema wants an object", jsonKind(v))
		return false
	}
	props, declared := s["properties"].(map[string]any)
	if !declared {
		return true
	}
	for _, name := range sortedKeys(props) {
		field, present := obj[name]
		if !present {
			c.fail(at, "the documented property %q is missing", name)
			continue
		}
		c.value(props[name], field, at+"."+name)
	}
	for _, name := range sortedKeys(obj) {
		if _, documented := props[name]; !documented {
			c.fail(at+"."+name, "is not a documented property")
		}
	}
	return true
}

func (c *schemaCheck) array(s map[string]any, v any, at string) bool {
	list, ok := v.([]any)
	if !ok {
		c.fail(at, "is %s, the schema wants an array", jsonKind(v))
		return false
	}
	items, hasItems := s["items"]
	if !hasItems {
		return true
	}
	for i, item := range list {
		c.value(items, item, fmt.Sprintf("%s[%d]", at, i))
	}
	return true
}

func (c *schemaCheck) str(s map[string]any, v any, at string) bool {
	text, ok := v.(string)
	if !ok {
		c.fail(at, "is %s %s, the schema wants a string", jsonKind(v), compactJSON(v))
		return false
	}
	length := utf8.RuneCountInString(text)
	if lo, ok := schemaNumber(s, "minLength"); ok && float64(length) < lo {
		c.fail(at, "%q is %d characters, the schema's minLength is %v", text, length, lo)
	}
	if hi, ok := schemaNumber(s, "maxLength"); ok && float64(length) > hi {
		c.fail(at, "%q is %d characters, the schema's maxLength is %v", text, length, hi)
	}
	if pattern, ok := s["pattern"].(string); ok {
		c.pattern(pattern, text, at)
	}
	return true
}

func (c *schemaCheck) pattern(pattern, text, at string) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		c.fail(at, "the schema's pattern %q does not compile: %v", pattern, err)
		return
	}
	if !re.MatchString(text) {
		c.fail(at, "%q does not match the schema's pattern %s", text, pattern)
	}
}

func (c *schemaCheck) integer(s map[string]any, v any, at string) bool {
	n, ok := v.(json.Number)
	if !ok {
		c.fail(at, "is %s %s, the schema wants an integer", jsonKind(v), compactJSON(v))
		return false
	}
	if _, err := strconv.ParseInt(n.String(), 10, 64); err != nil {
		c.fail(at, "is %s, the schema wants an integer", n)
		return false
	}
	c.bounds(s, n, at)
	return true
}

func (c *schemaCheck) number(s map[string]any, v any, at string) bool {
	n, ok := v.(json.Number)
	if !ok {
		c.fail(at, "is %s %s, the schema wants a number", jsonKind(v), compactJSON(v))
		return false
	}
	c.bounds(s, n, at)
	return true
}

func (c *schemaCheck) bounds(s map[string]any, n json.Number, at string) {
	f, err := n.Float64()
	if err != nil {
		c.fail(at, "%s is not a number", n)
		return
	}
	if lo, ok := schemaNumber(s, "minimum"); ok && f < lo {
		c.fail(at, "%s is below the schema's minimum %v", n, lo)
	}
	if hi, ok := schemaNumber(s, "maximum"); ok && f > hi {
		c.fail(at, "%s is above the schema's maximum %v", n, hi)
	}
}

func (c *schemaCheck) boolean(v any, at string) bool {
	if _, ok := v.(bool); !ok {
		c.fail(at, "is %s %s, the schema wants a boolean", jsonKind(v), compactJSON(v))
		return false
	}
	return true
}

// enum compares by canonical text: the YAML decoder and the JSON decoder
// give the same value different Go types (int against json.Number).
func (c *schemaCheck) enum(s map[string]any, v any, at string) {
	allowed, ok := s["enum"].([]any)
	if !ok {
		return
	}
	for _, a := range allowed {
		if fmt.Sprint(a) == fmt.Sprint(v) {
			return
		}
	}
	c.fail(at, "%s is not one of the schema's enum %v", compactJSON(v), allowed)
}

// formatChecks are the formats the description declares on the schemas
// this package validates. JSON Schema lets a validator ignore formats, but
// an unknown one here is reported, so none goes unchecked by oversight.
var formatChecks = map[string]func(v any) string{
	"date-time":        checkDateTime,
	"uri":              checkAbsoluteURI,
	"uri-map":          checkURIMap,
	"http-method":      checkHTTPMethod,
	"currency":         checkUpperLetters(3, "an ISO 4217 currency code"),
	"iso-country-code": checkUpperLetters(2, "an ISO 3166 alpha-2 country code"),
	// The integer check has already parsed the value as an int64.
	"int64": func(any) string { return "" },
}

func (c *schemaCheck) format(s map[string]any, v any, at string) {
	name, ok := s["format"].(string)
	if !ok {
		return
	}
	check, known := formatChecks[name]
	if !known {
		c.fail(at, "the schema's format %q is not one this validator knows", name)
		return
	}
	if problem := check(v); problem != "" {
		c.fail(at, "%s (format %s)", problem, name)
	}
}

// checkDateTime wants RFC 3339, the profile of ISO 8601 that the API's
// timestamps follow.
func checkDateTime(v any) string {
	s, _ := v.(string)
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		return fmt.Sprintf("%q is not an RFC 3339 date-time", s)
	}
	return ""
}

// checkAbsoluteURI wants scheme and host: every uri field of the API is a
// link a client follows without knowing the base URL.
func checkAbsoluteURI(v any) string {
	s, _ := v.(string)
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Sprintf("%q is not an absolute URI", s)
	}
	return ""
}

// checkURIMap wants an object whose every value is an absolute URI, such as
// a profile's links.
func checkURIMap(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Sprintf("%s is not an object of URIs", compactJSON(v))
	}
	for _, k := range sortedKeys(m) {
		if problem := checkAbsoluteURI(m[k]); problem != "" {
			return k + ": " + problem
		}
	}
	return ""
}

// checkHTTPMethod wants one of the methods a webhook can be sent with.
func checkHTTPMethod(v any) string {
	s, _ := v.(string)
	if !slices.Contains([]string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}, s) {
		return fmt.Sprintf("%q is not an HTTP method", s)
	}
	return ""
}

// checkUpperLetters wants exactly n upper-case ASCII letters, the shape of
// ISO currency and country codes.
func checkUpperLetters(n int, what string) func(v any) string {
	re := regexp.MustCompile(fmt.Sprintf("^[A-Z]{%d}$", n))
	return func(v any) string {
		s, _ := v.(string)
		if !re.MatchString(s) {
			return fmt.Sprintf("%q is not %s", s, what)
		}
		return ""
	}
}

// schemaNumber reads a numeric keyword, which YAML decodes as int or
// float64 depending on how it is written.
func schemaNumber(s map[string]any, key string) (float64, bool) {
	switch n := s[key].(type) {
	case int:
		return float64(n), true
	case float64:
		return n, true
	case uint64:
		return float64(n), true
	}
	return math.NaN(), false
}

// jsonKind names a decoded value's JSON type for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("a %T", v)
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// The checker's own failures: each kind of mismatch the validator exists
// to catch is caught, with the JSON path in its message.
func TestOpenAPIValidatorCatchesMismatches(t *testing.T) {
	t.Parallel()
	doc := reference(t)
	fleet := map[string]any{"$ref": "#/components/schemas/supersim.v1.fleet"}
	valid := func() map[string]any {
		return map[string]any{
			"account_sid": "AC" + strings.Repeat("a", 32), "sid": "HF" + strings.Repeat("a", 32),
			"unique_name": nil, "date_created": "2020-05-01T20:00:00Z", "date_updated": "2020-05-01T20:00:00Z",
			"url": "https://supersim.twilio.com/v1/Fleets/HF", "data_enabled": true, "data_limit": json.Number("1000"),
			"data_metering": "payg", "sms_commands_enabled": false, "sms_commands_url": nil, "sms_commands_method": "POST",
			"network_access_profile_sid": "HA" + strings.Repeat("a", 32), "ip_commands_url": nil, "ip_commands_method": "POST",
		}
	}
	if problems := validateAgainstSchema(doc, fleet, valid()); len(problems) > 0 {
		t.Fatalf("a valid fleet is refused: %v", problems)
	}
	for _, tc := range []struct {
		name   string
		mutate func(m map[string]any)
		want   string
	}{
		{"missing field", func(m map[string]any) { delete(m, "data_limit") }, `$: the documented property "data_limit" is missing`},
		{"undocumented field", func(m map[string]any) { m["data_limits"] = json.Number("1") }, "$.data_limits: is not a documented property"},
		{"number as string", func(m map[string]any) { m["data_limit"] = "1000" }, `$.data_limit: is a string "1000", the schema wants an integer`},
		{"fraction", func(m map[string]any) { m["data_limit"] = json.Number("1.5") }, "$.data_limit: is 1.5, the schema wants an integer"},
		{"null where not nullable", func(m map[string]any) { m["data_limit"] = nil }, "$.data_limit: is null"},
		{"enum", func(m map[string]any) { m["data_metering"] = "flat" }, `$.data_metering: "flat" is not one of the schema's enum`},
		{"pattern", func(m map[string]any) { m["sid"] = "HA" + strings.Repeat("a", 32) }, "$.sid: \"HA"},
		{"date-time", func(m map[string]any) { m["date_created"] = "2020-05-01 20:00" }, "$.date_created: \"2020-05-01 20:00\" is not an RFC 3339 date-time"},
		{"uri", func(m map[string]any) { m["url"] = "/v1/Fleets/HF" }, `$.url: "/v1/Fleets/HF" is not an absolute URI`},
		{"boolean", func(m map[string]any) { m["data_enabled"] = "true" }, `$.data_enabled: is a string "true", the schema wants a boolean`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := valid()
			tc.mutate(m)
			problems := validateAgainstSchema(doc, fleet, m)
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Errorf("problems %q, want one containing %q", problems, tc.want)
			}
		})
	}
}

// A keyword or format the validator does not implement is a failure, not a
// pass, so a richer document cannot slip by unchecked.
func TestOpenAPIValidatorRefusesWhatItDoesNotKnow(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		schema map[string]any
		want   string
	}{
		{map[string]any{"type": "object", "additionalProperties": false}, "uses [additionalProperties], which this validator does not implement"},
		{map[string]any{"type": "string", "format": "phone-number"}, `format "phone-number" is not one`},
		{map[string]any{"$ref": "#/components/schemas/nothing"}, "points nowhere"},
	} {
		problems := validateAgainstSchema(map[string]any{}, tc.schema, "US")
		if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }) {
			t.Errorf("schema %v: problems %q, want one containing %q", tc.schema, problems, tc.want)
		}
	}
}
