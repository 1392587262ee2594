package dashboard

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

// Charts are drawn on the server as inline SVG: no script, no library,
// readable without JavaScript, styled by app.css through class names (the
// Content Security Policy allows no inline styles).

type chartKind int

const (
	chartLine chartKind = iota
	chartBars
)

type chartPoint struct {
	Start time.Time
	Value float64
	Has   bool // false: no attempt in the bucket, so no rate to draw
}

type chart struct {
	Title  string
	Unit   string // "%", " ms" or ""
	Kind   chartKind
	Max    float64 // fixed top of the scale (100 for rates); 0 scales to the data
	Points []chartPoint
	Step   time.Duration
	Class  string // colour class of the series
}

const (
	chartW, chartH                       = 640, 200
	padLeft, padRight, padTop, padBottom = 48, 12, 12, 26
)

// SVG renders the chart.
func (c chart) SVG() template.HTML {
	plotW, plotH := float64(chartW-padLeft-padRight), float64(chartH-padTop-padBottom)
	top := c.Max
	have := 0
	for _, p := range c.Points {
		if p.Has {
			have++
			if c.Max == 0 && p.Value > top {
				top = p.Value
			}
		}
	}
	if c.Max == 0 {
		top = niceCeil(top)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart %s" viewBox="0 0 %d %d" role="img" aria-label="%s">`, c.Class, chartW, chartH,
		html.EscapeString(c.Title+": "+c.summary()))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(c.Title))
	// Horizontal grid with labels at 0, half and top.
	for _, f := range []float64{0, 0.5, 1} {
		y := float64(padTop) + plotH*(1-f)
		fmt.Fprintf(&b, `<line class="chart-grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, padLeft, y, chartW-padRight, y)
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%.1f" text-anchor="end">%s</text>`, padLeft-6, y+4,
			html.EscapeString(formatValue(top*f, c.Unit)))
	}
	n := len(c.Points)
	if n == 0 {
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	slot := plotW / float64(n)
	x := func(i int) float64 { return float64(padLeft) + slot*(float64(i)+0.5) }
	y := func(v float64) float64 {
		if top <= 0 {
			return float64(padTop) + plotH
		}
		return float64(padTop) + plotH*(1-math.Min(v, top)/top)
	}
	// Time labels: first, middle and last bucket.
	for _, i := range []int{0, n / 2, n - 1} {
		anchor := "middle"
		if i == 0 {
			anchor = "start"
		} else if i == n-1 {
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text class="chart-label" x="%.1f" y="%d" text-anchor="%s">%s</text>`, x(i), chartH-8, anchor,
			html.EscapeString(c.timeLabel(c.Points[i].Start)))
	}
	if have == 0 {
		fmt.Fprintf(&b, `<text class="chart-empty" x="%d" y="%d" text-anchor="middle">No attempts in this period</text>`,
			padLeft+int(plotW/2), padTop+int(plotH/2))
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	switch c.Kind {
	case chartBars:
		w := math.Max(1, slot*0.7)
		for i, p := range c.Points {
			if !p.Has || p.Value == 0 {
				continue
			}
			fmt.Fprintf(&b, `<rect class="chart-bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s</title></rect>`,
				x(i)-w/2, y(p.Value), w, float64(padTop)+plotH-y(p.Value), html.EscapeString(c.pointTitle(p)))
		}
	default:
		// A line through the buckets that have a value, broken where one has none.
		var seg []string
		flush := func() {
			if len(seg) > 1 {
				fmt.Fprintf(&b, `<polyline class="chart-line" points="%s"/>`, strings.Join(seg, " "))
			}
			seg = seg[:0]
		}
		for i, p := range c.Points {
			if !p.Has {
				flush()
				continue
			}
			seg = append(seg, fmt.Sprintf("%.1f,%.1f", x(i), y(p.Value)))
		}
		flush()
		for i, p := range c.Points {
			if p.Has {
				fmt.Fprintf(&b, `<circle class="chart-dot" cx="%.1f" cy="%.1f" r="3"><title>%s</title></circle>`, x(i), y(p.Value),
					html.EscapeString(c.pointTitle(p)))
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func (c chart) pointTitle(p chartPoint) string {
	return c.timeLabel(p.Start) + ": " + formatValue(p.Value, c.Unit)
}

func (c chart) summary() string {
	var last *chartPoint
	for i := range c.Points {
		if c.Points[i].Has {
			last = &c.Points[i]
		}
	}
	if last == nil {
		return "no attempts in this period"
	}
	return "latest " + formatValue(last.Value, c.Unit) + " at " + c.timeLabel(last.Start) + " UTC"
}

func (c chart) timeLabel(t time.Time) string {
	if c.Step >= 6*time.Hour {
		return t.UTC().Format("Jan 2 15:04")
	}
	return t.UTC().Format("15:04")
}

func formatValue(v float64, unit string) string {
	switch {
	case v == math.Trunc(v):
		return strconv.FormatFloat(v, 'f', 0, 64) + unit
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 0, 64) + unit
	default:
		return strconv.FormatFloat(v, 'f', 1, 64) + unit
	}
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten (at least 1).
func niceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}
