package plan

import (
	"path"
	"strings"
)

// Includes returns the files a requirements file pulls in with -r/--requirement or
// -c/--constraint, as paths relative to the build context. file is the including file's
// context path; includes are relative to its directory, as pip reads them. Paths that
// leave the context or are URLs are skipped: pip reports those itself.
func Includes(file string, data []byte) []string {
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		var target string
		switch opt, value, hasValue := strings.Cut(fields[0], "="); {
		case (opt == "-r" || opt == "-c" || opt == "--requirement" || opt == "--constraint") && hasValue:
			target = value
		case (opt == "-r" || opt == "-c" || opt == "--requirement" || opt == "--constraint") && len(fields) > 1:
			target = fields[1]
		case strings.HasPrefix(opt, "-r") || strings.HasPrefix(opt, "-c"):
			target = opt[2:]
		default:
			continue
		}
		if strings.Contains(target, "://") || path.IsAbs(target) {
			continue
		}
		p := path.Join(path.Dir(file), target)
		if p == ".." || strings.HasPrefix(p, "../") {
			continue
		}
		out = append(out, p)
	}
	return out
}
