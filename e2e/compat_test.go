package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyfile/pyfile/distro"
	"github.com/pyfile/pyfile/frontend"
	"github.com/pyfile/pyfile/internal/bkrun"
)

// serverPort serializes the example servers: they all listen on port 8000 of the host
// network, while the builds before them run in parallel.
var serverPort sync.Mutex

// daemon is one BuildKit release the test bed runs beside its main buildkitd.
type daemon struct{ version, addr string }

// buildkits reads the test bed's older buildkitds from PYFILE_BUILDKITS ("v0.10.6=unix:///... ...").
func buildkits(t *testing.T) []daemon {
	t.Helper()
	v := os.Getenv("PYFILE_BUILDKITS")
	if v == "" {
		t.Fatal("PYFILE_BUILDKITS is not set: the test bed (hack/testbed/buildkits.sh) runs the BuildKit releases of the compatibility matrix")
	}
	var out []daemon
	for _, f := range strings.Fields(v) {
		version, addr, ok := strings.Cut(f, "=")
		if !ok {
			t.Fatalf("PYFILE_BUILDKITS entry %q is not VERSION=ADDRESS", f)
		}
		out = append(out, daemon{version, addr})
	}
	return out
}

// below reports whether release a is older than release b ("v0.9.3" < "v0.10.0").
func below(a, b string) bool {
	num := func(v string) []int {
		var n []int
		for _, p := range strings.Split(strings.TrimPrefix(v, "v"), ".") {
			var x int
			fmt.Sscan(p, &x)
			n = append(n, x)
		}
		return n
	}
	return slices.Compare(num(a), num(b)) < 0
}

// modes lists every file of the code, the venv and the home directory with its mode and
// owner, as the image's root sees them.
func modes(ctx context.Context, c *bkrun.Container) (string, error) {
	return c.Exec(ctx, "0:0", "/bin/sh", "-c", `find /app /opt/venv /home -printf '%M %U:%G %p\n' | LC_ALL=C sort`)
}

// flaskWithLooseModes is examples/flask copied with group- and world-writable files, as
// a checkout under umask 000 has them: the image must still not let the app write them.
func flaskWithLooseModes(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../examples/flask")); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Chmod(p, 0o777)
		}
		return os.Chmod(p, 0o666)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBuildKitMatrix builds examples/flask through `# syntax=org/pyfile` on every BuildKit
// release of the test bed. From frontend.MinBuildKit on, the image must run and be the
// same image as the current BuildKit's, file for file and mode for mode; below it, the
// build must fail with the message that says what to do.
func TestBuildKitMatrix(t *testing.T) {
	connect(t)
	dir := flaskWithLooseModes(t)
	flask := examples[slices.IndexFunc(examples, func(e example) bool { return e.name == "flask" })]

	// buildAndList builds dir on the daemon at addr, runs and checks it, and lists its files.
	buildAndList := func(t *testing.T, addr string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
		defer cancel()
		c, err := bkrun.Connect(ctx, addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var list string
		_, err = build(t, c, dir, "syntax", bkrun.Options{}, func(ctx context.Context, b *bkrun.Built) error {
			serverPort.Lock()
			defer serverPort.Unlock()
			if err := runAndCheck(ctx, b, flask); err != nil {
				return err
			}
			ctr, err := b.Start(ctx)
			if err != nil {
				return err
			}
			defer ctr.Release()
			list, err = modes(ctx, ctr)
			return err
		})
		return list, err
	}

	var want string
	var current sync.WaitGroup
	current.Add(1)
	t.Run("current", func(t *testing.T) {
		defer current.Done()
		t.Parallel()
		list, err := buildAndList(t, os.Getenv("BUILDKIT_HOST"))
		if err != nil {
			t.Fatal(err)
		}
		// The context's files are 0666: the image has them without group and other write.
		if !strings.Contains(list, "-rw-r--r-- 0:0 /app/app.py\n") || !strings.Contains(list, "drwxr-xr-x 0:0 /app\n") {
			t.Fatalf("the code is not owned by root and read-only for others:\n%s", list)
		}
		want = list
	})
	for _, d := range buildkits(t) {
		t.Run(d.version, func(t *testing.T) {
			t.Parallel()
			// --call requests work on every release, below the minimum too: they need no build.
			builder := "pyfile-" + d.version
			exec.Command("docker", "buildx", "rm", builder).Run() // from an earlier run, maybe at another address
			run(t, "docker", "buildx", "create", "--name", builder, "--driver", "remote", d.addr)
			if out := run(t, "docker", "buildx", "build", "--builder", builder, "--call", "targets", "-f", dir+"/Pyfile", dir); !strings.Contains(out, "runner (default)") {
				t.Errorf("--call targets on BuildKit %s:\n%s", d.version, out)
			}
			list, err := buildAndList(t, d.addr)
			if below(d.version, frontend.MinBuildKit) {
				if err == nil {
					t.Fatalf("BuildKit %s is below the minimum %s, but the build passed", d.version, frontend.MinBuildKit)
				}
				for _, w := range []string{"Pyfile needs BuildKit " + frontend.MinBuildKit + " or later", "Docker Engine " + frontend.MinEngine, "docker-container"} {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error does not say %q:\n%v", w, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			current.Wait()
			if want == "" {
				t.Fatal("the current BuildKit's build failed: nothing to compare with")
			}
			if list != want {
				t.Errorf("BuildKit %s built a different image than the current one:\n%s", d.version, lineDiff(want, list))
			}
		})
	}
}

// lineDiff lists the lines only in a (-) and only in b (+).
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for _, l := range al {
		if !slices.Contains(bl, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range bl {
		if !slices.Contains(al, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

// TestEveryPython builds and runs a small click app with every Python version of the
// distro table, each on its default base image, in parallel.
func TestEveryPython(t *testing.T) {
	c := connect(t)
	for _, py := range distro.Releases {
		t.Run(py.Python, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS("../examples/cli")); err != nil {
				t.Fatal(err)
			}
			pf := fmt.Sprintf("# syntax=org/pyfile\npython = %q\nrequirements = \"requirements.txt\"\nentrypoint = [\"python\", \"-m\", \"pyfile_cli\"]\ncmd = [\"--name\", \"world\"]\n", py.Python)
			// click 8.1.8 is the newest click that still installs on Python 3.8.
			for name, data := range map[string]string{"Pyfile": pf, "requirements.txt": "click==8.1.8\n"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ex := example{name: "python" + py.Python, python: py.Python, file: "pyfile_cli/__main__.py",
				answer: func(ctx context.Context, _ *bkrun.Container, out *bkrun.Buffer) error {
					for _, want := range []string{"pyfile-cli: hello from Python " + py.Python + ".", "hello, world!"} {
						if !strings.Contains(out.String(), want) {
							return fmt.Errorf("output %q lacks %q", out.String(), want)
						}
					}
					return nil
				}}
			_, err := build(t, c, dir, "syntax", bkrun.Options{}, func(ctx context.Context, b *bkrun.Built) error {
				if want := "docker.io/library/" + py.Images[0]; b.Image.Config.Labels["org.opencontainers.image.base.name"] != want {
					return fmt.Errorf("base %q, want %s", b.Image.Config.Labels["org.opencontainers.image.base.name"], want)
				}
				return runAndCheck(ctx, b, ex)
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
