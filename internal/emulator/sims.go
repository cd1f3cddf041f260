package emulator

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// Super SIM statuses from the reference. A registered SIM starts as new;
// an update may only ask for ready, active or inactive (scheduled is a
// state the API itself enters while a change is under way).
const (
	SimStatusNew       = "new"
	SimStatusReady     = "ready"
	SimStatusActive    = "active"
	SimStatusInactive  = "inactive"
	SimStatusScheduled = "scheduled"
)

var (
	simStatuses         = []string{SimStatusNew, SimStatusReady, SimStatusActive, SimStatusInactive, SimStatusScheduled}
	settableSimStatuses = []string{SimStatusReady, SimStatusActive, SimStatusInactive}
)

// ICCIDs the emulator registers: real ones are 19 or 20 digits, the range
// leaves room for test fixtures without accepting obvious garbage. Any
// non-empty registration code is accepted, as the emulator has no cards to
// check it against.
const (
	minICCIDDigits = 18
	maxICCIDDigits = 22
	// goAPIRegistrationCode stands in for the code printed on a card when a
	// test registers a SIM through the Go API.
	goAPIRegistrationCode = "EMULATOR"
)

// SimState is a snapshot of a Super SIM, detached from the emulator.
type SimState struct {
	SID         string
	UniqueName  *string // nil when the SIM has no unique name
	ICCID       string
	Status      string
	FleetSID    string // "" while the SIM belongs to no Fleet
	DateCreated time.Time
	DateUpdated time.Time
}

// fleetSpan says which Fleet a SIM belonged to from a moment on ("" for
// none). Usage counts for the Fleet of its time, so a SIM keeps the whole
// history, not only its current Fleet.
type fleetSpan struct {
	from     time.Time
	fleetSID string
}

type simRecord struct {
	sid        string
	uniqueName *string
	iccid      string
	status     string
	fleets     []fleetSpan // in time order, the first from registration
	created    time.Time
	updated    time.Time
}

func (s *simRecord) fleetSID() string {
	return s.fleets[len(s.fleets)-1].fleetSID
}

// fleetAt is the Fleet the SIM belonged to at t, which must not be before
// its registration.
func (s *simRecord) fleetAt(t time.Time) string {
	current := ""
	for _, span := range s.fleets {
		if span.from.After(t) {
			break
		}
		current = span.fleetSID
	}
	return current
}

// moveToFleet starts a new span at now. Moves within one second replace
// each other, as the emulator's clock cannot tell them apart.
func (s *simRecord) moveToFleet(fleetSID string, now time.Time) {
	if last := &s.fleets[len(s.fleets)-1]; last.from.Equal(now) {
		last.fleetSID = fleetSID
		return
	}
	s.fleets = append(s.fleets, fleetSpan{from: now, fleetSID: fleetSID})
}

func (s *simRecord) snapshot() SimState {
	return SimState{
		SID:         s.sid,
		UniqueName:  clonePtr(s.uniqueName),
		ICCID:       s.iccid,
		Status:      s.status,
		FleetSID:    s.fleetSID(),
		DateCreated: s.created,
		DateUpdated: s.updated,
	}
}

// simStore indexes SIMs by SID, unique name and ICCID and keeps
// registration order, which is the order lists return.
type simStore struct {
	order   []*simRecord
	bySID   map[string]*simRecord
	byName  map[string]*simRecord
	byICCID map[string]*simRecord
}

func newSimStore() simStore {
	return simStore{bySID: map[string]*simRecord{}, byName: map[string]*simRecord{}, byICCID: map[string]*simRecord{}}
}

func (s *simStore) find(ref string) *simRecord {
	if simSIDPattern.MatchString(ref) {
		if sim := s.bySID[ref]; sim != nil {
			return sim
		}
	}
	return s.byName[ref]
}

func (s *simStore) insert(sim *simRecord) {
	s.order = append(s.order, sim)
	s.bySID[sim.sid] = sim
	s.byICCID[sim.iccid] = sim
}

func (s *simStore) rename(sim *simRecord, name string) {
	if sim.uniqueName != nil {
		delete(s.byName, *sim.uniqueName)
	}
	sim.uniqueName = &name
	s.byName[name] = sim
}

func simPath(ref string) string {
	return "/v1/Sims/" + url.PathEscape(ref)
}

// validICCID accepts the digits-only form printed on cards.
func validICCID(iccid string) bool {
	if len(iccid) < minICCIDDigits || len(iccid) > maxICCIDDigits {
		return false
	}
	return strings.Trim(iccid, "0123456789") == ""
}

// createSimRecord registers a SIM as POST /v1/Sims does: with no Fleet and
// status new. An ICCID is registered once; a second registration is a
// conflict naming the SIM that holds it.
func (e *Emulator) createSimRecord(iccid, registrationCode *string) (SimState, error) {
	switch {
	case iccid == nil || *iccid == "":
		return SimState{}, errInvalidParam("Missing required parameter Iccid: the ICCID printed on the SIM card")
	case !validICCID(*iccid):
		return SimState{}, errInvalidParam("Invalid Iccid value '%s': expected %d to %d digits", *iccid, minICCIDDigits, maxICCIDDigits)
	case registrationCode == nil || *registrationCode == "":
		return SimState{}, errInvalidParam("Missing required parameter RegistrationCode: the code printed on the SIM card")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if holder := e.sims.byICCID[*iccid]; holder != nil {
		return SimState{}, errConflict("Iccid '%s' is already registered as Sim %s", *iccid, holder.sid)
	}
	now := e.now()
	sim := &simRecord{
		sid:     e.newSID("HS"),
		iccid:   *iccid,
		status:  SimStatusNew,
		fleets:  []fleetSpan{{from: now}},
		created: now,
		updated: now,
	}
	e.sims.insert(sim)
	return sim.snapshot(), nil
}

// simUpdate holds UpdateSim parameters; nil means "leave unchanged".
// The callback is validated but never called: the emulator applies status
// changes at once, so there is nothing to report later.
type simUpdate struct {
	uniqueName     *string
	status         *string
	fleet          *string
	callbackURL    *string
	callbackMethod *string
	accountSID     *string
}

// updateSimRecord validates every field before changing anything, and
// moves date_updated only when something changed.
func (e *Emulator) updateSimRecord(ref string, in simUpdate) (SimState, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	sim := e.sims.find(ref)
	if sim == nil {
		return SimState{}, errNotFound(simPath(ref))
	}
	fleetSID, err := e.checkSimUpdate(sim, in)
	if err != nil {
		return SimState{}, err
	}
	changed := false
	now := e.now()
	if in.uniqueName != nil && !ptrEqual(sim.uniqueName, in.uniqueName) {
		e.sims.rename(sim, *in.uniqueName)
		changed = true
	}
	if in.status != nil && sim.status != *in.status {
		sim.status = *in.status
		changed = true
	}
	if in.fleet != nil && sim.fleetSID() != fleetSID {
		sim.moveToFleet(fleetSID, now)
		changed = true
	}
	if changed {
		sim.updated = now
	}
	return sim.snapshot(), nil
}

// checkSimUpdate refuses what the API would refuse and resolves the Fleet
// reference to its SID. Callers hold e.mu.
func (e *Emulator) checkSimUpdate(sim *simRecord, in simUpdate) (fleetSID string, err error) {
	if in.uniqueName != nil {
		if *in.uniqueName == "" {
			return "", errInvalidParam("UniqueName cannot be empty")
		}
		if holder := e.sims.byName[*in.uniqueName]; holder != nil && holder != sim {
			return "", errConflict("UniqueName '%s' is already used by Sim %s", *in.uniqueName, holder.sid)
		}
	}
	if in.status != nil && !slices.Contains(settableSimStatuses, *in.status) {
		return "", errInvalidParam("Invalid Status value '%s': an update may set %s", *in.status, strings.Join(settableSimStatuses, ", "))
	}
	if in.accountSID != nil && *in.accountSID != e.opts.AccountSID {
		return "", errInvalidParam("Invalid AccountSid value '%s': the emulator serves the one account %s, so a Sim cannot move to another", *in.accountSID, e.opts.AccountSID)
	}
	if in.fleet == nil {
		return "", nil
	}
	if *in.fleet == "" {
		return "", errInvalidParam("Fleet cannot be empty: give the SID or unique name of the Fleet the Sim should join")
	}
	f := e.fleets.find(*in.fleet)
	if f == nil {
		return "", errNotFound(fleetPath(*in.fleet))
	}
	return f.SID, nil
}

func (e *Emulator) fetchSimRecord(ref string) (SimState, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	sim := e.sims.find(ref)
	if sim == nil {
		return SimState{}, errNotFound(simPath(ref))
	}
	return sim.snapshot(), nil
}

// simFilter holds the list filters of GET /v1/Sims; "" means no filter.
type simFilter struct {
	status, fleet, iccid string
}

// listSimRecords applies the filters. An unknown Fleet filters everything
// out rather than failing, like the Fleets list's profile filter.
func (e *Emulator) listSimRecords(f simFilter) []SimState {
	e.mu.Lock()
	defer e.mu.Unlock()
	fleetSID := ""
	if f.fleet != "" {
		fleet := e.fleets.find(f.fleet)
		if fleet == nil {
			return []SimState{}
		}
		fleetSID = fleet.SID
	}
	out := make([]SimState, 0, len(e.sims.order))
	for _, sim := range e.sims.order {
		if (f.status == "" || sim.status == f.status) &&
			(fleetSID == "" || sim.fleetSID() == fleetSID) &&
			(f.iccid == "" || sim.iccid == f.iccid) {
			out = append(out, sim.snapshot())
		}
	}
	return out
}
