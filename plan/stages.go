package plan

import (
	"slices"
	"strconv"

	"github.com/pyfile/pyfile/distro"
	"github.com/pyfile/pyfile/pyfile"
)

// The shell scripts Pyfile runs are constants, mounted read-only as files at ScriptsDir:
// values reach them as positional arguments ("$@", "$1"...), never as script text, and
// were validated by the pyfile package. Progress and errors show "/bin/sh
// /run/pyfile/scripts/apt-install python3.12 ...", not the script.

// AptScript installs packages. Official images delete downloaded packages after each
// install (the docker-clean hook removes /var/cache/apt/archives/*.deb); apt keeps its
// downloads in the cache mount at AptArchives instead, which the hook leaves alone, and
// the image's apt configuration is not touched.
var AptScript = Script{Name: "apt-install", Text: `set -eu
apt-get update -qq
apt-get install -qq --yes --no-install-recommends -o Dir::Cache::Archives=` + AptArchives + `/ -o APT::Keep-Downloaded-Packages=true "$@"
`}

// PipScript makes the venv's packages: pip wheel fetches or builds every wheel into the
// wheel cache (files already there are not fetched again), pip install takes them from
// there only, and pip leaves the venv, since the runtime never installs anything.
// Arguments: the venv's python, the wheel cache, then pip's requirement options.
var PipScript = Script{Name: "pip-install", Text: `set -eu
python=$1 wheels=$2
shift 2
"$python" -m pip wheel --wheel-dir "$wheels" --find-links "$wheels" "$@"
"$python" -m pip install --no-index --find-links "$wheels" "$@"
"$python" -m pip uninstall --yes --quiet pip
`}

// UserScript creates the runtime group and user, with a home directory of its own (many
// libraries, and gunicorn's control socket, want a writable $HOME); its values come as
// positional arguments.
var UserScript = Script{Name: "add-user", Text: `set -eu
groupadd --gid "$3" "$1"
useradd --uid "$2" --gid "$3" --no-create-home --home-dir "$4" --shell /usr/sbin/nologin --no-log-init "$1"
install -d -m 0700 -o "$2" -g "$3" "$4"
`}

// BaseOf is the base image both stages of f start from, by tag: the Pyfile's base, or
// the default image for its Python version. An image the distro table does not know is
// taken for a Debian-like image whose apt installs the Pyfile's Python.
func BaseOf(f *pyfile.File) (pyfile.Base, error) {
	ref := f.Base
	if ref == "" {
		r, _ := distro.ForPython(f.Python)
		ref = r.Images[0]
	}
	b, err := pyfile.ClassifyBase(ref)
	if err != nil {
		return b, f.Errorf(pyfile.RuleBaseImage, "base", "key \"base\": %q is not a valid image reference: %v", ref, err)
	}
	if !b.Known {
		b.Release = distro.Assumed(f.Python)
	}
	return b, nil
}

func builder(f *pyfile.File, p *Plan) Builder {
	v := p.Python
	// The distro table's builder packages include ca-certificates: pip checks PyPI against
	// the system bundle (PIP_CERT), which the ca-certificates secret can replace for builds
	// behind a TLS-inspecting proxy.
	pkgs := p.Base.Release.Build
	pythonBin := p.Base.Release.Interpreter
	venvPython := VenvDir + "/bin/python"
	var reqs []string
	for _, r := range p.Requirements {
		reqs = append(reqs, "--requirement", RequirementsDir+"/"+r)
	}
	pipEnv := []string{
		"PIP_CACHE_DIR=/root/.cache/pip",
		"PIP_CERT=" + CABundle,
		"PIP_DISABLE_PIP_VERSION_CHECK=1",
		"PIP_PROGRESS_BAR=off",
		"PIP_ROOT_USER_ACTION=ignore",
	}
	wheels := Cache{Target: WheelDir, ID: cacheID("wheels", p), Locked: true}
	return Builder{
		System: aptRun(StepBuilderSystem+" "+v+" and build tools", "builder", p, slices.Concat(pkgs, f.Apt.Build), lines(f, "python", "apt.build")),
		Venv: Run{
			Name:  StepVenv + " at " + VenvDir,
			Lines: f.Lines("python"),
			Args:  []string{pythonBin, "-m", "venv", VenvDir},
		},
		// A requirements change fetches only what is new, even from an index or proxy whose
		// responses pip's HTTP cache cannot keep: see PipScript.
		Install: Run{
			Name:    StepInstall,
			Lines:   f.Lines("requirements"),
			Script:  &PipScript,
			Args:    slices.Concat(PipScript.Args(venvPython, WheelDir), reqs),
			Env:     pipEnv,
			Caches:  []Cache{{Target: "/root/.cache/pip", ID: cacheID("pip", p), Locked: true}, wheels},
			Secrets: PipSecrets,
		},
		// The wheel cache is a cache mount, which BuildKit never exports. These two steps
		// carry it between fresh CI builders through an image (see the README's CI recipe).
		SeedWheels: Run{
			Name:   StepSeedWheels + " from " + WheelsFromArg,
			Args:   []string{"/bin/cp", "-R", SeedDir + "/.", WheelDir + "/"},
			Caches: []Cache{wheels},
		},
		ExportWheels: Run{
			Name:   StepExportWheels,
			Args:   []string{"/bin/cp", "-R", WheelDir + "/.", WheelsOutDir + "/"},
			Caches: []Cache{wheels},
		},
	}
}

func runner(f *pyfile.File, p *Plan) Runner {
	pkgs := append(slices.Clone(p.Base.Release.Runtime), f.Apt.Runtime...)
	r := Runner{
		User: Run{
			Name:   StepUser + " " + p.User.Name + " (" + strconv.Itoa(p.User.UID) + ")",
			Lines:  f.Lines("user", "base", "python"), // with the default user, the base image decides
			Script: &UserScript,
			Args:   UserScript.Args(p.User.Name, strconv.Itoa(p.User.UID), strconv.Itoa(p.User.GID), "/home/"+p.User.Name),
		},
		CodeModes: Run{
			Name:  StepCodeModes + " (chmod " + CodeMode + ")",
			Lines: f.Lines("workdir", "entrypoint"),
			Args:  []string{"/bin/chmod", "-R", CodeMode, CodeDir},
		},
		CodeLines: f.Lines("workdir", "entrypoint"),
		VenvLines: f.Lines("requirements"),
	}
	if len(pkgs) > 0 {
		run := aptRun(StepRunnerSystem+" "+p.Python+" runtime", "runner", p, pkgs, lines(f, "python", "apt.runtime"))
		r.System = &run
	}
	return r
}

// aptArgs run AptScript; the packages follow.
var aptArgs = AptScript.Args()

// aptRun installs packages with the apt caches of one stage: each stage has its own, so
// the builder's and the runner's apt run side by side.
func aptRun(name, stage string, p *Plan, pkgs []string, at []int) Run {
	return Run{
		Name:   name,
		Lines:  at,
		Script: &AptScript,
		Args:   append(AptScript.Args(), dedupe(pkgs)...),
		Env:    []string{"DEBIAN_FRONTEND=noninteractive"},
		Caches: []Cache{
			{Target: AptArchives, ID: cacheID("apt-archives-"+stage, p), Locked: true},
			{Target: "/var/lib/apt/lists", ID: cacheID("apt-lists-"+stage, p), Locked: true},
		},
	}
}

// aptPackages are the packages an apt step installs.
func aptPackages(r Run) []string {
	return slices.Clone(r.Args[len(aptArgs):])
}

// cacheID names a cache mount. It includes the base image and platform: packages built
// or downloaded for one distro or CPU must never be reused on another.
func cacheID(kind string, p *Plan) string {
	id := "pyfile-" + kind + "-" + p.Base.Ref + "-" + p.Platform
	if p.cacheNS != "" {
		id = p.cacheNS + "/" + id
	}
	return id
}

// lines returns the lines of every key of f that is set, in order.
func lines(f *pyfile.File, keys ...string) []int {
	var out []int
	for _, k := range keys {
		out = append(out, f.Lines(k)...)
	}
	return out
}

func dedupe(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
