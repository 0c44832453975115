package frontend

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/exporter/containerimage/exptypes"
	gwpb "github.com/moby/buildkit/frontend/gateway/pb"
	"github.com/moby/buildkit/solver/errdefs"
	"github.com/moby/buildkit/solver/pb"
	digest "github.com/opencontainers/go-digest"
)

const flaskPyfile = `# syntax=org/pyfile
python = "3.12"
requirements = "requirements.txt"
entrypoint = ["gunicorn", "app:app"]
`

func flaskFiles() map[string]string {
	return map[string]string{"Pyfile": flaskPyfile, "requirements.txt": "-r base.txt\nflask==3.1.3\n", "base.txt": "gunicorn==23.0.0\n"}
}

// ops returns the ops of every definition the gateway solved, by their step names.
func (g *fakeGateway) ops(t *testing.T) map[string]*pb.Op {
	t.Helper()
	out := map[string]*pb.Op{}
	for _, def := range g.solved {
		for _, dt := range def.Def {
			op := &pb.Op{}
			if err := op.UnmarshalVT(dt); err != nil {
				t.Fatal(err)
			}
			out[digestName(def, dt)] = op
		}
	}
	return out
}

// digestName is an op's custom name, or "" when it has none.
func digestName(def *pb.Definition, dt []byte) string {
	return def.Metadata[digest.FromBytes(dt).String()].GetDescription()["llb.customname"]
}

func runBuild(t *testing.T, g *fakeGateway) (map[string][]byte, error) {
	t.Helper()
	res, err := Build(context.Background(), g)
	if err != nil {
		return nil, err
	}
	return res.Metadata, nil
}

func TestBuildSolvesTheImage(t *testing.T) {
	g := newFakeGateway(flaskFiles(), nil)
	md, err := runBuild(t, g)
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(md[exptypes.ExporterImageConfigKey])
	for _, want := range []string{`"User":"10001:10001"`, `"gunicorn","--bind","0.0.0.0:8000"`, "pyfile runner: copy the code to /app"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("image config lacks %s:\n%s", want, cfg)
		}
	}
	ops := g.ops(t)
	if ops["builder: install uv 0.13.9"].GetExec() == nil || ops["runner: compile and seal the code (bytecode, chmod go-w)"].GetExec() == nil {
		t.Errorf("no uv or seal step in %q", slices.Sorted(maps.Keys(ops)))
	}
	// The included requirement file is mounted for pip too.
	var copied []string
	for _, a := range ops["builder: copy the requirement files"].GetFile().GetActions() {
		copied = append(copied, a.GetCopy().GetSrc())
	}
	if strings.Join(copied, " ") != "/requirements.txt /base.txt" {
		t.Errorf("requirement files copied: %q", copied)
	}
}

// The code is sealed by a step of its own on every BuildKit: older daemons ignore
// symbolic copy modes, so the frontend never uses them.
func TestBuildOnBuildKitBeforeModeStrings(t *testing.T) {
	g := newFakeGateway(flaskFiles(), nil)
	g.llbCaps = without(&pb.Caps, pb.CapExecValidExitCode) // v0.16: no exec.validexitcode, no mode strings
	if _, err := runBuild(t, g); err != nil {
		t.Fatal(err)
	}
	ops := g.ops(t)
	seal := ops["runner: compile and seal the code (bytecode, chmod go-w)"].GetExec()
	if seal == nil || strings.Join(seal.Meta.Args, " ") != "/bin/sh /run/pyfile/scripts/seal-code /usr/bin/python3.12 /run/pyfile/code /app" {
		t.Fatalf("seal step = %v", seal)
	}
	if code := ops["runner: copy the code to /app"].GetFile().GetActions()[0].GetCopy(); code.ModeStr != "" {
		t.Errorf("code copy uses mode %q, which this BuildKit ignores", code.ModeStr)
	}
}

func TestBuildBelowTheMinimum(t *testing.T) {
	g := newFakeGateway(flaskFiles(), nil)
	g.caps = without(&gwpb.Caps, gwpb.CapGatewayWarnings)
	_, err := runBuild(t, g)
	if err == nil || !strings.Contains(err.Error(), "Pyfile needs BuildKit "+MinBuildKit) {
		t.Fatalf("err = %v", err)
	}
	if len(g.solved) > 1 { // reading the Pyfile is the only solve
		t.Errorf("%d definitions solved before the capability check", len(g.solved))
	}
}

func TestBuildLLBCapabilityMissing(t *testing.T) {
	g := newFakeGateway(flaskFiles(), nil)
	g.llbCaps = without(&pb.Caps, pb.CapExecMountCache)
	_, err := runBuild(t, g)
	if err == nil || !strings.Contains(err.Error(), `"exec.mount.cache" (cache mounts for apt and pip)`) {
		t.Fatalf("err = %v", err)
	}
}

func TestBuildSubrequests(t *testing.T) {
	for _, tc := range []struct {
		request string
		files   map[string]string
		want    string
	}{
		{"frontend.targets", flaskFiles(), `"name": "wheels"`},
		{"frontend.outline", flaskFiles(), `"name": "PYFILE_WHEELS_FROM"`},
		{"frontend.lint", map[string]string{"Pyfile": "python = 3.12\n"}, `must be a string such as`},
		// check reads the build context too: a missing requirements file fails it.
		{"frontend.lint", map[string]string{"Pyfile": flaskPyfile}, `"ruleName": "RequirementFiles"`},
	} {
		t.Run(tc.request, func(t *testing.T) {
			g := newFakeGateway(tc.files, map[string]string{"requestid": tc.request})
			md, err := runBuild(t, g)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(md["result.json"]), tc.want) {
				t.Errorf("result lacks %s:\n%s", tc.want, md["result.json"])
			}
			for name, op := range g.ops(t) {
				if op.GetExec() != nil {
					t.Errorf("%s ran %q; it must not build", tc.request, name)
				}
			}
		})
	}
	g := newFakeGateway(flaskFiles(), map[string]string{"requestid": "frontend.convertllb"})
	var unsupported *errdefs.UnsupportedSubrequestError
	if _, err := runBuild(t, g); !errors.As(err, &unsupported) {
		t.Errorf("an unanswered call: %v, want BuildKit's unsupported-subrequest error", err)
	}
}

func TestBuildErrorsPointAtThePyfile(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		opts  map[string]string
		want  string
		line  int32
	}{
		{"missing requirements file", map[string]string{"Pyfile": flaskPyfile}, nil, `requirements file "requirements.txt" is not in the build context`, 3},
		{"unknown target", flaskFiles(), map[string]string{"target": "tests"}, `unknown target "tests"`, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runBuild(t, newFakeGateway(tc.files, tc.opts))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %s", err, tc.want)
			}
			srcs := errdefs.Sources(err)
			if tc.line == 0 {
				return
			}
			if len(srcs) != 1 || srcs[0].Ranges[0].Start.Line != tc.line {
				t.Errorf("sources = %+v, want the Pyfile at line %d", srcs, tc.line)
			}
		})
	}
}
