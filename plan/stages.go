package plan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pyfile/pyfile/distro"
	"github.com/pyfile/pyfile/pyfile"
)

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

// BaseKey is the Pyfile key that chose the base image: "base" when the Pyfile sets it,
// else "python", whose version picks the default.
func BaseKey(f *pyfile.File) string {
	if f.Base != "" {
		return "base"
	}
	return "python"
}

func builder(f *pyfile.File, p *Plan, opt Options) (Builder, error) {
	rel := p.Base.Release
	compilers := slices.Concat(rel.Compilers, f.Apt.Build)
	// The builder starts from the runner's Python layer and adds what installing needs:
	// venv tooling, and compilers and headers when a package must be built from source.
	// With "auto", uv tries wheels first and installs the compilers itself when needed;
	// the pip installer keeps them in this step unless told "never".
	pkgs := slices.Clone(rel.Tools)
	if p.Compilers == "always" || p.Installer == "pip" && p.Compilers != "never" {
		pkgs = append(pkgs, compilers...)
	}
	b := Builder{
		System: aptRun(StepBuilderSystem+" "+p.Python+" build tools", p, pkgs, lines(f, "python", "apt.build", "compilers")),
	}
	var reqs []string
	for _, r := range p.Requirements {
		reqs = append(reqs, "--requirement", RequirementsDir+"/"+r)
	}
	venvPython := VenvDir + "/bin/python"
	cache := Cache{Target: WheelDir, ID: cacheID("wheels", p), Locked: true}
	if p.Installer == "uv" {
		req, err := ParseUv(opt.Uv)
		if err != nil {
			return b, err
		}
		cache = Cache{Target: UvCacheDir, ID: cacheID("uv", p), Locked: true}
		uvTxt := Script{Name: "uv.txt", Text: req + "\n"}
		b.Uv = &Run{
			Name:    StepUv + " " + uvVersion(req),
			Lines:   f.Lines("installer", "python"),
			Scripts: []Script{UvBootstrapScript, uvTxt},
			Args:    UvBootstrapScript.Args(rel.Interpreter),
			Env:     pipEnv,
			Caches:  []Cache{{Target: "/root/.cache/pip", ID: cacheID("pip", p), Locked: true}},
			Secrets: PipSecrets,
		}
		b.Venv = Run{
			Name:  StepVenv + " at " + VenvDir,
			Lines: f.Lines("python"),
			Args:  []string{UvToolDir + "/bin/uv", "venv", "--quiet", "--python", rel.Interpreter, "--no-python-downloads", VenvDir},
		}
		install := aptRun(StepInstall, p, nil, f.Lines("requirements"))
		install.Scripts = []Script{UvInstallScript, AptScript}
		install.Args = slices.Concat([]string{rel.Interpreter, ScriptsDir + "/" + UvInstallScript.Name, venvPython, p.Compilers}, reqs)
		install.Env = append(install.Env,
			"PYC_INVALIDATION_MODE=UNCHECKED_HASH", // reproducible .pyc: hash-based, not timestamps
			"PYFILE_COMPILERS="+strings.Join(dedupe(compilers), " "),
			"SSL_CERT_FILE="+CABundle,
			"UV_CACHE_DIR="+UvCacheDir,
			"UV_COMPILE_BYTECODE=1",
			"UV_LINK_MODE=copy",
			"UV_NO_PROGRESS=1",
			"UV_PYTHON_DOWNLOADS=never",
		)
		slices.Sort(install.Env)
		install.Caches = append(install.Caches, cache)
		install.Secrets = PipSecrets
		b.Install = install
	} else {
		b.Venv = Run{
			Name:  StepVenv + " at " + VenvDir,
			Lines: f.Lines("python"),
			Args:  []string{rel.Interpreter, "-m", "venv", VenvDir},
		}
		// A requirements change fetches only what is new, even from an index or proxy whose
		// responses pip's HTTP cache cannot keep: see PipScript.
		b.Install = Run{
			Name:    StepInstall,
			Lines:   f.Lines("requirements"),
			Scripts: []Script{PipScript},
			Args:    slices.Concat(PipScript.Args(venvPython, WheelDir), reqs),
			Env:     pipEnv,
			Caches:  []Cache{{Target: "/root/.cache/pip", ID: cacheID("pip", p), Locked: true}, cache},
			Secrets: PipSecrets,
		}
	}
	// The installer's cache is a cache mount, which BuildKit never exports. These two steps
	// carry it between fresh CI builders through an image (see the README's CI recipe).
	b.SeedWheels = Run{
		Name:   StepSeedWheels + " from " + WheelsFromArg,
		Args:   []string{"/bin/cp", "-R", SeedDir + "/.", cache.Target + "/"},
		Caches: []Cache{cache},
	}
	b.ExportWheels = Run{
		Name:   StepExportWheels,
		Args:   []string{"/bin/cp", "-R", cache.Target + "/.", WheelsOutDir + "/"},
		Caches: []Cache{cache},
	}
	return b, nil
}

// pipEnv is the environment of every pip run: the CA bundle (which the ca-certificates
// secret can replace), no version check, no progress bars.
var pipEnv = []string{
	"PIP_CACHE_DIR=/root/.cache/pip",
	"PIP_CERT=" + CABundle,
	"PIP_DISABLE_PIP_VERSION_CHECK=1",
	"PIP_PROGRESS_BAR=off",
	"PIP_ROOT_USER_ACTION=ignore",
}

func runner(f *pyfile.File, p *Plan) Runner {
	pkgs := append(slices.Clone(p.Base.Release.Runtime), f.Apt.Runtime...)
	code := f.Lines("workdir", "entrypoint")
	r := Runner{
		User: Run{
			Name:    StepUser + " " + p.User.Name + " (" + strconv.Itoa(p.User.UID) + ")",
			Lines:   f.Lines("user", BaseKey(f)), // with the default user, the base image decides
			Scripts: []Script{UserScript},
			Args:    UserScript.Args(p.User.Name, strconv.Itoa(p.User.UID), strconv.Itoa(p.User.GID), "/home/"+p.User.Name),
		},
		Seal: Run{
			Name:    StepSealCode + " (bytecode, chmod " + CodeMode + ")",
			Lines:   code,
			Scripts: []Script{SealScript},
			Args:    SealScript.Args(p.Base.Release.Interpreter, CodeDir, p.Workdir),
		},
		CodeLines: code,
		VenvLines: f.Lines("requirements"),
	}
	if len(pkgs) > 0 {
		run := aptRun(StepRunnerSystem+" "+p.Python+" runtime", p, pkgs, lines(f, "python", "apt.runtime"))
		r.System = &run
	}
	return r
}

// aptArgs run AptScript; the packages follow.
var aptArgs = AptScript.Args()

// aptRun installs packages with apt's caches. The builder starts from the runner's Python
// layer, so the two stages' apt steps run one after the other and share the caches.
func aptRun(name string, p *Plan, pkgs []string, at []int) Run {
	return Run{
		Name:    name,
		Lines:   at,
		Scripts: []Script{AptScript},
		Args:    append(AptScript.Args(), dedupe(pkgs)...),
		Env:     []string{"DEBIAN_FRONTEND=noninteractive"},
		Caches: []Cache{
			{Target: AptArchives, ID: cacheID("apt-archives", p), Locked: true},
			{Target: "/var/lib/apt/lists", ID: cacheID("apt-lists", p), Locked: true},
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
