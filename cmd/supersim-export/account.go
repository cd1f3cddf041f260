package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// account is what an export reads: every profile with its networks, every
// Fleet and the Networks catalog. Everything after the read works on this
// value alone, so the tests can build one by hand.
type account struct {
	// all is every profile of the account, exported or not: Fleets and
	// messages name the ones left out.
	all      []supersim.NetworkAccessProfile
	profiles []profile
	fleets   []supersim.Fleet
	catalog  []supersim.Network
}

// profile is a Network Access Profile and the networks it allows.
type profile struct {
	supersim.NetworkAccessProfile
	networks []supersim.NetworkAccessProfileNetwork
}

// name is the profile's unique name, or "" when it has none.
func (p profile) name() string {
	if p.UniqueName == nil {
		return ""
	}
	return *p.UniqueName
}

// reader is the part of the client an export uses: reads only.
type reader interface {
	ListNetworkAccessProfiles(ctx context.Context) ([]supersim.NetworkAccessProfile, error)
	ListNetworkAccessProfileNetworks(ctx context.Context, napSidOrName string) ([]supersim.NetworkAccessProfileNetwork, error)
	ListFleets(ctx context.Context, networkAccessProfile string) ([]supersim.Fleet, error)
	ListNetworks(ctx context.Context, f supersim.NetworkFilter) ([]supersim.Network, error)
}

// parallelReads bounds the requests in flight, as the provider's list
// resource does: the API is rate limited per account.
const parallelReads = 4

// readAccount reads the profiles that keep selects, their networks, the
// Fleets (unless withFleets is false) and the catalog. One request per
// profile for its networks is the price of an allow list that is exact.
func readAccount(ctx context.Context, c reader, keep func(profile) bool, withFleets bool) (*account, error) {
	all, err := c.ListNetworkAccessProfiles(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing the Network Access Profiles: %w", err)
	}
	acct := &account{all: all}
	for _, nap := range all {
		if p := (profile{NetworkAccessProfile: nap}); keep(p) {
			acct.profiles = append(acct.profiles, p)
		}
	}

	var wg sync.WaitGroup
	errs := make([]error, len(acct.profiles))
	sem := make(chan struct{}, parallelReads)
	for i := range acct.profiles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			p := &acct.profiles[i]
			p.networks, errs[i] = c.ListNetworkAccessProfileNetworks(ctx, p.SID)
			if errs[i] != nil {
				errs[i] = fmt.Errorf("listing the networks of Network Access Profile %s: %w", p.SID, errs[i])
			}
		}()
	}
	var fleetsErr, catalogErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		acct.catalog, catalogErr = c.ListNetworks(ctx, supersim.NetworkFilter{})
	}()
	if withFleets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acct.fleets, fleetsErr = c.ListFleets(ctx, "")
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if catalogErr != nil {
		return nil, fmt.Errorf("reading the Networks catalog: %w", catalogErr)
	}
	if fleetsErr != nil {
		return nil, fmt.Errorf("listing the Fleets: %w", fleetsErr)
	}
	return acct, nil
}
