package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pyfile/pyfile/internal/bkrun"
	"github.com/pyfile/pyfile/plan"
)

// Steps that must not run again after a code-only change.
var dependencySteps = []string{
	plan.StepBuilderSystem,
	plan.StepVenv,
	plan.StepInstall,
	plan.StepRunnerSystem,
	plan.StepUser,
	plan.StepCopyVenv,
}

// TestRebuild changes the code, then one requirement, of a copy of the Flask example and
// checks from the solve status what BuildKit ran again, with each installer.
func TestRebuild(t *testing.T) {
	c := connect(t)
	for _, installer := range []string{"uv", "pip"} {
		t.Run(installer, func(t *testing.T) {
			dir := copyDir(t, "../examples/flask")
			if installer == "pip" {
				pf := filepath.Join(dir, "Pyfile")
				write(t, pf, strings.Replace(string(read(t, pf)), "\n[labels]", "installer = \"pip\"\n\n[labels]", 1))
			}
			if _, err := build(t, c, dir, "syntax", bkrun.Options{}, nil); err != nil {
				t.Fatal(err)
			}

			appendFile(t, filepath.Join(dir, "app.py"), "\n# changed at "+time.Now().Format(time.RFC3339Nano)+"\n")
			log, err := build(t, c, dir, "syntax", bkrun.Options{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, step := range dependencySteps {
				expectCached(t, log, step, true)
			}
			expectCached(t, log, plan.StepCopyCode, false)

			before := pinned(t, filepath.Join(dir, "requirements.txt"))
			// The comment makes the file new to BuildKit in every run of the test.
			appendFile(t, filepath.Join(dir, "requirements.txt"), "six==1.17.0  # added at "+time.Now().Format(time.RFC3339Nano)+"\n")
			log, err = build(t, c, dir, "syntax", bkrun.Options{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			expectCached(t, log, plan.StepBuilderSystem, true)
			expectCached(t, log, plan.StepVenv, true)
			expectCached(t, log, plan.StepInstall, false)
			// The installer's cache is warm: only the new requirement is downloaded.
			out := log.Output(plan.StepInstall)
			if installer == "uv" {
				// six alone may be fetched (other tests may have cached it already).
				if n := prepared(out); n > 1 || !strings.Contains(out, "+ six==1.17.0") {
					t.Errorf("uv fetched %d packages after a one-line change, want at most the new one, six:\n%s", n, out)
				}
				return
			}
			for _, pkg := range before {
				if downloaded(out, pkg) {
					t.Errorf("pip downloaded %s again after a one-line change:\n%s", pkg, out)
				}
			}
			if n := strings.Count(strings.ToLower(out), "already downloaded"); n < len(before) {
				t.Errorf("pip reused %d cached files, want all %d earlier requirements:\n%s", n, len(before), out)
			}
		})
	}
}

func expectCached(t *testing.T, log *bkrun.Status, step string, cached bool) {
	t.Helper()
	vs := log.Steps(step)
	if len(vs) == 0 {
		t.Errorf("no step %q in the build; steps:\n%s", step, log.Names())
		return
	}
	for _, v := range vs {
		if v.Cached != cached {
			t.Errorf("step %q cached=%v, want %v", v.Name, v.Cached, cached)
		}
	}
}

// pinned returns the package names of a requirements file's name==version lines.
func pinned(t *testing.T, path string) []string {
	var names []string
	for _, line := range strings.Split(string(read(t, path)), "\n") {
		if name, _, ok := strings.Cut(strings.TrimSpace(line), "=="); ok && !strings.HasPrefix(name, "#") {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		t.Fatalf("%s pins nothing", path)
	}
	return names
}

// prepared is how many packages uv's output says it fetched or built, rather than took
// from its cache ("Prepared 1 package in 20ms"); uv says nothing when it fetched none.
func prepared(out string) int {
	m := regexp.MustCompile(`Prepared (\d+) packages? in`).FindStringSubmatch(out)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// downloaded reports whether pip's output shows a download of pkg's files.
func downloaded(out, pkg string) bool {
	name := regexp.QuoteMeta(strings.ToLower(pkg))
	name = strings.NewReplacer("_", "[-_.]", "-", "[-_.]", `\.`, "[-_.]").Replace(name)
	return regexp.MustCompile(`(?m)^\s*downloading\s+(\S+/)?` + name + `-`).MatchString(strings.ToLower(out))
}

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
