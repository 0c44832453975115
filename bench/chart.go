package main

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The chart is drawn at 96 dpi with fixed pixel sizes, so that every run's chart reads alike.
const (
	dpi      = 96
	barPx    = 58  // a bar's width
	gapPx    = 4   // between the bars of a figure
	panelPx  = 450 // an app's panel
	titlePx  = 44  // the title line
	legendPx = 24  // a legend line
)

// barColors are the colors of A's ratios to the other contenders.
var barColors = map[string]color.Color{
	"B": color.RGBA{31, 119, 180, 255},
	"G": color.RGBA{44, 160, 44, 255},
	"C": color.RGBA{255, 127, 14, 255},
}

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// chart draws, per app, the ratios of A to every other contender (A/B, A/G, A/C) of every
// figure as bars from the 1.0 line on a log2 axis: bars going down mean A is better. Bars
// past the axis end are clipped and their value is still printed.
func chart(res *Results) ([]byte, error) {
	others := except(res.measured(""), "A")
	n := 0 // the most figures an app has: every panel gets as many slots
	for _, app := range res.Apps {
		n = max(n, len(charted(res, app)))
	}
	var panels [][]*plot.Plot
	for _, app := range res.Apps {
		p, err := panel(app, charted(res, app), others, n)
		if err != nil {
			return nil, err
		}
		panels = append(panels, []*plot.Plot{p})
	}
	headPx := titlePx + legendPx*len(others) + 10
	groupPx := len(others)*(barPx+gapPx) + 26
	w, h := px(90+n*groupPx+20), px(headPx+len(panels)*panelPx)
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	header(draw.Crop(dc, 0, 0, h-px(headPx), 0), others)
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadLeft: px(10), PadRight: px(20), PadY: px(20), PadBottom: px(10)}
	for i, row := range plot.Align(panels, tiles, draw.Crop(dc, 0, 0, 0, -px(headPx))) {
		panels[i][0].Draw(row[0])
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// charted are an app's figures that the chart shows: those with a short name.
func charted(res *Results, app string) []figure {
	var out []figure
	for _, f := range figures(res, app) {
		if f.Short != "" {
			out = append(out, f)
		}
	}
	return out
}

// header writes the chart's title and, below it, which color is which ratio.
func header(c draw.Canvas, others []Contender) {
	title := "Pyfile benchmark: ratios of medians (log scale); below 1 = A is faster or smaller"
	st := textStyle(15, color.Black)
	st.YAlign = draw.YTop
	c.FillText(st, vg.Point{X: c.Min.X + px(10), Y: c.Max.Y - px(12)}, title)
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle = textStyle(13, color.Black)
	l.ThumbnailWidth, l.Padding = px(24), px(6)
	l.XOffs, l.YOffs = px(90), -px(titlePx)
	for _, ct := range others {
		l.Add(fmt.Sprintf("A/%s  Pyfile / %s", ct.Key, ct.Short), &plotter.BarChart{Color: barColors[ct.Key]})
	}
	l.Draw(c)
}

// textStyle is the chart's sans-serif text at size points.
func textStyle(size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(sans, size), Handler: plot.DefaultTextHandler}
}

// px is a length of n pixels of the chart.
func px(n int) vg.Length { return vg.Length(n) * vg.Inch / dpi }
