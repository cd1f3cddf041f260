package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// These tests drive the emulator through every operation it serves and
// hold each answer to the response the OpenAPI document declares for its
// path, method and status: the body is validated against that schema, not
// against expectations written here. Which status a success carries is
// also read from the document.

// twilioErrorSchemaYAML is the error body, in the document's own schema
// dialect so the same validator checks it. The document declares no error
// responses; this shape is the one the reference README gives for every
// Twilio error.
const twilioErrorSchemaYAML = `
type: object
properties:
  code:
    type: integer
  message:
    type: string
  more_info:
    type: string
    format: uri
    pattern: ^https://www\.twilio\.com/docs/errors/[0-9]+$
  status:
    type: integer
`

var twilioErrorSchema = sync.OnceValues(func() (map[string]any, error) {
	var s map[string]any
	err := yaml.Unmarshal([]byte(twilioErrorSchemaYAML), &s)
	return s, err
})

// specOperation is one path and method of the document.
type specOperation struct {
	method   string
	template string
	id       string
	op       map[string]any
}

// label names the operation in failure messages the way a reader finds it
// in the document: operationId, method and path template.
func (o specOperation) label() string {
	if o.op == nil {
		return fmt.Sprintf("%s %s (not in the document)", o.method, o.template)
	}
	return fmt.Sprintf("%s (%s %s)", o.id, o.method, o.template)
}

// findOperation maps a request to the document's operation. A request path
// is matched segment by segment, a {param} segment taking any one escaped
// segment; when several templates match, the one with more literal
// segments wins, as it is the more specific. A path or method the document
// lacks gives an operation without op, whose answers can only be errors.
func findOperation(doc map[string]any, method, escapedPath string) specOperation {
	paths, _ := doc["paths"].(map[string]any)
	best, bestLiterals := "", -1
	for template := range paths {
		if literals, ok := matchTemplate(template, escapedPath); ok && literals > bestLiterals {
			best, bestLiterals = template, literals
		}
	}
	found := specOperation{method: method, template: escapedPath}
	if best == "" {
		return found
	}
	found.template = best
	pathItem, _ := paths[best].(map[string]any)
	if op, ok := pathItem[strings.ToLower(method)].(map[string]any); ok {
		found.op = op
		found.id, _ = op["operationId"].(string)
	}
	return found
}

// matchTemplate reports whether a path fits a template, and how many of
// the template's segments are literal.
func matchTemplate(template, escapedPath string) (int, bool) {
	want := strings.Split(template, "/")
	got := strings.Split(escapedPath, "/")
	if len(want) != len(got) {
		return 0, false
	}
	literals := 0
	for i, w := range want {
		switch {
		case isTemplateParam(w):
			if got[i] == "" {
				return 0, false
			}
		case w == got[i]:
			literals++
		default:
			return 0, false
		}
	}
	return literals, true
}

func isTemplateParam(segment string) bool {
	return strings.HasPrefix(segment, "{") && strings.HasSuffix(segment, "}")
}

// normalizedRoute writes "GET /v1/X/{Sid}" as "GET /v1/X/{}", so the
// emulator's route patterns and the document's templates, which name their
// parameters differently, compare equal.
func normalizedRoute(method, template string) string {
	segments := strings.Split(template, "/")
	for i, s := range segments {
		if isTemplateParam(s) {
			segments[i] = "{}"
		}
	}
	return method + " " + strings.Join(segments, "/")
}

// documentedSuccesses are the 2xx statuses the document gives the
// operation (an update that may finish later has both 200 and 202).
func (o specOperation) documentedSuccesses() ([]int, error) {
	responses, _ := o.op["responses"].(map[string]any)
	var found []int
	for code := range responses {
		if n, err := strconv.Atoi(code); err == nil && n >= 200 && n < 300 {
			found = append(found, n)
		}
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("%s documents no success status", o.label())
	}
	return found, nil
}

// responseProblems lists every way an answer departs from what the
// document declares for the operation and status.
func responseProblems(doc map[string]any, o specOperation, res response) []string {
	responses, _ := o.op["responses"].(map[string]any)
	declared, documented := responses[strconv.Itoa(res.status)].(map[string]any)
	switch {
	case documented:
		return declaredResponseProblems(doc, declared, res)
	case res.status >= 400:
		return errorBodyProblems(res)
	}
	return []string{fmt.Sprintf("status %d is not documented for the operation", res.status)}
}

// declaredResponseProblems checks an answer against a response object: no
// content declared means an empty body (a 204), otherwise the declared
// media type and its schema.
func declaredResponseProblems(doc, declared map[string]any, res response) []string {
	content, hasContent := declared["content"].(map[string]any)
	if !hasContent {
		if len(res.body) != 0 {
			return []string{fmt.Sprintf("the document declares no body, the answer has %d bytes: %s", len(res.body), res.body)}
		}
		return nil
	}
	mediaType, _, _ := mime.ParseMediaType(res.header.Get("Content-Type"))
	media, declaredType := content[mediaType].(map[string]any)
	if !declaredType {
		return []string{fmt.Sprintf("Content-Type %q is not one the document declares (%v)", mediaType, sortedKeys(content))}
	}
	body, err := decodeJSONBody(res.body)
	if err != nil {
		return []string{err.Error()}
	}
	problems := validateAgainstSchema(doc, media["schema"], body)
	return append(problems, listMetaKeyProblems(body)...)
}

// listMetaKeyProblems checks what the schema cannot say: meta.key names
// the property that holds the list.
func listMetaKeyProblems(body any) []string {
	obj, _ := body.(map[string]any)
	meta, isList := obj["meta"].(map[string]any)
	if !isList {
		return nil
	}
	key, _ := meta["key"].(string)
	if _, ok := obj[key].([]any); !ok || key == "meta" {
		return []string{fmt.Sprintf("$.meta.key: %q does not name the body's list (keys %v)", key, sortedKeys(obj))}
	}
	return nil
}

// errorBodyProblems checks an error answer against the Twilio error shape,
// and that the body agrees with the HTTP status and with its own code.
func errorBodyProblems(res response) []string {
	schema, err := twilioErrorSchema()
	if err != nil {
		return []string{"the error schema does not parse: " + err.Error()}
	}
	if mediaType, _, _ := mime.ParseMediaType(res.header.Get("Content-Type")); mediaType != "application/json" {
		return []string{fmt.Sprintf("an error answer has Content-Type %q, want application/json", mediaType)}
	}
	body, err := decodeJSONBody(res.body)
	if err != nil {
		return []string{err.Error()}
	}
	if problems := validateAgainstSchema(nil, schema, body); len(problems) > 0 {
		for i, p := range problems {
			problems[i] = "Twilio error shape: " + p
		}
		return problems
	}
	obj, _ := body.(map[string]any) // the schema check proved it an object
	return errorConsistencyProblems(res.status, obj)
}

func errorConsistencyProblems(status int, body map[string]any) []string {
	var problems []string
	if body["status"] != json.Number(strconv.Itoa(status)) {
		problems = append(problems, fmt.Sprintf("$.status: %v, but the HTTP status is %d", body["status"], status))
	}
	moreInfo, _ := body["more_info"].(string)
	if code := fmt.Sprint(body["code"]); !strings.HasSuffix(moreInfo, "/"+code) {
		problems = append(problems, fmt.Sprintf("$.more_info: %q is not the page of code %s", moreInfo, code))
	}
	return problems
}

// decodeJSONBody decodes one JSON value with exact numbers; trailing data
// is an error, as a client would choke on it.
func decodeJSONBody(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the body is not JSON: %v: %s", err, raw)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("the body has data after its JSON value: %s", raw)
	}
	return v, nil
}

// servedOperations records which operations answered with their
// documented success, so the test can prove none was left out.
type servedOperations struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (s *servedOperations) record(o specOperation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen[normalizedRoute(o.method, o.template)] = true
}

func (s *servedOperations) has(route string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[route]
}

// conformance drives one emulator and checks every answer it gets.
type conformance struct {
	t      *testing.T
	h      *apiHarness
	doc    map[string]any
	served *servedOperations
}

func newConformance(t *testing.T, served *servedOperations, opts Options) *conformance {
	t.Helper()
	return &conformance{t: t, h: newHarness(t, opts), doc: reference(t), served: served}
}

// succeed sends a request the scenario expects to work. The answer must
// carry the operation's documented success status; its decoded body
// (numbers as json.Number) is returned for the next steps.
func (c *conformance) succeed(method, target string, f url.Values) map[string]any {
	c.t.Helper()
	req := c.request(method, target, f)
	o := c.operation(req)
	if o.op == nil {
		c.t.Fatalf("%s: the emulator serves it, the document has no such operation", o.label())
	}
	want, err := o.documentedSuccesses()
	if err != nil {
		c.t.Fatal(err)
	}
	res := c.h.send(req)
	if !slices.Contains(want, res.status) {
		c.t.Fatalf("%s answered %d to %s, the document's successes are %v; body %s", o.label(), res.status, target, want, res.body)
	}
	c.check(o, target, res)
	c.served.record(o)
	body, _ := decodeJSONBody(res.body)
	obj, _ := body.(map[string]any)
	return obj
}

// refuse sends a request the scenario expects to be refused with status.
func (c *conformance) refuse(method, target string, f url.Values, status int) {
	c.t.Helper()
	c.refuseRequest(c.request(method, target, f), status)
}

func (c *conformance) refuseRequest(req *http.Request, status int) {
	c.t.Helper()
	o := c.operation(req)
	res := c.h.send(req)
	if res.status != status {
		c.t.Fatalf("%s answered %d to %s %s, the scenario wants %d; body %s", o.label(), res.status, req.Method, req.URL.RequestURI(), status, res.body)
	}
	c.check(o, req.URL.RequestURI(), res)
}

func (c *conformance) request(method, target string, f url.Values) *http.Request {
	c.t.Helper()
	req, err := c.h.ts.NewRequest(method, target, f)
	if err != nil {
		c.t.Fatalf("build %s %s: %v", method, target, err)
	}
	return req
}

func (c *conformance) operation(req *http.Request) specOperation {
	return findOperation(c.doc, req.Method, req.URL.EscapedPath())
}

func (c *conformance) check(o specOperation, target string, res response) {
	c.t.Helper()
	for _, p := range responseProblems(c.doc, o, res) {
		c.t.Errorf("%s answered %d to %s: %s", o.label(), res.status, target, p)
	}
}

// walkPages reads a list from target to its last page by following
// next_page_url, checking every page on the way. Only the path and query
// of the page URLs are followed: which host they name is not this test's
// concern.
func (c *conformance) walkPages(target string) (pages int) {
	c.t.Helper()
	const maxPages = 100
	for ; target != "" && pages < maxPages; pages++ {
		list := c.succeed(http.MethodGet, target, nil)
		target = c.nextPage(list)
	}
	if target != "" {
		c.t.Fatalf("still a next page after %d pages: %s", maxPages, target)
	}
	return pages
}

func (c *conformance) nextPage(list map[string]any) string {
	c.t.Helper()
	next, _ := objectAt(c.t, list, "meta")["next_page_url"].(string)
	if next == "" {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil {
		c.t.Fatalf("next_page_url %q: %v", next, err)
	}
	return u.RequestURI()
}

// fleetCreateForm sets every CreateFleet parameter, so no field of the
// answer is left at null or its default.
func fleetCreateForm(nap, uniqueName string) url.Values {
	return form("NetworkAccessProfile", nap, "UniqueName", uniqueName,
		"DataEnabled", "false", "DataLimit", "2000",
		"IpCommandsUrl", "https://devices.example.com/ip", "IpCommandsMethod", "GET",
		"SmsCommandsEnabled", "true",
		"SmsCommandsUrl", "https://devices.example.com/sms", "SmsCommandsMethod", "GET")
}

func TestEveryEmulatorAnswerMatchesTheOpenAPIDocument(t *testing.T) {
	t.Parallel()
	served := &servedOperations{seen: map[string]bool{}}
	type scenario struct {
		opts Options
		run  func(*conformance)
	}
	scenarios := map[string]scenario{
		"NetworkAccessProfiles": {run: napAnswers},
		"NAP Networks":          {run: napNetworkAnswers},
		"Networks catalog":      {run: catalogAnswers},
		"Fleets":                {run: fleetAnswers},
		"Sims":                  {run: simAnswers},
		"UsageRecords":          {run: usageAnswers},
		"errors":                {run: errorAnswers},
		// Page URLs naming another host than the one called, as behind a
		// proxy, must still be the absolute URIs the document declares.
		"lists on a public origin": {opts: Options{PageURLOrigin: "https://supersim.twilio.com"}, run: listAnswers},
	}
	// The group returns once its parallel scenarios have all finished, so
	// the coverage check below sees everything they sent.
	t.Run("scenarios", func(t *testing.T) {
		for _, name := range slices.Sorted(func(yield func(string) bool) {
			for k := range scenarios {
				if !yield(k) {
					return
				}
			}
		}) {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				s := scenarios[name]
				s.run(newConformance(t, served, s.opts))
			})
		}
	})
	for _, rt := range operationRoutes {
		if !rt.api {
			continue
		}
		if route := normalizedRoute(splitPattern(rt.key)); !served.has(route) {
			t.Errorf("the emulator serves %s, which no scenario drove to its documented success", rt.key)
		}
	}
}

func napAnswers(c *conformance) {
	c.succeed(http.MethodPost, "/v1/NetworkAccessProfiles", nil)
	const name = "Pilot profile/EU"
	created := c.succeed(http.MethodPost, "/v1/NetworkAccessProfiles",
		form("UniqueName", name, "Networks", attSID, "Networks", eeSID))
	sid := stringAt(c.t, created, "sid")
	c.succeed(http.MethodGet, napURL(sid), nil)
	c.succeed(http.MethodGet, napURL(name), nil)
	c.succeed(http.MethodPost, napURL(sid), form("UniqueName", "Renamed profile"))
	c.succeed(http.MethodPost, napURL("Renamed profile"), form("UniqueName", name))
	c.succeed(http.MethodGet, "/v1/NetworkAccessProfiles", nil)
	if pages := c.walkPages("/v1/NetworkAccessProfiles?PageSize=1"); pages != 2 {
		c.t.Errorf("two profiles one to a page took %d pages", pages)
	}
}

func napNetworkAnswers(c *conformance) {
	const name = "edge"
	nap := mustCreateNAP(c.t, c.h.e, name, attSID)
	c.succeed(http.MethodPost, napURL(nap)+"/Networks", form("Network", tmobileSID))
	c.succeed(http.MethodPost, napURL(name)+"/Networks", form("Network", eeSID))
	c.succeed(http.MethodGet, napURL(nap)+"/Networks/"+tmobileSID, nil)
	c.succeed(http.MethodGet, napURL(name)+"/Networks/"+eeSID, nil)
	c.succeed(http.MethodGet, napURL(nap)+"/Networks", nil)
	c.walkPages(napURL(name) + "/Networks?PageSize=2")
	c.succeed(http.MethodDelete, napURL(nap)+"/Networks/"+tmobileSID, nil)
	c.succeed(http.MethodDelete, napURL(nap)+"/Networks/"+eeSID, nil)
	c.succeed(http.MethodDelete, napURL(nap)+"/Networks/"+attSID, nil)
	c.succeed(http.MethodGet, napURL(nap)+"/Networks", nil)
}

func catalogAnswers(c *conformance) {
	c.walkPages("/v1/Networks")
	c.walkPages("/v1/Networks?PageSize=3")
	for _, filter := range []string{
		"IsoCountry=US", "Mcc=310", "Mnc=410", "Mcc=310&Mnc=410",
		"IsoCountry=US&Mcc=310&Mnc=410", "IsoCountry=GB&PageSize=1",
		"IsoCountry=ZZ",
	} {
		c.walkPages("/v1/Networks?" + filter)
	}
	c.succeed(http.MethodGet, "/v1/Networks/"+attSID, nil)
	c.succeed(http.MethodGet, "/v1/Networks/"+eeSID, nil)
}

func fleetAnswers(c *conformance) {
	first := mustCreateNAP(c.t, c.h.e, "first")
	mustCreateNAP(c.t, c.h.e, "second")
	c.succeed(http.MethodPost, "/v1/Fleets", form("NetworkAccessProfile", first))
	const name = "Pilot Fleet"
	created := c.succeed(http.MethodPost, "/v1/Fleets", fleetCreateForm("first", name))
	sid := stringAt(c.t, created, "sid")
	c.succeed(http.MethodGet, "/v1/Fleets/"+sid, nil)
	c.succeed(http.MethodGet, "/v1/Fleets/"+url.PathEscape(name), nil)
	c.succeed(http.MethodPost, "/v1/Fleets/"+sid, form("UniqueName", "Moved Fleet", "NetworkAccessProfile", "second",
		"DataLimit", "5000", "IpCommandsUrl", "", "SmsCommandsMethod", "POST"))
	c.succeed(http.MethodPost, "/v1/Fleets/"+url.PathEscape("Moved Fleet"), form("IpCommandsMethod", "POST"))
	c.succeed(http.MethodGet, "/v1/Fleets", nil)
	for _, filter := range []string{first, "first", "second", "unknown"} {
		c.walkPages("/v1/Fleets?NetworkAccessProfile=" + url.QueryEscape(filter))
	}
	c.walkPages("/v1/Fleets?PageSize=1")
}

func simAnswers(c *conformance) {
	fleet := mustCreateFleet(c.t, c.h.e, "Pilot Fleet")
	created := c.succeed(http.MethodPost, simsPath, form("Iccid", testICCID, "RegistrationCode", testRegCode))
	sid := stringAt(c.t, created, "sid")
	c.succeed(http.MethodPost, simsPath, form("Iccid", otherICCID, "RegistrationCode", testRegCode))
	c.succeed(http.MethodGet, simURL(sid), nil)
	c.succeed(http.MethodPost, simURL(sid), form("UniqueName", "gate/sensor", "Status", "active", "Fleet", "Pilot Fleet",
		"CallbackUrl", "https://devices.example.com/done", "CallbackMethod", "POST"))
	c.succeed(http.MethodGet, simURL("gate/sensor"), nil)
	c.succeed(http.MethodPost, simURL("gate/sensor"), form("Fleet", fleet))
	for _, query := range []string{"", "?Status=active", "?Fleet=" + fleet, "?Fleet=Pilot+Fleet", "?Iccid=" + otherICCID, "?PageSize=1"} {
		c.walkPages(simsPath + query)
	}
}

func usageAnswers(c *conformance) {
	fleet := mustCreateFleet(c.t, c.h.e, "metered")
	sim := mustCreateSim(c.t, c.h.e, testICCID)
	if err := c.h.e.AssignSimToFleet(sim, fleet); err != nil {
		c.t.Fatal(err)
	}
	c.h.clock.Advance(90 * time.Minute)
	mustAddUsage(c.t, c.h.e, Usage{Sim: sim, Network: attSID, DataUpload: 150000, DataDownload: 150000})
	mustAddUsage(c.t, c.h.e, Usage{Sim: sim, Network: frSID, DataUpload: 1, Time: testEpoch})
	for _, query := range []string{
		"", "?Granularity=day", "?Granularity=hour&PageSize=1", "?Group=sim", "?Group=fleet", "?Group=network",
		"?Group=isoCountry&Granularity=hour", "?Sim=" + sim, "?Fleet=metered", "?Network=" + attSID, "?IsoCountry=FR",
		"?StartTime=2020-05-01T20:00:00Z&EndTime=2020-05-01T21:00:00Z", "?EndTime=2020-01-01T00:00:00Z",
	} {
		c.walkPages(usagePath + query)
	}
}

func listAnswers(c *conformance) {
	nap := mustCreateNAP(c.t, c.h.e, "listed", attSID, eeSID)
	mustCreateNAP(c.t, c.h.e, "")
	for _, name := range []string{"one", "two"} {
		if _, err := c.h.e.CreateFleet(nap, name); err != nil {
			c.t.Fatal(err)
		}
	}
	// One item a page, so next and previous page URLs are written too.
	for _, target := range []string{
		"/v1/NetworkAccessProfiles?PageSize=1", napURL(nap) + "/Networks?PageSize=1",
		"/v1/Networks?IsoCountry=US&PageSize=1", "/v1/Fleets?PageSize=1",
	} {
		if pages := c.walkPages(target); pages < 2 {
			c.t.Errorf("%s took %d page, want several", target, pages)
		}
	}
}

// errorAnswers covers the refusals a client meets: unknown resources,
// invalid parameters, bad credentials, clashes, and the statuses a fault
// injects. Each must still have the Twilio error shape.
func errorAnswers(c *conformance) {
	nap := mustCreateNAP(c.t, c.h.e, "taken", attSID)
	other := mustCreateNAP(c.t, c.h.e, "other")
	fleet, err := c.h.e.CreateFleet(nap, "taken fleet")
	if err != nil {
		c.t.Fatal(err)
	}
	missingNAP := "HA" + strings.Repeat("0", 32)
	missingFleet := "HF" + strings.Repeat("0", 32)

	for _, target := range []string{
		napURL(missingNAP), napURL("no such name"), napURL(missingNAP) + "/Networks",
		napURL(nap) + "/Networks/" + eeSID, "/v1/Networks/" + missingSID,
		"/v1/Fleets/" + missingFleet, "/v1/NoSuchThing",
	} {
		c.refuse(http.MethodGet, target, nil, http.StatusNotFound)
	}
	c.refuse(http.MethodDelete, napURL(nap)+"/Networks/"+eeSID, nil, http.StatusNotFound)
	c.refuse(http.MethodPost, napURL(missingNAP)+"/Networks", form("Network", eeSID), http.StatusNotFound)
	c.refuse(http.MethodPost, "/v1/Fleets/"+missingFleet, form("DataLimit", "10"), http.StatusNotFound)

	for _, target := range []string{
		"/v1/NetworkAccessProfiles?PageSize=0", "/v1/Networks?PageSize=1001",
		"/v1/Fleets?Page=-1", "/v1/Networks?PageToken=bogus",
	} {
		c.refuse(http.MethodGet, target, nil, http.StatusBadRequest)
	}
	c.refuse(http.MethodPost, "/v1/Fleets", form("UniqueName", "no profile"), http.StatusBadRequest)
	c.refuse(http.MethodPost, "/v1/Fleets", form("NetworkAccessProfile", nap, "DataLimit", "0"), http.StatusBadRequest)
	c.refuse(http.MethodPost, "/v1/Fleets/"+fleet, form("IpCommandsMethod", "PATCH"), http.StatusBadRequest)
	c.refuse(http.MethodPost, napURL(nap)+"/Networks", form("Network", "HWnot-a-sid"), http.StatusBadRequest)
	c.refuse(http.MethodPost, napURL(nap)+"/Networks", nil, http.StatusBadRequest)

	c.refuse(http.MethodPost, "/v1/NetworkAccessProfiles", form("UniqueName", "taken"), http.StatusConflict)
	c.refuse(http.MethodPost, napURL(other), form("UniqueName", "taken"), http.StatusConflict)
	c.refuse(http.MethodPost, napURL(nap)+"/Networks", form("Network", attSID), http.StatusConflict)
	c.refuse(http.MethodPost, "/v1/Fleets", form("NetworkAccessProfile", nap, "UniqueName", "taken fleet"), http.StatusConflict)

	unauthenticatedAnswers(c)
	c.refuse(http.MethodDelete, "/v1/Fleets/"+fleet, nil, http.StatusMethodNotAllowed)
	injectedFaultAnswers(c)
}

func unauthenticatedAnswers(c *conformance) {
	anonymous := c.request(http.MethodGet, "/v1/Fleets", nil)
	anonymous.Header.Del("Authorization")
	c.refuseRequest(anonymous, http.StatusUnauthorized)

	wrongToken := c.request(http.MethodGet, "/v1/NetworkAccessProfiles", nil)
	wrongToken.SetBasicAuth(c.h.ts.AccountSID, "not-the-token")
	c.refuseRequest(wrongToken, http.StatusUnauthorized)
}

func injectedFaultAnswers(c *conformance) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		c.h.e.InjectFault(Fault{Route: RouteListNetworks, Kind: FaultStatus, Status: status, Times: 1})
		c.refuse(http.MethodGet, "/v1/Networks", nil, status)
	}
}

// An error body departing from the Twilio shape is caught, and so is one
// that contradicts its own HTTP status.
func TestErrorShapeCheckCatchesMismatches(t *testing.T) {
	t.Parallel()
	header := http.Header{"Content-Type": {"application/json"}}
	for _, tc := range []struct {
		body string
		want string
	}{
		{`{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20404","status":"404"}`, "$.status: is a string"},
		{`{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20404"}`, `"status" is missing`},
		{`{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20404","status":404,"detail":1}`, "$.detail: is not a documented property"},
		{`{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20404","status":400}`, "but the HTTP status is 404"},
		{`{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20001","status":404}`, "is not the page of code 20404"},
	} {
		problems := errorBodyProblems(response{status: http.StatusNotFound, header: header, body: []byte(tc.body)})
		if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }) {
			t.Errorf("body %s: problems %q, want one containing %q", tc.body, problems, tc.want)
		}
	}
}
