package frontend

import (
	"context"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/solver/errdefs"
	"github.com/moby/buildkit/solver/pb"

	"github.com/pyfile/pyfile/pyfile"
)

// withSource attaches the Pyfile lines of located errors, so `docker buildx build`
// prints the snippet under the message.
func withSource(err error, sm *llb.SourceMap) error {
	es := pyfile.AsErrors(err)
	if len(es) == 0 || sm == nil {
		return err
	}
	return errdefs.WithSource(err, &errdefs.Source{Info: sourceInfo(sm), Ranges: ranges(es)})
}

func sourceInfo(sm *llb.SourceMap) *pb.SourceInfo {
	info := &pb.SourceInfo{Filename: sm.Filename, Language: sm.Language, Data: sm.Data}
	if sm.Definition != nil {
		info.Definition = sm.Definition.ToPB()
	}
	return info
}

func ranges(es pyfile.Errors) []*pb.Range {
	out := make([]*pb.Range, len(es))
	for i, e := range es {
		out[i] = lineRange(e.Pos)
	}
	return out
}

func lineRange(p pyfile.Position) *pb.Range {
	return &pb.Range{
		Start: &pb.Position{Line: int32(p.Line), Character: int32(p.Column - 1)},
		End:   &pb.Position{Line: int32(p.Line)},
	}
}

// warn shows problems that do not stop the build as BuildKit warnings.
func warn(ctx context.Context, src *dockerui.Source, ws []*pyfile.Error) {
	for _, w := range ws {
		src.Warn(ctx, w.Error(), client.WarnOpts{Range: []*pb.Range{lineRange(w.Pos)}})
	}
}
