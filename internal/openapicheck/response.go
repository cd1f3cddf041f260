package openapicheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

func responseOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:            true,
		IncludeResponseStatus: true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.WithStringFormatValidators(responseStringFormats()),
		},
	}
}

// CheckResponse checks one answer to a request for method and escapedPath.
// A status the operation documents is held to its declared body (none at
// all when it declares no content); an error status it does not document
// is held to Twilio's error shape, which the description leaves out but
// every Twilio error follows. Anything else is a problem.
func (s *Spec) CheckResponse(method, escapedPath string, status int, header http.Header, body []byte) error {
	op, err := s.FindOperation(method, escapedPath)
	switch {
	case err == nil && op.Responses.Status(status) != nil:
		return s.declaredResponseProblems(op, status, header, body).orNil()
	case status >= 400:
		return twilioErrorProblems(status, header, body).orNil()
	case err != nil:
		return Problems{fmt.Sprintf("%v, yet it was answered %d", err, status)}
	}
	return Problems{fmt.Sprintf("%s documents the statuses %v, not %d", op.Label(), documentedStatuses(op), status)}
}

func (s *Spec) declaredResponseProblems(op Operation, status int, header http.Header, body []byte) Problems {
	declared := op.Responses.Status(status).Value
	if len(declared.Content) == 0 {
		if len(body) > 0 {
			return Problems{fmt.Sprintf("%s declares no body for %d, the answer has %d bytes: %s", op.Label(), status, len(body), clip(body))}
		}
		return nil
	}
	decoded, err := decodeOneJSONValue(body)
	if err != nil {
		return Problems{err.Error()}
	}
	req, _ := http.NewRequest(op.Method, "http://api.test/", nil)
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: op.PathParams, Route: op.route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                responseOptions(),
	}
	problems := describe("answer", openapi3filter.ValidateResponse(context.Background(), input))
	return append(problems, listKeyProblems(decoded)...)
}

// listKeyProblems checks what a list's schema cannot say: meta.key names
// the property holding the items.
func listKeyProblems(body any) Problems {
	obj, _ := body.(map[string]any)
	meta, isList := obj["meta"].(map[string]any)
	if !isList {
		return nil
	}
	key, _ := meta["key"].(string)
	if _, ok := obj[key].([]any); !ok || key == "meta" {
		return Problems{fmt.Sprintf("answer $.meta.key: %q does not name the body's list (keys %s)", key, strings.Join(sortedKeys(obj), ", "))}
	}
	return nil
}

// twilioErrorSchema is the body of every Twilio error, as the API
// reference gives it.
var twilioErrorSchema = func() *openapi3.Schema {
	s := openapi3.NewObjectSchema().
		WithProperty("code", openapi3.NewIntegerSchema()).
		WithProperty("message", openapi3.NewStringSchema()).
		WithProperty("more_info", openapi3.NewStringSchema().WithFormat(formatURI).
			WithPattern(`^https://www\.twilio\.com/docs/errors/[0-9]+$`)).
		WithProperty("status", openapi3.NewIntegerSchema()).
		WithoutAdditionalProperties()
	s.Required = sortedKeys(s.Properties)
	return s
}()

// twilioErrorProblems checks an error answer: JSON of the error shape,
// whose status agrees with the HTTP one and whose more_info is the page of
// its code.
func twilioErrorProblems(status int, header http.Header, body []byte) Problems {
	if mediaType, _, _ := mime.ParseMediaType(header.Get("Content-Type")); mediaType != "application/json" {
		return Problems{fmt.Sprintf("an error answer has Content-Type %q, want application/json", header.Get("Content-Type"))}
	}
	decoded, err := decodeOneJSONValue(body)
	if err != nil {
		return Problems{err.Error()}
	}
	opts := append([]openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.VisitAsResponse()},
		responseOptions().SchemaValidationOptions...)
	if problems := describe("Twilio error", twilioErrorSchema.VisitJSON(decoded, opts...)); len(problems) > 0 {
		return problems
	}
	obj, _ := decoded.(map[string]any) // the schema proved it an object
	var problems Problems
	if obj["status"] != float64(status) {
		problems = append(problems, fmt.Sprintf("Twilio error $.status: %v, but the HTTP status is %d", obj["status"], status))
	}
	number, _ := obj["code"].(float64) // the schema proved it an integer
	code := strconv.FormatFloat(number, 'f', -1, 64)
	if moreInfo, _ := obj["more_info"].(string); !strings.HasSuffix(moreInfo, "/"+code) {
		problems = append(problems, fmt.Sprintf("Twilio error $.more_info: %q is not the page of code %s", moreInfo, code))
	}
	return problems
}

// decodeOneJSONValue wants exactly one JSON value: data after it would
// make a client choke.
func decodeOneJSONValue(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the answer is not JSON: %v: %s", err, clip(body))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("the answer has data after its JSON value: %s", clip(body))
	}
	return v, nil
}

func documentedStatuses(op Operation) []string {
	return sortedKeys(op.Responses.Map())
}

func clip(body []byte) string {
	if len(body) > maxValueText {
		return string(body[:maxValueText]) + "…"
	}
	return string(body)
}
