#!/usr/bin/env bash
# Brings up the real BuildKit test bed (see README.md beside this file):
# prerequisites, tools, local registry, base images, buildkitd, the frontend
# image and a buildx builder. Idempotent: a second run reuses everything.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[[ $(id -u) == 0 ]] || die "must run as root (debootstrap and buildkitd's runc worker need it)"
[[ ${#SOCK} -lt 100 ]] || die "socket path $SOCK is too long for a unix socket; set PYFILE_TESTBED to a shorter dir"
mkdir -p "$STATE"

# --- Debian packages: runc (OCI worker), debootstrap, docker-registry, docker CLI.
missing=()
for p in runc debootstrap docker-registry curl; do command -v "$p" >/dev/null || missing+=("$p"); done
command -v docker >/dev/null || missing+=(docker-cli)
if ((${#missing[@]})); then
	log "installing ${missing[*]}"
	# A policy-rc.d keeps docker-registry's init script from starting a second registry.
	policy=
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy=1
	fi
	apt-get update -qq || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
	[[ -z $policy ]] || rm -f /usr/sbin/policy-rc.d
fi

# --- buildkitd, buildctl, buildx, crane.
"$TB/tools.sh"

# --- Older buildkitds (buildkits.sh): compiled in the background, one after another,
# while the debootstraps below wait on the network. Its own session, so that a failing
# step here stops it (kill the group) instead of leaving a go build running.
setsid -w "$TB/buildkits.sh" build </dev/null &
bkbuild=$!
trap '[[ -z ${bkbuild:-} ]] || kill -- "-$bkbuild" 2>/dev/null || true' EXIT

# --- Local registry (Debian's docker-registry, i.e. distribution 2.8), data kept in the state dir.
mkdir -p "$STATE/registry/data"
restart_if_changed docker-registry "$STATE/registry/pid" "$STATE/registry/config.yml" "version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: $STATE/registry/data}
  delete: {enabled: true}
http: {addr: $REG}"
if ! alive "$STATE/registry/pid" docker-registry; then
	curl -fsS -m 2 "http://$REG/v2/" >/dev/null 2>&1 &&
		die "something else listens on $REG; stop it or set PYFILE_REGISTRY_PORT"
	log "starting registry on $REG"
	# setsid: the daemon must outlive this script's process group.
	setsid docker-registry serve "$STATE/registry/config.yml" >"$STATE/registry/log" 2>&1 </dev/null &
	echo $! >"$STATE/registry/pid"
fi
for ((i = 0; i < 50; i++)); do curl -fsS -m 2 "http://$REG/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS -m 2 "http://$REG/v2/" >/dev/null 2>&1 || die "registry did not come up; see $STATE/registry/log"

# --- Base images.
"$TB/base-images.sh"
wait "$bkbuild" || { bkbuild=; die "building the older buildkitds failed (see above)"; }
bkbuild=

# --- buildkitd: OCI (runc) worker, host network for RUN steps, docker.io mirrored to the registry.
restart_if_changed buildkitd "$STATE/buildkitd.pid" "$STATE/buildkitd.toml" "# tools $(cat "$BIN/.stamp") (a rebuilt buildkitd restarts)
$(buildkitd_config)"
start_buildkitd buildkitd "$BIN/buildkitd" "$STATE/buildkit" "$SOCK"
wait_buildkitd buildkitd "$SOCK"

# --- Older buildkitds beside it, for the compatibility matrix (built above; started here).
buildkits=$("$TB/buildkits.sh")

# --- buildx remote builder "pyfile" in the state dir's DOCKER_CONFIG, made the default.
docker buildx inspect pyfile >/dev/null 2>&1 ||
	docker buildx create --name pyfile --driver remote "unix://$SOCK" >/dev/null
docker buildx use pyfile

# --- env file, written before the frontend image so a frontend build error leaves a usable bed.
{
	printf 'export PYFILE_TESTBED=%q\n' "$STATE"
	printf 'export BUILDKIT_HOST=%q\n' "unix://$SOCK"
	printf 'export PYFILE_REGISTRY=%q\n' "$REG"
	printf 'export DOCKER_CONFIG=%q\n' "$DOCKER_CONFIG"
	# `docker build` (the buildx alias) ignores `buildx use`; this names the builder.
	printf 'export BUILDX_BUILDER=pyfile\n'
	# The older buildkitds: "v0.10.6=unix:///.../buildkitd-v0.10.6.sock v0.11.6=unix://...".
	printf 'export PYFILE_BUILDKITS="%s"\n' "$buildkits"
	# shellcheck disable=SC2016 # $PATH expands when the env file is sourced
	printf 'export PATH=%q:"$PATH"\n' "$BIN"
} >"$STATE/env"

# --- Frontend image from this checkout.
"$TB/frontend-image.sh"
# BuildKit's own Dockerfile frontend as a gateway image, so `# syntax=docker/dockerfile:1`
# resolves here as on Docker Hub (the benchmark uses it to measure what any gateway costs).
PYFILE_FRONTEND_BIN=$BIN/dockerfile-frontend PYFILE_FRONTEND_IMAGE=docker/dockerfile:1 "$TB/frontend-image.sh"

echo "testbed: up: buildkitd unix://$SOCK${BUILDKITS:+, older buildkitds $BUILDKITS (PYFILE_BUILDKITS)}, registry $REG, images: $SUITES + org/pyfile, docker/dockerfile:1; source $STATE/env"
