package openapicheck_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const (
	thisPackage = "github.com/supersim-tf/terraform-provider-supersim/internal/openapicheck"
	kinOpenAPI  = "github.com/getkin/kin-openapi"
)

// kin-openapi is a test dependency: only this package may import it, and
// only _test.go files may import this package. go list reports the
// imports of non-test files, so any other package of the module listing
// either would carry kin-openapi into a binary (the provider, the
// emulator command, the bench tools).
func TestKinOpenAPIStaysInTests(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "../../...").Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			t.Fatalf("go list: %v\n%s", err, exitErr.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	listed := 0
	for {
		var pkg struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&pkg); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		listed++
		if pkg.ImportPath == thisPackage {
			continue
		}
		for _, imp := range pkg.Imports {
			if imp == thisPackage || strings.HasPrefix(imp, kinOpenAPI+"/") {
				t.Errorf("%s imports %s outside its tests", pkg.ImportPath, imp)
			}
		}
	}
	if listed < 5 {
		t.Fatalf("go list named only %d packages; is the pattern wrong?", listed)
	}
}
