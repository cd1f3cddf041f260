package emulator

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"gopkg.in/yaml.v3"
)

// These tests hold the emulator's Fleet endpoints to the OpenAPI description
// of the Super SIM API: every field, parameter, documented default and range
// is read from the file, not retyped. The file is vendored under
// testdata/openapi, so the tests always have it and never skip;
// $SUPERSIM_OPENAPI points them at another copy, such as a newer one being
// evaluated. A missing or unreadable file fails the tests.

const referenceFile = "twilio_supersim_v1.yaml"

// vendoredReference is relative to the package directory, which is the
// working directory of its tests.
var vendoredReference = filepath.Join("testdata", "openapi", referenceFile)

var (
	referenceOnce sync.Once
	referenceDoc  map[string]any
	referenceErr  error
	referencePath string
)

// reference returns the parsed OpenAPI file; a file that cannot be read
// fails the test, as every check here depends on it.
func reference(t *testing.T) map[string]any {
	t.Helper()
	referenceOnce.Do(func() {
		referencePath = findReference()
		var raw []byte
		if raw, referenceErr = os.ReadFile(referencePath); referenceErr != nil {
			return
		}
		referenceErr = yaml.Unmarshal(raw, &referenceDoc)
	})
	if referenceErr != nil {
		t.Fatalf("the Super SIM OpenAPI reference cannot be read: %v (the vendored copy is %s; SUPERSIM_OPENAPI overrides it)", referenceErr, vendoredReference)
	}
	return referenceDoc
}

// findReference prefers $SUPERSIM_OPENAPI, so a newer description can be
// tried without replacing the vendored one.
func findReference() string {
	if p := os.Getenv("SUPERSIM_OPENAPI"); p != "" {
		return p
	}
	return vendoredReference
}

// node walks the document by keys; a missing key fails the test, naming
// the path, as the reference no longer says what the test reads.
func node(t *testing.T, n any, keys ...string) any {
	t.Helper()
	for i, k := range keys {
		m, ok := n.(map[string]any)
		if !ok {
			t.Fatalf("reference %s: %s is %T, not a map", referencePath, strings.Join(keys[:i], "."), n)
		}
		if n, ok = m[k]; !ok {
			t.Fatalf("reference %s has no %s", referencePath, strings.Join(keys[:i+1], "."))
		}
	}
	return n
}

func mapNode(t *testing.T, n any, keys ...string) map[string]any {
	t.Helper()
	m, ok := node(t, n, keys...).(map[string]any)
	if !ok {
		t.Fatalf("reference %s: %s is not a map", referencePath, strings.Join(keys, "."))
	}
	return m
}

func stringNode(n map[string]any, key string) string {
	s, _ := n[key].(string)
	return s
}

// fleetSchema is the reference's supersim.v1.fleet properties.
func fleetSchema(t *testing.T) map[string]any {
	return mapNode(t, reference(t), "components", "schemas", "supersim.v1.fleet", "properties")
}

// formSchema is a Fleet request body's schema (create: post on /v1/Fleets,
// update: post on /v1/Fleets/{Sid}).
func formSchema(t *testing.T, path string) map[string]any {
	return mapNode(t, reference(t), "paths", path, "post", "requestBody", "content", "application/x-www-form-urlencoded", "schema")
}

// responseField maps a form parameter to the response field that reports
// it: PascalCase to snake_case, and a profile reference to its SID.
func responseField(param string) string {
	var b strings.Builder
	for i, r := range param {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	if param == "NetworkAccessProfile" {
		b.WriteString("_sid")
	}
	return b.String()
}

// sampleValue is a valid value for a form parameter that differs from
// every documented default, and the JSON value the response should hold.
func sampleValue(t *testing.T, param string, prop map[string]any, napSID string) (string, any) {
	t.Helper()
	switch {
	case param == "NetworkAccessProfile":
		return napSID, napSID
	case prop["type"] == "boolean":
		return "false", false
	case prop["type"] == "integer":
		return "4321", float64(4321)
	case prop["format"] == "uri":
		v := "https://devices.example.com/" + strings.ToLower(param)
		return v, v
	case prop["enum"] != nil:
		return "GET", "GET"
	case prop["type"] == "string":
		v := "sample " + param
		return v, v
	}
	t.Fatalf("no sample value for parameter %s of type %v", param, prop["type"])
	return "", nil
}

func TestReferenceFleetFieldsMatchTheEmulator(t *testing.T) {
	t.Parallel()
	props := fleetSchema(t)
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "n")
	m := h.do(http.MethodPost, "/v1/Fleets", form("NetworkAccessProfile", nap, "UniqueName", "u",
		"SmsCommandsUrl", "https://a.example/s", "IpCommandsUrl", "https://a.example/i")).expect(t, http.StatusCreated)

	want := slices.Sorted(func(yield func(string) bool) {
		for k := range props {
			if !yield(k) {
				return
			}
		}
	})
	expectKeys(t, m, want...)
	for name, raw := range props {
		prop, _ := raw.(map[string]any)
		if ref := stringNode(prop, "$ref"); ref != "" {
			prop = mapNode(t, reference(t), strings.Split(strings.TrimPrefix(ref, "#/"), "/")...)
		}
		checkValueAgainstSchema(t, name, prop, m[name])
	}
	// The reference's own example has the same fields.
	example := mapNode(t, reference(t), "paths", "/v1/Fleets/{Sid}", "get", "responses", "200", "content", "application/json", "examples", "fetch", "value")
	exampleKeys := slices.Sorted(func(yield func(string) bool) {
		for k := range example {
			if !yield(k) {
				return
			}
		}
	})
	expectKeys(t, m, exampleKeys...)
}

// checkValueAgainstSchema checks one JSON value against its property's
// type, nullability, enum and pattern.
func checkValueAgainstSchema(t *testing.T, name string, prop map[string]any, v any) {
	t.Helper()
	if v == nil {
		if prop["nullable"] != true {
			t.Errorf("%s is null, but the reference does not allow null", name)
		}
		return
	}
	switch prop["type"] {
	case "string":
		s, ok := v.(string)
		if !ok {
			t.Errorf("%s is %T, the reference says string", name, v)
			return
		}
		if p := stringNode(prop, "pattern"); p != "" && !regexp.MustCompile(p).MatchString(s) {
			t.Errorf("%s = %q does not match the reference's pattern %s", name, s, p)
		}
		if enum, ok := prop["enum"].([]any); ok && !slices.Contains(enum, any(s)) {
			t.Errorf("%s = %q is not one of the reference's %v", name, s, enum)
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			t.Errorf("%s is %v, the reference says integer", name, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			t.Errorf("%s is %T, the reference says boolean", name, v)
		}
	default:
		t.Errorf("%s has type %v in the reference, which this test does not know", name, prop["type"])
	}
}

func TestReferenceFleetCreateParameters(t *testing.T) {
	t.Parallel()
	schema := formSchema(t, "/v1/Fleets")
	props := mapNode(t, schema, "properties")
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "n")

	// Every parameter is read, and reported in its field.
	for param, raw := range props {
		prop, _ := raw.(map[string]any)
		sent, want := sampleValue(t, param, prop, nap)
		f := form("NetworkAccessProfile", nap)
		f.Set(param, sent)
		m := h.do(http.MethodPost, "/v1/Fleets", f).expect(t, http.StatusCreated)
		if field := responseField(param); !jsonEqual(m[field], want) {
			t.Errorf("create with %s=%q: %s = %v, want %v", param, sent, field, m[field], want)
		}
	}
	// A required parameter left out is refused, naming it.
	required, _ := schema["required"].([]any)
	if len(required) == 0 {
		t.Fatal("the reference's CreateFleetRequest requires nothing; the test expects NetworkAccessProfile")
	}
	for _, r := range required {
		f := form()
		for _, other := range required {
			if other != r {
				name, _ := other.(string)
				prop, _ := props[name].(map[string]any)
				sent, _ := sampleValue(t, name, prop, nap)
				f.Set(name, sent)
			}
		}
		param, _ := r.(string)
		h.do(http.MethodPost, "/v1/Fleets", f).expectError(t, http.StatusBadRequest, 20001, param)
	}
}

// documentedDefault reads "Defaults to `x`" or "Defaults to 1GB (1,000)"
// from a description.
var documentedDefault = regexp.MustCompile("Defaults to (?:`([^`]+)`|[^(.]*\\(([0-9,]+)\\))")

func TestReferenceFleetCreateDefaults(t *testing.T) {
	t.Parallel()
	props := mapNode(t, formSchema(t, "/v1/Fleets"), "properties")
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "n")
	m := h.do(http.MethodPost, "/v1/Fleets", form("NetworkAccessProfile", nap)).expect(t, http.StatusCreated)
	checked := 0
	for param, raw := range props {
		prop, _ := raw.(map[string]any)
		desc := strings.Join(strings.Fields(stringNode(prop, "description")), " ")
		if !strings.Contains(desc, "Defaults to") {
			continue
		}
		match := documentedDefault.FindStringSubmatch(desc)
		if match == nil {
			t.Errorf("cannot read the default of %s from %q", param, desc)
			continue
		}
		var want any
		switch text := match[1] + strings.ReplaceAll(match[2], ",", ""); prop["type"] {
		case "boolean":
			want = text == "true"
		case "integer":
			n, err := strconv.Atoi(text)
			if err != nil {
				t.Fatalf("%s: default %q is not an integer", param, text)
			}
			want = float64(n)
		default:
			want = text
		}
		field := responseField(param)
		if !jsonEqual(m[field], want) {
			t.Errorf("a create without %s gives %s = %v; the reference documents %v", param, field, m[field], want)
		}
		checked++
	}
	// DataEnabled, DataLimit, both methods and SmsCommandsEnabled.
	if checked < 5 {
		t.Fatalf("only %d documented defaults found in CreateFleetRequest", checked)
	}
}

// documentedRange reads "between 1MB (1) and 2TB (2,000,000)".
var documentedRange = regexp.MustCompile(`between [^(]*\(([0-9,]+)\) and [^(]*\(([0-9,]+)\)`)

func TestReferenceFleetRangesAndEnums(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "n")
	fleet, err := h.e.CreateFleet(nap, "f")
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []struct{ refPath, method, url string }{
		{"/v1/Fleets", http.MethodPost, "/v1/Fleets"},
		{"/v1/Fleets/{Sid}", http.MethodPost, "/v1/Fleets/" + fleet},
	} {
		props := mapNode(t, formSchema(t, op.refPath), "properties")
		send := func(param, value string) response {
			f := form()
			if op.refPath == "/v1/Fleets" {
				f.Set("NetworkAccessProfile", nap)
			}
			f.Set(param, value)
			return h.do(op.method, op.url, f)
		}
		ok := func(r response) bool { return r.status == http.StatusOK || r.status == http.StatusCreated }
		for param, raw := range props {
			prop, _ := raw.(map[string]any)
			desc := strings.Join(strings.Fields(stringNode(prop, "description")), " ")
			if m := documentedRange.FindStringSubmatch(desc); m != nil {
				lo, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
				hi, _ := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
				for _, v := range []int{lo, hi} {
					if r := send(param, strconv.Itoa(v)); !ok(r) {
						t.Errorf("%s %s with %s=%d: %d %s; the reference allows %d to %d", op.method, op.refPath, param, v, r.status, r.body, lo, hi)
					}
				}
				for _, v := range []int{lo - 1, hi + 1} {
					send(param, strconv.Itoa(v)).expectError(t, http.StatusBadRequest, 20001, param)
				}
			}
			if enum, isEnum := prop["enum"].([]any); isEnum {
				for _, v := range enum {
					if r := send(param, fmt.Sprint(v)); !ok(r) {
						t.Errorf("%s %s with %s=%v: %d %s", op.method, op.refPath, param, v, r.status, r.body)
					}
				}
				send(param, "PATCH").expectError(t, http.StatusBadRequest, 20001, param)
			}
		}
	}
}

func TestReferenceFleetUpdateParameters(t *testing.T) {
	t.Parallel()
	updatable := mapNode(t, formSchema(t, "/v1/Fleets/{Sid}"), "properties")
	creatable := mapNode(t, formSchema(t, "/v1/Fleets"), "properties")
	h := newHarness(t, Options{})
	first := mustCreateNAP(t, h.e, "first")
	second := mustCreateNAP(t, h.e, "second")
	fleet, err := h.e.CreateFleet(first, "f")
	if err != nil {
		t.Fatal(err)
	}
	// Every update parameter changes its field.
	for param, raw := range updatable {
		prop, _ := raw.(map[string]any)
		sent, want := sampleValue(t, param, prop, second)
		m := h.do(http.MethodPost, "/v1/Fleets/"+fleet, form(param, sent)).expect(t, http.StatusOK)
		if field := responseField(param); !jsonEqual(m[field], want) {
			t.Errorf("update with %s=%q: %s = %v, want %v", param, sent, field, m[field], want)
		}
	}
	// Create-only parameters change nothing on update.
	for param, raw := range creatable {
		if _, ok := updatable[param]; ok {
			continue
		}
		prop, _ := raw.(map[string]any)
		before := h.do(http.MethodGet, "/v1/Fleets/"+fleet, nil).expect(t, http.StatusOK)
		sent, _ := sampleValue(t, param, prop, second)
		after := h.do(http.MethodPost, "/v1/Fleets/"+fleet, form(param, sent)).expect(t, http.StatusOK)
		if field := responseField(param); !jsonEqual(before[field], after[field]) {
			t.Errorf("%s is not an UpdateFleetRequest parameter, yet an update with it changed %s from %v to %v", param, field, before[field], after[field])
		}
	}
}

func TestReferenceFleetListAndMethods(t *testing.T) {
	t.Parallel()
	ref := reference(t)
	h := newHarness(t, Options{})
	a := mustCreateNAP(t, h.e, "a")
	b := mustCreateNAP(t, h.e, "b")
	onA, _ := h.e.CreateFleet(a, "on-a")
	if _, err := h.e.CreateFleet(b, ""); err != nil {
		t.Fatal(err)
	}

	// The list's query parameters include the profile filter, which takes
	// a SID or a unique name.
	var filter bool
	params, _ := node(t, ref, "paths", "/v1/Fleets", "get", "parameters").([]any)
	for _, p := range params {
		pm, _ := p.(map[string]any)
		filter = filter || pm["name"] == "NetworkAccessProfile" && pm["in"] == "query"
	}
	if !filter {
		t.Fatal("the reference's fleet list has no NetworkAccessProfile query parameter")
	}
	for _, napRef := range []string{a, "a"} {
		list := h.do(http.MethodGet, "/v1/Fleets?NetworkAccessProfile="+napRef, nil).expect(t, http.StatusOK)
		items := itemsAt(t, list, "fleets")
		if len(items) != 1 || items[0]["sid"] != onA {
			t.Errorf("the list filtered by %q holds %s, want only %s", napRef, mustJSON(items), onA)
		}
		metaProps := mapNode(t, ref, "paths", "/v1/Fleets", "get", "responses", "200", "content", "application/json", "schema", "properties", "meta", "properties")
		var metaKeys []string
		for k := range metaProps {
			metaKeys = append(metaKeys, k)
		}
		expectKeys(t, objectAt(t, list, "meta"), metaKeys...)
	}

	// Methods the reference does not list for a path answer 405: there is
	// no DELETE for Fleets.
	for path, url := range map[string]string{"/v1/Fleets": "/v1/Fleets", "/v1/Fleets/{Sid}": "/v1/Fleets/" + onA} {
		ops := mapNode(t, ref, "paths", path)
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if _, documented := ops[strings.ToLower(method)]; documented {
				continue
			}
			h.do(method, url, nil).expectError(t, http.StatusMethodNotAllowed, 20004)
		}
	}
}
