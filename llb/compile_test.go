package llb_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/pb"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/pyfile/pyfile/internal/offline"
	pyllb "github.com/pyfile/pyfile/llb"
	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

// The only shell scripts the LLB may run.
var (
	aptScript  = plan.AptScript
	pipScript  = plan.PipScript
	userScript = plan.UserScript
	sealScript = plan.SealScript
	uvScript   = plan.UvBootstrapScript
)

var (
	amd64      = ocispecs.Platform{OS: "linux", Architecture: "amd64"}
	baseDigest = "sha256:" + strings.Repeat("ab", 32)
)

// examples are the Pyfiles of ../examples and what they compile to.
var examples = []struct {
	name, python, base string
	entrypoint, cmd    []string
	ports              []string
}{
	{"flask", "3.12", "ubuntu:24.04",
		[]string{"gunicorn", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "--worker-class", "gevent", "--workers", "2", "app:app"}, nil, []string{"8000/tcp"}},
	{"fastapi", "3.13", "debian:trixie-slim",
		[]string{"uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"}, nil, []string{"8000/tcp"}},
	{"cli", "3.11", "debian:bookworm-slim",
		[]string{"python", "-m", "pyfile_cli"}, []string{"--name", "world"}, nil},
}

func TestBuilderOps(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			_, res := compileExample(t, ex.name, nil)
			g := marshal(t, res.Builder)
			py, image := "python"+ex.python, "docker-image://docker.io/library/"+ex.base

			// The builder starts from the runner's Python layer and adds venv tooling only.
			runtime := g.exec(t, "runner: install the Python "+ex.python+" runtime")
			eq(t, "python layer rootfs", runtime.rootfs(t), image)
			apt := g.exec(t, "builder: install Python "+ex.python+" build tools")
			eqs(t, "apt argv", apt.args(), sh(aptScript, py+"-venv"))
			apt.wantEnv(t, "DEBIAN_FRONTEND=noninteractive")
			apt.wantCache(t, "/var/cache/pyfile-apt", "pyfile-apt-archives-"+ex.base+"-linux/amd64")
			apt.wantCache(t, "/var/lib/apt/lists", "pyfile-apt-lists-"+ex.base+"-linux/amd64")
			eq(t, "apt rootfs", apt.rootfs(t), runtime.name)

			uv := g.exec(t, "builder: install uv 0.13.9")
			eqs(t, "uv argv", uv.args(), sh(uvScript, "/usr/bin/"+py))
			uv.wantEnv(t, "PIP_CERT=/etc/ssl/certs/ca-certificates.crt")
			eq(t, "uv rootfs", uv.rootfs(t), apt.name)

			venv := g.exec(t, "builder: create the venv at /opt/venv")
			eqs(t, "venv argv", venv.args(), []string{"/opt/pyfile/uv/bin/uv", "venv", "--quiet", "--python", "/usr/bin/" + py, "--no-python-downloads", "/opt/venv"})
			eq(t, "venv rootfs", venv.rootfs(t), uv.name)

			pip := g.exec(t, "builder: install requirements")
			eqs(t, "install argv", pip.args(), []string{"/usr/bin/" + py, "/run/pyfile/scripts/uv-install.py", "/opt/venv/bin/python", "auto",
				"--requirement", "/run/pyfile/requirements/requirements.txt"})
			pip.wantEnv(t, "UV_COMPILE_BYTECODE=1")
			pip.wantEnv(t, "PYC_INVALIDATION_MODE=UNCHECKED_HASH")
			pip.wantCache(t, "/root/.cache/uv", "pyfile-uv-"+ex.base+"-linux/amd64")
			pip.wantCache(t, "/var/cache/pyfile-apt", "pyfile-apt-archives-"+ex.base+"-linux/amd64")
			eq(t, "install rootfs", pip.rootfs(t), venv.name)
			m := pip.mount(t, "/run/pyfile/requirements")
			if !m.Readonly || m.MountType != pb.MountType_BIND || m.Selector != "" {
				t.Errorf("requirements mount = %v, want a read-only bind", m)
			}
			eq(t, "requirements mount", pip.in(m.Input), "builder: copy the requirement files")

			reqs, from, to := g.copy(t, "builder: copy the requirement files")
			eq(t, "requirements copy src", reqs.Src, "/requirements.txt") // that file, not the context
			eq(t, "requirements copy dest", reqs.Dest, "/requirements.txt")
			eq(t, "requirements copy from", from, "local://context")
			eq(t, "requirements copy onto", to, "") // scratch

			eq(t, "builder output", g.root, pip.name)
		})
	}
}

func TestRunnerOps(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			_, res := compileExample(t, ex.name, nil)
			g := marshal(t, res.Runner)
			py := "python" + ex.python

			apt := g.exec(t, "runner: install the Python "+ex.python+" runtime")
			eqs(t, "apt argv", apt.args(), sh(aptScript, py, "ca-certificates"))
			apt.wantCache(t, "/var/cache/pyfile-apt", "pyfile-apt-archives-"+ex.base+"-linux/amd64")
			apt.wantCache(t, "/var/lib/apt/lists", "pyfile-apt-lists-"+ex.base+"-linux/amd64")
			eq(t, "apt rootfs", apt.rootfs(t), "docker-image://docker.io/library/"+ex.base)

			user := g.exec(t, "runner: add user app (10001)")
			eqs(t, "useradd argv", user.args(), sh(userScript, "app", "10001", "10001", "/home/app"))
			eq(t, "useradd rootfs", user.rootfs(t), apt.name)

			venv, from, to := g.copy(t, "runner: copy the venv from the builder")
			if venv.Src != "/opt/venv" || venv.Dest != "/opt/venv" || !venv.DirCopyContents || venv.Owner != nil {
				t.Errorf("venv copy = %v", venv)
			}
			eq(t, "venv copy from", from, "builder: install requirements")
			eq(t, "venv copy onto", to, user.name)

			// The code's own copy and seal: TestCodeIsSealed.
			_, _, to = g.copy(t, "runner: copy the code to /app")
			eq(t, "code copy onto", to, "runner: copy the venv from the builder")
			eq(t, "runner output", g.root, "runner: copy the code to /app")
			want, _ := json.Marshal(dockerignore(t, ex.name))
			eq(t, "context excludes", g.nodes["local://context"].GetSource().Attrs[pb.AttrExcludePatterns], string(want))

			for _, e := range g.execs() {
				for _, a := range e.args() {
					if strings.HasPrefix(e.name, "runner:") && (a == "build-essential" || a == "gcc" || strings.HasSuffix(a, "-dev") || strings.HasSuffix(a, "-venv")) {
						t.Errorf("%q installs %s in the runner", e.name, a)
					}
				}
			}
		})
	}
}

func TestExecsRunNoShellLines(t *testing.T) {
	if !strings.Contains(aptScript.Text, `"$@"`) || !strings.Contains(pipScript.Text, `"$@"`) || !strings.Contains(userScript.Text, `"$1"`) {
		t.Fatal("the scripts must take their values as positional arguments")
	}
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			_, res := compileExample(t, ex.name, nil)
			g := marshal(t, res.Runner)
			for _, e := range g.execs() {
				argv := e.args()
				if len(argv) == 0 || !filepath.IsAbs(argv[0]) {
					t.Errorf("%q: argv[0] of %q is not an absolute path", e.name, argv)
					continue
				}
				if !strings.HasSuffix(argv[0], "sh") {
					continue
				}
				// A shell runs only one of the constant scripts, from its read-only mount.
				var script *plan.Script
				for _, sc := range []plan.Script{aptScript, pipScript, userScript, sealScript, uvScript} {
					if len(argv) >= 2 && argv[1] == "/run/pyfile/scripts/"+sc.Name {
						script = &sc
					}
				}
				if script == nil {
					t.Errorf("%q runs a shell without one of the constant scripts: %q", e.name, argv)
					continue
				}
				m := e.mount(t, "/run/pyfile/scripts")
				var mk *pb.FileActionMkFile
				for _, a := range g.nodes[e.in(m.Input)].GetFile().GetActions() {
					if f := a.GetMkfile(); f != nil && f.Path == "/"+script.Name {
						mk = f
					}
				}
				if !m.Readonly || mk == nil || string(mk.Data) != script.Text {
					t.Errorf("%q: script mount %v holds %v, want %s read-only", e.name, m, mk, script.Name)
				}
				for _, v := range []string{ex.name, ex.python, "gunicorn", "uvicorn"} {
					if strings.Contains(script.Text, v) {
						t.Errorf("%q: value %q is inside the script text", e.name, v)
					}
				}
			}
		})
	}
}

func TestImageConfig(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			f, res := compileExample(t, ex.name, nil)
			img, c := res.Image, res.Image.Config
			eq(t, "platform", img.OS+"/"+img.Architecture, "linux/amd64")
			eq(t, "user", c.User, "10001:10001")
			eq(t, "workdir", c.WorkingDir, "/app")
			if !slices.ContainsFunc(c.Env, func(kv string) bool { return strings.HasPrefix(kv, "PATH=/opt/venv/bin:") }) {
				t.Errorf("env %q has no PATH starting with /opt/venv/bin:", c.Env)
			}
			for _, kv := range []string{"VIRTUAL_ENV=/opt/venv", "PYTHONUNBUFFERED=1"} {
				if !slices.Contains(c.Env, kv) {
					t.Errorf("env %q lacks %s", c.Env, kv)
				}
			}
			eqs(t, "entrypoint", c.Entrypoint, ex.entrypoint)
			eqs(t, "cmd", c.Cmd, ex.cmd)
			eqs(t, "exposed ports", slices.Sorted(maps.Keys(c.ExposedPorts)), ex.ports)
			want := map[string]string{
				ocispecs.AnnotationBaseImageName:   "docker.io/library/" + ex.base,
				ocispecs.AnnotationBaseImageDigest: baseDigest,
			}
			for _, l := range f.Labels {
				want[l.Key] = l.Value
			}
			if len(f.Labels) == 0 || !maps.Equal(c.Labels, want) {
				t.Errorf("labels = %v, want %v", c.Labels, want)
			}

			// --target builder: root, from /, nothing to run, same env and labels.
			bc := res.BuilderImage.Config
			if bc.User != "" || bc.WorkingDir != "/" || bc.Entrypoint != nil || bc.Cmd != nil || bc.ExposedPorts != nil {
				t.Errorf("builder config user %q workdir %q entrypoint %q cmd %q ports %v", bc.User, bc.WorkingDir, bc.Entrypoint, bc.Cmd, bc.ExposedPorts)
			}
			eqs(t, "builder env", bc.Env, c.Env)
			if !maps.Equal(bc.Labels, c.Labels) {
				t.Errorf("builder labels = %v, want %v", bc.Labels, c.Labels)
			}
		})
	}
	_, res := compileExample(t, "flask", func(in *pyllb.Inputs) { in.BaseDigest = "" })
	if _, ok := res.Image.Config.Labels[ocispecs.AnnotationBaseImageDigest]; ok {
		t.Errorf("base digest label set without a BaseDigest")
	}
}

// TestBuilderIgnoresCode compiles with two different contexts: the builder must read the
// context only through the requirements copy, so code changes cannot reach its cache keys.
func TestBuilderIgnoresCode(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			f := parseExample(t, ex.name)
			a := marshal(t, compile(t, f, []string{"*.md"}, nil).Builder).normalized()
			b := marshal(t, compile(t, f, []string{"*.py", "tests"}, nil).Builder).normalized()
			var differ []string
			for name, op := range a {
				if b[name] != op {
					differ = append(differ, name)
				}
			}
			if len(a) != len(b) || !slices.Equal(differ, []string{"local://context"}) {
				t.Errorf("builder ops that change with the context: %q, want only the local source", differ)
			}
			readers := []string{"builder: copy the requirement files", "runner: stage the code"}
			for _, n := range marshal(t, compile(t, f, nil, nil).Runner).nodes {
				if slices.Contains(n.inputs, "local://context") && !slices.Contains(readers, n.name) {
					t.Errorf("%q reads the build context", n.name)
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	files := map[string]*pyfile.File{"inline": parse(t, []byte(`python = "3.12"
requirements = ["requirements.txt", "requirements-extra.txt"]
entrypoint = ["python", "-m", "app"]
ports = [8000, "53/udp", 9000]
env = { ZETA = "z", ALPHA = "a", MIDDLE = "m", BETA = "b" }
labels = { "z.label" = "1", "a.label" = "2", "m.label" = "3", "b.label" = "4" }
apt = { build = ["libpq-dev", "libffi-dev"], runtime = ["libpq5", "libffi8"] }
`))}
	for _, ex := range examples {
		files[ex.name] = parseExample(t, ex.name)
	}
	for name, f := range files {
		t.Run(name, func(t *testing.T) {
			var first [][]byte
			var firstImg []byte
			for i := range 20 {
				res := compile(t, f, []string{"*.md", ".git", "*.pyc"}, nil)
				def := marshalDef(t, res.Runner)
				img, _ := json.Marshal(res.Image)
				if i == 0 {
					first, firstImg = def.Def, img
					continue
				}
				if !slices.EqualFunc(def.Def, first, slices.Equal) {
					t.Fatalf("compile %d: runner definition differs (last op %s vs %s)", i, digestOf(def.Def[len(def.Def)-1]), digestOf(first[len(first)-1]))
				}
				if string(img) != string(firstImg) {
					t.Fatalf("compile %d: image config differs:\n%s\n%s", i, img, firstImg)
				}
			}
		})
	}
}

func TestNoCache(t *testing.T) {
	for _, stage := range []plan.Target{plan.TargetBuilder, plan.TargetRunner} {
		t.Run(string(stage), func(t *testing.T) {
			_, res := compileExample(t, "flask", func(in *pyllb.Inputs) { in.NoCache = map[plan.Target]bool{stage: true} })
			for _, n := range marshal(t, res.Runner).nodes {
				prefix, _, named := strings.Cut(n.name, ":")
				if named && (prefix == "builder" || prefix == "runner") && n.meta.IgnoreCache != (prefix == string(stage)) {
					t.Errorf("%q: IgnoreCache = %v with NoCache[%s]", n.name, n.meta.IgnoreCache, stage)
				}
			}
		})
	}
}

func TestOfficialPythonBase(t *testing.T) {
	f := parse(t, []byte(`python = "3.12"
base = "python:3.12-slim"
requirements = "requirements.txt"
entrypoint = ["python", "-m", "app"]
`))
	p, err := plan.New(f, plan.Options{Platform: "linux/amd64"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Runner.System != nil {
		t.Errorf("runner installs %q on an official python image, want nothing", p.Runner.System.Args)
	}
	res := compile(t, f, nil, nil)
	b := marshal(t, res.Builder)
	apt := b.exec(t, "builder: install Python 3.12 build tools").args()
	eqs(t, "apt argv", apt, sh(aptScript, "ca-certificates"))
	eqs(t, "uv argv", b.exec(t, "builder: install uv 0.13.9").args(), sh(uvScript, "/usr/local/bin/python3.12"))
	eqs(t, "venv argv", b.exec(t, "builder: create the venv at /opt/venv").args(),
		[]string{"/opt/pyfile/uv/bin/uv", "venv", "--quiet", "--python", "/usr/local/bin/python3.12", "--no-python-downloads", "/opt/venv"})
	r := marshal(t, res.Runner)
	eq(t, "useradd rootfs", r.exec(t, "runner: add user app (10001)").rootfs(t), "docker-image://docker.io/library/python:3.12-slim")
	for _, e := range r.execs() {
		if strings.HasPrefix(e.name, "runner:") && slices.Contains(e.args(), "/run/pyfile/scripts/"+aptScript.Name) {
			t.Errorf("runner runs apt: %q", e.args())
		}
	}
}

// --- helpers ---

func sh(script plan.Script, args ...string) []string {
	return append([]string{"/bin/sh", "/run/pyfile/scripts/" + script.Name}, args...)
}

func parse(t *testing.T, data []byte) *pyfile.File {
	t.Helper()
	f, err := pyfile.Parse("Pyfile", data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func parseExample(t *testing.T, name string) *pyfile.File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "examples", name, "Pyfile"))
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, data)
}

// dockerignore reads an example's .dockerignore patterns as pyfile2llb does.
func dockerignore(t *testing.T, name string) []string {
	t.Helper()
	dir := filepath.Join("..", "examples", name)
	patterns, err := offline.Excludes(dir, filepath.Join(dir, "Pyfile"))
	if err != nil || len(patterns) == 0 {
		t.Fatalf("%s: no .dockerignore patterns (%v)", name, err)
	}
	return patterns
}

func compileExample(t *testing.T, name string, mod func(*pyllb.Inputs)) (*pyfile.File, *pyllb.Result) {
	f := parseExample(t, name)
	return f, compile(t, f, dockerignore(t, name), mod)
}

// compile plans f and compiles it with pyfile2llb's offline inputs.
func compile(t *testing.T, f *pyfile.File, excludes []string, mod func(*pyllb.Inputs)) *pyllb.Result {
	t.Helper()
	p, err := plan.New(f, plan.Options{Platform: "linux/amd64"})
	if err != nil {
		t.Fatal(err)
	}
	in := offline.Inputs(p, offline.Context("pyfile-test", excludes), amd64)
	in.BaseName, in.BaseDigest = "docker.io/library/"+p.Base.Ref, baseDigest
	if mod != nil {
		mod(&in)
	}
	return pyllb.Compile(p, in)
}

func marshalDef(t *testing.T, st llb.State) *llb.Definition {
	t.Helper()
	def, err := st.Marshal(context.Background(), llb.Platform(amd64))
	if err != nil {
		t.Fatal(err)
	}
	return def
}

func digestOf(dt []byte) string {
	sum := sha256.Sum256(dt)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// graph is a marshalled state, its ops named by custom name or source identifier.
type graph struct {
	nodes map[string]*node
	root  string // name of the op the state outputs
}

type node struct {
	*pb.Op
	name   string
	inputs []string // names of the op's inputs
	meta   llb.OpMetadata
}

func marshal(t *testing.T, st llb.State) *graph {
	t.Helper()
	def := marshalDef(t, st)
	names, ops, meta := map[string]string{}, map[string]*pb.Op{}, map[string]llb.OpMetadata{}
	for d, m := range def.Metadata {
		meta[string(d)] = m
	}
	for _, dt := range def.Def {
		op := &pb.Op{}
		if err := op.UnmarshalVT(dt); err != nil {
			t.Fatal(err)
		}
		d := digestOf(dt)
		ops[d], names[d] = op, d
		if n := meta[d].Description["llb.customname"]; n != "" {
			names[d] = n
		} else if src := op.GetSource(); src != nil {
			names[d] = src.Identifier
		}
	}
	g := &graph{nodes: map[string]*node{}}
	for d, op := range ops {
		n := &node{Op: op, name: names[d], meta: meta[d]}
		for _, in := range op.Inputs {
			n.inputs = append(n.inputs, names[in.Digest])
		}
		if op.Op == nil { // the definition's terminal op
			g.root = n.inputs[0]
			continue
		}
		if g.nodes[n.name] != nil {
			t.Fatalf("two ops named %q", n.name)
		}
		g.nodes[n.name] = n
	}
	return g
}

func (g *graph) exec(t *testing.T, name string) *node {
	t.Helper()
	n := g.nodes[name]
	if n == nil || n.GetExec() == nil {
		t.Fatalf("no exec op named %q; ops: %q", name, slices.Sorted(maps.Keys(g.nodes)))
	}
	return n
}

func (g *graph) execs() []*node {
	var out []*node
	for _, n := range g.nodes {
		if n.GetExec() != nil {
			out = append(out, n)
		}
	}
	return out
}

// copy returns the single copy action of a file op, the name of the state it copies
// from and of the one it copies onto ("" for scratch).
func (g *graph) copy(t *testing.T, name string) (*pb.FileActionCopy, string, string) {
	t.Helper()
	f := g.nodes[name].GetFile()
	if f == nil || len(f.Actions) != 1 || f.Actions[0].GetCopy() == nil {
		t.Fatalf("%q is not a file op with one copy", name)
	}
	a := f.Actions[0]
	return a.GetCopy(), g.nodes[name].in(a.SecondaryInput), g.nodes[name].in(a.Input)
}

// normalized returns every op's bytes with input digests replaced by input names.
func (g *graph) normalized() map[string]string {
	out := map[string]string{}
	for name, n := range g.nodes {
		op := n.CloneVT()
		for i, in := range op.Inputs {
			in.Digest = n.inputs[i]
		}
		dt, _ := op.MarshalVT()
		out[name] = string(dt)
	}
	return out
}

// in returns the name of input i, "" for none (scratch).
func (n *node) in(i int64) string {
	if i < 0 || int(i) >= len(n.inputs) {
		return ""
	}
	return n.inputs[i]
}

func (n *node) args() []string { return n.GetExec().GetMeta().GetArgs() }

func (n *node) rootfs(t *testing.T) string { return n.in(n.mount(t, "/").Input) }

func (n *node) mount(t *testing.T, dest string) *pb.Mount {
	t.Helper()
	for _, m := range n.GetExec().Mounts {
		if m.Dest == dest {
			return m
		}
	}
	t.Fatalf("%q has no mount at %s", n.name, dest)
	return nil
}

func (n *node) wantEnv(t *testing.T, kv string) {
	t.Helper()
	if env := n.GetExec().GetMeta().GetEnv(); !slices.Contains(env, kv) {
		t.Errorf("%q env = %q, want %s", n.name, env, kv)
	}
}

func (n *node) wantCache(t *testing.T, dest, id string) {
	t.Helper()
	m := n.mount(t, dest)
	if m.MountType != pb.MountType_CACHE || m.CacheOpt.GetID() != id || m.CacheOpt.GetSharing() != pb.CacheSharingOpt_LOCKED {
		t.Errorf("%q mount at %s = %v, want locked cache %q", n.name, dest, m, id)
	}
}

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func eqs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func hasPrefix(t *testing.T, what string, got, prefix []string) {
	t.Helper()
	if len(got) < len(prefix) || !slices.Equal(got[:len(prefix)], prefix) {
		t.Errorf("%s = %q, want it to start with %q", what, got, prefix)
	}
}

// TestWheelsCarryOver: --target wheels copies the installer's cache (uv's), after the
// install step, into an output mount; SeedWheels copies a wheels image into the same
// cache, on the base image and outside the image's graph.
func TestWheelsCarryOver(t *testing.T) {
	f, res := compileExample(t, "flask", nil)
	g := marshal(t, res.Wheels)
	export := g.exec(t, "wheels: copy the wheel cache into the wheels image")
	eqs(t, "export argv", export.args(), []string{"/bin/cp", "-R", "/root/.cache/uv/.", "/run/pyfile/wheels/"})
	export.wantCache(t, "/root/.cache/uv", "pyfile-uv-ubuntu:24.04-linux/amd64")
	eq(t, "export runs after", export.rootfs(t), "builder: install requirements")
	out := export.mount(t, "/run/pyfile/wheels")
	if out.Readonly || out.Output < 0 || out.Input != -1 {
		t.Errorf("wheels output mount = %v, want a writable scratch mount with an output", out)
	}
	eq(t, "wheels image platform", res.WheelsImage.OS+"/"+res.WheelsImage.Architecture, "linux/amd64")

	p, err := plan.New(f, plan.Options{Platform: "linux/amd64"})
	if err != nil {
		t.Fatal(err)
	}
	seed := llb.Image("docker.io/library/wheels:1")
	in := pyllb.Inputs{Base: llb.Image("docker.io/library/ubuntu:24.04"), Context: llb.Local("context"), Platform: amd64}
	s := marshal(t, pyllb.SeedWheels(p, in, seed))
	cp := s.exec(t, "wheels: seed the wheel cache from PYFILE_WHEELS_FROM")
	eqs(t, "seed argv", cp.args(), []string{"/bin/cp", "-R", "/run/pyfile/seed/.", "/root/.cache/uv/"})
	cp.wantCache(t, "/root/.cache/uv", "pyfile-uv-ubuntu:24.04-linux/amd64")
	m := cp.mount(t, "/run/pyfile/seed")
	if !m.Readonly || cp.in(m.Input) != "docker-image://docker.io/library/wheels:1" {
		t.Errorf("seed mount = %v from %q, want the wheels image read-only", m, cp.in(m.Input))
	}
	// The seed is no input of the image.
	for name := range marshal(t, res.Runner).nodes {
		if strings.HasPrefix(name, "wheels:") || strings.Contains(name, "wheels:1") {
			t.Errorf("the image's graph contains %q", name)
		}
	}
}
