#!/usr/bin/env bash
# Makes the Debian/Ubuntu base images for the suites in PYFILE_TESTBED_SUITES
# (default: all seven, bullseye bookworm trixie focal jammy noble resolute) and
# pushes them to the local registry as library/debian:<tag> and
# library/ubuntu:<tag>, so that through buildkitd's docker.io mirror
# `FROM debian:bookworm-slim` resolves to them. Each image is a one-platform OCI
# index (like Docker Hub's), for the host's architecture.
# Rootfs tarballs are cached in $STATE/rootfs and rebuilt only when rootfs.sh
# changes; the debootstraps of the suites to rebuild run in parallel (they wait
# on the network, not the CPU). Pushes are skipped when the registry already has
# the same image.
#
# Machines whose HTTPS goes through a TLS-inspecting proxy (ours do) trust extra
# CAs in /usr/local/share/ca-certificates (PYFILE_TESTBED_CA_DIR). They are added
# to each image as a second layer in that same place, so that once a build step
# installs ca-certificates, pip inside the build trusts them as the host does.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

recipe=$(cat "$TB/rootfs.sh" <(host_arch) | sha256sum | cut -d' ' -f1)
cache=$STATE/rootfs
mkdir -p "$cache"

cadir=${PYFILE_TESTBED_CA_DIR:-/usr/local/share/ca-certificates}
layers=()
rm -rf "$cache/ca" "$cache/ca.tar"
if compgen -G "$cadir/*.crt" >/dev/null || compgen -G "$cadir/*/*.crt" >/dev/null; then
	mkdir -p "$cache/ca/usr/local/share/ca-certificates/pyfile-testbed"
	find "$cadir" -name '*.crt' -exec cp {} "$cache/ca/usr/local/share/ca-certificates/pyfile-testbed/" \;
	tar --numeric-owner --owner=0 --group=0 --mtime=@0 --mode=a+rX,go-w --sort=name -C "$cache/ca" -cf "$cache/ca.tar" usr
	layers=(-f "$cache/ca.tar")
fi
# What the pushed images are made of: the rootfs recipe plus the CA layer.
pushkey=$(cat <(echo "$recipe") "${layers[@]:1}" | sha256sum | cut -d' ' -f1)

# tags SUITE: sets repo and tags, the repository and the tags SUITE is pushed as.
tags() {
	case $1 in
	bullseye) tags=(bullseye-slim bullseye) ;;
	bookworm) tags=(bookworm-slim bookworm) ;;
	trixie) tags=(trixie-slim trixie) ;;
	focal) tags=(20.04 focal) ;;
	jammy) tags=(22.04 jammy) ;;
	noble) tags=(24.04 noble) ;;
	resolute) tags=(26.04 resolute) ;;
	*) die "unknown suite '$1' in PYFILE_TESTBED_SUITES (known: bullseye bookworm trixie focal jammy noble resolute)" ;;
	esac
	case $1 in bullseye | bookworm | trixie) repo=$REG/library/debian ;; *) repo=$REG/library/ubuntu ;; esac
}

for suite in $SUITES; do tags "$suite"; done # an unknown suite fails before any work

# Rootfs tarballs: debootstrap every suite whose cache is stale, all at once.
pids=() building=() failed=()
for suite in $SUITES; do
	tar=$cache/$suite.tar
	if [[ $(cat "$cache/$suite.recipe" 2>/dev/null) != "$recipe" || ! -s $tar ]]; then
		rm -f "$cache/$suite.recipe" "$cache/$suite.pushed"
		"$TB/rootfs.sh" "$suite" "$tar" &
		pids+=($!) building+=("$suite")
	fi
done
for i in "${!pids[@]}"; do
	suite=${building[i]}
	if wait "${pids[i]}"; then
		echo "$recipe" >"$cache/$suite.recipe"
	else
		failed+=("$suite (log: $cache/$suite.tar.log)")
	fi
done
((${#failed[@]} == 0)) || die "making the rootfs failed for ${failed[*]}"

for suite in $SUITES; do
	tags "$suite"
	tar=$cache/$suite.tar

	# Up to date when every tag already points at the index pushed last time.
	want=$(cat "$cache/$suite.pushed" 2>/dev/null || true)
	ok=${want:+yes}
	[[ $(cat "$cache/$suite.pushkey" 2>/dev/null) == "$pushkey" ]] || ok=
	for tag in "${tags[@]}"; do
		[[ -n $ok && $(crane digest --insecure "$repo:$tag" 2>/dev/null) == "$want" ]] || ok=
	done
	[[ -n $ok ]] && continue

	log "pushing $repo:{$(IFS=,; echo "${tags[*]}")}"
	labels=()
	[[ $repo == */ubuntu ]] && labels=(-l org.opencontainers.image.ref.name=ubuntu -l "org.opencontainers.image.version=${tags[0]}")
	# append makes an image (rootfs + CA layer) with an empty config; mutate sets what the
	# official images set (platform, PATH, CMD); index append wraps it in an index.
	quiet crane append --insecure --oci-empty-base -f "$tar" "${layers[@]}" -t "$repo:${tags[0]}"
	quiet crane mutate --insecure "$repo:${tags[0]}" --set-platform "linux/$(host_arch)" "${labels[@]}" \
		-e PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd bash -t "$repo:${tags[0]}"
	manifest=$(crane digest --insecure "$repo:${tags[0]}")
	quiet crane index append --insecure -m "$repo@$manifest" -t "$repo:${tags[0]}"
	for tag in "${tags[@]:1}"; do quiet crane tag --insecure "$repo:${tags[0]}" "$tag"; done
	crane digest --insecure "$repo:${tags[0]}" >"$cache/$suite.pushed"
	echo "$pushkey" >"$cache/$suite.pushkey"
done
