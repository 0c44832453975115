#!/usr/bin/env bash
# Builds the Pyfile frontend from this checkout and pushes it to the test bed's
# registry as org/pyfile:latest, which buildkitd's docker.io mirror serves for
# `# syntax=org/pyfile` (docker.io/org/pyfile). Run it again after code changes.
#   PYFILE_FRONTEND_PKG    Go package (or .go files) to build, default ./cmd/pyfile-frontend
#   PYFILE_FRONTEND_IMAGE  repository:tag in the registry, default org/pyfile:latest
#   PYFILE_FRONTEND_BIN    a static binary built already, pushed instead of building PKG
#                          (up.sh pushes BuildKit's own Dockerfile frontend as docker/dockerfile:1)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkg=${PYFILE_FRONTEND_PKG:-./cmd/pyfile-frontend}
image=$REG/${PYFILE_FRONTEND_IMAGE:-org/pyfile:latest}
need go
need crane "run hack/testbed/up.sh first; it builds crane into $BIN"
curl -fsS "http://$REG/v2/" >/dev/null 2>&1 || die "no registry on $REG; run hack/testbed/up.sh first"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/bin"
if [[ -n ${PYFILE_FRONTEND_BIN:-} ]]; then
	[[ -x $PYFILE_FRONTEND_BIN ]] || die "PYFILE_FRONTEND_BIN=$PYFILE_FRONTEND_BIN is not an executable"
	name=$(basename "$PYFILE_FRONTEND_BIN")
	cp "$PYFILE_FRONTEND_BIN" "$tmp/root/bin/$name"
else
	(cd "$REPO" && go list "$pkg" >/dev/null 2>&1) ||
		die "cannot build the frontend: Go package $pkg not found in $REPO (cmd/pyfile-frontend must exist)"
	name=pyfile-frontend
	# The same flags as the Dockerfile: static, stripped.
	(cd "$REPO" && CGO_ENABLED=0 GOOS=linux GOARCH=$(host_arch) go build -trimpath -ldflags="-s -w" -o "$tmp/root/bin/$name" "$pkg")
fi
# A reproducible one-file layer: fixed owner and mtime.
tar --numeric-owner --owner=0 --group=0 --mtime=@0 --sort=name -C "$tmp/root" -cf "$tmp/layer.tar" bin

# The caps label's value has commas; crane parses -l as CSV, so quote that field.
quiet crane append --insecure --oci-empty-base -f "$tmp/layer.tar" -t "$image"
quiet crane mutate --insecure "$image" --set-platform "linux/$(host_arch)" --entrypoint "/bin/$name" \
	-l moby.buildkit.frontend.network.none=true \
	-l '"moby.buildkit.frontend.caps=moby.buildkit.frontend.inputs,moby.buildkit.frontend.subrequests,moby.buildkit.frontend.contexts"' \
	-t "$image"
log "pushed $image@$(crane digest --insecure "$image")"
