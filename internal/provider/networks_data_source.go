package provider

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ datasource.DataSource              = (*networksDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*networksDataSource)(nil)
)

// NewNetworksDataSource is the supersim_networks data source: the Networks
// catalog, optionally filtered by the API.
func NewNetworksDataSource() datasource.DataSource {
	return &networksDataSource{}
}

type networksDataSource struct {
	client *supersim.Client
}

type networksDataSourceModel struct {
	ISOCountry types.String       `tfsdk:"iso_country"`
	MCC        types.String       `tfsdk:"mcc"`
	MNC        types.String       `tfsdk:"mnc"`
	Networks   []networkItemModel `tfsdk:"networks"`
	SIDs       []types.String     `tfsdk:"sids"`
}

// networkItemModel is one catalog network as the data sources report it.
type networkItemModel struct {
	SID          types.String      `tfsdk:"sid"`
	FriendlyName types.String      `tfsdk:"friendly_name"`
	ISOCountry   types.String      `tfsdk:"iso_country"`
	Identifiers  []identifierModel `tfsdk:"identifiers"`
}

type identifierModel struct {
	MCC types.String `tfsdk:"mcc"`
	MNC types.String `tfsdk:"mnc"`
}

// Input shapes shared by the network data sources. The API compares
// countries without regard to case, but the provider sends them upper-cased
// so that what it asks is what the documentation shows.
var (
	mccRe = regexp.MustCompile(`^[0-9]{3}$`)
	mncRe = regexp.MustCompile(`^[0-9]{2,3}$`)
)

func mccValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(mccRe,
		"must be a mobile country code of exactly three digits, such as 310 or 234")}
}

func mncValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(mncRe,
		"must be a mobile network code of two or three digits, such as 30 or 410; keep leading zeros (01 is not 1)")}
}

func (d *networksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_networks"
}

func (d *networksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Super SIM Networks catalog: the cellular networks that a Network Access Profile can allow. " +
			"The optional filters are applied by the API; without any, the whole catalog is read (every page).\n\n" +
			"The result is ordered by country, then friendly name, then SID, so it is stable from one plan to the next and " +
			"can feed `for_each` (through `sids` or a map built from `networks`) without churn. " +
			"When filters match no network the lists are empty and the read warns, since that usually means a wrong code (the United Kingdom is `GB`, not `UK`).",
		Attributes: map[string]schema.Attribute{
			"iso_country": schema.StringAttribute{
				MarkdownDescription: "Only networks of this country: a two-letter [ISO 3166-1 alpha-2](https://en.wikipedia.org/wiki/ISO_3166-1_alpha-2) code such as `GB`, `DE` or `US`, in either case. " +
					"Note that the United Kingdom is `GB`.",
				Optional:   true,
				Validators: isoCountryValidators(),
			},
			"mcc": schema.StringAttribute{
				MarkdownDescription: "Only networks with this [mobile country code](https://en.wikipedia.org/wiki/Mobile_country_code) in one of their `identifiers`: three digits, such as `310`.",
				Optional:            true,
				Validators:          mccValidators(),
			},
			"mnc": schema.StringAttribute{
				MarkdownDescription: "Only networks with this mobile network code in one of their `identifiers`: two or three digits, such as `410`. " +
					"Leading zeros are significant. With `mcc`, both must belong to the same identifier.",
				Optional:   true,
				Validators: mncValidators(),
			},
			"networks": schema.ListNestedAttribute{
				MarkdownDescription: "The matching networks, ordered by `iso_country`, then `friendly_name`, then `sid`.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: networkItemAttributes()},
			},
			"sids": schema.ListAttribute{
				MarkdownDescription: "The SIDs (`HW…`) of the matching networks, in the same order as `networks`. " +
					"Use it as the `networks` of a `supersim_network_access_profile`, or with `toset()` in `for_each`.",
				Computed:    true,
				ElementType: types.StringType,
			},
		},
	}
}

// networkItemAttributes describes one network in the lists of the data
// sources.
func networkItemAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"sid": schema.StringAttribute{
			MarkdownDescription: "The network's SID (`HW…`), as a Network Access Profile refers to it.",
			Computed:            true,
		},
		"friendly_name": schema.StringAttribute{
			MarkdownDescription: "The operator's name in the catalog, such as `EE` or `Telekom Deutschland`.",
			Computed:            true,
		},
		"iso_country": schema.StringAttribute{
			MarkdownDescription: "The network's country, as an upper-case ISO 3166-1 alpha-2 code.",
			Computed:            true,
		},
		"identifiers": identifiersAttribute(),
	}
}

func identifiersAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The MCC-MNC pairs (PLMN IDs) that make up the network, in the order the API gives them.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"mcc": schema.StringAttribute{
				MarkdownDescription: "Mobile country code, three digits.",
				Computed:            true,
			},
			"mnc": schema.StringAttribute{
				MarkdownDescription: "Mobile network code, two or three digits with leading zeros kept.",
				Computed:            true,
			},
		}},
	}
}

func (d *networksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *networksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientOrError(d.client, &resp.Diagnostics) {
		return
	}
	var cfg networksDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter := supersim.NetworkFilter{
		ISOCountry: strings.ToUpper(cfg.ISOCountry.ValueString()),
		MCC:        cfg.MCC.ValueString(),
		MNC:        cfg.MNC.ValueString(),
	}
	networks, err := d.client.ListNetworks(ctx, filter)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the Networks catalog"+describeFilter(filter), err)
		return
	}
	if len(networks) == 0 && filter != (supersim.NetworkFilter{}) {
		resp.Diagnostics.AddWarning("No network matches the filters",
			fmt.Sprintf("The Networks catalog has no network%s, so networks and sids are empty. "+
				"Read supersim_networks without filters to see the whole catalog.", describeFilter(filter)))
	}
	sortNetworks(networks)

	cfg.Networks = networkItems(networks)
	cfg.SIDs = make([]types.String, len(networks))
	for i, n := range networks {
		cfg.SIDs[i] = types.StringValue(n.SID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

// describeFilter renders a catalog filter for messages, e.g.
// ` with iso_country "GB" and mcc "234"`.
func describeFilter(f supersim.NetworkFilter) string {
	var parts []string
	if f.ISOCountry != "" {
		parts = append(parts, fmt.Sprintf("iso_country %q", f.ISOCountry))
	}
	if f.MCC != "" {
		parts = append(parts, fmt.Sprintf("mcc %q", f.MCC))
	}
	if f.MNC != "" {
		parts = append(parts, fmt.Sprintf("mnc %q", f.MNC))
	}
	if len(parts) == 0 {
		return ""
	}
	return " with " + strings.Join(parts, " and ")
}

// sortNetworks orders networks by country, name (ignoring case first, so
// "iliad" sorts with "Iliad"), then SID: a total order, so the lists the
// data sources return never change order between plans.
func sortNetworks(networks []supersim.Network) {
	slices.SortFunc(networks, func(a, b supersim.Network) int {
		return cmp.Or(
			cmp.Compare(strings.ToUpper(a.ISOCountry), strings.ToUpper(b.ISOCountry)),
			cmp.Compare(strings.ToLower(a.FriendlyName), strings.ToLower(b.FriendlyName)),
			cmp.Compare(a.FriendlyName, b.FriendlyName),
			cmp.Compare(a.SID, b.SID),
		)
	})
}

func networkItems(networks []supersim.Network) []networkItemModel {
	items := make([]networkItemModel, len(networks))
	for i, n := range networks {
		items[i] = networkItemModel{
			SID:          types.StringValue(n.SID),
			FriendlyName: types.StringValue(n.FriendlyName),
			ISOCountry:   isoCountry(n.ISOCountry),
			Identifiers:  identifierItems(n.Identifiers),
		}
	}
	return items
}

func identifierItems(ids []supersim.Identifier) []identifierModel {
	out := make([]identifierModel, len(ids))
	for i, id := range ids {
		out[i] = identifierModel{MCC: types.StringValue(id.MCC), MNC: types.StringValue(id.MNC)}
	}
	return out
}
