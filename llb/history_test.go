package llb_test

import (
	"slices"
	"strings"
	"testing"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"

	pyllb "github.com/pyfile/pyfile/llb"
)

func createdBy(h []ocispecs.History) []string {
	var out []string
	for _, e := range h {
		out = append(out, e.CreatedBy)
	}
	return out
}

// The image history describes each layer the frontend adds, after the base's own.
func TestHistoryDescribesLayers(t *testing.T) {
	base := []ocispecs.History{{CreatedBy: "debootstrap"}}
	_, res := compileExample(t, "flask", func(in *pyllb.Inputs) {
		in.BaseImage = &dockerspec.DockerOCIImage{}
		in.BaseImage.History = base
	})
	eqs(t, "runner history", createdBy(res.Image.History), []string{
		"debootstrap",
		"pyfile runner: apt-get install python3.12 ca-certificates",
		"pyfile runner: add user app (10001:10001) with home /home/app",
		"pyfile runner: copy /opt/venv from the builder",
		"pyfile runner: copy the code to /app, compiled to bytecode, owned by root, mode go-w",
	})
	eqs(t, "builder history", createdBy(res.BuilderImage.History), []string{
		"debootstrap",
		"pyfile runner: apt-get install python3.12 ca-certificates",
		"pyfile builder: apt-get install python3.12-venv",
		"pyfile builder: install uv 0.13.9 into /opt/pyfile/uv",
		"pyfile builder: create the venv /opt/venv with python3.12",
		"pyfile builder: uv pip install -r requirements.txt into /opt/venv (compilers: auto)",
	})
	for _, h := range slices.Concat(res.Image.History, res.BuilderImage.History) {
		if strings.Contains(h.CreatedBy, "set -eu") || h.EmptyLayer {
			t.Errorf("history entry %+v", h)
		}
	}
}

// With two platforms, every step name says which one it builds (the scripts, files that
// are the same for every platform, excepted).
func TestStepNamesCarryThePlatform(t *testing.T) {
	_, res := compileExample(t, "flask", func(in *pyllb.Inputs) { in.NamePlatform = true })
	g := marshal(t, res.Runner)
	for name, n := range g.nodes {
		if n.GetSource() == nil && n.Op.Op != nil && !strings.HasPrefix(name, "[linux/amd64] ") && !strings.HasPrefix(name, "pyfile: ") {
			t.Errorf("step %q does not name its platform", name)
		}
	}
	g.exec(t, "[linux/amd64] runner: install the Python 3.12 runtime")
}
