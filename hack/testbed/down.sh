#!/usr/bin/env bash
# Stops the test bed's buildkitds (the main one and the older ones of buildkits.sh)
# and registry. Keeps the state dir (tools, rootfs tarballs, registry data, build
# caches), so the next up.sh is quick.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for pidfile in "$STATE"/buildkitd-v*.pid; do
	[[ -e $pidfile ]] || continue
	v=${pidfile#"$STATE/buildkitd-"} v=${v%.pid}
	stop "buildkitd-$v" "$pidfile"
done
stop buildkitd "$STATE/buildkitd.pid"
stop docker-registry "$STATE/registry/pid"
