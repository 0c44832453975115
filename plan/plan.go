// Package plan resolves a parsed Pyfile into plain build data: images, packages, argv, env.
package plan

import (
	"slices"

	"github.com/pyfile/pyfile/pyfile"
)

// Fixed locations inside the images.
const (
	VenvDir         = "/opt/venv"
	RequirementsDir = "/run/pyfile/requirements"   // where requirement files are mounted for pip
	WheelDir        = "/root/.cache/pyfile-wheels" // cache mount holding every wheel pip fetched or built
	UvCacheDir      = "/root/.cache/uv"            // uv's cache mount
	AptArchives     = "/var/cache/pyfile-apt"      // cache mount holding the packages apt downloaded
	SeedDir         = "/run/pyfile/seed"           // where the wheels image is mounted to seed the cache
	CodeDir         = "/run/pyfile/code"           // where the code is mounted for the Seal step
	ScriptsDir      = "/run/pyfile/scripts"        // where a step's Script is mounted
	WheelsOutDir    = "/run/pyfile/wheels"         // output of the "wheels" target
	// WheelsFromArg is the build arg naming a wheels image to seed the wheel cache from.
	WheelsFromArg  = "PYFILE_WHEELS_FROM"
	DefaultWorkdir = "/app"
	DefaultUser    = "app"
	DefaultUID     = 10001
	DefaultGID     = 10001
	// SystemPath is the PATH of Debian, Ubuntu and official python images.
	SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
)

// CABundle is the system CA bundle of Debian and Ubuntu, which pip is told to use.
const CABundle = "/etc/ssl/certs/ca-certificates.crt"

// PipSecrets are the build secrets pip install can use; none is required and none ends up
// in a layer. "ca-certificates" replaces the CA bundle (a proxy's CA), "pip.conf" is a pip
// configuration file (a private index with its credentials).
var PipSecrets = []Secret{
	{ID: "ca-certificates", Target: CABundle},
	{ID: "pip.conf", Target: "/etc/pip.conf"},
}

// Plan is everything the compiler needs, decided and validated, with no BuildKit types.
type Plan struct {
	Python       string      // "3.12"
	Installer    string      // "uv" or "pip"
	Compilers    string      // "auto", "always" or "never"
	Base         pyfile.Base // the base image of both stages, by tag
	Platform     string      // target platform such as "linux/amd64", part of cache ids
	Builder      Builder
	Runner       Runner
	Requirements []string // requirement files the Pyfile names, paths in the build context
	Mounted      []string // those files and the ones they include (-r, -c), mounted for pip
	Workdir      string
	User         User
	Image        Image
	cacheNS      string
}

// Builder is the stage with compilers that builds the venv.
type Builder struct {
	System       Run      // apt-get install of what installing needs, on the runner's Python layer
	Uv           *Run     // installs uv into UvToolDir; nil with the pip installer
	Venv         Run      // uv venv, or python -m venv
	Install      Run      // uv pip install (UvInstallScript), or PipScript
	SeedWheels   Run      // copy the wheels image named by PYFILE_WHEELS_FROM into the installer's cache
	ExportWheels Run      // copy the installer's cache into the image of the "wheels" target
	History      []string // each layer the builder adds to the base image, as Image.History
}

// Runner is the stage that becomes the image.
type Runner struct {
	System *Run // apt-get install of the Python runtime and runtime packages; nil if nothing to install
	User   Run  // groupadd + useradd
	// Seal compiles the code mounted at CodeDir to bytecode and makes it read-only
	// (SealScript), before it is copied into the image.
	Seal      Run
	CodeLines []int // Pyfile lines the code copy comes from
	VenvLines []int // Pyfile lines the venv copy comes from
}

// CodeMode is the symbolic mode the code gets when it is copied: owned by root, and
// nobody else may write it, so the app cannot modify itself.
const CodeMode = "go-w"

// Run is one command executed in a stage.
type Run struct {
	Name    string   // shown in build progress
	Lines   []int    // Pyfile lines of the keys this step comes from, for error snippets
	Args    []string // argv, never a shell line built from input
	Scripts []Script // constant files the step runs or reads, mounted at ScriptsDir
	Env     []string // KEY=VALUE for this step only, sorted
	Caches  []Cache  // cache mounts
	Secrets []Secret // optional build secrets, mounted for this step only
}

// Script is a constant file a step runs (a shell or Python script) or reads, mounted
// read-only at ScriptsDir.
type Script struct {
	Name string // file name in ScriptsDir
	Text string
}

// Args is the argv that runs a shell script with args as its positional parameters.
func (s Script) Args(args ...string) []string {
	return append([]string{"/bin/sh", ScriptsDir + "/" + s.Name}, args...)
}

// Secret is an optional BuildKit build secret mounted as a file. When the build does not
// provide it, the step runs without it.
type Secret struct {
	ID     string
	Target string
}

// Cache is a BuildKit cache mount.
type Cache struct {
	Target string
	ID     string
	Locked bool // one writer at a time: apt and pip both need it
}

// User is the non-root user the image runs as.
type User struct {
	Name     string
	UID, GID int
}

// Image is the OCI image config the runner stage gets.
type Image struct {
	Env          []string // KEY=VALUE, in order
	Entrypoint   []string
	Cmd          []string
	WorkingDir   string
	User         string   // "uid:gid", numeric so runAsNonRoot can check it
	ExposedPorts []string // "8000/tcp", in file order
	Labels       map[string]string
	// History describes each layer the runner adds to the base image, in order, for the
	// image history (docker history, crane config).
	History []string
}

// Options are the inputs that come from the build rather than the Pyfile.
type Options struct {
	Platform       string   // target platform, e.g. "linux/amd64"
	CacheNamespace string   // BUILDKIT_CACHE_MOUNT_NS: prefix for cache mount ids
	Includes       []string // files the requirement files include with -r or -c, context paths
	Uv             string   // the PYFILE_UV build arg: another pinned uv; "" for UvRequirement
}

// New resolves a Pyfile into a Plan. Errors point at the Pyfile key that caused them.
func New(f *pyfile.File, opt Options) (*Plan, error) {
	base, err := BaseOf(f)
	if err != nil {
		return nil, err
	}
	ports := f.Ports
	entrypoint, ports := withGunicorn(f, ports)
	p := &Plan{
		Python:       f.Python,
		Installer:    orDefault(f.Installer, pyfile.Choices["installer"][0]),
		Compilers:    orDefault(f.Compilers, pyfile.Choices["compilers"][0]),
		Base:         base,
		Platform:     opt.Platform,
		Requirements: f.Requirements,
		Mounted:      dedupe(append(slices.Clone(f.Requirements), opt.Includes...)),
		cacheNS:      opt.CacheNamespace,
		Workdir:      orDefault(f.Workdir, DefaultWorkdir),
		User: User{
			Name: orDefault(f.User.Name, DefaultUser),
			UID:  orDefaultInt(f.User.UID, DefaultUID),
			GID:  orDefaultInt(f.User.GID, orDefaultInt(f.User.UID, DefaultGID)),
		},
	}
	if p.Builder, err = builder(f, p, opt); err != nil {
		return nil, err
	}
	p.Runner = runner(f, p)
	p.Image = image(f, p, entrypoint, ports)
	p.Builder.History, p.Image.History = history(p)
	return p, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orDefaultInt(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}
