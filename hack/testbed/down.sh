#!/usr/bin/env bash
# Stops the test bed's buildkitd and registry. Keeps the state dir (tools, rootfs
# tarballs, registry data, build cache), so the next up.sh is quick.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stop buildkitd "$STATE/buildkitd.pid"
stop docker-registry "$STATE/registry/pid"
