package frontend

import (
	"context"
	"fmt"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"

	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

// contextFiles is what the build context gives the compiler: the main context (with
// .dockerignore applied) and the files that the requirement files include.
type contextFiles struct {
	main     llb.State
	includes []string
}

// loadContext reads the build context in the background, so that it overlaps with the
// base image lookup; the function it returns waits for the result.
func loadContext(ctx context.Context, dc *dockerui.Client, f *pyfile.File) func() (*contextFiles, error) {
	var (
		cf  contextFiles
		err error
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		st, e := dc.MainContext(ctx)
		if e != nil {
			err = fmt.Errorf("load the build context: %w", e)
			return
		}
		cf.main = *st
		cf.includes, err = requirementFiles(ctx, dc, f)
	}()
	return func() (*contextFiles, error) {
		<-done
		if err != nil {
			return nil, err
		}
		return &cf, nil
	}
}

// requirementFiles checks that the Pyfile's requirement files are in the build context
// and returns the files they include. Only those files are transferred for the check.
func requirementFiles(ctx context.Context, dc *dockerui.Client, f *pyfile.File) ([]string, error) {
	return plan.RequirementFiles(f, func(paths []string) (map[string][]byte, error) {
		st, err := dc.MainContext(ctx, llb.FollowPaths(paths), llb.WithCustomName("load requirement files"))
		if err != nil {
			return nil, err
		}
		ref, err := solve(ctx, dc, *st)
		if err != nil {
			return nil, fmt.Errorf("load requirement files: %w", err)
		}
		files := map[string][]byte{}
		for _, path := range paths {
			if data, err := ref.ReadFile(ctx, client.ReadRequest{Filename: path}); err == nil {
				files[path] = data
			}
		}
		return files, nil
	})
}

func solve(ctx context.Context, dc *dockerui.Client, st llb.State) (client.Reference, error) {
	def, err := marshal(ctx, dc.BuildOpts().LLBCaps, st)
	if err != nil {
		return nil, err
	}
	res, err := dc.GatewayClient().Solve(ctx, client.SolveRequest{Definition: def.ToPB()})
	if err != nil {
		return nil, err
	}
	return res.SingleRef()
}
