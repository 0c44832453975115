package frontend

import (
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/subrequests/lint"

	"github.com/pyfile/pyfile/plan"
	"github.com/pyfile/pyfile/pyfile"
)

// validate applies every rule that needs only the Pyfile: the format's and the plan's.
// The build stops on what it returns and `--call check` reports exactly that, so the two
// always agree.
func validate(name string, data []byte) (*pyfile.File, error) {
	f, err := pyfile.Parse(name, data)
	if err != nil {
		return f, err
	}
	if _, err := plan.New(f, plan.Options{}); err != nil {
		return f, err
	}
	return f, nil
}

// check answers `docker buildx build --call check`: every problem in the Pyfile as a
// check result named after its rule (pyfile.Rules), with the rule's description and its
// place in the README, pointing at the line, without building anything. errs are the
// problems that stop the build (validate's, and the build context's).
func check(src *dockerui.Source, f *pyfile.File, errs error) *lint.LintResults {
	res := &lint.LintResults{}
	idx := res.AddSource(src.SourceMap)
	problems := pyfile.AsErrors(errs)
	if f != nil {
		problems = append(problems, f.Warnings...)
	}
	for _, e := range problems {
		loc := []parser.Range{{
			Start: parser.Position{Line: e.Pos.Line, Character: e.Pos.Column - 1},
			End:   parser.Position{Line: e.Pos.Line},
		}}
		res.AddWarning(e.Rule.Name, e.Rule.Description, e.Rule.URL(), e.Msg, idx, loc)
	}
	return res
}
