package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// twilioLinkInstances are the two resource instances of a real state file
// written by the official twilio provider (testdata), as MoveState gets
// them: schema version and attributes.
func twilioLinkInstances(t *testing.T) []struct {
	SchemaVersion int64           `json:"schema_version"`
	Attributes    json.RawMessage `json:"attributes"`
} {
	t.Helper()
	data, err := os.ReadFile("testdata/twilio-link-instances.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Instances []struct {
			SchemaVersion int64           `json:"schema_version"`
			Attributes    json.RawMessage `json:"attributes"`
		} `json:"instances"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	return file.Instances
}

func moveRequest(sourceProvider, sourceType string, version int64, attrs []byte) *tfprotov6.MoveResourceStateRequest {
	return &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: sourceProvider,
		SourceTypeName:        sourceType,
		SourceSchemaVersion:   version,
		SourceState:           &tfprotov6.RawState{JSON: attrs},
		TargetTypeName:        linkType,
	}
}

func TestMoveStateFromTheTwilioProvidersRealState(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	for _, inst := range twilioLinkInstances(t) {
		var src twilioLinkState
		if err := json.Unmarshal(inst.Attributes, &src); err != nil {
			t.Fatal(err)
		}
		resp, err := h.server.MoveResourceState(context.Background(),
			moveRequest("registry.terraform.io/twilio/twilio", twilioLinkType, inst.SchemaVersion, inst.Attributes))
		if err != nil || hasError(resp.Diagnostics) {
			t.Fatalf("move: %v %s", err, diagText(resp.Diagnostics))
		}
		moved, err := resp.TargetState.Unmarshal(h.schemas[linkType].ValueType())
		if err != nil {
			t.Fatal(err)
		}
		got := stateMap(t, moved)
		want := map[string]any{"id": src.ID, "network_access_profile_sid": src.NetworkAccessProfileSID, "network_sid": src.Network}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("moved state %v, want %v", got, want)
		}
	}
}

func TestMoveStateRefusesWhatItCannotMove(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	inst := twilioLinkInstances(t)[0]
	cases := map[string]struct {
		req     *tfprotov6.MoveResourceStateRequest
		wantErr string
	}{
		"another provider's resource of that name": {moveRequest("registry.terraform.io/acme/acme", twilioLinkType, 0, inst.Attributes), "does not include support for the given source"},
		"another twilio resource":                  {moveRequest("registry.terraform.io/twilio/twilio", "twilio_supersim_fleets_v1", 0, inst.Attributes), "does not include support for the given source"},
		"a schema version it does not know":        {moveRequest("registry.terraform.io/twilio/twilio", twilioLinkType, 1, inst.Attributes), "schema version 1"},
		"attributes that contradict each other": {moveRequest("registry.terraform.io/twilio/twilio", twilioLinkType, 0,
			[]byte(`{"id":"HAd4d3c41bb3b0410661aca90e07210b3d/HW6087abe61d8b95d46b5e870fc12be71e","network":"HW8e9d5ab7dda353a0e66ff40e251758da","network_access_profile_sid":"HAd4d3c41bb3b0410661aca90e07210b3d","sid":"HW8e9d5ab7dda353a0e66ff40e251758da"}`)), "name two networks"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resp, err := h.server.MoveResourceState(context.Background(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			expectDiagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityError, tc.wantErr)
		})
	}
}

// A real move under the terraform binary. The official twilio provider
// cannot be downloaded here, so a stand-in named twilio, with that
// resource's schema, writes the source state in the first step.
func TestAccNAPNetwork_movedFromTheTwilioProvider(t *testing.T) {
	env := newAccEnv(t)
	standIn := providerserver.NewProtocol6WithError(&twilioStandIn{env: env})
	profile := `
resource "supersim_network_access_profile" "p" {
  unique_name = "moving"
}
`
	twilioLinks := profile + fmt.Sprintf(`
resource "twilio_supersim_network_access_profiles_networks_v1" "a" {
  network_access_profile_sid = supersim_network_access_profile.p.sid
  network                    = %q
}

resource "twilio_supersim_network_access_profiles_networks_v1" "b" {
  network_access_profile_sid = supersim_network_access_profile.p.sid
  network                    = %q
}

# The twilio provider takes the profile's unique name as well.
resource "twilio_supersim_network_access_profiles_networks_v1" "c" {
  network_access_profile_sid = supersim_network_access_profile.p.unique_name
  network                    = %q
}
`, attUS, eeGB, vodafoneGB)
	moved := profile + fmt.Sprintf(`
resource "supersim_network_access_profile_network" "a" {
  network_access_profile_sid = supersim_network_access_profile.p.sid
  network_sid                = %q
}

resource "supersim_network_access_profile_network" "b" {
  network_access_profile_sid = supersim_network_access_profile.p.sid
  network_sid                = %q
}

resource "supersim_network_access_profile_network" "c" {
  network_access_profile_sid = supersim_network_access_profile.p.sid
  network_sid                = %q
}

moved {
  from = twilio_supersim_network_access_profiles_networks_v1.a
  to   = supersim_network_access_profile_network.a
}

moved {
  from = twilio_supersim_network_access_profiles_networks_v1.b
  to   = supersim_network_access_profile_network.b
}

moved {
  from = twilio_supersim_network_access_profiles_networks_v1.c
  to   = supersim_network_access_profile_network.c
}
`, attUS, eeGB, vodafoneGB)
	var writesBefore int
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"supersim": testProviders["supersim"],
			"twilio":   standIn,
		},
		Steps: []resource.TestStep{
			{Config: env.config(twilioLinks)},
			{
				PreConfig: func() { writesBefore = env.writes() },
				Config:    env.config(moved),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("supersim_network_access_profile_network.a", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("supersim_network_access_profile_network.b", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("supersim_network_access_profile_network.c", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("supersim_network_access_profile.p", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("supersim_network_access_profile_network.a", tfjsonpath.New("friendly_name"), knownvalue.StringExact("AT&T")),
					statecheck.ExpectKnownValue("supersim_network_access_profile_network.a", tfjsonpath.New("iso_country"), knownvalue.StringExact("US")),
					statecheck.ExpectKnownValue("supersim_network_access_profile_network.b", tfjsonpath.New("friendly_name"), knownvalue.StringExact("EE")),
					emulatorCheck(func() error {
						if n := env.writes() - writesBefore; n != 0 {
							return fmt.Errorf("the move made %d writes to the account, want none", n)
						}
						nets, _ := env.Emulator.NAPNetworks("moving")
						if !sameStrings(nets, []string{attUS, eeGB, vodafoneGB}) {
							return fmt.Errorf("the profile allows %v", nets)
						}
						return nil
					}),
				},
			},
		},
	})
}

// writes counts the requests that could change the account.
func (e *accEnv) writes() int {
	n := 0
	for route, count := range e.Emulator.Counts() {
		switch route {
		case emulator.RouteCreateNAP, emulator.RouteUpdateNAP, emulator.RouteAddNAPNetwork, emulator.RouteRemoveNAPNetwork:
			n += count
		}
	}
	return n
}

// twilioStandIn plays the official twilio provider's
// twilio_supersim_network_access_profiles_networks_v1 resource, with its
// schema (version 0), against the test's emulator.
type twilioStandIn struct{ env *accEnv }

func (p *twilioStandIn) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "twilio"
}

func (p *twilioStandIn) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerschema.Schema{}
}

func (p *twilioStandIn) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *twilioStandIn) Resources(context.Context) []func() fwresource.Resource {
	return []func() fwresource.Resource{func() fwresource.Resource { return &twilioLinkStandIn{env: p.env} }}
}

func (p *twilioStandIn) DataSources(context.Context) []func() datasource.DataSource { return nil }

type twilioLinkStandIn struct{ env *accEnv }

type twilioLinkModel struct {
	ID                      types.String `tfsdk:"id"`
	NetworkAccessProfileSID types.String `tfsdk:"network_access_profile_sid"`
	Network                 types.String `tfsdk:"network"`
	SID                     types.String `tfsdk:"sid"`
}

func (r *twilioLinkStandIn) Metadata(_ context.Context, _ fwresource.MetadataRequest, resp *fwresource.MetadataResponse) {
	resp.TypeName = twilioLinkType
}

func (r *twilioLinkStandIn) Schema(_ context.Context, _ fwresource.SchemaRequest, resp *fwresource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":                         schema.StringAttribute{Computed: true},
		"network_access_profile_sid": schema.StringAttribute{Required: true, PlanModifiers: replace},
		"network":                    schema.StringAttribute{Required: true, PlanModifiers: replace},
		"sid":                        schema.StringAttribute{Computed: true},
	}}
}

func (r *twilioLinkStandIn) Create(ctx context.Context, req fwresource.CreateRequest, resp *fwresource.CreateResponse) {
	var m twilioLinkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if err := r.env.Emulator.AddNAPNetwork(m.NetworkAccessProfileSID.ValueString(), m.Network.ValueString()); err != nil {
		resp.Diagnostics.AddError("stand-in create", err.Error())
		return
	}
	m.ID = types.StringValue(m.NetworkAccessProfileSID.ValueString() + "/" + m.Network.ValueString())
	m.SID = m.Network
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *twilioLinkStandIn) Read(ctx context.Context, req fwresource.ReadRequest, resp *fwresource.ReadResponse) {
	var sid types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("network_access_profile_sid"), &sid)...)
	if _, ok := r.env.Emulator.NAPNetworks(sid.ValueString()); !ok {
		resp.State.RemoveResource(ctx)
	}
}

func (r *twilioLinkStandIn) Update(ctx context.Context, req fwresource.UpdateRequest, resp *fwresource.UpdateResponse) {
	resp.Diagnostics.AddError("stand-in update", "not expected: both arguments force replacement")
}

func (r *twilioLinkStandIn) Delete(ctx context.Context, req fwresource.DeleteRequest, resp *fwresource.DeleteResponse) {
	var m twilioLinkModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	_ = r.env.Emulator.RemoveNAPNetwork(m.NetworkAccessProfileSID.ValueString(), m.Network.ValueString())
}
