package main

import (
	"fmt"
	"math"
	"strings"
)

// figure is a row of the results table and a bar group of the chart.
type figure struct {
	Num, Label, Short string
	Unit              string  // "s", "MB" or "" (a ratio to B)
	scale             float64 // samples are divided by it (bytes -> MB)
	digits            int
	of                map[string]summary // by contender key; none for a contender not run
}

// ratio of the medians of contenders a and b.
func (f figure) ratio(a, b string) float64 { return ratio(f.of[a], f.of[b]) }

// each summarizes the samples of every contender.
func each(samples func(ct string) []float64) map[string]summary {
	out := map[string]summary{}
	for _, ct := range contenders {
		out[ct.Key] = summarize(samples(ct.Key))
	}
	return out
}

// figures computes an app's table rows from the samples.
func figures(res *Results, app string) []figure {
	plain := []struct {
		num, label, short, id, unit string
		scale                       float64
		digits                      int
	}{
		{"1", "cold build, fresh builder", "cold", mCold, "s", 1, 1},
		{"2", "no-op rebuild", "no-op", mNoop, "s", 1, 2},
		{"3", "rebuild after a code-only change", "code", mCode, "s", 1, 2},
		{"4", "rebuild after one requirement added", "req", mReq, "s", 1, 1},
		{"5", "fresh builder, code-only change, --cache-from mode=max registry cache", "cache-from", mCacheFrom, "s", 1, 1},
		{"6", "frontend overhead: solve request to the base image step, no-op rebuild", "frontend", mOverheadNoop, "s", 1, 3},
		{"6b", "the same in the cold build (fresh builder: pulls the frontend image)", "", mOverheadCold, "s", 1, 2},
		{"7", "image size, compressed (sum of pushed layers)", "size gz", mSizeGz, "MB", 1e6, 1},
		{"7b", "image size, uncompressed (sum of gunzipped layers)", "size", mSize, "MB", 1e6, 1},
		{"8", "container start to first HTTP 200", "http 200", mHTTP, "s", 1, 2},
	}
	var out []figure
	for _, p := range plain {
		f := figure{Num: p.num, Label: p.label, Short: p.short, Unit: p.unit, scale: p.scale, digits: p.digits}
		f.of = each(func(ct string) []float64 { return scaled(res.get(app, ct, p.id), p.scale) })
		out = append(out, f)
		if p.id == mSize && res.BaseGz > 0 {
			out = append(out, aboveBase(res, app, "7c", "image size above the shared ubuntu:24.04 layers, compressed", mSizeGz, res.BaseGz))
		}
	}
	cpu := figure{Num: "9", Label: "CPU benchmarks, geometric mean of the 5 times relative to B (same run)", Short: "cpu", digits: 3}
	cpu.of = each(func(ct string) []float64 { return cpuRelative(res, app, ct) })
	return append(out, cpu)
}

// aboveBase is a size figure minus the base image's size: what each contender adds to
// the same ubuntu:24.04 layers.
func aboveBase(res *Results, app, num, label, id string, base float64) figure {
	f := figure{Num: num, Label: label, Short: "", Unit: "MB", scale: 1e6, digits: 1}
	f.of = each(func(ct string) []float64 {
		xs := res.get(app, ct, id)
		out := make([]float64, len(xs))
		for i, x := range xs {
			out[i] = (x - base) / 1e6
		}
		return out
	})
	return f
}

func scaled(xs []float64, by float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x / by
	}
	return out
}

// cpuRelative is, per run, the geometric mean over the CPU benchmarks of the contender's
// time divided by B's time in the same run.
func cpuRelative(res *Results, app, ct string) []float64 {
	var out []float64
	for run := 0; ; run++ {
		var rs []float64
		for _, name := range cpuBenchmarks {
			x, b := res.get(app, ct, mCPU+name), res.get(app, "B", mCPU+name)
			if run >= len(x) || run >= len(b) {
				return out
			}
			rs = append(rs, x[run]/b[run])
		}
		out = append(out, geomean(rs))
	}
}

// measured says whether any contender has samples of f.
func (f figure) measured() bool {
	for _, s := range f.of {
		if s.N > 0 {
			return true
		}
	}
	return false
}

// cell formats a summary: "median (min–max)".
func (f figure) cell(s summary) string {
	if s.N == 0 {
		return "—"
	}
	v := func(x float64) string { return fmt.Sprintf("%.*f", f.digits, x) }
	if s.N == 1 || v(s.Min) == v(s.Max) {
		return v(s.Median)
	}
	return fmt.Sprintf("%s (%s–%s)", v(s.Median), v(s.Min), v(s.Max))
}

func fmtRatio(r float64) string {
	if math.IsNaN(r) {
		return "—"
	}
	if r < 0.1 {
		return fmt.Sprintf("%.3f", r)
	}
	return fmt.Sprintf("%.2f", r)
}

// target is a goal a figure's ratio is checked against.
type target struct {
	num   string // the figure
	which string // "A/B" or "A/C"
	max   float64
	why   string
}

// of is the contender the target compares A with.
func (t target) of() string { return strings.TrimPrefix(t.which, "A/") }

var targets = []target{
	{"1", "A/B", 1.0, "every build and rebuild A/B ≤ 1.0"},
	{"2", "A/B", 1.0, "every build and rebuild A/B ≤ 1.0"},
	{"3", "A/B", 1.0, "every build and rebuild A/B ≤ 1.0"},
	{"4", "A/B", 1.0, "every build and rebuild A/B ≤ 1.0"},
	{"5", "A/B", 1.0, "every build and rebuild A/B ≤ 1.0"},
	{"3", "A/B", 0.8, "code-only rebuild A/B ≤ 0.8"},
	{"7", "A/B", 0.85, "image size A/B ≤ 0.85"},
	{"7b", "A/B", 0.85, "image size A/B ≤ 0.85"},
	{"2", "A/C", 0.5, "A/C far below 1 (≤ 0.5) for every rebuild"},
	{"3", "A/C", 0.5, "A/C far below 1 (≤ 0.5) for every rebuild"},
	{"4", "A/C", 0.5, "A/C far below 1 (≤ 0.5) for every rebuild"},
	{"5", "A/C", 0.5, "A/C far below 1 (≤ 0.5) for every rebuild"},
}
