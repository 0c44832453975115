#!/usr/bin/env bash
# The whole test suite, as CI runs it: brings up the BuildKit test bed (hack/testbed/up.sh,
# which also pushes the frontend image built from this checkout), then runs every unit and
# end-to-end test. The end-to-end tests fail, never skip, when the test bed is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/testbed/up.sh
. "${PYFILE_TESTBED:-$PWD/.testbed}/env"
go vet ./...
go vet -C bench ./...   # the benchmark is a module of its own
go test -count=1 -timeout 80m ./...
