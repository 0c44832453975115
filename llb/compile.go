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
	"github.com/moby/buildkit/util/apicaps"
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
	// Caps are the LLB capabilities of the daemon that solves the build; nil means a
	// current BuildKit (offline compiles). Where an older daemon lacks a feature that has
	// an older equivalent, the compiler uses that, so every daemon builds the same image.
	Caps *apicaps.CapSet
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
	builder, wheels := compileBuilder(p, in)
	return &Result{
		Builder:      builder,
		Runner:       compileRunner(p, in, builder),
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

// compileBuilder returns the builder stage and the wheels image made after its pip step.
func compileBuilder(p *plan.Plan, in Inputs) (llb.State, llb.State) {
	b, c := p.Builder, stage(in, plan.TargetBuilder)
	st := run(in.Base, b.System, in, c)
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

func compileRunner(p *plan.Plan, in Inputs, builder llb.State) llb.State {
	st, c := in.Base, stage(in, plan.TargetRunner)
	if p.Runner.System != nil {
		st = run(st, *p.Runner.System, in, c)
	}
	st = run(st, p.Runner.User, in, c)
	st = st.File(llb.Copy(builder, plan.VenvDir, plan.VenvDir, &llb.CopyInfo{CopyDirContentsOnly: true, CreateDestPath: true}),
		with(c, in, p.Runner.VenvLines, plan.StepCopyVenv)...)
	return copyCode(st, p, in, c).Dir(p.Workdir)
}

// copyCode copies the build context to the workdir, owned by root and not writable by
// anyone else (plan.CodeMode). Copies change modes symbolically since BuildKit v0.17
// (file.copy.modestring); older daemons ignore the field and leave every file at mode
// 0000, so there the modes are set by a chmod step on a copy of the code first, and the
// final copy keeps them: the same files and modes on every daemon.
func copyCode(st llb.State, p *plan.Plan, in Inputs, c []llb.ConstraintsOpt) llb.State {
	copyTo := with(c, in, p.Runner.CodeLines, plan.StepCopyCode+" "+p.Workdir)
	info := &llb.CopyInfo{CopyDirContentsOnly: true, CreateDestPath: true}
	if ModeStrings(in.Caps) {
		info.Mode = &llb.ChmodOpt{ModeStr: plan.CodeMode}
		return st.File(llb.Copy(in.Context, "/", p.Workdir, info), copyTo...)
	}
	code := llb.Scratch().File(llb.Copy(in.Context, "/", "/", &llb.CopyInfo{CopyDirContentsOnly: true}),
		with(c, in, p.Runner.CodeLines, plan.StepStageCode)...)
	code = exec(in.Base, p.Runner.CodeModes, in, c, llb.AddMount(plan.CodeDir, code)).GetMount(plan.CodeDir)
	return st.File(llb.Copy(code, "/", p.Workdir, info), copyTo...)
}

// ModeStrings reports whether a daemon with caps applies symbolic modes in copies
// (nil caps are a current BuildKit). BuildKit added them in v0.17.0 as
// file.copy.modestring but never lists that capability (it is missing from its
// solver/pb/caps.go registrations, up to v0.34 at least), so exec.validexitcode, which
// came in the same release, stands for it.
func ModeStrings(caps *apicaps.CapSet) bool {
	return caps == nil || caps.Supports(ModeStringsCap) == nil
}

// ModeStringsCap is the capability that tells that a daemon has symbolic copy modes.
const ModeStringsCap = pb.CapExecValidExitCode

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
	if r.Script != nil {
		script := llb.Scratch().File(llb.Mkfile(r.Script.Name, 0o555, []byte(r.Script.Text)),
			llb.WithCustomName("pyfile: the "+r.Script.Name+" script"))
		opts = append(opts, llb.AddMount(plan.ScriptsDir, script, llb.Readonly))
	}
	for _, sec := range r.Secrets {
		opts = append(opts, llb.AddSecret(sec.Target, llb.SecretID(sec.ID), llb.SecretOptional))
	}
	if loc := At(in.Source, r.Lines); loc != nil {
		opts = append(opts, loc)
	}
	return st.Run(append(opts, extra...)...)
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
	sm := in.Source
	out := append(slices.Clone(c), llb.WithCustomName(in.stepName(name)))
	if loc := At(sm, lines); loc != nil {
		out = append(out, loc)
	}
	return out
}
