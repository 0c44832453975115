// Package distro is the table of base images Pyfile takes Python from, as data: for each
// Python version the distro release whose system Python it is, what the runner and the
// builder install there, and whether that Python is still maintained.
package distro

import "regexp"

// Kind says how Python gets into an image.
type Kind int

const (
	// Apt is a Debian or Ubuntu image: Python comes from the distro's packages.
	Apt Kind = iota
	// Official is an official python:X.Y image: Python is already in /usr/local.
	Official
)

// Release is an image family that ships one Python.
type Release struct {
	Python      string   // "3.12"
	Images      []string // familiar name:tag, the default base image first
	Kind        Kind
	EOL         bool     // the Python no longer gets security fixes
	Interpreter string   // the Python the venv is made with
	Runtime     []string // apt packages of the runner: the Python runtime, nothing to build with
	Tools       []string // apt packages the builder adds to the runtime: venv tooling
	Compilers   []string // apt packages the builder adds to build a package from source
}

// Releases is the default "distro Python" policy: each Python version comes from the
// distro release that ships it as its system Python. The first image is the default base.
var Releases = []Release{
	apt("3.8", true, []string{"ubuntu:20.04", "ubuntu:focal"},
		// ensurepip needs distutils, which focal splits off python3.8 (its -updates pocket
		// pulls it in; the release pocket does not).
		"python3-distutils"),
	apt("3.9", false, []string{"debian:bullseye-slim", "debian:bullseye", "debian:11-slim", "debian:11"}),
	apt("3.10", false, []string{"ubuntu:22.04", "ubuntu:jammy"}),
	apt("3.11", false, []string{"debian:bookworm-slim", "debian:bookworm", "debian:12-slim", "debian:12"}),
	apt("3.12", false, []string{"ubuntu:24.04", "ubuntu:noble"}),
	apt("3.13", false, []string{"debian:trixie-slim", "debian:trixie", "debian:13-slim", "debian:13"}),
	apt("3.14", false, []string{"ubuntu:26.04", "ubuntu:resolute"}),
}

// apt is a Debian or Ubuntu release whose system Python is version v. ca-certificates:
// HTTPS from the app, and the installer's downloads, must work without extra setup.
// pythonX.Y-venv brings ensurepip, which bootstraps the installer.
func apt(v string, eol bool, images []string, extraTools ...string) Release {
	py := "python" + v
	return Release{
		Python:      v,
		Images:      images,
		Kind:        Apt,
		EOL:         eol,
		Interpreter: "/usr/bin/" + py,
		Runtime:     []string{py, "ca-certificates"},
		Tools:       append([]string{py + "-venv"}, extraTools...),
		Compilers:   []string{"build-essential", py + "-dev"},
	}
}

// ForPython returns the row of a Python version such as "3.12".
func ForPython(v string) (Release, bool) {
	for _, r := range Releases {
		if r.Python == v {
			return r, true
		}
	}
	return Release{}, false
}

// officialTag matches the tags of official python images that say their Python version.
var officialTag = regexp.MustCompile(`^(3\.[0-9]+)(\.[0-9]+)?(-(slim|bookworm|trixie|bullseye|slim-[a-z]+))?$`)

// ForImage returns the row of an image by its familiar name and tag ("ubuntu:noble",
// "python:3.12-slim"); false when the image is not in the table.
func ForImage(name, tag string) (Release, bool) {
	if name == "python" {
		m := officialTag.FindStringSubmatch(tag)
		if m == nil {
			return Release{}, false
		}
		return Release{
			Python:      m[1],
			Images:      []string{name + ":" + tag},
			Kind:        Official,
			Interpreter: "/usr/local/bin/python" + m[1],
			// Python, its headers and ensurepip are in the image; ca-certificates for the
			// installer's downloads (the CA secret replaces its bundle).
			Tools:     []string{"ca-certificates"},
			Compilers: []string{"build-essential"},
		}, true
	}
	for _, r := range Releases {
		for _, img := range r.Images {
			if img == name+":"+tag {
				return r, true
			}
		}
	}
	return Release{}, false
}

// Assumed is the row of an image the table does not know, for Python version v: an image
// whose apt installs pythonX.Y as Debian and Ubuntu do.
func Assumed(v string) Release {
	r := apt(v, false, nil)
	if known, ok := ForPython(v); ok {
		r.EOL = known.EOL
	}
	return r
}
