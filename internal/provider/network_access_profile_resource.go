package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ resource.Resource                = (*networkAccessProfileResource)(nil)
	_ resource.ResourceWithConfigure   = (*networkAccessProfileResource)(nil)
	_ resource.ResourceWithImportState = (*networkAccessProfileResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*networkAccessProfileResource)(nil)
	_ resource.ResourceWithIdentity    = (*networkAccessProfileResource)(nil)
)

// NewNetworkAccessProfileResource is the supersim_network_access_profile
// resource.
func NewNetworkAccessProfileResource() resource.Resource {
	return &networkAccessProfileResource{}
}

type networkAccessProfileResource struct {
	data   *providerData
	client *supersim.Client
}

type networkAccessProfileModel struct {
	ID          types.String `tfsdk:"id"`
	SID         types.String `tfsdk:"sid"`
	UniqueName  types.String `tfsdk:"unique_name"`
	Networks    types.Set    `tfsdk:"networks"`
	AccountSID  types.String `tfsdk:"account_sid"`
	DateCreated types.String `tfsdk:"date_created"`
	DateUpdated types.String `tfsdk:"date_updated"`
	URL         types.String `tfsdk:"url"`
}

// consoleDeleteHint tells users where a profile can really be deleted.
const consoleDeleteHint = "To delete it, open the Twilio Console > Internet of Things > Network access profiles, choose the profile and click Delete NAP " +
	"(a profile that a Fleet uses cannot be deleted)."

func (r *networkAccessProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_network_access_profile"
}

func (r *networkAccessProfileResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Network Access Profile (NAP): the allow list of cellular networks that the Super SIMs of the Fleets using it may attach to.\n\n" +
			"The Super SIM API cannot delete a profile. **Destroying this resource only removes it from Terraform state**; the profile and its networks stay in the account, " +
			"and the provider says so in a warning. " + consoleDeleteHint + "\n\n" +
			"When `networks` is set, it is the whole allow list: networks added out of band are removed, and networks removed out of band are restored, by the next apply. " +
			"When `networks` is omitted, the provider leaves membership alone (for example to `supersim_network_access_profile_network` resources) and only reports it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The profile's SID (`HA…`), as `sid`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"sid": schema.StringAttribute{
				MarkdownDescription: "The profile's SID (`HA…`). Use it to refer to the profile from Fleets and from `supersim_network_access_profile_network`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"unique_name": schema.StringAttribute{
				MarkdownDescription: "A name unique within the account, usable in place of the SID in API paths and on import. " +
					"When set, changing it renames the profile in place. When omitted, the provider does not manage the name: " +
					"a new profile gets a generated one (`tf-` followed by 24 hexadecimal digits, known after apply), and an existing profile keeps whatever name it has " +
					"(set in the Console, generated, or none for a profile imported without one), which is read into state. " +
					"Every create carries a name because the name is what finds the profile again when the API's answer to the create is lost. " +
					"The API cannot clear a unique name, so removing it from the configuration stops managing it rather than clearing it. " +
					"Give new profiles a name of your own: a generated name is lost with an apply that is killed before Terraform records the profile, and yours is not. " +
					"It must not look like a profile SID (`HA` followed by 32 hexadecimal digits).",
				Optional:      true,
				Computed:      true,
				Validators:    uniqueNameValidators(),
				PlanModifiers: []planmodifier.String{generatedNameWhenOmitted{}},
			},
			"networks": schema.SetAttribute{
				MarkdownDescription: "Network SIDs (`HW…`) from the Networks catalog (see the `supersim_networks` data source) that the profile allows. " +
					"When set, this is the complete allow list and the provider enforces it; an update adds the new networks before it removes the old ones, " +
					"so the profile is never briefly narrower than both lists. When omitted, the provider does not manage membership and reports what the API has.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(sidValidator(supersim.NetworkSIDPattern, "a Network SID")),
				},
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"account_sid": schema.StringAttribute{
				MarkdownDescription: "The SID of the account (`AC…`) that owns the profile.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"date_created": schema.StringAttribute{
				MarkdownDescription: "When the profile was created, in RFC 3339 format (UTC).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"date_updated": schema.StringAttribute{
				MarkdownDescription: "When the profile was last updated, in RFC 3339 format (UTC).",
				Computed:            true,
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "The absolute URL of the profile in the API.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *networkAccessProfileResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = sidIdentitySchema("The profile's SID (`HA…`).")
}

var napSIDRe = regexp.MustCompile(supersim.NetworkAccessProfileSIDPattern)

func uniqueNameValidators() []validator.String {
	return []validator.String{
		stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be empty or only white space: omit unique_name to have the provider generate one"),
		notMatching{re: napSIDRe, why: "a unique name of that shape would be ambiguous with a profile SID in API paths; choose a name that is not `HA` followed by 32 hexadecimal digits"},
	}
}

func (r *networkAccessProfileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
	if r.data != nil {
		r.client = r.data.client
	}
}

func (r *networkAccessProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		var sid, name types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("sid"), &sid)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("unique_name"), &name)...)
		resp.Diagnostics.AddWarning("Destroy leaves the Network Access Profile in place",
			fmt.Sprintf("The Super SIM API cannot delete a Network Access Profile, so destroy only removes %s from Terraform state; the profile and its networks stay in the account. ",
				named(sid, name))+consoleDeleteHint+fleetsStillUsing(ctx, r.client, sid.ValueString()))
		return
	}
	creating := req.State.Raw.IsNull()
	// Attributes are read one by one: a profile whose links manage
	// membership can hold thousands of networks in state, and converting
	// that set costs time on every plan that does not need it.
	var sid, name, configName types.String
	var configNetworks types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("unique_name"), &configName)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("networks"), &configNetworks)...)
	if !creating {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("sid"), &sid)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("unique_name"), &name)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if creating && configName.IsNull() {
		warnNameless(&resp.Diagnostics, kindOf(supersim.KindNetworkAccessProfile))
	}
	if configNetworks.IsNull() {
		// Membership is left to link resources (each reports its own
		// network) or to nobody: what changed it is not this resource's
		// business, and the refresh only records it.
		return
	}
	if !creating {
		r.reportDrift(ctx, req.Private, named(sid, name), &resp.Diagnostics)
	}
	r.guideNetworkChange(ctx, req, resp, creating, sid, name, configName)
}

// guideNetworkChange checks and explains a plan that changes a managed
// networks list.
func (r *networkAccessProfileResource) guideNetworkChange(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, creating bool, sid, name, configName types.String) {
	var plannedSet, stateSet types.Set
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("networks"), &plannedSet)...)
	if !creating {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("networks"), &stateSet)...)
	}
	planned, known := knownSetStrings(ctx, plannedSet)
	if resp.Diagnostics.HasError() || !known {
		return
	}
	if !creating && r.data != nil {
		r.data.recordPlannedNetworks(sid.ValueString(), planned)
	}
	current, _ := knownSetStrings(ctx, stateSet)
	added, removed := setDifference(current, planned), setDifference(planned, current)
	if !creating && len(added) == 0 && len(removed) == 0 {
		return // a no-op plan costs no request
	}
	ref := napRef(sid, name, configName)
	checkNetworksInCatalog(ctx, r.client, added, path.Root("networks"), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	warnNetworksAdded(&resp.Diagnostics, ref, networkLabels(ctx, r.client, added))
	warnNetworksRemoved(&resp.Diagnostics, ref, networkLabels(ctx, r.client, removed))
	if !creating {
		r.data.warnImpactOnProfile(ctx, &resp.Diagnostics, fmt.Sprintf("removes %s from Network Access Profile %s", networksCount(len(removed)), ref), sid.ValueString(), removed)
	}
	if len(planned) == 0 {
		warnEmptyAllowList(&resp.Diagnostics, ref)
	}
}

// napRef names a profile in plan messages: by name and SID once it has a
// SID, by its configured name while it is new.
func napRef(sid, name, configName types.String) string {
	switch {
	case !sid.IsNull() && !sid.IsUnknown():
		return named(sid, name)
	case !configName.IsNull() && !configName.IsUnknown():
		return fmt.Sprintf("%q (new)", configName.ValueString())
	}
	return "(new)"
}

func (r *networkAccessProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !clientOrError(r.client, &resp.Diagnostics) {
		return
	}
	var plan networkAccessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	managed := !plan.Networks.IsUnknown() && !plan.Networks.IsNull()
	desired := setStrings(ctx, plan.Networks, &resp.Diagnostics)
	name, generated := uniqueNameToCreate(plan.UniqueName)
	params := supersim.CreateNetworkAccessProfileParams{UniqueName: name, Networks: desired}

	// A profile that leaves its networks to others is usually followed by
	// link resources, which Terraform plans again once the profile exists,
	// and that plan checks their networks against the catalog. Reading it
	// during the create's round trip keeps the read off the apply's
	// critical path; a profile that manages its own list has no links to
	// wait for.
	if !managed {
		r.client.PrefetchCatalog(ctx)
	}

	// The client adopts a profile after a lost answer only when it has
	// exactly the requested name and networks, so what is recorded here is
	// always the planned value; anything it cannot prove is an error with
	// no state, which Terraform neither records nor taints.
	nap, err := r.client.CreateNetworkAccessProfile(ctx, params)
	if err != nil {
		addCreateError(&resp.Diagnostics, params, generated, err)
		return
	}
	if nap.Adopted {
		tflog.Info(ctx, "Recorded the Network Access Profile that this apply created although its answer was lost", map[string]any{"sid": nap.SID})
	}
	state := napState(nap, plan.Networks)
	if !managed {
		state.Networks = stringSet(desired)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	setIdentity(ctx, resp.Identity, sidIdentity(nap.SID), &resp.Diagnostics)
}

func addCreateError(diags *diag.Diagnostics, params supersim.CreateNetworkAccessProfileParams, generated bool, err error) {
	var taken *supersim.NameTakenError
	switch {
	case errors.As(err, &taken):
		diags.AddAttributeError(path.Root("unique_name"), "A Network Access Profile with this unique name already exists", nameTakenDetail(taken))
	case supersim.IsUnconfirmed(err):
		diags.AddError("Could not confirm whether the Network Access Profile was created",
			unconfirmedDetail(kindOf(supersim.KindNetworkAccessProfile), params.UniqueName, generated, err))
	case supersim.IsNotApplied(err) && generated:
		diags.AddError("The new Network Access Profile was not found after its create's answer was lost",
			notFoundByGeneratedNameDetail(kindOf(supersim.KindNetworkAccessProfile), params.UniqueName, err))
	case supersim.IsBadRequest(err) && len(params.Networks) > 0:
		diags.AddAttributeError(path.Root("networks"), "The API refused the networks of the Network Access Profile",
			apiErrorDetail("create the Network Access Profile", err)+"\n\nEvery SID in networks must be a network of the catalog; the supersim_networks data source lists them.")
	default:
		addAPIError(diags, "create the Network Access Profile", err)
	}
}

func (r *networkAccessProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !clientOrError(r.client, &resp.Diagnostics) {
		return
	}
	var state networkAccessProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sid := state.ID.ValueString()
	ref := named(state.ID, state.UniqueName)
	setIdentity(ctx, resp.Identity, sidIdentity(sid), &resp.Diagnostics)
	nap, links, err := r.client.NetworkAccessProfileWithNetworks(ctx, sid)
	if supersim.IsNotFound(err) {
		// Either read may be the one that finds it gone (a Console delete
		// between the two): both mean the same.
		resp.Diagnostics.AddWarning("Network Access Profile no longer exists",
			fmt.Sprintf("Network Access Profile %s was not found; it was probably deleted in the Twilio Console. "+
				"It is removed from state, and the next plan creates it again.", ref))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read Network Access Profile "+ref, err)
		return
	}
	resp.Diagnostics.Append(recordDrift(ctx, state.Networks, links, resp.Private)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, napState(nap, stringSet(supersim.NetworkSIDs(links))))...)
}

// driftKey names the private state in which Read leaves the networks that
// changed since Terraform last recorded the profile. Read cannot see the
// configuration; ModifyPlan, which runs next on the refreshed state, can,
// and reports the change only where `networks` is managed.
const driftKey = "drift"

// networkDrift is what Read found changed: the added networks with their
// labels (the API's list names them), the removed ones by SID.
type networkDrift struct {
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// privateState is the part of the framework's private state API that Read
// and ModifyPlan share.
type privateState interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

func recordDrift(ctx context.Context, before types.Set, now []supersim.NetworkAccessProfileNetwork, private privateState) diag.Diagnostics {
	var drift networkDrift
	if previous, known := knownSetStrings(ctx, before); known && !before.IsNull() { // nothing to compare with right after an import
		current := supersim.NetworkSIDs(now)
		added := setDifference(previous, current)
		for i := range now {
			if slices.Contains(added, now[i].SID) {
				drift.Added = append(drift.Added, networkLabel(now[i].SID, now[i].FriendlyName, now[i].ISOCountry, now[i].Identifiers))
			}
		}
		drift.Removed = setDifference(current, previous)
	}
	var value []byte
	if len(drift.Added)+len(drift.Removed) > 0 {
		value, _ = json.Marshal(drift)
	}
	return private.SetKey(ctx, driftKey, value) // empty clears what an earlier refresh left
}

// reportDrift names the networks that changed outside Terraform on a
// profile whose networks this configuration manages: the plan below puts
// them back.
func (r *networkAccessProfileResource) reportDrift(ctx context.Context, private privateState, ref string, diags *diag.Diagnostics) {
	value, getDiags := private.GetKey(ctx, driftKey)
	diags.Append(getDiags...)
	var drift networkDrift
	if len(value) == 0 || json.Unmarshal(value, &drift) != nil {
		return
	}
	var parts []string
	if len(drift.Added) > 0 {
		parts = append(parts, "Added: "+listLabels(drift.Added))
	}
	if len(drift.Removed) > 0 {
		parts = append(parts, "Removed: "+listLabels(networkLabels(ctx, r.client, drift.Removed)))
	}
	// Terraform folds warnings that share a summary into one, so each
	// profile's summary names it.
	diags.AddWarning(fmt.Sprintf("Networks of Network Access Profile %s changed outside Terraform", ref),
		fmt.Sprintf("Network Access Profile %s allows different networks than Terraform recorded, changed in the Twilio Console, through the API or by another tool.\n\n%s\n\n"+
			"Its networks are managed by this configuration, so this plan puts the configured networks back.", ref, strings.Join(parts, "\n\n")))
}

func (r *networkAccessProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !clientOrError(r.client, &resp.Diagnostics) {
		return
	}
	var plan, state, config networkAccessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sid := state.SID.ValueString()
	result := state

	if !plan.UniqueName.Equal(state.UniqueName) && !plan.UniqueName.IsNull() {
		_, err := r.client.UpdateNetworkAccessProfile(ctx, sid, supersim.UpdateNetworkAccessProfileParams{UniqueName: plan.UniqueName.ValueStringPointer()})
		if err != nil {
			r.addRenameError(&resp.Diagnostics, plan.UniqueName.ValueString(), named(state.SID, state.UniqueName), err)
			return
		}
		result.UniqueName = plan.UniqueName
	}
	ref := named(result.SID, result.UniqueName)

	if !config.Networks.IsNull() && !plan.Networks.Equal(state.Networks) {
		current := setStrings(ctx, state.Networks, &resp.Diagnostics)
		desired := setStrings(ctx, plan.Networks, &resp.Diagnostics)
		change, err := r.client.SetNetworkAccessProfileNetworks(ctx, sid, current, desired)
		if err != nil {
			// Record what was applied, so the next plan shows only what is
			// left and the next apply finishes the job.
			result.Networks = stringSet(change.Allowed)
			resp.Diagnostics.Append(resp.State.Set(ctx, result)...)
			addPartialChangeError(&resp.Diagnostics, ref, current, desired, change, err)
			return
		}
		result.Networks = plan.Networks
	}

	nap, err := r.client.FetchNetworkAccessProfile(ctx, sid)
	if err != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, result)...)
		addAPIError(&resp.Diagnostics, "read Network Access Profile "+ref+" after updating it", err)
		return
	}
	// Every planned value is recorded as planned (Terraform refuses
	// anything else); the API fills in what the plan left unknown. A name
	// changed in the Console since the refresh shows up in the next one.
	updated := napState(nap, plan.Networks)
	if !plan.UniqueName.IsUnknown() {
		updated.UniqueName = plan.UniqueName
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, updated)...)
	setIdentity(ctx, resp.Identity, sidIdentity(sid), &resp.Diagnostics)
}

func (r *networkAccessProfileResource) addRenameError(diags *diag.Diagnostics, name, ref string, err error) {
	if supersim.IsConflict(err) {
		diags.AddAttributeError(path.Root("unique_name"), "Unique name already in use",
			fmt.Sprintf("Cannot rename Network Access Profile %s to %q: another profile of the account has that unique name. Choose another name.\n\nThe API said: %v", ref, name, err))
		return
	}
	diags.AddAttributeError(path.Root("unique_name"), "Could not rename the Network Access Profile",
		apiErrorDetail(fmt.Sprintf("rename Network Access Profile %s to %q", ref, name), err))
}

// addPartialChangeError explains a change of networks that stopped part of
// the way: what was done, what was not, and what the next apply does. The
// failed request's own fate (not sent, looked up and not applied, unknown)
// is told apart from the change's, which did happen in part.
func addPartialChangeError(diags *diag.Diagnostics, ref string, current, desired []string, change supersim.NetworkChangeResult, err error) {
	toAdd, toRemove := setDifference(current, desired), setDifference(desired, current)
	detail := fmt.Sprintf("The change of the networks of Network Access Profile %s stopped part of the way: %d of the %d networks to add were added, "+
		"and %d of the %d to remove were removed (removals wait until every add has succeeded, so the profile is never narrower than both lists). "+
		"State records the networks the profile allows now, so the next plan shows only what is left, and the next apply finishes the job.\n\n"+
		"The request that stopped it: %v", ref, len(change.Added), len(toAdd), len(change.Removed), len(toRemove), err)
	if hint := requestHint(err); hint != "" {
		detail += "\n\n" + hint
	}
	diags.AddError("Could not finish changing the networks of Network Access Profile "+ref, detail)
}

func (r *networkAccessProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var sid, name types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("sid"), &sid)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("unique_name"), &name)...)
	resp.Diagnostics.AddWarning("Network Access Profile left in the account",
		fmt.Sprintf("Network Access Profile %s was removed from Terraform state only: the Super SIM API cannot delete it, so it and its networks are unchanged. %s",
			named(sid, name), consoleDeleteHint))
}

// ImportState takes a SID or unique name as import ID, or an identity
// (Terraform 1.12 and later) holding the SID.
func (r *networkAccessProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !clientOrError(r.client, &resp.Diagnostics) {
		return
	}
	nap, ok := r.lookupForImport(ctx, importIDOrIdentitySID(ctx, req, &resp.Diagnostics), &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), nap.SID)...)
	setIdentity(ctx, resp.Identity, sidIdentity(nap.SID), &resp.Diagnostics)
}

// lookupForImport resolves an import ID, a SID or a unique name, to the
// profile, so that state always holds the SID.
func (r *networkAccessProfileResource) lookupForImport(ctx context.Context, id string, diags *diag.Diagnostics) (*supersim.NetworkAccessProfile, bool) {
	if id == "" {
		diags.AddError("Missing import ID", "Import a Network Access Profile by its SID (HA followed by 32 hexadecimal digits) or by its unique name.")
		return nil, false
	}
	nap, err := r.client.FetchNetworkAccessProfile(ctx, id)
	if supersim.IsNotFound(err) {
		what := "unique name"
		if napSIDRe.MatchString(id) {
			what = "SID"
		}
		diags.AddError("Network Access Profile not found",
			fmt.Sprintf("No Network Access Profile with the %s %q exists in this account. Import takes the profile's SID (HA…) or its exact unique name; the Twilio Console lists both.", what, id))
		return nil, false
	}
	if err != nil {
		addAPIError(diags, "look up Network Access Profile "+id+" for import", err)
		return nil, false
	}
	return nap, true
}

// napState builds the resource state from the API's profile and a networks
// set.
func napState(nap *supersim.NetworkAccessProfile, networks types.Set) networkAccessProfileModel {
	return networkAccessProfileModel{
		ID:          types.StringValue(nap.SID),
		SID:         types.StringValue(nap.SID),
		UniqueName:  types.StringPointerValue(nap.UniqueName),
		Networks:    networks,
		AccountSID:  types.StringValue(nap.AccountSID),
		DateCreated: timeString(nap.DateCreated),
		DateUpdated: timeString(nap.DateUpdated),
		URL:         types.StringValue(nap.URL),
	}
}

func timeString(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}
