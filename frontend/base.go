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
// at, if not nil, points the image's pull at the Pyfile line that chose it.
func resolveBase(ctx context.Context, dc *dockerui.Client, ref string, p ocispecs.Platform, at llb.ConstraintsOpt) (*base, error) {
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
	img, err := resolveImage(ctx, dc, ref, p)
	if err != nil {
		return nil, err
	}
	var cfg dockerspec.DockerOCIImage
	if err := json.Unmarshal(img.config, &cfg); err != nil {
		return nil, fmt.Errorf("parse image config: %w", err)
	}
	if cfg.OS != "" && (cfg.OS != p.OS || cfg.Architecture != p.Architecture) {
		return nil, fmt.Errorf("has no %s image (resolved to %s/%s); pick a base published for that platform", platforms.Format(p), cfg.OS, cfg.Architecture)
	}
	opts := []llb.ImageOption{llb.Platform(p), dc.ImageResolveMode, llb.WithCustomName(fmt.Sprintf("[%s] base %s", platforms.Format(p), img.pinned))}
	if at != nil {
		opts = append(opts, at)
	}
	st := llb.Image(img.pinned, opts...)
	return &base{state: st, image: &cfg, name: img.name, digest: img.digest}, nil
}

// resolved is an image reference resolved in its registry for one platform.
type resolved struct {
	name   string // fully qualified, with tag
	pinned string // name@digest, or name when the registry gave no digest
	digest string
	config []byte
}

// resolveImage looks ref up in its registry for platform p.
func resolveImage(ctx context.Context, dc *dockerui.Client, ref string, p ocispecs.Platform) (*resolved, error) {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return nil, err
	}
	named = reference.TagNameOnly(named)
	name, dgst, dt, err := dc.GatewayClient().ResolveImageConfig(ctx, named.String(), sourceresolver.Opt{
		LogName:  fmt.Sprintf("[%s] load metadata for %s", platforms.Format(p), named),
		ImageOpt: &sourceresolver.ResolveImageOpt{Platform: &p, ResolveMode: dc.ImageResolveMode.String()},
	})
	if err != nil {
		return nil, err
	}
	r := &resolved{name: named.String(), pinned: name, digest: dgst.String(), config: dt}
	if dgst != "" {
		withDigest, err := reference.WithDigest(reference.TrimNamed(named), dgst)
		if err != nil {
			return nil, err
		}
		r.pinned = withDigest.String()
	}
	return r, nil
}
