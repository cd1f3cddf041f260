package emulator

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"
)

const (
	testICCID      = "89883070000123456789"
	otherICCID     = "89883070000123456790"
	testRegCode    = "H3LL0W0RLD"
	simsPath       = "/v1/Sims"
	missingSimSID  = "HS00000000000000000000000000000000"
	missingFleetID = "HF00000000000000000000000000000000"
)

func simURL(ref string) string { return simsPath + "/" + url.PathEscape(ref) }

func mustCreateSim(t *testing.T, e *Emulator, iccid string) string {
	t.Helper()
	sid, err := e.CreateSim(iccid)
	if err != nil {
		t.Fatalf("CreateSim(%s): %v", iccid, err)
	}
	return sid
}

func mustCreateFleet(t *testing.T, e *Emulator, name string) string {
	t.Helper()
	nap := mustCreateNAP(t, e, "")
	sid, err := e.CreateFleet(nap, name)
	if err != nil {
		t.Fatalf("CreateFleet(%q): %v", name, err)
	}
	return sid
}

func TestRegisterSim(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	m := h.do(http.MethodPost, simsPath, form("Iccid", testICCID, "RegistrationCode", testRegCode)).expect(t, http.StatusCreated)
	sid := stringAt(t, m, "sid")
	if !simSIDPattern.MatchString(sid) {
		t.Fatalf("sid %q is not an HS SID", sid)
	}
	self := h.ts.URL + "/v1/Sims/" + sid
	want := map[string]any{
		"sid": sid, "unique_name": nil, "account_sid": DefaultAccountSID, "iccid": testICCID,
		"status": "new", "fleet_sid": nil,
		"date_created": "2020-05-01T20:00:00Z", "date_updated": "2020-05-01T20:00:00Z",
		"url":   self,
		"links": map[string]any{"billing_periods": self + "/BillingPeriods", "sim_ip_addresses": self + "/IpAddresses"},
	}
	if !jsonEqual(m, want) {
		t.Fatalf("got  %s\nwant %s", mustJSON(m), mustJSON(want))
	}
	if sims := h.e.Sims(); len(sims) != 1 || sims[0].SID != sid || sims[0].Status != SimStatusNew || sims[0].FleetSID != "" {
		t.Fatalf("Sims() = %+v", sims)
	}
}

func TestRegisterSimRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	existing := mustCreateSim(t, h.e, testICCID)
	for _, tc := range []struct {
		form         []string
		status, code int
		fragments    []string
	}{
		{[]string{"RegistrationCode", testRegCode}, 400, 20001, []string{"Missing required parameter Iccid"}},
		{[]string{"Iccid", "", "RegistrationCode", testRegCode}, 400, 20001, []string{"Iccid"}},
		{[]string{"Iccid", "12345678901234567", "RegistrationCode", testRegCode}, 400, 20001, []string{"Iccid", "'12345678901234567'", "18 to 22 digits"}},
		{[]string{"Iccid", "12345678901234567890123", "RegistrationCode", testRegCode}, 400, 20001, []string{"Iccid", "18 to 22 digits"}},
		{[]string{"Iccid", "8988307000012345678F", "RegistrationCode", testRegCode}, 400, 20001, []string{"'8988307000012345678F'"}},
		{[]string{"Iccid", otherICCID}, 400, 20001, []string{"Missing required parameter RegistrationCode"}},
		{[]string{"Iccid", otherICCID, "RegistrationCode", ""}, 400, 20001, []string{"RegistrationCode"}},
		{[]string{"Iccid", otherICCID, "Iccid", otherICCID, "RegistrationCode", "x"}, 400, 20001, []string{"Iccid must be sent once"}},
		{[]string{"Iccid", testICCID, "RegistrationCode", testRegCode}, 409, 20409, []string{testICCID, existing}},
	} {
		h.do(http.MethodPost, simsPath, form(tc.form...)).expectError(t, tc.status, tc.code, tc.fragments...)
	}
	if n := len(h.e.Sims()); n != 1 {
		t.Fatalf("refused registrations left %d SIMs, want 1", n)
	}
	// The shortest and longest accepted ICCIDs.
	for _, iccid := range []string{"123456789012345678", "1234567890123456789012"} {
		h.do(http.MethodPost, simsPath, form("Iccid", iccid, "RegistrationCode", "any")).expect(t, http.StatusCreated)
	}
}

func TestFetchSimBySIDOrUniqueName(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	sid := mustCreateSim(t, h.e, testICCID)
	const name = "gate/sensor #1"
	if err := h.e.RenameSim(sid, name); err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{sid, name} {
		if m := h.do(http.MethodGet, simURL(ref), nil).expect(t, 200); m["sid"] != sid || m["unique_name"] != name {
			t.Fatalf("fetch by %q: %s", ref, mustJSON(m))
		}
	}
	h.do(http.MethodGet, simURL(missingSimSID), nil).expectError(t, 404, 20404, "/v1/Sims/"+missingSimSID)
	h.do(http.MethodGet, simURL("no such sim"), nil).expectError(t, 404, 20404, "/v1/Sims/no%20such%20sim")
	h.do(http.MethodDelete, simURL(sid), nil).expectError(t, 405, 20004)
}

func TestUpdateSim(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	sid := mustCreateSim(t, h.e, testICCID)
	fleet := mustCreateFleet(t, h.e, "Pilot Fleet")
	other := mustCreateFleet(t, h.e, "")

	h.clock.Advance(time.Minute)
	m := h.do(http.MethodPost, simURL(sid), form("UniqueName", "tracker", "Status", "active", "Fleet", "Pilot Fleet",
		"CallbackUrl", "https://devices.example.com/done", "CallbackMethod", "GET")).expect(t, 200)
	if m["unique_name"] != "tracker" || m["status"] != "active" || m["fleet_sid"] != fleet || m["date_updated"] != "2020-05-01T20:01:00Z" {
		t.Fatalf("after update: %s", mustJSON(m))
	}

	h.clock.Advance(time.Minute)
	m = h.do(http.MethodPost, simURL("tracker"), form("Status", "active", "Fleet", fleet, "AccountSid", DefaultAccountSID)).expect(t, 200)
	if m["date_updated"] != "2020-05-01T20:01:00Z" {
		t.Fatalf("an update changing nothing moved date_updated to %v", m["date_updated"])
	}
	m = h.do(http.MethodPost, simURL("tracker"), form("Fleet", other, "Status", "inactive")).expect(t, 200)
	if m["fleet_sid"] != other || m["status"] != "inactive" || m["date_updated"] != "2020-05-01T20:02:00Z" {
		t.Fatalf("after moving Fleet: %s", mustJSON(m))
	}
	if s, _ := h.e.Sim("tracker"); s.FleetSID != other || s.Status != SimStatusInactive {
		t.Fatalf("Sim() = %+v", s)
	}
}

func TestUpdateSimRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	sid := mustCreateSim(t, h.e, testICCID)
	taken := mustCreateSim(t, h.e, otherICCID)
	if err := h.e.RenameSim(taken, "taken"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		form         []string
		status, code int
		fragments    []string
	}{
		{[]string{"Status", "new"}, 400, 20001, []string{"Status", "'new'", "ready, active, inactive"}},
		{[]string{"Status", "scheduled"}, 400, 20001, []string{"'scheduled'"}},
		{[]string{"Status", "Active"}, 400, 20001, []string{"'Active'"}},
		{[]string{"UniqueName", ""}, 400, 20001, []string{"UniqueName"}},
		{[]string{"UniqueName", "taken"}, 409, 20409, []string{"taken", taken}},
		{[]string{"Fleet", ""}, 400, 20001, []string{"Fleet cannot be empty"}},
		{[]string{"Fleet", "ghost fleet"}, 404, 20404, []string{"/v1/Fleets/ghost%20fleet"}},
		{[]string{"Fleet", missingFleetID}, 404, 20404, []string{missingFleetID}},
		{[]string{"CallbackUrl", "not a url"}, 400, 20001, []string{"CallbackUrl", "'not a url'"}},
		{[]string{"CallbackMethod", "PUT"}, 400, 20001, []string{"CallbackMethod", "'PUT'"}},
		{[]string{"AccountSid", "AC" + missingFleetID[2:]}, 400, 20001, []string{"AccountSid", DefaultAccountSID}},
		// Refused as a whole: the valid Status must not be applied either.
		{[]string{"Status", "ready", "Fleet", "ghost fleet"}, 404, 20404, nil},
	} {
		h.do(http.MethodPost, simURL(sid), form(tc.form...)).expectError(t, tc.status, tc.code, tc.fragments...)
	}
	h.do(http.MethodPost, simURL(missingSimSID), form("Status", "ready")).expectError(t, 404, 20404, missingSimSID)
	if s, _ := h.e.Sim(sid); s.Status != SimStatusNew || s.UniqueName != nil || s.FleetSID != "" || !s.DateUpdated.Equal(testEpoch) {
		t.Fatalf("refused updates changed the SIM: %+v", s)
	}
}

func TestListSimsFilters(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	fleet := mustCreateFleet(t, h.e, "Pilot Fleet")
	inFleet := mustCreateSim(t, h.e, testICCID)
	idle := mustCreateSim(t, h.e, otherICCID)
	if err := h.e.AssignSimToFleet(inFleet, fleet); err != nil {
		t.Fatal(err)
	}
	if err := h.e.SetSimStatus(inFleet, SimStatusActive); err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string][]string{
		"":                     {inFleet, idle},
		"?Status=active":       {inFleet},
		"?Status=new":          {idle},
		"?Status=scheduled":    {},
		"?Fleet=" + fleet:      {inFleet},
		"?Fleet=Pilot+Fleet":   {inFleet},
		"?Fleet=unknown":       {},
		"?Iccid=" + otherICCID: {idle},
		"?Iccid=" + otherICCID + "&Status=active": {},
		"?Status=new&PageSize=1":                  {idle},
	} {
		list := h.do(http.MethodGet, simsPath+query, nil).expect(t, 200)
		got := []string{}
		for _, item := range itemsAt(t, list, "sims") {
			got = append(got, stringAt(t, item, "sid"))
		}
		if !slices.Equal(got, want) {
			t.Errorf("GET /v1/Sims%s listed %v, want %v", query, got, want)
		}
	}
	meta := objectAt(t, h.do(http.MethodGet, simsPath+"?Iccid="+testICCID+"&Fleet=Pilot+Fleet&Status=active", nil).expect(t, 200), "meta")
	if want := h.ts.URL + "/v1/Sims?Status=active&Fleet=Pilot+Fleet&Iccid=" + testICCID + "&PageSize=50&Page=0"; meta["url"] != want || meta["key"] != "sims" {
		t.Fatalf("meta = %s, want url %s", mustJSON(meta), want)
	}
	h.do(http.MethodGet, simsPath+"?Status=gone", nil).expectError(t, 400, 20001, "Status", "'gone'")
	h.do(http.MethodGet, simsPath+"?PageSize=0", nil).expectError(t, 400, 20001, "PageSize")
}

func TestSimGoAPIErrorsMatchSentinels(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	sid, err := e.CreateSim(testICCID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"duplicate ICCID", func() error { _, err := e.CreateSim(testICCID); return err }(), ErrConflict},
		{"bad ICCID", func() error { _, err := e.CreateSim("123"); return err }(), ErrInvalid},
		{"unknown SIM", e.AssignSimToFleet("nobody", "x"), ErrNotFound},
		{"unknown Fleet", e.AssignSimToFleet(sid, "nowhere"), ErrNotFound},
		{"unsettable status", e.SetSimStatus(sid, SimStatusScheduled), ErrInvalid},
	} {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if _, ok := e.Sim("nobody"); ok {
		t.Error("Sim found a SIM that does not exist")
	}
}

// A SIM write that lands although the connection drops is visible in the
// state, like every other write under this fault.
func TestSimRoutesCarryFaults(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	id := h.e.InjectFault(Fault{Route: RouteCreateSim, Kind: FaultDropAfterApply, Times: 1})
	req, err := h.ts.NewRequest(http.MethodPost, simsPath, form("Iccid", testICCID, "RegistrationCode", testRegCode))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := h.client.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("status %d, want a dropped connection", res.StatusCode)
	}
	if h.e.FaultFired(id) != 1 || len(h.e.Sims()) != 1 {
		t.Fatalf("fault fired %d times, %d SIMs registered; want 1 and 1", h.e.FaultFired(id), len(h.e.Sims()))
	}
	h.e.InjectFault(Fault{Route: RouteListSims, Kind: FaultStatus, Status: 429, Times: 1})
	h.do(http.MethodGet, simsPath, nil).expectError(t, 429, 20429)
	h.do(http.MethodGet, simsPath, nil).expect(t, 200)
	if got := h.e.Counts()[RouteListSims]; got != 2 {
		t.Fatalf("%s counted %d requests, want 2", RouteListSims, got)
	}
}
