package frontend

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/gateway/client"
	gwpb "github.com/moby/buildkit/frontend/gateway/pb"
	"github.com/moby/buildkit/solver/pb"
	"github.com/moby/buildkit/util/apicaps"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	fstypes "github.com/tonistiigi/fsutil/types"
)

// fakeGateway is a BuildKit gateway without a daemon: every solve returns a reference to
// the same files (the Pyfile, the build context), image lookups answer a linux/amd64
// config, and the definitions solved are kept for the test to read.
type fakeGateway struct {
	opts     map[string]string
	files    map[string]string
	caps     apicaps.CapSet // gateway capabilities
	llbCaps  apicaps.CapSet
	solved   []*pb.Definition
	warnings []string
}

func newFakeGateway(files map[string]string, opts map[string]string) *fakeGateway {
	return &fakeGateway{
		opts:    maps.Clone(opts),
		files:   files,
		caps:    all(&gwpb.Caps),
		llbCaps: all(&pb.Caps),
	}
}

func all(list *apicaps.CapList) apicaps.CapSet { return without(list) }

func (g *fakeGateway) BuildOpts() client.BuildOpts {
	return client.BuildOpts{Opts: g.opts, Caps: g.caps, LLBCaps: g.llbCaps}
}

func (g *fakeGateway) Solve(_ context.Context, req client.SolveRequest) (*client.Result, error) {
	if req.Definition != nil {
		g.solved = append(g.solved, req.Definition)
	}
	res := client.NewResult()
	res.SetRef(fakeRef{g})
	return res, nil
}

func (g *fakeGateway) ResolveImageConfig(_ context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	img := dockerspec.DockerOCIImage{}
	img.Platform = ocispecs.Platform{OS: "linux", Architecture: "amd64"}
	img.History = []ocispecs.History{{CreatedBy: "base"}}
	dt, err := json.Marshal(img)
	return ref, digest.FromString(ref), dt, err
}

func (g *fakeGateway) ResolveSourceMetadata(context.Context, *pb.SourceOp, sourceresolver.Opt) (*sourceresolver.MetaResponse, error) {
	return nil, errors.New("fake gateway: no source metadata")
}

func (g *fakeGateway) Inputs(context.Context) (map[string]llb.State, error) { return nil, nil }

func (g *fakeGateway) NewContainer(context.Context, client.NewContainerRequest) (client.Container, error) {
	return nil, errors.New("fake gateway: no containers")
}

func (g *fakeGateway) Warn(_ context.Context, _ digest.Digest, msg string, _ client.WarnOpts) error {
	g.warnings = append(g.warnings, msg)
	return nil
}

type fakeRef struct{ g *fakeGateway }

func (r fakeRef) ToState() (llb.State, error)    { return llb.Scratch(), nil }
func (r fakeRef) Evaluate(context.Context) error { return nil }

func (r fakeRef) ReadFile(_ context.Context, req client.ReadRequest) ([]byte, error) {
	dt, ok := r.g.files[req.Filename]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return []byte(dt), nil
}

func (r fakeRef) StatFile(context.Context, client.StatRequest) (*fstypes.Stat, error) {
	return nil, fs.ErrNotExist
}

func (r fakeRef) ReadDir(context.Context, client.ReadDirRequest) ([]*fstypes.Stat, error) {
	return nil, fs.ErrNotExist
}
