package main

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

const (
	minLog2 = -6.0 // the axis runs from 1/64
	maxLog2 = 4.0  // to 16
	// labelRoom is the height of a bar's value label in axis units (powers of 2): a label
	// that has no room outside its bar's end goes inside the bar.
	labelRoom = 0.6
)

var (
	grey = color.RGBA{200, 200, 200, 255}
	dark = color.RGBA{90, 90, 90, 255}
)

// panel plots one app's figures on n slots: a group of bars per figure, one bar for each
// contender A is compared with, the figure's short name below.
func panel(app string, fs []figure, others []Contender, n int) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = app
	p.Title.TextStyle = textStyle(15, color.Black)
	p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
	p.Title.Padding = px(8)
	gridLines(p)
	for j, ct := range others {
		off := vg.Length(float64(j)-float64(len(others)-1)/2) * px(barPx+gapPx)
		if err := ratioBars(p, fs, ct, off); err != nil {
			return nil, err
		}
	}
	var names []string
	for _, f := range fs {
		names = append(names, f.Short)
	}
	p.NominalX(names...)
	p.X.Tick.Label = textStyle(13, color.Black)
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	p.Y.Min, p.Y.Max = minLog2, maxLog2
	p.Y.Tick.Marker = log2Ticks()
	p.Y.Tick.Label = textStyle(13, dark)
	p.Y.Tick.Label.XAlign = draw.XRight
	p.Y.Tick.Label.YAlign = draw.YCenter
	p.Y.Width, p.Y.Tick.Length = 0, 0
	return p, nil
}

// gridLines draws a line at every power of 2, darker at 1.
func gridLines(p *plot.Plot) {
	for e := minLog2; e <= maxLog2; e++ {
		l := plotter.NewFunction(func(float64) float64 { return e })
		l.Color, l.Width = grey, px(1)
		if e == 0 {
			l.Color = dark
		}
		p.Add(l)
	}
}

// log2Ticks label every second power of 2: 1/64, 1/16, 1/4, 1, 4, 16.
func log2Ticks() plot.ConstantTicks {
	var ts plot.ConstantTicks
	for e := minLog2; e <= maxLog2; e++ {
		t := plot.Tick{Value: e}
		switch {
		case int(e)%2 != 0: // a minor tick, unlabelled
		case e < 0:
			t.Label = fmt.Sprintf("1/%d", 1<<int(-e))
		default:
			t.Label = fmt.Sprint(1 << int(e))
		}
		ts = append(ts, t)
	}
	return ts
}

// ratioBars adds the bars of A's ratio to ct, off from the middle of each figure's group,
// and their values: outside the bar's end where there is room, else inside it.
func ratioBars(p *plot.Plot, fs []figure, ct Contender, off vg.Length) error {
	vals := make(plotter.Values, len(fs))
	// Labels anchored at a bar's end: above it (bottom-aligned) and below it (top-aligned).
	above := &plotter.Labels{Offset: vg.Point{X: off, Y: px(3)}}
	below := &plotter.Labels{Offset: vg.Point{X: off, Y: -px(3)}}
	for i, f := range fs {
		r := f.ratio("A", ct.Key)
		if math.IsNaN(r) {
			continue
		}
		v := math.Max(minLog2, math.Min(maxLog2, math.Log2(r)))
		vals[i] = v
		up := v >= 0
		inside := up && v+labelRoom > maxLog2 || !up && v-labelRoom < minLog2
		st := textStyle(12, color.Black)
		if inside {
			st.Color = color.White
		}
		st.XAlign, st.YAlign = draw.XCenter, draw.YTop
		l := below
		if up != inside {
			st.YAlign, l = draw.YBottom, above
		}
		l.XYs = append(l.XYs, plotter.XY{X: float64(i), Y: v})
		l.Labels = append(l.Labels, fmtRatio(r))
		l.TextStyle = append(l.TextStyle, st)
	}
	bars, err := plotter.NewBarChart(vals, px(barPx))
	if err != nil {
		return err
	}
	bars.Color, bars.LineStyle.Width, bars.Offset = barColors[ct.Key], 0, off
	p.Add(bars, above, below)
	return nil
}
