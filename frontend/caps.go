package frontend

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/moby/buildkit/client/llb"
	gwpb "github.com/moby/buildkit/frontend/gateway/pb"
	"github.com/moby/buildkit/solver/pb"
	"github.com/moby/buildkit/util/apicaps"
)

// The oldest BuildKit Pyfile supports, and the first Docker Engine release that embeds
// it. It is the newest "since" of the features below (TestMinimumIsNewestFeature), and the
// oldest release the compatibility matrix of the end-to-end tests builds with.
const (
	MinBuildKit = "v0.10.0"
	MinEngine   = "23.0"
)

// feature is a BuildKit capability the frontend relies on and has no older way to get.
// (A feature that older daemons silently ignore, such as symbolic copy modes, which no
// daemon lists, is not used at all: see llb's sealedCode.)
type feature struct {
	id    apicaps.CapID
	use   string // what Pyfile needs it for, in a user's words
	since string // the BuildKit release that added it (from each release's caps.go)
}

// gatewayFeatures are the gateway API capabilities every build uses.
var gatewayFeatures = []feature{
	{gwpb.CapReadFile, "reading the Pyfile and the requirement files", "v0.5.0"},
	{gwpb.CapResolveImage, "pinning base images by digest", "v0.5.0"},
	{gwpb.CapReturnResult, "returning the image", "v0.5.0"},
	{gwpb.CapReturnMap, "one image per target platform", "v0.5.0"},
	{gwpb.CapImportCaches, "--cache-from", "v0.5.0"},
	{gwpb.CapFrontendInputs, "named build contexts (--build-context)", "v0.7.0"},
	{gwpb.CapGatewayWarnings, "showing the Pyfile's warnings, such as an end-of-life Python", "v0.10.0"},
}

// llbFeatures are the LLB capabilities that compiled builds record in their definitions;
// TestLLBFeaturesCoverCompiledBuilds keeps the list complete.
var llbFeatures = []feature{
	{pb.CapConstraints, "build constraints", "v0.5.0"},
	{pb.CapPlatform, "target platforms", "v0.5.0"},
	{pb.CapMetaDescription, "step names", "v0.5.0"},
	{pb.CapMetaIgnoreCache, "--no-cache-filter", "v0.5.0"},
	{pb.CapSourceImage, "base images", "v0.5.0"},
	{pb.CapSourceLocal, "the build context", "v0.5.0"},
	{pb.CapSourceLocalUnique, "the build context", "v0.5.0"},
	{pb.CapSourceLocalSessionID, "the build context", "v0.5.0"},
	{pb.CapSourceLocalSharedKeyHint, "the build context", "v0.5.0"},
	{pb.CapSourceLocalIncludePatterns, "reading only the requirement files", "v0.5.0"},
	{pb.CapSourceLocalExcludePatterns, ".dockerignore", "v0.5.0"},
	{pb.CapSourceLocalFollowPaths, "reading only the requirement files", "v0.5.0"},
	{pb.CapSourceLocalDiffer, "the build context", "v0.9.0"},
	{pb.CapExecMetaBase, "running build steps", "v0.5.0"},
	{pb.CapExecMountBind, "mounting the requirement files", "v0.5.0"},
	{pb.CapExecMountCache, "cache mounts for apt and pip", "v0.5.0"},
	{pb.CapExecMountCacheSharing, "locked cache mounts", "v0.5.0"},
	{pb.CapExecMountSecret, "the pip.conf and ca-certificates secrets", "v0.5.0"},
	{pb.CapExecMountSelector, "mounting part of a state", "v0.5.0"},
	{pb.CapFileBase, "copying the venv and the code", "v0.5.0"},
}

// checkGateway fails when the daemon lacks a gateway feature every build uses.
func checkGateway(caps apicaps.CapSet) error {
	for _, f := range gatewayFeatures {
		if caps.Supports(f.id) != nil {
			return unsupported("gateway", f)
		}
	}
	return nil
}

// checkDefinition fails, before anything is solved, when def records an LLB capability
// that the daemon lacks.
func checkDefinition(def *llb.Definition, caps apicaps.CapSet) error {
	var used []apicaps.CapID
	for _, md := range def.Metadata {
		for id := range md.Caps {
			if !slices.Contains(used, id) {
				used = append(used, id)
			}
		}
	}
	slices.Sort(used)
	for _, id := range used {
		if caps.Supports(id) != nil {
			f := feature{id: id, use: "a build step", since: "a newer release"}
			if i := slices.IndexFunc(llbFeatures, func(f feature) bool { return f.id == id }); i >= 0 {
				f = llbFeatures[i]
			}
			return unsupported("LLB", f)
		}
	}
	return nil
}

// unsupported says what is missing, since when, and what to do.
func unsupported(kind string, f feature) error {
	var b strings.Builder
	fmt.Fprintf(&b, "this builder's BuildKit lacks the %s capability %q (%s), which BuildKit added in %s. ", kind, f.id, f.use, f.since)
	fmt.Fprintf(&b, "Pyfile needs BuildKit %s or later (Docker Engine %s or later): upgrade Docker Engine, ", MinBuildKit, MinEngine)
	b.WriteString("or build with a current BuildKit through buildx: docker buildx create --use --driver docker-container")
	return fmt.Errorf("%s", b.String())
}

// marshal turns st into a definition for this daemon, and checks that the daemon has
// every capability the definition needs.
func marshal(ctx context.Context, caps apicaps.CapSet, st llb.State, opts ...llb.ConstraintsOpt) (*llb.Definition, error) {
	def, err := st.Marshal(ctx, append(opts, llb.WithCaps(caps))...)
	if err != nil {
		return nil, fmt.Errorf("marshal LLB: %w", err)
	}
	if err := checkDefinition(def, caps); err != nil {
		return nil, err
	}
	return def, nil
}
