package main

import (
	"strings"
)

// The steps on fresh builders, each its own buildkitd that shares nothing with builder 1
// but the registry.

// cacheFrom builds the next commit, which changes only code, on builder 2 with
// --cache-from the registry cache.
func (s *seq) cacheFrom() error {
	if err := s.startBuilder("builder2"); err != nil {
		return err
	}
	if err := s.w.Set([]string{s.code1, s.code2}, nil); err != nil {
		return err
	}
	o := s.push(mCacheFrom)
	o.CacheImports = s.cacheImports()
	lg, _, err := s.build(mCacheFrom, o, nil)
	if err != nil {
		return err
	}
	s.add(mCacheFrom, lg.Seconds)
	if pip := ranLike(lg, s.ct.PipSteps); pip != "" && s.ct.Key != "C" { // C's pip step follows COPY . .
		s.b.logf("WARNING: %s %s run %d: %q ran although the cache has it", s.app.Name, s.ct.Key, s.run, pip)
	}
	s.stopBuilder()
	return nil
}

// freshRequirement builds the next commit, which adds one requirement, on builder 3 with
// --cache-from the registry cache, and for A the same on builder 4 with PYFILE_WHEELS_FROM.
func (s *seq) freshRequirement() error {
	if err := s.w.Set([]string{s.code1}, []string{s.newReq}); err != nil {
		return err
	}
	if err := s.freshBuild("builder3", "fresh builder, requirement added", mFreshReq, mFreshReqDownloads, nil); err != nil || s.ct.Key != "A" {
		return err
	}
	attrs := map[string]string{"build-arg:PYFILE_WHEELS_FROM": s.wheelsRef}
	return s.freshBuild("builder4", "the same, PYFILE_WHEELS_FROM", mFreshReqWheels, mFreshReqWheelsDowns, attrs)
}

// freshBuild builds on a fresh builder with --cache-from the registry cache and counts the
// files pip downloaded.
func (s *seq) freshBuild(builder, name, figure, downloads string, attrs map[string]string) error {
	if err := s.startBuilder(builder); err != nil {
		return err
	}
	o := s.push(figure)
	o.CacheImports = s.cacheImports()
	o.Attrs = attrs
	lg, st, err := s.build(name, o, nil)
	if err != nil {
		return err
	}
	files, err := pipDownloads(st, s.ct)
	if err != nil {
		return err
	}
	n := len(files)
	s.b.res.Builds[len(s.b.res.Builds)-1].Downloads = &n
	s.b.res.Builds[len(s.b.res.Builds)-1].Files = files
	s.b.logf("run %d %-6s %s pip downloaded %d files", s.run, s.app.Name, s.ct.Key, n)
	s.add(figure, lg.Seconds)
	s.add(downloads, float64(n))
	s.stopBuilder()
	return nil
}

// ranLike returns the first executed step whose name contains any of subs, "" if none.
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
