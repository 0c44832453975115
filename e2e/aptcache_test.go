package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/client"
	"github.com/moby/buildkit/client/llb"
	gateway "github.com/moby/buildkit/frontend/gateway/client"

	"github.com/pyfile/pyfile/internal/bkrun"
	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

// TestAptCacheKeepsPackages: after a build, the builder's apt cache mount holds the .deb
// files it downloaded, which the docker-clean hook of the official images would delete
// from /var/cache/apt/archives.
func TestAptCacheKeepsPackages(t *testing.T) {
	c := connect(t)
	// A build package this test alone asks for, with the compilers, makes the builder's
	// apt step run now.
	dir := copyDir(t, "../examples/flask")
	pf := filepath.Join(dir, "Pyfile")
	write(t, pf, strings.Replace(string(read(t, pf)), "\n[labels]", "compilers = \"always\"\n\n[labels]", 1)+"\n[apt]\nbuild = [\"libffi-dev\"]\n")
	if _, err := build(t, c, dir, "inprocess", bkrun.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	f, err := pyfile.Parse("Pyfile", read(t, filepath.Join(dir, "Pyfile")))
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.New(f, plan.Options{Platform: "linux/amd64"})
	if err != nil {
		t.Fatal(err)
	}
	var cache plan.Cache
	for _, cm := range p.Builder.System.Caches {
		if cm.Target == plan.AptArchives {
			cache = cm
		}
	}
	// A step that only counts the packages in that cache mount and writes the number out.
	st := llb.Image("docker.io/library/"+p.Base.Ref).Run(
		llb.Args([]string{"/bin/sh", "-c", "ls " + plan.AptArchives + " | grep -c '[.]deb$' > /count; true"}),
		llb.AddMount(plan.AptArchives, llb.Scratch(), llb.AsPersistentCacheDir(cache.ID, llb.CacheMountLocked)),
		// Not llb.IgnoreCache: BuildKit gives a step that ignores the cache an empty cache
		// mount. A new env value keeps the step from being cached instead.
		llb.AddEnv("PYFILE_TEST_RUN", time.Now().Format(time.RFC3339Nano)),
	).Root()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	def, err := st.Marshal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var count int
	_, err = c.Build(ctx, client.SolveOpt{}, "pyfile-e2e", func(ctx context.Context, gw gateway.Client) (*gateway.Result, error) {
		res, err := gw.Solve(ctx, gateway.SolveRequest{Definition: def.ToPB()})
		if err != nil {
			return nil, err
		}
		ref, err := res.SingleRef()
		if err != nil {
			return nil, err
		}
		dt, err := ref.ReadFile(ctx, gateway.ReadRequest{Filename: "/count"})
		if err != nil {
			return nil, err
		}
		count, err = strconv.Atoi(strings.TrimSpace(string(dt)))
		if err != nil {
			return nil, fmt.Errorf("count %q: %w", dt, err)
		}
		return res, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if count < 10 {
		t.Errorf("apt cache %s holds %d packages; python%s and build-essential alone are dozens", cache.ID, count, p.Python)
	}
	if !strings.Contains(string(read(t, pf)), `compilers = "always"`) {
		t.Errorf("the test's Pyfile does not ask for compilers")
	}
}
