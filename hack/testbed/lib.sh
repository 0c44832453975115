# Shared settings and helpers for the test bed scripts; source it, don't run it.
# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=${PYFILE_TESTBED:-$REPO/.testbed}
PORT=${PYFILE_REGISTRY_PORT:-5000}
REG=127.0.0.1:$PORT
BIN=$STATE/bin
SOCK=$STATE/buildkitd.sock
# Base images to make (base-images.sh, smoke.sh): all of the table in README.md by default.
SUITES=${PYFILE_TESTBED_SUITES:-bullseye bookworm trixie focal jammy noble resolute}
# Older BuildKit releases run beside the main buildkitd (buildkits.sh); "none" for none.
BUILDKITS=${PYFILE_TESTBED_BUILDKITS:-v0.8.3 v0.10.6 v0.11.6 v0.12.5 v0.13.2 v0.16.0}
[[ $BUILDKITS != none ]] || BUILDKITS=
export DOCKER_CONFIG=$STATE/docker
export PATH=$BIN:$PATH

log() { printf 'testbed: %s\n' "$*" >&2; }
die() { printf 'testbed: ERROR: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found${2:+ ($2)}"; }

# alive PIDFILE NAME: true when the process in PIDFILE runs and is NAME (a
# stale pid file after a reboot may name some other process by now). The kernel
# keeps 15 characters of a command name: buildkitd-v0.10.6 is "buildkitd-v0.10".
alive() { [[ -s $1 && $(cat "/proc/$(cat "$1")/comm" 2>/dev/null) == "${2:0:15}" ]]; }

# stop NAME PIDFILE: SIGTERM the process NAME in PIDFILE, wait up to 20s, then SIGKILL.
stop() {
	local name=$1 pidfile=$2 pid i
	if ! alive "$pidfile" "$name"; then rm -f "$pidfile"; return 0; fi
	pid=$(cat "$pidfile")
	log "stopping $name (pid $pid)"
	kill "$pid" 2>/dev/null || true
	for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
	kill -0 "$pid" 2>/dev/null && { log "$name did not stop, killing it"; kill -9 "$pid"; }
	rm -f "$pidfile"
}

# restart_if_changed NAME PIDFILE FILE CONTENT: write FILE; stop the daemon if it changed.
restart_if_changed() {
	if [[ ! -f $3 || $(cat "$3") != "$4" ]]; then
		printf '%s\n' "$4" >"$3"
		stop "$1" "$2"
	fi
}

# buildkitd_config: the buildkitd.toml that every buildkitd of the test bed shares: the OCI
# (runc) worker, the entitlements the tests use, docker.io mirrored to the local registry.
buildkitd_config() {
	cat <<-EOF
		insecure-entitlements = ["network.host", "security.insecure"]
		[worker.oci]
		  enabled = true
		[worker.containerd]
		  enabled = false
		[registry."docker.io"]
		  mirrors = ["$REG"]
		[registry."$REG"]
		  http = true
		  insecure = true
	EOF
}

# start_buildkitd NAME BINARY ROOT SOCK: start the daemon NAME, with $STATE/NAME.toml,
# its pid in $STATE/NAME.pid and its log in $STATE/NAME.log, unless it runs already. RUN
# steps use the host network.
start_buildkitd() {
	local name=$1 bin=$2 root=$3 sock=$4
	alive "$STATE/$name.pid" "$name" && return 0
	log "starting $name on unix://$sock"
	rm -f "$sock"
	setsid "$bin" --config "$STATE/$name.toml" --root "$root" --addr "unix://$sock" \
		--oci-worker=true --containerd-worker=false --oci-worker-net=host \
		>"$STATE/$name.log" 2>&1 </dev/null &
	echo $! >"$STATE/$name.pid"
}

# wait_buildkitd NAME SOCK: wait until the daemon NAME answers on SOCK; die when it exits.
wait_buildkitd() {
	local name=$1 sock=$2 i
	for ((i = 0; i < 120; i++)); do
		buildctl --addr "unix://$sock" debug workers >/dev/null 2>&1 && return 0
		alive "$STATE/$name.pid" "$name" || die "$name exited; see $STATE/$name.log"
		sleep 0.5
	done
	buildctl --addr "unix://$sock" debug workers >/dev/null || die "$name does not answer; see $STATE/$name.log"
}

# host_arch: the host's Debian architecture, used for debootstrap and as the OCI/Go
# architecture: the two agree for amd64 and arm64 (armhf, i386, ... would need a map).
host_arch() { dpkg --print-architecture; }

# mod_version GOMOD MODULE: the version GOMOD requires of MODULE (empty if none).
mod_version() {
	awk -v m="$2" '($1 == m) { print $2 } ($1 == "require" && $2 == m) { print $3 }' "$1"
}

# quiet CMD...: run CMD, showing its output only when it fails (crane logs every blob).
quiet() {
	local out
	out=$("$@" 2>&1) || { printf '%s\n' "$out" >&2; die "failed: $*"; }
}
