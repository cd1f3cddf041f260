// Package openapicheck holds HTTP traffic to the Super SIM OpenAPI
// description, with github.com/getkin/kin-openapi doing the schema work:
// CheckRequest and CheckResponse check one request or one answer, and
// Middleware checks everything that passes through an http.Handler.
//
// It is for tests only. Import it from _test.go files and nowhere else, so
// that kin-openapi never reaches the provider binary or the emulator
// command: no non-test file of a package they import may depend on it.
//
// The checks are stricter than kin-openapi's defaults where the Twilio API
// is stricter than its description says, and looser where the description
// is wrong about what the API sends; Load and CheckRequest explain each
// adjustment.
package openapicheck

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// vendoredPath is where the project keeps its copy of the description,
// relative to the module root.
var vendoredPath = filepath.Join("internal", "emulator", "testdata", "openapi", "twilio_supersim_v1.yaml")

// OverrideEnv names a variable that points the checks at another copy of
// the description, such as a newer one being evaluated.
const OverrideEnv = "SUPERSIM_OPENAPI"

// Spec is a loaded description, ready to check traffic against. It is safe
// for concurrent use and must not be changed once loaded.
type Spec struct {
	doc    *openapi3.T
	router routers.Router
	path   string
}

var vendored = sync.OnceValues(func() (*Spec, error) {
	path, err := vendoredFile()
	if err != nil {
		return nil, err
	}
	return Load(path)
})

// Vendored returns the project's copy of the Super SIM description (or
// the one $SUPERSIM_OPENAPI names), loaded once per test binary.
func Vendored() (*Spec, error) {
	return vendored()
}

// vendoredFile finds the description from the working directory, which
// for a test is its package's directory somewhere inside the module.
func vendoredFile() (string, error) {
	if p := os.Getenv(OverrideEnv); p != "" {
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, vendoredPath)
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("openapicheck: no %s above the working directory; run from inside the module or set %s", vendoredPath, OverrideEnv)
		}
		dir = parent
	}
}

// Load reads a description and prepares it for checking traffic:
//
//   - Its examples are not validated: the Super SIM description writes
//     data_total_billed as a string in its examples where its schema, and
//     the API, have a number.
//   - Servers are dropped, so that traffic to any host (an emulator on a
//     random port) is checked, not only traffic to supersim.twilio.com.
//   - Every object a response declares must carry every documented
//     property and no other. The description marks nothing required, but
//     the API sends every field, null when unset, and clients rely on that.
//   - An object of format uri-map (a resource's links) must hold absolute
//     URIs; kin-openapi knows no object formats, so this is spelled out as
//     additionalProperties.
//   - Every format the description uses must be one this package checks,
//     so that none goes unchecked by oversight (kin-openapi passes formats
//     it does not know).
func Load(path string) (*Spec, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("openapicheck: load %s: %w", path, err)
	}
	docOpts := []openapi3.ValidationOption{openapi3.DisableExamplesValidation()}
	if err := doc.Validate(context.Background(), docOpts...); err != nil {
		return nil, fmt.Errorf("openapicheck: %s is not a valid description: %w", path, err)
	}
	dropServers(doc)
	if err := tightenResponses(doc); err != nil {
		return nil, fmt.Errorf("openapicheck: %s: %w", path, err)
	}
	if err := checkFormatsKnown(doc); err != nil {
		return nil, fmt.Errorf("openapicheck: %s: %w", path, err)
	}
	router, err := legacy.NewRouter(doc, docOpts...)
	if err != nil {
		return nil, fmt.Errorf("openapicheck: route %s: %w", path, err)
	}
	return &Spec{doc: doc, router: router, path: path}, nil
}

// Doc is the loaded description, for tests that read parameters, defaults
// and ranges from it. Response schemas are tightened as Load says.
func (s *Spec) Doc() *openapi3.T { return s.doc }

// Path is the file the description was loaded from.
func (s *Spec) Path() string { return s.path }

func dropServers(doc *openapi3.T) {
	doc.Servers = nil
	for _, item := range doc.Paths.Map() {
		item.Servers = nil
		for _, op := range item.Operations() {
			op.Servers = nil
		}
	}
}

// tightenResponses applies the response rules Load documents to every
// schema a response reaches. Request schemas are left alone: a request
// sends only what it changes.
func tightenResponses(doc *openapi3.T) error {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, resp := range op.Responses.Map() {
				if resp.Value == nil {
					continue
				}
				for _, media := range resp.Value.Content {
					if media.Schema == nil {
						continue
					}
					if err := media.Schema.WalkSubtree(tightenObject); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

func tightenObject(_ string, ref *openapi3.SchemaRef) error {
	s := ref.Value
	if !s.Type.Is(openapi3.TypeObject) {
		return nil
	}
	if s.Format == formatURIMap && len(s.Properties) == 0 {
		s.AdditionalProperties = openapi3.AdditionalProperties{
			Schema: openapi3.NewStringSchema().WithFormat(formatURI).NewRef(),
		}
		return nil
	}
	if len(s.Properties) == 0 {
		return nil // free-form: nothing to require
	}
	s.Required = sortedKeys(s.Properties)
	closed := false
	s.AdditionalProperties = openapi3.AdditionalProperties{Has: &closed}
	return nil
}

// checkFormatsKnown refuses a description using a format this package
// has no check for.
func checkFormatsKnown(doc *openapi3.T) error {
	var unknown []string
	err := doc.WalkSchemas(func(pointer string, ref *openapi3.SchemaRef) error {
		if f := ref.Value.Format; f != "" && !formatChecked(ref.Value) {
			unknown = append(unknown, fmt.Sprintf("%q at %s", f, pointer))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(unknown) > 0 {
		return fmt.Errorf("formats openapicheck does not check: %s", strings.Join(unknown, ", "))
	}
	return nil
}

// Operation is the description's operation for one request.
type Operation struct {
	// Method is upper case; Path is the description's template, such as
	// /v1/Sims/{Sid}.
	Method string
	Path   string
	// PathParams holds the request's path parameters, unescaped.
	PathParams map[string]string
	*openapi3.Operation

	route *routers.Route
}

// Label names the operation the way a reader finds it in the description.
func (o Operation) Label() string {
	return fmt.Sprintf("%s (%s %s)", o.OperationID, o.Method, o.Path)
}

// SuccessStatuses are the 2xx statuses the description documents.
func (o Operation) SuccessStatuses() []int {
	var out []int
	for code := 200; code < 300; code++ {
		if o.Responses.Status(code) != nil {
			out = append(out, code)
		}
	}
	return out
}

// FindOperation maps a request to its operation. escapedPath is the path
// as sent, such as /v1/Sims/My%2FSIM: routing on it keeps an escaped slash
// inside its segment, as the API does.
func (s *Spec) FindOperation(method, escapedPath string) (Operation, error) {
	method = strings.ToUpper(method)
	// The router matches URL.Path; handing it the escaped form makes an
	// escaped segment a single (still escaped) path parameter.
	probe := &http.Request{Method: method, URL: &url.URL{Path: escapedPath}}
	route, params, err := s.router.FindRoute(probe)
	if err != nil {
		if others := s.methodsOn(escapedPath); len(others) > 0 {
			return Operation{}, fmt.Errorf("the description has no %s operation on %s, only %s", method, escapedPath, strings.Join(others, ", "))
		}
		return Operation{}, fmt.Errorf("no operation of the description matches %s %s", method, escapedPath)
	}
	unescaped := make(map[string]string, len(params))
	for name, v := range params {
		if unescaped[name], err = url.PathUnescape(v); err != nil {
			return Operation{}, fmt.Errorf("path parameter %s: %q is not a valid escaped path segment", name, v)
		}
	}
	return Operation{Method: route.Method, Path: route.Path, PathParams: unescaped, Operation: route.Operation, route: route}, nil
}

// methodsOn lists the methods the description has for a path, to word a
// request with the wrong one.
func (s *Spec) methodsOn(escapedPath string) []string {
	var methods []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if _, _, err := s.router.FindRoute(&http.Request{Method: m, URL: &url.URL{Path: escapedPath}}); err == nil {
			methods = append(methods, m)
		}
	}
	return methods
}

// formSchema is the schema of the operation's form body, or nil when it
// takes none.
func (o Operation) formSchema() *openapi3.Schema {
	if o.RequestBody == nil || o.RequestBody.Value == nil {
		return nil
	}
	media := o.RequestBody.Value.Content.Get(formContentType)
	if media == nil || media.Schema == nil {
		return nil
	}
	return media.Schema.Value
}

// queryParameters are the operation's query parameters by name.
func (o Operation) queryParameters() map[string]*openapi3.Parameter {
	out := map[string]*openapi3.Parameter{}
	params := append(slices.Clone(o.route.PathItem.Parameters), o.Parameters...)
	for _, p := range params {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
			out[p.Value.Name] = p.Value
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
