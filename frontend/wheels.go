package frontend

import (
	"context"
	"fmt"

	"github.com/distribution/reference"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"

	pyllb "github.com/pyfile/pyfile/llb"
	"github.com/pyfile/pyfile/plan"
)

// seedWheels fills the wheel cache from the wheels image named by PYFILE_WHEELS_FROM, so
// that pip on a fresh CI builder downloads only what the last build did not have. The
// step is solved on its own and is no input of the image: a new wheels image never
// changes the image's cache keys. A missing image (the first CI run) is only a warning.
func seedWheels(ctx context.Context, dc *dockerui.Client, src *dockerui.Source, pl *plan.Plan, in pyllb.Inputs, ref string) error {
	if _, err := reference.ParseNormalizedNamed(ref); err != nil {
		return fmt.Errorf("build arg %s: %q is not an image reference: %w", plan.WheelsFromArg, ref, err)
	}
	img, err := resolveImage(ctx, dc, ref, in.Platform)
	if err != nil {
		src.Warn(ctx, fmt.Sprintf("%s=%s: no wheels image (%v); pip starts with an empty wheel cache", plan.WheelsFromArg, ref, err), client.WarnOpts{})
		return nil
	}
	st := pyllb.SeedWheels(pl, in, llb.Image(img.pinned, llb.Platform(in.Platform)))
	r, err := solve(ctx, dc, st)
	if err != nil {
		return fmt.Errorf("seed the wheel cache from %s: %w", ref, err)
	}
	// Results are lazy: the copy only happens when evaluated.
	if err := r.Evaluate(ctx); err != nil {
		return fmt.Errorf("seed the wheel cache from %s: %w", ref, err)
	}
	return nil
}
