package emulator

// napNetwork pairs a catalog network with the NAP it is allowed in, which is
// all the network_access_profile_network shape needs.
type napNetwork struct {
	napSID  string
	network NetworkState
}

func napNetworkPath(napRef, networkSID string) string {
	return napPath(napRef) + "/Networks/" + networkSID
}

// addNAPNetworkRecord allows one more network. The NAP is resolved first so
// an unknown NAP is a 404 whatever the body says; re-adding a present
// network is a conflict rather than a silent success so client retries are
// visible, unless the emulator plays an idempotent API
// (Options.IdempotentNetworkAdd).
func (e *Emulator) addNAPNetworkRecord(napRef, networkSID string, networkGiven bool) (napNetwork, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := e.naps.find(napRef)
	if n == nil {
		return napNetwork{}, errNotFound(napPath(napRef))
	}
	if !networkGiven {
		return napNetwork{}, errInvalidParam("Missing required parameter Network")
	}
	if err := e.catalog.resolveNetworkSID("Network", networkSID); err != nil {
		return napNetwork{}, err
	}
	if n.members[networkSID] && !e.opts.IdempotentNetworkAdd {
		return napNetwork{}, errConflict("Network %s is already in NetworkAccessProfile %s", networkSID, n.sid)
	}
	if !n.members[networkSID] {
		n.addNetwork(networkSID)
	}
	net, _ := e.catalog.lookup(networkSID)
	return napNetwork{napSID: n.sid, network: net}, nil
}

// removeNAPNetworkRecord disallows a network. The API path only accepts the
// HA SID here, so the HTTP handler passes sidOnly; the Go API is lenient.
func (e *Emulator) removeNAPNetworkRecord(napRef, networkSID string, sidOnly bool) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := e.naps.find(napRef)
	if sidOnly {
		n = e.naps.bySID[napRef]
	}
	if n == nil {
		return errNotFound(napPath(napRef))
	}
	if !n.members[networkSID] {
		return errNotFound(napNetworkPath(napRef, networkSID))
	}
	n.removeNetwork(networkSID)
	return nil
}

func (e *Emulator) fetchNAPNetworkRecord(napRef, networkSID string) (napNetwork, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := e.naps.find(napRef)
	if n == nil {
		return napNetwork{}, errNotFound(napPath(napRef))
	}
	if !n.members[networkSID] {
		return napNetwork{}, errNotFound(napNetworkPath(napRef, networkSID))
	}
	net, _ := e.catalog.lookup(networkSID)
	return napNetwork{napSID: n.sid, network: net}, nil
}

// listNAPNetworkRecords returns the NAP's networks in the order they were
// added, which is the order the API lists them.
func (e *Emulator) listNAPNetworkRecords(napRef string) (string, []napNetwork, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := e.naps.find(napRef)
	if n == nil {
		return "", nil, errNotFound(napPath(napRef))
	}
	out := make([]napNetwork, 0, len(n.networks))
	for _, sid := range n.networks {
		net, _ := e.catalog.lookup(sid)
		out = append(out, napNetwork{napSID: n.sid, network: net})
	}
	return n.sid, out, nil
}
