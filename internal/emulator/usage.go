package emulator

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The emulator keeps usage as the events tests seed (a SIM moved so many
// bytes on a network at a time) and answers GET /v1/UsageRecords by
// aggregating them on the fly, the way the API reports aggregates and never
// raw sessions.

// Values of the UsageRecords Group and Granularity parameters.
const (
	usageGroupSim           = "sim"
	usageGroupFleet         = "fleet"
	usageGroupNetwork       = "network"
	usageGroupIsoCountry    = "isoCountry"
	usageGranularityHour    = "hour"
	usageGranularityDay     = "day"
	usageGranularityAll     = "all"
	defaultUsageGranularity = usageGranularityAll
)

var (
	usageGroups        = []string{usageGroupSim, usageGroupFleet, usageGroupNetwork, usageGroupIsoCountry}
	usageGranularities = []string{usageGranularityHour, usageGranularityDay, usageGranularityAll}
	isoCountryPattern  = regexp.MustCompile(`^[A-Za-z]{2}$`)
)

const (
	// maxUsageBytes caps one seeded amount at a terabyte: no SIM moves more
	// in one go, and sums of many stay far from overflowing int64.
	maxUsageBytes = 1_000_000_000_000
	// bytesPerBilledMicroUSD is the emulator's made-up flat price, USD 0.10
	// a megabyte (one micro-dollar per ten bytes), which bills the
	// reference's example of 300,000 bytes at 0.03 as the example does.
	bytesPerBilledMicroUSD = 10
	billedUnit             = "USD"
)

// Usage is data use to seed: a SIM (SID or unique name) moved DataUpload
// and DataDownload bytes on a catalog Network at Time (the zero Time means
// now, by the emulator's clock).
type Usage struct {
	Sim          string
	Network      string
	DataUpload   int64
	DataDownload int64
	Time         time.Time
}

// UsageEvent is seeded usage as the emulator keeps it: the SIM resolved to
// its SID, and the Fleet (the one the SIM belonged to at Time) and country
// (the network's) it counts for.
type UsageEvent struct {
	SimSID       string
	FleetSID     string // "" when the SIM belonged to no Fleet at Time
	NetworkSID   string
	IsoCountry   string
	DataUpload   int64
	DataDownload int64
	Time         time.Time
}

func checkUsageBytes(param string, n int64) error {
	if n < 0 || n > maxUsageBytes {
		return errInvalidParam("Invalid %s value '%d': expected a number of bytes between 0 and %d", param, n, int64(maxUsageBytes))
	}
	return nil
}

// addUsageEvent records usage. It happened in the past (or now) and after
// the SIM was registered: the emulator can only attribute usage to the
// Fleet a SIM had while it knew the SIM.
func (e *Emulator) addUsageEvent(u Usage) (UsageEvent, error) {
	if u.Sim == "" {
		return UsageEvent{}, errInvalidParam("Missing required parameter Sim: the SID or unique name of the Sim that used the data")
	}
	if u.Network == "" {
		return UsageEvent{}, errInvalidParam("Missing required parameter Network: the SID of the catalog Network the data went over")
	}
	if err := e.catalog.resolveNetworkSID("Network", u.Network); err != nil {
		return UsageEvent{}, err
	}
	if err := checkUsageBytes("DataUpload", u.DataUpload); err != nil {
		return UsageEvent{}, err
	}
	if err := checkUsageBytes("DataDownload", u.DataDownload); err != nil {
		return UsageEvent{}, err
	}
	network, _ := e.catalog.lookup(u.Network)
	e.mu.Lock()
	defer e.mu.Unlock()
	sim := e.sims.find(u.Sim)
	if sim == nil {
		return UsageEvent{}, errNotFound(simPath(u.Sim))
	}
	now := e.now()
	at := now
	if !u.Time.IsZero() {
		at = u.Time.UTC().Truncate(time.Second)
	}
	if at.After(now) {
		return UsageEvent{}, errInvalidParam("Invalid Time value '%s': usage cannot be recorded after the emulator's current time, %s", formatTime(at), formatTime(now))
	}
	if at.Before(sim.created) {
		return UsageEvent{}, errInvalidParam("Invalid Time value '%s': Sim %s was only registered at %s", formatTime(at), sim.sid, formatTime(sim.created))
	}
	ev := UsageEvent{
		SimSID:       sim.sid,
		FleetSID:     sim.fleetAt(at),
		NetworkSID:   network.SID,
		IsoCountry:   network.IsoCountry,
		DataUpload:   u.DataUpload,
		DataDownload: u.DataDownload,
		Time:         at,
	}
	e.usage = append(e.usage, ev)
	return ev, nil
}

func (e *Emulator) allUsageEvents() []UsageEvent {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.usage)
}

// usageParams are the UsageRecords query parameters as sent, which page
// URLs repeat; "" means not sent.
type usageParams struct {
	sim, fleet, network, isoCountry, group, granularity, startTime, endTime string
}

// usageQuery is usageParams validated: references resolved to SIDs, the
// country in upper case, defaults applied and the window [start, end).
type usageQuery struct {
	sim, fleet, network, isoCountry string // "" = not filtered
	group, granularity              string
	start, end                      time.Time
}

// usageRecord is one aggregate: its period, the dimensions it reports
// ("" for null) and the bytes counted.
type usageRecord struct {
	start, end                      time.Time
	sim, fleet, network, isoCountry string
	upload, download                int64
}

// queryUsage validates the parameters against the current state and
// aggregates the matching events.
func (e *Emulator) queryUsage(p usageParams) ([]usageRecord, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	q, err := e.resolveUsageQuery(p)
	if err != nil {
		return nil, err
	}
	return q.aggregate(e.usage), nil
}

// resolveUsageQuery checks every parameter, naming it and the value when
// refusing one. Callers hold e.mu.
func (e *Emulator) resolveUsageQuery(p usageParams) (usageQuery, error) {
	q := usageQuery{group: p.group, granularity: cmp.Or(p.granularity, defaultUsageGranularity)}
	if p.sim != "" {
		sim := e.sims.find(p.sim)
		if sim == nil {
			return q, errInvalidParam("Invalid Sim value '%s': no Sim has this SID or unique name", p.sim)
		}
		q.sim = sim.sid
	}
	if p.fleet != "" {
		fleet := e.fleets.find(p.fleet)
		if fleet == nil {
			return q, errInvalidParam("Invalid Fleet value '%s': no Fleet has this SID or unique name", p.fleet)
		}
		q.fleet = fleet.SID
	}
	if p.network != "" {
		if err := e.catalog.resolveNetworkSID("Network", p.network); err != nil {
			return q, err
		}
		q.network = p.network
	}
	if p.isoCountry != "" {
		if !isoCountryPattern.MatchString(p.isoCountry) {
			return q, errInvalidParam("Invalid IsoCountry value '%s': expected a two-letter ISO 3166 country code such as FR", p.isoCountry)
		}
		q.isoCountry = strings.ToUpper(p.isoCountry)
	}
	if q.group != "" && !slices.Contains(usageGroups, q.group) {
		return q, errInvalidParam("Invalid Group value '%s': expected one dimension, one of %s", q.group, strings.Join(usageGroups, ", "))
	}
	if !slices.Contains(usageGranularities, q.granularity) {
		return q, errInvalidParam("Invalid Granularity value '%s': expected one of %s", q.granularity, strings.Join(usageGranularities, ", "))
	}
	var err error
	q.start, q.end, err = usageWindow(p.startTime, p.endTime, e.now())
	return q, err
}

// usageWindow applies the documented defaults: EndTime is now and
// StartTime one month before EndTime. The emulator's clock counts whole
// seconds, so "now" is the end of the current second: usage recorded at the
// current time is already in the past when the default window is read.
// Times are counted in whole seconds, as the emulator records them.
func usageWindow(startText, endText string, now time.Time) (start, end time.Time, err error) {
	end = now.Add(time.Second)
	if endText != "" {
		if end, err = parseUsageTime("EndTime", endText); err != nil {
			return start, end, err
		}
	}
	start = end.AddDate(0, -1, 0)
	if startText != "" {
		if start, err = parseUsageTime("StartTime", startText); err != nil {
			return start, end, err
		}
	}
	if !start.Before(end) {
		return start, end, errInvalidParam("Invalid StartTime value '%s': it must be before EndTime, %s", startText, formatTime(end))
	}
	return start, end, nil
}

func parseUsageTime(param, text string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, text)
	if err != nil {
		return time.Time{}, errInvalidParam("Invalid %s value '%s': expected an RFC 3339 time such as 2020-05-01T20:00:00Z", param, text)
	}
	return t.UTC().Truncate(time.Second), nil
}

func (q usageQuery) matches(ev UsageEvent) bool {
	return !ev.Time.Before(q.start) && ev.Time.Before(q.end) &&
		(q.sim == "" || ev.SimSID == q.sim) &&
		(q.fleet == "" || ev.FleetSID == q.fleet) &&
		(q.network == "" || ev.NetworkSID == q.network) &&
		(q.isoCountry == "" || ev.IsoCountry == q.isoCountry)
}

// bucket is the period an event counts in: its UTC hour or day, or the
// whole window, clipped to the window so that a period never claims time
// the query did not cover.
func (q usageQuery) bucket(t time.Time) (start, end time.Time) {
	switch q.granularity {
	case usageGranularityHour:
		start = t.Truncate(time.Hour)
		end = start.Add(time.Hour)
	case usageGranularityDay:
		start = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		end = start.AddDate(0, 0, 1)
	default:
		return q.start, q.end
	}
	return maxTime(start, q.start), minTime(end, q.end)
}

// groupValue is the event's value of the grouped dimension ("" when the
// query does not group).
func (q usageQuery) groupValue(ev UsageEvent) string {
	switch q.group {
	case usageGroupSim:
		return ev.SimSID
	case usageGroupFleet:
		return ev.FleetSID
	case usageGroupNetwork:
		return ev.NetworkSID
	case usageGroupIsoCountry:
		return ev.IsoCountry
	}
	return ""
}

// newRecord fills the dimensions a record reports: those the query filters
// by, and the grouped one. The others stay null, as the reference says.
func (q usageQuery) newRecord(start, end time.Time, group string) *usageRecord {
	r := &usageRecord{start: start, end: end, sim: q.sim, fleet: q.fleet, network: q.network, isoCountry: q.isoCountry}
	switch q.group {
	case usageGroupSim:
		r.sim = group
	case usageGroupFleet:
		r.fleet = group
	case usageGroupNetwork:
		r.network = group
	case usageGroupIsoCountry:
		r.isoCountry = group
	}
	return r
}

type usageKey struct {
	start time.Time
	group string
}

// aggregate sums the matching events per period and group value. Only
// periods and groups that saw usage are listed, newest period first, then
// by group value; except that a query for the whole window without a group
// always answers its one record, zero or not.
func (q usageQuery) aggregate(events []UsageEvent) []usageRecord {
	byKey := map[usageKey]*usageRecord{}
	for _, ev := range events {
		if !q.matches(ev) {
			continue
		}
		start, end := q.bucket(ev.Time)
		key := usageKey{start: start, group: q.groupValue(ev)}
		r := byKey[key]
		if r == nil {
			r = q.newRecord(start, end, key.group)
			byKey[key] = r
		}
		r.upload += ev.DataUpload
		r.download += ev.DataDownload
	}
	if q.granularity == usageGranularityAll && q.group == "" && len(byKey) == 0 {
		byKey[usageKey{start: q.start}] = q.newRecord(q.start, q.end, "")
	}
	keys := make([]usageKey, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b usageKey) int {
		return cmp.Or(b.start.Compare(a.start), strings.Compare(a.group, b.group))
	})
	out := make([]usageRecord, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
	}
	return out
}

// billedUSD prices a record's bytes at the emulator's flat rate, in whole
// micro-dollars (rounded down) so that amounts read like money rather than
// float noise.
func billedUSD(totalBytes int64) float64 {
	return float64(totalBytes/bytesPerBilledMicroUSD) / 1e6
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
