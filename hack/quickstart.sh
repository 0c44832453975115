#!/usr/bin/env bash
# Quick start: brings up a local BuildKit test bed (hack/testbed/up.sh), builds
# examples/flask through its `# syntax=org/pyfile` line and shows the running app
# answering an HTTP request.
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/testbed/up.sh
. "${PYFILE_TESTBED:-$PWD/.testbed}/env"
go run ./hack/pyfile-run -get http://127.0.0.1:8000/ examples/flask
