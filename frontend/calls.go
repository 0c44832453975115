package frontend

import (
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/subrequests/outline"
	"github.com/moby/buildkit/frontend/subrequests/targets"
	"github.com/moby/buildkit/solver/pb"

	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

// buildArgs are the build args the frontend reads, with their defaults.
var buildArgs = []outline.Arg{
	{Name: plan.WheelsFromArg, Description: "a --target wheels image whose wheels seed the wheel cache (CI on fresh builders)"},
	{Name: "BUILDKIT_CACHE_MOUNT_NS", Description: "prefix of the cache mount ids"},
	{Name: plan.UvArg, Value: plan.UvRequirement, Description: "the uv to install (installer uv): a pinned version with the sha256 of its wheels"},
}

// listTargets answers `docker buildx build --call targets`.
func listTargets(src *dockerui.Source) *targets.List {
	l := &targets.List{Sources: [][]byte{src.Data}}
	for i, t := range plan.Targets {
		l.Targets = append(l.Targets, targets.Target{Name: string(t.Name), Default: i == 0, Description: t.Description})
	}
	return l
}

// outlineOf answers `docker buildx build --call outline`: the build args the frontend
// reads and the secrets the dependency step mounts, at the Pyfile line that installs them.
func outlineOf(src *dockerui.Source, f *pyfile.File, target plan.Target) *outline.Outline {
	o := &outline.Outline{Name: string(target), Args: buildArgs, Sources: [][]byte{src.Data}}
	for _, t := range plan.Targets {
		if t.Name == target {
			o.Description = t.Description
		}
	}
	loc := &pb.Location{SourceIndex: 0, Ranges: []*pb.Range{lineRange(f.Pos("requirements"))}}
	for _, s := range plan.PipSecrets {
		o.Secrets = append(o.Secrets, outline.Secret{Name: s.ID, Location: loc})
	}
	return o
}
