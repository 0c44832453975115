// Package llb compiles a Pyfile plan into BuildKit LLB states and an OCI image config.
//
// Everywhere in this project BuildKit's client/llb is imported as llb and this package as pyllb.
package llb

import (
	"slices"
	"strings"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/pb"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/pyfile/pyfile/plan"
)

// Inputs are the states and facts the compiler needs from the build.
type Inputs struct {
	Context    llb.State                  // build context, .dockerignore already applied
	Base       llb.State                  // base image of both stages
	BaseName   string                     // fully qualified base reference, e.g. docker.io/library/ubuntu:24.04
	BaseDigest string                     // manifest digest the base was pinned to, "" when unresolved
	BaseImage  *dockerspec.DockerOCIImage // base image config; nil when not resolved (offline)
	Platform   ocispecs.Platform          // target platform
	Source     *llb.SourceMap             // the Pyfile, so step errors show its lines; may be nil
	NoCache    map[plan.Target]bool       // stages to rebuild without cache
	// NamePlatform puts the platform in front of every step name, for builds of more than
	// one platform, whose steps would otherwise show up twice under the same name.
	NamePlatform bool
}

// stepName is a step's name as build progress shows it.
func (in Inputs) stepName(name string) string {
	if in.NamePlatform {
		return "[" + platforms.Format(in.Platform) + "] " + name
	}
	return name
}

// Result is the compiled build.
type Result struct {
	Builder      llb.State                  // the stage with compilers and the venv
	Runner       llb.State                  // the final image's filesystem
	Image        *dockerspec.DockerOCIImage // the final image's config
	BuilderImage *dockerspec.DockerOCIImage // config for --target builder: root, the venv on PATH
	Wheels       llb.State                  // --target wheels: every wheel of the wheel cache, at /
	WheelsImage  *dockerspec.DockerOCIImage // config of the wheels image
}

// Compile turns a plan into LLB. The output depends only on its inputs, so the same
// Pyfile and context always give the same LLB digest.
func Compile(p *plan.Plan, in Inputs) *Result {
	python := pythonLayer(p, in)
	builder, wheels := compileBuilder(p, in, python)
	return &Result{
		Builder:      builder,
		Runner:       compileRunner(p, in, python, builder),
		Image:        imageConfig(p, in),
		BuilderImage: builderConfig(p, in),
		Wheels:       wheels,
		WheelsImage:  wheelsConfig(in),
	}
}

// Target returns the state and the image config of a target.
func (r *Result) Target(t plan.Target) (llb.State, *dockerspec.DockerOCIImage) {
	switch t {
	case plan.TargetBuilder:
		return r.Builder, r.BuilderImage
	case plan.TargetWheels:
		return r.Wheels, r.WheelsImage
	default:
		return r.Runner, r.Image
	}
}

// pythonLayer is the base image with the runner's packages: the distro's Python runtime
// and the Pyfile's runtime packages. Both stages start from it, so Python is downloaded
// and unpacked once per build and platform, and the venv's interpreter is the same file
// at the same path in both.
func pythonLayer(p *plan.Plan, in Inputs) llb.State {
	if p.Runner.System == nil {
		return in.Base
	}
	return run(in.Base, *p.Runner.System, in, stage(in, plan.TargetRunner))
}

// compileBuilder returns the builder stage and the wheels image made after its install step.
func compileBuilder(p *plan.Plan, in Inputs, python llb.State) (llb.State, llb.State) {
	b, c := p.Builder, stage(in, plan.TargetBuilder)
	st := run(python, b.System, in, c)
	if b.Uv != nil {
		st = run(st, *b.Uv, in, c)
	}
	st = run(st, b.Venv, in, c)
	st = run(st, b.Install, in, c, llb.AddMount(plan.RequirementsDir, requirements(p, in, c), llb.Readonly))
	wheels := exec(st, b.ExportWheels, in, c).AddMount(plan.WheelsOutDir, llb.Scratch())
	return st, wheels
}

// SeedWheels is a step that copies a wheels image (from --target wheels of an earlier
// build) into the wheel cache. The frontend solves it on its own, for that side effect:
// it is no input of the build, so the seed never changes a cache key of the image.
func SeedWheels(p *plan.Plan, in Inputs, seed llb.State) llb.State {
	return run(in.Base, p.Builder.SeedWheels, in, nil, llb.AddMount(plan.SeedDir, seed, llb.Readonly))
}

// stage returns the constraints every operation of a stage gets.
func stage(in Inputs, name plan.Target) []llb.ConstraintsOpt {
	if in.NoCache[name] {
		return []llb.ConstraintsOpt{llb.IgnoreCache}
	}
	return nil
}

func compileRunner(p *plan.Plan, in Inputs, python, builder llb.State) llb.State {
	c := stage(in, plan.TargetRunner)
	st := run(python, p.Runner.User, in, c)
	st = st.File(llb.Copy(builder, plan.VenvDir, plan.VenvDir, &llb.CopyInfo{CopyDirContentsOnly: true, CreateDestPath: true}),
		with(c, in, p.Runner.VenvLines, plan.StepCopyVenv)...)
	return st.File(llb.Copy(sealedCode(p, in, python, c), "/", p.Workdir, &llb.CopyInfo{CopyDirContentsOnly: true, CreateDestPath: true}),
		with(c, in, p.Runner.CodeLines, plan.StepCopyCode+" "+p.Workdir)...).Dir(p.Workdir)
}

// sealedCode is the build context compiled to bytecode and made read-only by the Seal
// step, on its own, so that the copy into the image keeps what it finds: the same files
// and modes on every BuildKit, with no symbolic copy modes (BuildKit v0.17 added them,
// and older daemons ignore them and copy every file with mode 0000).
func sealedCode(p *plan.Plan, in Inputs, python llb.State, c []llb.ConstraintsOpt) llb.State {
	code := llb.Scratch().File(llb.Copy(in.Context, "/", "/", &llb.CopyInfo{CopyDirContentsOnly: true}),
		with(c, in, p.Runner.CodeLines, plan.StepStageCode)...)
	return exec(python, p.Runner.Seal, in, c, llb.AddMount(plan.CodeDir, code)).GetMount(plan.CodeDir)
}

// requirements is a state holding only the requirement files, at their context paths,
// so the pip step's cache key changes with them and with nothing else.
func requirements(p *plan.Plan, in Inputs, c []llb.ConstraintsOpt) llb.State {
	var fa *llb.FileAction
	for _, r := range p.Mounted {
		cp := &llb.CopyInfo{CreateDestPath: true}
		if fa == nil {
			fa = llb.Copy(in.Context, r, r, cp)
		} else {
			fa = fa.Copy(in.Context, r, r, cp)
		}
	}
	return llb.Scratch().File(fa, with(c, in, p.Builder.Install.Lines, plan.StepRequirements)...)
}

// run executes one planned step with its env and cache mounts and returns its root.
func run(st llb.State, r plan.Run, in Inputs, c []llb.ConstraintsOpt, extra ...llb.RunOption) llb.State {
	return exec(st, r, in, c, extra...).Root()
}

// exec executes one planned step with its env and cache mounts.
func exec(st llb.State, r plan.Run, in Inputs, c []llb.ConstraintsOpt, extra ...llb.RunOption) llb.ExecState {
	opts := []llb.RunOption{llb.Args(r.Args), llb.WithCustomName(in.stepName(r.Name)), llb.AddEnv("PATH", plan.SystemPath)}
	for _, o := range c {
		opts = append(opts, o)
	}
	for _, kv := range r.Env {
		k, v, _ := strings.Cut(kv, "=")
		opts = append(opts, llb.AddEnv(k, v))
	}
	for _, c := range r.Caches {
		sharing := llb.CacheMountShared
		if c.Locked {
			sharing = llb.CacheMountLocked
		}
		opts = append(opts, llb.AddMount(c.Target, llb.Scratch(), llb.AsPersistentCacheDir(c.ID, sharing)))
	}
	if len(r.Scripts) > 0 {
		opts = append(opts, llb.AddMount(plan.ScriptsDir, scripts(r.Scripts), llb.Readonly))
	}
	for _, sec := range r.Secrets {
		opts = append(opts, llb.AddSecret(sec.Target, llb.SecretID(sec.ID), llb.SecretOptional))
	}
	if loc := At(in.Source, r.Lines); loc != nil {
		opts = append(opts, loc)
	}
	return st.Run(append(opts, extra...)...)
}

// scripts is a state holding a step's constant files.
func scripts(files []plan.Script) llb.State {
	var fa *llb.FileAction
	var names []string
	for _, f := range files {
		if fa == nil {
			fa = llb.Mkfile(f.Name, 0o555, []byte(f.Text))
		} else {
			fa = fa.Mkfile(f.Name, 0o555, []byte(f.Text))
		}
		names = append(names, f.Name)
	}
	return llb.Scratch().File(fa, llb.WithCustomName("pyfile: "+strings.Join(names, ", ")))
}

// At points an operation at Pyfile lines, so that BuildKit shows them under the error
// when the operation fails. It is nil without a source map or lines.
func At(sm *llb.SourceMap, lines []int) llb.ConstraintsOpt {
	if sm == nil || len(lines) == 0 {
		return nil
	}
	ranges := make([]*pb.Range, len(lines))
	for i, l := range lines {
		ranges[i] = &pb.Range{Start: &pb.Position{Line: int32(l)}, End: &pb.Position{Line: int32(l)}}
	}
	return sm.Location(ranges)
}

// with adds the location of lines, if any, to a step's constraints.
func with(c []llb.ConstraintsOpt, in Inputs, lines []int, name string) []llb.ConstraintsOpt {
	out := append(slices.Clone(c), llb.WithCustomName(in.stepName(name)))
	if loc := At(in.Source, lines); loc != nil {
		out = append(out, loc)
	}
	return out
}
