#!/usr/bin/env bash
# Proves a running test bed works, with BuildKit's built-in Dockerfile frontend:
# for each suite in PYFILE_TESTBED_SUITES, FROM the local base image, apt-get
# installs that distro's Python (with the official docker-clean in place), pip
# installs a package from PyPI into a venv, and pushes the result to the registry.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need buildctl "run hack/testbed/up.sh first"
export BUILDKIT_HOST=unix://$SOCK
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for suite in $SUITES; do
	case $suite in
	bullseye) from=debian:bullseye-slim py=3.9 ;;
	bookworm) from=debian:bookworm-slim py=3.11 ;;
	trixie) from=debian:trixie-slim py=3.13 ;;
	focal) from=ubuntu:20.04 py=3.8 ;;
	jammy) from=ubuntu:22.04 py=3.10 ;;
	noble) from=ubuntu:24.04 py=3.12 ;;
	resolute) from=ubuntu:26.04 py=3.14 ;;
	*) die "unknown suite $suite" ;;
	esac
	cat >"$tmp/Dockerfile" <<-EOF
		FROM $from
		RUN test -f /etc/apt/apt.conf.d/docker-clean && ! command -v python3
		RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python$py python$py-venv
		RUN python$py -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir six && /opt/venv/bin/python -c 'import six, sys; print(sys.version, six.__version__)'
	EOF
	log "smoke $suite: $from, python$py, pip install from PyPI"
	buildctl build --frontend dockerfile.v0 --local context="$tmp" --local dockerfile="$tmp" \
		--output "type=image,name=$REG/testbed-smoke/$suite:latest,push=true" >"$tmp/log" 2>&1 ||
		{ tail -30 "$tmp/log" >&2; die "smoke build for $suite failed"; }
done
log "smoke passed: $SUITES"
