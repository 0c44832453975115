package frontend

import (
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/subrequests/outline"
	"github.com/moby/buildkit/frontend/subrequests/targets"
	"github.com/moby/buildkit/solver/pb"

	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

// target is a stage that --target can build.
type target struct {
	name, description string
}

// stages are the targets of every Pyfile, the default first.
var stages = []target{
	{TargetRunner, "the app's image: the Python runtime, the venv, the code and a non-root user"},
	{TargetBuilder, "the builder stage, for debugging: compilers, headers and the venv, run as root"},
	{TargetWheels, "the wheel cache as an image, to seed a fresh CI builder with " + plan.WheelsFromArg},
}

// buildArgs are the build args the frontend reads, with their defaults.
var buildArgs = []outline.Arg{
	{Name: plan.WheelsFromArg, Description: "a --target wheels image whose wheels seed the wheel cache (CI on fresh builders)"},
	{Name: "BUILDKIT_CACHE_MOUNT_NS", Description: "prefix of the cache mount ids"},
}

// listTargets answers `docker buildx build --call targets`.
func listTargets(src *dockerui.Source) *targets.List {
	l := &targets.List{Sources: [][]byte{src.Data}}
	for i, s := range stages {
		l.Targets = append(l.Targets, targets.Target{Name: s.name, Default: i == 0, Description: s.description})
	}
	return l
}

// outlineOf answers `docker buildx build --call outline`: the build args the frontend
// reads and the secrets the dependency step mounts, at the Pyfile line that installs them.
func outlineOf(src *dockerui.Source, f *pyfile.File, name string) *outline.Outline {
	if name == "" {
		name = TargetRunner
	}
	o := &outline.Outline{Name: name, Args: buildArgs, Sources: [][]byte{src.Data}}
	for _, s := range stages {
		if s.name == name {
			o.Description = s.description
		}
	}
	loc := &pb.Location{SourceIndex: 0, Ranges: []*pb.Range{lineRange(f.Pos("requirements"))}}
	for _, s := range plan.PipSecrets {
		o.Secrets = append(o.Secrets, outline.Secret{Name: s.ID, Location: loc})
	}
	return o
}
