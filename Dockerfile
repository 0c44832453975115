# syntax=docker/dockerfile:1
# Builds the org/pyfile frontend image: one static binary on scratch.
#   docker buildx build -t org/pyfile .
ARG GO_VERSION=1.26

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
RUN --mount=type=bind,target=. \
    --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=cache,target=/go/pkg/mod \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/pyfile-frontend ./cmd/pyfile-frontend

FROM scratch
COPY --from=build /out/pyfile-frontend /bin/pyfile-frontend
# The frontend only reads the Pyfile and emits LLB: it needs no network.
LABEL moby.buildkit.frontend.network.none="true"
LABEL moby.buildkit.frontend.caps="moby.buildkit.frontend.inputs,moby.buildkit.frontend.subrequests,moby.buildkit.frontend.contexts"
ENTRYPOINT ["/bin/pyfile-frontend"]
