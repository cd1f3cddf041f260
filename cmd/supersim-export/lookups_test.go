package main

import (
	"testing"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

func ids(pairs ...string) []supersim.Identifier {
	out := make([]supersim.Identifier, len(pairs))
	for i, p := range pairs {
		out[i] = supersim.Identifier{MCC: p[:3], MNC: p[4:]}
	}
	return out
}

// testCatalog has the traps the supersim_network data source falls into:
// one name twice in a country (in different case), a name shared across
// countries (which is fine), pairs shared between networks, a network
// without a name, and a country code the data source refuses.
var testCatalog = []supersim.Network{
	{SID: "HW00000000000000000000000000000001", FriendlyName: "Vodafone UK", ISOCountry: "GB", Identifiers: ids("234-15")},
	{SID: "HW00000000000000000000000000000002", FriendlyName: "EE", ISOCountry: "GB", Identifiers: ids("234-30", "234-33")},
	{SID: "HW00000000000000000000000000000003", FriendlyName: "ee", ISOCountry: "gb", Identifiers: ids("234-30", "234-34")},
	{SID: "HW00000000000000000000000000000004", FriendlyName: "EE", ISOCountry: "GB", Identifiers: ids("234-30")},
	{SID: "HW00000000000000000000000000000005", FriendlyName: "Vodafone", ISOCountry: "DE", Identifiers: ids("262-02")},
	{SID: "HW00000000000000000000000000000006", FriendlyName: "Vodafone", ISOCountry: "IT", Identifiers: ids("222-10")},
	{SID: "HW00000000000000000000000000000007", FriendlyName: "", ISOCountry: "FR", Identifiers: ids("208-99")},
	{SID: "HW00000000000000000000000000000008", FriendlyName: "Legacy", ISOCountry: "UK", Identifiers: ids("234-50")},
	{SID: "HW00000000000000000000000000000009", FriendlyName: "Twin", ISOCountry: "ES", Identifiers: ids("214-01")},
	{SID: "HW00000000000000000000000000000010", FriendlyName: "Twin", ISOCountry: "ES", Identifiers: ids("214-01", "2140-1")},
}

func TestNetworkLookupIsUnambiguous(t *testing.T) {
	t.Parallel()
	idx := indexCatalog(testCatalog)
	for _, tc := range []struct {
		sid      string
		lookup   lookupKind
		mcc, mnc string
		label    string
	}{
		{"HW00000000000000000000000000000001", lookupByName, "", "", "vodafone_uk_gb"},
		// "EE" and "ee" are the same name to the data source; 234-30 is
		// shared, so each takes its own second pair.
		{"HW00000000000000000000000000000002", lookupByMCCMNC, "234", "33", "ee_gb_234_33"},
		{"HW00000000000000000000000000000003", lookupByMCCMNC, "234", "34", "ee_gb_234_34"},
		// Same name, and its only pair shared: only the SID finds it.
		{"HW00000000000000000000000000000004", lookupBySID, "", "", "ee_gb_hw00000000"},
		// The same name in two countries is no ambiguity.
		{"HW00000000000000000000000000000005", lookupByName, "", "", "vodafone_de"},
		{"HW00000000000000000000000000000006", lookupByName, "", "", "vodafone_it"},
		// No name: by pair, labelled by SID.
		{"HW00000000000000000000000000000007", lookupByMCCMNC, "208", "99", "hw00000000000000000000000000000007"},
		// "UK" is not a country code the data source takes.
		{"HW00000000000000000000000000000008", lookupByMCCMNC, "234", "50", "legacy_uk_234_50"},
		// A pair the data source would refuse is no way to find it.
		{"HW00000000000000000000000000000010", lookupBySID, "", "", "twin_es_hw00000000"},
	} {
		n := idx.resolve(tc.sid, supersim.NetworkAccessProfileNetwork{})
		if !n.inCatalog || n.lookup != tc.lookup || n.mcc != tc.mcc || n.mnc != tc.mnc {
			t.Errorf("%s: lookup %d %s-%s (in catalog: %t), want %d %s-%s", tc.sid, n.lookup, n.mcc, n.mnc, n.inCatalog, tc.lookup, tc.mcc, tc.mnc)
		}
		if got := n.wantedLabel(); got != tc.label {
			t.Errorf("%s: label %q, want %q", tc.sid, got, tc.label)
		}
		if (n.lookup == lookupByName) != (n.reason() == "") {
			t.Errorf("%s: reason %q", tc.sid, n.reason())
		}
	}
}

func TestNetworkMissingFromTheCatalogIsWrittenAsItsSID(t *testing.T) {
	t.Parallel()
	idx := indexCatalog(testCatalog)
	n := idx.resolve("HW0000000000000000000000000000ffff", supersim.NetworkAccessProfileNetwork{
		SID: "HW0000000000000000000000000000ffff", FriendlyName: "Gone Mobile", ISOCountry: "nl", Identifiers: ids("204-99"),
	})
	if n.inCatalog {
		t.Fatal("a network the catalog does not list is in the catalog")
	}
	if got := n.describe(); got != "Gone Mobile (NL, 204-99)" {
		t.Errorf("describe() = %q", got)
	}
}

// Two networks whose labels would be the same (both by SID, same name and
// country, same SID start) still get distinct data sources.
func TestNetworkDataSourcesAreSharedAndDistinct(t *testing.T) {
	t.Parallel()
	acct := &account{
		catalog: testCatalog,
		profiles: []profile{
			{NetworkAccessProfile: supersim.NetworkAccessProfile{SID: "HA00000000000000000000000000000001"}, networks: links(
				"HW00000000000000000000000000000001", "HW00000000000000000000000000000004", "HW00000000000000000000000000000010")},
			{NetworkAccessProfile: supersim.NetworkAccessProfile{SID: "HA00000000000000000000000000000002"}, networks: links(
				"HW00000000000000000000000000000001", "HW00000000000000000000000000000009")},
		},
	}
	exp, err := buildExport(acct, options{})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, n := range exp.networks {
		labels = append(labels, n.label)
	}
	want := []string{"ee_gb_hw00000000", "twin_es_hw00000000", "twin_es_hw00000000_2", "vodafone_uk_gb"}
	if len(labels) != len(want) {
		t.Fatalf("data sources %v, want %v", labels, want)
	}
	for i := range want {
		if labels[i] != want[i] {
			t.Fatalf("data sources %v, want %v", labels, want)
		}
	}
}

func links(sids ...string) []supersim.NetworkAccessProfileNetwork {
	out := make([]supersim.NetworkAccessProfileNetwork, len(sids))
	for i, sid := range sids {
		out[i] = supersim.NetworkAccessProfileNetwork{SID: sid}
	}
	return out
}
