package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/moby/buildkit/client"

	"github.com/pyfile/pyfile/internal/bkrun"
)

// seq is one sequence under way: one contender on one app in one run, its work directory,
// its image and cache references, and the builder it runs on.
type seq struct {
	b                   *bench
	ctx                 context.Context
	run                 int
	app                 App
	ct                  Contender
	tmp                 string
	w                   *Workdir
	d                   *bkrun.Daemon // the current builder
	stamp, repo         string
	cacheRef, wheelsRef string
	code1, code2        string // the code-only changes' lines
	newReq              string // the requirement change's line
}

// timedSteps are the steps whose builds keep their progress timeline and need a base image
// step in it.
var timedSteps = map[string]bool{mCold: true, mNoop: true, mCode: true, mReq: true, mCacheFrom: true,
	"fresh builder, requirement added": true, "the same, PYFILE_WHEELS_FROM": true}

func (b *bench) newSeq(ctx context.Context, run int, app App, ct Contender, tmp string) (*seq, error) {
	w, err := NewWorkdir(b.root, app, ct, filepath.Join(tmp, "app"), b.res.frontend(ct.Key))
	if err != nil {
		return nil, err
	}
	stamp := fmt.Sprintf("%s-r%d", b.stamp, run)
	repo := fmt.Sprintf("%s/bench/%s-%s", b.registry, app.Name, ct.Name)
	return &seq{
		b: b, ctx: ctx, run: run, app: app, ct: ct, tmp: tmp, w: w, stamp: stamp, repo: repo,
		cacheRef:  repo + "-cache:" + stamp,
		wheelsRef: repo + "-wheels:" + stamp,
		code1:     "# bench: code change " + stamp,
		code2:     "# bench: second code change " + stamp,
		newReq:    app.NewRequirement + "  # bench: requirement added " + stamp,
	}, nil
}

// imageRef is where the build of step pushes its image.
func (s *seq) imageRef(step string) string { return s.repo + ":" + s.stamp + "-" + step }

// push exports the build's image to imageRef(step).
func (s *seq) push(step string) bkrun.Options {
	return bkrun.Options{Exports: []client.ExportEntry{{Type: client.ExporterImage, Attrs: map[string]string{"name": s.imageRef(step), "push": "true"}}}}
}

// cacheImports import the registry cache that builder 1 exported.
func (s *seq) cacheImports() []client.CacheOptionsEntry {
	return []client.CacheOptionsEntry{{Type: "registry", Attrs: map[string]string{"ref": s.cacheRef}}}
}

// add records a sample of figure.
func (s *seq) add(figure string, v float64) { s.b.res.add(s.app.Name, s.ct.Key, figure, v) }

// build runs the build of step name on the current builder, records and logs it.
func (s *seq) build(name string, o bkrun.Options, inspect func(context.Context, *bkrun.Built) error) (BuildLog, *bkrun.Status, error) {
	lg, st, err := timedBuild(s.ctx, s.d.Client, buildSpec{ct: s.ct, dir: s.w.Dir, opts: o, inspect: inspect})
	if err != nil {
		return lg, st, fmt.Errorf("%s %s (%s), run %d, %s: %w", s.app.Name, s.ct.Key, s.ct.Name, s.run, name, err)
	}
	lg.Run, lg.App, lg.Contender, lg.Step = s.run, s.app.Name, s.ct.Key, name
	if !timedSteps[name] {
		lg.Timeline = nil
	} else if lg.FirstStep == "" {
		return lg, st, fmt.Errorf("%s %s, run %d, %s: no base image step in the progress", s.app.Name, s.ct.Key, s.run, name)
	}
	s.b.res.Builds = append(s.b.res.Builds, lg)
	s.b.logf("run %d %-6s %s %-28s %7.2fs  (overhead %.2fs, %d steps ran)", s.run, s.app.Name, s.ct.Key, name, lg.Seconds, lg.Overhead, len(lg.Ran))
	return lg, st, nil
}

// startBuilder starts a fresh buildkitd with its state under the sequence's directory.
func (s *seq) startBuilder(name string) error {
	state := filepath.Join(s.tmp, name)
	if err := os.MkdirAll(state, 0o755); err != nil {
		return err
	}
	var err error
	s.d, err = bkrun.StartDaemon(s.ctx, state)
	return err
}

// stopBuilder ends the current builder once; its state goes with the sequence's directory.
func (s *seq) stopBuilder() {
	if s.d != nil && s.d.Client != nil {
		s.d.Stop()
		s.d.Client = nil
	}
}
