package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

func TestSlug(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"trackers-eu":                 "trackers_eu",
		"Trackers EU/2":               "trackers_eu_2",
		"  --a--b  ":                  "a_b",
		"fleet/gps tracker v2":        "fleet_gps_tracker_v2",
		"Telefónica Móviles":          "telefonica_moviles",
		"ＡＢＣ":                         "abc", // full-width letters
		"日本":                          "",
		"":                            "",
		"tf-0123456789abcdef01234567": "tf_0123456789abcdef01234567",
		"4g-only":                     "4g_only",
		"cost-${center}":              "cost_center",
		"AT&T":                        "at_t",
		"a\nb":                        "a_b",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBaseLabelStartsWithALetter(t *testing.T) {
	t.Parallel()
	if got := baseLabel("4g-only", "nap"); got != "nap_4g_only" {
		t.Errorf("baseLabel(4g-only) = %q", got)
	}
	if got := baseLabel("2024", "fleet"); got != "fleet_2024" {
		t.Errorf("baseLabel(2024) = %q", got)
	}
	if got := baseLabel("%%%", "nap"); got != "" {
		t.Errorf("baseLabel(%%%%%%) = %q, want empty", got)
	}
}

func TestAssignLabelsResolvesCollisionsDeterministically(t *testing.T) {
	t.Parallel()
	reqs := []labelRequest{
		{base: "a_b", order: labelOrder("a-b", "a_b", "HA1")},
		{base: "a_b", order: labelOrder("A B", "a_b", "HA2")},
		{base: "a_b", order: labelOrder("a_b", "a_b", "HA3")},
		{base: "a_b_2", order: labelOrder("a-b-2", "a_b_2", "HA4")},
		{base: "c", order: labelOrder("c", "c", "HA5")},
	}
	want := map[string]string{
		"HA3": "a_b",   // its name is the label already
		"HA2": "a_b_3", // "A B" < "a-b" in byte order; a_b_2 is another name's own label
		"HA1": "a_b_4",
		"HA4": "a_b_2",
		"HA5": "c",
	}
	for round := range 20 {
		shuffled := slices.Clone(reqs)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := assignLabels(shuffled)
		for i, r := range shuffled {
			sid := r.order[strings.LastIndex(r.order, "\x00")+1:]
			if got[i] != want[sid] {
				t.Fatalf("round %d: %s got %q, want %q (all: %v)", round, sid, got[i], want[sid], got)
			}
		}
	}
}

// Whatever the names, the labels are valid identifiers, unique, and the
// same whatever order the API lists the profiles in.
func TestProfileLabelsAreValidUniqueAndStable(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aA-_ /.9é日$\"{}")
	var profiles []profile
	for i := range 300 {
		nap := supersim.NetworkAccessProfile{SID: fmt.Sprintf("HA%032x", i)}
		if i%7 != 0 {
			var b strings.Builder
			for range 1 + rng.IntN(4) {
				b.WriteRune(alphabet[rng.IntN(len(alphabet))])
			}
			name := b.String()
			nap.UniqueName = &name
		}
		profiles = append(profiles, profile{NetworkAccessProfile: nap})
	}
	labelsOf := func(ps []profile) map[string]string {
		exp, err := buildExport(&account{profiles: ps}, options{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		seen := map[string]bool{}
		for _, p := range exp.profiles {
			if !validLabel(p.label) || !hclsyntax.ValidIdentifier(p.label) {
				t.Errorf("label %q of %q is not a valid identifier", p.label, p.name())
			}
			if seen[p.label] {
				t.Errorf("label %q is given twice", p.label)
			}
			seen[p.label] = true
			out[p.SID] = p.label
		}
		return out
	}
	first := labelsOf(profiles)
	for range 5 {
		shuffled := slices.Clone(profiles)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again := labelsOf(shuffled)
		for sid, label := range first {
			if again[sid] != label {
				t.Fatalf("%s is labelled %q in one run and %q in another", sid, label, again[sid])
			}
		}
	}
}

func TestNamelessAndCollidingProfilesAreExplained(t *testing.T) {
	t.Parallel()
	str := func(s string) *string { return &s }
	acct := &account{profiles: []profile{
		{NetworkAccessProfile: supersim.NetworkAccessProfile{SID: "HA00000000000000000000000000000001", UniqueName: str("eu-trackers")}},
		{NetworkAccessProfile: supersim.NetworkAccessProfile{SID: "HA00000000000000000000000000000002", UniqueName: str("EU trackers")}},
		{NetworkAccessProfile: supersim.NetworkAccessProfile{SID: "HA00000000000000000000000000000003"}},
		{NetworkAccessProfile: supersim.NetworkAccessProfile{SID: "HA00000000000000000000000000000004", UniqueName: str("日本")}},
		{NetworkAccessProfile: supersim.NetworkAccessProfile{SID: "HA00000000000000000000000000000005", UniqueName: str("tf-0a1b2c3d4e5f60718293a4b5")}},
	}}
	exp, err := buildExport(acct, options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*profileBlock{}
	for _, p := range exp.profiles {
		got[p.SID[len(p.SID)-1:]] = p
	}
	check := func(key, label, note string) {
		t.Helper()
		p := got[key]
		if p.label != label {
			t.Errorf("profile %s: label %q, want %q", p.SID, p.label, label)
		}
		if note == "" && len(p.notes) > 0 || note != "" && (len(p.notes) != 1 || !strings.Contains(p.notes[0], note)) {
			t.Errorf("profile %s: notes %q, want one with %q", p.SID, p.notes, note)
		}
	}
	check("2", "eu_trackers", "")
	check("1", "eu_trackers_2", `Labelled eu_trackers_2 because "EU trackers", whose unique name also makes eu_trackers, has that label.`)
	check("3", "ha00000000000000000000000000000003", "no unique name")
	check("4", "ha00000000000000000000000000000004", `"日本" has no Latin letter or digit`)
	check("5", "tf_0a1b2c3d4e5f60718293a4b5", "") // a generated name is a name like any other
}
