package plan

import (
	"fmt"
	"regexp"
	"strings"
)

// UvToolDir is the venv uv is installed into, in the builder only.
const UvToolDir = "/opt/pyfile/uv"

// UvArg is the build arg that replaces the pinned uv: a requirement line with the
// sha256 of every wheel that may be installed, as UvRequirement has.
const UvArg = "PYFILE_UV"

// UvRequirement is the uv the frontend installs: version 0.13.9 and the sha256 of its
// Linux wheels on PyPI (x86_64 glibc and musl, aarch64 glibc 2.17 and 2.28; pip picks by
// platform, and installs nothing whose hash is not here).
const UvRequirement = "uv==0.13.9" +
	" --hash=sha256:d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19" +
	" --hash=sha256:2c45530751517d6c3bbc69a19473f6effe47cce047bede01ffd8af7ea7b36b25" +
	" --hash=sha256:5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe" +
	" --hash=sha256:ecb6028d79dc96fbeafffe5c8af62a7099487ebc05a701e76714eebcffd06375"

var uvRequirement = regexp.MustCompile(`^uv==[0-9]+(\.[0-9]+){1,3}( --hash=sha256:[0-9a-f]{64})+$`)

// ParseUv checks a PYFILE_UV value ("" is the pinned uv) and returns the requirement.
func ParseUv(arg string) (string, error) {
	if arg == "" {
		return UvRequirement, nil
	}
	arg = strings.Join(strings.Fields(arg), " ")
	if !uvRequirement.MatchString(arg) {
		return "", fmt.Errorf("build arg %s=%q: give a pinned uv with the sha256 of its wheels, like %q", UvArg, arg, "uv==0.13.9 --hash=sha256:<64 hex> --hash=sha256:<64 hex>")
	}
	return arg, nil
}

// uvVersion is the version a requirement pins.
func uvVersion(req string) string {
	v, _, _ := strings.Cut(strings.TrimPrefix(req, "uv=="), " ")
	return v
}
