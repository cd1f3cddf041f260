package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/openapicheck"
)

// These tests drive the emulator through every operation it serves and
// hold each request and answer to the OpenAPI description with
// openapicheck: scenarios that should succeed run behind its middleware,
// which checks the request and the answer; the scenario of refusals sends
// requests the description forbids on purpose, so only its answers are
// checked, against Twilio's error shape. Which status a success carries
// is read from the description too.

// normalizedRoute writes "GET /v1/X/{Sid}" as "GET /v1/X/{}", so the
// emulator's route patterns and the description's templates, which name
// their parameters differently, compare equal.
func normalizedRoute(method, template string) string {
	segments := strings.Split(template, "/")
	for i, s := range segments {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segments[i] = "{}"
		}
	}
	return method + " " + strings.Join(segments, "/")
}

// servedOperations records which operations answered with a documented
// success, so the test can prove none was left out.
type servedOperations struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (s *servedOperations) record(op openapicheck.Operation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen[normalizedRoute(op.Method, op.Path)] = true
}

func (s *servedOperations) has(route string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[route]
}

// conformance drives one emulator and checks what it answers.
type conformance struct {
	t      *testing.T
	h      *apiHarness
	spec   *openapicheck.Spec
	served *servedOperations
}

// newCheckedConformance serves the emulator behind openapicheck's
// middleware: every request and answer is checked as it passes.
func newCheckedConformance(t *testing.T, served *servedOperations, opts Options) *conformance {
	t.Helper()
	h := newWrappedHarness(t, opts, func(next http.Handler) http.Handler { return openapicheck.Middleware(t, next) })
	return &conformance{t: t, h: h, spec: reference(t), served: served}
}

// newRefusalConformance serves the emulator as is, for requests the
// description forbids; refuse checks each answer itself.
func newRefusalConformance(t *testing.T, served *servedOperations, opts Options) *conformance {
	t.Helper()
	return &conformance{t: t, h: newHarness(t, opts), spec: reference(t), served: served}
}

// succeed sends a request the scenario expects to work. The answer must
// carry one of the operation's documented successes; its decoded body is
// returned for the next steps.
func (c *conformance) succeed(method, target string, f url.Values) map[string]any {
	c.t.Helper()
	req := c.request(method, target, f)
	op, err := c.spec.FindOperation(req.Method, req.URL.EscapedPath())
	if err != nil {
		c.t.Fatalf("the emulator serves %s %s, but %v", method, target, err)
	}
	res := c.h.send(req)
	if want := op.SuccessStatuses(); !slices.Contains(want, res.status) {
		c.t.Fatalf("%s answered %d to %s, the description's successes are %v; body %s", op.Label(), res.status, target, want, res.body)
	}
	c.served.record(op)
	var body map[string]any
	if len(res.body) > 0 {
		if err := json.Unmarshal(res.body, &body); err != nil {
			c.t.Fatalf("%s answered %s: %v", op.Label(), res.body, err)
		}
	}
	return body
}

// refuse sends a request the scenario expects to be refused with status,
// and checks the answer against the description.
func (c *conformance) refuse(method, target string, f url.Values, status int) {
	c.t.Helper()
	c.refuseRequest(c.request(method, target, f), status)
}

func (c *conformance) refuseRequest(req *http.Request, status int) {
	c.t.Helper()
	res := c.h.send(req)
	if res.status != status {
		c.t.Fatalf("%s %s answered %d, the scenario wants %d; body %s", req.Method, req.URL.RequestURI(), res.status, status, res.body)
	}
	if err := c.spec.CheckResponse(req.Method, req.URL.EscapedPath(), res.status, res.header, res.body); err != nil {
		c.t.Errorf("%s %s answered %d:\n%v", req.Method, req.URL.RequestURI(), res.status, err)
	}
}

func (c *conformance) request(method, target string, f url.Values) *http.Request {
	c.t.Helper()
	req, err := c.h.ts.NewRequest(method, target, f)
	if err != nil {
		c.t.Fatalf("build %s %s: %v", method, target, err)
	}
	return req
}

// walkPages reads a list from target to its last page by following
// next_page_url. Only the path and query of the page URLs are followed:
// which host they name is not this test's concern.
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

func TestEveryEmulatorAnswerMatchesTheOpenAPIDescription(t *testing.T) {
	t.Parallel()
	served := &servedOperations{seen: map[string]bool{}}
	type scenario struct {
		opts  Options
		start func(*testing.T, *servedOperations, Options) *conformance
		run   func(*conformance)
	}
	scenarios := map[string]scenario{
		"NetworkAccessProfiles": {start: newCheckedConformance, run: napAnswers},
		"NAP Networks":          {start: newCheckedConformance, run: napNetworkAnswers},
		"Networks catalog":      {start: newCheckedConformance, run: catalogAnswers},
		"Fleets":                {start: newCheckedConformance, run: fleetAnswers},
		"Sims":                  {start: newCheckedConformance, run: simAnswers},
		"UsageRecords":          {start: newCheckedConformance, run: usageAnswers},
		"refusals":              {start: newRefusalConformance, run: errorAnswers},
		// Page URLs naming another host than the one called, as behind a
		// proxy, must still be the absolute URIs the description declares.
		"lists on a public origin": {opts: Options{PageURLOrigin: "https://supersim.twilio.com"}, start: newCheckedConformance, run: listAnswers},
	}
	// The group returns once its parallel scenarios have all finished, so
	// the coverage check below sees everything they sent.
	t.Run("scenarios", func(t *testing.T) {
		for _, name := range sortedKeys(scenarios) {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				s := scenarios[name]
				s.run(s.start(t, served, s.opts))
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
	c.succeed(http.MethodPost, simURL("gate/sensor"), form("Fleet", fleet, "Status", "inactive", "AccountSid", DefaultAccountSID))
	for _, query := range []string{"", "?Status=inactive", "?Status=scheduled", "?Fleet=" + fleet, "?Fleet=Pilot+Fleet", "?Iccid=" + otherICCID, "?PageSize=1"} {
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
	mustCreateSim(c.t, c.h.e, testICCID)
	mustCreateSim(c.t, c.h.e, otherICCID)
	// One item a page, so next and previous page URLs are written too.
	for _, target := range []string{
		"/v1/NetworkAccessProfiles?PageSize=1", napURL(nap) + "/Networks?PageSize=1",
		"/v1/Networks?IsoCountry=US&PageSize=1", "/v1/Fleets?PageSize=1", "/v1/Sims?PageSize=1",
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
	sim := mustCreateSim(c.t, c.h.e, testICCID)
	missingNAP := "HA" + strings.Repeat("0", 32)

	for _, target := range []string{
		napURL(missingNAP), napURL("no such name"), napURL(missingNAP) + "/Networks",
		napURL(nap) + "/Networks/" + eeSID, "/v1/Networks/" + missingSID,
		"/v1/Fleets/" + missingFleetID, simURL(missingSimSID), simURL("no such sim"), "/v1/NoSuchThing",
	} {
		c.refuse(http.MethodGet, target, nil, http.StatusNotFound)
	}
	c.refuse(http.MethodDelete, napURL(nap)+"/Networks/"+eeSID, nil, http.StatusNotFound)
	c.refuse(http.MethodPost, napURL(missingNAP)+"/Networks", form("Network", eeSID), http.StatusNotFound)
	c.refuse(http.MethodPost, "/v1/Fleets/"+missingFleetID, form("DataLimit", "10"), http.StatusNotFound)
	c.refuse(http.MethodPost, simURL(sim), form("Fleet", "nowhere"), http.StatusNotFound)

	for _, target := range []string{
		"/v1/NetworkAccessProfiles?PageSize=0", "/v1/Networks?PageSize=1001",
		"/v1/Fleets?Page=-1", "/v1/Networks?PageToken=bogus", "/v1/Sims?Status=gone",
		usagePath + "?Group=sims", usagePath + "?Granularity=week", usagePath + "?Sim=nobody",
		usagePath + "?StartTime=2020-05-02T00:00:00Z&EndTime=2020-05-01T00:00:00Z",
	} {
		c.refuse(http.MethodGet, target, nil, http.StatusBadRequest)
	}
	c.refuse(http.MethodPost, "/v1/Fleets", form("UniqueName", "no profile"), http.StatusBadRequest)
	c.refuse(http.MethodPost, "/v1/Fleets", form("NetworkAccessProfile", nap, "DataLimit", "0"), http.StatusBadRequest)
	c.refuse(http.MethodPost, "/v1/Fleets/"+fleet, form("IpCommandsMethod", "PATCH"), http.StatusBadRequest)
	c.refuse(http.MethodPost, napURL(nap)+"/Networks", form("Network", "HWnot-a-sid"), http.StatusBadRequest)
	c.refuse(http.MethodPost, napURL(nap)+"/Networks", nil, http.StatusBadRequest)
	c.refuse(http.MethodPost, simsPath, form("Iccid", "123"), http.StatusBadRequest)
	c.refuse(http.MethodPost, simURL(sim), form("Status", "scheduled"), http.StatusBadRequest)

	c.refuse(http.MethodPost, "/v1/NetworkAccessProfiles", form("UniqueName", "taken"), http.StatusConflict)
	c.refuse(http.MethodPost, napURL(other), form("UniqueName", "taken"), http.StatusConflict)
	c.refuse(http.MethodPost, napURL(nap)+"/Networks", form("Network", attSID), http.StatusConflict)
	c.refuse(http.MethodPost, "/v1/Fleets", form("NetworkAccessProfile", nap, "UniqueName", "taken fleet"), http.StatusConflict)
	c.refuse(http.MethodPost, simsPath, form("Iccid", testICCID, "RegistrationCode", testRegCode), http.StatusConflict)

	unauthenticatedAnswers(c)
	c.refuse(http.MethodDelete, "/v1/Fleets/"+fleet, nil, http.StatusMethodNotAllowed)
	c.refuse(http.MethodDelete, simURL(sim), nil, http.StatusMethodNotAllowed)
	injectedFaultAnswers(c)
}

func unauthenticatedAnswers(c *conformance) {
	anonymous := c.request(http.MethodGet, "/v1/Fleets", nil)
	anonymous.Header.Del("Authorization")
	c.refuseRequest(anonymous, http.StatusUnauthorized)

	wrongToken := c.request(http.MethodGet, "/v1/UsageRecords", nil)
	wrongToken.SetBasicAuth(c.h.ts.AccountSID, "not-the-token")
	c.refuseRequest(wrongToken, http.StatusUnauthorized)
}

func injectedFaultAnswers(c *conformance) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		c.h.e.InjectFault(Fault{Route: RouteListUsageRecords, Kind: FaultStatus, Status: status, Times: 1})
		c.refuse(http.MethodGet, usagePath, nil, status)
	}
}
