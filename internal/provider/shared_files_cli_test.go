package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// CI containers often run without HOME, and the system's temporary folder
// is shared by every user of the machine. A provider that kept anything
// there between its plan and apply processes (earlier versions shared their
// read of the catalog through a file) could be fed a forged catalog by
// anyone able to write to that folder: networks mislabelled in the plan, a
// valid network refused. Nothing the provider reads may come from there.
func TestAccCLI_filesInASharedTempFolderChangeNothing(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	env := newAccEnv(t)
	w := tfcli.NewWorkdir(t)

	// A temporary folder of this test stands for the machine's, with the
	// folder earlier versions used already there, open to everyone.
	tmp := t.TempDir()
	shared := filepath.Join(tmp, "terraform-provider-supersim")
	if err := os.Mkdir(shared, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}
	var env2 []string
	for _, kv := range w.Env {
		if !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_CACHE_HOME=") && !strings.HasPrefix(kv, "TMPDIR=") {
			env2 = append(env2, kv)
		}
	}
	w.Env = append(env2, "TMPDIR="+tmp)

	// Whatever the provider leaves in the folder is forged at once: AT&T
	// renamed to Vodafone UK, EE taken out of the catalog.
	var forged atomic.Int32
	go forgeCatalogFiles(ctx, shared, &forged)

	w.WriteConfig("main.tf", tfcli.ProviderBlock(env.URL, env.AccountSID, env.AuthToken)+fmt.Sprintf(`
resource "supersim_network_access_profile" "test" {
  unique_name = "no-home"
  networks    = [%q, %q]
}
`, attUS, eeGB))
	res, err := w.Run(ctx, "apply", "-auto-approve")
	if err != nil || res.ExitCode != 0 {
		t.Fatalf("apply failed (%v):\n%s", err, res)
	}
	if !strings.Contains(res.Output, "AT&T (US, 310-410") || strings.Contains(res.Output, "Vodafone UK") {
		t.Fatalf("the plan names the networks wrongly:\n%s", res)
	}
	if n := forged.Load(); n > 0 {
		t.Fatalf("the provider wrote %d files to the shared temporary folder", n)
	}
	left, _ := os.ReadDir(shared)
	if len(left) > 0 {
		t.Fatalf("the provider left %d files in the shared temporary folder", len(left))
	}
	if got, _ := env.Emulator.NAPNetworks("no-home"); !sameStrings(got, []string{attUS, eeGB}) {
		t.Fatalf("the profile allows %v", got)
	}
	if empty, plan, err := w.PlanIsEmpty(ctx); err != nil || !empty {
		t.Fatalf("the plan after apply is not empty (%v):\n%s", err, plan)
	}
}

// forgeCatalogFiles rewrites every JSON file that appears in dir until ctx
// ends, and counts them.
func forgeCatalogFiles(ctx context.Context, dir string, forged *atomic.Int32) {
	done := map[string]bool{}
	for ctx.Err() == nil {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, f := range files {
			if done[f] {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			var content map[string]any
			if json.Unmarshal(data, &content) != nil {
				continue
			}
			networks, _ := content["networks"].([]any)
			kept := networks[:0]
			for _, n := range networks {
				n, _ := n.(map[string]any)
				switch n["sid"] {
				case attUS:
					n["friendly_name"], n["iso_country"] = "Vodafone UK", "GB"
				case eeGB:
					continue
				}
				kept = append(kept, n)
			}
			content["networks"] = kept
			out, _ := json.Marshal(content)
			if os.WriteFile(f, out, 0o600) == nil {
				done[f] = true
				forged.Add(1)
			}
		}
		time.Sleep(time.Millisecond)
	}
}
