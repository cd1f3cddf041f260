package tfcli

import (
	"slices"
	"strings"
	"testing"
)

func TestCommandArgsAddNoColorAfterTheSubcommand(t *testing.T) {
	for in, want := range map[string]string{
		"apply -auto-approve":               "apply -no-color -auto-approve",
		"import supersim_x.y HA123":         "import -no-color supersim_x.y HA123",
		"state list":                        "state list -no-color",
		"state list supersim_x.y":           "state list -no-color supersim_x.y",
		"state rm supersim_x.y":             "state rm -no-color supersim_x.y",
		"providers schema -json":            "providers schema -no-color -json",
		"plan -no-color -detailed-exitcode": "plan -no-color -detailed-exitcode",
		"-version":                          "-version",
	} {
		if got := strings.Join(commandArgs(strings.Fields(in)), " "); got != want {
			t.Errorf("commandArgs(%s) = %s, want %s", in, got, want)
		}
	}
	if got := commandArgs(nil); len(got) != 0 {
		t.Errorf("commandArgs(nil) = %v", got)
	}
	in := []string{"apply", "-auto-approve"}
	commandArgs(in)
	if !slices.Equal(in, []string{"apply", "-auto-approve"}) {
		t.Errorf("commandArgs changed its argument: %v", in)
	}
}
