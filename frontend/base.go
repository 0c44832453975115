package frontend

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/containerd/platforms"
	"github.com/distribution/reference"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerui"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// base is a base image resolved for one platform.
type base struct {
	state  llb.State
	image  *dockerspec.DockerOCIImage // nil for a named context without config
	name   string                     // fully qualified name, for the base.name label
	digest string                     // manifest digest, for the base.digest label
}

// resolveBase pins ref for platform p. A named context of the same name
// (--build-context ubuntu:24.04=docker-image://...) replaces it, as in a Dockerfile.
func resolveBase(ctx context.Context, dc *dockerui.Client, ref string, p ocispecs.Platform) (*base, error) {
	nc, err := dc.NamedContext(ref, dockerui.ContextOpt{Platform: &p, ResolveMode: dc.ImageResolveMode.String()})
	if err != nil {
		return nil, err
	}
	if nc != nil {
		st, img, err := nc.Load(ctx)
		if err != nil {
			return nil, fmt.Errorf("load build context %q: %w", ref, err)
		}
		return &base{state: st.Platform(p), image: img, name: ref}, nil
	}
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return nil, err
	}
	named = reference.TagNameOnly(named)
	resolved, dgst, dt, err := dc.GatewayClient().ResolveImageConfig(ctx, named.String(), sourceresolver.Opt{
		LogName:  fmt.Sprintf("[%s] load metadata for %s", platforms.Format(p), named),
		ImageOpt: &sourceresolver.ResolveImageOpt{Platform: &p, ResolveMode: dc.ImageResolveMode.String()},
	})
	if err != nil {
		return nil, err
	}
	var img dockerspec.DockerOCIImage
	if err := json.Unmarshal(dt, &img); err != nil {
		return nil, fmt.Errorf("parse image config: %w", err)
	}
	if img.OS != "" && (img.OS != p.OS || img.Architecture != p.Architecture) {
		return nil, fmt.Errorf("has no %s image (resolved to %s/%s); pick a base published for that platform", platforms.Format(p), img.OS, img.Architecture)
	}
	pinned := resolved
	if dgst != "" {
		withDigest, err := reference.WithDigest(reference.TrimNamed(named), dgst)
		if err != nil {
			return nil, err
		}
		pinned = withDigest.String()
	}
	st := llb.Image(pinned, llb.Platform(p), dc.ImageResolveMode, llb.WithCustomName(fmt.Sprintf("[%s] base %s", platforms.Format(p), pinned)))
	return &base{state: st, image: &img, name: named.String(), digest: dgst.String()}, nil
}
