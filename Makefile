# Build and CI gates of github.com/webflowkit/assets. `make help` lists the
# targets. `make test` is what CI runs, through .ci/run.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

GO ?= go
# The tools are pinned in tools/go.mod, apart from the module's own
# dependencies.
TOOL := $(GO) tool -modfile=tools/go.mod

# The published contract: `make breaking` compares openapi.yaml against it.
BASELINE := api/openapi.baseline.yaml

# Time that `make fuzz` spends on each fuzz target, as a Go duration (`1m`)
# or a count of inputs (`5000x`).
FUZZTIME ?= 30s

# Extra flags for `make bench`, such as BENCHFLAGS='-count 10'.
BENCHFLAGS ?=

# The gates that `make test` runs, cheapest first, before the tests.
GATES := fmt-check tidy-check check-generated breaking vet staticcheck

export GO FUZZTIME

.PHONY: help test fmt-check vet staticcheck check-generated breaking baseline \
	generate demo bench fuzz tidy-check

help: ## List the targets and what they do
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) |
		awk 'BEGIN { FS = ":.*## " } { printf "  %-16s %s\n", $$1, $$2 }'

test: ## Run every gate, then go test -race -count=1 ./...
	@for gate in $(GATES); do
		start=$$SECONDS
		echo "--- make $$gate"
		if ! $(MAKE) --no-print-directory "$$gate"; then
			echo "make test: the $$gate gate failed. Reproduce it with: make $$gate" >&2
			exit 1
		fi
		echo "--- make $$gate passed in $$((SECONDS - start))s"
	done
	start=$$SECONDS
	echo "--- $(GO) test -race -count=1 ./..."
	if ! $(GO) test -race -count=1 ./...; then
		echo "make test: tests failed. Reproduce them with: $(GO) test -race -count=1 ./..." >&2
		exit 1
	fi
	echo "--- tests passed in $$((SECONDS - start))s"

fmt-check: ## Fail when gofmt would change a Go file, and list the files
	@# Skip the folders that the go command ignores: testdata, vendor and
	# names starting with . or _.
	files=$$(find . -type d \( -name '.?*' -o -name '_*' -o -name testdata -o -name vendor \) -prune \
		-o -type f -name '*.go' -print | sort)
	if ! unformatted=$$(gofmt -l $$files </dev/null); then
		echo "fmt-check: gofmt failed to parse the files named above. Fix their syntax, then run: make fmt-check" >&2
		exit 1
	fi
	if [ -n "$$unformatted" ]; then
		echo "fmt-check: gofmt would change these files:" >&2
		echo "$$unformatted" >&2
		echo "fmt-check: run: gofmt -w" $$unformatted >&2
		exit 1
	fi
	echo "fmt-check: all Go files are formatted."

vet: ## Run go vet ./...
	@if ! $(GO) vet ./...; then
		echo "vet: go vet reported the problems above. Fix them, then run: make vet" >&2
		exit 1
	fi
	echo "vet: no problems found."

staticcheck: ## Run the pinned staticcheck on ./...
	@if ! $(TOOL) staticcheck ./...; then
		echo "staticcheck: fix the findings above, then run: make staticcheck" >&2
		echo "staticcheck: $(TOOL) staticcheck -explain ID describes a check, such as U1000." >&2
		exit 1
	fi
	echo "staticcheck: no findings."

check-generated: ## Fail when go generate ./... would change generated/, and print the diff
	@bash .ci/check-generated

breaking: ## Fail when openapi.yaml breaks clients of api/openapi.baseline.yaml (oasdiff, ERR level)
	@# oasdiff exits 1 on a change at the --fail-on level and with another
	# nonzero code when it cannot load or compare the two documents.
	if [ ! -f $(BASELINE) ]; then
		echo "breaking: $(BASELINE) is missing. Restore it from git, or run \`make baseline\` to record openapi.yaml as the published contract." >&2
		exit 1
	fi
	status=0
	$(TOOL) oasdiff breaking --fail-on ERR --color never --allow-external-refs=false \
		$(BASELINE) openapi.yaml || status=$$?
	if [ "$$status" -eq 1 ]; then
		cat >&2 <<-MSG
		breaking: openapi.yaml breaks clients of the published contract in
		$(BASELINE) (the errors above). Undo the change, or, when the break
		is intended, run \`make baseline\` and commit $(BASELINE) in the
		same commit as openapi.yaml.
		MSG
		exit 1
	elif [ "$$status" -ne 0 ]; then
		echo "breaking: oasdiff failed to compare $(BASELINE) with openapi.yaml (exit status $$status). Fix the error above, then run: make breaking" >&2
		exit 1
	fi
	echo "breaking: no breaking change against $(BASELINE)."

baseline: ## Copy openapi.yaml over api/openapi.baseline.yaml, to commit with an intended break
	@mkdir -p $(dir $(BASELINE))
	cp openapi.yaml $(BASELINE)
	echo "baseline: copied openapi.yaml to $(BASELINE). Commit it with the spec change."

generate: ## Run go generate ./... (writes generated/ from openapi.yaml)
	@$(GO) generate ./...

demo: ## Run the command-line demo (needs no token and no network)
	@$(GO) run ./cmd/webflow-assets demo

bench: ## Run the benchmarks, with extra go test flags from BENCHFLAGS (such as -count 10)
	@$(GO) test -run '^$$' -bench . -benchmem $(BENCHFLAGS) ./...

fuzz: ## Run each fuzz target for FUZZTIME (default 30s), one after the other
	@bash .ci/fuzz

tidy-check: ## Fail when go mod tidy would change go.mod/go.sum or tools/go.mod/go.sum
	@status=0
	if ! $(GO) mod tidy -diff; then
		echo "tidy-check: go.mod or go.sum is not tidy (diff above). Run: go mod tidy" >&2
		status=1
	fi
	if ! (cd tools && $(GO) mod tidy -diff); then
		echo "tidy-check: tools/go.mod or tools/go.sum is not tidy (diff above). Run: cd tools && go mod tidy" >&2
		status=1
	fi
	if [ "$$status" -eq 0 ]; then
		echo "tidy-check: go.mod, go.sum, tools/go.mod and tools/go.sum are tidy."
	fi
	exit "$$status"
