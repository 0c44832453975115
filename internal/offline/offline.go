// Package offline makes the compiler's inputs from a directory on disk, without a BuildKit
// daemon, the way the frontend makes them from a build context: for pyfile2llb and tests.
package offline

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/patternmatcher/ignorefile"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"

	pyllb "github.com/pyfile/pyfile/llb"
	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

// Excludes reads the .dockerignore patterns that apply to the Pyfile at file: those of
// <file>.dockerignore if it exists, else those of dir/.dockerignore, as dockerui does.
func Excludes(dir, file string) ([]string, error) {
	for _, name := range []string{file + ".dockerignore", filepath.Join(dir, ".dockerignore")} {
		dt, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		patterns, err := ignorefile.ReadAll(bytes.NewReader(dt))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		return patterns, nil
	}
	return nil, nil
}

// Includes checks that f's requirement files are in dir and returns the files they
// include, with the frontend's rules (plan.RequirementFiles).
func Includes(dir string, f *pyfile.File) ([]string, error) {
	return plan.RequirementFiles(f, func(paths []string) (map[string][]byte, error) {
		files := map[string][]byte{}
		for _, p := range paths {
			if dt, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
				files[p] = dt
			}
		}
		return files, nil
	})
}

// Context is the build context as the frontend's local source, without the files the
// excludes leave out. id names the directory (its absolute path, say): a fixed unique id
// keeps the LLB the same from run to run, where llb.Local would pick a random one.
func Context(id string, excludes []string) llb.State {
	return llb.Local("context", llb.ExcludePatterns(excludes), llb.SharedKeyHint("context"), llb.LocalUniqueID(id))
}

// Inputs are the compiler inputs of p for platform, with the base image by tag
// (unresolved: no digest, no config).
func Inputs(p *plan.Plan, context llb.State, platform ocispecs.Platform) pyllb.Inputs {
	return pyllb.Inputs{
		Context:  context,
		Base:     llb.Image(p.Base.Ref, llb.Platform(platform)),
		BaseName: p.Base.Ref,
		Platform: platform,
	}
}
