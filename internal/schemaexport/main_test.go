package main

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

const address = "registry.terraform.io/supersim-tf/supersim"

func TestExportHasEveryKindOfSchema(t *testing.T) {
	t.Parallel()
	schemas, err := export(context.Background(), address)
	if err != nil {
		t.Fatal(err)
	}
	ps := schemas.Schemas[address]
	resources := []string{"supersim_fleet", "supersim_network_access_profile", "supersim_network_access_profile_network"}
	for name, got := range map[string][]string{
		"resources":  keys(ps.ResourceSchemas),
		"identities": keys(ps.ResourceIdentitySchemas),
		"lists":      keys(ps.ListResourceSchemas),
	} {
		if !slices.Equal(got, resources) {
			t.Errorf("%s: %v, want %v", name, got, resources)
		}
	}
	if ps.ConfigSchema == nil || ps.ConfigSchema.Block.Attributes["auth_token"] == nil || !ps.ConfigSchema.Block.Attributes["auth_token"].Sensitive {
		t.Error("the provider block's schema is missing or auth_token is not sensitive")
	}
	if len(ps.DataSourceSchemas) < 4 {
		t.Errorf("%d data sources", len(ps.DataSourceSchemas))
	}
}

// The document must be what Terraform itself reports, so that docs made
// from it are the docs tfplugindocs would make with the CLI.
func TestExportMatchesTerraform(t *testing.T) {
	t.Parallel()
	tfcli.SkipBelow(t, "1.14.0") // older CLIs report no identities or lists
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	w := tfcli.NewWorkdir(t)
	w.WriteConfig("main.tf", tfcli.ProviderBlock("http://127.0.0.1:1", "AC00000000000000000000000000000000", "unused"))
	res := w.RunOK(ctx, "providers", "schema", "-json")
	var fromCLI tfjson.ProviderSchemas
	if err := json.Unmarshal([]byte(res.Stdout), &fromCLI); err != nil {
		t.Fatal(err)
	}
	mine, err := export(context.Background(), address)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromCLI.Schemas[address], mine.Schemas[address]) {
		a, _ := json.MarshalIndent(fromCLI.Schemas[address], "", " ")
		b, _ := json.MarshalIndent(mine.Schemas[address], "", " ")
		t.Fatalf("the export differs from terraform providers schema -json:\nterraform:\n%s\nexport:\n%s", a, b)
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestMain(m *testing.M) { os.Exit(tfcli.Main(m)) }
