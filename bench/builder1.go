package main

import (
	"context"
	"fmt"

	"github.com/moby/buildkit/client"

	"github.com/pyfile/pyfile/internal/bkrun"
)

// The steps on builder 1, in the order of the sequence.

// timed builds, pushes the image and records the build's time as a sample of figure, which
// names the step too.
func (s *seq) timed(figure string) (BuildLog, error) {
	lg, _, err := s.build(figure, s.push(figure), nil)
	if err != nil {
		return lg, err
	}
	s.add(figure, lg.Seconds)
	return lg, nil
}

// cold builds the app as it is on the fresh builder and measures the image's size.
func (s *seq) cold() error {
	if err := s.w.Set(nil, nil); err != nil {
		return err
	}
	lg, err := s.timed(mCold)
	if err != nil {
		return err
	}
	s.add(mOverheadCold, lg.Overhead)
	gz, raw, err := imageSizes(s.ctx, s.imageRef(mCold))
	if err != nil {
		return err
	}
	s.add(mSizeGz, float64(gz))
	s.add(mSize, float64(raw))
	return nil
}

// noop builds the same again.
func (s *seq) noop() error {
	lg, err := s.timed(mNoop)
	if err != nil {
		return err
	}
	s.add(mOverheadNoop, lg.Overhead)
	return nil
}

// codeChange rebuilds after a line was added to the code.
func (s *seq) codeChange() error {
	if err := s.w.Set([]string{s.code1}, nil); err != nil {
		return err
	}
	_, err := s.timed(mCode)
	return err
}

// runImage runs the image: time to the first HTTP 200 and the CPU benchmarks.
func (s *seq) runImage() error {
	var rt Runtime
	measure := func(ctx context.Context, built *bkrun.Built) error {
		var err error
		rt, err = measureRuntime(ctx, built, s.app)
		return err
	}
	if _, _, err := s.build("run the image", bkrun.Options{}, measure); err != nil {
		return err
	}
	s.b.res.Runtimes = append(s.b.res.Runtimes, RuntimeLog{Run: s.run, App: s.app.Name, Contender: s.ct.Key, Runtime: rt})
	s.add(mHTTP, rt.HTTPSeconds)
	for _, name := range cpuBenchmarks {
		v, ok := rt.CPU[name]
		if !ok {
			return fmt.Errorf("the CPU benchmarks did not report %s", name)
		}
		s.add(mCPU+name, v)
	}
	s.b.logf("run %d %-6s %s first HTTP 200 after %.2fs; CPU %v (%s)", s.run, s.app.Name, s.ct.Key, rt.HTTPSeconds, rt.CPU, rt.Executable)
	return nil
}

// exportCache exports the mode=max registry cache that builders 2 and 3 import.
func (s *seq) exportCache() error {
	export := bkrun.Options{CacheExports: []client.CacheOptionsEntry{{Type: "registry", Attrs: map[string]string{"ref": s.cacheRef, "mode": "max"}}}}
	_, _, err := s.build("export the registry cache", export, nil)
	return err
}

// pushWheels pushes A's wheels image, which builder 4 names in PYFILE_WHEELS_FROM; the
// other contenders have none.
func (s *seq) pushWheels() error {
	if s.ct.Key != "A" {
		return nil
	}
	o := s.push("wheels")
	o.Exports[0].Attrs["name"] = s.wheelsRef
	o.Attrs = map[string]string{"target": "wheels"}
	_, _, err := s.build("push the wheels image", o, nil)
	return err
}

// requirementAdded rebuilds after a requirement was added.
func (s *seq) requirementAdded() error {
	if err := s.w.Set([]string{s.code1}, []string{s.newReq}); err != nil {
		return err
	}
	_, err := s.timed(mReq)
	return err
}
