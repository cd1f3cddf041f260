package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/supersim-tf/terraform-provider-supersim/internal/openapicheck"
)

// These tests hold the emulator's parameters to the OpenAPI description of
// the Super SIM API, read through internal/openapicheck: every parameter,
// enum, range and documented default comes from the file, not retyped
// here. The file is vendored under testdata/openapi, so the tests always
// have it; $SUPERSIM_OPENAPI points them at another copy.

// reference is the loaded description; failing to load it fails the test,
// as every check here depends on it.
func reference(t *testing.T) *openapicheck.Spec {
	t.Helper()
	spec, err := openapicheck.Vendored()
	if err != nil {
		t.Fatalf("the Super SIM OpenAPI description cannot be used: %v (the vendored copy is under testdata/openapi; %s overrides it)", err, openapicheck.OverrideEnv)
	}
	return spec
}

// referenceOperation is the description's operation for a method and a
// path template; a missing one fails the test, naming it.
func referenceOperation(t *testing.T, method, template string) *openapi3.Operation {
	t.Helper()
	item := reference(t).Doc().Paths.Value(template)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("the description has no %s %s", method, template)
	}
	return item.GetOperation(method)
}

// formSchema is the form body schema of the POST on a path template.
func formSchema(t *testing.T, template string) *openapi3.Schema {
	t.Helper()
	op := referenceOperation(t, http.MethodPost, template)
	if op.RequestBody == nil || op.RequestBody.Value.Content.Get(formContentType) == nil {
		t.Fatalf("POST %s takes no form body in the description", template)
	}
	return op.RequestBody.Value.Content.Get(formContentType).Schema.Value
}

// responseField maps a form parameter to the response field that reports
// it: PascalCase to snake_case, and a reference to another resource to
// its SID.
func responseField(param string) string {
	var b strings.Builder
	for i, r := range param {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	if param == "NetworkAccessProfile" || param == "Fleet" {
		b.WriteString("_sid")
	}
	return b.String()
}

// sampleValue is a valid value for a form parameter that differs from
// every documented default, and the JSON value the response should hold.
func sampleValue(t *testing.T, param string, prop *openapi3.Schema, refSID string) (string, any) {
	t.Helper()
	switch {
	case param == "NetworkAccessProfile" || param == "Fleet":
		return refSID, refSID
	case prop.Type.Is(openapi3.TypeBoolean):
		return "false", false
	case prop.Type.Is(openapi3.TypeInteger):
		return "4321", float64(4321)
	case prop.Format == "uri":
		v := "https://devices.example.com/" + strings.ToLower(param)
		return v, v
	case len(prop.Enum) > 0:
		v := fmt.Sprint(prop.Enum[0])
		return v, v
	case prop.Type.Is(openapi3.TypeString):
		v := "sample " + param
		return v, v
	}
	t.Fatalf("no sample value for parameter %s of type %v", param, prop.Type)
	return "", nil
}

// The fields of the description's own examples are the ones the emulator
// answers (the schemas themselves are checked on every answer by the
// conformance test).
func TestReferenceExamplesHaveTheEmulatorsFields(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	fleet := mustCreateFleet(t, h.e, "f")
	sim := mustCreateSim(t, h.e, testICCID)
	for _, tc := range []struct {
		template, example, target string
		item                      func(map[string]any) map[string]any
	}{
		{"/v1/Fleets/{Sid}", "fetch", "/v1/Fleets/" + fleet, nil},
		{"/v1/Sims/{Sid}", "fetch", simURL(sim), nil},
		{"/v1/UsageRecords", "readAll", usagePath, func(m map[string]any) map[string]any { return itemsAt(t, m, "usage_records")[0] }},
	} {
		media := referenceOperation(t, http.MethodGet, tc.template).Responses.Status(http.StatusOK).Value.Content.Get("application/json")
		example, ok := media.Examples[tc.example]
		if !ok {
			t.Fatalf("GET %s has no example %q", tc.template, tc.example)
		}
		want, _ := example.Value.Value.(map[string]any)
		got := h.do(http.MethodGet, tc.target, nil).expect(t, http.StatusOK)
		if tc.item != nil {
			want, got = tc.item(want), tc.item(got)
		}
		if !slices.Equal(sortedKeys(got), sortedKeys(want)) {
			t.Errorf("GET %s: the emulator answers %v, the example %q has %v", tc.template, sortedKeys(got), tc.example, sortedKeys(want))
		}
	}
}

func TestReferenceFleetCreateParameters(t *testing.T) {
	t.Parallel()
	schema := formSchema(t, "/v1/Fleets")
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "n")

	// Every parameter is read, and reported in its field.
	for param, ref := range schema.Properties {
		sent, want := sampleValue(t, param, ref.Value, nap)
		f := form("NetworkAccessProfile", nap)
		f.Set(param, sent)
		m := h.do(http.MethodPost, "/v1/Fleets", f).expect(t, http.StatusCreated)
		if field := responseField(param); !jsonEqual(m[field], want) {
			t.Errorf("create with %s=%q: %s = %v, want %v", param, sent, field, m[field], want)
		}
	}
	if len(schema.Required) == 0 {
		t.Fatal("the description's CreateFleetRequest requires nothing; the test expects NetworkAccessProfile")
	}
	expectRequiredFieldsRefused(t, h, "/v1/Fleets", schema, func(param string) string {
		sent, _ := sampleValue(t, param, schema.Properties[param].Value, nap)
		return sent
	})
}

// expectRequiredFieldsRefused leaves out each required field in turn,
// sending the others, and wants a 400 naming the missing one.
func expectRequiredFieldsRefused(t *testing.T, h *apiHarness, target string, schema *openapi3.Schema, valid func(param string) string) {
	t.Helper()
	for _, missing := range schema.Required {
		f := form()
		for _, other := range schema.Required {
			if other != missing {
				f.Set(other, valid(other))
			}
		}
		h.do(http.MethodPost, target, f).expectError(t, http.StatusBadRequest, 20001, missing)
	}
}

// documentedDefault reads "Defaults to `x`" or "Defaults to 1GB (1,000)"
// from a description.
var documentedDefault = regexp.MustCompile("Defaults to (?:`([^`]+)`|[^(.]*\\(([0-9,]+)\\))")

func TestReferenceFleetCreateDefaults(t *testing.T) {
	t.Parallel()
	schema := formSchema(t, "/v1/Fleets")
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "n")
	m := h.do(http.MethodPost, "/v1/Fleets", form("NetworkAccessProfile", nap)).expect(t, http.StatusCreated)
	checked := 0
	for param, ref := range schema.Properties {
		desc := strings.Join(strings.Fields(ref.Value.Description), " ")
		if !strings.Contains(desc, "Defaults to") {
			continue
		}
		match := documentedDefault.FindStringSubmatch(desc)
		if match == nil {
			t.Errorf("cannot read the default of %s from %q", param, desc)
			continue
		}
		var want any
		switch text := match[1] + strings.ReplaceAll(match[2], ",", ""); {
		case ref.Value.Type.Is(openapi3.TypeBoolean):
			want = text == "true"
		case ref.Value.Type.Is(openapi3.TypeInteger):
			n, err := strconv.Atoi(text)
			if err != nil {
				t.Fatalf("%s: default %q is not an integer", param, text)
			}
			want = float64(n)
		default:
			want = text
		}
		if field := responseField(param); !jsonEqual(m[field], want) {
			t.Errorf("a create without %s gives %s = %v; the description documents %v", param, field, m[field], want)
		}
		checked++
	}
	// DataEnabled, DataLimit, both methods and SmsCommandsEnabled.
	if checked < 5 {
		t.Fatalf("only %d documented defaults found in CreateFleetRequest", checked)
	}
}

// documentedRange reads "between 1MB (1) and 2TB (2,000,000)": the
// description states the DataLimit range in words, not in the schema.
var documentedRange = regexp.MustCompile(`between [^(]*\(([0-9,]+)\) and [^(]*\(([0-9,]+)\)`)

func TestReferenceFleetDocumentedRanges(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "n")
	fleet, err := h.e.CreateFleet(nap, "f")
	if err != nil {
		t.Fatal(err)
	}
	ranges := 0
	for _, op := range []struct{ template, target string }{{"/v1/Fleets", "/v1/Fleets"}, {"/v1/Fleets/{Sid}", "/v1/Fleets/" + fleet}} {
		send := func(param, value string) response {
			f := form(param, value)
			if op.template == "/v1/Fleets" {
				f.Set("NetworkAccessProfile", nap)
			}
			return h.do(http.MethodPost, op.target, f)
		}
		for param, ref := range formSchema(t, op.template).Properties {
			m := documentedRange.FindStringSubmatch(strings.Join(strings.Fields(ref.Value.Description), " "))
			if m == nil {
				continue
			}
			ranges++
			lo, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
			hi, _ := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
			for _, v := range []int{lo, hi} {
				if r := send(param, strconv.Itoa(v)); r.status >= 300 {
					t.Errorf("POST %s with %s=%d: %d %s; the description allows %d to %d", op.template, param, v, r.status, r.body, lo, hi)
				}
			}
			for _, v := range []int{lo - 1, hi + 1} {
				send(param, strconv.Itoa(v)).expectError(t, http.StatusBadRequest, 20001, param)
			}
		}
	}
	if ranges < 2 {
		t.Fatalf("found %d documented ranges, want DataLimit's on create and update", ranges)
	}
}

func TestReferenceFleetUpdateParameters(t *testing.T) {
	t.Parallel()
	updatable := formSchema(t, "/v1/Fleets/{Sid}").Properties
	creatable := formSchema(t, "/v1/Fleets").Properties
	h := newHarness(t, Options{})
	first := mustCreateNAP(t, h.e, "first")
	second := mustCreateNAP(t, h.e, "second")
	fleet, err := h.e.CreateFleet(first, "f")
	if err != nil {
		t.Fatal(err)
	}
	// Every update parameter changes its field.
	for param, ref := range updatable {
		sent, want := sampleValue(t, param, ref.Value, second)
		m := h.do(http.MethodPost, "/v1/Fleets/"+fleet, form(param, sent)).expect(t, http.StatusOK)
		if field := responseField(param); !jsonEqual(m[field], want) {
			t.Errorf("update with %s=%q: %s = %v, want %v", param, sent, field, m[field], want)
		}
	}
	// Create-only parameters change nothing on update.
	for param, ref := range creatable {
		if _, ok := updatable[param]; ok {
			continue
		}
		before := h.do(http.MethodGet, "/v1/Fleets/"+fleet, nil).expect(t, http.StatusOK)
		sent, _ := sampleValue(t, param, ref.Value, second)
		after := h.do(http.MethodPost, "/v1/Fleets/"+fleet, form(param, sent)).expect(t, http.StatusOK)
		if field := responseField(param); !jsonEqual(before[field], after[field]) {
			t.Errorf("%s is not an UpdateFleetRequest parameter, yet an update with it changed %s from %v to %v", param, field, before[field], after[field])
		}
	}
}

func TestReferenceSimParameters(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	fleet := mustCreateFleet(t, h.e, "f")
	sim := mustCreateSim(t, h.e, testICCID)

	create := formSchema(t, "/v1/Sims")
	expectRequiredFieldsRefused(t, h, simsPath, create, func(param string) string {
		return map[string]string{"Iccid": otherICCID, "RegistrationCode": testRegCode}[param]
	})

	// Every update parameter is taken; those the SIM reports change their
	// field. The callback is only ever called after an asynchronous
	// change, and AccountSid must stay the emulator's one account.
	reported := map[string]bool{"UniqueName": true, "Status": true, "Fleet": true}
	for param, ref := range formSchema(t, "/v1/Sims/{Sid}").Properties {
		sent, want := sampleValue(t, param, ref.Value, fleet)
		if param == "AccountSid" {
			sent = DefaultAccountSID
		}
		m := h.do(http.MethodPost, simURL(sim), form(param, sent)).expect(t, http.StatusOK)
		if field := responseField(param); reported[param] && !jsonEqual(m[field], want) {
			t.Errorf("update with %s=%q: %s = %v, want %v", param, sent, field, m[field], want)
		}
	}
}

// Every value an enum of the description allows, and the bounds of its
// numeric ranges, are taken by the emulator: what the API accepts must
// not fail against the emulator.
func TestEmulatorTakesEveryValueTheReferenceAllows(t *testing.T) {
	t.Parallel()
	fx := newOperationFixture(t)
	for _, target := range fx.targets {
		forEachParameter(t, target, func(where, name string, schema *openapi3.Schema) {
			for _, value := range allowedValues(schema) {
				res := fx.send(target, where, name, value)
				if res.status >= 300 {
					t.Errorf("%s with %s %s=%q: %d %s; the description allows it", target.route, where, name, value, res.status, res.body)
				}
			}
		})
	}
}

// Every value the description forbids (outside an enum or a range, not
// an integer or boolean, against a pattern or a format) is refused with a
// 400 naming the parameter, as the API would, and openapicheck flags it
// too, which shows the values really are forbidden.
func TestEmulatorRefusesEveryValueTheReferenceForbids(t *testing.T) {
	t.Parallel()
	fx := newOperationFixture(t)
	spec := reference(t)
	refused := 0
	for _, target := range fx.targets {
		forEachParameter(t, target, func(where, name string, schema *openapi3.Schema) {
			for _, value := range forbiddenValues(schema) {
				t.Run(fmt.Sprintf("%s %s %s=%s", target.route, where, name, value), func(t *testing.T) {
					query, body := target.request(where, name, value)
					method, _ := splitPattern(target.route)
					if err := spec.CheckRequest(method, target.path, query, body); err == nil || !strings.Contains(err.Error(), name) {
						t.Errorf("openapicheck does not flag it (%v)", err)
					}
					fx.send(target, where, name, value).expectError(t, http.StatusBadRequest, 20001, name)
				})
				refused++
			}
		})
	}
	if refused < 30 {
		t.Fatalf("only %d forbidden values tried; is the description still read?", refused)
	}
}

// operationTarget is a concrete request for one route: its path, and the
// form fields it needs besides the one under test.
type operationTarget struct {
	route    string
	template string
	path     string
	base     url.Values
}

// request builds the query and form of a request setting one parameter.
func (o operationTarget) request(where, name, value string) (query, body url.Values) {
	query = url.Values{}
	body = url.Values{}
	for k, v := range o.base {
		body[k] = slices.Clone(v)
	}
	if where == "query" {
		query.Set(name, value)
	} else {
		body.Set(name, value)
	}
	return query, body
}

type operationFixture struct {
	h       *apiHarness
	targets []operationTarget
}

// newOperationFixture has a target for every API route of the emulator,
// with the resources their paths name.
func newOperationFixture(t *testing.T) *operationFixture {
	t.Helper()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "", attSID)
	fleet := mustCreateFleet(t, h.e, "f")
	sim := mustCreateSim(t, h.e, testICCID)
	targets := map[string]operationTarget{
		RouteListNAPs:         {path: "/v1/NetworkAccessProfiles"},
		RouteCreateNAP:        {path: "/v1/NetworkAccessProfiles"},
		RouteFetchNAP:         {path: napURL(nap)},
		RouteUpdateNAP:        {path: napURL(nap)},
		RouteListNAPNetworks:  {path: napURL(nap) + "/Networks"},
		RouteAddNAPNetwork:    {path: napURL(nap) + "/Networks", base: form("Network", eeSID)},
		RouteFetchNAPNetwork:  {path: napURL(nap) + "/Networks/" + attSID},
		RouteRemoveNAPNetwork: {path: napURL(nap) + "/Networks/" + attSID},
		RouteListNetworks:     {path: "/v1/Networks"},
		RouteFetchNetwork:     {path: "/v1/Networks/" + attSID},
		RouteListFleets:       {path: "/v1/Fleets"},
		RouteCreateFleet:      {path: "/v1/Fleets", base: form("NetworkAccessProfile", nap)},
		RouteFetchFleet:       {path: "/v1/Fleets/" + fleet},
		RouteUpdateFleet:      {path: "/v1/Fleets/" + fleet},
		RouteListSims:         {path: simsPath},
		RouteCreateSim:        {path: simsPath, base: form("Iccid", otherICCID, "RegistrationCode", testRegCode)},
		RouteFetchSim:         {path: simURL(sim)},
		RouteUpdateSim:        {path: simURL(sim)},
		RouteListUsageRecords: {path: usagePath},
	}
	fx := &operationFixture{h: h}
	for _, rt := range operationRoutes {
		if !rt.api {
			continue
		}
		target, ok := targets[rt.key]
		if !ok {
			t.Fatalf("no target for %s: add one so its parameters are checked against the description", rt.key)
		}
		method, _ := splitPattern(rt.key)
		op, err := reference(t).FindOperation(method, target.path)
		if err != nil {
			t.Fatalf("%s: %v", rt.key, err)
		}
		target.route, target.template = rt.key, op.Path
		fx.targets = append(fx.targets, target)
	}
	return fx
}

// send makes the request setting one parameter. A create it lets through
// makes a new resource; the targets' creates need no unique values, so the
// next request still starts from a state that works.
func (fx *operationFixture) send(target operationTarget, where, name, value string) response {
	query, body := target.request(where, name, value)
	method, _ := splitPattern(target.route)
	path := target.path
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	return fx.h.do(method, path, body)
}

// forEachParameter calls fn for every query parameter and form field of
// the target's operation that has a schema.
func forEachParameter(t *testing.T, target operationTarget, fn func(where, name string, schema *openapi3.Schema)) {
	t.Helper()
	method, _ := splitPattern(target.route)
	op := referenceOperation(t, method, target.template)
	for _, p := range op.Parameters {
		if p.Value.In == openapi3.ParameterInQuery && p.Value.Schema != nil {
			fn("query", p.Value.Name, p.Value.Schema.Value)
		}
	}
	if op.RequestBody == nil {
		return
	}
	schema := op.RequestBody.Value.Content.Get(formContentType).Schema.Value
	for _, name := range sortedKeys(schema.Properties) {
		prop := schema.Properties[name].Value
		if prop.Type.Is(openapi3.TypeArray) && prop.Items != nil {
			prop = prop.Items.Value // one value of a repeated field
		}
		fn("form", name, prop)
	}
}

// allowedValues are the values a schema names as valid: its enum, the
// bounds of its range, both booleans.
func allowedValues(s *openapi3.Schema) []string {
	var out []string
	for _, v := range s.Enum {
		out = append(out, fmt.Sprint(v))
	}
	if s.Min != nil {
		out = append(out, strconv.FormatFloat(*s.Min, 'f', -1, 64))
	}
	if s.Max != nil {
		out = append(out, strconv.FormatFloat(*s.Max, 'f', -1, 64))
	}
	if s.Type.Is(openapi3.TypeBoolean) {
		out = append(out, "true", "false")
	}
	return out
}

// forbiddenValues are values a schema rules out, one per constraint.
func forbiddenValues(s *openapi3.Schema) []string {
	var out []string
	if len(s.Enum) > 0 {
		out = append(out, "not-"+fmt.Sprint(s.Enum[0]))
	}
	if s.Min != nil {
		out = append(out, strconv.FormatFloat(*s.Min-1, 'f', -1, 64))
	}
	if s.Max != nil {
		out = append(out, strconv.FormatFloat(*s.Max+1, 'f', -1, 64))
	}
	switch {
	case s.Type.Is(openapi3.TypeInteger):
		out = append(out, "1.5")
	case s.Type.Is(openapi3.TypeBoolean):
		out = append(out, "maybe")
	}
	if s.Pattern != "" {
		out = append(out, "no match")
	}
	switch s.Format {
	case "date-time":
		out = append(out, "yesterday")
	case "iso-country-code":
		out = append(out, "FRA")
	case "uri":
		out = append(out, "relative/path")
	}
	return out
}

func TestReferenceListFiltersAndMethods(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	a := mustCreateNAP(t, h.e, "a")
	onA, err := h.e.CreateFleet(a, "on-a")
	if err != nil {
		t.Fatal(err)
	}
	sim := mustCreateSim(t, h.e, testICCID)

	// The Fleet list filters by profile, given by SID or unique name.
	for _, napRef := range []string{a, "a"} {
		list := h.do(http.MethodGet, "/v1/Fleets?NetworkAccessProfile="+napRef, nil).expect(t, http.StatusOK)
		if items := itemsAt(t, list, "fleets"); len(items) != 1 || items[0]["sid"] != onA {
			t.Errorf("the list filtered by %q holds %s, want only %s", napRef, mustJSON(items), onA)
		}
	}

	// Methods the description does not list for a path answer 405: there
	// is no DELETE of Fleets or SIMs, and usage is read-only.
	for template, target := range map[string]string{
		"/v1/Fleets": "/v1/Fleets", "/v1/Fleets/{Sid}": "/v1/Fleets/" + onA,
		"/v1/Sims": simsPath, "/v1/Sims/{Sid}": simURL(sim), "/v1/UsageRecords": usagePath,
	} {
		item := reference(t).Doc().Paths.Value(template)
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if item.GetOperation(method) == nil {
				h.do(method, target, nil).expectError(t, http.StatusMethodNotAllowed, 20004)
			}
		}
	}
}
