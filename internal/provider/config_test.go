package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

type fakeEnv map[string]string

func (e fakeEnv) Lookup(name string) string { return e[name] }

const (
	testAccountSID = "AC0123456789abcdef0123456789abcdef"
	testAPIKey     = "SK0123456789abcdef0123456789abcdef"
	secretValue    = "do-not-print-me-0123456789"
)

func emptyConfig() providerModel {
	return providerModel{
		AccountSID: types.StringNull(), AuthToken: types.StringNull(), APIKey: types.StringNull(), APISecret: types.StringNull(),
		BaseURL: types.StringNull(), MaxRetries: types.Int64Null(), RequestTimeout: types.StringNull(),
		MaxRetryDuration: types.StringNull(), CACertFile: types.StringNull(),
	}
}

func TestResolveSettings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		cfg      func(*providerModel)
		env      fakeEnv
		wantErr  []string // fragments of the one error, or none
		wantUser string
	}{
		{name: "token from env", env: fakeEnv{envAccountSID: testAccountSID, envAuthToken: secretValue}, wantUser: testAccountSID},
		{name: "token in config wins over env", cfg: func(m *providerModel) {
			m.AccountSID = types.StringValue(testAccountSID)
			m.AuthToken = types.StringValue(secretValue)
		}, env: fakeEnv{envAccountSID: "ACffffffffffffffffffffffffffffffff", envAuthToken: "other"}, wantUser: testAccountSID},
		{name: "api key pair", env: fakeEnv{envAPIKey: testAPIKey, envAPISecret: secretValue, envAccountSID: testAccountSID}, wantUser: testAPIKey},
		{name: "api key wins when both pairs are complete", env: fakeEnv{envAPIKey: testAPIKey, envAPISecret: secretValue, envAccountSID: testAccountSID, envAuthToken: "t"}, wantUser: testAPIKey},
		{name: "neither", env: fakeEnv{}, wantErr: []string{"Missing Super SIM credentials", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"}},
		{name: "token half set", env: fakeEnv{envAccountSID: testAccountSID}, wantErr: []string{"account_sid is set by the TWILIO_ACCOUNT_SID environment variable, but auth_token is not", "TWILIO_AUTH_TOKEN"}},
		{name: "token without sid", cfg: func(m *providerModel) { m.AuthToken = types.StringValue(secretValue) }, wantErr: []string{"auth_token is set by auth_token, but account_sid is not", "TWILIO_ACCOUNT_SID"}},
		{name: "key half set", env: fakeEnv{envAPISecret: secretValue}, wantErr: []string{"but api_key is not", "TWILIO_API_KEY"}},
		{name: "malformed account sid from env", env: fakeEnv{envAccountSID: "AC123", envAuthToken: secretValue}, wantErr: []string{"the TWILIO_ACCOUNT_SID environment variable is \"AC123\"", "^AC[0-9a-fA-F]{32}$"}},
		{name: "malformed api key from env", env: fakeEnv{envAPIKey: "AK123", envAPISecret: secretValue}, wantErr: []string{"TWILIO_API_KEY", "^SK[0-9a-fA-F]{32}$"}},
		{name: "http to a remote host", env: fakeEnv{envAccountSID: testAccountSID, envAuthToken: secretValue, envBaseURL: "http://supersim.example.com"}, wantErr: []string{"Invalid base_url", "plain http to a non-loopback host", "SUPERSIM_BASE_URL"}},
		{name: "base url with a path", cfg: func(m *providerModel) { m.BaseURL = types.StringValue("https://supersim.twilio.com/v1") }, env: fakeEnv{envAccountSID: testAccountSID, envAuthToken: secretValue}, wantErr: []string{"Invalid base_url", "only a scheme and host"}},
		{name: "missing CA file", cfg: func(m *providerModel) { m.CACertFile = types.StringValue("/nonexistent/ca.pem") }, env: fakeEnv{envAccountSID: testAccountSID, envAuthToken: secretValue}, wantErr: []string{"Invalid ca_cert_file", "/nonexistent/ca.pem"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := emptyConfig()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			s, diags := resolveSettings(cfg, tc.env)
			if len(tc.wantErr) == 0 {
				if diags.HasError() {
					t.Fatalf("unexpected errors: %v", diags)
				}
				if s.username != tc.wantUser {
					t.Fatalf("username = %q, want %q", s.username, tc.wantUser)
				}
				return
			}
			if diags.ErrorsCount() != 1 {
				t.Fatalf("want exactly one error, got %v", diags)
			}
			d := diags.Errors()[0]
			text := d.Summary() + ": " + d.Detail()
			for _, want := range tc.wantErr {
				if !strings.Contains(text, want) {
					t.Errorf("error %q lacks %q", text, want)
				}
			}
			if strings.Contains(text, secretValue) {
				t.Errorf("error shows the secret: %q", text)
			}
		})
	}
}

func TestResolveSettingsLoadsCABundle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pem")
	if err := os.WriteFile(bad, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := emptyConfig()
	cfg.CACertFile = types.StringValue(bad)
	_, diags := resolveSettings(cfg, fakeEnv{envAccountSID: testAccountSID, envAuthToken: "x"})
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), "holds no PEM certificate") {
		t.Fatalf("diags = %v", diags)
	}
}

func TestAccProvider_invalidConfigurationNamesTheAttribute(t *testing.T) {
	env := newAccEnv(t)
	nap := napConfig("x")
	cases := map[string]struct {
		provider string
		want     []string
	}{
		"malformed account_sid": {`account_sid = "AC-nope"
  auth_token = "` + secretValue + `"`, []string{"account_sid", "must be an Account SID matching ^AC[0-9a-fA-F]{32}$", `"AC-nope"`}},
		"malformed api_key": {`api_key = "SK-nope"
  api_secret = "` + secretValue + `"`, []string{"api_key", "must be an API key SID matching ^SK[0-9a-fA-F]{32}$"}},
		"half-set key pair": {`api_key = "` + testAPIKey + `"`, []string{"Incomplete Super SIM credentials", "api_secret is not", "TWILIO_API_SECRET"}},
		"http to a remote host": {`account_sid = "` + testAccountSID + `"
  auth_token = "` + secretValue + `"
  base_url = "http://supersim.example.com"`, []string{"Invalid base_url", "plain http to a non-loopback host"}},
		"base_url with a path": {`account_sid = "` + testAccountSID + `"
  auth_token = "` + secretValue + `"
  base_url = "` + env.URL + `/v1"`, []string{"Invalid base_url", "only a scheme and host"}},
		"bad duration": {`account_sid = "` + testAccountSID + `"
  auth_token = "` + secretValue + `"
  request_timeout = "30"`, []string{"request_timeout", "positive duration"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      "provider \"supersim\" {\n  " + tc.provider + "\n}\n" + nap,
					PlanOnly:    true,
					ExpectError: expectText(tc.want...),
				}},
			})
		})
	}
}

func TestConfigureWithUnknownValues(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	server := providerserver.NewProtocol6(New("test")())()
	schemaResp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	h := &protocolHarness{t: t, server: server}
	config := h.dynamic(schemaResp.Provider, h.value(schemaResp.Provider, map[string]any{
		"account_sid": testAccountSID, "auth_token": unknownMarker{},
	}))

	// Without deferral support, the plan stops with an error naming the
	// attribute rather than configuring a half-known client.
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: config})
	if err != nil {
		t.Fatal(err)
	}
	expectDiagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityError, "Provider configuration not known yet", "auth_token depends on a value that is known only after apply")

	// With it, the framework defers the provider's resources instead.
	resp, err = server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		Config:             config,
		ClientCapabilities: &tfprotov6.ConfigureProviderClientCapabilities{DeferralAllowed: true},
	})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("configure: %v\n%s", err, diagText(resp.Diagnostics))
	}
	s := schemaResp.ResourceSchemas[napType]
	h.schemas = schemaResp.ResourceSchemas
	planResp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:           napType,
		PriorState:         h.dynamic(s, tftypes.NewValue(s.ValueType(), nil)),
		ProposedNewState:   h.dynamic(s, h.value(s, map[string]any{"unique_name": "deferred"})),
		Config:             h.dynamic(s, h.value(s, map[string]any{"unique_name": "deferred"})),
		ClientCapabilities: &tfprotov6.PlanResourceChangeClientCapabilities{DeferralAllowed: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if hasError(planResp.Diagnostics) || planResp.Deferred == nil || planResp.Deferred.Reason != tfprotov6.DeferredReasonProviderConfigUnknown {
		t.Fatalf("want the plan deferred for unknown provider configuration, got %+v and:\n%s", planResp.Deferred, diagText(planResp.Diagnostics))
	}
}
