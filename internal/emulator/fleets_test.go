package emulator

import (
	"net/http"
	"testing"
	"time"
)

var fleetKeys = []string{
	"account_sid", "sid", "unique_name", "date_created", "date_updated", "url",
	"data_enabled", "data_limit", "data_metering", "sms_commands_enabled", "sms_commands_url",
	"sms_commands_method", "network_access_profile_sid", "ip_commands_url", "ip_commands_method",
}

func TestCreateFleetDefaults(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "iot")
	m := h.do(http.MethodPost, "/v1/Fleets", form("NetworkAccessProfile", "iot")).expect(t, http.StatusCreated)
	expectKeys(t, m, fleetKeys...)
	sid, _ := m["sid"].(string)
	if !fleetSIDPattern.MatchString(sid) {
		t.Fatalf("sid %q is not an HF SID", sid)
	}
	want := map[string]any{
		"account_sid": DefaultAccountSID, "sid": sid, "unique_name": nil,
		"date_created": "2020-05-01T20:00:00Z", "date_updated": "2020-05-01T20:00:00Z",
		"url":          h.ts.URL + "/v1/Fleets/" + sid,
		"data_enabled": true, "data_limit": 1000, "data_metering": "payg",
		"sms_commands_enabled": true, "sms_commands_url": nil, "sms_commands_method": "POST",
		"network_access_profile_sid": nap, "ip_commands_url": nil, "ip_commands_method": "POST",
	}
	if !jsonEqual(m, want) {
		t.Fatalf("got  %s\nwant %s", mustJSON(m), mustJSON(want))
	}
}

func TestCreateFleetWithAllParameters(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "")
	m := h.do(http.MethodPost, "/v1/Fleets", form(
		"NetworkAccessProfile", nap, "UniqueName", "Pilot Fleet", "DataEnabled", "false", "DataLimit", "500",
		"IpCommandsUrl", "https://example.com/ip", "IpCommandsMethod", "get",
		"SmsCommandsEnabled", "False", "SmsCommandsUrl", "https://example.com/sms", "SmsCommandsMethod", "GET",
		"DataMetering", "payg",
	)).expect(t, http.StatusCreated)
	checks := map[string]any{
		"unique_name": "Pilot Fleet", "data_enabled": false, "data_limit": float64(500),
		"ip_commands_url": "https://example.com/ip", "ip_commands_method": "GET",
		"sms_commands_enabled": false, "sms_commands_url": "https://example.com/sms", "sms_commands_method": "GET",
	}
	for k, v := range checks {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
}

func TestCreateFleetErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "n")
	existing, err := h.e.CreateFleet(nap, "dup")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		form         []string
		status, code int
		fragment     string
	}{
		{nil, 400, 20001, "NetworkAccessProfile"},
		{[]string{"NetworkAccessProfile", ""}, 400, 20001, "NetworkAccessProfile"},
		{[]string{"NetworkAccessProfile", "ghost"}, 404, 20404, "ghost"},
		{[]string{"NetworkAccessProfile", nap, "UniqueName", "dup"}, 409, 20409, existing},
		{[]string{"NetworkAccessProfile", nap, "DataLimit", "0"}, 400, 20001, "DataLimit"},
		{[]string{"NetworkAccessProfile", nap, "DataLimit", "2000001"}, 400, 20001, "DataLimit"},
		{[]string{"NetworkAccessProfile", nap, "DataEnabled", "yes"}, 400, 20001, "DataEnabled"},
		{[]string{"NetworkAccessProfile", nap, "IpCommandsMethod", "PUT"}, 400, 20001, "IpCommandsMethod"},
		{[]string{"NetworkAccessProfile", nap, "SmsCommandsUrl", "not a url"}, 400, 20001, "SmsCommandsUrl"},
	}
	for _, tc := range cases {
		h.do(http.MethodPost, "/v1/Fleets", form(tc.form...)).expectError(t, tc.status, tc.code, tc.fragment)
	}
	if n := len(h.e.Fleets()); n != 1 {
		t.Fatalf("failed creates left %d fleets, want 1", n)
	}
}

func TestFetchUpdateAndListFleets(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	napA := mustCreateNAP(t, h.e, "a")
	napB := mustCreateNAP(t, h.e, "b")
	f1, _ := h.e.CreateFleet(napA, "one")
	f2, _ := h.e.CreateFleet(napB, "")

	if m := h.do(http.MethodGet, "/v1/Fleets/one", nil).expect(t, 200); m["sid"] != f1 {
		t.Fatalf("fetch by name: %v", m)
	}
	h.do(http.MethodGet, "/v1/Fleets/none", nil).expectError(t, 404, 20404)

	h.clock.Advance(time.Minute)
	m := h.do(http.MethodPost, "/v1/Fleets/"+f1, form("DataLimit", "1000")).expect(t, 200)
	if m["date_updated"] != "2020-05-01T20:00:00Z" {
		t.Fatalf("a no-op update moved date_updated: %v", m["date_updated"])
	}
	m = h.do(http.MethodPost, "/v1/Fleets/one", form("NetworkAccessProfile", "b", "DataLimit", "5000", "UniqueName", "uno")).expect(t, 200)
	if m["network_access_profile_sid"] != napB || m["data_limit"] != float64(5000) ||
		m["unique_name"] != "uno" || m["date_updated"] != "2020-05-01T20:01:00Z" {
		t.Fatalf("after update: %s", mustJSON(m))
	}
	h.do(http.MethodPost, "/v1/Fleets/uno", form("UniqueName", "")).expectError(t, 400, 20001, "UniqueName")
	h.do(http.MethodPost, "/v1/Fleets/uno", form("NetworkAccessProfile", "ghost")).expectError(t, 404, 20404)
	h.do(http.MethodDelete, "/v1/Fleets/uno", nil).expectError(t, 405, 20004)

	list := h.do(http.MethodGet, "/v1/Fleets?NetworkAccessProfile=b", nil).expect(t, 200)
	items := itemsAt(t, list, "fleets")
	if len(items) != 2 {
		t.Fatalf("filter by NAP b returned %d fleets, want 2 (%s, %s)", len(items), f1, f2)
	}
	meta := objectAt(t, list, "meta")
	if meta["url"] != h.ts.URL+"/v1/Fleets?NetworkAccessProfile=b&PageSize=50&Page=0" {
		t.Fatalf("meta.url = %v", meta["url"])
	}
	if n := len(itemsAt(t, h.do(http.MethodGet, "/v1/Fleets?NetworkAccessProfile="+napA, nil).expect(t, 200), "fleets")); n != 0 {
		t.Fatalf("NAP a still has %d fleets", n)
	}
	if n := len(itemsAt(t, h.do(http.MethodGet, "/v1/Fleets", nil).expect(t, 200), "fleets")); n != 2 {
		t.Fatalf("unfiltered list has %d fleets", n)
	}
}
