package emulator

import (
	"net/url"
	"time"
)

// Fleet defaults, taken from the request-parameter descriptions of
// CreateFleet (they are what a create without the parameter yields; the
// response schema text disagrees for data_limit and sms_commands_enabled).
const (
	defaultFleetDataLimit = 1000
	defaultCommandsMethod = "POST"
	fleetDataMetering     = "payg"
	minFleetDataLimit     = 1
	maxFleetDataLimit     = 2_000_000
)

// FleetState is a snapshot of a Fleet, detached from the emulator.
type FleetState struct {
	SID                     string
	UniqueName              *string
	NetworkAccessProfileSID string
	DataEnabled             bool
	DataLimit               int
	DataMetering            string
	SMSCommandsEnabled      bool
	SMSCommandsURL          *string
	SMSCommandsMethod       string
	IPCommandsURL           *string
	IPCommandsMethod        string
	DateCreated             time.Time
	DateUpdated             time.Time
}

func (f FleetState) clone() FleetState {
	f.UniqueName = clonePtr(f.UniqueName)
	f.SMSCommandsURL = clonePtr(f.SMSCommandsURL)
	f.IPCommandsURL = clonePtr(f.IPCommandsURL)
	return f
}

// fleetStore mirrors napStore; fleets have their own unique-name namespace.
type fleetStore struct {
	order  []*FleetState
	bySID  map[string]*FleetState
	byName map[string]*FleetState
}

func newFleetStore() fleetStore {
	return fleetStore{bySID: map[string]*FleetState{}, byName: map[string]*FleetState{}}
}

func (s *fleetStore) find(ref string) *FleetState {
	if fleetSIDPattern.MatchString(ref) {
		if f := s.bySID[ref]; f != nil {
			return f
		}
	}
	return s.byName[ref]
}

// usersOf lists the Fleets that reference a NAP, which is what blocks a
// Console delete.
func (s *fleetStore) usersOf(napSID string) []string {
	var sids []string
	for _, f := range s.order {
		if f.NetworkAccessProfileSID == napSID {
			sids = append(sids, f.SID)
		}
	}
	return sids
}

func fleetPath(ref string) string {
	return "/v1/Fleets/" + url.PathEscape(ref)
}

// fleetCreate holds CreateFleet parameters; nil means "not sent, use the
// default".
type fleetCreate struct {
	nap                string
	uniqueName         *string
	dataEnabled        *bool
	dataLimit          *int
	ipCommandsURL      *string
	ipCommandsMethod   *string
	smsCommandsEnabled *bool
	smsCommandsURL     *string
	smsCommandsMethod  *string
}

// fleetUpdate holds UpdateFleet parameters; nil means "leave unchanged". An
// empty URL clears it.
type fleetUpdate struct {
	uniqueName        *string
	nap               *string
	dataLimit         *int
	ipCommandsURL     *string
	ipCommandsMethod  *string
	smsCommandsURL    *string
	smsCommandsMethod *string
}

func (e *Emulator) createFleetRecord(in fleetCreate) (FleetState, error) {
	if in.nap == "" {
		return FleetState{}, errInvalidParam("Missing required parameter NetworkAccessProfile")
	}
	if in.uniqueName != nil && *in.uniqueName == "" {
		in.uniqueName = nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	nap := e.naps.find(in.nap)
	if nap == nil {
		return FleetState{}, errNotFound(napPath(in.nap))
	}
	if in.uniqueName != nil {
		if holder := e.fleets.byName[*in.uniqueName]; holder != nil {
			return FleetState{}, errConflict("UniqueName '%s' is already used by Fleet %s", *in.uniqueName, holder.SID)
		}
	}
	now := e.now()
	f := &FleetState{
		SID:                     e.newSID("HF"),
		UniqueName:              clonePtr(in.uniqueName),
		NetworkAccessProfileSID: nap.sid,
		DataEnabled:             valueOr(in.dataEnabled, true),
		DataLimit:               valueOr(in.dataLimit, defaultFleetDataLimit),
		DataMetering:            fleetDataMetering,
		SMSCommandsEnabled:      valueOr(in.smsCommandsEnabled, true),
		SMSCommandsURL:          nonEmpty(in.smsCommandsURL),
		SMSCommandsMethod:       valueOr(in.smsCommandsMethod, defaultCommandsMethod),
		IPCommandsURL:           nonEmpty(in.ipCommandsURL),
		IPCommandsMethod:        valueOr(in.ipCommandsMethod, defaultCommandsMethod),
		DateCreated:             now,
		DateUpdated:             now,
	}
	e.fleets.order = append(e.fleets.order, f)
	e.fleets.bySID[f.SID] = f
	if f.UniqueName != nil {
		e.fleets.byName[*f.UniqueName] = f
	}
	return f.clone(), nil
}

// updateFleetRecord applies the sent fields and bumps date_updated only if
// something actually changed, like the NAP update.
func (e *Emulator) updateFleetRecord(ref string, in fleetUpdate) (FleetState, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := e.fleets.find(ref)
	if f == nil {
		return FleetState{}, errNotFound(fleetPath(ref))
	}
	next := f.clone()
	if err := e.applyFleetUpdate(&next, in); err != nil {
		return FleetState{}, err
	}
	if fleetsEqual(*f, next) {
		return f.clone(), nil
	}
	if f.UniqueName != nil {
		delete(e.fleets.byName, *f.UniqueName)
	}
	if next.UniqueName != nil {
		e.fleets.byName[*next.UniqueName] = f
	}
	next.DateUpdated = e.now()
	*f = next
	return f.clone(), nil
}

// applyFleetUpdate validates against current state while e.mu is held.
func (e *Emulator) applyFleetUpdate(f *FleetState, in fleetUpdate) error {
	if in.uniqueName != nil {
		if *in.uniqueName == "" {
			return errInvalidParam("UniqueName cannot be empty")
		}
		if holder := e.fleets.byName[*in.uniqueName]; holder != nil && holder.SID != f.SID {
			return errConflict("UniqueName '%s' is already used by Fleet %s", *in.uniqueName, holder.SID)
		}
		f.UniqueName = clonePtr(in.uniqueName)
	}
	if in.nap != nil {
		nap := e.naps.find(*in.nap)
		if nap == nil {
			return errNotFound(napPath(*in.nap))
		}
		f.NetworkAccessProfileSID = nap.sid
	}
	if in.dataLimit != nil {
		f.DataLimit = *in.dataLimit
	}
	if in.ipCommandsURL != nil {
		f.IPCommandsURL = nonEmpty(in.ipCommandsURL)
	}
	if in.ipCommandsMethod != nil {
		f.IPCommandsMethod = *in.ipCommandsMethod
	}
	if in.smsCommandsURL != nil {
		f.SMSCommandsURL = nonEmpty(in.smsCommandsURL)
	}
	if in.smsCommandsMethod != nil {
		f.SMSCommandsMethod = *in.smsCommandsMethod
	}
	return nil
}

func fleetsEqual(a, b FleetState) bool {
	return a.NetworkAccessProfileSID == b.NetworkAccessProfileSID &&
		a.DataLimit == b.DataLimit &&
		a.IPCommandsMethod == b.IPCommandsMethod &&
		a.SMSCommandsMethod == b.SMSCommandsMethod &&
		ptrEqual(a.UniqueName, b.UniqueName) &&
		ptrEqual(a.IPCommandsURL, b.IPCommandsURL) &&
		ptrEqual(a.SMSCommandsURL, b.SMSCommandsURL)
}

func (e *Emulator) fetchFleetRecord(ref string) (FleetState, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := e.fleets.find(ref)
	if f == nil {
		return FleetState{}, errNotFound(fleetPath(ref))
	}
	return f.clone(), nil
}

// listFleetRecords filters by NAP when napRef is non-empty. An unknown NAP
// filters everything out rather than failing, as a filter is not a lookup.
func (e *Emulator) listFleetRecords(napRef string) []FleetState {
	e.mu.Lock()
	defer e.mu.Unlock()
	napSID := ""
	if napRef != "" {
		nap := e.naps.find(napRef)
		if nap == nil {
			return []FleetState{}
		}
		napSID = nap.sid
	}
	out := make([]FleetState, 0, len(e.fleets.order))
	for _, f := range e.fleets.order {
		if napSID == "" || f.NetworkAccessProfileSID == napSID {
			out = append(out, f.clone())
		}
	}
	return out
}

func (e *Emulator) allFleets() []FleetState {
	return e.listFleetRecords("")
}

func valueOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// nonEmpty turns "" into nil because the API reports unset URLs as null.
func nonEmpty(p *string) *string {
	if p == nil || *p == "" {
		return nil
	}
	return clonePtr(p)
}

func ptrEqual[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
