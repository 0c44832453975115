package pyfile

import (
	"sort"

	"github.com/agext/levenshtein"
)

// keys lists the keys each table accepts; "" is the top level.
// Tables not listed here ([env], [labels]) accept any key.
var keys = map[string][]string{
	"":         {"python", "requirements", "entrypoint", "cmd", "base", "workdir", "user", "env", "ports", "labels", "apt", "gunicorn", "installer", "compilers"},
	"user":     {"name", "uid", "gid"},
	"apt":      {"build", "runtime"},
	"gunicorn": {"bind", "workers", "worker_class", "worker_tmp_dir", "threads", "timeout"},
}

// Choices are the values of the keys that take one of a few.
var Choices = map[string][]string{
	"installer": {"uv", "pip"},               // the first is the default
	"compilers": {"auto", "always", "never"}, // the first is the default
}

// suggest returns the known key closest to an unknown one, or "" if none is close.
func suggest(unknown string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := levenshtein.Distance(unknown, k, nil); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// sortedKeys returns a table's keys in a stable order so errors come out deterministically.
func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
