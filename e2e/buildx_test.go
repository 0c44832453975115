package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"

	"github.com/pyfile/pyfile/internal/bkrun"
	"github.com/pyfile/pyfile/plan"
)

// TestBuildx builds the Flask example the way users do, with `docker buildx build` on a
// remote builder and the seed's BUILDKIT_INLINE_CACHE=1, pushes it and reads the pushed
// image config back from the registry.
func TestBuildx(t *testing.T) {
	connect(t)
	reg := os.Getenv("PYFILE_REGISTRY")
	if reg == "" {
		t.Fatal("PYFILE_REGISTRY is not set: run hack/testbed/up.sh and `. .testbed/env`")
	}
	ref := reg + "/e2e/flask:buildx-" + time.Now().Format("20060102150405")
	out := run(t, "docker", "buildx", "build", "--builder", "pyfile", "--progress", "plain",
		"--secret", "id=ca-certificates,src="+bkrun.CABundle(), "--build-arg", "BUILDKIT_INLINE_CACHE=1",
		"-f", "../examples/flask/Pyfile", "--output", "type=image,name="+ref+",push=true", "../examples/flask")
	if !strings.Contains(out, plan.StepInstall) {
		t.Errorf("buildx output shows no Pyfile steps:\n%s", out)
	}
	config := []byte(run(t, "crane", "config", ref))
	var img dockerspec.DockerOCIImage
	if err := json.Unmarshal(config, &img); err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(config, &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["moby.buildkit.cache.v0"]; !ok {
		t.Errorf("BUILDKIT_INLINE_CACHE=1 left no inline cache metadata in the pushed config")
	}
	if img.Config.User != "10001:10001" || img.OS != "linux" || img.Architecture == "" {
		t.Errorf("pushed config: user %q os %q arch %q", img.Config.User, img.OS, img.Architecture)
	}
	// The history describes the frontend's layers, not the scripts that made them.
	var history []string
	for _, h := range img.History {
		history = append(history, h.CreatedBy)
		if strings.Contains(h.CreatedBy, "set -eu") {
			t.Errorf("history shows a script: %q", h.CreatedBy)
		}
	}
	if n := len(history); n < 4 || history[n-1] != "pyfile runner: copy the code to /app, compiled to bytecode, owned by root, mode go-w" ||
		history[n-4] != "pyfile runner: apt-get install python3.12 ca-certificates" {
		t.Errorf("history %q does not end with the runner's four layers", history)
	}
	if !strings.HasPrefix(img.Config.Labels["org.opencontainers.image.base.digest"], "sha256:") {
		t.Errorf("pushed image does not name its pinned base: %v", img.Config.Labels)
	}
}

// TestBuildxCheck: `docker buildx build --call check` reports a Pyfile's problems
// without building.
func TestBuildxCheck(t *testing.T) {
	connect(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "Pyfile"), "# syntax=org/pyfile\npython = \"3.12\"\nrequirements = \"requirements.txt\"\nentrypoint = [\"python\"]\nports = [80800]\n")
	cmd := exec.Command("docker", "buildx", "build", "--builder", "pyfile", "--call", "check", "-f", filepath.Join(dir, "Pyfile"), dir)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Errorf("--call check passed a bad Pyfile:\n%s", out)
	}
	if want := `key "ports": 80800 is not a port`; !strings.Contains(string(out), want) {
		t.Errorf("--call check output lacks %q:\n%s", want, out)
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestBuildxCalls: `docker buildx build --call targets` and `--call outline` answer
// without building, through the `# syntax` line.
func TestBuildxCalls(t *testing.T) {
	connect(t)
	for _, tc := range []struct {
		call string
		want []string
	}{
		{"targets", []string{"runner (default)", "builder", "wheels"}},
		{"outline", []string{"PYFILE_WHEELS_FROM", "BUILDKIT_CACHE_MOUNT_NS", "pip.conf", "ca-certificates"}},
		// The JSON form carries the secrets' location: the Pyfile's requirements line (6).
		{"outline,format=json", []string{`"name": "pip.conf"`, `"line": 6`}},
	} {
		t.Run(tc.call, func(t *testing.T) {
			out := run(t, "docker", "buildx", "build", "--builder", "pyfile", "--call", tc.call, "-f", "../examples/flask/Pyfile", "../examples/flask")
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("--call %s output lacks %q:\n%s", tc.call, w, out)
				}
			}
			if strings.Contains(out, "pip install") {
				t.Errorf("--call %s ran the build:\n%s", tc.call, out)
			}
		})
	}
}
