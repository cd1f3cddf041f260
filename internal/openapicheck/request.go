package openapicheck

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

const formContentType = "application/x-www-form-urlencoded"

// requestOptions: every problem at once; no defaults written into the
// request being checked; and no authentication check, since credentials
// are the server's business and tests send bad ones on purpose.
func requestOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:          true,
		SkipSettingDefaults: true,
		AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.WithStringFormatValidators(requestStringFormats()),
		},
	}
}

// CheckRequest checks one request against its operation: the path, the
// query parameters and the form body (nil or empty for none). escapedPath
// is the path as sent. Besides what kin-openapi checks (types, ranges,
// enums, patterns, formats, required form fields), a parameter the
// operation does not take is a problem, and so is a parameter sent in the
// wrong place (a form field in the query string) or a scalar sent twice:
// the API ignores the first two and a test would never notice.
func (s *Spec) CheckRequest(method, escapedPath string, query, form url.Values) error {
	op, err := s.FindOperation(method, escapedPath)
	if err != nil {
		return Problems{err.Error()}
	}
	var problems Problems
	problems = append(problems, op.unknownQueryParameters(query)...)
	problems = append(problems, op.unknownFormFields(form)...)
	problems = append(problems, op.repeatedScalars(query, form)...)
	problems = append(problems, op.missingFormFields(form)...)
	problems = append(problems, s.validateRequest(op, escapedPath, query, form)...)
	return problems.orNil()
}

// validateRequest has kin-openapi check the values.
func (s *Spec) validateRequest(op Operation, escapedPath string, query, form url.Values) Problems {
	target := escapedPath
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var body io.Reader = http.NoBody
	if len(form) > 0 {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(op.Method, "http://api.test"+target, body)
	if err != nil {
		return Problems{fmt.Sprintf("the request cannot be built: %v", err)}
	}
	if len(form) > 0 {
		req.Header.Set("Content-Type", formContentType)
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: op.PathParams,
		Route:      op.route,
		Options:    requestOptions(),
	}
	return describe("request", openapi3filter.ValidateRequest(context.Background(), input))
}

// unknownQueryParameters names each query parameter the operation does not
// take, with the likely fix.
func (o Operation) unknownQueryParameters(query url.Values) Problems {
	known := o.queryParameters()
	fields := o.formFieldNames()
	var problems Problems
	for _, name := range sortedKeys(query) {
		if _, ok := known[name]; ok {
			continue
		}
		problems = append(problems, unknownName("query parameter", name, sortedKeys(known), fields,
			"is a form field of this operation: send it in the request body, not the query string"))
	}
	return problems
}

// unknownFormFields is the same for the form body.
func (o Operation) unknownFormFields(form url.Values) Problems {
	if len(form) == 0 {
		return nil
	}
	if o.formSchema() == nil {
		return Problems{fmt.Sprintf("%s takes no request body, yet the form holds %s", o.Label(), strings.Join(sortedKeys(form), ", "))}
	}
	known := o.formFieldNames()
	queryNames := sortedKeys(o.queryParameters())
	var problems Problems
	for _, name := range sortedKeys(form) {
		if _, ok := known[name]; ok {
			continue
		}
		problems = append(problems, unknownName("form field", name, sortedKeys(known), setOf(queryNames),
			"is a query parameter of this operation: send it in the query string, not the request body"))
	}
	return problems
}

// unknownName words one unknown parameter: misplaced if the other place
// takes it, misspelt if it differs from a known one only in case, else
// unknown, listing what the operation does take.
func unknownName(kind, name string, known []string, elsewhere map[string]bool, misplaced string) string {
	if elsewhere[name] {
		return fmt.Sprintf("%s %s %s", kind, name, misplaced)
	}
	for _, k := range known {
		if strings.EqualFold(k, name) {
			return fmt.Sprintf("%s %s is not one of this operation's: did you mean %s?", kind, name, k)
		}
	}
	if len(known) == 0 {
		return fmt.Sprintf("%s %s is not one of this operation's, which takes none", kind, name)
	}
	return fmt.Sprintf("%s %s is not one of this operation's (%s)", kind, name, strings.Join(known, ", "))
}

// repeatedScalars: the API reads one value of a scalar; sending several is
// always a client bug, whichever one the server would pick.
func (o Operation) repeatedScalars(query, form url.Values) Problems {
	var problems Problems
	for _, name := range sortedKeys(query) {
		if p, ok := o.queryParameters()[name]; ok && len(query[name]) > 1 && !isArray(p.Schema) {
			problems = append(problems, fmt.Sprintf("query parameter %s is sent %d times; it takes one value", name, len(query[name])))
		}
	}
	if schema := o.formSchema(); schema != nil {
		for _, name := range sortedKeys(form) {
			if prop, ok := schema.Properties[name]; ok && len(form[name]) > 1 && !isArray(prop) {
				problems = append(problems, fmt.Sprintf("form field %s is sent %d times; it takes one value", name, len(form[name])))
			}
		}
	}
	return problems
}

// missingFormFields covers an empty body, which kin-openapi lets through
// when the body as a whole is optional even if its schema requires fields.
func (o Operation) missingFormFields(form url.Values) Problems {
	schema := o.formSchema()
	if schema == nil || len(form) > 0 {
		return nil
	}
	var problems Problems
	for _, name := range schema.Required {
		problems = append(problems, fmt.Sprintf("form field %s is required, and the request has no body", name))
	}
	return problems
}

func (o Operation) formFieldNames() map[string]bool {
	schema := o.formSchema()
	if schema == nil {
		return nil
	}
	return setOf(sortedKeys(schema.Properties))
}

func isArray(ref *openapi3.SchemaRef) bool {
	return ref != nil && ref.Value != nil && ref.Value.Type.Is(openapi3.TypeArray)
}

func setOf(names []string) map[string]bool {
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}
