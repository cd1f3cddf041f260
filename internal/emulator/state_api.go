package emulator

import "slices"

// The methods in this file let tests act "out of band": set up fixtures
// quickly, simulate someone changing the account in the Console or another
// tool (drift), and check the outcome without going through HTTP (and so
// without touching counters or faults). They apply the same rules as the
// API and return errors matching ErrNotFound, ErrConflict or ErrInvalid.

// NetworkAccessProfiles returns every NAP in creation order.
func (e *Emulator) NetworkAccessProfiles() []NAPState {
	return e.allNAPs()
}

// NetworkAccessProfile returns one NAP by SID or unique name.
func (e *Emulator) NetworkAccessProfile(sidOrName string) (NAPState, bool) {
	nap, err := e.fetchNAPRecord(sidOrName)
	return nap, err == nil
}

// NAPNetworks returns the network SIDs allowed by a NAP, in the order they
// were added; ok is false when the NAP does not exist.
func (e *Emulator) NAPNetworks(sidOrName string) (networks []string, ok bool) {
	nap, found := e.NetworkAccessProfile(sidOrName)
	if !found {
		return nil, false
	}
	return slices.Clone(nap.Networks), true
}

// CreateNAP creates a NAP as POST /v1/NetworkAccessProfiles would; a nil or
// empty uniqueName leaves unique_name null.
func (e *Emulator) CreateNAP(uniqueName *string, networks []string) (string, error) {
	nap, err := e.createNAPRecord(uniqueName, networks)
	return nap.SID, err
}

// RenameNAP changes a NAP's unique name with the API's update rules
// (date_updated moves only if the name changes).
func (e *Emulator) RenameNAP(sidOrName, uniqueName string) error {
	_, err := e.renameNAP(sidOrName, &uniqueName)
	return err
}

// AddNAPNetwork allows a catalog network in a NAP; adding one that is
// already present is ErrConflict, as over the API.
func (e *Emulator) AddNAPNetwork(napSidOrName, networkSID string) error {
	_, err := e.addNAPNetworkRecord(napSidOrName, networkSID, true)
	return err
}

// RemoveNAPNetwork disallows a network in a NAP. Unlike the API's DELETE it
// also accepts the NAP's unique name.
func (e *Emulator) RemoveNAPNetwork(napSidOrName, networkSID string) error {
	return e.removeNAPNetworkRecord(napSidOrName, networkSID, false)
}

// DeleteNAP has the Console's "Delete NAP" semantics: the NAP and its
// networks disappear, unless a Fleet references it (ErrConflict).
func (e *Emulator) DeleteNAP(sidOrName string) error {
	return e.deleteNAPRecord(sidOrName)
}

// CreateFleet creates a Fleet referencing a NAP with default settings; an
// empty uniqueName leaves unique_name null. A Fleet blocks the Console
// delete of the NAP it uses.
func (e *Emulator) CreateFleet(napSidOrName, uniqueName string) (string, error) {
	f, err := e.createFleetRecord(fleetCreate{nap: napSidOrName, uniqueName: &uniqueName})
	return f.SID, err
}

// AssignFleet points a Fleet at another NAP, e.g. to unblock a NAP delete.
func (e *Emulator) AssignFleet(fleetSidOrName, napSidOrName string) error {
	_, err := e.updateFleetRecord(fleetSidOrName, fleetUpdate{nap: &napSidOrName})
	return err
}

// Fleet returns one Fleet by SID or unique name.
func (e *Emulator) Fleet(sidOrName string) (FleetState, bool) {
	f, err := e.fetchFleetRecord(sidOrName)
	return f, err == nil
}

// Fleets returns every Fleet in creation order.
func (e *Emulator) Fleets() []FleetState {
	return e.allFleets()
}

// CreateSim registers a SIM as POST /v1/Sims would, with a stand-in
// registration code: status new, no Fleet, no unique name.
func (e *Emulator) CreateSim(iccid string) (string, error) {
	code := goAPIRegistrationCode
	sim, err := e.createSimRecord(&iccid, &code)
	return sim.SID, err
}

// AssignSimToFleet moves a SIM to a Fleet now, by the emulator's clock.
// Usage recorded from then on counts for that Fleet; earlier usage stays
// with the Fleet the SIM had at the time.
func (e *Emulator) AssignSimToFleet(simSidOrName, fleetSidOrName string) error {
	_, err := e.updateSimRecord(simSidOrName, simUpdate{fleet: &fleetSidOrName})
	return err
}

// SetSimStatus changes a SIM's status with the API's rules: only ready,
// active and inactive may be set.
func (e *Emulator) SetSimStatus(simSidOrName, status string) error {
	_, err := e.updateSimRecord(simSidOrName, simUpdate{status: &status})
	return err
}

// RenameSim gives a SIM a unique name, unique among SIMs.
func (e *Emulator) RenameSim(simSidOrName, uniqueName string) error {
	_, err := e.updateSimRecord(simSidOrName, simUpdate{uniqueName: &uniqueName})
	return err
}

// Sim returns one SIM by SID or unique name.
func (e *Emulator) Sim(sidOrName string) (SimState, bool) {
	sim, err := e.fetchSimRecord(sidOrName)
	return sim, err == nil
}

// Sims returns every SIM in registration order.
func (e *Emulator) Sims() []SimState {
	return e.listSimRecords(simFilter{})
}

// AddUsage seeds usage as POST /_emulator/UsageRecords does: it counts for
// the Fleet the SIM belonged to at u.Time and for the network's country.
// The returned event says which.
func (e *Emulator) AddUsage(u Usage) (UsageEvent, error) {
	return e.addUsageEvent(u)
}

// UsageEvents returns every seeded usage event in the order it was added.
func (e *Emulator) UsageEvents() []UsageEvent {
	return e.allUsageEvents()
}
