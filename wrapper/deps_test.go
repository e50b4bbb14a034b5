package wrapper_test

import (
	"os/exec"
	"strings"
	"testing"
)

// allowedDependencies are the only packages outside the standard library
// that a program importing wrapper compiles: this module's generated client,
// oapi-codegen's runtime with the two modules it imports, and
// golang.org/x/oauth2 for WithTokenSource. The OpenAPI tooling
// (kin-openapi, the code generator) and the fake server stay out.
var allowedDependencies = []string{
	"github.com/webflowkit/assets/wrapper",
	"github.com/webflowkit/assets/generated",
	"github.com/oapi-codegen/runtime",
	"github.com/apapsch/go-jsonmerge/v2",
	"github.com/google/uuid",
	"golang.org/x/oauth2",
}

func TestWrapperImportsOnlyAllowedPackages(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}

	packages := strings.Fields(string(out))
	if len(packages) < 3 {
		t.Fatalf("go list -deps listed %q, want at least wrapper, generated and the runtime", packages)
	}
	for _, pkg := range packages {
		if !isAllowedDependency(pkg) {
			t.Errorf("wrapper depends on %s, which is not in allowedDependencies; keep it out of the import graph or add it on purpose", pkg)
		}
	}
}

func isAllowedDependency(pkg string) bool {
	for _, allowed := range allowedDependencies {
		if pkg == allowed || strings.HasPrefix(pkg, allowed+"/") {
			return true
		}
	}
	return false
}
