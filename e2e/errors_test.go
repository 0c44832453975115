package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/buildkit/solver/errdefs"

	"github.com/pyfile/pyfile/internal/bkrun"
)

// aptTypo names a runtime package that no archive has, on line 7.
const aptTypo = `# syntax=org/pyfile
python = "3.12"
requirements = "requirements.txt"
entrypoint = ["python", "-c", "print(1)"]

[apt]
runtime = ["pyfile-no-such-package"]
`

// TestBuildxShowsTheFailingKey: when a build step fails, docker buildx prints the Pyfile
// lines of the key that caused it.
func TestBuildxShowsTheFailingKey(t *testing.T) {
	connect(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "Pyfile"), aptTypo)
	write(t, filepath.Join(dir, "requirements.txt"), "six==1.17.0\n")
	out, err := exec.Command("docker", "buildx", "build", "--builder", "pyfile", "--progress", "plain",
		"--secret", "id=ca-certificates,src="+bkrun.CABundle(), "-f", filepath.Join(dir, "Pyfile"), dir).CombinedOutput()
	if err == nil {
		t.Fatalf("the build passed:\n%s", out)
	}
	for _, want := range []string{`>>> python = "3.12"`, `>>> runtime = ["pyfile-no-such-package"]`, "Unable to locate package pyfile-no-such-package", "/bin/sh /run/pyfile/scripts/apt-install python3.12 ca-certificates pyfile-no-such-package"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("docker buildx output lacks %q:\n%s", want, out)
		}
	}
}

// TestBadPyfile: a Pyfile with mistakes fails the build with file:line:column messages,
// and the error carries the Pyfile as source so clients print the snippet.
func TestBadPyfile(t *testing.T) {
	c := connect(t)
	for _, tc := range []struct {
		name, pyfile string
		files        map[string]string
		want         []string
		line         int32
	}{
		{
			name: "misspelt key",
			pyfile: `# syntax=org/pyfile
python = "3.12"
requirements = "requirements.txt"
entrypont = ["python", "app.py"]
`,
			files: map[string]string{"requirements.txt": "six==1.17.0\n"},
			want: []string{
				`Pyfile:4:1: unknown key "entrypont" at the top level (did you mean "entrypoint"?)`,
				`Pyfile:1:1: missing required key "entrypoint"`,
			},
			line: 4,
		},
		{
			name: "missing requirements file",
			pyfile: `# syntax=org/pyfile
python = "3.12"
requirements = "requirements/prod.txt"
entrypoint = ["python", "app.py"]
`,
			want: []string{`Pyfile:3:16: key "requirements": requirements file "requirements/prod.txt" is not in the build context`},
			line: 3,
		},
		{
			// A step that fails in the build points at the key that caused it.
			name:   "unknown apt package",
			pyfile: aptTypo,
			files:  map[string]string{"requirements.txt": "six==1.17.0\n"},
			want:   []string{"Unable to locate package pyfile-no-such-package"},
			line:   7,
		},
	} {
		for _, r := range []string{"syntax", "inprocess"} {
			t.Run(tc.name+"/"+r, func(t *testing.T) {
				dir := t.TempDir()
				write(t, filepath.Join(dir, "Pyfile"), tc.pyfile)
				for name, content := range tc.files {
					write(t, filepath.Join(dir, name), content)
				}
				_, err := build(t, c, dir, r, bkrun.Options{}, nil)
				if err == nil {
					t.Fatal("the build succeeded")
				}
				for _, want := range tc.want {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error lacks %q:\n%v", want, err)
					}
				}
				srcs := errdefs.Sources(err)
				if len(srcs) == 0 || srcs[0].Info.Filename != "Pyfile" || len(srcs[0].Ranges) == 0 {
					t.Fatalf("error carries no Pyfile source: %+v", srcs)
				}
				found := false
				for _, rg := range srcs[0].Ranges {
					found = found || rg.Start.Line == tc.line
				}
				if !found {
					t.Errorf("source ranges %v do not point at line %d", srcs[0].Ranges, tc.line)
				}
			})
		}
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
