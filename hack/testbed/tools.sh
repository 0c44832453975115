#!/usr/bin/env bash
# Builds buildkitd, buildctl, buildx and crane from the tools module (tools/go.mod)
# into $STATE/bin, and installs buildx as a docker CLI plugin under $DOCKER_CONFIG.
# Skips the build when tools/go.mod, tools/go.sum and the Go version are unchanged.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need go "install Go; the tools are built from source"

# The test bed must run the BuildKit the frontend is compiled against.
root_bk=$(mod_version "$REPO/go.mod" github.com/moby/buildkit)
tools_bk=$(mod_version "$REPO/tools/go.mod" github.com/moby/buildkit)
[[ -n $root_bk && -n $tools_bk ]] || die "go.mod and tools/go.mod must both require github.com/moby/buildkit"
if [[ $root_bk != "$tools_bk" ]]; then
	die "BuildKit versions differ: go.mod has $root_bk, tools/go.mod has $tools_bk (run: cd tools && go get github.com/moby/buildkit@$root_bk && go mod tidy)"
fi

tools=(github.com/moby/buildkit/cmd/buildkitd github.com/moby/buildkit/cmd/buildctl
	github.com/docker/buildx/cmd/buildx github.com/google/go-containerregistry/cmd/crane
	github.com/moby/buildkit/frontend/dockerfile/cmd/dockerfile-frontend)
stamp=$(cat "$REPO/tools/go.mod" "$REPO/tools/go.sum" "$TB/tools.sh" <(go version) <(printf '%s\n' "${tools[@]}") | sha256sum | cut -d' ' -f1)

mkdir -p "$BIN" "$DOCKER_CONFIG/cli-plugins"
if [[ $(cat "$BIN/.stamp" 2>/dev/null) != "$stamp" ]]; then
	log "building buildkit $tools_bk, buildx and crane (a few minutes on a cold Go cache)"
	rm -f "$BIN/.stamp"
	# -X sets the versions that buildctl/buildx report (else v0.0.0+unknown).
	bx=$(mod_version "$REPO/tools/go.mod" github.com/docker/buildx)
	ldflags="-X github.com/moby/buildkit/version.Version=$tools_bk -X github.com/docker/buildx/version.Version=$bx"
	(cd "$REPO/tools" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$BIN/" "${tools[@]}")
	echo "$stamp" >"$BIN/.stamp"
fi
# docker finds buildx as a CLI plugin in $DOCKER_CONFIG/cli-plugins.
ln -f "$BIN/buildx" "$DOCKER_CONFIG/cli-plugins/docker-buildx"
