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

// Build is the frontend's entry point, for grpcclient.RunFromEnvironment and client.Build.
func Build(ctx context.Context, c client.Client) (_ *client.Result, err error) {
	dc, err := dockerui.NewClient(withDefaultFilename{c})
	if err != nil {
		return nil, fmt.Errorf("read build options: %w", err)
	}
	src, err := dc.ReadEntrypoint(ctx, "toml")
	if err != nil {
		return nil, fmt.Errorf("read the Pyfile: %w", err)
	}
	// Every error located in the Pyfile gets its lines attached here, once.
	defer func() { err = withSource(err, src.SourceMap) }()
	f, perr := validate(src.Filename, src.Data)
	// A call the frontend does not answer fails with BuildKit's unsupported-subrequest
	// error, which buildx reports as such; it never falls through to a build.
	if res, handled, err := dc.HandleSubrequest(ctx, dockerui.RequestHandler{
		Lint: func(ctx context.Context) (*lint.LintResults, error) {
			errs := perr
			if errs == nil { // the build context's rules: the requirement files are there
				if _, errs = requirementFiles(ctx, dc, f); errs != nil && len(pyfile.AsErrors(errs)) == 0 {
					return nil, errs
				}
			}
			return check(src, f, errs), nil
		},
		ListTargets: func(context.Context) (*targets.List, error) { return listTargets(src), nil },
		Outline: func(context.Context) (*outline.Outline, error) {
			if perr != nil {
				return nil, perr
			}
			target, err := plan.ParseTarget(dc.Target)
			if err != nil {
				return nil, err
			}
			return outlineOf(src, f, target), nil
		},
	}); handled || err != nil {
		return res, err
	}
	if perr != nil {
		return nil, perr
	}
	if err := checkGateway(c.BuildOpts().Caps); err != nil {
		return nil, err
	}
	warn(ctx, src, f.Warnings)
	target, err := plan.ParseTarget(dc.Target)
	if err != nil {
		return nil, err
	}
	base, err := plan.BaseOf(f)
	if err != nil {
		return nil, err
	}
	// The build context is read while the base image is looked up.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b := &build{dc: dc, src: src, f: f, base: base, target: target, files: loadContext(ctx, dc, f)}
	rb, err := dc.Build(ctx, func(ctx context.Context, platform *ocispecs.Platform, _ int) (*dockerui.BuildResult, error) {
		p := platforms.Normalize(platforms.DefaultSpec())
		if platform != nil {
			p = *platform
		} else if len(dc.BuildPlatforms) > 0 {
			p = dc.BuildPlatforms[0]
		}
		return b.platform(ctx, p)
	})
	if err != nil {
		return nil, err
	}
	return rb.Finalize()
}

// build is what the target platforms of one build share.
type build struct {
	dc     *dockerui.Client
	src    *dockerui.Source
	f      *pyfile.File
	base   pyfile.Base // the base image by tag; it is looked up for each platform
	target plan.Target
	files  func() (*contextFiles, error) // the build context, read in the background
}

// platform compiles and solves the image for one target platform.
func (b *build) platform(ctx context.Context, p ocispecs.Platform) (*dockerui.BuildResult, error) {
	dc, f := b.dc, b.f
	baseKey := plan.BaseKey(f)
	base, baseErr := resolveBase(ctx, dc, b.base.Ref, p, pyllb.At(b.src.SourceMap, f.Lines(baseKey)))
	cf, err := b.files()
	if err != nil { // a missing requirements file is the likelier mistake: report it first
		return nil, err
	}
	if baseErr != nil {
		return nil, f.Errorf(pyfile.RuleBaseImage, baseKey, "base image %q: %v", b.base.Ref, baseErr)
	}
	caps := dc.BuildOpts().LLBCaps
	pl, err := plan.New(f, plan.Options{
		Platform:       platforms.Format(p),
		CacheNamespace: dc.CacheIDNamespace,
		Includes:       cf.includes,
		Uv:             dc.BuildArgs[plan.UvArg],
	})
	if err != nil {
		return nil, err
	}
	in := pyllb.Inputs{
		Context:    cf.main,
		Base:       base.state,
		BaseName:   base.name,
		BaseDigest: base.digest,
		BaseImage:  base.image,
		Platform:   p,
		Source:     b.src.SourceMap,
		NoCache: map[plan.Target]bool{
			plan.TargetBuilder: dc.IsNoCache(string(plan.TargetBuilder)),
			plan.TargetRunner:  dc.IsNoCache(string(plan.TargetRunner)),
		},
		// dockerui's TargetPlatforms are the --platform list, empty for the default one.
		NamePlatform: len(dc.TargetPlatforms) > 1,
	}
	if ref := dc.BuildArgs[plan.WheelsFromArg]; ref != "" {
		if err := seedWheels(ctx, dc, b.src, pl, in, ref); err != nil {
			return nil, err
		}
	}
	st, img := pyllb.Compile(pl, in).Target(b.target)
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
