package main

import (
	"context"
	"fmt"
	"os"
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
	s, err := b.newSeq(ctx, run, app, ct, tmp)
	if err != nil {
		return err
	}
	b.res.Load = append(b.res.Load, loadavg())
	defer func() { b.res.Load = append(b.res.Load, loadavg()) }()
	defer s.stopBuilder() // the builder running when the sequence stops early

	if err := s.startBuilder("builder1"); err != nil {
		return err
	}
	if err := all(s.cold, s.noop, s.codeChange); err != nil || b.res.Local {
		return err
	}
	if err := all(s.runImage, s.exportCache, s.pushWheels, s.requirementAdded); err != nil {
		return err
	}
	s.stopBuilder()
	if err := s.cacheFrom(); err != nil || ct.Key == "C" {
		return err
	}
	return s.freshRequirement()
}

// all runs steps in order until one fails.
func all(steps ...func() error) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
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
