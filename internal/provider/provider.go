// Package provider maps Terraform's resource lifecycle onto the Super SIM API
// client. It stays thin: schemas, plan-time checks and diagnostics live here;
// how to talk to the API safely lives in internal/supersim.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ provider.Provider                  = (*SupersimProvider)(nil)
	_ provider.ProviderWithListResources = (*SupersimProvider)(nil)
)

// SupersimProvider is the supersim provider. version reaches the API in the
// User-Agent header.
type SupersimProvider struct {
	version string
}

// New returns a constructor of the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &SupersimProvider{version: version}
	}
}

// providerModel is the provider block.
type providerModel struct {
	AccountSID       types.String `tfsdk:"account_sid"`
	AuthToken        types.String `tfsdk:"auth_token"`
	APIKey           types.String `tfsdk:"api_key"`
	APISecret        types.String `tfsdk:"api_secret"`
	BaseURL          types.String `tfsdk:"base_url"`
	MaxRetries       types.Int64  `tfsdk:"max_retries"`
	RequestTimeout   types.String `tfsdk:"request_timeout"`
	MaxRetryDuration types.String `tfsdk:"max_retry_duration"`
	CACertFile       types.String `tfsdk:"ca_cert_file"`
	ImpactLookback   types.String `tfsdk:"impact_lookback"`
}

func (p *SupersimProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "supersim"
	resp.Version = p.version
}

func (p *SupersimProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Twilio Super SIM Network Access Profiles, the allow lists of cellular networks that SIMs may attach to, and the Fleets that put them to work. " +
			"Authenticate with an Account SID and auth token, or with an API key and secret.",
		Attributes: map[string]schema.Attribute{
			"account_sid": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Account SID (`AC…`), used with `auth_token`. Falls back to the `%s` environment variable.", envAccountSID),
				Optional:            true,
				Validators:          []validator.String{sidValidator(supersim.AccountSIDPattern, "an Account SID")},
			},
			"auth_token": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Auth token of the account. Falls back to `%s`. Prefer the environment variable to keep it out of configuration files.", envAuthToken),
				Optional:            true,
				Sensitive:           true,
			},
			"api_key": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("API key SID (`SK…`) of the account, used with `api_secret` instead of the auth token. Falls back to `%s`. When both an API key pair and an auth token are complete, the API key is used.", envAPIKey),
				Optional:            true,
				Validators:          []validator.String{sidValidator(supersim.APIKeySIDPattern, "an API key SID")},
			},
			"api_secret": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Secret of the API key. Falls back to `%s`.", envAPISecret),
				Optional:            true,
				Sensitive:           true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Root URL of the Super SIM API. Defaults to `%s`; falls back to `%s`. Must use `https`, except for a loopback host such as the emulator's `http://127.0.0.1:PORT`. Scheme and host only (a port may be written, `:443` included); a trailing slash is fine. A proxy in front of the API works: every request goes to this URL, list pages included whatever host the API names in them, and credentials are never sent anywhere else.", supersim.DefaultBaseURL, envBaseURL),
				Optional:            true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times one API request is retried after a rate limit (429, honouring `Retry-After`), a server error (5xx) or a connection failure, with exponential backoff and jitter. Defaults to `%d`; `0` disables retries. Requests that create something are retried only when that is known to be safe. "+
					"A request the account refuses for its concurrency (429 with code 20429 and no `Retry-After`) is not one of these retries: the provider sends fewer requests at once and sends it again when the account has room, within `max_retry_duration`.", supersim.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 50)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Time limit of a single API request, as a Go duration such as `30s` or `1m`. Defaults to `%s`.", supersim.DefaultRequestTimeout),
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
			},
			"max_retry_duration": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Time limit of one API call including all its retries and waits, as a Go duration. Defaults to `%s`.", supersim.DefaultMaxRetryDuration),
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
			},
			"ca_cert_file": schema.StringAttribute{
				MarkdownDescription: "Path to a PEM file of CA certificates to trust instead of the system's, for a corporate proxy that re-signs TLS. Certificate verification is never turned off.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"impact_lookback": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How far back the plan looks at the account's usage to say which SIMs a change cuts off, as a Go duration. Defaults to `%s` (7 days). "+
					"When a plan removes networks from a profile's `networks`, destroys or replaces a `supersim_network_access_profile_network`, or moves a Fleet to another profile, "+
					"it warns, for each Fleet concerned, how many of its SIMs used only the networks the change removes over that time (they lose every network they were seen on), "+
					"how many used any of them, and how much data went over them. `\"0s\"` turns the usage reads and these warnings off. "+
					"A plan that removes no network and moves no Fleet reads no usage.", defaultImpactLookback),
				Optional:   true,
				Validators: []validator.String{durationValidator{zeroMeans: "read no usage"}},
			},
		},
	}
}

func (p *SupersimProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if unknown := cfg.unknownAttributes(); len(unknown) > 0 {
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			return
		}
		for _, name := range unknown {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Provider configuration not known yet",
				fmt.Sprintf("%s depends on a value that is known only after apply, so the provider cannot connect to the API during this plan. "+
					"Set it to a value known at plan time, or apply the resources it depends on first (terraform apply -target=…).", name))
		}
		return
	}

	settings, diags := resolveSettings(cfg, osEnv{})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Belt and braces: no log line of this process may show a secret, even
	// one that slipped into a field or message by mistake.
	ctx = tflog.MaskMessageStrings(ctx, settings.secrets()...)
	ctx = tflog.MaskAllFieldValuesStrings(ctx, settings.secrets()...)

	client, err := supersim.New(settings.clientConfig(p.version, req.TerraformVersion))
	if err != nil {
		resp.Diagnostics.AddError("Invalid provider configuration", err.Error())
		return
	}
	tflog.Debug(ctx, "Configured the Super SIM client", map[string]any{"base_url": client.BaseURL(), "auth": settings.authKind})
	data := newProviderData(client)
	data.impactLookback = settings.impactLookback
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

func (p *SupersimProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewNetworkAccessProfileResource,
		NewNetworkAccessProfileNetworkResource,
		NewFleetResource,
	}
}

func (p *SupersimProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewNetworkAccessProfileListResource,
		NewNetworkAccessProfileNetworkListResource,
		NewFleetListResource,
	}
}

func (p *SupersimProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewNetworksDataSource,
		NewNetworkDataSource,
		NewNetworkAccessProfileDataSource,
		NewNetworkAccessProfilesDataSource,
		NewFleetDataSource,
		NewFleetsDataSource,
		NewSimsDataSource,
		NewNetworkAccessProfileImpactDataSource,
	}
}
