package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ resource.Resource                = (*napNetworkResource)(nil)
	_ resource.ResourceWithConfigure   = (*napNetworkResource)(nil)
	_ resource.ResourceWithImportState = (*napNetworkResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*napNetworkResource)(nil)
	_ resource.ResourceWithIdentity    = (*napNetworkResource)(nil)
	_ resource.ResourceWithMoveState   = (*napNetworkResource)(nil)
)

// NewNetworkAccessProfileNetworkResource is the
// supersim_network_access_profile_network resource: one allowed network of
// one profile.
func NewNetworkAccessProfileNetworkResource() resource.Resource {
	return &napNetworkResource{}
}

type napNetworkResource struct {
	data *providerData
}

type napNetworkModel struct {
	ID                      types.String `tfsdk:"id"`
	NetworkAccessProfileSID types.String `tfsdk:"network_access_profile_sid"`
	NetworkSID              types.String `tfsdk:"network_sid"`
	FriendlyName            types.String `tfsdk:"friendly_name"`
	ISOCountry              types.String `tfsdk:"iso_country"`
	Identifiers             types.List   `tfsdk:"identifiers"`
}

func (r *napNetworkResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_network_access_profile_network"
}

func (r *napNetworkResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Allows one catalog network in a Network Access Profile: one entry of the profile's Networks subresource.\n\n" +
			"Use one of these per network when membership is managed piece by piece (for example with `for_each` over the `supersim_networks` data source), " +
			"and then omit `networks` on the `supersim_network_access_profile`: a profile whose `networks` is set enforces that whole list and would remove networks added here. " +
			"A network removed out of band (Twilio Console, API, another tool) shows up in the next plan as a link to create, and apply restores it.\n\n" +
			"A link is an attachment with no settings of its own, so creating one for a network the profile already allows takes that network over, with a warning, " +
			"instead of failing: an apply interrupted after the API added networks finishes on the next apply without any import. " +
			"Destroying the resource then removes the network, whoever added it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<network_access_profile_sid>/<network_sid>`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"network_access_profile_sid": schema.StringAttribute{
				MarkdownDescription: "SID (`HA…`) of the profile. Changing it allows the network in another profile (replaces this resource).",
				Required:            true,
				Validators:          []validator.String{sidValidator(supersim.NetworkAccessProfileSIDPattern, "a Network Access Profile SID")},
				PlanModifiers:       replace,
			},
			"network_sid": schema.StringAttribute{
				MarkdownDescription: "SID (`HW…`) of the catalog network to allow (see the `supersim_networks` and `supersim_network` data sources). Changing it replaces this resource.",
				Required:            true,
				Validators:          []validator.String{sidValidator(supersim.NetworkSIDPattern, "a Network SID")},
				PlanModifiers:       replace,
			},
			"friendly_name": schema.StringAttribute{
				MarkdownDescription: "The network's name, such as `AT&T`. Like `iso_country` and `identifiers`, it is known after apply for a new link, " +
					"and recorded from the API's answer: the plan never depends on a read of the catalog that apply would have to repeat.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"iso_country": schema.StringAttribute{
				MarkdownDescription: "The network's country, as an upper-case ISO 3166-1 alpha-2 code.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"identifiers": schema.ListAttribute{
				MarkdownDescription: "The network's MCC-MNC pairs, in the API's order.",
				ElementType:         identifierType,
				Computed:            true,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *napNetworkResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = linkIdentitySchema()
}

func (r *napNetworkResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *napNetworkResource) client(diags *diag.Diagnostics) *supersim.Client {
	if r.data == nil {
		clientOrError(nil, diags)
		return nil
	}
	return r.data.client
}

func linkID(napSID, networkSID string) string { return napSID + "/" + networkSID }

func napNetworkState(link *supersim.NetworkAccessProfileNetwork, napSID string) napNetworkModel {
	return napNetworkModel{
		ID:                      types.StringValue(linkID(napSID, link.SID)),
		NetworkAccessProfileSID: types.StringValue(napSID),
		NetworkSID:              types.StringValue(link.SID),
		FriendlyName:            types.StringValue(link.FriendlyName),
		ISOCountry:              isoCountry(link.ISOCountry),
		Identifiers:             identifierList(link.Identifiers),
	}
}

// label names the link's network for messages, from what state knows.
func (m napNetworkModel) label(ctx context.Context) string {
	var ids []struct {
		MCC string `tfsdk:"mcc"`
		MNC string `tfsdk:"mnc"`
	}
	if !m.Identifiers.IsNull() && !m.Identifiers.IsUnknown() {
		_ = m.Identifiers.ElementsAs(ctx, &ids, false) // naming is best effort
	}
	first := make([]supersim.Identifier, 0, 1)
	if len(ids) > 0 {
		first = append(first, supersim.Identifier{MCC: ids[0].MCC, MNC: ids[0].MNC})
	}
	return networkLabel(m.NetworkSID.ValueString(), m.FriendlyName.ValueString(), m.ISOCountry.ValueString(), first)
}

// ModifyPlan checks a new link against the catalog, warns about what a
// removal means for attached SIMs, and warns when the profile also manages
// its whole list through `networks` in the same configuration: the two
// would undo each other on every apply.
func (r *napNetworkResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		var state napNetworkModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		r.warnRemoval(ctx, state, &resp.Diagnostics)
		return
	}
	var plan napNetworkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.NetworkSID.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		var state napNetworkModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if !state.NetworkSID.Equal(plan.NetworkSID) || !state.NetworkAccessProfileSID.Equal(plan.NetworkAccessProfileSID) {
			r.warnRemoval(ctx, state, &resp.Diagnostics) // replaced: the old network goes first
		}
	}
	if req.State.Raw.IsNull() {
		checkNetworksInCatalog(ctx, r.data.client, []string{plan.NetworkSID.ValueString()}, path.Root("network_sid"), &resp.Diagnostics)
	}
	if plan.NetworkAccessProfileSID.IsUnknown() {
		return
	}
	r.warnIfManagedTwice(plan.NetworkAccessProfileSID.ValueString(), plan.NetworkSID.ValueString(), &resp.Diagnostics)
}

// warnRemoval explains the removal of the link's network from its profile:
// what it means for attached SIMs, and which SIMs of the Fleets using the
// profile it cuts off.
func (r *napNetworkResource) warnRemoval(ctx context.Context, state napNetworkModel, diags *diag.Diagnostics) {
	napSID := state.NetworkAccessProfileSID.ValueString()
	profile := r.data.profileNamed(ctx, napSID)
	warnNetworksRemoved(diags, profile, []string{state.label(ctx)})
	r.data.warnImpactOnProfile(ctx, diags, fmt.Sprintf("removes %s from Network Access Profile %s", state.label(ctx), profile), napSID, []string{state.NetworkSID.ValueString()})
}

func (r *napNetworkResource) warnIfManagedTwice(napSID, networkSID string, diags *diag.Diagnostics) {
	managed, ok := r.data.plannedNetworks(napSID)
	if !ok {
		return
	}
	profile := r.data.namedBySID(napSID)
	if managed[networkSID] {
		diags.AddWarning("Network managed twice",
			fmt.Sprintf("Network %s of Network Access Profile %s is managed both by this resource and by the profile's networks attribute. "+
				"Manage membership in one place: omit networks on the supersim_network_access_profile resource when you use supersim_network_access_profile_network resources.", networkSID, profile))
		return
	}
	diags.AddWarning("Network Access Profile networks managed in two places",
		fmt.Sprintf("Network Access Profile %s sets networks, which is its complete allow list and does not include %s, so each apply of the profile removes the network this resource adds, and the next plan adds it again. "+
			"Manage membership in one place: omit networks on the supersim_network_access_profile resource, or add %s to it and drop this resource.", profile, networkSID, networkSID))
}

func (r *napNetworkResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	client := r.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	var plan napNetworkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	napSID, networkSID := plan.NetworkAccessProfileSID.ValueString(), plan.NetworkSID.ValueString()
	link, err := client.AddNetworkAccessProfileNetwork(ctx, napSID, networkSID)
	if err != nil {
		addLinkCreateError(&resp.Diagnostics, r.data.namedBySID(napSID), networkSID, err)
		return
	}
	state := napNetworkState(link, napSID)
	if link.AlreadyAllowed {
		// A link has nothing of its own to disagree on: the network is
		// allowed, which is all this resource asks. Taking it over is what
		// lets an apply that was interrupted after the API added the network
		// finish without an import per link.
		resp.Diagnostics.AddWarning("Network was already allowed",
			fmt.Sprintf("Network Access Profile %s already allowed network %s (%s) before this apply, so this resource took it over instead of adding it. "+
				"Destroying this resource removes the network from the profile.", r.data.profileNamed(ctx, napSID), networkSID, link.FriendlyName))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	setIdentity(ctx, resp.Identity, linkIdentity(napSID, networkSID), &resp.Diagnostics)
}

func addLinkCreateError(diags *diag.Diagnostics, profile, networkSID string, err error) {
	switch {
	case supersim.IsConflict(err):
		diags.AddError("Network already allowed, but could not be read",
			fmt.Sprintf("Network Access Profile %s already allows network %s, and reading it to record it failed. Apply again to take it over.\n\n%v", profile, networkSID, err))
	case supersim.IsNotFound(err):
		diags.AddAttributeError(path.Root("network_access_profile_sid"), "Network Access Profile not found",
			fmt.Sprintf("Network Access Profile %s does not exist (it may have been deleted in the Twilio Console), so network %s cannot be allowed in it. "+
				"If it is managed by a supersim_network_access_profile resource, run terraform apply again: the refresh notices the deletion and creates the profile first.\n\nThe API said: %v", profile, networkSID, err))
	case supersim.IsBadRequest(err):
		diags.AddAttributeError(path.Root("network_sid"), "The API refused the network",
			apiErrorDetail("allow network "+networkSID+" in "+profile, err)+"\n\nnetwork_sid must be a network of the catalog; the supersim_networks data source lists them.")
	default:
		addAPIError(diags, "allow network "+networkSID+" in Network Access Profile "+profile, err)
	}
}

func (r *napNetworkResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	client := r.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	var state napNetworkModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	napSID, networkSID := state.NetworkAccessProfileSID.ValueString(), state.NetworkSID.ValueString()
	profile := r.data.namedBySID(napSID)
	if !napSIDRe.MatchString(napSID) {
		// Moved from the twilio provider with the profile's unique name
		// (see MoveState): state records the SID from now on.
		var ok bool
		if napSID, ok = resolveProfileSID(ctx, client, napSID, &resp.Diagnostics); !ok {
			return
		}
	}
	setIdentity(ctx, resp.Identity, linkIdentity(napSID, networkSID), &resp.Diagnostics)
	// Every link of a profile reads the same shared snapshot of its
	// networks: K links cost one list, not K requests.
	links, err := client.NetworkAccessProfileNetworksSnapshot(ctx, napSID)
	if supersim.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Network Access Profile no longer exists",
			fmt.Sprintf("Network Access Profile %s was not found (probably deleted in the Twilio Console), so its network %s is removed from state and planned to be allowed again.", profile, state.label(ctx)))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the networks of Network Access Profile "+profile, err)
		return
	}
	for i := range links {
		if links[i].SID == networkSID {
			resp.Diagnostics.Append(resp.State.Set(ctx, napNetworkState(&links[i], napSID))...)
			return
		}
	}
	profile = r.data.namedBySID(napSID) // the read above knows its name now
	resp.Diagnostics.AddWarning(fmt.Sprintf("Network %s no longer allowed by %s", state.FriendlyName.ValueString(), profile),
		fmt.Sprintf("Network %s is no longer allowed by Network Access Profile %s: it was removed outside Terraform. The next apply allows it again.", state.label(ctx), profile))
	resp.State.RemoveResource(ctx)
}

// Update is never called with a change: both arguments force replacement
// and the rest is computed.
func (r *napNetworkResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan napNetworkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, resp.Identity, linkIdentity(plan.NetworkAccessProfileSID.ValueString(), plan.NetworkSID.ValueString()), &resp.Diagnostics)
}

func (r *napNetworkResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	client := r.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	var state napNetworkModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	napSID, networkSID := state.NetworkAccessProfileSID.ValueString(), state.NetworkSID.ValueString()
	// Removing a network that is already gone (or whose profile is) is done.
	if err := client.RemoveNetworkAccessProfileNetwork(ctx, napSID, networkSID); err != nil {
		addAPIError(&resp.Diagnostics, "remove network "+networkSID+" from Network Access Profile "+r.data.namedBySID(napSID), err)
	}
}

// ImportState takes `HA…/HW…` or `<unique name>/HW…` as import ID (a
// unique name may hold "/" itself, so the ID is split at the last one), or
// an identity (Terraform 1.12 and later) holding both SIDs.
func (r *napNetworkResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	client := r.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	var napRef, networkSID string
	if req.ID == "" && req.Identity != nil {
		var identity linkIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		napRef, networkSID = identity.NetworkAccessProfileSID.ValueString(), identity.NetworkSID.ValueString()
	} else {
		var ok bool
		if napRef, networkSID, ok = splitLinkID(req.ID); !ok {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("The import ID %q is not <profile>/<network SID>. Use the profile's SID or unique name, a slash, and the network's SID, for example HA0123456789abcdef0123456789abcdef/HW0123456789abcdef0123456789abcdef or \"my profile/HW0123456789abcdef0123456789abcdef\".", req.ID))
			return
		}
	}
	napSID, ok := resolveProfileSID(ctx, client, napRef, &resp.Diagnostics)
	if !ok {
		return
	}
	link, err := client.FetchNetworkAccessProfileNetwork(ctx, napSID, networkSID)
	if supersim.IsNotFound(err) {
		resp.Diagnostics.AddError("Network not allowed by the profile",
			fmt.Sprintf("Network Access Profile %s does not allow network %s (or does not exist), so there is nothing to import. Create the link with this resource instead.", napRef, networkSID))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read network "+networkSID+" of Network Access Profile "+napRef, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, napNetworkState(link, napSID))...)
	setIdentity(ctx, resp.Identity, linkIdentity(napSID, networkSID), &resp.Diagnostics)
}

// resolveProfileSID turns a profile's SID or unique name into its SID,
// reading the profile only for a name.
func resolveProfileSID(ctx context.Context, client *supersim.Client, ref string, diags *diag.Diagnostics) (string, bool) {
	if napSIDRe.MatchString(ref) {
		return ref, true
	}
	nap, err := client.FetchNetworkAccessProfile(ctx, ref)
	if supersim.IsNotFound(err) {
		diags.AddError("Network Access Profile not found",
			fmt.Sprintf("No Network Access Profile has the unique name %q. Check the name in the Twilio Console, or use the profile's SID.", ref))
		return "", false
	}
	if err != nil {
		addAPIError(diags, "look up Network Access Profile "+ref, err)
		return "", false
	}
	return nap.SID, true
}

func splitLinkID(id string) (napRef, networkSID string, ok bool) {
	i := strings.LastIndex(id, "/")
	if i <= 0 {
		return "", "", false
	}
	napRef, networkSID = id[:i], id[i+1:]
	return napRef, networkSID, supersim.IsNetworkSID(networkSID)
}
