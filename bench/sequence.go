package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/moby/buildkit/client"

	"github.com/pyfile/pyfile/internal/bkrun"
)

// bench holds what every sequence shares.
type bench struct {
	root     string // the repository
	tmp      string // scratch space, removed at the end
	registry string
	stamp    string // makes every tag and changed line of this invocation new
	res      *Results
	logf     func(format string, args ...any)
}

// sequence measures one contender on one app in one run. Each builder is a fresh
// buildkitd (same binary and config as the test bed's, empty state), like a CI runner:
//
//	builder 1: cold build, no-op rebuild, code-only change, [run the image], [export the
//	           mode=max registry cache; A: push the wheels image], one requirement added
//	builder 2: a second code-only change, --cache-from the registry cache
//	builder 3: (A, B, G) one requirement added, --cache-from the registry cache
//	builder 4: (A) the same with PYFILE_WHEELS_FROM
//
// Every timed build pushes its image to the test bed's registry (there is no Docker
// engine to load it into); bracketed steps are not timed.
func (b *bench) sequence(ctx context.Context, run int, app App, ct Contender) error {
	tmp, err := os.MkdirTemp(b.tmp, app.Name+"-"+ct.Name+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	w, err := NewWorkdir(b.root, app, ct, filepath.Join(tmp, "app"), b.res.frontend(ct.Key))
	if err != nil {
		return err
	}
	stamp := fmt.Sprintf("%s-r%d", b.stamp, run)
	repo := fmt.Sprintf("%s/bench/%s-%s", b.registry, app.Name, ct.Name)
	imageRef := func(step string) string { return repo + ":" + stamp + "-" + step }
	push := func(step string) bkrun.Options {
		return bkrun.Options{Exports: []client.ExportEntry{{Type: client.ExporterImage, Attrs: map[string]string{"name": imageRef(step), "push": "true"}}}}
	}
	cacheRef := repo + "-cache:" + stamp
	wheelsRef := repo + "-wheels:" + stamp
	cacheFrom := []client.CacheOptionsEntry{{Type: "registry", Attrs: map[string]string{"ref": cacheRef}}}
	code1 := "# bench: code change " + stamp
	code2 := "# bench: second code change " + stamp
	newReq := app.NewRequirement + "  # bench: requirement added " + stamp

	timed := map[string]bool{mCold: true, mNoop: true, mCode: true, mReq: true, mCacheFrom: true,
		"fresh builder, requirement added": true, "the same, PYFILE_WHEELS_FROM": true}
	step := func(d *bkrun.Daemon, name string, o bkrun.Options, inspect func(context.Context, *bkrun.Built) error) (BuildLog, *bkrun.Status, error) {
		lg, st, err := timedBuild(ctx, d.Client, buildSpec{ct: ct, dir: w.Dir, opts: o, inspect: inspect})
		if err != nil {
			return lg, st, fmt.Errorf("%s %s (%s), run %d, %s: %w", app.Name, ct.Key, ct.Name, run, name, err)
		}
		lg.Run, lg.App, lg.Contender, lg.Step = run, app.Name, ct.Key, name
		if !timed[name] {
			lg.Timeline = nil
		} else if lg.FirstStep == "" {
			return lg, st, fmt.Errorf("%s %s, run %d, %s: no base image step in the progress", app.Name, ct.Key, run, name)
		}
		b.res.Builds = append(b.res.Builds, lg)
		b.logf("run %d %-6s %s %-28s %7.2fs  (overhead %.2fs, %d steps ran)", run, app.Name, ct.Key, name, lg.Seconds, lg.Overhead, len(lg.Ran))
		return lg, st, nil
	}
	add := func(figure string, v float64) { b.res.add(app.Name, ct.Key, figure, v) }

	b.res.Load = append(b.res.Load, loadavg())
	defer func() { b.res.Load = append(b.res.Load, loadavg()) }()

	// Builder 1.
	d, err := b.daemon(ctx, tmp, "builder1")
	if err != nil {
		return err
	}
	defer func() { b.stop(d) }()
	if err := w.Set(nil, nil); err != nil {
		return err
	}
	lg, _, err := step(d, mCold, push(mCold), nil)
	if err != nil {
		return err
	}
	add(mCold, lg.Seconds)
	add(mOverheadCold, lg.Overhead)
	gz, raw, err := imageSizes(ctx, imageRef(mCold))
	if err != nil {
		return err
	}
	add(mSizeGz, float64(gz))
	add(mSize, float64(raw))

	if lg, _, err = step(d, mNoop, push(mNoop), nil); err != nil {
		return err
	}
	add(mNoop, lg.Seconds)
	add(mOverheadNoop, lg.Overhead)

	if err := w.Set([]string{code1}, nil); err != nil {
		return err
	}
	if lg, _, err = step(d, mCode, push(mCode), nil); err != nil {
		return err
	}
	add(mCode, lg.Seconds)
	if b.res.Local {
		return nil
	}

	var rt Runtime
	if _, _, err = step(d, "run the image", bkrun.Options{}, func(ctx context.Context, built *bkrun.Built) error {
		rt, err = measureRuntime(ctx, built, app)
		return err
	}); err != nil {
		return err
	}
	b.res.Runtimes = append(b.res.Runtimes, RuntimeLog{Run: run, App: app.Name, Contender: ct.Key, Runtime: rt})
	add(mHTTP, rt.HTTPSeconds)
	for _, name := range cpuBenchmarks {
		v, ok := rt.CPU[name]
		if !ok {
			return fmt.Errorf("the CPU benchmarks did not report %s", name)
		}
		add(mCPU+name, v)
	}
	b.logf("run %d %-6s %s first HTTP 200 after %.2fs; CPU %v (%s)", run, app.Name, ct.Key, rt.HTTPSeconds, rt.CPU, rt.Executable)

	export := bkrun.Options{CacheExports: []client.CacheOptionsEntry{{Type: "registry", Attrs: map[string]string{"ref": cacheRef, "mode": "max"}}}}
	if _, _, err = step(d, "export the registry cache", export, nil); err != nil {
		return err
	}
	if ct.Key == "A" {
		o := push("wheels")
		o.Exports[0].Attrs["name"] = wheelsRef
		o.Attrs = map[string]string{"target": "wheels"}
		if _, _, err = step(d, "push the wheels image", o, nil); err != nil {
			return err
		}
	}

	if err := w.Set([]string{code1}, []string{newReq}); err != nil {
		return err
	}
	if lg, _, err = step(d, mReq, push(mReq), nil); err != nil {
		return err
	}
	add(mReq, lg.Seconds)
	b.stop(d)

	// Builder 2: the next commit changes only code, on a fresh builder.
	if d, err = b.daemon(ctx, tmp, "builder2"); err != nil {
		return err
	}
	if err := w.Set([]string{code1, code2}, nil); err != nil {
		return err
	}
	o := push(mCacheFrom)
	o.CacheImports = cacheFrom
	if lg, _, err = step(d, mCacheFrom, o, nil); err != nil {
		return err
	}
	add(mCacheFrom, lg.Seconds)
	if pip := ranLike(lg, ct.PipSteps); pip != "" && ct.Key != "C" { // C's pip step follows COPY . .
		b.logf("WARNING: %s %s run %d: %q ran although the cache has it", app.Name, ct.Key, run, pip)
	}
	b.stop(d)
	if ct.Key == "C" {
		return nil
	}

	// Builders 3 and 4: the next commit adds one requirement, on a fresh builder.
	if err := w.Set([]string{code1}, []string{newReq}); err != nil {
		return err
	}
	fresh := []struct {
		name, figure, downloads string
		attrs                   map[string]string
	}{
		{"fresh builder, requirement added", mFreshReq, mFreshReqDownloads, nil},
		{"the same, PYFILE_WHEELS_FROM", mFreshReqWheels, mFreshReqWheelsDowns, map[string]string{"build-arg:PYFILE_WHEELS_FROM": wheelsRef}},
	}
	for i, f := range fresh {
		if i > 0 && ct.Key != "A" {
			break
		}
		if d, err = b.daemon(ctx, tmp, fmt.Sprintf("builder%d", 3+i)); err != nil {
			return err
		}
		o := push(f.figure)
		o.CacheImports = cacheFrom
		o.Attrs = f.attrs
		lg, st, err := step(d, f.name, o, nil)
		if err != nil {
			return err
		}
		files, err := pipDownloads(st, ct)
		if err != nil {
			return err
		}
		n := len(files)
		b.res.Builds[len(b.res.Builds)-1].Downloads = &n
		b.res.Builds[len(b.res.Builds)-1].Files = files
		b.logf("run %d %-6s %s pip downloaded %d files", run, app.Name, ct.Key, n)
		add(f.figure, lg.Seconds)
		add(f.downloads, float64(n))
		b.stop(d)
	}
	return nil
}

func ranLike(lg BuildLog, subs []string) string {
	for _, name := range lg.Ran {
		for _, sub := range subs {
			if strings.Contains(name, sub) {
				return name
			}
		}
	}
	return ""
}

// loadavg is the machine's 1-minute load average, to show whether it was idle.
func loadavg() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	var l float64
	fmt.Sscan(string(data), &l)
	return l
}

// daemon starts a fresh buildkitd with its state under dir/name.
func (b *bench) daemon(ctx context.Context, dir, name string) (*bkrun.Daemon, error) {
	state := filepath.Join(dir, name)
	if err := os.MkdirAll(state, 0o755); err != nil {
		return nil, err
	}
	return bkrun.StartDaemon(ctx, state)
}

// stop ends a daemon once; its state goes with the sequence's directory.
func (b *bench) stop(d *bkrun.Daemon) {
	if d != nil && d.Client != nil {
		d.Stop()
		d.Client = nil
	}
}
