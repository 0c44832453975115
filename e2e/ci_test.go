package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/client"

	"github.com/pyfile/pyfile/internal/bkrun"
	"github.com/pyfile/pyfile/plan"
)

// CI builds on a fresh builder each time and shares nothing with the last run but the
// registry. These tests push an image or a cache from the test bed's buildkitd, then
// build the next commit on new buildkitd processes with empty state.

func TestCIInlineCache(t *testing.T) {
	connect(t)
	dir := copyDir(t, "../examples/flask")
	ref := registry(t) + "/e2e/ci-inline:" + stamp()
	push := bkrun.Options{
		Exports:      []client.ExportEntry{{Type: client.ExporterImage, Attrs: map[string]string{"name": ref, "push": "true"}}},
		CacheExports: []client.CacheOptionsEntry{{Type: "inline"}},
	}
	buildOnFreshDaemon(t, dir, push)

	appendFile(t, filepath.Join(dir, "app.py"), "\n# next commit "+stamp()+"\n")
	from := bkrun.Options{CacheImports: []client.CacheOptionsEntry{{Type: "registry", Attrs: map[string]string{"ref": ref}}}}
	withCache, took := buildOnFreshDaemon(t, dir, from)
	for _, step := range dependencySteps {
		expectNotRun(t, withCache, step)
	}
	if len(withCache.Ran(plan.StepCopyCode)) == 0 {
		t.Errorf("the changed code was not copied")
	}
	_, tookCold := buildOnFreshDaemon(t, dir, bkrun.Options{})
	t.Logf("fresh builder, code-only change: %s with --cache-from the inline-cache image, %s without", took, tookCold)
}

func TestCIRegistryCache(t *testing.T) {
	connect(t)
	dir := copyDir(t, "../examples/flask")
	cacheRef := registry(t) + "/e2e/ci-cache:" + stamp()
	push := bkrun.Options{CacheExports: []client.CacheOptionsEntry{{Type: "registry", Attrs: map[string]string{"ref": cacheRef, "mode": "max"}}}}
	buildOnFreshDaemon(t, dir, push)
	from := bkrun.Options{CacheImports: []client.CacheOptionsEntry{{Type: "registry", Attrs: map[string]string{"ref": cacheRef}}}}

	appendFile(t, filepath.Join(dir, "app.py"), "\n# next commit "+stamp()+"\n")
	log, took := buildOnFreshDaemon(t, dir, from)
	for _, step := range dependencySteps {
		expectNotRun(t, log, step)
	}
	t.Logf("fresh builder, code-only change, --cache-from a mode=max registry cache: %s", took)

	appendFile(t, filepath.Join(dir, "requirements.txt"), "six==1.17.0  # "+stamp()+"\n")
	log, took = buildOnFreshDaemon(t, dir, from)
	for _, step := range []string{plan.StepBuilderSystem, plan.StepVenv, plan.StepRunnerSystem, plan.StepUser} {
		expectNotRun(t, log, step)
	}
	if len(log.Ran(plan.StepInstall)) == 0 {
		t.Errorf("pip did not run after a requirements change")
	}
	t.Logf("fresh builder, one requirement changed, --cache-from a mode=max registry cache: %s", took)
}

// buildOnFreshDaemon builds dir on a new buildkitd with empty state and returns the
// progress and how long the build took.
func buildOnFreshDaemon(t *testing.T, dir string, o bkrun.Options) (*bkrun.Status, time.Duration) {
	t.Helper()
	d, err := bkrun.StartDaemon(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	start := time.Now()
	log, err := build(t, d.Client, dir, "syntax", o, nil)
	if err != nil {
		t.Fatal(err)
	}
	return log, time.Since(start)
}

// expectNotRun checks that a step is in the build and was not executed: it came from
// the cache. A step missing from the build log fails too, so a renamed step cannot pass.
func expectNotRun(t *testing.T, log *bkrun.Status, step string) {
	t.Helper()
	if len(log.Steps(step)) == 0 {
		t.Errorf("no step %q in the build; steps:\n%s", step, log.Names())
	}
	for _, name := range log.Ran(step) {
		t.Errorf("step %q ran", name)
	}
}

func registry(t *testing.T) string {
	t.Helper()
	reg := os.Getenv("PYFILE_REGISTRY")
	if reg == "" {
		t.Fatal("PYFILE_REGISTRY is not set: run hack/testbed/up.sh and `. .testbed/env`")
	}
	return reg
}

func stamp() string { return time.Now().Format("20060102-150405.000000000") }

// TestCIWheels carries uv's cache from one fresh builder to the next through a wheels
// image: after a one-line requirements change, only the new package is downloaded.
func TestCIWheels(t *testing.T) {
	connect(t)
	dir := copyDir(t, "../examples/flask")
	wheels := registry(t) + "/e2e/ci-wheels:" + stamp()
	seeded := bkrun.Options{Attrs: map[string]string{"build-arg:PYFILE_WHEELS_FROM": wheels}}

	// First CI run: the wheels image does not exist yet (a warning, not an error); then
	// the same builder pushes its wheel cache as the wheels image.
	d, err := bkrun.StartDaemon(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, d.Client, dir, "syntax", seeded, nil); err != nil {
		d.Stop()
		t.Fatal(err)
	}
	push := bkrun.Options{
		Attrs:   map[string]string{"build-arg:PYFILE_WHEELS_FROM": wheels, "target": "wheels"},
		Exports: []client.ExportEntry{{Type: client.ExporterImage, Attrs: map[string]string{"name": wheels, "push": "true"}}},
	}
	_, err = build(t, d.Client, dir, "syntax", push, nil)
	d.Stop()
	if err != nil {
		t.Fatal(err)
	}

	// Next CI run, on a fresh builder, after one requirement was added.
	before := pinned(t, filepath.Join(dir, "requirements.txt"))
	appendFile(t, filepath.Join(dir, "requirements.txt"), "six==1.17.0  # "+stamp()+"\n")
	log, took := buildOnFreshDaemon(t, dir, seeded)
	if len(log.Ran(plan.StepSeedWheels)) == 0 {
		t.Errorf("the wheel cache was not seeded")
	}
	out := log.Output(plan.StepInstall)
	if n := prepared(out); n != 1 || !strings.Contains(out, "+ six==1.17.0") {
		t.Errorf("uv fetched %d packages, want only the new requirement six; the others are in the wheels image:\n%s", n, out)
	}
	t.Logf("fresh builder, one requirement added, %s set: %d of %d packages downloaded, %s",
		"PYFILE_WHEELS_FROM", prepared(out), len(before)+1, took)
}
