package frontend

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/solver/errdefs"

	"github.com/pyfile/pyfile/pyfile"
)

const bad = `# syntax=org/pyfile
python = "3.12"
requirements = "requirements.txt"
entrypont = ["python"]
`

func sourceMap() *llb.SourceMap {
	sm := llb.NewSourceMap(nil, "Pyfile", "toml", []byte(bad))
	def, err := llb.Scratch().Marshal(context.Background())
	if err != nil {
		panic(err)
	}
	sm.Definition = def
	return sm
}

func TestWithSourcePointsAtEveryProblem(t *testing.T) {
	_, perr := pyfile.Parse("Pyfile", []byte(bad))
	err := withSource(perr, sourceMap())
	if err.Error() != perr.Error() {
		t.Fatalf("message changed: %v", err)
	}
	srcs := errdefs.Sources(err)
	if len(srcs) != 1 || srcs[0].Info.Filename != "Pyfile" || string(srcs[0].Info.Data) != bad {
		t.Fatalf("sources = %+v", srcs)
	}
	var lines []int32
	for _, r := range srcs[0].Ranges {
		lines = append(lines, r.Start.Line)
	}
	// missing "entrypoint" (1:1) and unknown "entrypont" (4:1)
	if len(lines) != 2 || lines[0] != 1 || lines[1] != 4 {
		t.Errorf("ranges on lines %v, want [1 4]", lines)
	}
}

func TestWithSourceLeavesOtherErrorsAlone(t *testing.T) {
	plain := errors.New("registry unreachable")
	if got := withSource(plain, sourceMap()); got != plain || len(errdefs.Sources(got)) != 0 {
		t.Errorf("withSource(%v) = %v", plain, got)
	}
}

func TestCheckReportsProblemsAndWarnings(t *testing.T) {
	src := &dockerui.Source{SourceMap: sourceMap()}
	_, perr := pyfile.Parse("Pyfile", []byte(bad))
	res := check(src, nil, perr)
	if len(res.Warnings) != 2 || len(res.Sources) != 1 {
		t.Fatalf("check = %+v", res)
	}
	w := res.Warnings[1]
	if w.RuleName != "UnknownKey" || w.URL != pyfile.RulesURL+"#rule-unknownkey" || w.Description == "" ||
		w.Location.Ranges[0].Start.Line != 4 || w.Detail != `unknown key "entrypont" at the top level (did you mean "entrypoint"?)` {
		t.Errorf("warning = %+v", w)
	}

	eol, err := pyfile.Parse("Pyfile", []byte("python = \"3.8\"\nrequirements = \"r.txt\"\nentrypoint = [\"python\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	res = check(src, eol, nil)
	if len(res.Warnings) != 1 || res.Warnings[0].RuleName != "EndOfLifePython" {
		t.Errorf("end-of-life Python: %+v", res.Warnings)
	}
}

type optsClient struct {
	client.Client
	opts map[string]string
}

func (c optsClient) BuildOpts() client.BuildOpts { return client.BuildOpts{Opts: c.opts} }

func TestDefaultFilename(t *testing.T) {
	for _, tc := range []struct {
		opts map[string]string
		want string
	}{
		{nil, "Pyfile"},
		{map[string]string{"filename": ""}, "Pyfile"},
		{map[string]string{"filename": "deploy/Pyfile"}, "deploy/Pyfile"},
	} {
		before := maps.Clone(tc.opts)
		got := withDefaultFilename{optsClient{opts: tc.opts}}.BuildOpts().Opts["filename"]
		if got != tc.want {
			t.Errorf("opts %v: filename %q, want %q", tc.opts, got, tc.want)
		}
		if !maps.Equal(before, tc.opts) {
			t.Errorf("the client's options changed from %v to %v", before, tc.opts)
		}
	}
}

// TestCheckAgreesWithBuild runs --call check's answer and the build's validation over
// every golden Pyfile: check must report exactly the problems that stop the build.
func TestCheckAgreesWithBuild(t *testing.T) {
	files, _ := filepath.Glob("../pyfile/testdata/*/*.Pyfile")
	if len(files) < 10 {
		t.Fatalf("found %d golden Pyfiles", len(files))
	}
	for _, path := range files {
		dt, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, verr := validate("Pyfile", dt)
		src := &dockerui.Source{SourceMap: sourceMap()}
		var reported []string
		for _, w := range check(src, f, verr).Warnings {
			reported = append(reported, w.Detail)
			if !slices.ContainsFunc(pyfile.Rules, func(r pyfile.Rule) bool { return r.Name == w.RuleName && r.URL() == w.URL }) {
				t.Errorf("%s: check result of rule %q (%s) is not in pyfile.Rules", path, w.RuleName, w.URL)
			}
		}
		var stops, warnings []string
		for _, e := range pyfile.AsErrors(verr) {
			stops = append(stops, e.Msg)
		}
		if f != nil {
			for _, w := range f.Warnings {
				warnings = append(warnings, w.Msg)
			}
		}
		if strings.Contains(path, "/bad/") && len(stops) == 0 {
			t.Errorf("%s: the build accepts a bad Pyfile", path)
		}
		if strings.Contains(path, "/good/") && len(stops) != 0 {
			t.Errorf("%s: the build rejects a good Pyfile: %v", path, verr)
		}
		if !slices.Equal(reported, slices.Concat(stops, warnings)) {
			t.Errorf("%s: check reports %q, the build stops on %q and warns %q", path, reported, stops, warnings)
		}
	}
}
