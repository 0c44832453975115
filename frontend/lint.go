package frontend

import (
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/subrequests/lint"

	"github.com/pyfile/pyfile/pyfile"
)

// lint answers `docker buildx build --call check`: every problem in the Pyfile as a
// check result pointing at its line, without building anything.
func check(src *dockerui.Source, f *pyfile.File, parseErr error) *lint.LintResults {
	res := &lint.LintResults{}
	idx := res.AddSource(src.SourceMap)
	add := func(rule string, es []*pyfile.Error) {
		for _, e := range es {
			loc := []parser.Range{{
				Start: parser.Position{Line: e.Pos.Line, Character: e.Pos.Column - 1},
				End:   parser.Position{Line: e.Pos.Line},
			}}
			res.AddWarning(rule, "Pyfile check", "", e.Msg, idx, loc)
		}
	}
	add("PyfileError", pyfile.AsErrors(parseErr))
	if f != nil {
		add("PyfileWarning", f.Warnings)
	}
	return res
}
