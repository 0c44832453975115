// Package frontend is the BuildKit gateway frontend: it reads a Pyfile and solves its LLB.
package frontend

import (
	"context"
	"fmt"
	"maps"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/frontend/subrequests/lint"
	"github.com/moby/buildkit/frontend/subrequests/outline"
	"github.com/moby/buildkit/frontend/subrequests/targets"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"

	pyllb "github.com/pyfile/pyfile/llb"
	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

// DefaultFilename is read when the build does not name a file (-f).
const DefaultFilename = "Pyfile"

// Stage names accepted by --target.
const (
	TargetBuilder = "builder"
	TargetRunner  = "runner"
	TargetWheels  = "wheels" // the wheel cache as an image, for PYFILE_WHEELS_FROM
)

// Build is the frontend's entry point, for grpcclient.RunFromEnvironment and client.Build.
func Build(ctx context.Context, c client.Client) (*client.Result, error) {
	dc, err := dockerui.NewClient(withDefaultFilename{c})
	if err != nil {
		return nil, fmt.Errorf("read build options: %w", err)
	}
	src, err := dc.ReadEntrypoint(ctx, "toml")
	if err != nil {
		return nil, fmt.Errorf("read the Pyfile: %w", err)
	}
	f, perr := validate(src.Filename, src.Data)
	// A call the frontend does not answer fails with BuildKit's unsupported-subrequest
	// error, which buildx reports as such; it never falls through to a build.
	if res, handled, err := dc.HandleSubrequest(ctx, dockerui.RequestHandler{
		Lint:        func(context.Context) (*lint.LintResults, error) { return check(src, f, perr), nil },
		ListTargets: func(context.Context) (*targets.List, error) { return listTargets(src), nil },
		Outline: func(context.Context) (*outline.Outline, error) {
			if perr != nil {
				return nil, withSource(perr, src.SourceMap)
			}
			return outlineOf(src, f, dc.Target), nil
		},
	}); handled || err != nil {
		return res, err
	}
	if perr != nil {
		return nil, withSource(perr, src.SourceMap)
	}
	if err := checkGateway(c.BuildOpts().Caps); err != nil {
		return nil, err
	}
	warn(ctx, src, f.Warnings)
	target := dc.Target
	if target == "" {
		target = TargetRunner
	}
	if target != TargetRunner && target != TargetBuilder && target != TargetWheels {
		return nil, fmt.Errorf("unknown target %q: a Pyfile has the targets %q, %q and %q", target, TargetRunner, TargetBuilder, TargetWheels)
	}
	b, err := plan.BaseOf(f)
	if err != nil {
		return nil, withSource(err, src.SourceMap)
	}
	// The build context is read while the base image is looked up.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	files := loadContext(ctx, dc, f)
	rb, err := dc.Build(ctx, func(ctx context.Context, platform *ocispecs.Platform, _ int) (*dockerui.BuildResult, error) {
		p := platforms.Normalize(platforms.DefaultSpec())
		if platform != nil {
			p = *platform
		} else if len(dc.BuildPlatforms) > 0 {
			p = dc.BuildPlatforms[0]
		}
		return buildPlatform(ctx, dc, src, f, b, p, target, files)
	})
	if err != nil {
		return nil, err
	}
	return rb.Finalize()
}

// buildPlatform compiles and solves the image for one target platform.
// b is the base image by tag; it is looked up for p here.
func buildPlatform(ctx context.Context, dc *dockerui.Client, src *dockerui.Source, f *pyfile.File, b pyfile.Base, p ocispecs.Platform, target string, files func() (*contextFiles, error)) (*dockerui.BuildResult, error) {
	base, baseErr := resolveBase(ctx, dc, b.Ref, p)
	cf, err := files()
	if err != nil { // a missing requirements file is the likelier mistake: report it first
		return nil, withSource(err, src.SourceMap)
	}
	if baseErr != nil {
		return nil, withSource(f.Errorf("base", "base image %q: %v", b.Ref, baseErr), src.SourceMap)
	}
	caps := dc.BuildOpts().LLBCaps
	pl, err := plan.New(f, plan.Options{
		Platform:       platforms.Format(p),
		CacheNamespace: dc.CacheIDNamespace,
		Includes:       cf.includes,
	})
	if err != nil {
		return nil, withSource(err, src.SourceMap)
	}
	in := pyllb.Inputs{
		Context:    cf.main,
		Base:       base.state,
		BaseName:   base.name,
		BaseDigest: base.digest,
		BaseImage:  base.image,
		Platform:   p,
		Source:     src.SourceMap,
		NoCache:    map[string]bool{TargetBuilder: dc.IsNoCache(TargetBuilder), TargetRunner: dc.IsNoCache(TargetRunner)},
		Caps:       &caps,
	}
	if ref := dc.BuildArgs[plan.WheelsFromArg]; ref != "" {
		if err := seedWheels(ctx, dc, src, pl, in, ref); err != nil {
			return nil, err
		}
	}
	out := pyllb.Compile(pl, in)
	st, img := out.Runner, out.Image
	switch target {
	case TargetBuilder:
		st, img = out.Builder, out.BuilderImage
	case TargetWheels:
		st, img = out.Wheels, out.WheelsImage
	}
	def, err := marshal(ctx, caps, st, llb.Platform(p))
	if err != nil {
		return nil, err
	}
	res, err := dc.GatewayClient().Solve(ctx, client.SolveRequest{
		Definition:   def.ToPB(),
		CacheImports: dc.CacheImports,
	})
	if err != nil {
		return nil, err
	}
	ref, err := res.SingleRef()
	if err != nil {
		return nil, err
	}
	for k, v := range dc.Labels {
		img.Config.Labels[k] = v
	}
	return &dockerui.BuildResult{Reference: ref, Image: img, BaseImage: base.image}, nil
}

// withDefaultFilename makes dockerui read "Pyfile" when the build names no file.
type withDefaultFilename struct{ client.Client }

func (c withDefaultFilename) BuildOpts() client.BuildOpts {
	o := c.Client.BuildOpts()
	if o.Opts["filename"] == "" {
		o.Opts = maps.Clone(o.Opts)
		if o.Opts == nil {
			o.Opts = map[string]string{}
		}
		o.Opts["filename"] = DefaultFilename
	}
	return o
}
