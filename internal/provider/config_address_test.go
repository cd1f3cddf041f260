package provider

import (
	"os"
	"path/filepath"
	"testing"
)

// writeConfig writes files, keyed by slash-separated paths relative to dir.
func writeConfig(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// moduleTree is a root module calling module "net" (which calls "inner")
// and module "fleet" with for_each (which calls "sub"), with the manifest
// terraform init would write for it. A manifest entry without a module block
// stands for a manifest older than the configuration.
var moduleTree = map[string]string{
	"main.tf": `
module "net" {
  source = "./modules/net"
}

module "fleet" {
  source   = "./modules/fleet"
  for_each = toset(["a", "b"])
}
`,
	"modules/net/main.tf": `
module "inner" {
  source = "./inner"
}

resource "supersim_network_access_profile" "net" {
  unique_name = "net-nap"
}
`,
	"modules/net/inner/main.tf": `
resource "supersim_network_access_profile" "inner" {
  unique_name = "inner-nap"
}
`,
	"modules/fleet/main.tf": `
module "sub" {
  source = "./sub"
}

resource "supersim_network_access_profile" "fleet" {
  unique_name = "fleet-nap"
}
`,
	"modules/fleet/sub/main.tf": `
resource "supersim_network_access_profile" "sub" {
  unique_name = "sub-nap"
}
`,
	"modules/gone/main.tf": `
resource "supersim_network_access_profile" "gone" {
  unique_name = "gone-nap"
}
`,
	".terraform/modules/modules.json": `{"Modules":[
  {"Key":"","Source":"","Dir":"."},
  {"Key":"net","Source":"./modules/net","Dir":"modules/net"},
  {"Key":"net.inner","Source":"./inner","Dir":"modules/net/inner"},
  {"Key":"fleet","Source":"./modules/fleet","Dir":"modules/fleet"},
  {"Key":"fleet.sub","Source":"./sub","Dir":"modules/fleet/sub"},
  {"Key":"gone","Source":"./modules/gone","Dir":"modules/gone"}
]}`,
}

func TestConfigAddress(t *testing.T) {
	// The module cases read the default data directory.
	t.Setenv("TF_DATA_DIR", "")

	twoProfiles := map[string]string{"main.tf": `
resource "supersim_network_access_profile" "main" {
  unique_name = "prod"
  networks    = ["HWxxx"]
}

resource "supersim_network_access_profile" "other" {
  unique_name = "staging"
}

resource "supersim_fleet" "prod" {
  unique_name = "prod"
}
`}

	cases := []struct {
		name   string
		files  map[string]string
		value  string
		want   string
		wantOK bool
	}{
		{name: "root literal", files: twoProfiles, value: "prod", want: napType + ".main", wantOK: true},
		{name: "no match", files: twoProfiles, value: "missing"},
		{name: "two matches", value: "prod", files: map[string]string{
			"a.tf": `resource "supersim_network_access_profile" "a" { unique_name = "prod" }`,
			"b.tf": `resource "supersim_network_access_profile" "b" { unique_name = "prod" }`,
		}},
		{name: "tf.json", value: "prod", want: napType + ".json", wantOK: true, files: map[string]string{
			"main.tf.json": `{"resource": {"supersim_network_access_profile": {"json": {"unique_name": "prod"}}}}`,
		}},
		{name: "for_each map with each.key", value: "prod", want: napType + `.by_env["prod"]`, wantOK: true, files: map[string]string{
			"main.tf": `
resource "supersim_network_access_profile" "by_env" {
  for_each    = { prod = ["HWa"], staging = ["HWb"] }
  unique_name = each.key
  networks    = each.value
}
`}},
		{name: "for_each toset with each.value", value: "prod", want: napType + `.by_env["prod"]`, wantOK: true, files: map[string]string{
			"main.tf": `
resource "supersim_network_access_profile" "by_env" {
  for_each    = toset(["staging", "prod"])
  unique_name = each.value
}
`}},
		{name: "for_each objects with functions", value: "prod-nap", want: napType + `.by_env["p"]`, wantOK: true, files: map[string]string{
			"main.tf": `
resource "supersim_network_access_profile" "by_env" {
  for_each    = { p = { env = "PROD" }, s = { env = "STAGING" } }
  unique_name = format("%s-nap", lower(each.value.env))
}
`}},
		{name: "for_each key quoted", value: "a\"${b}", want: napType + `.q["a\"$${b}"]`, wantOK: true, files: map[string]string{
			"main.tf": `
resource "supersim_network_access_profile" "q" {
  for_each    = toset(["a\"$${b}"])
  unique_name = each.key
}
`}},
		{name: "for_each over a variable", value: "prod", files: map[string]string{
			"main.tf": `
resource "supersim_network_access_profile" "by_env" {
  for_each    = var.envs
  unique_name = each.key
}
`}},
		{name: "variable is not guessed", value: "prod", files: map[string]string{
			"main.tf": `
variable "name" {
  default = "prod"
}

resource "supersim_network_access_profile" "main" {
  unique_name = var.name
}
`}},
		{name: "count is skipped", value: "prod", files: map[string]string{
			"main.tf": `
resource "supersim_network_access_profile" "main" {
  count       = 1
  unique_name = "prod"
}
`}},
		{name: "syntax error beside a good file", value: "prod", want: napType + ".main", wantOK: true, files: map[string]string{
			// Parsed despite its error, this file would give a second match.
			"broken.tf": "resource \"supersim_network_access_profile\" \"broken\" { unique_name = \"prod\" }\nresource \"supersim_fleet\" \"f\" {",
			"main.tf":   `resource "supersim_network_access_profile" "main" { unique_name = "prod" }`,
		}},
		{name: "override file wins", value: "prod", want: napType + ".main", wantOK: true, files: map[string]string{
			"main.tf":     `resource "supersim_network_access_profile" "main" { unique_name = "old" }`,
			"override.tf": `resource "supersim_network_access_profile" "main" { unique_name = "prod" }`,
		}},
		{name: "overridden value is gone", value: "old", files: map[string]string{
			"main.tf":           `resource "supersim_network_access_profile" "main" { unique_name = "old" }`,
			"names_override.tf": `resource "supersim_network_access_profile" "main" { unique_name = "prod" }`,
		}},
		{name: "child module", files: moduleTree, value: "net-nap", want: "module.net." + napType + ".net", wantOK: true},
		{name: "nested module", files: moduleTree, value: "inner-nap", want: "module.net.module.inner." + napType + ".inner", wantOK: true},
		{name: "module with for_each is skipped", files: moduleTree, value: "fleet-nap"},
		{name: "child of a module with for_each is skipped", files: moduleTree, value: "sub-nap"},
		{name: "module without a call is skipped", files: moduleTree, value: "gone-nap"},
		{name: "empty configuration", files: map[string]string{}, value: "prod"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeConfig(t, dir, tc.files)
			got, ok := resourceAddressInConfig(dir, napType, "unique_name", tc.value)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("resourceAddressInConfig(%q) = %q, %v; want %q, %v", tc.value, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestConfigAddressMissingDir(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{"", filepath.Join(t.TempDir(), "missing")} {
		if got, ok := resourceAddressInConfig(dir, napType, "unique_name", "prod"); ok {
			t.Errorf("resourceAddressInConfig(%q) = %q, true; want no address", dir, got)
		}
	}
}

func TestConfigAddressDataDir(t *testing.T) {
	files := map[string]string{
		"main.tf":             `module "net" { source = "./modules/net" }`,
		"modules/net/main.tf": `resource "supersim_network_access_profile" "net" { unique_name = "net-nap" }`,
	}
	manifest := `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"net","Source":"./modules/net","Dir":"modules/net"}]}`
	want := "module.net." + napType + ".net"

	t.Run("relative to the configuration", func(t *testing.T) {
		dir := t.TempDir()
		writeConfig(t, dir, files)
		writeConfig(t, dir, map[string]string{"custom-data/modules/modules.json": manifest})
		t.Setenv("TF_DATA_DIR", "custom-data")
		if got, ok := resourceAddressInConfig(dir, napType, "unique_name", "net-nap"); got != want || !ok {
			t.Errorf("got %q, %v; want %q, true", got, ok, want)
		}
	})
	t.Run("absolute", func(t *testing.T) {
		dir, dataDir := t.TempDir(), t.TempDir()
		writeConfig(t, dir, files)
		writeConfig(t, dataDir, map[string]string{"modules/modules.json": manifest})
		t.Setenv("TF_DATA_DIR", dataDir)
		if got, ok := resourceAddressInConfig(dir, napType, "unique_name", "net-nap"); got != want || !ok {
			t.Errorf("got %q, %v; want %q, true", got, ok, want)
		}
	})
	t.Run("replaces .terraform", func(t *testing.T) {
		dir := t.TempDir()
		writeConfig(t, dir, files)
		writeConfig(t, dir, map[string]string{".terraform/modules/modules.json": manifest})
		t.Setenv("TF_DATA_DIR", filepath.Join(dir, "elsewhere"))
		if got, ok := resourceAddressInConfig(dir, napType, "unique_name", "net-nap"); ok {
			t.Errorf("got %q, true; want no address, since TF_DATA_DIR has no manifest", got)
		}
	})
}

func TestImportBlockFor(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name:  "address found",
			files: map[string]string{"main.tf": `resource "supersim_network_access_profile" "main" { unique_name = "prod" }`},
			want:  "import {\n  to = supersim_network_access_profile.main\n  id = \"HN0123\"\n}",
		},
		{
			name:  "no address",
			files: map[string]string{"main.tf": `resource "supersim_network_access_profile" "main" { unique_name = var.name }`},
			want:  "import {\n  to = supersim_network_access_profile.NAME # use the address Terraform prints after \"with\" above\n  id = \"HN0123\"\n}",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeConfig(t, dir, tc.files)
			t.Chdir(dir)
			if got := importBlockFor(napType, "unique_name", "prod", "HN0123"); got != tc.want {
				t.Errorf("importBlockFor() =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestConfigAddressHCLQuote(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"prod":     `"prod"`,
		`a"b\c`:    `"a\"b\\c"`,
		"x\ny\tz":  `"x\ny\tz"`,
		"${v} %{d": `"$${v} %%{d"`,
		"$ %":      `"$ %"`,
		"\x00é":    `"\u0000é"`,
	}
	for in, want := range cases {
		if got := hclQuote(in); got != want {
			t.Errorf("hclQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
