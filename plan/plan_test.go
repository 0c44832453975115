package plan_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pyfile/pyfile/distro"
	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

func mustPlan(t *testing.T, src string, opt plan.Options) *plan.Plan {
	t.Helper()
	f, err := pyfile.Parse("Pyfile", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if opt.Platform == "" {
		opt.Platform = "linux/amd64"
	}
	p, err := plan.New(f, opt)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

const head = `requirements = "requirements.txt"
`

func TestBaseAndPackages(t *testing.T) {
	for _, tc := range []struct {
		name, src       string
		base            string
		python          string
		builderPackages []string
		runnerPackages  []string // nil: no apt step in the runner
	}{
		{
			name:            "distro default 3.12",
			src:             `python = "3.12"` + "\n" + head + `entrypoint = ["python", "app.py"]`,
			base:            "ubuntu:24.04",
			python:          "/usr/bin/python3.12",
			builderPackages: []string{"python3.12-venv"}, // compilers only when a package needs them
			runnerPackages:  []string{"python3.12", "ca-certificates"},
		},
		{
			name:            "compilers always, with user packages",
			src:             `python = "3.13"` + "\n" + head + "entrypoint = [\"python\", \"app.py\"]\ncompilers = \"always\"\n[apt]\nbuild = [\"libpq-dev\", \"build-essential\"]\nruntime = [\"libpq5\"]",
			base:            "debian:trixie-slim",
			python:          "/usr/bin/python3.13",
			builderPackages: []string{"python3.13-venv", "build-essential", "python3.13-dev", "libpq-dev"},
			runnerPackages:  []string{"python3.13", "ca-certificates", "libpq5"},
		},
		{
			name:            "the pip installer keeps its compilers",
			src:             `python = "3.9"` + "\n" + head + "entrypoint = [\"python\", \"app.py\"]\ninstaller = \"pip\"",
			base:            "debian:bullseye-slim",
			python:          "/usr/bin/python3.9",
			builderPackages: []string{"python3.9-venv", "build-essential", "python3.9-dev"},
			runnerPackages:  []string{"python3.9", "ca-certificates"},
		},
		{
			name:            "focal needs distutils for ensurepip",
			src:             `python = "3.8"` + "\n" + head + `entrypoint = ["python", "app.py"]`,
			base:            "ubuntu:20.04",
			python:          "/usr/bin/python3.8",
			builderPackages: []string{"python3.8-venv", "python3-distutils"},
			runnerPackages:  []string{"python3.8", "ca-certificates"},
		},
		{
			name:            "official python image: no apt Python",
			src:             `python = "3.12"` + "\n" + head + "entrypoint = [\"python\", \"app.py\"]\nbase = \"python:3.12-slim\"",
			base:            "python:3.12-slim",
			python:          "/usr/local/bin/python3.12",
			builderPackages: []string{"ca-certificates"},
			runnerPackages:  nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustPlan(t, tc.src, plan.Options{})
			if p.Base.Ref != tc.base {
				t.Errorf("base = %q, want %q", p.Base.Ref, tc.base)
			}
			if !slices.Contains(p.Builder.Venv.Args, tc.python) {
				t.Errorf("venv %q, want it made with %q", p.Builder.Venv.Args, tc.python)
			}
			if got := aptPackages(p.Builder.System); !slices.Equal(got, tc.builderPackages) {
				t.Errorf("builder packages = %q, want %q", got, tc.builderPackages)
			}
			var got []string
			if p.Runner.System != nil {
				got = aptPackages(*p.Runner.System)
			}
			if !slices.Equal(got, tc.runnerPackages) {
				t.Errorf("runner packages = %q, want %q", got, tc.runnerPackages)
			}
		})
	}
}

func TestEveryPythonHasABase(t *testing.T) {
	for _, r := range distro.Releases {
		p := mustPlan(t, `python = "`+r.Python+`"`+"\n"+head+`entrypoint = ["python"]`, plan.Options{})
		if p.Base.Ref != r.Images[0] || !p.Base.Known || p.Base.Release.Python != r.Python {
			t.Errorf("python %s: base %+v, want %s shipping %s", r.Python, p.Base, r.Images[0], r.Python)
		}
	}
}

func TestGunicorn(t *testing.T) {
	for _, tc := range []struct {
		name, entrypoint, extra string
		want                    string
		ports                   []string
	}{
		{"defaults", `["gunicorn", "app:app"]`, "",
			"gunicorn --bind 0.0.0.0:8000 --worker-tmp-dir /dev/shm app:app", []string{"8000/tcp"}},
		{"first tcp port", `["gunicorn", "app:app"]`, `ports = ["53/udp", 5000]`,
			"gunicorn --bind 0.0.0.0:5000 --worker-tmp-dir /dev/shm app:app", []string{"53/udp", "5000/tcp"}},
		{"user flags win", `["gunicorn", "-b", "127.0.0.1:9000", "--worker-tmp-dir=/run/gunicorn", "app:app"]`, "",
			"gunicorn -b 127.0.0.1:9000 --worker-tmp-dir=/run/gunicorn app:app", []string{"8000/tcp"}},
		{"short flag glued", `["gunicorn", "-w4", "app:app"]`, "[gunicorn]\nworker_class = \"gevent\"",
			"gunicorn --bind 0.0.0.0:8000 --worker-tmp-dir /dev/shm --worker-class gevent -w4 app:app", []string{"8000/tcp"}},
		{"table settings", `"python -m gunicorn app:app"`, "[gunicorn]\nworkers = 3\ntimeout = 30\nbind = \"[::]:8080\"",
			"python -m gunicorn --bind [::]:8080 --worker-tmp-dir /dev/shm --workers 3 --timeout 30 app:app", []string{"8000/tcp"}},
		{"not gunicorn", `["uvicorn", "main:app"]`, "", "uvicorn main:app", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := `python = "3.12"` + "\n" + head + "entrypoint = " + tc.entrypoint + "\n" + tc.extra
			p := mustPlan(t, src, plan.Options{})
			if got := strings.Join(p.Image.Entrypoint, " "); got != tc.want {
				t.Errorf("entrypoint = %q, want %q", got, tc.want)
			}
			if !slices.Equal(p.Image.ExposedPorts, tc.ports) {
				t.Errorf("ports = %q, want %q", p.Image.ExposedPorts, tc.ports)
			}
		})
	}
}

func TestUserAndImage(t *testing.T) {
	src := `python = "3.12"` + "\n" + head + `entrypoint = "python -m tool"
cmd = ["--help"]
workdir = "/srv"
[user]
name = "svc"
uid = 20000
[env]
PYTHONUNBUFFERED = "0"
APP = "x"
[labels]
team = "web"
`
	p := mustPlan(t, src, plan.Options{})
	if p.User != (plan.User{Name: "svc", UID: 20000, GID: 20000}) {
		t.Errorf("user = %+v, want svc 20000:20000 (gid defaults to uid)", p.User)
	}
	if want := []string{"/bin/sh", "/run/pyfile/scripts/add-user", "svc", "20000", "20000", "/home/svc"}; !slices.Equal(p.Runner.User.Args, want) {
		t.Errorf("useradd argv = %q", p.Runner.User.Args)
	}
	img := p.Image
	if img.User != "20000:20000" || img.WorkingDir != "/srv" || !slices.Equal(img.Cmd, []string{"--help"}) {
		t.Errorf("image user/workdir/cmd = %q %q %q", img.User, img.WorkingDir, img.Cmd)
	}
	wantEnv := []string{
		"PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"VIRTUAL_ENV=/opt/venv", "LANG=C.UTF-8", "PYTHONUNBUFFERED=0", "PYTHONDONTWRITEBYTECODE=1", "APP=x",
	}
	if !slices.Equal(img.Env, wantEnv) {
		t.Errorf("env = %q, want %q", img.Env, wantEnv)
	}
	if img.Labels["team"] != "web" {
		t.Errorf("labels = %v", img.Labels)
	}
}

func TestDefaults(t *testing.T) {
	p := mustPlan(t, `python = "3.12"`+"\n"+head+`entrypoint = ["python", "app.py"]`, plan.Options{})
	if p.Workdir != "/app" || p.User != (plan.User{Name: "app", UID: 10001, GID: 10001}) || p.Image.User != "10001:10001" {
		t.Errorf("defaults: workdir %q user %+v image user %q", p.Workdir, p.User, p.Image.User)
	}
}

func TestCaches(t *testing.T) {
	p := mustPlan(t, `python = "3.12"`+"\n"+head+`entrypoint = ["python"]`, plan.Options{Platform: "linux/arm64", CacheNamespace: "team1"})
	apt := []plan.Cache{
		{Target: "/var/cache/pyfile-apt", ID: "team1/pyfile-apt-archives-ubuntu:24.04-linux/arm64", Locked: true},
		{Target: "/var/lib/apt/lists", ID: "team1/pyfile-apt-lists-ubuntu:24.04-linux/arm64", Locked: true},
	}
	for stage, run := range map[string]plan.Run{"builder": p.Builder.System, "runner": *p.Runner.System} {
		want := apt
		if !slices.Equal(run.Caches, want) {
			t.Errorf("%s apt caches = %+v, want %+v", stage, run.Caches, want)
		}
		// apt keeps its downloads in the cache mount, out of reach of docker-clean.
		if !strings.Contains(run.Scripts[0].Text, "-o Dir::Cache::Archives=/var/cache/pyfile-apt/") {
			t.Errorf("%s apt script does not use the archives cache: %s", stage, run.Scripts[0].Text)
		}
	}
	// uv's cache is carried by the wheels target; the install step may run apt for compilers.
	wheels := plan.Cache{Target: "/root/.cache/uv", ID: "team1/pyfile-uv-ubuntu:24.04-linux/arm64", Locked: true}
	if got := p.Builder.Install.Caches; !slices.Equal(got, append(slices.Clone(apt), wheels)) {
		t.Errorf("install caches = %+v", got)
	}
	for _, r := range []plan.Run{p.Builder.SeedWheels, p.Builder.ExportWheels} {
		if !slices.Equal(r.Caches, []plan.Cache{wheels}) {
			t.Errorf("%s: caches %+v, want the wheel cache", r.Name, r.Caches)
		}
	}
	for _, kv := range []string{"PIP_DISABLE_PIP_VERSION_CHECK=1", "PIP_CERT=/etc/ssl/certs/ca-certificates.crt"} {
		if !slices.Contains(p.Builder.Uv.Env, kv) {
			t.Errorf("pip env (installing uv) = %q, lacks %s", p.Builder.Uv.Env, kv)
		}
	}
	if !slices.Equal(p.Builder.Install.Secrets, plan.PipSecrets) {
		t.Errorf("pip secrets = %+v, want %+v", p.Builder.Install.Secrets, plan.PipSecrets)
	}
}

func TestRequirementsAndIncludes(t *testing.T) {
	src := `python = "3.12"
requirements = ["req/prod.txt", "req/extra.txt"]
entrypoint = ["python"]`
	reqs := []string{"--requirement", "/run/pyfile/requirements/req/prod.txt", "--requirement", "/run/pyfile/requirements/req/extra.txt"}
	p := mustPlan(t, src, plan.Options{Includes: []string{"req/base.txt", "req/prod.txt"}})
	want := append([]string{"/usr/bin/python3.12", "/run/pyfile/scripts/uv-install.py", "/opt/venv/bin/python", "auto"}, reqs...)
	if args := p.Builder.Install.Args; !slices.Equal(args, want) || p.Builder.Install.Scripts[0].Name != "uv-install.py" {
		t.Errorf("uv install argv = %q, want %q with the script mounted", args, want)
	}
	for _, code := range []string{`"UV_DEFAULT_INDEX"`, `"--require-hashes"`, `"--only-binary", ":all:"`, `/run/pyfile/scripts/apt-install`} {
		if !strings.Contains(p.Builder.Install.Scripts[0].Text, code) {
			t.Errorf("uv install script lacks %s", code)
		}
	}
	for _, kv := range []string{"SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt", "UV_COMPILE_BYTECODE=1", "PYC_INVALIDATION_MODE=UNCHECKED_HASH",
		"UV_LINK_MODE=copy", "UV_PYTHON_DOWNLOADS=never", "PYFILE_COMPILERS=build-essential python3.12-dev"} {
		if !slices.Contains(p.Builder.Install.Env, kv) {
			t.Errorf("uv install env %q lacks %s", p.Builder.Install.Env, kv)
		}
	}

	p = mustPlan(t, src+"\ninstaller = \"pip\"", plan.Options{})
	want = append([]string{"/bin/sh", "/run/pyfile/scripts/pip-install", "/opt/venv/bin/python", "/root/.cache/pyfile-wheels"}, reqs...)
	if args := p.Builder.Install.Args; !slices.Equal(args, want) || p.Builder.Uv != nil {
		t.Errorf("pip argv = %q, want %q, and no uv", args, want)
	}
	for _, cmd := range []string{`"$python" -m pip wheel --wheel-dir "$wheels" --find-links "$wheels" "$@"`,
		`"$python" -m pip install --no-index --find-links "$wheels" "$@"`, `"$python" -m pip uninstall --yes --quiet pip`,
		`-m compileall -q -f -j0 --invalidation-mode unchecked-hash`} {
		if !strings.Contains(p.Builder.Install.Scripts[0].Text, cmd) {
			t.Errorf("pip script lacks %s:\n%s", cmd, p.Builder.Install.Scripts[0].Text)
		}
	}
	if want := []string{"req/prod.txt", "req/extra.txt", "req/base.txt"}; !slices.Equal(mustPlan(t, src, plan.Options{Includes: []string{"req/base.txt", "req/prod.txt"}}).Mounted, want) {
		t.Errorf("mounted, want %q", want)
	}
}

func TestUv(t *testing.T) {
	p := mustPlan(t, `python = "3.12"`+"\n"+head+`entrypoint = ["python"]`, plan.Options{})
	uv := p.Builder.Uv
	if uv == nil || uv.Name != "builder: install uv 0.13.9" || uv.Scripts[1].Text != plan.UvRequirement+"\n" ||
		!slices.Equal(uv.Args, []string{"/bin/sh", "/run/pyfile/scripts/uv-bootstrap", "/usr/bin/python3.12"}) {
		t.Fatalf("uv step = %+v", uv)
	}
	if !slices.Equal(uv.Secrets, plan.PipSecrets) || !slices.Contains(uv.Env, "PIP_CERT=/etc/ssl/certs/ca-certificates.crt") {
		t.Errorf("uv is not installed with the documented pip secrets: %+v %q", uv.Secrets, uv.Env)
	}
	if !strings.Contains(plan.UvBootstrapScript.Text, "--require-hashes --requirement /run/pyfile/scripts/uv.txt") {
		t.Errorf("uv is installed without its hashes:\n%s", plan.UvBootstrapScript.Text)
	}
	other := "uv==0.14.0 --hash=sha256:" + strings.Repeat("a", 64)
	if p := mustPlan(t, `python = "3.12"`+"\n"+head+`entrypoint = ["python"]`, plan.Options{Uv: other}); p.Builder.Uv.Scripts[1].Text != other+"\n" {
		t.Errorf("PYFILE_UV not used: %q", p.Builder.Uv.Scripts[1].Text)
	}
	for _, bad := range []string{"uv==0.14.0", "uv>=0.13 --hash=sha256:" + strings.Repeat("a", 64), "uv==0.14.0 --hash=sha256:abc; rm -rf /"} {
		f, _ := pyfile.Parse("Pyfile", []byte(`python = "3.12"`+"\n"+head+`entrypoint = ["python"]`))
		if _, err := plan.New(f, plan.Options{Uv: bad}); err == nil || !strings.Contains(err.Error(), "PYFILE_UV") {
			t.Errorf("PYFILE_UV=%q: err = %v", bad, err)
		}
	}
}

func TestIncludes(t *testing.T) {
	data := `# base
-r base.txt
--requirement=../shared/common.txt
-c constraints.txt
--constraint  pins.txt
-rdev.txt
-r https://example.com/r.txt
-r ../../outside.txt
flask==3.1.3
-e .
`
	got := plan.Includes("req/prod.txt", []byte(data))
	want := []string{"req/base.txt", "shared/common.txt", "req/constraints.txt", "req/pins.txt", "req/dev.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("Includes = %q, want %q", got, want)
	}
}

// TestNoShellInjection: whatever a Pyfile names, the shell scripts stay constant and
// user values only reach them as separate arguments.
func TestNoShellInjection(t *testing.T) {
	a := mustPlan(t, `python = "3.12"`+"\n"+head+"entrypoint = [\"python\"]\n[apt]\nbuild = [\"libpq-dev\"]\n", plan.Options{})
	b := mustPlan(t, `python = "3.13"`+"\n"+head+"entrypoint = [\"python\"]\n[user]\nname = \"other\"\n", plan.Options{})
	for _, pair := range [][2]plan.Run{{a.Builder.System, b.Builder.System}, {a.Runner.User, b.Runner.User}, {a.Builder.Install, b.Builder.Install}, {a.Runner.Seal, b.Runner.Seal}, {*a.Builder.Uv, *b.Builder.Uv}} {
		x, y := pair[0].Scripts, pair[1].Scripts
		if len(x) == 0 || !slices.Equal(x, y) || pair[0].Args[1] != pair[1].Args[1] {
			t.Errorf("%s: script changed with the Pyfile:\n%v\n---\n%v", pair[0].Name, x, y)
			continue
		}
		if !strings.Contains(x[0].Text, `"$`) && !strings.Contains(x[0].Text, "sys.argv") {
			t.Errorf("%s: script does not take its values as arguments: %s", pair[0].Name, x[0].Text)
		}
	}
}

func aptPackages(r plan.Run) []string {
	// argv: /bin/sh /run/pyfile/scripts/apt-install PACKAGES...
	if len(r.Args) < 2 || r.Args[0] != "/bin/sh" || r.Args[1] != "/run/pyfile/scripts/apt-install" {
		return nil
	}
	return r.Args[2:]
}

// Tests find steps by their labels: no label may be the prefix of another, and every
// step of a plan starts with one.
func TestStepLabels(t *testing.T) {
	for _, a := range plan.Steps {
		for _, b := range plan.Steps {
			if a != b && strings.HasPrefix(b, a) {
				t.Errorf("label %q is a prefix of %q", a, b)
			}
		}
	}
	p := mustPlan(t, `python = "3.12"`+"\n"+head+"entrypoint = [\"python\"]\n", plan.Options{})
	for _, r := range []plan.Run{p.Builder.System, p.Builder.Venv, p.Builder.Install, p.Builder.SeedWheels, p.Builder.ExportWheels, *p.Runner.System, p.Runner.User, p.Runner.Seal, *p.Builder.Uv} {
		if !slices.ContainsFunc(plan.Steps, func(l string) bool { return strings.HasPrefix(r.Name, l) }) {
			t.Errorf("step %q starts with no label of plan.Steps", r.Name)
		}
	}
}
