package openapicheck

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Problems lists every way a request or an answer departs from the
// description, one readable line each. The checks return it as their
// error, or nil when there is nothing to report.
type Problems []string

func (p Problems) Error() string { return strings.Join(p, "\n") }

func (p Problems) orNil() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// maxValueText keeps a reported value short: a body can be large.
const maxValueText = 120

// describe turns kin-openapi's nested errors into one line per problem,
// each naming where it is (a parameter, a form field, a JSON path) instead
// of dumping the schema as kin-openapi's own messages do.
func describe(subject string, err error) Problems {
	// A type switch, not errors.As: a RequestError unwraps to the
	// MultiError it holds, and its own subject would be lost.
	switch e := err.(type) {
	case nil:
		return nil
	case openapi3.MultiError:
		var out Problems
		for _, inner := range e {
			out = append(out, describe(subject, inner)...)
		}
		return out
	case *openapi3filter.RequestError:
		return describeCause(requestSubject(subject, e), e.Reason, e.Err)
	case *openapi3filter.ResponseError:
		return describeCause(subject, e.Reason, e.Err)
	case *openapi3.SchemaError:
		return Problems{fmt.Sprintf("%s %s: %s", subject, jsonPath(e), schemaProblem(e))}
	}
	return Problems{fmt.Sprintf("%s: %v", subject, err)}
}

// describeCause reports a request or response error: its schema problems
// when it has some, else its reason.
func describeCause(subject, reason string, cause error) Problems {
	switch cause.(type) {
	case openapi3.MultiError, *openapi3.SchemaError:
		return describe(subject, cause)
	case nil:
		return Problems{fmt.Sprintf("%s: %s", subject, reason)}
	}
	if reason == "" || reason == cause.Error() {
		return Problems{fmt.Sprintf("%s: %v", subject, cause)}
	}
	return Problems{fmt.Sprintf("%s: %s: %v", subject, reason, cause)}
}

func requestSubject(subject string, err *openapi3filter.RequestError) string {
	switch {
	case err.Parameter != nil:
		return fmt.Sprintf("%s parameter %s", err.Parameter.In, err.Parameter.Name)
	case err.RequestBody != nil:
		return "form body"
	}
	return subject
}

// jsonPath writes a schema error's location as $.usage_records[0].period.
func jsonPath(err *openapi3.SchemaError) string {
	var b strings.Builder
	b.WriteString("$")
	for _, key := range err.JSONPointer() {
		if isIndex(key) {
			b.WriteString("[" + key + "]")
		} else {
			b.WriteString("." + key)
		}
	}
	return b.String()
}

func isIndex(key string) bool {
	return key != "" && strings.Trim(key, "0123456789") == ""
}

// schemaProblem words one schema error. The value is shown where it is
// the fault, not for a missing or extra property (whose path names it).
func schemaProblem(err *openapi3.SchemaError) string {
	switch err.SchemaField {
	case "required":
		return "documented, but missing"
	case "properties": // kin-openapi's field for an undocumented property
		return err.Reason
	case "format":
		// kin-openapi's own wording repeats the whole pattern of a format.
		return fmt.Sprintf("not a valid %s (got %s)", err.Schema.Format, valueText(err.Value))
	}
	return fmt.Sprintf("%s (got %s)", err.Reason, valueText(err.Value))
}

func valueText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > maxValueText {
		return string(b[:maxValueText]) + "…"
	}
	return string(b)
}
