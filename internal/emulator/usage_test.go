package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

const usagePath = "/v1/UsageRecords"

// frSID is Orange France, so country filters have a second country.
var frSID = CatalogNetworkSID("208", "01")

// usageFixture is one SIM that used data in two Fleets: 1,000 + 2,000
// bytes on AT&T (US) an hour after registration while in the first Fleet,
// then, after a move a day later, 30,000 + 40,000 bytes on Orange (FR).
// A second SIM, in no Fleet, used 500 + 0 bytes on AT&T at registration.
type usageFixture struct {
	h                  *apiHarness
	sim, idleSim       string
	firstFleet, second string
}

func newUsageFixture(t *testing.T) *usageFixture {
	t.Helper()
	h := newHarness(t, Options{})
	f := &usageFixture{h: h}
	f.firstFleet = mustCreateFleet(t, h.e, "first")
	f.second = mustCreateFleet(t, h.e, "second")
	f.sim = mustCreateSim(t, h.e, testICCID)
	f.idleSim = mustCreateSim(t, h.e, otherICCID)
	mustAddUsage(t, h.e, Usage{Sim: f.idleSim, Network: attSID, DataUpload: 500})
	if err := h.e.AssignSimToFleet(f.sim, "first"); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Hour)
	mustAddUsage(t, h.e, Usage{Sim: f.sim, Network: attSID, DataUpload: 1000, DataDownload: 2000})
	h.clock.Advance(24 * time.Hour)
	if err := h.e.AssignSimToFleet(f.sim, f.second); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Minute)
	mustAddUsage(t, h.e, Usage{Sim: f.sim, Network: frSID, DataUpload: 30000, DataDownload: 40000})
	return f
}

func mustAddUsage(t *testing.T, e *Emulator, u Usage) UsageEvent {
	t.Helper()
	ev, err := e.AddUsage(u)
	if err != nil {
		t.Fatalf("AddUsage(%+v): %v", u, err)
	}
	return ev
}

// records lists usage with the query and returns its records in order.
func (f *usageFixture) records(t *testing.T, query string) []map[string]any {
	t.Helper()
	return itemsAt(t, f.h.do(http.MethodGet, usagePath+query, nil).expect(t, http.StatusOK), "usage_records")
}

// summary writes a record as "start..end sim fleet network country up/down"
// with "-" for null, so expectations read as one line each.
func summary(r map[string]any) string {
	period, _ := r["period"].(map[string]any)
	field := func(v any) string {
		if v == nil {
			return "-"
		}
		s := mustJSON(v)
		return strings.Trim(s, `"`)
	}
	return strings.Join([]string{
		field(period["start_time"]) + ".." + field(period["end_time"]),
		field(r["sim_sid"]), field(r["fleet_sid"]), field(r["network_sid"]), field(r["iso_country"]),
		field(r["data_upload"]) + "/" + field(r["data_download"]),
	}, " ")
}

func expectRecords(t *testing.T, got []map[string]any, want ...string) {
	t.Helper()
	var lines []string
	for _, r := range got {
		lines = append(lines, summary(r))
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("records:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestUsageDefaultsToOneRecordForTheLastMonth(t *testing.T) {
	t.Parallel()
	f := newUsageFixture(t)
	got := f.records(t, "")
	// The window ends with the current second (20:00:00 + 25h01m) and
	// starts a month before.
	expectRecords(t, got, "2020-04-02T21:01:01Z..2020-05-02T21:01:01Z - - - - 31500/42000")
	r := got[0]
	if r["account_sid"] != DefaultAccountSID || r["data_total"] != float64(73500) ||
		r["data_total_billed"] != 0.00735 || r["billed_unit"] != "USD" {
		t.Fatalf("record %s", mustJSON(r))
	}
	expectKeys(t, r, "account_sid", "sim_sid", "network_sid", "fleet_sid", "iso_country", "period",
		"data_upload", "data_download", "data_total", "data_total_billed", "billed_unit")

	// A window without usage still answers its one record, with nothing
	// billed and so no currency.
	empty := f.records(t, "?EndTime=2020-05-01T00:00:00Z")
	expectRecords(t, empty, "2020-04-01T00:00:00Z..2020-05-01T00:00:00Z - - - - 0/0")
	if empty[0]["data_total_billed"] != float64(0) || empty[0]["billed_unit"] != nil {
		t.Fatalf("empty record %s", mustJSON(empty[0]))
	}
}

func TestUsageCountsForTheFleetOfItsTime(t *testing.T) {
	t.Parallel()
	f := newUsageFixture(t)
	expectRecords(t, f.records(t, "?Fleet=first"),
		"2020-04-02T21:01:01Z..2020-05-02T21:01:01Z - "+f.firstFleet+" - - 1000/2000")
	expectRecords(t, f.records(t, "?Fleet="+f.second),
		"2020-04-02T21:01:01Z..2020-05-02T21:01:01Z - "+f.second+" - - 30000/40000")
	// Grouped by Fleet, the idle SIM's usage is the group without a
	// Fleet, listed first; the Fleets follow in SID order.
	const window = "2020-04-02T21:01:01Z..2020-05-02T21:01:01Z "
	byFleet := []string{window + "- " + f.firstFleet + " - - 1000/2000", window + "- " + f.second + " - - 30000/40000"}
	slices.Sort(byFleet)
	expectRecords(t, f.records(t, "?Group=fleet"), append([]string{window + "- - - - 500/0"}, byFleet...)...)
	// Usage seeded late, for a time before the move, still counts for the
	// Fleet the SIM had then.
	late := mustAddUsage(t, f.h.e, Usage{Sim: f.sim, Network: attSID, DataDownload: 7, Time: testEpoch.Add(2 * time.Hour)})
	if late.FleetSID != f.firstFleet {
		t.Fatalf("usage from before the move counts for Fleet %q, want %s", late.FleetSID, f.firstFleet)
	}
	expectRecords(t, f.records(t, "?Fleet=first"), window+"- "+f.firstFleet+" - - 1000/2007")
	events := f.h.e.UsageEvents()
	if len(events) != 4 || events[1].FleetSID != f.firstFleet || events[2].FleetSID != f.second || events[0].FleetSID != "" {
		t.Fatalf("UsageEvents() = %+v", events)
	}
}

func TestUsageFiltersAndGroups(t *testing.T) {
	t.Parallel()
	f := newUsageFixture(t)
	const window = "2020-04-02T21:01:01Z..2020-05-02T21:01:01Z "
	expectRecords(t, f.records(t, "?Sim="+f.sim), window+f.sim+" - - - 31000/42000")
	expectRecords(t, f.records(t, "?Sim="+f.idleSim+"&Network="+attSID), window+f.idleSim+" - "+attSID+" - 500/0")
	expectRecords(t, f.records(t, "?IsoCountry=fr"), window+"- - - FR 30000/40000")
	expectRecords(t, f.records(t, "?Group=isoCountry"), window+"- - - FR 30000/40000", window+"- - - US 1500/2000")
	expectRecords(t, f.records(t, "?Group=network&IsoCountry=US"), window+"- - "+attSID+" US 1500/2000")
	expectRecords(t, f.records(t, "?Group=sim&Fleet="+f.second), window+f.sim+" "+f.second+" - - 30000/40000")
	// Grouping lists only what saw usage.
	expectRecords(t, f.records(t, "?Group=sim&IsoCountry=DE"))
}

func TestUsageGranularityBucketsNewestFirst(t *testing.T) {
	t.Parallel()
	f := newUsageFixture(t)
	expectRecords(t, f.records(t, "?Granularity=day"),
		"2020-05-02T00:00:00Z..2020-05-02T21:01:01Z - - - - 30000/40000",
		"2020-05-01T00:00:00Z..2020-05-02T00:00:00Z - - - - 1500/2000")
	expectRecords(t, f.records(t, "?Granularity=hour&Group=sim&StartTime=2020-05-01T20:30:00Z"),
		"2020-05-02T21:00:00Z..2020-05-02T21:01:01Z "+f.sim+" - - - 30000/40000",
		"2020-05-01T21:00:00Z..2020-05-01T22:00:00Z "+f.sim+" - - - 1000/2000")
	// StartTime counts, EndTime does not.
	expectRecords(t, f.records(t, "?Granularity=hour&StartTime=2020-05-01T20:00:00Z&EndTime=2020-05-01T21:00:00Z"),
		"2020-05-01T20:00:00Z..2020-05-01T21:00:00Z - - - - 500/0")
	expectRecords(t, f.records(t, "?Granularity=hour&StartTime=2020-05-01T20:00:01Z&EndTime=2020-05-01T21:00:00Z"))
	expectRecords(t, f.records(t, "?StartTime=2020-05-01T19:00:00Z&EndTime=2020-05-01T20:00:00Z"),
		"2020-05-01T19:00:00Z..2020-05-01T20:00:00Z - - - - 0/0")
}

func TestUsagePagesKeepTheQuery(t *testing.T) {
	t.Parallel()
	f := newUsageFixture(t)
	list := f.h.do(http.MethodGet, usagePath+"?Granularity=day&Sim="+f.sim+"&PageSize=1", nil).expect(t, 200)
	meta := objectAt(t, list, "meta")
	wantNext := f.h.ts.URL + "/v1/UsageRecords?Sim=" + f.sim + "&Granularity=day&PageSize=1&Page=1&PageToken="
	next, _ := meta["next_page_url"].(string)
	if meta["key"] != "usage_records" || !strings.HasPrefix(next, wantNext) {
		t.Fatalf("meta %s, want next_page_url starting %s", mustJSON(meta), wantNext)
	}
	expectRecords(t, itemsAt(t, list, "usage_records"), "2020-05-02T00:00:00Z..2020-05-02T21:01:01Z "+f.sim+" - - - 30000/40000")
	last := f.h.getURL(next).expect(t, 200)
	expectRecords(t, itemsAt(t, last, "usage_records"), "2020-05-01T00:00:00Z..2020-05-02T00:00:00Z "+f.sim+" - - - 1000/2000")
	if objectAt(t, last, "meta")["next_page_url"] != nil {
		t.Fatal("the second of two pages has a next page")
	}
}

func TestUsageQueryRefusals(t *testing.T) {
	t.Parallel()
	f := newUsageFixture(t)
	for query, fragments := range map[string][]string{
		"?Group=sims":            {"Group", "'sims'", "sim, fleet, network, isoCountry"},
		"?Group=sim&Group=fleet": {"Group must be sent once"},
		"?Group=sim,fleet":       {"'sim,fleet'", "one dimension"},
		"?Granularity=week":      {"Granularity", "'week'", "hour, day, all"},
		"?StartTime=yesterday":   {"StartTime", "'yesterday'", "RFC 3339"},
		"?EndTime=2020-05-01":    {"EndTime", "'2020-05-01'"},
		"?StartTime=2020-05-02T00:00:00Z&EndTime=2020-05-01T00:00:00Z": {"StartTime", "'2020-05-02T00:00:00Z'", "before EndTime"},
		"?StartTime=2030-01-01T00:00:00Z":                              {"StartTime", "before EndTime"},
		"?Sim=ghost":                                                   {"Sim", "'ghost'"},
		"?Fleet=ghost":                                                 {"Fleet", "'ghost'"},
		"?Network=HWnope":                                              {"Network", "'HWnope'"},
		"?Network=" + missingSID:                                       {"Network", missingSID, "catalog"},
		"?IsoCountry=FRA":                                              {"IsoCountry", "'FRA'"},
		"?PageSize=1001":                                               {"PageSize"},
	} {
		f.h.do(http.MethodGet, usagePath+query, nil).expectError(t, 400, 20001, fragments...)
	}
}

func TestSeedUsageRoute(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	fleet := mustCreateFleet(t, h.e, "seeded")
	sim := mustCreateSim(t, h.e, testICCID)
	if err := h.e.RenameSim(sim, "meter"); err != nil {
		t.Fatal(err)
	}
	if err := h.e.AssignSimToFleet(sim, fleet); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(2 * time.Hour)

	m := h.do(http.MethodPost, "/_emulator/UsageRecords", form("Sim", "meter", "Network", eeSID,
		"DataUpload", "1200", "DataDownload", "3400", "Time", "2020-05-01T21:30:00.9+01:00")).expect(t, http.StatusCreated)
	want := map[string]any{"sim_sid": sim, "fleet_sid": fleet, "network_sid": eeSID, "iso_country": "GB",
		"data_upload": 1200, "data_download": 3400, "data_total": 4600, "time": "2020-05-01T20:30:00Z"}
	if !jsonEqual(m, want) {
		t.Fatalf("got  %s\nwant %s", mustJSON(m), mustJSON(want))
	}
	// Time defaults to now; both amounts default to zero.
	m = h.do(http.MethodPost, "/_emulator/UsageRecords", form("Sim", sim, "Network", eeSID, "DataDownload", "1")).expect(t, http.StatusCreated)
	if m["time"] != "2020-05-01T22:00:00Z" || m["data_upload"] != float64(0) {
		t.Fatalf("defaults: %s", mustJSON(m))
	}
	if got := itemsAt(t, h.do(http.MethodGet, usagePath+"?Fleet=seeded", nil).expect(t, 200), "usage_records"); got[0]["data_total"] != float64(4601) {
		t.Fatalf("seeded usage listed as %s", mustJSON(got))
	}
	if n := h.e.TotalRequests(); n != 1 {
		t.Fatalf("the seeding route was counted: %v", h.e.Counts())
	}
}

func TestSeedUsageRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	sim := mustCreateSim(t, h.e, testICCID)
	h.clock.Advance(time.Hour)
	valid := func(kv ...string) url.Values {
		f := form("Sim", sim, "Network", attSID, "DataUpload", "1")
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	without := func(name string) url.Values { f := valid(); f.Del(name); return f }
	for _, tc := range []struct {
		form         url.Values
		status, code int
		fragments    []string
	}{
		{without("Sim"), 400, 20001, []string{"Missing required parameter Sim"}},
		{without("Network"), 400, 20001, []string{"Missing required parameter Network"}},
		{valid("DataUplaod", "5"), 400, 20001, []string{"Unknown parameter DataUplaod", "DataUpload"}},
		{valid("Network", "HWnope"), 400, 20001, []string{"Network", "'HWnope'"}},
		{valid("Network", missingSID), 400, 20001, []string{"Network", "catalog"}},
		{valid("DataUpload", "-1"), 400, 20001, []string{"DataUpload", "'-1'"}},
		{valid("DataDownload", "1.5"), 400, 20001, []string{"DataDownload", "'1.5'"}},
		{valid("DataDownload", "1000000000001"), 400, 20001, []string{"DataDownload"}},
		{valid("Time", "noon"), 400, 20001, []string{"Time", "'noon'", "RFC 3339"}},
		{valid("Time", "2020-05-01T21:00:01Z"), 400, 20001, []string{"Time", "after the emulator's current time"}},
		{valid("Time", "2020-05-01T19:59:59Z"), 400, 20001, []string{"Time", "registered at 2020-05-01T20:00:00Z"}},
		{valid("Sim", "ghost"), 404, 20404, []string{"/v1/Sims/ghost"}},
	} {
		h.do(http.MethodPost, "/_emulator/UsageRecords", tc.form).expectError(t, tc.status, tc.code, tc.fragments...)
	}
	if n := len(h.e.UsageEvents()); n != 0 {
		t.Fatalf("refused seeds recorded %d events", n)
	}
	anonymous, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/_emulator/UsageRecords", strings.NewReader(valid().Encode()))
	anonymous.Header.Set("Content-Type", formContentType)
	h.send(anonymous).expectError(t, 401, 20003)
	h.do(http.MethodGet, "/_emulator/UsageRecords", nil).expectError(t, 405, 20004)
}

func TestUsageRouteCarriesFaults(t *testing.T) {
	t.Parallel()
	f := newUsageFixture(t)
	f.h.e.InjectFault(Fault{Kind: FaultStatus, Status: 503, Times: 1})
	f.h.do(http.MethodGet, usagePath, nil).expectError(t, 503, 20503)
	// The seeding route is the emulator's own: faults for every API route
	// leave it alone.
	f.h.e.InjectFault(Fault{Kind: FaultStatus, Status: 500})
	f.h.do(http.MethodPost, "/_emulator/UsageRecords", form("Sim", f.sim, "Network", attSID)).expect(t, http.StatusCreated)
	f.h.do(http.MethodGet, usagePath, nil).expectError(t, 500, 20500)
}
