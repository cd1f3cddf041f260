package emulator

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// NAPState is a snapshot of a NetworkAccessProfile, detached from the
// emulator so tests can keep and compare it freely.
type NAPState struct {
	SID         string
	UniqueName  *string // nil when the NAP has no unique name
	Networks    []string
	DateCreated time.Time
	DateUpdated time.Time
}

// napRecord is the stored NAP; members mirrors Networks for O(1) membership
// checks on NAPs holding thousands of networks.
type napRecord struct {
	sid        string
	uniqueName *string
	networks   []string
	members    map[string]bool
	created    time.Time
	updated    time.Time
}

func (n *napRecord) snapshot() NAPState {
	return NAPState{
		SID:         n.sid,
		UniqueName:  clonePtr(n.uniqueName),
		Networks:    slices.Clone(n.networks),
		DateCreated: n.created,
		DateUpdated: n.updated,
	}
}

func (n *napRecord) addNetwork(sid string) {
	n.networks = append(n.networks, sid)
	n.members[sid] = true
}

func (n *napRecord) removeNetwork(sid string) {
	n.networks = slices.DeleteFunc(n.networks, func(s string) bool { return s == sid })
	delete(n.members, sid)
}

// napStore indexes NAPs by SID and unique name and keeps creation order,
// which is the order lists return.
type napStore struct {
	order  []*napRecord
	bySID  map[string]*napRecord
	byName map[string]*napRecord
}

func newNAPStore() napStore {
	return napStore{bySID: map[string]*napRecord{}, byName: map[string]*napRecord{}}
}

// find resolves a path reference. A value shaped like an HA SID is tried as
// a SID first, then as a unique name, matching how the API documents
// addressing by either.
func (s *napStore) find(ref string) *napRecord {
	if napSIDPattern.MatchString(ref) {
		if n := s.bySID[ref]; n != nil {
			return n
		}
	}
	return s.byName[ref]
}

func (s *napStore) insert(n *napRecord) {
	s.order = append(s.order, n)
	s.bySID[n.sid] = n
	if n.uniqueName != nil {
		s.byName[*n.uniqueName] = n
	}
}

func (s *napStore) remove(n *napRecord) {
	s.order = slices.DeleteFunc(s.order, func(x *napRecord) bool { return x == n })
	delete(s.bySID, n.sid)
	if n.uniqueName != nil {
		delete(s.byName, *n.uniqueName)
	}
}

func napPath(ref string) string {
	return "/v1/NetworkAccessProfiles/" + url.PathEscape(ref)
}

// errNAPNameTaken names the holder so the user can find the clash quickly.
func errNAPNameTaken(name, holder string) error {
	return errConflict("UniqueName '%s' is already used by NetworkAccessProfile %s", name, holder)
}

// createNAPRecord is shared by the HTTP handler and the Go API so both enforce the
// same rules. Everything is validated before the NAP is stored, which makes
// creation with networks atomic.
func (e *Emulator) createNAPRecord(uniqueName *string, networks []string) (NAPState, error) {
	if uniqueName != nil && *uniqueName == "" {
		uniqueName = nil // the API treats an empty UniqueName as absent
	}
	sids, err := e.catalog.resolveNetworkList("Networks", networks)
	if err != nil {
		return NAPState{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if uniqueName != nil {
		if holder := e.naps.byName[*uniqueName]; holder != nil {
			return NAPState{}, errNAPNameTaken(*uniqueName, holder.sid)
		}
	}
	now := e.now()
	n := &napRecord{
		sid:        e.newSID("HA"),
		uniqueName: clonePtr(uniqueName),
		members:    map[string]bool{},
		created:    now,
		updated:    now,
	}
	for _, sid := range sids {
		n.addNetwork(sid)
	}
	e.naps.insert(n)
	return n.snapshot(), nil
}

// renameNAP applies an update. The API cannot clear a unique name, so an
// empty one is refused; renaming to the current name is a no-op that leaves
// date_updated alone.
func (e *Emulator) renameNAP(ref string, uniqueName *string) (NAPState, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := e.naps.find(ref)
	if n == nil {
		return NAPState{}, errNotFound(napPath(ref))
	}
	if uniqueName == nil {
		return n.snapshot(), nil
	}
	if *uniqueName == "" {
		return NAPState{}, errInvalidParam("UniqueName cannot be empty")
	}
	if n.uniqueName != nil && *n.uniqueName == *uniqueName {
		return n.snapshot(), nil
	}
	if holder := e.naps.byName[*uniqueName]; holder != nil {
		return NAPState{}, errNAPNameTaken(*uniqueName, holder.sid)
	}
	if n.uniqueName != nil {
		delete(e.naps.byName, *n.uniqueName)
	}
	n.uniqueName = clonePtr(uniqueName)
	e.naps.byName[*uniqueName] = n
	n.updated = e.now()
	return n.snapshot(), nil
}

func (e *Emulator) fetchNAPRecord(ref string) (NAPState, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := e.naps.find(ref)
	if n == nil {
		return NAPState{}, errNotFound(napPath(ref))
	}
	return n.snapshot(), nil
}

func (e *Emulator) allNAPs() []NAPState {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]NAPState, len(e.naps.order))
	for i, n := range e.naps.order {
		out[i] = n.snapshot()
	}
	return out
}

// deleteNAPRecord implements the Console's "Delete NAP": the NAP and its
// network list go, unless a Fleet still points at it.
func (e *Emulator) deleteNAPRecord(ref string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := e.naps.find(ref)
	if n == nil {
		return errNotFound(napPath(ref))
	}
	if users := e.fleets.usersOf(n.sid); len(users) > 0 {
		return errConflict("NetworkAccessProfile %s cannot be deleted while it is assigned to Fleets: %s", n.sid, strings.Join(users, ", "))
	}
	e.naps.remove(n)
	return nil
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
