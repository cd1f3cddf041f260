package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccNetworkAccessProfilesDataSource_orderedByCreation(t *testing.T) {
	t0 := time.Date(2023, 11, 5, 8, 0, 0, 0, time.UTC)
	t1 := t0.Add(24 * time.Hour)
	env, clock := newDSClockedEnv(t, t1)
	// The API lists profiles in creation order; the emulator's clock goes
	// back here so that order differs from date_created order. Two profiles
	// share a timestamp, so the SID decides between them.
	newest := dsCreateNAP(t, env, dsStrPtr("newest"), eeGB)
	clock.Set(t0)
	a := dsCreateNAP(t, env, dsStrPtr("fleet-eu"))
	b := dsCreateNAP(t, env, nil)
	first, second := a, b
	if second < first {
		first, second = second, first
	}
	names := map[string]knownvalue.Check{
		a:      knownvalue.StringExact("fleet-eu"),
		b:      knownvalue.Null(),
		newest: knownvalue.StringExact("newest"),
	}
	item := func(sid, created string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"sid":          knownvalue.StringExact(sid),
			"unique_name":  names[sid],
			"account_sid":  knownvalue.StringExact(env.AccountSID),
			"date_created": knownvalue.StringExact(created),
			"date_updated": knownvalue.StringExact(created),
			"url":          knownvalue.StringExact(env.URL + "/v1/NetworkAccessProfiles/" + sid),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`data "supersim_network_access_profiles" "all" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.supersim_network_access_profiles.all", tfjsonpath.New("network_access_profiles"), knownvalue.ListExact([]knownvalue.Check{
					item(first, "2023-11-05T08:00:00Z"),
					item(second, "2023-11-05T08:00:00Z"),
					item(newest, "2023-11-06T08:00:00Z"),
				})),
			},
		}, {
			Config:   env.config(`data "supersim_network_access_profiles" "all" {}`),
			PlanOnly: true,
		}},
	})
}

func TestAccNetworkAccessProfilesDataSource_emptyAccount(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`data "supersim_network_access_profiles" "all" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.supersim_network_access_profiles.all", tfjsonpath.New("network_access_profiles"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

func TestAccNetworkAccessProfilesDataSource_unauthorized(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.badCredentials(`data "supersim_network_access_profiles" "all" {}`),
			ExpectError: expectText("Could not list the Network Access Profiles of the account", "HTTP 401", "refused the credentials"),
		}},
	})
}
