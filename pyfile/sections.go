package pyfile

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/pyfile/pyfile/distro"
)

func (d *decoder) base(doc map[string]any) string {
	ref, ok := d.str(doc, "", "base")
	if !ok {
		return ""
	}
	b, err := ClassifyBase(ref)
	switch {
	case err != nil:
		d.errorf(RuleBaseImage, "base", "key \"base\": %q is not a valid image reference (%v); write it like \"ubuntu:24.04\"", ref, err)
	case strings.Contains(ref, "alpine"):
		d.errorf(RuleBaseImage, "base", "key \"base\": %q is Alpine; Pyfile installs Python with apt and needs a Debian or Ubuntu image", ref)
	case b.Known && d.f.Python != "" && b.Release.Python != d.f.Python:
		want, _ := distro.ForPython(d.f.Python)
		d.errorf(RuleBaseImage, "base", "key \"base\": %q ships Python %s, not %s; use base = %q or remove \"base\" to get the default", ref, b.Release.Python, d.f.Python, want.Images[0])
	}
	return ref
}

func (d *decoder) user(doc map[string]any) User {
	m := d.table(doc, "user")
	var u User
	if m == nil {
		return u
	}
	if name, ok := d.str(m, "user", "name"); ok {
		if name == "root" || !userName.MatchString(name) {
			d.errorf(RuleNonRootUser, "user.name", "key \"user.name\": %q is not allowed; use a lower-case name such as \"app\" (not root)", name)
		} else {
			u.Name = name
		}
	}
	if v, ok := m["uid"].(int64); ok && v == 0 {
		d.errorf(RuleNonRootUser, "user.uid", `key "user.uid": 0 is root, and Pyfile images never run as root; use for example 10001`)
	} else {
		u.UID = d.integer(m, "user", "uid", 1, math.MaxInt32)
	}
	u.GID = d.integer(m, "user", "gid", 1, math.MaxInt32)
	return u
}

func (d *decoder) env(doc map[string]any) []EnvVar {
	m := d.table(doc, "env")
	var out []EnvVar
	for _, name := range sortedKeys(m) {
		path := join("env", name)
		value, ok := d.str(m, "env", name)
		switch {
		case !envName.MatchString(name):
			d.keyErrorf(RuleEnvName, path, "key %q: %q is not a valid variable name; use letters, digits and _", path, name)
		case reservedEnv[name] != "":
			d.keyErrorf(RuleEnvName, path, "key %q cannot be set: %s", path, reservedEnv[name])
		case looksSecret(name):
			d.keyErrorf(RuleSecretInEnv, path, "key %q looks like a secret, and image config is readable by anyone who pulls the image; pass it at run time (docker run -e %s) or point to a file with %s_FILE", path, name, name)
		case ok:
			out = append(out, EnvVar{Name: name, Value: value})
		}
	}
	return out
}

func (d *decoder) ports(doc map[string]any) []Port {
	v, ok := doc["ports"]
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		d.errorf(RuleInvalidPort, "ports", "key \"ports\" must be a list such as [8000] or [\"8000/tcp\", \"53/udp\"], not %s", typeName(v))
		return nil
	}
	var out []Port
	for i, el := range list {
		path := fmt.Sprintf("ports[%d]", i)
		p, err := parsePort(el)
		if err != nil {
			d.errorf(RuleInvalidPort, path, "key \"ports\": %v", err)
			continue
		}
		if slices.Contains(out, p) {
			d.errorf(RuleInvalidPort, path, "key \"ports\": %d/%s is listed twice; remove one", p.Number, p.Protocol)
			continue
		}
		out = append(out, p)
	}
	return out
}

func parsePort(v any) (Port, error) {
	p := Port{Protocol: "tcp"}
	switch v := v.(type) {
	case int64:
		p.Number = int(v)
		if v < 1 || v > 65535 {
			p.Number = -1
		}
	case string:
		num, proto, hasProto := strings.Cut(v, "/")
		if hasProto {
			p.Protocol = proto
		}
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || n > 65535 || (p.Protocol != "tcp" && p.Protocol != "udp") {
			return p, fmt.Errorf("%q is not a port; write 8000, \"8000/tcp\" or \"53/udp\"", v)
		}
		p.Number = n
	default:
		return p, fmt.Errorf("a port must be a number or a string like \"53/udp\", not %s", typeName(v))
	}
	if p.Number < 0 {
		return p, fmt.Errorf("%d is not a port; use 1 to 65535", v)
	}
	return p, nil
}

func (d *decoder) labels(doc map[string]any) []Label {
	m := d.table(doc, "labels")
	var out []Label
	for _, k := range sortedKeys(m) {
		if v, ok := d.str(m, "labels", k); ok {
			out = append(out, Label{Key: k, Value: v})
		}
	}
	return out
}

func (d *decoder) apt(doc map[string]any) Apt {
	m := d.table(doc, "apt")
	return Apt{Build: d.packages(m, "build"), Runtime: d.packages(m, "runtime")}
}

func (d *decoder) packages(m map[string]any, key string) []string {
	path := join("apt", key)
	if _, isString := m[key].(string); isString {
		d.errorf(RuleDebianPackage, path, "key %q must be a list of Debian package names such as [\"libpq-dev\"]", path)
		return nil
	}
	pkgs := d.stringOrList(m, "apt", key, false)
	for i, p := range pkgs {
		if !debPackage.MatchString(p) {
			d.errorf(RuleDebianPackage, fmt.Sprintf("%s[%d]", path, i), "key %q: %q is not a Debian package name; use names like \"libpq-dev\" or \"libpq5=15.4-0+deb12u1\"", path, p)
		}
	}
	return pkgs
}

func (d *decoder) gunicorn(doc map[string]any) *Gunicorn {
	m := d.table(doc, "gunicorn")
	if m == nil {
		return nil
	}
	if len(d.f.Entrypoint) > 0 && !IsGunicorn(d.f.Entrypoint) {
		d.keyErrorf(RuleGunicorn, "gunicorn", "table [gunicorn] is set but the entrypoint does not run gunicorn; remove [gunicorn] or start the entrypoint with \"gunicorn\"")
	}
	g := &Gunicorn{
		Workers:      d.integer(m, "gunicorn", "workers", 1, 1024),
		Threads:      d.integer(m, "gunicorn", "threads", 1, 1024),
		Timeout:      d.integer(m, "gunicorn", "timeout", 0, 86400),
		WorkerTmpDir: d.absPath(m, "gunicorn", "worker_tmp_dir"),
	}
	g.Bind, _ = d.str(m, "gunicorn", "bind")
	if g.Bind != "" && strings.ContainsAny(g.Bind, " \t") {
		d.errorf(RuleGunicorn, "gunicorn.bind", "key \"gunicorn.bind\": %q must be one address such as \"0.0.0.0:8000\"", g.Bind)
	}
	g.WorkerClass, _ = d.str(m, "gunicorn", "worker_class")
	// A setting given twice would leave gunicorn to pick one silently.
	for _, fl := range GunicornFlags {
		if _, set := m[fl.Key]; set && IsGunicorn(d.f.Entrypoint) && Passes(d.f.Entrypoint, fl.Spellings) {
			d.errorf(RuleGunicorn, "gunicorn."+fl.Key, "key \"gunicorn.%s\" is set and the entrypoint also passes %s; keep one of them", fl.Key, fl.Spellings[0])
		}
	}
	return g
}
