package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

var (
	white   = color.RGBA{255, 255, 255, 255}
	black   = color.RGBA{20, 20, 20, 255}
	grey    = color.RGBA{200, 200, 200, 255}
	dark    = color.RGBA{90, 90, 90, 255}
	blue    = color.RGBA{31, 119, 180, 255}
	orange  = color.RGBA{255, 127, 14, 255}
	green   = color.RGBA{44, 160, 44, 255}
	minLog2 = -6.0 // the axis runs from 1/64
	maxLog2 = 4.0  // to 16
)

// barColors are the colors of A's ratios to the other contenders.
var barColors = map[string]color.RGBA{"B": blue, "G": green, "C": orange}

// chart draws, per app, the ratios of A to every other contender (A/B, A/G, A/C) of every
// figure as bars from the 1.0 line on a log2 axis: bars going down mean A is better. Bars
// past the axis end are clipped and their value is still printed.
func chart(res *Results) []byte {
	const (
		left, top, barW, gap = 90, 90, 58, 4
		panelH, plotH        = 450, 350
	)
	others := except(res.measured(""), "A")
	groupW := len(others)*(barW+gap) + 26
	var panels [][]figure
	for _, app := range res.Apps {
		var fs []figure
		for _, f := range figures(res, app) {
			if f.Short != "" {
				fs = append(fs, f)
			}
		}
		panels = append(panels, fs)
	}
	n := 0
	for _, fs := range panels {
		n = max(n, len(fs))
	}
	w := left + n*groupW + 20
	h := top + len(panels)*panelH + 10
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), white)

	drawText(img, left, 14, "Pyfile benchmark: ratios of medians (log scale); below 1 = A is faster or smaller", 2, black)
	for i, x := 0, left; i < len(others); i++ {
		label := fmt.Sprintf("A/%s  Pyfile / %s", others[i].Key, others[i].Short)
		fill(img, image.Rect(x, 44, x+24, 60), barColors[others[i].Key])
		drawText(img, x+32, 46, label, 2, black)
		x += max(480, 32+textWidth(label, 2)+66)
	}

	for pi, fs := range panels {
		y0 := top + pi*panelH
		plotTop := y0 + 30
		yOf := func(r float64) int {
			l := math.Log2(r)
			l = math.Max(minLog2, math.Min(maxLog2, l))
			return plotTop + int((maxLog2-l)/(maxLog2-minLog2)*plotH)
		}
		drawText(img, 10, y0+4, res.Apps[pi], 2, black)
		for e := int(minLog2); e <= int(maxLog2); e++ {
			c := grey
			if e == 0 {
				c = dark
			}
			y := yOf(math.Pow(2, float64(e)))
			fill(img, image.Rect(left, y, left+n*groupW, y+1), c)
			if e%2 == 0 {
				label := fmt.Sprint(math.Pow(2, float64(e)))
				if e < 0 {
					label = fmt.Sprintf("1/%d", 1<<-e)
				}
				drawText(img, left-8-textWidth(label, 2), y-7, label, 2, dark)
			}
		}
		one := yOf(1)
		for gi, f := range fs {
			gx := left + gi*groupW + (groupW-len(others)*(barW+gap)+gap)/2
			for bi, ct := range others {
				x := gx + bi*(barW+gap)
				r, c := f.ratio("A", ct.Key), barColors[ct.Key]
				if math.IsNaN(r) {
					continue
				}
				y := yOf(r)
				label := fmtRatio(r)
				if y < one {
					fill(img, image.Rect(x, y, x+barW, one), c)
					drawText(img, x+(barW-textWidth(label, 2))/2, y-18, label, 2, black)
				} else {
					fill(img, image.Rect(x, one, x+barW, max(y, one+1)), c)
					if ly := max(y, one+1) + 4; ly+14 <= plotTop+plotH {
						drawText(img, x+(barW-textWidth(label, 2))/2, ly, label, 2, black)
					} else { // no room below the axis' end: inside the bar
						drawText(img, x+(barW-textWidth(label, 2))/2, y-18, label, 2, white)
					}
				}
			}
			drawText(img, left+gi*groupW+(groupW-textWidth(f.Short, 2))/2, plotTop+plotH+16, f.Short, 2, black)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory RGBA image cannot fail
	}
	return buf.Bytes()
}
