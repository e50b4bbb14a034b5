package main

import (
	"strings"
	"testing"

	"github.com/webflowkit/assets/api/webflowtest"
)

func TestDemo(t *testing.T) {
	before := webflowtest.DefaultAssets()[0].DisplayName

	res := runCLI(t.Context(), map[string]string{}, "", "demo")

	if res.code != exitOK {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", res.code, exitOK, res.stderr)
	}
	for _, want := range []string{
		`displayName: "` + before + `"`,
		`displayName: "` + demoDisplayName + `"`,
		"PATCH /v2/assets/" + webflowtest.ImageAssetID,
		"Authorization: Bearer [redacted]",
		`{"displayName":"` + demoDisplayName + `"}`,
		"exits with 1:\n  webflow: update asset " + demoUnknownAssetID + ": 404 resource_not_found",
		"Every response of the fake server matched openapi.yaml.",
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, res.stdout)
		}
	}
	if strings.Index(res.stdout, before) > strings.Index(res.stdout, demoDisplayName) {
		t.Errorf("stdout shows the new display name before the old one:\n%s", res.stdout)
	}
	if strings.Contains(res.stdout, webflowtest.DefaultToken) {
		t.Errorf("stdout contains the fake server's token:\n%s", res.stdout)
	}
	if res.stderr != "" {
		t.Errorf("stderr %q, want nothing", res.stderr)
	}
}

func TestDemoRejectsArguments(t *testing.T) {
	res := runCLI(t.Context(), map[string]string{}, "", "demo", "extra")

	if res.code != exitUsage {
		t.Errorf("exit code %d, want %d", res.code, exitUsage)
	}
	if !strings.Contains(res.stderr, `expected no arguments, got ["extra"]`) {
		t.Errorf("stderr %q, want it to name the extra argument", res.stderr)
	}
}
