#!/usr/bin/env bash
# buildkits.sh [build]: older BuildKit releases beside the main buildkitd, for a
# compatibility matrix: Docker Engine, Docker Desktop and CI runners embed or
# ship BuildKit versions well behind ours, and the frontend must build there too.
#
# For each version in PYFILE_TESTBED_BUILDKITS (default in lib.sh: v0.8.3 v0.10.6 v0.11.6
# v0.12.5 v0.13.2 v0.16.0; "none" for none):
# builds buildkitd from its own small module tools/buildkit/<version> (only that
# BuildKit release, at the dependency versions it was released with) into
# $STATE/bin/buildkitd-<version>, rebuilt only when that module, the build flags
# or the Go version change; then, unless called as `buildkits.sh build`, runs it
# as its own daemon (root $STATE/buildkit-<version>, socket
# $STATE/buildkitd-<version>.sock, config $STATE/buildkitd-<version>.toml set up
# like the main one: OCI worker, host network, docker.io mirrored to the local
# registry), restarted only when its binary or config changed, and prints
# "version=unix://socket ..." for up.sh to put in the env file as PYFILE_BUILDKITS.
# Daemons of versions no longer listed are stopped.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

versions=$BUILDKITS
mode=${1:-up}
[[ $mode == up || $mode == build ]] || die "usage: buildkits.sh [build]"

# at_least A B: true when release A is B or newer (v0.13.2 >= v0.13.0).
at_least() { [[ $(printf '%s\n' "$1" "$2" | sort -V | head -1) == "$2" ]]; }

# build VERSION: $BIN/buildkitd-VERSION from tools/buildkit/VERSION, unless its stamp is current.
build() {
	local v=$1 mod=$REPO/tools/buildkit/$1 ldflags stamp
	[[ -f $mod/go.mod && -f $mod/go.sum ]] ||
		die "no module tools/buildkit/$v for buildkitd $v (copy another version's go.mod, set the version, go mod tidy)"
	[[ $(mod_version "$mod/go.mod" github.com/moby/buildkit) == "$v" ]] ||
		die "tools/buildkit/$v/go.mod must require github.com/moby/buildkit $v"
	# -X: the version `buildctl debug info` and the logs report (else 0.0.0+unknown).
	ldflags="-X github.com/moby/buildkit/version.Version=$v"
	stamp=$(cat "$mod/go.mod" "$mod/go.sum" <(go version) <(echo "CGO_ENABLED=0 -trimpath $ldflags") | sha256sum | cut -d' ' -f1)
	[[ -x $BIN/buildkitd-$v && $(cat "$BIN/.stamp-buildkitd-$v" 2>/dev/null) == "$stamp" ]] && return 0
	log "building buildkitd $v (about a minute with the modules downloaded)"
	rm -f "$BIN/.stamp-buildkitd-$v"
	(cd "$mod" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$BIN/buildkitd-$v" github.com/moby/buildkit/cmd/buildkitd) ||
		die "building buildkitd $v failed (module tools/buildkit/$v)"
	echo "$stamp" >"$BIN/.stamp-buildkitd-$v"
}

if [[ -n $versions ]]; then
	need go "install Go; the buildkitds are built from source"
	mkdir -p "$BIN"
fi
# One compile at a time: they are CPU-bound and the test bed's machines have 2 cores.
for v in $versions; do build "$v"; done
[[ $mode == build ]] && exit 0

# Stop the daemons of versions taken off the list.
for pidfile in "$STATE"/buildkitd-v*.pid; do
	[[ -e $pidfile ]] || continue
	v=${pidfile#"$STATE/buildkitd-"} v=${v%.pid}
	[[ " $versions " == *" $v "* ]] || stop "buildkitd-$v" "$pidfile"
done

# Start them all, then wait for each.
for v in $versions; do
	name=buildkitd-$v sock=$STATE/buildkitd-$v.sock root=$STATE/buildkit-$v
	[[ ${#sock} -lt 100 ]] || die "socket path $sock is too long for a unix socket; set PYFILE_TESTBED to a shorter dir"
	# The config syntax of these keys is the same from v0.10 to today (docs/buildkitd.toml.md
	# of each release). From v0.13 on, buildkitd serves OTEL traces on a socket that defaults
	# to /run/buildkit/otel-grpc.sock, the main buildkitd's: each gets its own. (v0.11 and
	# v0.12 put it in their root, v0.10 has none.)
	otel=
	at_least "$v" v0.13.0 && otel="
[otel]
  socketPath = \"$root/otel-grpc.sock\""
	restart_if_changed "$name" "$STATE/$name.pid" "$STATE/$name.toml" "# $name $(cat "$BIN/.stamp-$name") (a rebuilt buildkitd restarts)
$(buildkitd_config)$otel"
	start_buildkitd "$name" "$BIN/$name" "$root" "$sock"
done
addrs=()
for v in $versions; do
	sock=$STATE/buildkitd-$v.sock
	wait_buildkitd "buildkitd-$v" "$sock"
	addrs+=("$v=unix://$sock")
done
echo "${addrs[*]}"
