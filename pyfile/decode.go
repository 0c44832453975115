package pyfile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyfile/pyfile/distro"
)

// decoder turns the generic TOML document into a File, collecting every problem.
type decoder struct {
	f    *File
	errs Errors
}

// errorf records a problem located at key's value.
func (d *decoder) errorf(rule Rule, key, format string, args ...any) {
	d.errs = append(d.errs, d.f.Errorf(rule, key, format, args...))
}

// keyErrorf records a problem located at the key itself.
func (d *decoder) keyErrorf(rule Rule, key, format string, args ...any) {
	d.errs = append(d.errs, newError(rule, d.f.Name, d.f.positions[key].key, key, format, args...))
}

func (d *decoder) file(doc map[string]any) {
	d.unknownKeys("", doc)
	f := d.f
	f.Python = d.python(doc)
	f.Requirements = d.requirements(doc)
	f.Entrypoint = d.argv(doc, "entrypoint", true)
	f.Cmd = d.argv(doc, "cmd", false)
	f.Base = d.base(doc)
	f.Workdir = d.absPath(doc, "", "workdir")
	f.User = d.user(doc)
	f.Env = d.env(doc)
	f.Ports = d.ports(doc)
	f.Labels = d.labels(doc)
	f.Apt = d.apt(doc)
	f.Gunicorn = d.gunicorn(doc)
	f.Installer = d.choice(doc, "installer")
	f.Compilers = d.choice(doc, "compilers")
}

// choice reads a key that takes one of Choices[key].
func (d *decoder) choice(doc map[string]any, key string) string {
	s, ok := d.str(doc, "", key)
	if !ok {
		return ""
	}
	if !slices.Contains(Choices[key], s) {
		d.errorf(RuleChoice, key, "key %q: %q is not one of %s", key, s, strings.Join(quoteAll(Choices[key]), ", "))
		return ""
	}
	return s
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// unknownKeys reports keys a table does not accept, with the closest known key.
func (d *decoder) unknownKeys(table string, m map[string]any) {
	known := keys[table]
	for _, k := range sortedKeys(m) {
		if slices.Contains(known, k) {
			continue
		}
		path := join(table, k)
		where := "at the top level"
		if table != "" {
			where = "in [" + table + "]"
		}
		msg := fmt.Sprintf("unknown key %q %s", k, where)
		if s := suggest(k, known); s != "" {
			d.keyErrorf(RuleUnknownKey, path, "%s (did you mean %q?)", msg, s)
		} else {
			d.keyErrorf(RuleUnknownKey, path, "%s; valid keys are %s", msg, strings.Join(known, ", "))
		}
	}
}

func (d *decoder) python(doc map[string]any) string {
	v, ok := doc["python"]
	if !ok {
		d.errorf(RuleMissingKey, "python", `missing required key "python"; add for example python = "3.12"`)
		return ""
	}
	s, ok := v.(string)
	if !ok {
		d.errorf(RuleWrongType, "python", `key "python" must be a string such as "3.12", not %s (a TOML number turns 3.10 into 3.1); quote it`, typeName(v))
		return ""
	}
	p, ok := distro.ForPython(s)
	if !ok {
		d.errorf(RuleUnsupportedPython, "python", "key \"python\": %q is not supported; use one of %s", s, supportedPythons())
		return ""
	}
	if p.EOL {
		d.f.Warnings = append(d.f.Warnings, d.f.Errorf(RuleEndOfLifePython, "python", "Python %s is end of life and gets no security fixes; move to a newer python", s))
	}
	return s
}

func supportedPythons() string {
	vs := make([]string, len(distro.Releases))
	for i, r := range distro.Releases {
		vs[i] = r.Python
	}
	return strings.Join(vs, ", ")
}

func (d *decoder) requirements(doc map[string]any) []string {
	if _, ok := doc["requirements"]; !ok {
		d.errorf(RuleMissingKey, "requirements", `missing required key "requirements"; add for example requirements = "requirements.txt"`)
		return nil
	}
	before := len(d.errs)
	paths := d.stringOrList(doc, "", "requirements", false)
	_, single := doc["requirements"].(string)
	for i, p := range paths {
		if !cleanRelPath(p) {
			key := fmt.Sprintf("requirements[%d]", i)
			if single {
				key = "requirements"
			}
			d.errorf(RuleInvalidPath, key, "key \"requirements\": %q must be a relative path inside the build context, without \"..\"", p)
		}
	}
	// Empty, unless its elements were already reported (a list of numbers, say).
	if len(paths) == 0 && doc["requirements"] != nil && len(d.errs) == before {
		d.errorf(RuleEmptyValue, "requirements", `key "requirements" is empty; name at least one requirements file`)
	}
	return paths
}

// argv reads an argument vector: a list of strings, or a string split into words.
// A string is never run through a shell.
func (d *decoder) argv(doc map[string]any, key string, required bool) []string {
	v, ok := doc[key]
	if !ok {
		if required {
			d.errorf(RuleMissingKey, key, `missing required key %q; add for example %s = ["gunicorn", "app:app"]`, key, key)
		}
		return nil
	}
	args := d.stringOrList(doc, "", key, true)
	if len(args) == 0 && v != nil && required {
		if _, isList := v.([]any); isList {
			d.errorf(RuleEmptyValue, key, "key %q is empty; give the program to run and its arguments", key)
		} else if s, isString := v.(string); isString && strings.TrimSpace(s) == "" {
			d.errorf(RuleEmptyValue, key, "key %q is empty; give the program to run and its arguments", key)
		}
	}
	return args
}

// stringOrList reads a string or a list of strings. With split, a string is split into words.
func (d *decoder) stringOrList(m map[string]any, table, key string, split bool) []string {
	path := join(table, key)
	switch v := m[key].(type) {
	case nil:
		return nil
	case string:
		if split {
			return strings.Fields(v)
		}
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for i, el := range v {
			s, ok := el.(string)
			if !ok {
				d.errorf(RuleWrongType, fmt.Sprintf("%s[%d]", path, i), "key %q: element %d must be a string, not %s; quote it", path, i+1, typeName(el))
				continue
			}
			out = append(out, s)
		}
		if len(out) == 0 {
			return nil
		}
		return out
	default:
		d.errorf(RuleWrongType, path, "key %q must be a string or a list of strings, not %s", path, typeName(v))
		return nil
	}
}

func (d *decoder) str(m map[string]any, table, key string) (string, bool) {
	v, ok := m[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		path := join(table, key)
		d.errorf(RuleWrongType, path, "key %q must be a string, not %s", path, typeName(v))
		return "", false
	}
	return s, true
}

func (d *decoder) integer(m map[string]any, table, key string, min, max int64) int {
	v, ok := m[key]
	if !ok {
		return 0
	}
	path := join(table, key)
	n, ok := v.(int64)
	if !ok {
		d.errorf(RuleWrongType, path, "key %q must be an integer, not %s", path, typeName(v))
		return 0
	}
	if n < min || n > max {
		d.errorf(RuleOutOfRange, path, "key %q: %d is out of range; use %d to %d", path, n, min, max)
		return 0
	}
	return int(n)
}

func (d *decoder) absPath(m map[string]any, table, key string) string {
	s, ok := d.str(m, table, key)
	if ok && !cleanAbsPath(s) {
		path := join(table, key)
		d.errorf(RuleInvalidPath, path, "key %q: %q must be a clean absolute path such as \"/app\"", path, s)
		return ""
	}
	return s
}

// table reads a sub-table, reporting its unknown keys.
func (d *decoder) table(doc map[string]any, key string) map[string]any {
	v, ok := doc[key]
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.errorf(RuleWrongType, key, "key %q must be a table ([%s] or %s = { ... }), not %s", key, key, key, typeName(v))
		return nil
	}
	if _, free := keys[key]; free {
		d.unknownKeys(key, m)
	}
	return m
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	default:
		return "a date or time"
	}
}
