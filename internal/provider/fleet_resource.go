package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ resource.Resource                = (*fleetResource)(nil)
	_ resource.ResourceWithConfigure   = (*fleetResource)(nil)
	_ resource.ResourceWithImportState = (*fleetResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*fleetResource)(nil)
	_ resource.ResourceWithIdentity    = (*fleetResource)(nil)
)

const fleetResourceType = "supersim_fleet"

// Documented limits of a Fleet's data_limit, in megabytes.
const (
	minFleetDataLimit = 1
	maxFleetDataLimit = 2_000_000
)

// NewFleetResource is the supersim_fleet resource.
func NewFleetResource() resource.Resource {
	return &fleetResource{}
}

type fleetResource struct {
	data   *providerData
	client *supersim.Client
}

// fleetFields are a Fleet's attributes that the resource and the data
// sources share.
type fleetFields struct {
	NetworkAccessProfileSID types.String `tfsdk:"network_access_profile_sid"`
	DataEnabled             types.Bool   `tfsdk:"data_enabled"`
	DataLimit               types.Int64  `tfsdk:"data_limit"`
	DataMetering            types.String `tfsdk:"data_metering"`
	SMSCommandsEnabled      types.Bool   `tfsdk:"sms_commands_enabled"`
	SMSCommandsURL          types.String `tfsdk:"sms_commands_url"`
	SMSCommandsMethod       types.String `tfsdk:"sms_commands_method"`
	IPCommandsURL           types.String `tfsdk:"ip_commands_url"`
	IPCommandsMethod        types.String `tfsdk:"ip_commands_method"`
	AccountSID              types.String `tfsdk:"account_sid"`
	DateCreated             types.String `tfsdk:"date_created"`
	DateUpdated             types.String `tfsdk:"date_updated"`
	URL                     types.String `tfsdk:"url"`
}

func fleetFieldsOf(f *supersim.Fleet) fleetFields {
	return fleetFields{
		NetworkAccessProfileSID: types.StringValue(f.NetworkAccessProfileSID),
		DataEnabled:             types.BoolPointerValue(f.DataEnabled),
		DataLimit:               types.Int64Value(int64(f.DataLimit)),
		DataMetering:            types.StringPointerValue(f.DataMetering),
		SMSCommandsEnabled:      types.BoolPointerValue(f.SMSCommandsEnabled),
		SMSCommandsURL:          types.StringPointerValue(f.SMSCommandsURL),
		SMSCommandsMethod:       types.StringPointerValue(f.SMSCommandsMethod),
		IPCommandsURL:           types.StringPointerValue(f.IPCommandsURL),
		IPCommandsMethod:        types.StringPointerValue(f.IPCommandsMethod),
		AccountSID:              types.StringValue(f.AccountSID),
		DateCreated:             timeString(f.DateCreated),
		DateUpdated:             timeString(f.DateUpdated),
		URL:                     types.StringValue(f.URL),
	}
}

type fleetModel struct {
	ID                   types.String `tfsdk:"id"`
	SID                  types.String `tfsdk:"sid"`
	UniqueName           types.String `tfsdk:"unique_name"`
	NetworkAccessProfile types.String `tfsdk:"network_access_profile"`
	fleetFields
}

// fixedWhy is the end of the error for a change of a setting the API takes
// only on create.
const fixedWhy = "Replacing the Fleet instead would leave the old one, which the API cannot delete, holding every SIM assigned to it. " +
	"Put the value in state back in the configuration (or remove the attribute). To change it, create another Fleet with the new value " +
	"and move the SIMs to it."

var fleetSIDRe = regexp.MustCompile(supersim.FleetSIDPattern)

func (r *fleetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fleet"
}

func (r *fleetResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	url := func(what string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("The absolute `http` or `https` URL that receives a webhook when a SIM of the Fleet sends %s. "+
				"When omitted, the provider does not manage it and reports what the API has (null when none is set). "+
				"Removing it from the configuration stops managing it rather than clearing it.", what),
			Optional:      true,
			Computed:      true,
			Validators:    []validator.String{absoluteHTTPURL{}},
			PlanModifiers: keep,
		}
	}
	method := func(urlAttr string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("The HTTP method of the requests to `%s`: `GET` or `POST`. The API's default is `POST`. "+
				"When omitted, the provider does not manage it and reports what the API has.", urlAttr),
			Optional:      true,
			Computed:      true,
			Validators:    []validator.String{stringvalidator.OneOf("GET", "POST")},
			PlanModifiers: keep,
		}
	}
	fixed := func(description string) schema.BoolAttribute {
		return schema.BoolAttribute{
			MarkdownDescription: description + " **It cannot change after the Fleet is created**: a different value fails the plan, " +
				"and the provider never replaces a Fleet, since the API cannot delete the old one. When omitted, the API's default applies " +
				"and the provider reports it.",
			Optional:      true,
			Computed:      true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), fixedAfterCreate{why: fixedWhy}},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Super SIM Fleet: the settings shared by every SIM assigned to it, among them the Network Access Profile " +
			"that decides which cellular networks those SIMs may attach to. A profile takes effect only through the Fleets that use it.\n\n" +
			"Everything the API can update changes in place: the unique name, the profile, the data limit, the command URLs and methods. " +
			"`data_enabled` and `sms_commands_enabled` are set on create only; changing them fails the plan.\n\n" +
			"The Super SIM API cannot delete a Fleet. **Destroying this resource only removes it from Terraform state**; the Fleet " +
			"and its SIMs stay as they are, and the provider says so in a warning.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The Fleet's SID (`HF…`), as `sid`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"sid": schema.StringAttribute{
				MarkdownDescription: "The Fleet's SID (`HF…`). SIMs are assigned to a Fleet by this SID or by its unique name.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"unique_name": schema.StringAttribute{
				MarkdownDescription: "A name unique among the account's Fleets, usable in place of the SID in API paths and on import. " +
					"Changing it renames the Fleet in place. When omitted, the provider does not manage the name: a new Fleet gets a generated one " +
					"(`tf-` followed by 24 hexadecimal digits, known after apply), which is what finds it again when the API's answer to the create is lost, " +
					"and an existing one keeps the name it has (none for a Fleet imported without one). Give new Fleets a name of your own: a generated name is lost " +
					"with an apply that is killed before Terraform records the Fleet, and yours is not. It must not look like a Fleet SID (`HF` followed by 32 hexadecimal digits).",
				Optional:      true,
				Computed:      true,
				Validators:    fleetUniqueNameValidators(),
				PlanModifiers: []planmodifier.String{generatedNameWhenOmitted{}},
			},
			"network_access_profile": schema.StringAttribute{
				MarkdownDescription: "The Network Access Profile whose networks the Fleet's SIMs may attach to: its SID (`HA…`) or its unique name. " +
					"Changing it moves the Fleet, and all its SIMs, to the other profile in place. Naming the same profile by the other form " +
					"changes nothing. The plan warns when the move takes SIMs to a profile that allows no network, or none of the networks they may use now.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"network_access_profile_sid": schema.StringAttribute{
				MarkdownDescription: "The SID (`HA…`) of the profile the Fleet uses, whichever form `network_access_profile` takes.",
				Computed:            true,
			},
			"data_enabled": fixed("Whether the Fleet's SIMs may use 2G/3G/4G/LTE/CAT-M data connectivity. The API's default is `true`."),
			"data_limit": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("The data, in megabytes (download and upload together), that each SIM of the Fleet may use per billing period: "+
					"from %d to %d (2 TB). When omitted, the provider does not manage it and reports what the API has (the API documents a default of 1,000).",
					minFleetDataLimit, maxFleetDataLimit),
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Int64{int64validator.Between(minFleetDataLimit, maxFleetDataLimit)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"data_metering": schema.StringAttribute{
				MarkdownDescription: "How the SIMs' data use is metered and billed; `payg` is the only model the API documents.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"sms_commands_enabled": fixed("Whether the Fleet's SIMs may send and receive machine-to-machine SMS through Commands."),
			"sms_commands_url":     url("an SMS to the SMS Commands number"),
			"sms_commands_method":  method("sms_commands_url"),
			"ip_commands_url":      url("an IP Command to the Commands address"),
			"ip_commands_method":   method("ip_commands_url"),
			"account_sid": schema.StringAttribute{
				MarkdownDescription: "The SID of the account (`AC…`) that owns the Fleet.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"date_created": schema.StringAttribute{
				MarkdownDescription: "When the Fleet was created, in RFC 3339 format (UTC).",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"date_updated": schema.StringAttribute{
				MarkdownDescription: "When the Fleet was last updated, in RFC 3339 format (UTC).",
				Computed:            true,
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "The absolute URL of the Fleet in the API.",
				Computed:            true,
				PlanModifiers:       keep,
			},
		},
	}
}

func fleetUniqueNameValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthAtLeast(1),
		stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be only white space"),
		notMatching{re: fleetSIDRe, why: "a unique name of that shape would be ambiguous with a Fleet SID in API paths; choose a name that is not `HF` followed by 32 hexadecimal digits"},
	}
}

func (r *fleetResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = sidIdentitySchema("The Fleet's SID (`HF…`).")
}

func (r *fleetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
	if r.data != nil {
		r.client = r.data.client
	}
}

func (r *fleetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		var state fleetModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		resp.Diagnostics.AddWarning("Destroy leaves the Fleet in place",
			fmt.Sprintf("The Super SIM API cannot delete a Fleet, so destroy only removes %s from Terraform state: the Fleet, its settings and its SIMs stay as they are, "+
				"and the SIMs keep using Network Access Profile %s.", fleetRef(state.SID, state.UniqueName), r.data.profileNamed(ctx, state.NetworkAccessProfileSID.ValueString())))
		return
	}
	creating := req.State.Raw.IsNull()
	var plan, state fleetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if creating && plan.UniqueName.IsUnknown() {
		var configName types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("unique_name"), &configName)...)
		if configName.IsNull() {
			warnNameless(&resp.Diagnostics, kindOf(supersim.KindFleet))
		}
	}
	r.planProfile(ctx, &plan, state, creating, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !creating && !plan.NetworkAccessProfileSID.IsUnknown() && !plan.NetworkAccessProfileSID.Equal(state.NetworkAccessProfileSID) {
		warnFleetLosesNetworks(ctx, r.data, supersim.Fleet{SID: state.SID.ValueString(), UniqueName: state.UniqueName.ValueStringPointer()},
			state.NetworkAccessProfileSID.ValueString(), plan.NetworkAccessProfileSID.ValueString(), &resp.Diagnostics)
	}
	if !creating {
		// The framework plans date_updated as unknown whenever the
		// configuration differs from state, which it does when it names the
		// profile in the other form. If nothing is left to change, nothing
		// will be updated.
		unchanged := plan
		unchanged.DateUpdated = state.DateUpdated
		if unchanged == state {
			plan = unchanged
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// planProfile plans network_access_profile_sid from network_access_profile,
// which names the profile by SID or by unique name.
//
// A unique name is resolved with one GET of the profile, and only when it
// differs from the value in state: that is the only way to tell a move to
// another profile from the same profile named in the other form, and a plan
// that keeps the value in state costs no request. When the configuration
// names the profile the Fleet already uses, the plan keeps the value in
// state, which Terraform accepts in place of the configuration's as an
// equivalent value, so switching between the two forms shows no diff.
func (r *fleetResource) planProfile(ctx context.Context, plan *fleetModel, state fleetModel, creating bool, diags *diag.Diagnostics) {
	ref := plan.NetworkAccessProfile
	if ref.IsUnknown() {
		plan.NetworkAccessProfileSID = types.StringUnknown()
		return
	}
	if !creating && ref.Equal(state.NetworkAccessProfile) {
		plan.NetworkAccessProfileSID = state.NetworkAccessProfileSID
		return
	}
	sid := types.StringUnknown()
	switch {
	case supersim.IsNetworkAccessProfileSID(ref.ValueString()):
		sid = ref
	case r.client != nil:
		nap, err := r.client.FetchNetworkAccessProfile(ctx, ref.ValueString())
		switch {
		case supersim.IsNotFound(err):
			// Perhaps a profile this apply creates; if not, apply says so.
		case err != nil:
			addAPIError(diags, fmt.Sprintf("look up the Network Access Profile %q that network_access_profile names", ref.ValueString()), err)
			return
		default:
			sid = types.StringValue(nap.SID)
		}
	}
	if !creating && sid.Equal(state.NetworkAccessProfileSID) {
		plan.NetworkAccessProfile = state.NetworkAccessProfile
	}
	plan.NetworkAccessProfileSID = sid
}

// fleetRef names a Fleet in messages: "Fleet trackers-eu (HF…)".
func fleetRef(sid, name types.String) string {
	return "Fleet " + named(sid, name)
}

func (r *fleetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !clientOrError(r.client, &resp.Diagnostics) {
		return
	}
	var plan fleetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, generated := uniqueNameToCreate(plan.UniqueName)
	plan.UniqueName = types.StringValue(name)
	params := fleetParams(plan, fleetModel{}, true)
	// The client adopts a Fleet after a lost answer only when it has the
	// requested name and every setting sent, so what is recorded is the
	// plan; anything it cannot prove is an error with no state.
	fleet, err := r.client.CreateFleet(ctx, params)
	if err != nil {
		addFleetCreateError(&resp.Diagnostics, params, generated, err)
		return
	}
	if fleet.Adopted {
		tflog.Info(ctx, "Recorded the Fleet that this apply created although its answer was lost", map[string]any{"sid": fleet.SID})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, fleetApplied(fleet, plan))...)
	setIdentity(ctx, resp.Identity, sidIdentity(fleet.SID), &resp.Diagnostics)
}

func addFleetCreateError(diags *diag.Diagnostics, params supersim.FleetParams, generated bool, err error) {
	var taken *supersim.NameTakenError
	switch {
	case errors.As(err, &taken):
		diags.AddAttributeError(path.Root("unique_name"), "A Fleet with this unique name already exists", nameTakenDetail(taken))
	case supersim.IsUnconfirmed(err):
		diags.AddError("Could not confirm whether the Fleet was created", unconfirmedDetail(kindOf(supersim.KindFleet), *params.UniqueName, generated, err))
	case supersim.IsNotApplied(err) && generated:
		diags.AddError("The new Fleet was not found after its create's answer was lost",
			notFoundByGeneratedNameDetail(kindOf(supersim.KindFleet), *params.UniqueName, err))
	case supersim.IsNotFound(err):
		addProfileNotFound(diags, *params.NetworkAccessProfile, err)
	default:
		addAPIError(diags, "create the Fleet", err)
	}
}

// addProfileNotFound explains a 404 from a Fleet write, which names a
// profile that does not exist.
func addProfileNotFound(diags *diag.Diagnostics, ref string, err error) {
	diags.AddAttributeError(path.Root("network_access_profile"), "Network Access Profile not found",
		fmt.Sprintf("The API found no Network Access Profile %q for the Fleet: it may have been deleted in the Twilio Console, or belong to another account. "+
			"Use the SID or the exact unique name of a profile of this account (the supersim_network_access_profiles data source lists them).\n\nThe API said: %v", ref, err))
}

// fleetParams are the values to send: on create, every value the plan
// knows; on update, those that differ from state.
func fleetParams(plan, state fleetModel, creating bool) supersim.FleetParams {
	send := func(planned, current attr.Value) bool {
		return !planned.IsUnknown() && !planned.IsNull() && (creating || !planned.Equal(current))
	}
	var p supersim.FleetParams
	setString := func(dst **string, planned, current types.String) {
		if send(planned, current) {
			*dst = planned.ValueStringPointer()
		}
	}
	setString(&p.UniqueName, plan.UniqueName, state.UniqueName)
	setString(&p.NetworkAccessProfile, plan.NetworkAccessProfile, state.NetworkAccessProfile)
	setString(&p.SMSCommandsURL, plan.SMSCommandsURL, state.SMSCommandsURL)
	setString(&p.SMSCommandsMethod, plan.SMSCommandsMethod, state.SMSCommandsMethod)
	setString(&p.IPCommandsURL, plan.IPCommandsURL, state.IPCommandsURL)
	setString(&p.IPCommandsMethod, plan.IPCommandsMethod, state.IPCommandsMethod)
	if send(plan.DataLimit, state.DataLimit) {
		limit := int(plan.DataLimit.ValueInt64())
		p.DataLimit = &limit
	}
	if creating && send(plan.DataEnabled, nil) {
		p.DataEnabled = plan.DataEnabled.ValueBoolPointer()
	}
	if creating && send(plan.SMSCommandsEnabled, nil) {
		p.SMSCommandsEnabled = plan.SMSCommandsEnabled.ValueBoolPointer()
	}
	return p
}

// fleetApplied is the state after a create or an update: every value the
// plan knows, as Terraform requires, and the API's for the rest.
func fleetApplied(f *supersim.Fleet, plan fleetModel) fleetModel {
	out := fleetState(f, plan.NetworkAccessProfile)
	keepKnown(&out.UniqueName, plan.UniqueName)
	keepKnown(&out.DataEnabled, plan.DataEnabled)
	keepKnown(&out.DataLimit, plan.DataLimit)
	keepKnown(&out.SMSCommandsEnabled, plan.SMSCommandsEnabled)
	keepKnown(&out.SMSCommandsURL, plan.SMSCommandsURL)
	keepKnown(&out.SMSCommandsMethod, plan.SMSCommandsMethod)
	keepKnown(&out.IPCommandsURL, plan.IPCommandsURL)
	keepKnown(&out.IPCommandsMethod, plan.IPCommandsMethod)
	return out
}

func keepKnown[T attr.Value](dst *T, planned T) {
	if !planned.IsUnknown() {
		*dst = planned
	}
}

// fleetState builds the resource state from the API's Fleet. napRef is how
// the configuration names the profile; it is kept while it names the
// profile the Fleet uses, and replaced by the SID when the Fleet uses
// another one (changed out of band) or after an import.
func fleetState(f *supersim.Fleet, napRef types.String) fleetModel {
	m := fleetModel{
		ID:                   types.StringValue(f.SID),
		SID:                  types.StringValue(f.SID),
		UniqueName:           types.StringPointerValue(f.UniqueName),
		NetworkAccessProfile: napRef,
		fleetFields:          fleetFieldsOf(f),
	}
	if napRef.IsNull() || napRef.IsUnknown() {
		m.NetworkAccessProfile = types.StringValue(f.NetworkAccessProfileSID)
	}
	return m
}

func (r *fleetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !clientOrError(r.client, &resp.Diagnostics) {
		return
	}
	var state fleetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sid := state.ID.ValueString()
	setIdentity(ctx, resp.Identity, sidIdentity(sid), &resp.Diagnostics)
	fleet, err := r.client.RefreshFleet(ctx, sid)
	if supersim.IsNotFound(err) {
		// Nothing can delete a Fleet, so it still exists: in another
		// account. Planning it again would make a second Fleet that can
		// never be deleted either.
		resp.Diagnostics.AddError("Fleet not found",
			fmt.Sprintf("%s was not found, although the Super SIM API offers no way to delete a Fleet: the provider's credentials are most likely those of another account "+
				"(or subaccount) than the one that owns it. Check account_sid and auth_token (or api_key and api_secret, and the environment variables %s, %s, %s and %s). "+
				"The Fleet stays in state, and nothing is planned for it until it can be read. If it really is gone from Terraform's concern, remove it from state with "+
				"`terraform state rm` and the address Terraform shows above this error.\n\nThe API said: %v",
				fleetRef(state.SID, state.UniqueName), envAccountSID, envAuthToken, envAPIKey, envAPISecret, err))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read "+fleetRef(state.SID, state.UniqueName), err)
		return
	}
	napRef := state.NetworkAccessProfile
	if fleet.NetworkAccessProfileSID != state.NetworkAccessProfileSID.ValueString() {
		napRef = types.StringNull() // moved out of band: state shows where to
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, fleetState(fleet, napRef))...)
}

func (r *fleetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !clientOrError(r.client, &resp.Diagnostics) {
		return
	}
	var plan, state fleetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The plan refuses these changes; a value unknown at plan time is
	// checked here.
	for name, v := range map[string][2]types.Bool{"data_enabled": {plan.DataEnabled, state.DataEnabled}, "sms_commands_enabled": {plan.SMSCommandsEnabled, state.SMSCommandsEnabled}} {
		if !v[0].IsUnknown() && !v[0].IsNull() && !v[0].Equal(v[1]) {
			resp.Diagnostics.AddAttributeError(path.Root(name), name+" cannot change after create",
				fmt.Sprintf("The Super SIM API sets %s only when a Fleet is created. %s", name, fixedWhy))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	sid := state.SID.ValueString()
	params := fleetParams(plan, state, false)
	var fleet *supersim.Fleet
	var err error
	if params == (supersim.FleetParams{}) {
		fleet, err = r.client.FetchFleet(ctx, sid)
	} else {
		fleet, err = r.client.UpdateFleet(ctx, sid, params)
	}
	switch {
	case err == nil:
		resp.Diagnostics.Append(resp.State.Set(ctx, fleetApplied(fleet, plan))...)
		setIdentity(ctx, resp.Identity, sidIdentity(fleet.SID), &resp.Diagnostics)
	case supersim.IsConflict(err) && params.UniqueName != nil:
		resp.Diagnostics.AddAttributeError(path.Root("unique_name"), "Unique name already in use",
			fmt.Sprintf("Cannot rename %s to %q: another Fleet of the account has that unique name. Choose another name.\n\nThe API said: %v", fleetRef(state.SID, state.UniqueName), *params.UniqueName, err))
	case supersim.IsNotFound(err) && params.NetworkAccessProfile != nil:
		addProfileNotFound(&resp.Diagnostics, *params.NetworkAccessProfile, err)
	default:
		addAPIError(&resp.Diagnostics, "update "+fleetRef(state.SID, state.UniqueName), err)
	}
}

func (r *fleetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state fleetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.AddWarning("Fleet left in the account",
		fmt.Sprintf("%s was removed from Terraform state only: the Super SIM API cannot delete a Fleet, so it, its settings and its SIMs are unchanged.",
			fleetRef(state.SID, state.UniqueName)))
}

func (r *fleetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !clientOrError(r.client, &resp.Diagnostics) {
		return
	}
	id := importIDOrIdentitySID(ctx, req, &resp.Diagnostics)
	if id == "" {
		resp.Diagnostics.AddError("Missing import ID", "Import a Fleet by its SID (HF followed by 32 hexadecimal digits) or by its unique name.")
		return
	}
	fleet, err := r.client.FetchFleet(ctx, id)
	if supersim.IsNotFound(err) {
		what := "unique name"
		if fleetSIDRe.MatchString(id) {
			what = "SID"
		}
		resp.Diagnostics.AddError("Fleet not found",
			fmt.Sprintf("No Fleet with the %s %q exists in this account. Import takes the Fleet's SID (HF…) or its exact unique name; "+
				"the supersim_fleets data source lists both.", what, id))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "look up Fleet "+id+" for import", err)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), fleet.SID)...)
	setIdentity(ctx, resp.Identity, sidIdentity(fleet.SID), &resp.Diagnostics)
}
