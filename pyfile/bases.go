package pyfile

import (
	"regexp"

	"github.com/distribution/reference"
)

// PythonVersion is one supported Python and the distro image whose system Python it is.
type PythonVersion struct {
	Version string // "3.12"
	Image   string // default base image, e.g. "ubuntu:24.04"
	EOL     bool   // upstream no longer fixes security bugs
}

// Pythons is the default "distro Python" policy: each version comes from the distro
// release that ships it as its system Python.
var Pythons = []PythonVersion{
	{"3.8", "ubuntu:20.04", true},
	{"3.9", "debian:bullseye-slim", false},
	{"3.10", "ubuntu:22.04", false},
	{"3.11", "debian:bookworm-slim", false},
	{"3.12", "ubuntu:24.04", false},
	{"3.13", "debian:trixie-slim", false},
	{"3.14", "ubuntu:26.04", false},
}

// LookupPython returns the policy entry for a version such as "3.12".
func LookupPython(v string) (PythonVersion, bool) {
	for _, p := range Pythons {
		if p.Version == v {
			return p, true
		}
	}
	return PythonVersion{}, false
}

// distroPython maps the familiar names of distro images to the Python they ship.
var distroPython = map[string]string{
	"ubuntu:20.04": "3.8", "ubuntu:focal": "3.8",
	"debian:bullseye": "3.9", "debian:bullseye-slim": "3.9", "debian:11": "3.9", "debian:11-slim": "3.9",
	"ubuntu:22.04": "3.10", "ubuntu:jammy": "3.10",
	"debian:bookworm": "3.11", "debian:bookworm-slim": "3.11", "debian:12": "3.11", "debian:12-slim": "3.11",
	"ubuntu:24.04": "3.12", "ubuntu:noble": "3.12",
	"debian:trixie": "3.13", "debian:trixie-slim": "3.13", "debian:13": "3.13", "debian:13-slim": "3.13",
	"ubuntu:26.04": "3.14", "ubuntu:resolute": "3.14",
}

// BaseKind says how Python gets into a base image.
type BaseKind int

const (
	// BaseDistro is a Debian or Ubuntu image: Python comes from apt.
	BaseDistro BaseKind = iota
	// BaseOfficialPython is an official python:X.Y image: Python is already in /usr/local.
	BaseOfficialPython
)

var officialPythonTag = regexp.MustCompile(`^(3\.[0-9]+)(\.[0-9]+)?(-(slim|bookworm|trixie|bullseye|slim-[a-z]+))?$`)

// Base describes a base image reference.
type Base struct {
	Ref    string   // as written or defaulted
	Kind   BaseKind // how Python is installed
	Python string   // the Python it ships, "" when unknown
}

// ClassifyBase says what kind of image ref is and which Python it ships, if known.
func ClassifyBase(ref string) (Base, error) {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return Base{}, err
	}
	b := Base{Ref: ref}
	tagged, ok := named.(reference.Tagged)
	if !ok {
		return b, nil
	}
	name := reference.FamiliarName(named)
	if name == "python" {
		if m := officialPythonTag.FindStringSubmatch(tagged.Tag()); m != nil {
			b.Kind, b.Python = BaseOfficialPython, m[1]
		}
		return b, nil
	}
	b.Python = distroPython[name+":"+tagged.Tag()]
	return b, nil
}
