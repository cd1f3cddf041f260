package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Handlers translate HTTP to the record operations and back; all rules live
// in the record operations so the Go API enforces the same ones.

const (
	napListKey        = "network_access_profiles"
	networkListKey    = "networks"
	napNetworkListKey = "networks"
	fleetListKey      = "fleets"
	simListKey        = "sims"
	usageListKey      = "usage_records"
)

// --- NetworkAccessProfiles ---

func (e *Emulator) createNAP(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(r)
	if err != nil {
		writeError(w, err)
		return
	}
	name, err := optionalString(form, "UniqueName")
	if err != nil {
		writeError(w, err)
		return
	}
	nap, err := e.createNAPRecord(name, form["Networks"])
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, e.renderNAP(baseURL(r), nap))
}

func (e *Emulator) fetchNAP(w http.ResponseWriter, r *http.Request) {
	nap, err := e.fetchNAPRecord(r.PathValue("Sid"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, e.renderNAP(baseURL(r), nap))
}

func (e *Emulator) updateNAP(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(r)
	if err != nil {
		writeError(w, err)
		return
	}
	name, err := optionalString(form, "UniqueName")
	if err != nil {
		writeError(w, err)
		return
	}
	nap, err := e.renameNAP(r.PathValue("Sid"), name)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, e.renderNAP(baseURL(r), nap))
}

func (e *Emulator) listNAPs(w http.ResponseWriter, r *http.Request) {
	pr, _, err := listRequest(r, napListKey)
	if err != nil {
		writeError(w, err)
		return
	}
	base := baseURL(r)
	page := e.newListPage(r, "/v1/NetworkAccessProfiles", napListKey)
	writePage(w, page, pr, e.allNAPs(), func(n NAPState) any { return e.renderNAP(base, n) })
}

// --- NetworkAccessProfile Networks ---

func (e *Emulator) addNAPNetwork(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(r)
	if err != nil {
		writeError(w, err)
		return
	}
	network, given, err := singleParam(form, "Network")
	if err != nil {
		writeError(w, err)
		return
	}
	nn, err := e.addNAPNetworkRecord(r.PathValue("Sid"), network, given)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, renderNAPNetwork(baseURL(r), nn))
}

func (e *Emulator) fetchNAPNetwork(w http.ResponseWriter, r *http.Request) {
	nn, err := e.fetchNAPNetworkRecord(r.PathValue("Sid"), r.PathValue("NetworkSid"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, renderNAPNetwork(baseURL(r), nn))
}

func (e *Emulator) removeNAPNetwork(w http.ResponseWriter, r *http.Request) {
	if err := e.removeNAPNetworkRecord(r.PathValue("Sid"), r.PathValue("NetworkSid"), true); err != nil {
		writeError(w, err)
		return
	}
	writeNoContent(w)
}

func (e *Emulator) listNAPNetworks(w http.ResponseWriter, r *http.Request) {
	pr, _, err := listRequest(r, napNetworkListKey)
	if err != nil {
		writeError(w, err)
		return
	}
	napSID, items, err := e.listNAPNetworkRecords(r.PathValue("Sid"))
	if err != nil {
		writeError(w, err)
		return
	}
	base := baseURL(r)
	page := e.newListPage(r, "/v1/NetworkAccessProfiles/"+napSID+"/Networks", napNetworkListKey)
	writePage(w, page, pr, items, func(nn napNetwork) any { return renderNAPNetwork(base, nn) })
}

// --- Networks catalog ---

func (e *Emulator) fetchNetwork(w http.ResponseWriter, r *http.Request) {
	sid := r.PathValue("Sid")
	n, ok := e.catalog.lookup(sid)
	if !ok {
		writeError(w, errNotFound("/v1/Networks/"+url.PathEscape(sid)))
		return
	}
	writeJSON(w, http.StatusOK, renderNetwork(baseURL(r), n))
}

func (e *Emulator) listNetworks(w http.ResponseWriter, r *http.Request) {
	pr, q, err := listRequest(r, networkListKey)
	if err != nil {
		writeError(w, err)
		return
	}
	var f networkFilter
	for _, p := range []struct {
		name string
		dst  *string
	}{{"IsoCountry", &f.isoCountry}, {"Mcc", &f.mcc}, {"Mnc", &f.mnc}} {
		if *p.dst, _, err = singleParam(q, p.name); err != nil {
			writeError(w, err)
			return
		}
	}
	base := baseURL(r)
	page := e.newListPage(r, "/v1/Networks", networkListKey,
		queryParam{"IsoCountry", f.isoCountry}, queryParam{"Mnc", f.mnc}, queryParam{"Mcc", f.mcc})
	writePage(w, page, pr, e.catalog.filter(f), func(n NetworkState) any { return renderNetwork(base, n) })
}

// --- Fleets ---

func (e *Emulator) createFleet(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(r)
	if err != nil {
		writeError(w, err)
		return
	}
	in, err := parseFleetCreate(form)
	if err != nil {
		writeError(w, err)
		return
	}
	f, err := e.createFleetRecord(in)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, e.renderFleet(baseURL(r), f))
}

func (e *Emulator) fetchFleet(w http.ResponseWriter, r *http.Request) {
	f, err := e.fetchFleetRecord(r.PathValue("Sid"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, e.renderFleet(baseURL(r), f))
}

func (e *Emulator) updateFleet(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(r)
	if err != nil {
		writeError(w, err)
		return
	}
	in, err := parseFleetUpdate(form)
	if err != nil {
		writeError(w, err)
		return
	}
	f, err := e.updateFleetRecord(r.PathValue("Sid"), in)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, e.renderFleet(baseURL(r), f))
}

func (e *Emulator) listFleets(w http.ResponseWriter, r *http.Request) {
	pr, q, err := listRequest(r, fleetListKey)
	if err != nil {
		writeError(w, err)
		return
	}
	napRef, _, err := singleParam(q, "NetworkAccessProfile")
	if err != nil {
		writeError(w, err)
		return
	}
	base := baseURL(r)
	page := e.newListPage(r, "/v1/Fleets", fleetListKey, queryParam{"NetworkAccessProfile", napRef})
	writePage(w, page, pr, e.listFleetRecords(napRef), func(f FleetState) any { return e.renderFleet(base, f) })
}

// parseFleetCreate reads CreateFleet's parameters. DataMetering is not a
// CreateFleet parameter in the reference, so it is ignored like any unknown
// parameter and data_metering is always "payg".
func parseFleetCreate(form url.Values) (fleetCreate, error) {
	p := formReader{values: form}
	in := fleetCreate{
		uniqueName:         p.str("UniqueName"),
		dataEnabled:        p.boolean("DataEnabled"),
		dataLimit:          p.integer("DataLimit", minFleetDataLimit, maxFleetDataLimit),
		ipCommandsURL:      p.url("IpCommandsUrl"),
		ipCommandsMethod:   p.method("IpCommandsMethod"),
		smsCommandsEnabled: p.boolean("SmsCommandsEnabled"),
		smsCommandsURL:     p.url("SmsCommandsUrl"),
		smsCommandsMethod:  p.method("SmsCommandsMethod"),
	}
	if nap := p.str("NetworkAccessProfile"); nap != nil {
		in.nap = *nap
	}
	return in, p.err
}

// parseFleetUpdate reads UpdateFleet's parameters (the reference's update
// has no DataEnabled or SmsCommandsEnabled).
func parseFleetUpdate(form url.Values) (fleetUpdate, error) {
	p := formReader{values: form}
	in := fleetUpdate{
		uniqueName:        p.str("UniqueName"),
		nap:               p.str("NetworkAccessProfile"),
		dataLimit:         p.integer("DataLimit", minFleetDataLimit, maxFleetDataLimit),
		ipCommandsURL:     p.url("IpCommandsUrl"),
		ipCommandsMethod:  p.method("IpCommandsMethod"),
		smsCommandsURL:    p.url("SmsCommandsUrl"),
		smsCommandsMethod: p.method("SmsCommandsMethod"),
	}
	return in, p.err
}

// --- SIMs ---

func (e *Emulator) createSim(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(r)
	if err != nil {
		writeError(w, err)
		return
	}
	p := formReader{values: form}
	iccid, code := p.str("Iccid"), p.str("RegistrationCode")
	if p.err != nil {
		writeError(w, p.err)
		return
	}
	sim, err := e.createSimRecord(iccid, code)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, e.renderSim(baseURL(r), sim))
}

func (e *Emulator) fetchSim(w http.ResponseWriter, r *http.Request) {
	sim, err := e.fetchSimRecord(r.PathValue("Sid"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, e.renderSim(baseURL(r), sim))
}

func (e *Emulator) updateSim(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(r)
	if err != nil {
		writeError(w, err)
		return
	}
	p := formReader{values: form}
	in := simUpdate{
		uniqueName:     p.str("UniqueName"),
		status:         p.str("Status"),
		fleet:          p.str("Fleet"),
		callbackURL:    p.url("CallbackUrl"),
		callbackMethod: p.method("CallbackMethod"),
		accountSID:     p.str("AccountSid"),
	}
	if p.err != nil {
		writeError(w, p.err)
		return
	}
	sim, err := e.updateSimRecord(r.PathValue("Sid"), in)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, e.renderSim(baseURL(r), sim))
}

func (e *Emulator) listSims(w http.ResponseWriter, r *http.Request) {
	pr, q, err := listRequest(r, simListKey)
	if err != nil {
		writeError(w, err)
		return
	}
	f, err := parseSimFilter(q)
	if err != nil {
		writeError(w, err)
		return
	}
	base := baseURL(r)
	page := e.newListPage(r, "/v1/Sims", simListKey,
		queryParam{"Status", f.status}, queryParam{"Fleet", f.fleet}, queryParam{"Iccid", f.iccid})
	writePage(w, page, pr, e.listSimRecords(f), func(s SimState) any { return e.renderSim(base, s) })
}

// parseSimFilter reads the SIM list's filters; a Status the reference does
// not list is refused, as it could only ever match nothing.
func parseSimFilter(q url.Values) (simFilter, error) {
	var f simFilter
	for _, p := range []struct {
		name string
		dst  *string
	}{{"Status", &f.status}, {"Fleet", &f.fleet}, {"Iccid", &f.iccid}} {
		var err error
		if *p.dst, _, err = singleParam(q, p.name); err != nil {
			return f, err
		}
	}
	if f.status != "" && !slices.Contains(simStatuses, f.status) {
		return f, errInvalidParam("Invalid Status value '%s': expected one of %s", f.status, strings.Join(simStatuses, ", "))
	}
	return f, nil
}

// --- UsageRecords ---

func (e *Emulator) listUsageRecords(w http.ResponseWriter, r *http.Request) {
	pr, q, err := listRequest(r, usageListKey)
	if err != nil {
		writeError(w, err)
		return
	}
	var p usageParams
	for _, param := range []struct {
		name string
		dst  *string
	}{
		{"Sim", &p.sim}, {"Fleet", &p.fleet}, {"Network", &p.network}, {"IsoCountry", &p.isoCountry},
		{"Group", &p.group}, {"Granularity", &p.granularity}, {"StartTime", &p.startTime}, {"EndTime", &p.endTime},
	} {
		if *param.dst, _, err = singleParam(q, param.name); err != nil {
			writeError(w, err)
			return
		}
	}
	records, err := e.queryUsage(p)
	if err != nil {
		writeError(w, err)
		return
	}
	page := e.newListPage(r, "/v1/UsageRecords", usageListKey,
		queryParam{"Sim", p.sim}, queryParam{"Fleet", p.fleet}, queryParam{"Network", p.network},
		queryParam{"IsoCountry", p.isoCountry}, queryParam{"Group", p.group}, queryParam{"Granularity", p.granularity},
		queryParam{"StartTime", p.startTime}, queryParam{"EndTime", p.endTime})
	writePage(w, page, pr, records, func(u usageRecord) any { return e.renderUsageRecord(u) })
}

// listRequest parses the query string and the paging parameters shared by
// every list route.
func listRequest(r *http.Request, listKey string) (pageRequest, url.Values, error) {
	q, err := parseQuery(r)
	if err != nil {
		return pageRequest{}, nil, err
	}
	pr, err := parsePageRequest(q, listKey)
	return pr, q, err
}

// --- Console and emulator control ---

// consoleDeleteNAP is what the web Console's "Delete NAP" link does; the API
// itself has no DELETE for NAPs.
func (e *Emulator) consoleDeleteNAP(w http.ResponseWriter, r *http.Request) {
	if err := e.deleteNAPRecord(r.PathValue("SidOrUniqueName")); err != nil {
		writeError(w, err)
		return
	}
	writeNoContent(w)
}

// seedUsageFields are the form fields of POST /_emulator/UsageRecords.
// Unlike the API routes, this route of the emulator's own refuses fields
// it does not know: a misspelt DataUpload would otherwise seed zero bytes
// without a word.
var seedUsageFields = []string{"Sim", "Network", "DataUpload", "DataDownload", "Time"}

// seedUsage records usage for tests and demos; the real API has no way to
// create usage.
func (e *Emulator) seedUsage(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(r)
	if err != nil {
		writeError(w, err)
		return
	}
	u, err := parseSeedUsage(form)
	if err != nil {
		writeError(w, err)
		return
	}
	ev, err := e.addUsageEvent(u)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, renderUsageEvent(ev))
}

func parseSeedUsage(form url.Values) (Usage, error) {
	for name := range form {
		if !slices.Contains(seedUsageFields, name) {
			return Usage{}, errInvalidParam("Unknown parameter %s: usage is seeded with %s", name, strings.Join(seedUsageFields, ", "))
		}
	}
	p := formReader{values: form}
	sim, network := p.str("Sim"), p.str("Network")
	upload := p.int64("DataUpload", 0, maxUsageBytes)
	download := p.int64("DataDownload", 0, maxUsageBytes)
	at := p.str("Time")
	if p.err != nil {
		return Usage{}, p.err
	}
	u := Usage{Sim: valueOr(sim, ""), Network: valueOr(network, ""),
		DataUpload: valueOr(upload, 0), DataDownload: valueOr(download, 0)}
	if at != nil {
		t, err := parseUsageTime("Time", *at)
		if err != nil {
			return Usage{}, err
		}
		u.Time = t
	}
	return u, nil
}

type statsJSON struct {
	Requests map[string]int `json:"requests"`
	Total    int            `json:"total"`
	// RefusedForConcurrency counts the 429s of Options.ConcurrencyLimit.
	RefusedForConcurrency int `json:"refused_for_concurrency"`
}

func (e *Emulator) serveStats(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, statsJSON{Requests: e.Counts(), Total: e.TotalRequests(), RefusedForConcurrency: e.RefusedForConcurrency()})
}

func (e *Emulator) serveResetStats(w http.ResponseWriter, r *http.Request) {
	e.ResetCounts()
	writeNoContent(w)
}
