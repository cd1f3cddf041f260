package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Resource identity needs Terraform 1.12; with an older CLI these skip.
var identityCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

var napSIDPattern = regexp.MustCompile(`^HA[0-9a-f]{32}$`)

func TestAccNAP_identityIsSetAndImportable(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLI,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(napConfig("identified", attUS)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(napAddr, map[string]knownvalue.Check{"sid": knownvalue.StringRegexp(napSIDPattern)}),
					statecheck.ExpectIdentityValueMatchesState(napAddr, tfjsonpathSID),
				},
			},
			{
				// An import block with identity = { sid = … }.
				ResourceName:    napAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				Config:          env.config(napConfig("identified", attUS)),
			},
		},
	})
}

func TestAccNAPNetwork_identityIsSetAndImportable(t *testing.T) {
	env := newAccEnv(t)
	link := linkAddr(attUS)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLI,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(linkConfig("identified-links", attUS)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(link, map[string]knownvalue.Check{
						"network_access_profile_sid": knownvalue.StringRegexp(napSIDPattern),
						"network_sid":                knownvalue.StringExact(attUS),
					}),
					statecheck.ExpectIdentityValueMatchesStateAtPath(link, tfjsonpathNAP, tfjsonpathNAP),
				},
			},
			{
				ResourceName:    link,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				Config:          env.config(linkConfig("identified-links", attUS)),
			},
		},
	})
}

// An identity that names nothing fails the import with the usual message.
func TestAccNAP_importByIdentityOfMissingProfile(t *testing.T) {
	env := newAccEnv(t)
	const missing = "HA00000000000000000000000000000000"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLI,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.config(napConfig("ghost") + fmt.Sprintf("import {\n  to = %s\n  identity = {\n    sid = %q\n  }\n}\n", napAddr, missing)),
			ExpectError: expectText("Network Access Profile not found", missing),
		}},
	})
}

var (
	tfjsonpathSID = tfjsonpath.New("sid")
	tfjsonpathNAP = tfjsonpath.New("network_access_profile_sid")
)

var fleetSIDPattern = regexp.MustCompile(`^HF[0-9a-f]{32}$`)

func TestAccFleet_identityIsSetAndImportable(t *testing.T) {
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"iot": {attUS}})
	config := env.config(fleetConfig("unique_name", quoted("identified"), "network_access_profile", quoted(nap["iot"])))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLI,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(fleetAddr, map[string]knownvalue.Check{"sid": knownvalue.StringRegexp(fleetSIDPattern)}),
					statecheck.ExpectIdentityValueMatchesState(fleetAddr, tfjsonpathSID),
				},
			},
			{
				ResourceName:    fleetAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				Config:          config,
			},
		},
	})
}

// Import answers with the resource's identity itself, on every CLI: a
// Terraform that reads identities (1.12 and later) may record it before any
// refresh, and the identity tests above, which need such a CLI, would not
// notice its loss because the refresh sets it again.
func TestImportAnswersWithTheIdentity(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	name := "imported"
	napSID, err := env.Emulator.CreateNAP(&name, []string{attUS})
	if err != nil {
		t.Fatal(err)
	}
	fleetSID, err := env.Emulator.CreateFleet(napSID, "imported-fleet")
	if err != nil {
		t.Fatal(err)
	}
	h := newProtocolHarness(t, env)
	cases := []struct {
		typeName, id string
		want         map[string]string
	}{
		{napType, napSID, map[string]string{"sid": napSID}},
		{napType, name, map[string]string{"sid": napSID}},
		{linkType, name + "/" + attUS, map[string]string{"network_access_profile_sid": napSID, "network_sid": attUS}},
		{fleetType, "imported-fleet", map[string]string{"sid": fleetSID}},
	}
	for _, tc := range cases {
		resp, err := h.server.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{
			TypeName: tc.typeName, ID: tc.id,
			ClientCapabilities: &tfprotov6.ImportResourceStateClientCapabilities{},
		})
		if err != nil || hasError(resp.Diagnostics) || len(resp.ImportedResources) != 1 {
			t.Fatalf("import %s %q: %v %s", tc.typeName, tc.id, err, diagText(resp.Diagnostics))
		}
		identity := resp.ImportedResources[0].Identity
		if identity == nil || identity.IdentityData == nil {
			t.Fatalf("import %s %q answered no identity", tc.typeName, tc.id)
		}
		identitySchemas, _ := h.server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
		value, err := identity.IdentityData.Unmarshal(identitySchemas.IdentitySchemas[tc.typeName].ValueType())
		if err != nil {
			t.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		if err := value.As(&attrs); err != nil {
			t.Fatal(err)
		}
		for k, want := range tc.want {
			var got string
			if err := attrs[k].As(&got); err != nil || got != want {
				t.Fatalf("import %s %q: identity %s = %q, want %q", tc.typeName, tc.id, k, got, want)
			}
		}
	}
}
