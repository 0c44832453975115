package plan_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

func walk(t *testing.T, reqs string, files map[string]string) ([]string, [][]string, error) {
	t.Helper()
	f, err := pyfile.Parse("Pyfile", []byte("python = \"3.12\"\nrequirements = "+reqs+"\nentrypoint = [\"python\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	var reads [][]string
	got, err := plan.RequirementFiles(f, func(paths []string) (map[string][]byte, error) {
		reads = append(reads, slices.Clone(paths))
		out := map[string][]byte{}
		for _, p := range paths {
			if dt, ok := files[p]; ok {
				out[p] = []byte(dt)
			}
		}
		return out, nil
	})
	return got, reads, err
}

func TestRequirementFiles(t *testing.T) {
	got, reads, err := walk(t, `["requirements.txt", "dev.txt"]`, map[string]string{
		"requirements.txt": "-r base/common.txt\nflask\n",
		"dev.txt":          "-r requirements.txt\n-c constraints.txt\n",
		"base/common.txt":  "--requirement ../requirements.txt\n",
		"constraints.txt":  "flask<4\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"base/common.txt", "constraints.txt"}; !slices.Equal(got, want) {
		t.Errorf("includes %q, want %q", got, want)
	}
	// One read per level, and every file once: the cycle back to requirements.txt ends.
	if len(reads) != 2 || !slices.Equal(reads[0], []string{"requirements.txt", "dev.txt"}) {
		t.Errorf("reads %q", reads)
	}
}

func TestRequirementFilesErrors(t *testing.T) {
	chain := map[string]string{}
	for i := range plan.MaxIncludeDepth + 1 {
		chain[fmt.Sprintf("r%d.txt", i)] = fmt.Sprintf("-r r%d.txt\n", i+1)
	}
	for _, tc := range []struct {
		name, reqs string
		files      map[string]string
		want       string
	}{
		{"missing file", `"requirements.txt"`, nil, `Pyfile:2:16: key "requirements": requirements file "requirements.txt" is not in the build context`},
		{"missing include", `"requirements.txt"`, map[string]string{"requirements.txt": "-r gone.txt\n"}, `"gone.txt" is included by a requirements file but is not in the build context`},
		{"too deep", `"r0.txt"`, chain, `requirement files include each other more than 8 levels deep ("r8.txt" is at level 9)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := walk(t, tc.reqs, tc.files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %s", err, tc.want)
			}
		})
	}
}
