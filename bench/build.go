package main

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/moby/buildkit/client"

	"github.com/pyfile/pyfile/internal/bkrun"
)

// BuildLog is what one build did, kept in bench.json so every figure can be audited.
type BuildLog struct {
	Run       int      `json:"run"`
	App       string   `json:"app"`
	Contender string   `json:"contender"`
	Step      string   `json:"step"`
	Seconds   float64  `json:"seconds"`
	Overhead  float64  `json:"overhead_seconds"` // solve request -> start of the base image step
	FirstStep string   `json:"first_step"`
	Ran       []string `json:"ran"`                 // steps executed, not taken from a cache
	Downloads *int     `json:"downloads,omitempty"` // files pip downloaded, where counted
	Files     []string `json:"downloaded_files,omitempty"`
	// Timeline lists every vertex: start and end in seconds from the solve request.
	Timeline []string `json:"timeline,omitempty"`
}

// buildSpec is one build of a contender's work directory.
type buildSpec struct {
	ct      Contender
	dir     string
	opts    bkrun.Options
	inspect func(context.Context, *bkrun.Built) error
}

// timedBuild builds through the "syntax" route (BuildKit's dockerfile.v0, which forwards a
// Pyfile to the frontend named by its # syntax line and builds a Dockerfile itself) and
// measures the wall time from the solve request to the end of the export.
func timedBuild(ctx context.Context, c *client.Client, s buildSpec) (BuildLog, *bkrun.Status, error) {
	r, err := bkrun.RouteNamed("syntax")
	if err != nil {
		return BuildLog{}, nil, err
	}
	o := s.opts
	attrs := map[string]string{"filename": s.ct.File}
	for k, v := range o.Attrs {
		attrs[k] = v
	}
	o.Attrs = attrs
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	start := time.Now()
	st, err := bkrun.Build(ctx, c, s.dir, r, o, s.inspect)
	took := time.Since(start)
	if err != nil {
		return BuildLog{}, st, err
	}
	lg := BuildLog{Seconds: took.Seconds(), Ran: ran(st)}
	if first := firstStep(st); first != nil {
		lg.FirstStep = first.Name
		lg.Overhead = first.Started.Sub(start).Seconds()
	}
	lg.Timeline = timeline(st, start)
	return lg, st, nil
}

func timeline(st *bkrun.Status, start time.Time) []string {
	vs := st.Steps("")
	sort.Slice(vs, func(i, j int) bool {
		if vs[i].Started == nil || vs[j].Started == nil {
			return vs[j].Started == nil && vs[i].Started != nil
		}
		return vs[i].Started.Before(*vs[j].Started)
	})
	var out []string
	for _, v := range vs {
		at := func(t *time.Time) string {
			if t == nil {
				return "-"
			}
			return fmt.Sprintf("%.3f", t.Sub(start).Seconds())
		}
		name := v.Name
		if len(name) > 100 {
			name = name[:100] + "..."
		}
		out = append(out, fmt.Sprintf("%s..%s cached=%v %s", at(v.Started), at(v.Completed), v.Cached, name))
	}
	return out
}

// Steps of the build proper, as opposed to the frontends' own work (loading the build
// definition, resolving image metadata, pulling and running a frontend image, loading the
// requirement files): the Dockerfile frontend names them "[stage n/m] ..." (FROM too), the
// Pyfile frontend "builder: ...", "runner: ..." and "[platform] base IMAGE".
var properStep = regexp.MustCompile(`^(\[([\w.-]+ )?\d+/\d+\] |(builder|runner|wheels): |\[[^\]]+\] base )`)

// baseStep matches the base image step, which every other step of the image depends on:
// FROM in a Dockerfile, "[platform] base IMAGE" in a Pyfile build. (The Pyfile builder's
// copy of the requirement files starts from scratch and can start earlier; it is a file
// copy of a few hundred bytes.)
var baseStep = regexp.MustCompile(`^(\[([\w.-]+ )?\d+/\d+\] FROM |\[[^\]]+\] base )`)

// firstStep returns the base image step that started first: the end of the frontend's
// work.
func firstStep(st *bkrun.Status) *client.Vertex {
	var first *client.Vertex
	for _, v := range st.Steps("") {
		if v.Started == nil || !baseStep.MatchString(v.Name) {
			continue
		}
		if first == nil || v.Started.Before(*first.Started) {
			first = v
		}
	}
	return first
}

// ran lists the build steps that were executed.
func ran(st *bkrun.Status) []string {
	var out []string
	for _, name := range st.Ran("") {
		if properStep.MatchString(name) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// pipDownloads lists the files pip downloaded in the contender's pip steps (package
// metadata fetched on its own is not counted).
func pipDownloads(st *bkrun.Status, ct Contender) ([]string, error) {
	var out strings.Builder
	found := false
	for _, v := range st.Steps("") {
		if slices.ContainsFunc(ct.PipSteps, func(s string) bool { return strings.Contains(v.Name, s) }) {
			found = true
			out.WriteString(st.Output(v.Name))
		}
	}
	if !found {
		return nil, fmt.Errorf("no step %q in the build", ct.PipSteps)
	}
	var files []string
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "Downloading" && !strings.HasSuffix(f[1], ".metadata") && !slices.Contains(files, f[1]) {
			files = append(files, f[1])
		}
	}
	return files, nil
}
