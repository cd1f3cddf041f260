package openapicheck_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supersim-tf/terraform-provider-supersim/internal/openapicheck"
)

func vendored(t *testing.T) *openapicheck.Spec {
	t.Helper()
	spec, err := openapicheck.Vendored()
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// expectProblem fails unless err lists a problem containing every fragment.
func expectProblem(t *testing.T, what string, err error, fragments ...string) {
	t.Helper()
	var problems openapicheck.Problems
	if !errors.As(err, &problems) {
		t.Errorf("%s: got %v, want problems containing %q", what, err, fragments)
		return
	}
	for _, p := range problems {
		if containsAll(p, fragments) {
			return
		}
	}
	t.Errorf("%s: problems\n%v\nhave none containing %q", what, err, fragments)
}

func containsAll(s string, fragments []string) bool {
	for _, f := range fragments {
		if !strings.Contains(s, f) {
			return false
		}
	}
	return true
}

func values(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

const (
	simSID   = "HSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	fleetSID = "HFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	netA     = "HWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	netB     = "HWbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

type request struct {
	method, path string
	query, form  url.Values
}

func TestCheckRequestAcceptsWhatTheAPITakes(t *testing.T) {
	t.Parallel()
	spec := vendored(t)
	for _, r := range []request{
		{"GET", "/v1/Sims", values("Status", "active", "Fleet", "My Fleet", "Iccid", "89883070000123456789", "PageSize", "1000", "Page", "0", "PageToken", "PT"), nil},
		{"POST", "/v1/Sims", nil, values("Iccid", "89883070000123456789", "RegistrationCode", "H3LL0W0RLD")},
		{"POST", "/v1/Sims/" + url.PathEscape("gate/sensor #1"), nil, values("Status", "ready", "Fleet", fleetSID, "CallbackUrl", "https://example.com/cb", "CallbackMethod", "POST")},
		{"GET", "/v1/UsageRecords", values("Sim", simSID, "Fleet", "f", "Network", netA, "IsoCountry", "FR", "Group", "isoCountry",
			"Granularity", "hour", "StartTime", "2020-05-01T20:00:00Z", "EndTime", "2020-05-02T20:00:00+02:00"), nil},
		{"POST", "/v1/NetworkAccessProfiles", nil, values("UniqueName", "p", "Networks", netA, "Networks", netB)},
		{"GET", "/v1/NetworkAccessProfiles/Pilot%2FEU/Networks", values("PageSize", "2"), nil},
		{"DELETE", "/v1/NetworkAccessProfiles/HAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Networks/" + netA, nil, nil},
		// Twilio clears a URL sent empty.
		{"POST", "/v1/Fleets/f", nil, values("IpCommandsUrl", "", "DataLimit", "2000000")},
	} {
		if err := spec.CheckRequest(r.method, r.path, r.query, r.form); err != nil {
			t.Errorf("%s %s %v %v:\n%v", r.method, r.path, r.query, r.form, err)
		}
	}
}

func TestCheckRequestCatchesWhatTheAPIWouldNotTake(t *testing.T) {
	t.Parallel()
	spec := vendored(t)
	for _, tc := range []struct {
		request
		want []string
	}{
		// Misspelt, and misplaced: the API ignores both silently.
		{request{"GET", "/v1/Sims", values("Pagesize", "10"), nil}, []string{"query parameter Pagesize", "did you mean PageSize?"}},
		{request{"GET", "/v1/Sims", values("Limit", "10"), nil}, []string{"query parameter Limit", "PageSize"}},
		{request{"POST", "/v1/NetworkAccessProfiles", values("UniqueName", "x"), nil}, []string{"query parameter UniqueName is a form field", "request body"}},
		{request{"POST", "/v1/Sims/" + simSID, nil, values("UniqueName", "x", "PageSize", "1")}, []string{"form field PageSize"}},
		{request{"GET", "/v1/Sims", nil, values("Status", "new")}, []string{"takes no request body", "Status"}},
		{request{"POST", "/v1/Fleets", nil, values("NetworkAccessProfile", "n", "uniqueName", "x")}, []string{"form field uniqueName", "did you mean UniqueName?"}},
		// Required, typed, ranged, enumerated, patterned, formatted.
		{request{"POST", "/v1/Sims", nil, nil}, []string{"form field RegistrationCode is required"}},
		{request{"POST", "/v1/Sims", nil, values("Iccid", "1")}, []string{"RegistrationCode", "missing"}},
		{request{"GET", "/v1/Sims", values("PageSize", "0"), nil}, []string{"query parameter PageSize", "at least 1"}},
		{request{"GET", "/v1/Sims", values("PageSize", "1001"), nil}, []string{"query parameter PageSize", "at most 1000"}},
		{request{"GET", "/v1/Sims", values("PageSize", "ten"), nil}, []string{"query parameter PageSize"}},
		{request{"GET", "/v1/Sims", values("Status", "gone"), nil}, []string{"query parameter Status", `"gone"`}},
		{request{"POST", "/v1/Sims/" + simSID, nil, values("Status", "new")}, []string{"form body $.Status", `"new"`}},
		{request{"POST", "/v1/Sims/" + simSID, nil, values("CallbackUrl", "/relative")}, []string{"$.CallbackUrl", "not a valid uri"}},
		{request{"GET", "/v1/UsageRecords", values("Group", "sim", "Group", "fleet"), nil}, []string{"Group is sent 2 times"}},
		{request{"GET", "/v1/UsageRecords", values("Network", "HWxyz"), nil}, []string{"query parameter Network", "regular expression"}},
		{request{"GET", "/v1/UsageRecords", values("IsoCountry", "fr"), nil}, []string{"query parameter IsoCountry", "iso-country-code"}},
		{request{"GET", "/v1/UsageRecords", values("StartTime", "yesterday"), nil}, []string{"query parameter StartTime", "date-time"}},
		{request{"POST", "/v1/Fleets", nil, values("NetworkAccessProfile", "n", "DataLimit", "lots")}, []string{"form body", "DataLimit", "invalid integer"}},
		{request{"POST", "/v1/Fleets", nil, values("NetworkAccessProfile", "n", "DataEnabled", "yes")}, []string{"DataEnabled"}},
		// Operations the description does not have.
		{request{"DELETE", "/v1/Fleets/" + fleetSID, nil, nil}, []string{"no DELETE operation", "only GET, POST"}},
		{request{"GET", "/v1/Nothing", nil, nil}, []string{"no operation of the description matches GET /v1/Nothing"}},
	} {
		err := spec.CheckRequest(tc.method, tc.path, tc.query, tc.form)
		expectProblem(t, tc.method+" "+tc.path, err, tc.want...)
	}
}

// validFleet is an answer of the fleet shape, every field set.
func validFleet() map[string]any {
	return map[string]any{
		"account_sid": "AC" + strings.Repeat("a", 32), "sid": fleetSID,
		"unique_name": nil, "date_created": "2020-05-01T20:00:00Z", "date_updated": "2020-05-01T20:00:00Z",
		"url": "https://supersim.twilio.com/v1/Fleets/" + fleetSID, "data_enabled": true, "data_limit": 1000,
		"data_metering": "payg", "sms_commands_enabled": false, "sms_commands_url": nil, "sms_commands_method": "POST",
		"network_access_profile_sid": "HA" + strings.Repeat("a", 32), "ip_commands_url": nil, "ip_commands_method": "POST",
	}
}

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCheckResponseHoldsAnswersToTheirSchema(t *testing.T) {
	t.Parallel()
	spec := vendored(t)
	check := func(body []byte) error {
		return spec.CheckResponse("GET", "/v1/Fleets/"+fleetSID, http.StatusOK, jsonHeader, body)
	}
	if err := check(mustMarshal(t, validFleet())); err != nil {
		t.Fatalf("a valid fleet is refused:\n%v", err)
	}
	for _, tc := range []struct {
		name   string
		mutate func(m map[string]any)
		want   []string
	}{
		{"missing field", func(m map[string]any) { delete(m, "data_limit") }, []string{"$.data_limit: documented, but missing"}},
		{"undocumented field", func(m map[string]any) { m["data_limits"] = 1 }, []string{`property "data_limits" is unsupported`}},
		{"number as string", func(m map[string]any) { m["data_limit"] = "1000" }, []string{"$.data_limit", "integer"}},
		{"fraction", func(m map[string]any) { m["data_limit"] = 1.5 }, []string{"$.data_limit", "integer"}},
		{"null where not nullable", func(m map[string]any) { m["data_limit"] = nil }, []string{"$.data_limit", "not nullable"}},
		{"enum", func(m map[string]any) { m["data_metering"] = "flat" }, []string{"$.data_metering", `"flat"`}},
		{"pattern", func(m map[string]any) { m["sid"] = "HA" + strings.Repeat("a", 32) }, []string{"$.sid", "regular expression"}},
		{"date-time", func(m map[string]any) { m["date_created"] = "2020-05-01 20:00" }, []string{"$.date_created: not a valid date-time"}},
		{"uri", func(m map[string]any) { m["url"] = "/v1/Fleets/HF" }, []string{"$.url: not a valid uri", `"/v1/Fleets/HF"`}},
		{"http-method", func(m map[string]any) { m["ip_commands_method"] = "get" }, []string{"$.ip_commands_method"}},
		{"boolean", func(m map[string]any) { m["data_enabled"] = "true" }, []string{"$.data_enabled", "boolean"}},
	} {
		m := validFleet()
		tc.mutate(m)
		expectProblem(t, tc.name, check(mustMarshal(t, m)), tc.want...)
	}
	expectProblem(t, "trailing data", check(append(mustMarshal(t, validFleet()), "{}"...)), "data after its JSON value")
	expectProblem(t, "not JSON", check([]byte("<html>")), "not JSON")
	expectProblem(t, "undocumented success", spec.CheckResponse("GET", "/v1/Fleets/f", http.StatusCreated, jsonHeader, []byte("{}")), "documents the statuses [200], not 201")
	expectProblem(t, "body on a 204", spec.CheckResponse("DELETE", "/v1/NetworkAccessProfiles/p/Networks/"+netA, http.StatusNoContent, http.Header{}, []byte("{}")), "declares no body for 204")
	if err := spec.CheckResponse("DELETE", "/v1/NetworkAccessProfiles/p/Networks/"+netA, http.StatusNoContent, http.Header{}, nil); err != nil {
		t.Errorf("an empty 204 is refused: %v", err)
	}
}

func TestCheckResponseChecksLinksAndListKeys(t *testing.T) {
	t.Parallel()
	spec := vendored(t)
	sim := map[string]any{
		"sid": simSID, "unique_name": nil, "account_sid": "AC" + strings.Repeat("a", 32), "iccid": "89883070000123456789",
		"status": "new", "fleet_sid": nil, "date_created": "2020-05-01T20:00:00Z", "date_updated": "2020-05-01T20:00:00Z",
		"url": "https://supersim.twilio.com/v1/Sims/" + simSID, "links": map[string]any{"billing_periods": "BillingPeriods"},
	}
	meta := map[string]any{
		"first_page_url": "https://supersim.twilio.com/v1/Sims?PageSize=50&Page=0", "key": "simz", "next_page_url": nil,
		"page": 0, "page_size": 50, "previous_page_url": nil, "url": "https://supersim.twilio.com/v1/Sims?PageSize=50&Page=0",
	}
	body := mustMarshal(t, map[string]any{"sims": []any{sim}, "meta": meta})
	err := spec.CheckResponse("GET", "/v1/Sims", http.StatusOK, jsonHeader, body)
	expectProblem(t, "relative link", err, "$.sims[0].links.billing_periods: not a valid uri")
	expectProblem(t, "meta.key", err, `$.meta.key: "simz" does not name the body's list`)
}

func TestCheckResponseHoldsErrorsToTwilioShape(t *testing.T) {
	t.Parallel()
	spec := vendored(t)
	const good = `{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20404","status":404}`
	if err := spec.CheckResponse("GET", "/v1/Sims/x", http.StatusNotFound, jsonHeader, []byte(good)); err != nil {
		t.Fatalf("a well-formed error is refused: %v", err)
	}
	for _, tc := range []struct {
		body string
		want string
	}{
		{`{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20404","status":"404"}`, "$.status"},
		{`{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20404"}`, "$.status: documented, but missing"},
		{`{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20404","status":404,"detail":1}`, `property "detail" is unsupported`},
		{`{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20404","status":400}`, "but the HTTP status is 404"},
		{`{"code":20404,"message":"m","more_info":"https://www.twilio.com/docs/errors/20001","status":404}`, "is not the page of code 20404"},
		{`{"code":20404,"message":"m","more_info":"https://example.com/20404","status":404}`, "$.more_info"},
	} {
		expectProblem(t, tc.body, spec.CheckResponse("GET", "/v1/Sims/x", http.StatusNotFound, jsonHeader, []byte(tc.body)), tc.want)
	}
	expectProblem(t, "plain-text error", spec.CheckResponse("GET", "/v1/Nothing", http.StatusNotFound, http.Header{"Content-Type": {"text/plain"}}, []byte("404 page not found")),
		`Content-Type "text/plain"`)
	expectProblem(t, "success on an unknown path", spec.CheckResponse("GET", "/v1/Nothing", http.StatusOK, jsonHeader, []byte("{}")),
		"no operation of the description matches GET /v1/Nothing, yet it was answered 200")
}

// A description whose formats the checks do not know is refused rather
// than half checked.
func TestLoadRefusesFormatsItCannotCheck(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	doc := `openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /v1/Things:
    get:
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  phone: {type: string, format: phone-number}
`
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := openapicheck.Load(path)
	if err == nil || !strings.Contains(err.Error(), `"phone-number"`) {
		t.Fatalf("Load = %v, want a refusal naming phone-number", err)
	}
	if _, err := openapicheck.Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Fatal("a missing file loaded")
	}
}
