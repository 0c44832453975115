package plan

import (
	"slices"

	"github.com/pyfile/pyfile/pyfile"
)

// MaxIncludeDepth bounds chains of -r/-c includes; cycles end earlier, as each file is
// read once.
const MaxIncludeDepth = 8

// ReadFiles returns the contents of the context files it is given. A file it leaves out
// of the map is not in the context.
type ReadFiles func(paths []string) (map[string][]byte, error)

// RequirementFiles checks that f's requirement files are in the build context and
// returns the files they include (-r, -c), level by level: one read per level, so a
// daemon transfers only those files. A missing file is an error at the requirements key.
func RequirementFiles(f *pyfile.File, read ReadFiles) ([]string, error) {
	var includes []string
	seen := slices.Clone(f.Requirements)
	todo := slices.Clone(f.Requirements)
	for depth := 0; len(todo) > 0; depth++ {
		if depth == MaxIncludeDepth {
			return nil, f.Errorf(pyfile.RuleRequirementFiles, "requirements", "key \"requirements\": requirement files include each other more than %d levels deep (%q is at level %d); flatten the -r chain", MaxIncludeDepth, todo[0], depth+1)
		}
		files, err := read(todo)
		if err != nil {
			return nil, err
		}
		var next []string
		for _, path := range todo {
			data, ok := files[path]
			if !ok {
				if slices.Contains(f.Requirements, path) {
					return nil, f.Errorf(pyfile.RuleRequirementFiles, "requirements", "key \"requirements\": requirements file %q is not in the build context; check the path, and that .dockerignore does not exclude it", path)
				}
				return nil, f.Errorf(pyfile.RuleRequirementFiles, "requirements", "key \"requirements\": %q is included by a requirements file but is not in the build context", path)
			}
			for _, inc := range Includes(path, data) {
				if !slices.Contains(seen, inc) {
					seen = append(seen, inc)
					includes = append(includes, inc)
					next = append(next, inc)
				}
			}
		}
		todo = next
	}
	return includes, nil
}
